"""`according benchmark` output shape on two short articles (no timings are asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from according.cli import app
from according.eval import benchmark as bench
from tests.eval_fakes import ARTICLES, OracleExtractor, write_corpus


@pytest.fixture()
def corpus(tmp_path: Path, nlp: object) -> Path:
    return write_corpus(tmp_path / "polnear")


@pytest.fixture()
def oracle(corpus: Path, stand_in) -> str:
    """The registered name of an extractor that returns the corpus's gold."""
    return stand_in(OracleExtractor.of(corpus))


def test_benchmark_report_shape(corpus: Path, oracle: str) -> None:
    report = bench.run_benchmark(corpus, "dev", model=oracle, memory_articles=0)
    assert report.spacy.articles == report.extract.articles == 2
    assert (
        report.spacy.words == report.extract.words == sum(len(text.split()) for text, _ in ARTICLES.values())
    )
    assert report.spacy.seconds > 0 and report.extract.seconds > 0
    assert report.attributions == 4
    assert report.peak_rss_mb > 10
    assert report.memory is None
    assert report.speed_ratio == pytest.approx(report.spacy.seconds / report.extract.seconds)
    data = report.to_json()
    assert data["speed_ratio"] == round(report.speed_ratio, 3)
    for key in ("spacy", "extract", "speed_ratio", "peak_rss_mb", "memory", "load_seconds"):
        assert key in data
    assert set(data["spacy"]) == {
        "seconds",
        "cpu_seconds",
        "articles",
        "words",
        "articles_per_second",
        "words_per_second",
    }


def test_memory_probe_counts_what_it_extracts(corpus: Path, oracle: str) -> None:
    texts = [g.text for g in bench.load_split(corpus, "dev")] * 2
    probe = bench._probe(oracle, None, texts, "dev")
    assert probe.articles == 4 and probe.attributions == 8
    assert probe.peak_mb >= probe.loaded_mb > 0


def test_cli_benchmark_table_and_json(corpus: Path, oracle: str) -> None:
    runner = CliRunner()
    args = ["benchmark", "--polnear", str(corpus), "--memory-articles", "0", "--model", oracle]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    for phrase in ("spaCy parse", "extraction", "words/s", "CPU s", "speed ratio", "peak RSS"):
        assert phrase in table.stdout
    result = runner.invoke(app, [*args, "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["extract"]["articles"] == 1


def test_cli_benchmark_bad_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["benchmark", "--polnear", str(tmp_path)])
    assert result.exit_code == 2 and str(tmp_path) in result.stderr


def test_memory_probe_runs_in_a_fresh_process() -> None:
    pytest.importorskip("according.attribution.rules", reason="rules extractor not on this branch yet")
    text = '"We will rebuild the pier," the mayor said on Tuesday.'
    probe = bench.memory_probe("rules", None, [text, text], "dev")
    assert probe.articles == 2 and probe.attributions >= 2
    assert probe.peak_mb >= probe.loaded_mb > 50  # a fresh process holding spaCy
