"""Property: any Document stored loads back equal, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg_cluster import pg_cluster  # noqa: F401  (fixture)

from according.document import (
    KINDS,
    SPEAKER_TYPES,
    STANCES,
    Article,
    Attribution,
    Content,
    Document,
    Span,
    Speaker,
)
from according.store.repository import Store

# PostgreSQL text cannot hold NUL; ingest never produces it (binary input is refused).
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=300
)
SHORT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40
)


def _span(draw, text: str) -> Span:  # type: ignore[no-untyped-def]
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return Span.of(text, start, end)


@st.composite
def documents(draw) -> Document:  # type: ignore[no-untyped-def]
    text = draw(TEXT)
    residue = tuple((sp.start, sp.end) for sp in (_span(draw, text) for _ in range(draw(st.integers(0, 2)))))
    article = Article(
        text=text,
        path=draw(st.none() | SHORT),
        url=draw(st.none() | SHORT),
        canonical_url=draw(st.none() | SHORT.map(lambda s: "https://example.org/" + s)),
        title=draw(st.none() | SHORT),
        byline=draw(st.none() | SHORT),
        published=draw(st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
        site=draw(st.none() | SHORT),
        language=draw(st.none() | st.sampled_from(["en", "de"])),
        residue=residue,
        source=draw(st.none() | SHORT),
    )
    attributions = []
    for i in range(draw(st.integers(0, 4))):
        content_spans = [_span(draw, text) for _ in range(draw(st.integers(1, 2)))]
        attributions.append(
            Attribution(
                kind=draw(st.sampled_from(KINDS)),
                cue=_span(draw, text),
                content=Content.of(text, [(s.start, s.end) for s in content_spans]),
                source=draw(st.none() | st.just(_span(draw, text))),
                speaker=draw(
                    st.none()
                    | st.builds(
                        Speaker,
                        SHORT,
                        st.sampled_from(SPEAKER_TYPES),
                        mentions=st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99)), max_size=3).map(
                            tuple
                        ),
                        role=st.none() | SHORT,
                        affiliation=st.none() | SHORT,
                    )
                ),
                channel=draw(st.none() | SHORT),
                stance=draw(st.sampled_from(STANCES)),
                parent=draw(st.none() | st.integers(0, max(i - 1, 0))) if i else None,
                confidence=draw(st.none() | st.floats(0, 1)),
            )
        )
    return Document(article=article, attributions=tuple(attributions))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def roundtrip_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    if request.param == "sqlite":
        url = str(Path(tmp_path_factory.mktemp("roundtrip")) / "r.db")
    else:
        url = request.getfixturevalue("pg_cluster").new_database()
    with Store(url, similarity="lexical") as store:
        yield store


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_store_then_load_is_identity(roundtrip_store: Store, doc: Document) -> None:
    result = roundtrip_store.save(doc, force=True)  # force: an earlier example may share the key
    assert roundtrip_store.load(result.article_id) == doc
