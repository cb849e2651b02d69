"""`according extract` over real-world inputs, in process: metadata in the JSON, errors, summary.

The ingest behaviour is the subject here, so the extractor is a stand-in that finds nothing;
the end-to-end check on the seed article with the real rules is at the bottom.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from according.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
NO_CLAIMS = ["--model", "test.no-claims.v1"]  # registered in conftest.py: finds nothing


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_mixed_directory(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes((FIXTURES / "harbour.html").read_bytes())
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(b"By Jo Park\n\n2 June 2024\n\nThe mayor said so.\n"))
    (tmp_path / "c-copy.html").write_bytes((FIXTURES / "harbour.html").read_bytes())
    (tmp_path / "d-empty.txt").write_bytes(b"")
    (tmp_path / "e.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "f-huge.html").write_bytes(b"<html><body>" + b"<p>The mayor said so.</p>" * 5000)
    result = runner.invoke(
        app, ["extract", str(tmp_path), "-f", "jsonl", "--max-bytes", "100000", *NO_CLAIMS]
    )
    assert result.exit_code == 1
    docs = [json.loads(line)["document"] for line in result.stdout.splitlines()]
    assert [Path(d["path"]).name for d in docs] == ["a.html", "b.txt.gz"]
    harbour, note = docs
    assert harbour["title"].startswith("Harbour bridge") and harbour["byline"] == "Maria Okafor"
    assert harbour["published"] == "2024-02-13" and harbour["site"] == "The Northport Courier"
    assert harbour["canonical_url"] == "https://courier.example/news/2024/harbour-bridge-closure"
    assert harbour["language"] == "en" and harbour["residue"]
    assert note["byline"] == "Jo Park" and note["published"] == "2024-06-02"
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 3
    for name, why in (("d-empty.txt", "empty"), ("e.bin", "binary"), ("f-huge.html", "--max-bytes")):
        assert any(name in line and why in line for line in errors), name
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("according: 2 articles read, 4 skipped (1 duplicate, 3 errors), 0 attributions")
    assert "Traceback" not in result.output


def test_input_format_option(runner: CliRunner) -> None:
    page = str(FIXTURES / "library.html")
    forced = runner.invoke(app, ["extract", page, "-f", "json", "--input-format", "text", *NO_CLAIMS])
    assert forced.exit_code == 0 and "<p>" in json.loads(forced.stdout)["document"]["text"]
    wrong = runner.invoke(app, ["extract", page, "--input-format", "pdf", *NO_CLAIMS])
    assert wrong.exit_code == 2 and "--input-format" in wrong.output


def test_refused_url_is_one_line_and_batch_goes_on(runner: CliRunner) -> None:
    page = str(FIXTURES / "library.html")
    result = runner.invoke(
        app, ["extract", "http://169.254.169.254/latest/meta-data/", page, "-f", "jsonl", *NO_CLAIMS]
    )
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    (error,) = [line for line in result.stderr.splitlines() if "error:" in line]
    assert "169.254.169.254" in error and "link-local" in error and "--allow-private" in error


def test_seed_article_end_to_end(seed_article: Path) -> None:
    """With the real rules: header metadata in the JSON, and no attribution from residue lines."""
    pytest.importorskip("according.attribution.rules")
    pytest.importorskip("according.attribution.enrich")
    result = CliRunner().invoke(app, ["extract", str(seed_article), "-f", "json", "--model", "rules"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    document = data["document"]
    assert document["byline"] == "Will Taylor" and document["published"] == "2022-03-24"
    assert document["title"]
    residue = [tuple(r) for r in document["residue"]]
    assert data["attributions"], "the body has claims"
    for attribution in data["attributions"]:
        spans = [(attribution["cue"]["start"], attribution["cue"]["end"])] + [
            tuple(s) for s in attribution["content"]["spans"]
        ]
        for start, end in spans:
            assert not any(start < r_end and r_start < end for r_start, r_end in residue), attribution


def test_progress_passes_items_through_and_summary_names_reasons() -> None:
    from according.cli.progress import summary_line, tracked

    assert list(tracked(iter(range(5)), enabled=True)) == [0, 1, 2, 3, 4]
    assert list(tracked(iter(range(3)), enabled=False)) == [0, 1, 2]
    line = summary_line(4, 1, {"duplicate": 2, "WARC record not HTML": 3}, 17, 2.04)
    assert line == (
        "4 articles read, 6 skipped (2 duplicate, 3 WARC record not HTML, 1 error), 17 attributions, 2.0s"
    )
    assert summary_line(1, 0, {}, 0, 0.0) == "1 articles read, 0 skipped, 0 attributions, 0.0s"
