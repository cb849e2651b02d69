"""Documents -> batch table rows -> Documents, and the pure replay of the store's decisions
(no Spark needed: these run in a plain process)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from according.analysis.similarity import LexicalSimilarity
from according.document import Article, Attribution, Content, Document, Span, Speaker
from according.spark.replay import (
    ClaimItem,
    block_of,
    group_claims,
    mentions_of_article,
    resolve_block,
    stable_id,
)
from according.spark.rows import (
    UNDATED,
    article_id,
    article_row,
    attribution_rows,
    document_from_rows,
    month_of,
)

TEXT = 'Officials said the bridge would close. "We had no choice," Margaret Okafor told the Gazette.'


def _document(published: dt.date | None, confidence: float | None, with_speaker: bool) -> Document:
    speaker = Speaker.from_json({"name": "Margaret Okafor", "type": "person"}) if with_speaker else None
    cue = TEXT.index("told")
    quote = TEXT.index('"We')
    attributions = (
        Attribution(
            kind="indirect",
            cue=Span.of(TEXT, 10, 14),
            content=Content.of(TEXT, [(15, 37)]),
            source=Span.of(TEXT, 0, 9),
            speaker=None,
            stance="report",
        ),
        Attribution(
            kind="direct",
            cue=Span.of(TEXT, cue, cue + 4),
            content=Content.of(TEXT, [(quote + 1, quote + 17)]),
            source=Span.of(TEXT, TEXT.index("Margaret"), TEXT.index(" told")),
            speaker=speaker,
            channel="the Gazette",
            stance="assert",
            parent=0,
            confidence=confidence,
        ),
    )
    article = Article(
        text=TEXT,
        url="https://gazette.example/bridge",
        canonical_url="https://gazette.example/bridge",
        title="Bridge",
        published=published,
        residue=((0, 9),),
        source="warc:crawl.warc.gz#2",
        path="crawl.warc.gz",
    )
    return Document(article=article, attributions=attributions)


@given(
    published=st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    confidence=st.none() | st.floats(min_value=0, max_value=1),
    with_speaker=st.booleans(),
)
def test_rows_round_trip(published: dt.date | None, confidence: float | None, with_speaker: bool) -> None:
    doc = _document(published, confidence, with_speaker)
    article = article_row(doc.article, "crawl.warc.gz", "r1", len(doc.attributions))
    rows = attribution_rows(doc, "r1")
    assert document_from_rows(article, list(reversed(rows))) == doc
    assert article["id"] == article_id(doc.article) and all(r["article_id"] == article["id"] for r in rows)
    assert article["published_month"] == (published.strftime("%Y-%m") if published else UNDATED)
    assert month_of(None) == UNDATED


def test_stable_ids_are_stable_and_positive() -> None:
    assert stable_id("speaker", "s:okafor", "0") == stable_id("speaker", "s:okafor", "0")
    assert stable_id("speaker", "s:okafor", "0") != stable_id("speaker", "s:okafor", "1")
    assert 0 <= stable_id("x") < 2**63


def test_speaker_blocks_join_a_surname_to_the_full_name() -> None:
    first = mentions_of_article(("2024-01-01", "a"), "a", [("Vladimir Osechkin", "person")])
    second = mentions_of_article(
        ("2024-01-02", "b"), "b", [("Mr Osechkin", "person"), ("officials", "group")]
    )
    third = mentions_of_article(("2024-01-03", "c"), "c", [("Anna Osechkin", "person")])
    named = [m for m in first + second + third if block_of(m) is not None]
    assert {block_of(m) for m in named} == {"s:osechkin"}
    assert all(m.raw != "officials" for m in named)  # a description gets no speaker
    assigned, speakers = resolve_block(named)
    by_name = {m.raw: i for m, i in zip(named, assigned, strict=True)}
    assert by_name["Vladimir Osechkin"] == by_name["Mr Osechkin"] != by_name["Anna Osechkin"]
    assert len(speakers) == 2


def test_claim_groups_keep_negations_apart() -> None:
    sim = LexicalSimilarity()
    texts = [
        "the minister will resign next week",
        "the minister will resign next week",
        "the minister will not resign",
    ]
    items = [ClaimItem(f"a:{i}", (i,), 1, t, sim.encode([t])[0]) for i, t in enumerate(texts)]
    assert group_claims(items, sim) == [0, 0, 2]


def test_an_output_whose_first_run_stopped_resumes_and_others_are_refused(tmp_path: Path) -> None:
    import pytest

    from according.errors import AccordingError
    from according.spark.config import BatchConfig
    from according.spark.fs import OutputDir
    from according.spark.job import _open_output

    out = tmp_path / "out"
    (out / "articles" / "run=1" / "published_month=2024-01").mkdir(parents=True)
    config = BatchConfig(inputs=(), out=str(out))
    with pytest.raises(AccordingError, match="add --resume to continue a run that stopped"):
        _open_output(OutputDir(str(out)), config)
    manifest = _open_output(OutputDir(str(out)), replace(config, resume=True))
    assert manifest.runs == [] and not (out / "articles" / "run=1").exists()
    (tmp_path / "mine" / "notes").mkdir(parents=True)
    with pytest.raises(AccordingError, match="not a batch output; choose another --out"):
        _open_output(
            OutputDir(str(tmp_path / "mine")), replace(config, out=str(tmp_path / "mine"), resume=True)
        )


def test_benchmark_report_ratios_and_estimate() -> None:
    from according.spark.benchmark import CCNEWS_MONTH, BatchBenchReport, Pass

    report = BatchBenchReport(records=100, model="rules")
    report.passes += [
        Pass("single process", 100, 40.0),
        Pass("local[1]", 100, 50.0),
        Pass("local[2]", 100, 27.0),
    ]
    data = report.to_json()
    assert data["overhead_ratio"] == 0.8 and data["scaling"] == round(50 / 27, 3)
    assert data["passes"][1]["per_second"] == 2.0
    assert data["estimate"]["core_hours"] == round(CCNEWS_MONTH / 2.0 / 3600, 1)
    assert data["estimate"]["hours_by_cores"]["64"] == round(CCNEWS_MONTH / 2.0 / 3600 / 64, 2)


def test_batch_inputs_get_the_metadata_ingest_gives_them(tmp_path: Path) -> None:
    """Sidecars are metadata, not articles; the outlet and date come from a sidecar, else the
    fallbacks; a damaged sidecar makes its article a reject, not a failed task."""
    from according.ingest import IngestOptions
    from according.ingest.filemeta import MetadataOptions
    from according.spark.inputs import expand_local
    from according.spark.worker import ARTICLE, REJECT, read_units

    body = "The council said on Monday that the bridge would close for repairs next month."
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"outlet": "Gazette", "published": "2016-10-14"}')
    (tmp_path / "c.txt.meta.json").write_text("[1, 2]")
    units = expand_local(str(tmp_path))
    assert isinstance(units, list) and [Path(u).name for u in units] == ["a.txt", "b.txt", "c.txt"]
    metadata = MetadataOptions(outlet="Fallback Post", published=dt.date(2020, 1, 2))
    out = list(read_units([(i, u, None) for i, u in enumerate(units)], IngestOptions(), metadata))
    articles = {Path(t[1]).name: t[3] for t in out if t[0] == ARTICLE}
    assert (articles["a.txt"]["site"], articles["a.txt"]["published"]) == ("Gazette", "2016-10-14")
    assert (articles["b.txt"]["site"], articles["b.txt"]["published"]) == ("Fallback Post", "2020-01-02")
    (reject,) = [t for t in out if t[0] == REJECT]
    assert Path(reject[1]).name == "c.txt" and "sidecar" in reject[4]
