"""``according batch`` on Spark in local mode, and ``according load`` of its output.

One local[2] session (shared with the other Spark modules) and one batch run for the module
(the rules extractor, a handful of records written here with warcio); the tests read that
output from different sides: equal to single-process extraction, rejects, resume, speakers
and claims as the store would make them, and the load round trip into SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow.dataset as pa_ds  # the spark extra is part of the test extra: these tests run in CI
import pytest
from pg_cluster import pg_cluster  # noqa: F401  (fixture)
from spark_support import ingested, record_of, spark  # noqa: F401  (fixture)

from according.batch import ExtractOptions, run
from according.document import Document
from according.errors import AccordingError, InputError
from according.spark import BatchConfig, run_batch
from according.spark.corpus_gen import SAMPLES, pages, write_warc
from according.spark.rows import document_from_rows
from according.store.load import load_batch
from according.store.repository import Store, article_key

MODEL = "rules"
EMPTY_PAGE = b"<!doctype html><html><head><title>x</title></head><body><div></div></body></html>"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("crawl")
    generated = list(pages(4, seed=5))
    # A second capture of the first page under another URL (a duplicate), and a page with no text.
    records = [
        *generated,
        ("https://mirror.example/copy", generated[0][1]),
        ("https://news.example/empty", EMPTY_PAGE),
    ]
    write_warc(root / "crawl.warc.gz", records)
    # A WARC.gz cut off in its last record (an interrupted download): a reject, not a failed job.
    write_warc(root / "cut.warc.gz", list(pages(6, seed=9))[4:])
    data = (root / "cut.warc.gz").read_bytes()
    (root / "cut.warc.gz").write_bytes(data[:-200])
    # A directory of pages as saved from a browser or a scraper: one HTML page, one text file.
    (root / "pages").mkdir()
    url, html = list(pages(8, seed=3))[5]
    (root / "pages" / "story.html").write_bytes(html)
    sample = sorted(SAMPLES.glob("*.txt"))[-1]
    (root / "pages" / "story.txt").write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    return {
        "warc": root / "crawl.warc.gz",
        "cut": root / "cut.warc.gz",
        "pages": root / "pages",
        "root": root,
    }


@pytest.fixture(scope="module")
def batch(spark: Any, crawl: dict[str, Path]) -> dict[str, Any]:  # noqa: F811
    out = crawl["root"] / "out"
    config = BatchConfig(
        inputs=(str(crawl["warc"]), str(crawl["cut"]), str(crawl["pages"])),
        out=str(out),
        model=MODEL,
        similarity="lexical",
    )
    result = run_batch(config, spark)
    return {"out": out, "result": result, "config": config}


def _table(out: Path, name: str) -> list[dict[str, Any]]:
    return pa_ds.dataset(str(out / name), format="parquet", partitioning="hive").to_table().to_pylist()


def _documents(out: Path) -> dict[str, Document]:
    attributions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _table(out, "attributions"):
        attributions[row["article_id"]].append(row)
    return {a["record"]: document_from_rows(a, attributions[a["id"]]) for a in _table(out, "articles")}


def test_batch_equals_single_process_extract(batch: dict[str, Any], crawl: dict[str, Path]) -> None:
    inputs = [str(crawl["warc"]), str(crawl["cut"]), str(crawl["pages"])]
    single = list(run(inputs, options=ExtractOptions(model=MODEL)))
    expected = {d.article.source: d.to_json() for d in single if isinstance(d, Document)}
    got = {source: doc.to_json() for source, doc in _documents(batch["out"]).items()}
    # The generated pages and the two in the directory; not the duplicate, the empty page, the cut file.
    assert len(expected) == 6
    assert got == expected
    assert sum(len(d["attributions"]) for d in got.values()) > 10
    errors = {e.source for e in single if isinstance(e, InputError)}
    rejects = {r["record"] for r in _table(batch["out"], "rejects") if r["kind"] == "error"}
    assert rejects == errors


def test_bad_records_are_rejects_and_none_is_lost(batch: dict[str, Any], crawl: dict[str, Path]) -> None:
    rejects = _table(batch["out"], "rejects")
    reasons = {r["kind"]: r for r in rejects}
    assert "no article text" in next(r["reason"] for r in rejects if "empty" in r["record"])
    assert any(r["input"] == str(crawl["cut"]) and "damaged" in r["reason"] for r in rejects)
    assert "same article as" in reasons["duplicate"]["reason"]
    counts = batch["result"].counts
    assert counts["lost"] == 0
    assert counts["records"] == counts["articles"] + counts["rejects"] + counts["duplicates"]
    assert (counts["articles"], counts["duplicates"], counts["rejects"]) == (6, 1, 2)
    manifest = json.loads((batch["out"] / "_manifest.json").read_text())
    assert manifest["inputs"][str(crawl["warc"])]["records"] == 6
    months = {
        p.name for p in (batch["out"] / "articles" / f"run={batch['result'].run}").iterdir() if p.is_dir()
    }
    assert len(months) > 1  # the pages were published in several months
    assert all(re.fullmatch(r"published_month=(\d{4}-\d{2}|undated)", m) for m in months)


def _partition(groups: dict[Any, Any]) -> set[frozenset[Any]]:
    by_group: dict[Any, set[Any]] = defaultdict(set)
    for item, group in groups.items():
        if group is not None:
            by_group[group].add(item)
    return {frozenset(members) for members in by_group.values()}


def _batch_partitions(out: Path) -> tuple[set[frozenset[Any]], set[frozenset[Any]]]:
    keys = {a["id"]: a["key"] for a in _table(out, "articles")}
    links = _table(out, "attribution_links")
    speakers = _partition({(keys[r["article_id"]], r["position"]): r["speaker_id"] for r in links})
    claims = _partition({(keys[r["article_id"]], r["position"]): r["claim_id"] for r in links})
    return speakers, claims


def _store_partitions(store: Store) -> tuple[set[frozenset[Any]], set[frozenset[Any]]]:
    from sqlalchemy import select

    from according.store.models import ArticleRow, AttributionRow

    with store.session() as s:
        rows = s.execute(
            select(
                ArticleRow.key, AttributionRow.position, AttributionRow.speaker_id, AttributionRow.claim_id
            ).join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        ).all()
    return _partition({(k, p): sp for k, p, sp, _ in rows}), _partition({(k, p): c for k, p, _, c in rows})


def test_speakers_and_claims_match_the_store(batch: dict[str, Any], tmp_path: Path) -> None:
    """The corpus stages group exactly as the store does when it ingests the same documents
    one by one in corpus order."""
    docs = list(_documents(batch["out"]).values())
    with Store(str(tmp_path / "store.db"), similarity="lexical") as store:
        for doc in sorted(docs, key=lambda d: (str(d.article.published), article_key(d.article))):
            store.save(doc)
        expected = _store_partitions(store)
    speakers, claims = _batch_partitions(batch["out"])
    assert speakers == expected[0]
    assert claims == expected[1]
    assert any(len(group) > 1 for group in speakers)
    assert any(len(group) > 1 for group in claims)
    assert len(_table(batch["out"], "speakers")) == len(speakers)
    assert len(_table(batch["out"], "claims")) == len(claims)


def _as_stored(docs: dict[str, Document], url: str) -> dict[str, Any]:
    """The documents as the store gives them back after ``according ingest`` saved them (it
    keeps what its schema has columns for), to compare a loaded store with."""
    with Store(url, similarity="lexical") as store:
        return {source: store.load(store.save(doc).article_id).to_json() for source, doc in docs.items()}


def _check_load(batch: dict[str, Any], url: str, reference: str) -> None:
    with Store(url, similarity="lexical") as store:
        report = load_batch(str(batch["out"]), store)
        assert (report.new, report.unchanged) == (6, 0)
        docs = _documents(batch["out"])
        from sqlalchemy import select

        from according.store.models import ArticleRow

        with store.session() as s:
            ids = dict(s.execute(select(ArticleRow.source, ArticleRow.id)).all())
        assert {source: store.load(ids[source]).to_json() for source in docs} == _as_stored(docs, reference)
        assert _store_partitions(store) == _batch_partitions(batch["out"])
        assert record_of(store) == ingested(list(docs.values()), reference + ".record")
        _check_claim_stats(store)
        counts = store.counts()
        again = load_batch(str(batch["out"]), store)
        assert (again.new, again.unchanged, again.speakers, again.claims) == (0, 6, 0, 0)
        assert store.counts() == counts


def _check_claim_stats(store: Store) -> None:
    """A bulk load (COPY on PostgreSQL) leaves each claim's totals as their definition gives."""
    from sqlalchemy import func, select

    from according.store.models import ArticleRow, AttributionRow, ClaimStatsRow

    with store.session() as s:
        kept = {
            r.claim_id: (r.appearances, r.outlets, r.first_seen, r.last_seen)
            for r in s.scalars(select(ClaimStatsRow))
        }
        grouped = s.execute(
            select(
                AttributionRow.claim_id,
                func.count(),
                func.count(func.distinct(ArticleRow.outlet)),
                func.min(ArticleRow.published),
                func.max(ArticleRow.published),
            )
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .where(AttributionRow.claim_id.is_not(None))
            .group_by(AttributionRow.claim_id)
        )
        assert kept == {claim_id: tuple(totals) for claim_id, *totals in grouped} and kept


