"""The seed article: its core attributions found by the default extractor, with the right
speaker and channel.

The article is real copyrighted news, read from the shared data (skipped when absent) and
never copied here: the test keeps only cue, speaker and channel strings.
"""

from __future__ import annotations

import pytest

from according.attribution import load_extractor, shipped_model_available
from according.document import Attribution
from according.ingest import read_sources

OSECHKIN = "Vladimir Osechkin"
#: (cue, speaker name or None for an unattributed claim, channel or None, content paragraphs)
CORE = [
    ("has claimed", OSECHKIN, None, 1),
    ("claims", OSECHKIN, None, 1),
    ("is claimed", None, None, 1),
    ("had intended", "Vladimir Putin", None, 1),  # "observers believing he had intended ..."
    ("said:", OSECHKIN, None, 3),  # the quote that runs over three paragraphs
    ("believes", OSECHKIN, None, 1),
    ("says", OSECHKIN, None, 1),
    ("also told", OSECHKIN, "The Times", 1),
    ("added:", OSECHKIN, None, 1),
    ("speculation", None, None, 1),
    ("told", "Boris Johnson", "LBC's Nick Ferrari", 1),
]


@pytest.fixture(scope="module")
def attributions(seed_article) -> tuple[Attribution, ...]:
    if not shipped_model_available():
        pytest.skip("no trained model shipped: the default extractor is the rules")
    (article,) = [a for a in read_sources([str(seed_article)]) if not isinstance(a, Exception)]
    return load_extractor("default").extract(article).attributions


def _found(attributions, cue: str, speaker: str | None) -> list[Attribution]:
    return [
        a for a in attributions if a.cue.text == cue and (a.speaker.name if a.speaker else None) == speaker
    ]


@pytest.mark.parametrize(("cue", "speaker", "channel", "paragraphs"), CORE, ids=[c[0] for c in CORE])
def test_core_attribution(attributions, cue, speaker, channel, paragraphs):
    found = _found(attributions, cue, speaker)
    assert found, f"no {cue!r} by {speaker!r}: " + "; ".join(
        f"{a.cue.text} / {a.speaker.name if a.speaker else None}" for a in attributions
    )
    assert any(a.channel == channel and len(a.content.spans) >= paragraphs for a in found)
    if speaker is None:
        assert all(a.kind == "unattributed" and a.source is None for a in found)


def test_channels_are_not_claims(attributions):
    for outlet in ("The Times", "LBC"):
        assert not any(a.content.text.startswith(outlet) for a in attributions)


def test_no_demonstrative_speaker(attributions):
    """ "He claims this demonstrates ..." is one claim, not a second one by "this"."""
    assert not any(a.source and a.source.text.lower() == "this" for a in attributions)
