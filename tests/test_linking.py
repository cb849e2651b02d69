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


# -- near-linear linking: the same answers as comparing everything with everything ----------------

import random  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from according.attribution import link_scorer, linking  # noqa: E402
from according.attribution.candidates import Context  # noqa: E402


def _layout(rng: random.Random, n: int) -> tuple[str, list[tuple[str, tuple[int, int], float]]]:
    """A text of n non-overlapping tagged spans with words, sentence ends and paragraph breaks."""
    text, spans = "", []
    for _ in range(n):
        text += rng.choice(["", " ", "x y. ", ", ", "\n", "\n\n", " and that "]) + "w" * rng.randint(0, 3)
        start = len(text)
        text += rng.choice(["said", '"Q,"', "Alice", "they will go.", "it rained"])
        spans.append((rng.choice(["Cue", "Content", "Content", "Source"]), (start, len(text)), 0.9))
    return text + ".", spans


def _brute_candidates(text, cues, piece):  # type: ignore[no-untyped-def]
    breaks = linking._breaks(text)
    starts = sorted(c[0] for c in cues)
    return [
        c
        for c in cues
        if linking._between(breaks, c, piece) <= linking.MAX_PARAGRAPHS
        and not linking._blocked(starts, c, piece)
    ]


def _brute_context(text, cue, piece, context):  # type: ignore[no-untyped-def]
    after = piece[0] >= cue[1]
    lo, hi = (cue[1], piece[0]) if after else (piece[1], cue[0])
    others = [p for p in context.pieces if p != piece]
    beside = [p for p in others if linking.gap(p, cue) <= 3]
    return (
        min(2, sum(1 for p in others if p[0] >= lo and p[1] <= hi)),
        any(s[0] >= lo and s[1] <= hi for s in context.sources),
        any((p[1] <= cue[0]) if after else (p[0] >= cue[1]) for p in beside),
        any((p[0] >= cue[1]) == after for p in beside),
    )


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=40))
@settings(max_examples=200, deadline=None)
def test_windowed_candidates_and_context_features_equal_the_all_pairs_ones(seed: int, n: int) -> None:
    text, spans = _layout(random.Random(seed), n)
    cues = sorted(o for r, o, _ in spans if r == "Cue")
    context = Context.of(spans)
    names = link_scorer.FEATURES
    wanted = [names.index(k) for k in ("pieces_between", "source_between", "other_side_adjacent")]
    wanted.append(names.index("same_side_adjacent"))
    for piece in context.pieces:
        near = linking.candidate_cues(text, cues, piece)
        assert near == _brute_candidates(text, cues, piece)
        for cue in near:
            row = link_scorer.pair_features(text, cue, piece, 0, context)
            assert tuple(row[i] for i in wanted) == tuple(
                float(x) for x in _brute_context(text, cue, piece, context)
            )


def test_linking_work_grows_linearly_with_the_number_of_spans(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Before: every piece was compared with every cue (136 of 159 s of a 193 KB text in link).
    calls = {"n": 0}
    real_between = linking._between

    def counting_between(breaks, a, b):  # type: ignore[no-untyped-def]
        calls["n"] += 1  # once per (cue, span) pair looked at
        return real_between(breaks, a, b)

    monkeypatch.setattr(linking, "_between", counting_between)
    work = []
    for n in (1_000, 4_000):
        text, spans = _layout(random.Random(7), n)
        calls["n"] = 0
        linking.link(text, spans)
        work.append(calls["n"])
    assert work[1] < 5 * work[0], work
