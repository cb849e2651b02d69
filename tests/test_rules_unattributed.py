"""Passive and unattributed claims (no source), and nesting."""

from __future__ import annotations

import pytest
from rules_helpers import found

from according.attribution.rules import drop_nested, find_candidates


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "It has been claimed that the election was rigged.",
            ([], "has been claimed", ["that the election was rigged"]),
        ),
        (
            "The senator is said to have accepted the bribe.",
            ([], "is said", ["The senator", "to have accepted the bribe"]),
        ),
        (
            "There is speculation that the coach will resign.",
            ([], "speculation", ["that the coach will resign"]),
        ),
        ("Fears have grown that the dam could burst.", ([], "Fears", ["that the dam could burst"])),
    ],
)
def test_unattributed(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_nested_attribution_sits_inside_outer_content(nlp):
    text = "The union said the manager claimed the strike was illegal."
    assert found(nlp, text) == [
        (["The union"], "said", ["the manager claimed the strike was illegal"]),
        (["the manager"], "claimed", ["the strike was illegal"]),
    ]
    outer_only = drop_nested(find_candidates(nlp(text)))
    assert [text[s:e] for s, e in outer_only[0].cue] == ["said"] and len(outer_only) == 1


def test_plain_narration_has_no_attribution(nlp):
    assert found(nlp, "The bridge was closed for repairs in May. Traffic moved slowly.") == []


def test_naming_and_tallies_are_not_claims(nlp):
    assert found(nlp, "A new group called Black Votes Matter will campaign in Ohio.") == []
    assert found(nlp, "Clinton: 2,316.\n\nSanders: 1,547.") == []


def test_finding_passive_without_claim_is_an_event(nlp):
    assert found(nlp, "Traces of lead were found in the school's drinking water.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The drug was shown to reduce deaths by a third.",
            ([], "was shown", ["The drug", "to reduce deaths by a third"]),
        ),
        (
            "It was found that the pipes had corroded.",
            ([], "was found", ["that the pipes had corroded"]),
        ),
    ],
)
def test_finding_passive_with_a_claim(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_raised_subject_speaks_in_the_nested_claim(nlp):
    """The rumour ("is said") has no source; what it says is that the coach told players
    something, so the coach is the source of the nested claim."""
    text = "The coach is said to have told players that the club would be sold."
    assert found(nlp, text) == [
        ([], "is said", ["The coach", "to have told players that the club would be sold"]),
        (["The coach"], "to have told", ["that the club would be sold"]),
    ]
