"""The ingest benchmark runs and counts what it claims to (speed itself is not asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from according.cli import app
from according.eval.ingest_speed import run_ingest_benchmark

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def test_benchmark_counts_pages_and_warc_records() -> None:
    report = run_ingest_benchmark([FIXTURES], repeat=2)
    pages = len(list(FIXTURES.glob("*.html")))
    assert report.pages == pages and report.repeat == 2
    assert [p.items for p in report.passes] == [2 * pages] * 4
    assert all(p.seconds > 0 for p in report.passes)


def test_benchmark_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["benchmark-ingest", str(FIXTURES), "--repeat", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["passes"]) == 4
    empty = CliRunner().invoke(app, ["benchmark-ingest", str(tmp_path)])
    assert empty.exit_code == 2 and "no .html files" in empty.output
