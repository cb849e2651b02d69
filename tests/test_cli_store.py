"""The store commands end to end, in process: ingest, queries in every format, corrections, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from store_docs import osechkin_documents
from typer.testing import CliRunner

from according.cli import app


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def docs_file(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d.to_json()) + "\n" for d in osechkin_documents()), encoding="utf-8")
    return path


@pytest.fixture
def database(runner: CliRunner, docs_file: Path, tmp_path: Path) -> str:
    url = str(tmp_path / "cli.db")
    result = runner.invoke(
        app, ["ingest", "--documents", str(docs_file), "--db", url, "--similarity", "lexical"]
    )
    assert result.exit_code == 0, result.output
    assert "4 new" in result.stderr
    return url


def _json(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rerun_is_unchanged_and_env_var_names_the_database(
    runner: CliRunner, database: str, docs_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDING_DB", database)
    result = runner.invoke(app, ["ingest", "--documents", str(docs_file)])
    assert result.exit_code == 0 and "0 new, 0 updated, 4 unchanged" in result.stderr
    info = runner.invoke(app, ["db", "info"])
    assert "4 articles, 8 attributions, 3 speakers" in info.stdout


def test_speakers_json_carries_name_aliases_type_and_count(runner: CliRunner, database: str) -> None:
    speakers = _json(runner, "speakers", "--db", database)
    vladimir = speakers[0]
    assert (
        vladimir["name"] == "Vladimir Osechkin" and vladimir["type"] == "person" and vladimir["claims"] == 5
    )
    assert "Mr Osechkin" in vladimir["aliases"] and vladimir["outlets"]["LBC"] == 2
    assert _json(runner, "speaker", "Osechkin", "--db", database)["name"] == "Vladimir Osechkin"


def test_claims_search_claim_and_article(runner: CliRunner, database: str) -> None:
    [found] = _json(
        runner, "claims", "--db", database, "--search", "recruited jails", "--speaker", "Mr Osechkin"
    )
    claim = _json(runner, "claim", str(found["id"]), "--db", database)
    assert claim["first_appearance"]["outlet"] == "The Times" and claim["echoed_by"] == [
        "LBC",
        "The Guardian",
    ]
    article = _json(runner, "article", str(claim["first_appearance"]["article"]), "--db", database)
    assert article["schema"] == "according/1" and article["attributions"][0]["claim_id"] == found["id"]
    table = runner.invoke(app, ["claim", str(found["id"]), "--db", database])
    assert (
        "echoed by: LBC, The Guardian" in table.stdout
        and "chain: The Times -> Vladimir Osechkin" in table.stdout
    )


def test_claims_most_echoed_first(runner: CliRunner, database: str) -> None:
    recent = _json(runner, "claims", "--db", database)
    echoed = _json(runner, "claims", "--db", database, "--order", "echoed")
    assert [c["appearances"] for c in echoed][:2] == [3, 1] and echoed[0]["outlets"] == 3
    assert recent[0]["id"] != echoed[0]["id"] and sorted(c["id"] for c in recent) == sorted(
        c["id"] for c in echoed
    )
    wrong = runner.invoke(app, ["claims", "--db", database, "--order", "loudest"])
    assert wrong.exit_code == 2 and "choose one of recent, echoed" in wrong.stderr


def test_csv_and_jsonl_exports(runner: CliRunner, database: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["claims", "--db", database, "--format", "csv", "--outlet", "BBC"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["speaker"] for r in rows} == {"Anna Osechkin"} and len(rows) == 2
    out = tmp_path / "attributions.jsonl"
    result = runner.invoke(app, ["attributions", "--db", database, "--format", "jsonl", "--output", str(out)])
    assert result.exit_code == 0
    assert len(out.read_text().splitlines()) == 8


def test_parquet_export_or_a_clear_message(runner: CliRunner, database: str, tmp_path: Path) -> None:
    out = tmp_path / "speakers.parquet"
    result = runner.invoke(app, ["speakers", "--db", database, "--format", "parquet", "--output", str(out)])
    try:
        import pyarrow.parquet as pq
    except ImportError:
        assert result.exit_code == 2 and "pip install 'according[parquet]'" in result.stderr
        return
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 3


def test_merge_and_split_take_arguments_alike_and_undo_each_other(runner: CliRunner, database: str) -> None:
    before = {s["name"]: s for s in _json(runner, "speakers", "--db", database)}
    result = runner.invoke(app, ["speakers", "merge", "Vladimir Osechkin", "Kremlin", "--db", database])
    assert result.exit_code == 0 and "1 attributions moved" in result.stdout
    assert "undo: according speakers split" in result.stdout
    assert len(_json(runner, "speakers", "--db", database)) == 2
    result = runner.invoke(app, ["speakers", "split", "Vladimir Osechkin", "Kremlin", "--db", database])
    assert result.exit_code == 0 and "(organization," in result.stdout
    after = {s["name"]: s for s in _json(runner, "speakers", "--db", database)}
    assert set(after) == set(before)
    assert {k: (v["type"], v["claims"]) for k, v in after.items()} == {
        k: (v["type"], v["claims"]) for k, v in before.items()
    }


def test_speaker_json_says_why_each_name_joined(runner: CliRunner, database: str) -> None:
    vladimir = _json(runner, "speaker", "Vladimir Osechkin", "--db", database)
    reasons = {n["name"]: n["reason"] for n in vladimir["names"]}
    assert "in this article" in reasons["Mr Osechkin"]
    assert vladimir["ambiguous"] is False


def test_exports_carry_offsets_source_article_and_confidence(runner: CliRunner, database: str) -> None:
    result = runner.invoke(app, ["attributions", "--db", database, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 8
    wanted = {"source", "source_start", "source_end", "cue_start", "cue_end", "content_spans", "title"}
    assert wanted | {"outlet", "date", "confidence", "claim"} <= set(rows[0])
    first = rows[0]
    assert first["confidence"] == "0.9" and first["outlet"] and first["date"]
    article = runner.invoke(app, ["article", first["article"], "--db", database, "--format", "jsonl"])
    assert [json.loads(line)["id"] for line in article.stdout.splitlines()][0] == int(first["id"])


def test_a_table_says_how_many_rows_and_how_to_get_them_all(runner: CliRunner, database: str) -> None:
    result = runner.invoke(app, ["attributions", "--db", database, "--limit", "3"])
    assert result.exit_code == 0
    assert "rows 1-3 of 8" in result.stderr and "--all" in result.stderr
    everything = runner.invoke(app, ["attributions", "--db", database, "--format", "jsonl"])
    assert len(everything.stdout.splitlines()) == 8 and "rows" not in everything.stderr


def test_articles_lists_outlet_and_date(runner: CliRunner, database: str) -> None:
    articles = _json(runner, "articles", "--db", database)
    latest = [(a["outlet"], a["date"]) for a in articles][:2]
    assert latest == [("BBC", "2024-03-03"), ("The Guardian", "2024-03-02")]
    assert {a["attributions"] for a in articles} == {2}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claim", "999"], "claim 999: not found"),
        (["speaker", "Nobody"], "speaker 'Nobody': not found"),
        (["claims", "--since", "yesterday"], "not a date"),
        (["claims", "--stance", "shouting"], "choose one of"),
        (["claim", "1", "--format", "xml"], "choose one of"),
        (["speakers", "split", "Vladimir Osechkin"], "give the name to split off"),
    ],
)
def test_bad_requests_get_one_line(runner: CliRunner, database: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", database])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_bad_databases_get_one_line(runner: CliRunner, tmp_path: Path) -> None:
    for url, message in [
        (str(tmp_path / "missing" / "x.db"), "does not exist"),
        ("mysql://h/db", "unsupported database"),
        (str(tmp_path / "new.db"), "no database here"),
    ]:
        result = runner.invoke(app, ["speakers", "--db", url])
        assert result.exit_code == 2 and message in result.stderr, result.output
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    result = runner.invoke(app, ["speakers", "--db", str(other)])
    assert "not an according database" in result.stderr


def test_old_schema_asks_for_upgrade_and_upgrade_fixes_it(
    runner: CliRunner, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from according.store import db

    head = db.head_revision()
    with monkeypatch.context() as m:  # this version as if it knew a later migration
        m.setattr(db, "head_revision", lambda: "9998")
        m.setattr(db, "_known_revisions", lambda: {"0001", head, "9998"})
        result = runner.invoke(app, ["speakers", "--db", database])
    assert result.exit_code == 2 and "according db upgrade" in result.stderr
    fresh = runner.invoke(app, ["db", "upgrade", "--db", database.replace("cli.db", "fresh.db")])
    assert fresh.exit_code == 0 and f"empty -> {head}" in fresh.stdout
    again = runner.invoke(app, ["db", "upgrade", "--db", database.replace("cli.db", "fresh.db")])
    assert f"{head} -> {head}" in again.stdout


def test_a_store_made_before_the_record_migration_upgrades_with_its_data(
    runner: CliRunner, docs_file: Path, tmp_path: Path
) -> None:
    from alembic import command

    from according.store import db

    url = str(tmp_path / "old.db")
    engine = db.create(url)
    with engine.begin() as conn:
        config = db._alembic_config(engine)
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(
            "INSERT INTO speakers (name, type, key, surname, created_at) "
            "VALUES ('Anna Petrova', 'person', 'anna petrova', 'petrova', '2024-01-01')"
        )
    engine.dispose()
    refused = runner.invoke(app, ["speakers", "--db", url])
    assert refused.exit_code == 2 and "according db upgrade" in refused.stderr
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert upgraded.exit_code == 0 and f"0001 -> {db.head_revision()}" in upgraded.stdout
    result = runner.invoke(app, ["ingest", "--documents", str(docs_file), "--db", url])
    assert result.exit_code == 0, result.output
    names = {s["name"] for s in _json(runner, "speakers", "--db", url)}
    assert "Vladimir Osechkin" in names


def test_newer_schema_asks_to_upgrade_according_not_the_database(runner: CliRunner, database: str) -> None:
    import sqlite3

    conn = sqlite3.connect(database)
    conn.execute("update alembic_version set version_num = '0099'")
    conn.commit()
    conn.close()
    result = runner.invoke(app, ["speakers", "--db", database])
    assert result.exit_code == 2 and "db upgrade" not in result.stderr
    assert "newer than this version of according" in result.stderr
    assert "pip install -U according" in result.stderr


def test_bad_document_inputs_are_reported_and_the_batch_goes_on(
    runner: CliRunner, docs_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema": "other/9"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "ingest",
            "--documents",
            str(bad),
            str(docs_file),
            str(tmp_path / "nope.jsonl"),
            "--db",
            str(tmp_path / "b.db"),
            "--similarity",
            "lexical",
        ],
    )
    assert result.exit_code == 1
    assert "4 new" in result.stderr and "bad.jsonl" in result.stderr and "nope.jsonl" in result.stderr


def test_ingest_extracts_and_stores_the_sample_articles(runner: CliRunner, tmp_path: Path) -> None:
    samples = Path(__file__).resolve().parent.parent / "according" / "samples"
    url = str(tmp_path / "samples.db")
    args = [
        "ingest",
        str(samples),
        "--db",
        url,
        "--model",
        "rules",
        "--similarity",
        "lexical",
        "--outlet",
        "Gazette",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 new" in result.stderr
    speakers = {s["name"]: s for s in _json(runner, "speakers", "--db", url)}
    assert speakers["David Achterberg"]["type"] == "person"
    assert speakers["David Achterberg"]["outlets"] == {"Gazette": speakers["David Achterberg"]["claims"]}
    assert _json(runner, "claims", "--db", url, "--search", "hospitals")
    again = runner.invoke(app, args)
    assert "0 new, 0 updated, 3 unchanged" in again.stderr


def test_ingest_takes_outlet_and_date_from_the_file_name_and_defaults(
    runner: CliRunner, tmp_path: Path
) -> None:
    from dataclasses import replace

    docs = osechkin_documents()[:2]
    named = [
        replace(d, article=replace(d.article, site=None, published=None, path=str(tmp_path / name)))
        for d, name in zip(docs, ("lbc_2024-02-01_prisons.txt", "notes.txt"), strict=True)
    ]
    path = tmp_path / "named.jsonl"
    path.write_text("".join(json.dumps(d.to_json()) + "\n" for d in named), encoding="utf-8")
    url = str(tmp_path / "named.db")
    result = runner.invoke(
        app,
        [
            "ingest", "--documents", str(path), "--db", url,
            "--name-pattern", r"^(?P<outlet>[^_]+)_(?P<published>\d{4}-\d{2}-\d{2})_",
            "--outlet", "Newsroom", "--published", "2024-05-05",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "claims grouped by lexical similarity" in result.stderr
    got = {(a["outlet"], a["date"]) for a in _json(runner, "articles", "--db", url)}
    assert got == {("lbc", "2024-02-01"), ("Newsroom", "2024-05-05")}
    bad = runner.invoke(app, ["ingest", "--documents", str(path), "--db", url, "--name-pattern", "(x"])
    assert bad.exit_code == 2 and "--name-pattern: not a regular expression" in bad.stderr
