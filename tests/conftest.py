"""Shared fixtures: one spaCy pipeline per session, PolNeAR location, the seed article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
    for candidate in (ROOT.parent / "shared/data/seed", ROOT.parents[1] / "shared/data/seed",
                      Path.cwd().parent / "shared/data/seed"):
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
