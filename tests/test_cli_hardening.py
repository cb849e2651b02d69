"""The command line under the issue's reproducers: one line each, never a traceback."""

from __future__ import annotations

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
def database(runner: CliRunner, tmp_path: Path) -> str:
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(d.to_json()) + "\n" for d in osechkin_documents()), encoding="utf-8")
    url = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", "--documents", str(docs), "--db", url, "--similarity", "lexical"])
    assert result.exit_code == 0, result.output
    return url


def _one_line_error(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("according: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_a_file_that_is_not_sqlite(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 200)
    _one_line_error(runner.invoke(app, ["speakers", "--db", str(notes)]), "not a SQLite database")


def test_an_empty_sqlite_url_is_refused(runner: CliRunner) -> None:
    _one_line_error(runner.invoke(app, ["speakers", "--db", "sqlite:///"]), "names no database file")


def test_a_huge_claim_id(runner: CliRunner, database: str) -> None:
    result = runner.invoke(app, ["claim", "99999999999999999999999", "--db", database])
    _one_line_error(result, "claim 99999999999999999999999: not found")


def test_output_into_a_missing_directory(runner: CliRunner, database: str, tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.csv"
    result = runner.invoke(app, ["claims", "--db", database, "-f", "csv", "-o", str(target)])
    _one_line_error(result, "x.csv: cannot write: directory", "does not exist")


def test_a_missing_spacy_model_is_reported_once(runner: CliRunner, tmp_path: Path) -> None:
    files = []
    for i in range(20):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text(f"The mayor said pier {i} would reopen.\n")
    result = runner.invoke(
        app, ["extract", *map(str, files), "--model", "rules", "--spacy-model", "no_such_pipeline", "-q"]
    )
    _one_line_error(result, "no_such_pipeline")


def test_devices_and_good_files_in_one_batch(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text('"We will rebuild the pier," the mayor said on Tuesday.\n')
    result = runner.invoke(app, ["extract", "/dev/zero", str(good), "--model", "rules", "-f", "jsonl", "-q"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "according: error: /dev/zero: not a regular file: it is a character device; "
        "only regular files, directories, URLs and - (stdin) are read"
    ]
    assert json.loads(result.stdout)["document"]["path"] == str(good)
