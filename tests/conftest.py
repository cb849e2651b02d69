"""Shared fixtures: one spaCy pipeline per session, PolNeAR location, the seed article, and
stand-in extractors registered by name (as spacy-llm's tests do), so tests choose them with
``--model NAME`` like a user would instead of patching the loaders."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import catalogue
import pytest

from according.attribution import extractors
from according.document import Article, Document

ROOT = Path(__file__).resolve().parent.parent


class NoClaims:
    """Finds nothing: for tests about what surrounds extraction (ingest, output, errors)."""

    name = "none"
    batch_size = 16

    def extract(self, article: Article) -> Document:
        return Document(article=article)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        return map(self.extract, articles)


@extractors.register("test.no-claims.v1")
def make_no_claims(spacy_model: str | None = None) -> NoClaims:
    return NoClaims()


_names = itertools.count()


@pytest.fixture
def stand_in() -> Iterator[Callable[[object], str]]:
    """``stand_in(extractor)`` registers that instance for this test and returns its name."""
    registered: list[str] = []

    def register(extractor: object) -> str:
        name = f"test.stand-in-{next(_names)}.v1"
        extractors.register(name, func=lambda spacy_model=None: extractor)
        registered.append(name)
        return name

    yield register
    for name in registered:
        catalogue._remove((*extractors.namespace, name))


@pytest.fixture(scope="session")
def nlp():
    from according.nlp.pipeline import load_spacy

    return load_spacy()


@pytest.fixture(scope="session")
def polnear_dir() -> Path:
    from according.eval.polnear import find_polnear

    found = find_polnear()
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("CI must run the PolNeAR gate, but PolNeAR was not found (ACCORDING_POLNEAR, ../shared)")
    if found is None:
        pytest.skip("PolNeAR not found: set ACCORDING_POLNEAR or place it at ../shared/data/polnear")
    return found


@pytest.fixture(scope="session")
def seed_article() -> Path:
    # beside the checkout (CI, main) or beside the worktrees directory (/work/wt/<name>)
    for candidate in (
        ROOT.parent / "shared/data/seed",
        ROOT.parents[1] / "shared/data/seed",
        Path.cwd().parent / "shared/data/seed",
    ):
        files = sorted(candidate.glob("*.txt")) if candidate.is_dir() else []
        if files:
            return files[0]
    pytest.skip("seed article not found at ../shared/data/seed")


@pytest.fixture(scope="session")
def document_cache():
    """Extracted documents shared by the gates of one test session, keyed by extractor (its
    code and model) and article text: an article two gates read is extracted once."""
    from according.eval.doccache import DocumentCache

    return DocumentCache()
