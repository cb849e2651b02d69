"""Distance linking of tagged spans into attributions."""

from __future__ import annotations

from according.attribution.linking import link


def spans_of(text: str, **roles: list[str]) -> list[tuple[str, tuple[int, int], float]]:
    out = []
    for role, parts in roles.items():
        for part in parts:
            start = text.index(part)
            out.append((role.capitalize(), (start, start + len(part)), 0.9))
    return sorted(out, key=lambda x: x[1])


def texts(text: str, cands) -> list[tuple[str, list[str], str]]:
    return [
        (
            text[slice(*c.cue[0])],
            [text[slice(*p)] for p in c.content],
            text[slice(*c.source[0])] if c.source else "",
        )
        for c in cands
    ]


def test_each_cue_takes_its_nearest_content_and_source():
    text = "The mayor said taxes will rise. Critics argued that the plan was unfair."
    spans = spans_of(
        text,
        source=["The mayor", "Critics"],
        cue=["said", "argued"],
        content=["taxes will rise", "the plan was unfair"],
    )
    assert texts(text, link(text, spans)) == [
        ("said", ["taxes will rise"], "The mayor"),
        ("argued", ["the plan was unfair"], "Critics"),
    ]


def test_content_around_the_cue_is_one_attribution():
    text = '"We will win," she said, "and soon."'
    spans = spans_of(text, content=['"We will win,"', '"and soon."'], source=["she"], cue=["said"])
    assert texts(text, link(text, spans)) == [("said", ['"We will win,"', '"and soon."'], "she")]


def test_source_is_shared_by_cues_of_one_sentence():
    text = "He said the deal was done and added that talks would go on."
    spans = spans_of(
        text, source=["He"], cue=["said", "added"], content=["the deal was done", "talks would go on"]
    )
    found = texts(text, link(text, spans))
    assert found[0] == ("said", ["the deal was done"], "He")
    # "He" lies beyond the cue "said" as seen from "added", yet it is the subject both cues share.
    assert found[1] == ("added", ["talks would go on"], "He")


def test_cue_without_content_is_dropped_and_no_cue_means_nothing():
    text = "Officials declined to comment. Rates rose."
    assert link(text, spans_of(text, source=["Officials"], cue=["declined to comment"])) == []
    assert link(text, spans_of(text, content=["Rates rose"])) == []


def test_content_far_away_in_another_paragraph_is_not_linked():
    text = "She said it.\n\nA\n\nB\n\nC\n\nThe plan failed."
    spans = spans_of(text, source=["She"], cue=["said"], content=["it", "The plan failed"])
    assert texts(text, link(text, spans)) == [("said", ["it"], "She")]


def test_a_second_cue_in_the_same_sentence_shares_the_subject():
    text = "McCain said the deal was bad, citing low growth. Later, others spoke."
    spans = spans_of(
        text, source=["McCain"], cue=["said", "citing"], content=["the deal was bad", "low growth"]
    )
    assert texts(text, link(text, spans)) == [
        ("said", ["the deal was bad"], "McCain"),
        ("citing", ["low growth"], "McCain"),
    ]


def test_source_never_crosses_another_cue_into_another_sentence():
    text = "He said the deal was done. Talks, it was added, would go on."
    spans = spans_of(text, source=["He"], cue=["said", "was added"], content=["the deal was done", "Talks"])
    assert texts(text, link(text, spans))[1] == ("was added", ["Talks"], "")


def test_rules_first_keeps_rules_and_adds_the_model_where_rules_are_silent():
    from according.attribution.candidates import Candidate
    from according.attribution.learned import add_rule_candidates

    rule = Candidate(cue=((10, 14),), content=((15, 30),), source=((0, 9),))
    overlapping = Candidate(cue=((10, 14),), content=((15, 25),), source=(), finder="model")
    elsewhere = Candidate(cue=((50, 54),), content=((55, 70),), source=((40, 49),), finder="model")
    merged = add_rule_candidates([overlapping, elsewhere], [rule], "rules-first")
    assert merged == [rule, elsewhere]
    assert add_rule_candidates([overlapping], [rule], "none") == [overlapping]
    nested = Candidate(cue=((60, 62),), content=((63, 68),))
    assert add_rule_candidates([elsewhere], [nested], "nested") == [elsewhere, nested]
