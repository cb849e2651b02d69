"""The rules never crash and always return offsets that index the text, whatever comes in."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from according.attribution.rules import find_candidates

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "''",
        "said",
        "told",
        "according to",
        "Maria",
        "the plan",
        ":",
        ",",
        ".",
        "\n\n",
        "—",
        "that",
        "he",
        "is said to",
        "there is speculation",
        "fears",
        " ",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, max_size=40))
def test_any_text_gives_valid_spans(nlp, pieces):
    text = " ".join(pieces)
    for c in find_candidates(nlp(text)):
        assert c.cue and c.content
        for s, e in (*c.cue, *c.content, *c.source):
            assert 0 <= s < e <= len(text)
        assert all(text[s:e].strip() for s, e in c.content)


def test_empty_and_blank_texts(nlp):
    assert find_candidates(nlp("")) == []
    assert find_candidates(nlp("   \n\n  ")) == []
