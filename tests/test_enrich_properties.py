"""Whatever spans a finder hands over, ``finalize`` returns well-formed, consistent records."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from according.attribution.candidates import Candidate
from according.attribution.enrich import finalize
from according.document import KINDS, SPEAKER_TYPES, STANCES, Article

TEXT = (
    "A veteran engineer has warned that the dam is failing.\n\n"
    'Karin Holm, who inspected it, said: "The walls are cracked. They will not last."\n\n'
    "Mr Holm's view is that officials ignored her. It has been claimed that repairs were delayed, "
    "and the ministry denied it, telling reporters in a statement that he was wrong.\n"
    "Read more: Council quits"
)
RESIDUE = ((TEXT.index("Read more"), len(TEXT)),)


@pytest.fixture(scope="module")
def parsed(nlp):
    return nlp(TEXT)


spans = st.tuples(st.integers(0, len(TEXT)), st.integers(0, 40)).map(
    lambda p: (p[0], min(len(TEXT), p[0] + p[1]))
)
candidates = st.builds(
    Candidate,
    cue=st.lists(spans, min_size=1, max_size=2).map(tuple),
    content=st.lists(spans, min_size=1, max_size=3).map(tuple),
    source=st.lists(spans, max_size=2).map(tuple),
    confidence=st.none() | st.floats(0, 1),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(candidates, max_size=8))
def test_finalize_output_is_well_formed(parsed, found):
    article = Article(text=TEXT, residue=RESIDUE)
    out = finalize(parsed, article, found)
    assert [a.cue.start for a in out] == sorted(a.cue.start for a in out)
    for a in out:
        assert a.kind in KINDS and a.stance in STANCES
        assert a.speaker is None or a.speaker.type in SPEAKER_TYPES
        assert TEXT[a.cue.start : a.cue.end] == a.cue.text
        assert all(TEXT[s:e] for s, e in a.content.spans)
        assert (a.source is None) == (a.kind == "unattributed") == (a.speaker is None)
        assert not article.in_residue(a.cue.start, a.cue.end)
        # parents point inside the tuple and never loop
        seen, up = set(), a.parent
        while up is not None:
            assert 0 <= up < len(out) and up not in seen
            seen.add(up)
            up = out[up].parent
