"""Channel ("told The Times"), nesting (claims inside claims) and residue filtering."""

from __future__ import annotations

import pytest
from enrich_support import at, cand, one, run

from according.attribution.candidates import Candidate
from according.attribution.enrich import nesting


@pytest.mark.parametrize(
    "text, cue, content, channel",
    [
        ("Ms Lowe told The Times that the club would move.", "told", "that the club would move", "The Times"),
        (
            "Ms Lowe told LBC's Nick Ferrari that the club would move.",
            "told",
            "that the club would move",
            "LBC's Nick Ferrari",
        ),
        ("Ms Lowe told reporters that the club would move.", "told", "that the club would move", "reporters"),
        (
            "In an interview with the BBC, Ms Lowe said the club would move.",
            "said",
            "the club would move",
            "the BBC",
        ),
        (
            "Ms Lowe wrote in The Guardian that the club would move.",
            "wrote",
            "that the club would move",
            "The Guardian",
        ),
        ("Ms Lowe said on Twitter that the club would move.", "said", "that the club would move", "Twitter"),
        ("Ms Lowe posted on X that the club would move.", "posted", "that the club would move", "X"),
        ("In a statement, Ms Lowe said the club would move.", "said", "the club would move", "a statement"),
        (
            "Ms Lowe said the club would move, speaking to Sky News.",
            "said",
            "the club would move",
            "Sky News",
        ),
        ("Ms Lowe said on Monday that the club would move.", "said", "that the club would move", None),
        ("Ms Lowe said in Leeds that the club would move.", "said", "that the club would move", None),
    ],
)
def test_channel(nlp, text, cue, content, channel):
    assert one(nlp, text, cue, content, "Ms Lowe").channel == channel


def test_channel_span_from_finder_wins(nlp):
    text = "Ms Lowe told the local paper, the Courier, that the club would move."
    a = one(nlp, text, "told", "that the club would move", "Ms Lowe", channel="the Courier")
    assert a.channel == "the Courier"


def test_nested_chain(nlp):
    text = (
        'The inspector said: "The manager told me the owner had admitted the books were false." '
        "The owner declined to comment."
    )
    outer, middle, inner = run(
        nlp,
        text,
        cand(text, "admitted", "the books were false", "the owner"),
        cand(
            text,
            "said:",
            '"The manager told me the owner had admitted the books were false."',
            "The inspector",
        ),
        cand(text, "told", "the owner had admitted the books were false", "The manager"),
    )
    assert [a.cue.text for a in (outer, middle, inner)] == ["said:", "told", "admitted"]
    assert (outer.parent, middle.parent, inner.parent) == (None, 0, 1)
    assert inner.stance == "factive"


def test_nesting_never_cycles():
    # Contradictory spans: each cue inside the other's content.
    a = Candidate(cue=((0, 4),), content=((5, 40),), source=())
    b = Candidate(cue=((10, 14),), content=((0, 9),), source=())
    assert nesting([a, b]).count(None) >= 1


def test_residue_candidates_are_dropped(nlp):
    text = "Read more: Ms Lowe said the club would move. Ms Lowe said the stadium would stay."
    residue = (at(text, "Read more: Ms Lowe said the club would move."),)
    result = run(
        nlp,
        text,
        cand(text, "said", "the club would move", "Ms Lowe"),
        cand(text, "said", "the stadium would stay", "Ms Lowe", nth=1),
        residue=residue,
    )
    assert [a.content.text for a in result] == ["the stadium would stay"]


def test_malformed_and_duplicate_candidates(nlp):
    text = "Ms Lowe said the club would move."
    good = cand(text, "said", "the club would move", "Ms Lowe")
    empty_content = Candidate(cue=good.cue, content=((5, 5),), source=good.source)
    out_of_range = Candidate(cue=((0, 999),), content=good.content, source=good.source)
    result = run(nlp, text, good, good, empty_content, out_of_range)
    assert len(result) == 1


def test_output_sorted_by_cue(nlp):
    text = "Ms Lowe said the club would move. The mayor added that the stadium would stay."
    result = run(
        nlp,
        text,
        cand(text, "added", "that the stadium would stay", "The mayor"),
        cand(text, "said", "the club would move", "Ms Lowe"),
    )
    assert [a.cue.text for a in result] == ["said", "added"]


@pytest.mark.parametrize(
    "text, cue, channel",
    [
        # an outlet whose name is also a medium word ("Post") is the outlet
        (
            '"The plan is sound," Ms Lowe explained in an interview with The Huffington Post.',
            "explained in an interview",
            "The Huffington Post",
        ),
        ('"The plan is sound," Ms Lowe said in an interview on Monday.', "said", "an interview"),
        ('"The plan is sound," Ms Lowe said several months after her release.', "said", None),
        ('"The plan is sound," Ms Lowe responded to the report.', "responded", None),
    ],
)
def test_channel_edges(nlp, text, cue, channel):
    assert one(nlp, text, cue, '"The plan is sound,"', "Ms Lowe").channel == channel
