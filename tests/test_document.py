"""The according/1 JSON contract: round trips and offsets that index the text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from according.document import (
    KINDS,
    SCHEMA,
    SPEAKER_TYPES,
    STANCES,
    Article,
    Attribution,
    Content,
    Document,
    Span,
    Speaker,
)


@st.composite
def documents(draw) -> Document:
    text = draw(st.text(min_size=10, max_size=200))
    n = len(text)

    def offsets():
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, n))
        return a, b

    attributions = []
    for _ in range(draw(st.integers(0, 4))):
        cs, ce = offsets()
        spans = sorted({offsets() for _ in range(draw(st.integers(1, 3)))})
        source = Span.of(text, *offsets()) if draw(st.booleans()) else None
        attributions.append(
            Attribution(
                kind=draw(st.sampled_from(KINDS)),
                cue=Span.of(text, cs, ce),
                content=Content.of(text, spans),
                source=source,
                speaker=Speaker(
                    draw(st.text(min_size=1, max_size=20)),
                    draw(st.sampled_from(SPEAKER_TYPES)),
                    mentions=tuple(sorted({offsets() for _ in range(draw(st.integers(0, 3)))})),
                    role=draw(st.none() | st.text(max_size=15)),
                    affiliation=draw(st.none() | st.text(max_size=15)),
                )
                if source
                else None,
                channel=draw(st.none() | st.text(max_size=20)),
                stance=draw(st.sampled_from(STANCES)),
                parent=None,
            )
        )
    article = Article(
        text=text,
        path=draw(st.none() | st.text(max_size=30)),
        title=draw(st.none() | st.text(max_size=30)),
        published=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))),
        residue=tuple(sorted({offsets() for _ in range(draw(st.integers(0, 2)))})),
    )
    return Document(article=article, attributions=tuple(attributions))


@given(documents())
def test_json_round_trip_keeps_everything(doc: Document) -> None:
    data = doc.to_json()
    assert data["schema"] == SCHEMA
    back = Document.from_json(data)
    assert back.attributions == doc.attributions
    assert back.article.text == doc.article.text
    assert back.article.published == doc.article.published
    assert back.article.residue == doc.article.residue


@given(documents())
def test_offsets_index_the_document_text(doc: Document) -> None:
    text = doc.to_json()["document"]["text"]
    for a in doc.to_json()["attributions"]:
        assert text[a["cue"]["start"] : a["cue"]["end"]] == a["cue"]["text"]
        if a["source"]:
            assert text[a["source"]["start"] : a["source"]["end"]] == a["source"]["text"]
        assert a["content"]["text"] == " ".join(text[s:e] for s, e in a["content"]["spans"])


def test_wrong_schema_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported schema"):
        Document.from_json({"schema": "according/0", "document": {"text": ""}, "attributions": []})


def test_residue_overlap() -> None:
    article = Article(text="x" * 50, residue=((10, 20),))
    assert article.in_residue(15, 30)
    assert not article.in_residue(20, 30)
    assert not article.in_residue(0, 10)


def _old_document(speaker: dict | None) -> dict:
    text = "It has been claimed that Mr Roe said so."
    return {
        "schema": SCHEMA,
        "document": {"text": text},
        "attributions": [
            {
                "kind": "unattributed",
                "source": None,
                "speaker": speaker,
                "cue": {"text": "has been claimed", "start": 3, "end": 19},
                "content": {"text": "that Mr Roe said so", "spans": [[20, 39]]},
            }
        ],
    }


def test_documents_written_before_nullable_speakers_still_load() -> None:
    """Old documents marked an unattributed claim {"name": "", "type": "none"}: that is no speaker."""
    (a,) = Document.from_json(_old_document({"name": "", "type": "none"})).attributions
    assert a.speaker is None
    assert a.to_json()["speaker"] is None


def test_old_speaker_objects_get_the_new_fields_empty() -> None:
    (a,) = Document.from_json(_old_document({"name": "Jane Roe", "type": "person"})).attributions
    assert a.speaker == Speaker("Jane Roe", "person")
    assert a.to_json()["speaker"] == {
        "name": "Jane Roe",
        "type": "person",
        "mentions": [],
        "role": None,
        "affiliation": None,
    }


def test_speaker_fields_in_the_contract() -> None:
    speaker = Speaker("Border Health Service", "organization", ((0, 3), (40, 61)), "agency", None)
    assert Speaker.from_json(speaker.to_json()) == speaker
    assert speaker.to_json()["mentions"] == [[0, 3], [40, 61]]
