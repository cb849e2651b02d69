"""The ingest pipeline as a library: read → skip what is stored → extract → save → count.

A stand-in extractor is handed to ``Ingest`` directly (the same door a server uses to keep its
model loaded), so these tests need no spaCy model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from store_docs import osechkin_documents

from according.document import Article, Content, Document, Span
from according.errors import InputError
from according.store.ingest import Ingest, IngestConfig, ingest
from according.store.repository import Store


class _SaidFinder:
    """Finds "said" and calls the sentence before it the content: enough to store something."""

    name = "said-finder"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract(self, article: Article) -> Document:
        self.seen.append(article.source or "")
        at = article.text.find(" said")
        if at < 0:
            return Document(article=article)
        from according.document import Attribution

        cue = Span.of(article.text, at + 1, at + 5)
        return Document(
            article=article,
            attributions=(
                Attribution(kind="indirect", cue=cue, content=Content.of(article.text, [(0, at)])),
            ),
        )

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        return map(self.extract, articles)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "ingest.db"), similarity="lexical") as s:
        yield s


def test_articles_are_extracted_stored_and_a_rerun_skips_them_before_extraction(
    store: Store, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The bridge will close, the mayor said.\n", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Rain is expected, forecasters said today.\n", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    finder = _SaidFinder()
    config = IngestConfig(outlet="Gazette")
    report = ingest([str(tmp_path / "in")], store, config, extractor=finder)
    assert (report.new, report.updated, report.unchanged, report.attributions) == (2, 0, 0, 2)
    assert [e.source.rsplit("/", 1)[-1] for e in report.errors] == ["empty.txt"]
    assert {store.load(i).article.site for i in report.articles} == {"Gazette"}

    finder.seen.clear()
    again = ingest([str(tmp_path / "in")], store, config, extractor=finder)
    assert (again.new, again.unchanged) == (0, 2) and finder.seen == []  # skipped before extraction
    forced = ingest([str(tmp_path / "in")], store, IngestConfig(force=True), extractor=finder)
    assert forced.updated == 2 and len(finder.seen) == 2


def test_stream_reports_each_outcome_in_place(store: Store, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(d.to_json()) + "\n" for d in osechkin_documents()), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "other/9"}', encoding="utf-8")
    run = Ingest(store, IngestConfig(documents=True))
    outcomes = list(run.stream([str(bad), str(docs), str(tmp_path / "missing.jsonl")]))
    assert isinstance(outcomes[0], InputError) and "not an according/1 document" in str(outcomes[0])
    assert [o.status for o in outcomes[1:-1]] == ["new"] * 4  # type: ignore[union-attr]
    assert isinstance(outcomes[-1], InputError) and "cannot read" in outcomes[-1].reason
    report = run.report.to_json()
    assert report["new"] == 4 and report["attributions"] == 8 and len(report["errors"]) == 2
    assert store.counts()["articles"] == 4


def test_articles_already_read_go_through_the_same_skip_and_save(store: Store) -> None:
    article = Article(text="Prices will rise, the bank said.", source="<pasted>")
    first = Ingest(store, extractor=_SaidFinder())
    [result] = list(first.articles([article]))
    assert result.status == "new" and first.report.articles == [result.article_id]  # type: ignore[union-attr]
    second = Ingest(store, extractor=_SaidFinder())
    assert list(second.articles([article])) == [] and second.report.unchanged == 1