def test_load_round_trips_into_sqlite(batch: dict[str, Any], tmp_path: Path) -> None:
    _check_load(batch, str(tmp_path / "loaded.db"), str(tmp_path / "reference.db"))


def test_load_round_trips_into_postgresql(
    batch: dict[str, Any],
    pg_cluster: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    _check_load(batch, pg_cluster.new_database(), str(tmp_path / "reference.db"))


def test_load_resumes_after_a_partial_load(batch: dict[str, Any], tmp_path: Path) -> None:
    """A load stopped after its first chunk finishes on the next run with the same result."""
    whole = str(tmp_path / "whole.db")
    with Store(whole, similarity="lexical") as store:
        load_batch(str(batch["out"]), store)
        expected = _store_partitions(store), store.counts()
    parts = str(tmp_path / "parts.db")
    with Store(parts, similarity="lexical") as store:
        import according.store.load as loader

        original = loader._Loader.chunk
        calls = {"n": 0}

        def stop_after_one(self: Any, *args: Any) -> None:
            if calls["n"] >= 1:
                raise KeyboardInterrupt
            calls["n"] += 1
            original(self, *args)

        loader._Loader.chunk = stop_after_one  # type: ignore[method-assign]
        try:
            with pytest.raises(KeyboardInterrupt):
                load_batch(str(batch["out"]), store, chunk=2)
        finally:
            loader._Loader.chunk = original  # type: ignore[method-assign]
        assert 0 < store.counts()["articles"] < 6
        load_batch(str(batch["out"]), store, chunk=2)
        assert (_store_partitions(store), store.counts()) == expected


def test_resume_skips_complete_inputs(
    spark: Any,  # noqa: F811
    batch: dict[str, Any],
    crawl: dict[str, Path],
    tmp_path: Path,
) -> None:
    out = tmp_path / "resumed"
    shutil.copytree(batch["out"], out)
    config = batch["config"]
    with pytest.raises(AccordingError, match="--resume"):
        run_batch(BatchConfig(inputs=config.inputs, out=str(out), model=MODEL), spark)
    # Leftovers of a run killed before its manifest: removed, never read.
    (out / "articles" / "run=unfinished" / "published_month=2024-01").mkdir(parents=True)
    # New input given as a URI: listed through Hadoop's FileSystem, read through binaryFiles.
    (tmp_path / "more").mkdir()
    extra = tmp_path / "more" / "more.jsonl"
    article = {"text": 'The mayor said the library would reopen in May. "We kept our promise," she said.'}
    extra.write_text(json.dumps({"schema": "according/1", "document": article, "attributions": []}) + "\n")
    uri = f"file://{tmp_path / 'more'}"
    inputs = (*config.inputs, uri)
    result = run_batch(
        BatchConfig(inputs=inputs, out=str(out), model=MODEL, similarity="lexical", resume=True), spark
    )
    assert result.skipped_inputs == 4
    assert not (out / "articles" / "run=unfinished").exists()
    manifest = result.manifest
    assert len(manifest.runs) == 2
    assert manifest.inputs[str(crawl["warc"])].run == batch["result"].run
    assert manifest.inputs[f"file:{extra}"].articles == 1
    assert manifest.corpus and manifest.corpus["runs"] == manifest.committed_runs
    docs = _documents(out)
    assert len(docs) == 7
    assert docs[f"file:{extra}#0"].attributions
    again = run_batch(BatchConfig(inputs=inputs, out=str(out), model=MODEL, resume=True), spark)
    assert again.run is None and again.skipped_inputs == 5


def test_cli_batch_refuses_an_output_without_resume_and_load_reports(
    spark: Any,  # noqa: F811
    batch: dict[str, Any],
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from according.cli import app

    runner = CliRunner()
    refused = runner.invoke(app, ["batch", *batch["config"].inputs, "--out", str(batch["out"]), "-m", MODEL])
    assert refused.exit_code == 2
    assert "already holds a batch output; add --resume" in refused.output
    db = tmp_path / "cli.db"
    loaded = runner.invoke(app, ["load", str(batch["out"]), "--db", str(db), "--json"])
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)["new"] == 6
    missing = runner.invoke(app, ["load", str(tmp_path), "--db", str(db)])
    assert missing.exit_code == 2 and "not a batch output" in missing.output


def test_output_directory_through_hadoop_filesystem(spark: Any, tmp_path: Path) -> None:  # noqa: F811
    """The manifest and clean-up calls an hdfs:// or s3a:// output goes through (here file://)."""
    from according.spark.fs import OutputDir

    out = OutputDir(f"file://{tmp_path / 'remote'}", spark)
    assert not out.exists() and out.listdir() == [] and out.read_text("_manifest.json") is None
    out.write_text("_manifest.json", '{"schema": "x"}\n')
    out.write_text("_manifest.json", '{"schema": "according-batch/1"}\n')
    assert out.read_text("_manifest.json") == '{"schema": "according-batch/1"}\n'
    (tmp_path / "remote" / "articles" / "run=1").mkdir(parents=True)
    assert out.listdir() == ["_manifest.json", "articles"]
    out.delete("articles", "run=1")
    assert out.listdir("articles") == [] and out.exists("_manifest.json")


def test_load_into_a_store_that_holds_some_of_the_articles(batch: dict[str, Any], tmp_path: Path) -> None:
    """An article ingested before the load is left as it is; the batch's speakers and claims
    it holds are found through it, so the record comes out as one load would make it."""
    docs = sorted(
        _documents(batch["out"]).values(), key=lambda d: (str(d.article.published), article_key(d.article))
    )
    with Store(str(tmp_path / "some.db"), similarity="lexical") as store:
        store.save(docs[0])
        report = load_batch(str(batch["out"]), store)
        assert (report.new, report.unchanged, report.conflicts) == (5, 1, [])
        assert _store_partitions(store) == _batch_partitions(batch["out"])


def test_a_run_that_reads_nothing_is_a_reject_not_a_failure(
    spark: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from according.cli import app

    out = tmp_path / "nothing"
    result = CliRunner().invoke(
        app, ["batch", str(tmp_path / "missing.warc"), "--out", str(out), "-m", MODEL]
    )
    assert result.exit_code == 1, result.output
    assert "0 articles" in result.output and "1 rejects" in result.output
    (reject,) = _table(out, "rejects")
    assert reject["reason"] == "no such file or directory"
    with Store(str(tmp_path / "empty.db"), similarity="lexical") as store:
        assert load_batch(str(out), store).new == 0
