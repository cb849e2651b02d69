"""Documents -> batch table rows -> Documents, and the pure replay of the store's decisions
(no Spark needed: these run in a plain process)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from according.analysis.similarity import LexicalSimilarity
from according.document import Article, Attribution, Content, Document, Span, Speaker
from according.spark.claim_groups import ClaimItem, group_component
from according.spark.replay import FullText, article_order, stable_id
from according.spark.rows import (
    UNDATED,
    article_id,
    article_row,
    attribution_rows,
    document_from_rows,
    month_of,
)
from according.spark.speaker_blocks import Block, key_at, mention_rows, tokens

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


def _rows(docs: list[Document]) -> list[Any]:
    return [
        row
        for d in docs
        for row in mention_rows(
            article_id(d.article), article_order(d.article.published, d.article.url or ""), d
        )
    ]


def test_names_that_can_meet_share_a_block_key() -> None:
    from record_docs import record_documents
    from store_docs import osechkin_documents

    rows = {row.mention.key[0]: set(tokens(row)) for row in _rows(osechkin_documents() + record_documents())}
    assert all(
        "s:osechkin" in rows[n] for n in ("Vladimir Osechkin", "Mr Osechkin", "Osechkin", "Anna Osechkin")
    )
    assert rows["The RNC"] & rows["The Republican National Committee"]  # by its initials
    assert not rows["The RNC"] & rows["Barack Obama"]
    assert "The minister" not in rows  # a description gets no speaker


def test_a_block_reads_other_blocks_speakers_as_they_were_at_the_time() -> None:
    """The bare "Obama" of the third article is Barack Obama because both were quoted beside
    Joe Biden and the Republican National Committee; the committee was "the RNC" when it was
    quoted beside Barack Obama and had its full name by then. Other blocks decide that."""
    from record_docs import record_documents

    rows = _rows(record_documents()[:3])
    obama = [r for r in rows if "s:obama" in tokens(r)]
    first = Block(obama).run()
    assert first.used_foreign
    assert len({speaker for _, speaker in first.links}) == 2  # without the others: not tied
    committee = Block([r for r in rows if "i:rnc" in tokens(r)]).run()
    others = [Block([r]).run() for r in rows if not {"s:obama", "i:rnc"} & set(tokens(r))]
    timelines = dict(t for result in [committee, *others] for t in result.timelines)
    foreign = {ref: (sid, timelines[sid]) for result in [committee, *others] for ref, sid in result.links}
    (speaker_id, timeline), *_ = [foreign[ref] for ref in foreign if ref[1] == "The RNC"]
    assert [key for _, key in timeline] == ["rnc", "republican national committee"]
    assert key_at(timeline, ("2024-01-02", "", 0)) == "rnc"
    second = Block(obama, foreign).run()
    assert len({speaker for _, speaker in second.links}) == 1
    (row,) = [s for s in second.speakers if s["name"] == "Barack Obama"]
    assert any("quoted beside 2 of the same speakers" in a["reason"] for a in row["aliases"])


def test_claim_groups_keep_negations_apart_and_answer_them() -> None:
    sim = LexicalSimilarity()
    texts = [
        "the minister will resign from the cabinet next week",
        "the minister will resign from the cabinet next week",
        "the minister will not resign from the cabinet next week",
    ]
    items = [
        ClaimItem(f"a{i}:0", (f"2024-01-0{i + 1}", f"a{i}", 0), 1, t, False) for i, t in enumerate(texts)
    ]
    links, claims = group_component(items, sim)
    claim_of = dict(links)
    assert claim_of["a0:0"] == claim_of["a1:0"] != claim_of["a2:0"]
    (answer,) = [c for c in claims if c["response_to"] is not None]
    assert (answer["response_to"], answer["response_kind"]) == (claim_of["a0:0"], "contradiction")
    assert {c["attributions"] for c in claims} == {2, 1}


def test_full_text_search_finds_what_the_store_finds() -> None:
    index = FullText()
    assert index.search("anything at all") == []
    index.add(["The library reopened in May", "The bridge closed", "Libraries reopening everywhere"])
    assert sorted(index.search("the library will reopen")) == [0, 2]  # Porter stems, as FTS5
    assert index.search("the bus") == []  # only words longer than three letters are searched
    index.close()


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
    assert data["corpus"] is None and data["corpus_seconds"] == 0.0
    report.corpus = Pass("corpus stages", 100, 12.34, 150.0, 900.0, 1200.0)
    data = report.to_json()
    assert data["corpus_seconds"] == 12.3 and data["corpus"]["peak_workers_mb"] == 1200.0


def test_the_memory_sampler_sees_the_driver_and_its_children() -> None:
    import subprocess
    import sys
    import time

    from according.spark.benchmark import _MemorySampler

    with _MemorySampler(interval=0.05) as memory:
        child = subprocess.Popen(
            [sys.executable, "-c", "import time; x = bytearray(64 << 20); time.sleep(1)"]
        )
        time.sleep(0.8)
        child.wait()
    assert memory.driver > 10 << 20  # this interpreter
    assert memory.workers > 64 << 20  # a child named python, holding 64 MiB


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


def test_load_reads_the_corpus_layout_the_batch_writes() -> None:
    from according.spark.corpus import VERSION
    from according.store.load import CORPUS_VERSION

    assert CORPUS_VERSION == VERSION


def test_extraction_tasks_get_alike_shares_of_a_periodic_crawl() -> None:
    """Every fourth page long (as in the benchmark's WARC): both tasks get about half of them
    (Spark's default tuple hash gave them all to one task, by the records' parity)."""
    from according.spark.worker import spread

    long_pages = [0, 0]
    for seq in range(1, 1001, 4):
        long_pages[spread((0, seq)) % 2] += 1
    assert min(long_pages) >= 0.4 * sum(long_pages)
    assert spread((3, 17)) == spread((3, 17))  # the same task on every run


def test_a_bare_surname_taken_in_later_is_its_own_speaker_until_then() -> None:
    """Contents a bare surname's speaker held before a person took it in are
    compared, and are in the speaker's window, as that speaker's until then."""
    from according.spark.claim_groups import speaker_windows

    merged = ("2024-01-04", "d")
    x1 = ClaimItem("a:0", ("2024-01-01", "a", 0), 9, "one", False, first_speaker=1, merged=merged)
    y = ClaimItem("b:0", ("2024-01-02", "b", 0), 9, "two", False)  # the person, before the merge
    x2 = ClaimItem("c:0", ("2024-01-03", "c", 0), 9, "three", False, first_speaker=1, merged=merged)
    y_again = ClaimItem("c:1", ("2024-01-03", "c", 1), 9, "four", False)
    later = ClaimItem("d:0", ("2024-01-04", "d", 0), 9, "five", False)
    assert [i.speaker_at(x2.order) for i in (x1, y, x2, y_again)] == [1, 9, 1, 9]
    assert [i.speaker_at(later.order) for i in (x1, y, x2)] == [9, 9, 9]
    windows = {i.node: [e.node for e in w] for i, w in speaker_windows([later, y_again, x2, y, x1])}
    assert windows == {
        "a:0": [],
        "b:0": [],
        "c:0": ["a:0"],
        "c:1": ["b:0"],
        "d:0": ["c:1", "c:0", "b:0", "a:0"],
    }
