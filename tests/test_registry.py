"""Extractors by registered name, and the one batch size every caller reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from according import batch
from according.attribution import (
    ALIASES,
    DEFAULT_BATCH_SIZE,
    batch_size_of,
    extractors,
    load_extractor,
    registered_names,
)
from according.document import Article, Document
from according.errors import ModelError
from according.limits import limited


class Counting:
    """Records the size of every batch ``extract_many`` is handed."""

    name = "counting"

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.batches: list[int] = []

    def extract(self, article: Article) -> Document:
        return Document(article=article)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        articles = list(articles)
        self.batches.append(len(articles))
        return map(self.extract, articles)


def test_aliases_and_versioned_names_give_the_same_extractor() -> None:
    assert ALIASES["rules"] in extractors.get_all()
    assert load_extractor("rules").name == load_extractor("according.rules.v1").name == "rules"
    assert {"rules", "default", "according.rules.v1", "according.model.v1"} <= set(registered_names())


def test_an_unknown_name_lists_what_is_registered() -> None:
    with pytest.raises(ModelError, match=r"nope-v9: neither a registered extractor \(.*according\.rules\.v1"):
        load_extractor("nope-v9")


def test_conftest_stand_ins_are_chosen_by_name(stand_in) -> None:
    assert load_extractor("test.no-claims.v1").name == "none"
    one = Counting(3)
    assert load_extractor(stand_in(one)) is one


def test_every_caller_reads_the_extractors_batch_size(stand_in) -> None:
    inner = Counting(batch_size=3)
    articles = [Article(text=f"Text {i}.", source=f"{i}.txt") for i in range(7)]
    out = list(batch.extract_articles(articles, batch.ExtractOptions(model=stand_in(inner))))
    assert len(out) == 7
    assert inner.batches == [3, 3]  # the last one alone goes through extract()
    assert limited(inner).batch_size == 3


def test_an_extractor_without_a_batch_size_gets_the_default() -> None:
    class Bare:
        name = "bare"

    assert batch_size_of(Bare()) == DEFAULT_BATCH_SIZE
    assert load_extractor("rules").batch_size == DEFAULT_BATCH_SIZE
