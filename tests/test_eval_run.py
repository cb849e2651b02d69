"""`evaluate_polnear`, the errors file and `according evaluate`, on a corpus written for the tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from according.cli import app
from according.document import Document
from according.eval import run as eval_run
from according.eval.run import evaluate_articles, evaluate_polnear, write_errors
from tests.eval_fakes import NothingExtractor, OracleExtractor, write_corpus


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "polnear", annotators=("b", "a"))


@pytest.fixture()
def oracle(corpus: Path, stand_in) -> str:
    """The registered name of an extractor that returns the corpus's gold."""
    return stand_in(OracleExtractor.of(corpus))


def test_oracle_scores_one(corpus: Path, oracle: str) -> None:
    report = evaluate_polnear(corpus, "dev", model=oracle)
    assert report.articles == 2
    assert report.gold_attributions == report.predicted_attributions == 4
    for role in ("source", "cue", "content", "attribution"):
        assert report.scores.f1("exact", role) == 1.0
    assert report.scores.get("direct", "exact", "attribution").gold == 1
    assert all(not e.misses and not e.false_alarms for e in report.errors)
    assert report.to_json()["scores"]["all"]["exact"]["cue"]["f1"] == 1.0


def test_limit_takes_first_articles_and_track_sees_each(corpus: Path, oracle: str) -> None:
    seen: list[str] = []

    def track(docs: Iterator[Document]) -> Iterator[Document]:
        for doc in docs:
            seen.append(doc.article.source or "")
            yield doc

    report = evaluate_polnear(corpus, "dev", model=oracle, limit=1, track=track)
    assert report.articles == 1 and report.gold_attributions == 2
    assert seen == ["polnear:dev/daily_2020-01-01_pier"]


def test_errors_files(corpus: Path, tmp_path: Path) -> None:
    report = evaluate_articles(
        eval_run.load_split(corpus, "dev"), NothingExtractor(), split="dev", model="nothing"
    )
    assert report.scores.f1("exact", "cue") == 0.0
    lines = [json.loads(x) for x in write_errors(report, tmp_path / "e.jsonl").read_text().splitlines()]
    assert [x["article"] for x in lines] == ["daily_2020-01-01_pier", "daily_2020-01-02_study"]
    assert {m["text"] for m in lines[0]["misses"] if m["role"] == "cue"} == {"said", "say"}
    assert lines[0]["false_alarms"] == []
    md = write_errors(report, tmp_path / "e.md").read_text()
    assert "## daily_2020-01-02_study" in md and "**cue**" in md and "Officials" in md


def test_cli_table_json_and_errors(corpus: Path, oracle: str, tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["evaluate", "--polnear", str(corpus), "--split", "dev", "--model", oracle])
    assert table.exit_code == 0, table.output
    for word in (
        "source",
        "cue",
        "content",
        "attribution",
        "exact",
        "overlap",
        "F1",
        "direct F1",
        "indirect F1",
    ):
        assert word in table.stdout
    errors = tmp_path / "errs.md"
    result = runner.invoke(
        app, ["evaluate", "--polnear", str(corpus), "--json", "--errors", str(errors), "--model", oracle]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 2 and data["scores"]["all"]["exact"]["attribution"]["f1"] == 1.0
    assert errors.is_file()


def test_cli_bad_directory_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "--polnear", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    bad_split = CliRunner().invoke(app, ["evaluate", "--polnear", str(tmp_path), "--split", "nope"])
    assert bad_split.exit_code == 2 and "nope" in bad_split.stderr


def test_cli_real_rules_on_written_corpus(corpus: Path) -> None:
    pytest.importorskip("according.attribution.rules", reason="rules extractor not on this branch")
    result = CliRunner().invoke(app, ["evaluate", "--polnear", str(corpus), "--model", "rules", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"] == "rules" and data["predicted_attributions"] > 0
    assert data["scores"]["all"]["exact"]["cue"]["matched"] > 0


def test_cli_bad_model_is_one_line_error(corpus: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "--polnear", str(corpus), "--model", str(corpus / "nope")])
    assert result.exit_code == 2
    assert "nope" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_errors_file_in_missing_directory_fails_before_running(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "polnear")
    target = tmp_path / "missing" / "errors.md"
    result = CliRunner().invoke(app, ["evaluate", "--polnear", str(corpus), "--errors", str(target)])
    assert result.exit_code == 2 and "missing" in result.stderr
