"""Scoring on hand-made gold/prediction pairs whose numbers are worked out by hand."""

from __future__ import annotations

import re

import pytest

from according.document import Article, Attribution, Content, Document, Span
from according.eval.metrics import (
    Item,
    article_errors,
    exact_key,
    is_direct,
    score_article,
    score_corpus,
    trim,
)
from according.eval.polnear import GoldArticle, GoldAttribution

TEXT = (
    'The mayor said that taxes will rise. "We will win," he said, "and soon." '
    "Critics claimed otherwise, according to reports."
)


def at(phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth whole-word occurrence of ``phrase`` in TEXT."""
    found = list(re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", TEXT))
    return found[nth].start(), found[nth].end()


def gold(*attributions: GoldAttribution, text: str = TEXT) -> GoldArticle:
    return GoldArticle(name="sample", text=text, attributions=tuple(attributions), annotator="x")


def g(cue: str, content: list[str], source: str | None = None, cue_nth: int = 0) -> GoldAttribution:
    return GoldAttribution(
        cue=(at(cue, cue_nth),),
        content=tuple(sorted(at(c) for c in content)),
        source=(at(source),) if source else (),
    )


def p(cue: str, content: list[str], source: str | None = None, cue_nth: int = 0) -> Attribution:
    return Attribution(
        kind="indirect",
        cue=Span.of(TEXT, *at(cue, cue_nth)),
        content=Content.of(TEXT, [at(c) for c in content]),
        source=Span.of(TEXT, *at(source)) if source else None,
    )


def doc(*attributions: Attribution) -> Document:
    return Document(Article(text=TEXT), tuple(attributions))


MAYOR = ("said", ["that taxes will rise"], "The mayor")
QUOTE = ("said", ['"We will win,"', '"and soon."'], "he", 1)
CRITICS = ("claimed", ["otherwise"], "Critics")


def test_trim_strips_punctuation_quotes_and_space() -> None:
    s, e = at('"and soon."')
    e += 1  # the space after it
    assert TEXT[slice(*trim(TEXT, s, e))] == "and soon"
    assert trim("“”", 0, 2) == (2, 2)


def test_punctuation_only_span_matches_only_itself() -> None:
    text = "Caddell: voters worry; polls - mixed"
    colon = exact_key(text, ((7, 8),))
    assert colon == frozenset({7})
    assert colon != exact_key(text, ((21, 22),))  # ";"


def test_exact_key_ignores_quote_marks_and_piece_boundaries() -> None:
    with_quotes = exact_key(TEXT, (at('"We will win,"'), at('"and soon."')))
    bare = exact_key(TEXT, (at("We will win"), at("and soon")))
    assert with_quotes == bare
    # the quote with "he said" inside is a different span
    assert exact_key(TEXT, (at('"We will win," he said, "and soon."'),)) != bare


def test_direct_detection() -> None:
    assert is_direct(TEXT, (at('"We will win,"'),))
    assert is_direct(TEXT, (at("We will win"),))  # wrapped in quotes
    assert not is_direct(TEXT, (at("that taxes will rise"),))


def test_perfect_prediction_scores_one_everywhere() -> None:
    scores = score_article(gold(g(*MAYOR), g(*QUOTE), g(*CRITICS)), doc(p(*MAYOR), p(*QUOTE), p(*CRITICS)))
    for role in ("source", "cue", "content"):
        for metric in ("exact", "overlap"):
            assert scores.f1(metric, role) == 1.0
    assert scores.f1("exact", "attribution") == 1.0
    assert scores.get("direct", "exact", "attribution").gold == 1
    assert scores.get("indirect", "exact", "attribution").gold == 2


def test_known_numbers() -> None:
    # gold: three attributions. prediction: mayor right but content without "that";
    # the quote with a wrong source ("he said" span as source); critics missed;
    # one false alarm on "according to".
    predicted = doc(
        p("said", ["taxes will rise."], "The mayor"),
        p("said", ["We will win", "and soon"], "he said", cue_nth=1),
        p("according to", ["reports"]),
    )
    scores = score_article(gold(g(*MAYOR), g(*QUOTE), g(*CRITICS)), predicted)
    cue = scores.get("all", "exact", "cue")
    assert (cue.matched, cue.predicted, cue.gold) == (2, 3, 3)
    src = scores.get("all", "exact", "source")
    assert (src.matched, src.predicted, src.gold) == (1, 2, 3)
    content = scores.get("all", "exact", "content")
    assert (content.matched, content.predicted, content.gold) == (1, 3, 3)
    assert content.precision == pytest.approx(1 / 3)
    # overlap on content: gold tokens 4 (that taxes will rise) + 5 (We will win and soon) + 1 = 10;
    # predicted tokens 3 + 5 + 1 = 9; shared 3 + 5 = 8
    ov = scores.get("all", "overlap", "content")
    assert (ov.matched, ov.predicted, ov.gold) == (8, 9, 10)
    assert ov.precision == pytest.approx(8 / 9)
    assert ov.recall == pytest.approx(8 / 10)
    assert ov.f1 == pytest.approx(2 * (8 / 9) * 0.8 / (8 / 9 + 0.8))
    # overlap on source: "he said" (2 tokens) vs "he" (1): shared 1
    ovs = scores.get("all", "overlap", "source")
    assert (ovs.matched, ovs.predicted, ovs.gold) == (2 + 1, 2 + 2, 2 + 1 + 1)
    # no attribution right as a whole (mayor content differs, quote source differs)
    whole = scores.get("all", "exact", "attribution")
    assert (whole.matched, whole.predicted, whole.gold) == (0, 3, 3)
    # split: the quote is the only direct one on both sides; its cue matches
    d = scores.get("direct", "exact", "cue")
    assert (d.matched, d.predicted, d.gold) == (1, 1, 1)
    i = scores.get("indirect", "exact", "cue")
    assert (i.matched, i.predicted, i.gold) == (1, 2, 2)


def test_matching_is_one_to_one() -> None:
    scores = score_article(gold(g(*MAYOR)), doc(p(*MAYOR), p(*MAYOR)))
    for metric in ("exact", "overlap"):
        c = scores.get("all", metric, "content")
        assert c.precision == pytest.approx(0.5)
        assert c.recall == 1.0
    whole = scores.get("all", "exact", "attribution")
    assert (whole.matched, whole.predicted, whole.gold) == (1, 2, 1)


def test_absent_source_matches_only_absent_source() -> None:
    no_source = ("claimed", ["otherwise"], None)
    assert score_article(gold(g(*no_source)), doc(p(*no_source))).f1("exact", "attribution") == 1.0
    scores = score_article(gold(g(*no_source)), doc(p(*CRITICS)))
    assert scores.f1("exact", "attribution") == 0.0
    src = scores.get("all", "exact", "source")
    assert (src.matched, src.predicted, src.gold) == (0, 1, 0)


def test_corpus_scores_are_micro_averaged() -> None:
    pairs = [
        (gold(g(*MAYOR)), doc(p(*MAYOR))),  # 1/1
        (gold(g(*MAYOR), g(*QUOTE), g(*CRITICS)), doc()),  # 0/0 predicted, 3 gold
    ]
    cue = score_corpus(pairs).get("all", "exact", "cue")
    assert (cue.matched, cue.predicted, cue.gold) == (1, 1, 4)
    assert cue.precision == 1.0 and cue.recall == 0.25
    assert cue.f1 == pytest.approx(0.4)


def test_mismatched_text_is_refused() -> None:
    other = Document(Article(text=TEXT + " extra"), ())
    with pytest.raises(ValueError, match="sample"):
        score_article(gold(g(*MAYOR)), other)


def test_errors_list_misses_and_false_alarms_per_role() -> None:
    predicted = doc(p("said", ["taxes will rise"], "The mayor"), p("according to", ["reports"]))
    errors = article_errors(gold(g(*MAYOR), g(*CRITICS)), predicted)
    assert {(e.role, e.text) for e in errors.misses} == {
        ("content", "that taxes will rise"),
        ("cue", "claimed"),
        ("source", "Critics"),
        ("content", "otherwise"),
    }
    assert {(e.role, e.text) for e in errors.false_alarms} == {
        ("content", "taxes will rise"),
        ("cue", "according to"),
        ("content", "reports"),
    }


def test_item_roles() -> None:
    item = Item(cue=((0, 1),), content=((2, 3),))
    assert item.role("source") == ()
    assert item.role("cue") == ((0, 1),)


def test_nested_predictions_are_not_scored() -> None:
    # PolNeAR is univocal (no token in two attributions), so a claim nested in another's
    # content (parent set) is outside what its gold can hold.
    nested = Attribution(
        kind="indirect",
        cue=Span.of(TEXT, *at("claimed")),
        content=Content.of(TEXT, [at("otherwise")]),
        parent=0,
    )
    scores = score_article(gold(g(*MAYOR)), doc(p(*MAYOR), nested))
    cue = scores.get("all", "exact", "cue")
    assert (cue.matched, cue.predicted, cue.gold) == (1, 1, 1)
