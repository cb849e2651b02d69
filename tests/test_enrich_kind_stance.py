"""Kind (direct/mixed/indirect/unattributed) and stance of hand-built candidates."""

from __future__ import annotations

import pytest
from enrich_support import at, cand, one, run

from according.attribution.candidates import Candidate
from according.attribution.kind import quote_runs


@pytest.mark.parametrize(
    "text, content, kind",
    [
        ('"The bridge will open in May," the mayor said.', '"The bridge will open in May,"', "direct"),
        ("“The bridge will open in May,” the mayor said.", "“The bridge will open in May,”", "direct"),
        ("‘The bridge will open in May,’ the mayor said.", "‘The bridge will open in May,’", "direct"),
        ('The mayor said the bridge was "nearly finished".', 'the bridge was "nearly finished"', "mixed"),
        ("The mayor said the bridge was nearly finished.", "the bridge was nearly finished", "indirect"),
    ],
)
def test_kind_from_quotation_marks(nlp, text, content, kind):
    cue = "said"
    source = "the mayor" if "the mayor" in text else "The mayor"
    assert one(nlp, text, cue, content, source).kind == kind


def test_apostrophes_are_not_quotes():
    text = "The mayor's aides said the council's plan wasn't ready."
    assert quote_runs(text) == []


def test_quote_running_over_paragraphs_is_direct(nlp):
    text = '"The first part of the plan is done.\n"The second part starts next week," the mayor said.'
    (a,) = run(
        nlp,
        text,
        cand(
            text,
            "said",
            ['"The first part of the plan is done.', '"The second part starts next week,"'],
            "the mayor",
        ),
    )
    assert a.kind == "direct"
    assert a.content.spans == (
        at(text, '"The first part of the plan is done.'),
        at(text, '"The second part starts next week,"'),
    )


@pytest.mark.parametrize(
    "text, cue, content",
    [
        (
            "It has been claimed that the factory will close.",
            "has been claimed",
            "that the factory will close",
        ),
        (
            "There is speculation that the minister will resign.",
            "There is speculation",
            "that the minister will resign",
        ),
        ("Fears have grown that the harvest will fail.", "Fears have grown", "that the harvest will fail"),
    ],
)
def test_no_source_is_unattributed(nlp, text, cue, content):
    a = one(nlp, text, cue, content)
    assert a.kind == "unattributed"
    assert a.source is None
    assert a.speaker is None  # the contract: null when no source is given


def test_dummy_subject_source_is_unattributed(nlp):
    text = "It has been claimed that the factory will close. It said the factory would stay open."
    passive, active = run(
        nlp,
        text,
        cand(text, "has been claimed", "that the factory will close", "It"),
        cand(text, "said", "the factory would stay open", "It", nth=0),
    )
    assert (passive.kind, passive.source) == ("unattributed", None)
    assert active.kind == "indirect" and active.source is not None


@pytest.mark.parametrize(
    "text, cue, stance",
    [
        ("The coach said the team was ready.", "said", "report"),
        ("The coach told fans the team was ready.", "told", "report"),
        ("The coach insisted the team was ready.", "insisted", "assert"),
        ("The coach argued the team was ready.", "argued", "assert"),
        ("The coach claimed the team was ready.", "claimed", "distance"),
        ("The coach alleged the team was ready.", "alleged", "distance"),
        ("The coach believes the team is ready.", "believes", "belief"),
        ("The coach fears the team is not ready.", "fears", "belief"),
        ("The coach recognised the team was not ready.", "recognised", "belief"),
        ("The coach suggested the team was ready.", "suggested", "speculation"),
        ("The coach may have suggested the team was ready.", "may have suggested", "speculation"),
        ("The coach revealed the team was ready.", "revealed", "factive"),
        ("The coach confirmed the team was ready.", "confirmed", "factive"),
        ("The coach admitted the team was not ready.", "admitted", "factive"),
        ("The coach denied the team was ready.", "denied", "denial"),
        ("The coach dismissed reports the team was ready.", "dismissed", "denial"),
        ("The coach pointed out that the team was ready.", "pointed out", "assert"),
        ("The coach ruled out that the team was ready.", "ruled out", "denial"),
        # Negation: not denying leaves the claim open; not confirming leaves it unconfirmed;
        # not believing something is holding it false.
        ("The coach did not deny that the team was ready.", "did not deny", "speculation"),
        ("The coach refused to deny that the team was ready.", "refused to deny", "speculation"),
        ("The coach would not confirm that the team was ready.", "would not confirm", "speculation"),
        ("The coach does not believe the team is ready.", "does not believe", "denial"),
        ("The coach never said the team was ready.", "never said", "speculation"),
    ],
)
def test_stance_from_cue_lemma(nlp, text, cue, stance):
    content = text[text.index(cue) + len(cue) :].strip(" .")
    assert one(nlp, text, cue, content, "The coach").stance == stance


def test_hedges_on_their_own(nlp):
    text = "The so-called reform reportedly failed."
    c = cand(text, "so-called", "reform")
    r = cand(text, "reportedly", "The so-called reform reportedly failed")
    so_called, reportedly = run(nlp, text, c, r)
    assert (so_called.stance, reportedly.stance) == ("distance", "speculation")


@pytest.mark.parametrize(
    "text, cue, content, stance",
    [
        ("The coach allegedly said the team was ready.", "allegedly said", "the team was ready", "distance"),
        (
            "The coach reportedly told fans the team was ready.",
            "reportedly told",
            "the team was ready",
            "speculation",
        ),
        # a modal on another verb does not outrank the cue word itself
        (
            "The coach could not resist pointing out that the team was ready.",
            "could not resist pointing out",
            "that the team was ready",
            "assert",
        ),
    ],
)
def test_hedges_on_cue_verbs(nlp, text, cue, content, stance):
    assert one(nlp, text, cue, content, "The coach").stance == stance


def test_according_to_is_report(nlp):
    text = "According to the coach, the team is ready."
    assert one(nlp, text, "According to", "the team is ready", "the coach").stance == "report"


def test_unattributed_stances(nlp):
    text = "It is rumoured that the coach will quit. There is speculation that the team will fold."
    a, b = run(
        nlp,
        text,
        cand(text, "is rumoured", "that the coach will quit"),
        cand(text, "There is speculation", "that the team will fold"),
    )
    assert (a.stance, b.stance) == ("speculation", "speculation")


def test_fields_and_offsets(nlp):
    text = "The coach said the team was ready, adding that fans should stay calm."
    a = one(nlp, text, "said", "the team was ready", "The coach")
    assert a.cue.text == "said" and text[a.cue.start : a.cue.end] == "said"
    assert a.source is not None and a.source.text == "The coach"
    assert a.content.text == "the team was ready"
    assert a.confidence == pytest.approx(0.9)


def test_discontinuous_cue_spans_first_to_last_piece(nlp):
    text = "The coach was, on Tuesday, quoted as saying the team was ready."
    c = Candidate(
        cue=(at(text, "was"), at(text, "quoted as saying")),
        content=(at(text, "the team was ready"),),
        source=(at(text, "The coach"),),
    )
    (a,) = run(nlp, text, c)
    assert a.cue.text == "was, on Tuesday, quoted as saying"
