"""Indirect speech, mental states, "according to", cue nouns and adjectives."""

from __future__ import annotations

import pytest
from rules_helpers import found


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The minister said that the tax would be abolished.",
            (["The minister"], "said", ["that the tax would be abolished"]),
        ),
        (
            "The minister said the tax would be abolished.",
            (["The minister"], "said", ["the tax would be abolished"]),
        ),
        (
            "The governor has not said whether she will run again.",
            (["The governor"], "has not said", ["whether she will run again"]),
        ),
        (
            "The mayor, who was elected in May, insisted that the budget was balanced.",
            (["The mayor, who was elected in May"], "insisted", ["that the budget was balanced"]),
        ),
        ("The minister denied the allegations.", (["The minister"], "denied", ["the allegations"])),
        (
            "Critics accused the mayor of wasting public money.",
            (["Critics"], "accused", ["the mayor of wasting public money"]),
        ),
        ("Lopez wants to build a new stadium.", (["Lopez"], "wants", ["to build a new stadium"])),
    ],
)
def test_reporting_verbs(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_recipient_is_not_content(nlp):
    text = "He told The Gazette dissident engineers would challenge the plan."
    assert found(nlp, text) == [(["He"], "told", ["dissident engineers would challenge the plan"])]


def test_pronoun_recipient_is_not_content(nlp):
    assert found(nlp, "She told reporters the vote was rigged.") == [
        (["She"], "told", ["the vote was rigged"])
    ]


def test_conjoined_verbs_share_the_source(nlp):
    assert found(nlp, "Officials announced the results and said they would appeal.") == [
        (["Officials"], "announced", ["the results"]),
        (["Officials"], "said", ["they would appeal"]),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "According to the auditors, the company lost four million dollars.",
            (["the auditors"], "According to", ["the company lost four million dollars"]),
        ),
        (
            "The company lost four million dollars, according to the auditors.",
            (["the auditors"], "according to", ["The company lost four million dollars"]),
        ),
    ],
)
def test_according_to(nlp, text, expected):
    assert found(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Residents believe the factory poisoned the river.",
            (["Residents"], "believe", ["the factory poisoned the river"]),
        ),
        (
            "The farmers fear that the drought will last another year.",
            (["The farmers"], "fear", ["that the drought will last another year"]),
        ),
        (
            "The council is worried that the bridge will collapse.",
            (["The council"], "is worried", ["that the bridge will collapse"]),
        ),
        (
            "The mayor's view is that the tunnel is too expensive.",
            (["The mayor"], "view", ["that the tunnel is too expensive"]),
        ),
    ],
)
def test_mental_states_and_views(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_second_claim_of_the_same_speaker_is_its_own_attribution(nlp):
    text = "The mayor said that the budget was balanced and insisted that taxes would not rise."
    assert found(nlp, text) == [
        (["The mayor"], "said", ["that the budget was balanced"]),
        (["The mayor"], "insisted", ["that taxes would not rise"]),
    ]


def test_poll_framing_with_in(nlp):
    assert found(nlp, "In the latest county poll, the mayor leads by four points.") == [
        (["the latest county poll"], "In", ["the mayor leads by four points"])
    ]
    # with a verb of saying, the verb is the cue and "in a statement" is circumstance
    assert found(nlp, "In a statement, the company said it would appeal.") == [
        (["the company"], "said", ["it would appeal"])
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The governor made it clear that she would veto the bill.",
            (["The governor"], "made it clear", ["that she would veto the bill"]),
        ),
        (
            "It is unclear whether the bridge will reopen.",
            ([], "It is unclear", ["whether the bridge will reopen"]),
        ),
    ],
)
def test_clear_and_unclear(nlp, text, expected):
    assert found(nlp, text) == [expected]


def test_wire_dateline_is_not_part_of_the_source(nlp):
    text = "Dec 29 (Reuters) - Presidential candidate Jane Roe said the tax was unfair."
    assert found(nlp, text) == [(["Presidential candidate Jane Roe"], "said", ["the tax was unfair"])]


def test_object_of_urge_belongs_to_content_but_addressee_of_tell_does_not(nlp):
    assert found(nlp, "The board urged the director to resign.") == [
        (["The board"], "urged", ["the director to resign"])
    ]
    assert found(nlp, "The board told the director that the budget was cut.") == [
        (["The board"], "told", ["that the budget was cut"])
    ]


def test_parenthetical_aside_takes_the_sentence_around_it(nlp):
    assert found(nlp, "The goal, he said, is to forge a durable ceasefire.") == [
        (["he"], "said", ["The goal", "is to forge a durable ceasefire"])
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Residents hope to see the old market reopened by summer.",
            [(["Residents"], "hope", ["to see the old market reopened by summer"])],
        ),
        (
            "Bus companies are expected to add more routes next year.",
            [([], "are expected", ["Bus companies", "to add more routes next year"])],
        ),
    ],
)
def test_wished_act_is_not_a_second_attribution(nlp, text, expected):
    """A perception or reporting verb in the "to"-complement of a wish or expectation is the act
    wished for, not a claim of its own."""
    assert found(nlp, text) == expected


def test_infinitive_that_reports_a_clause_stays_nested(nlp):
    text = "The mayor refused to say whether he would run."
    assert [cue for _, cue, _ in found(nlp, text)] == ["refused", "to say"]


@pytest.mark.parametrize(
    "headline, wanted",
    [
        (
            "Study finds lead in every pipe taken from the old estate",
            ("Study", "lead in every pipe taken from the old estate"),
        ),
        (
            "Review finds errors in every report filed by the agency",
            ("Review", "errors in every report filed by the agency"),
        ),
    ],
)
def test_where_something_was_found_belongs_to_the_finding(nlp, headline, wanted):
    """A headline (the parser runs it into the first paragraph): the object's place is part of
    what was found."""
    text = headline + "\n\nResearchers at the University of Westmoor have found lead in all 30 pipes."
    assert [(f[0], f[2]) for f in found(nlp, text) if f[1] == "finds"] == [([wanted[0]], [wanted[1]])]
