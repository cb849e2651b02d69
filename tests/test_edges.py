"""The content-edge experiments (according.train.edges): the completion rules add the piece
PolNeAR writes, the candidate edges hold the gold edge, and the error kinds are counted right."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from according.attribution.edges import ContentEnds, Trees
from according.attribution.edges import edge_choices as candidate_edges
from according.document import Article, Attribution, Content, Document, Span
from according.eval.polnear import GoldArticle, GoldAttribution
from according.nlp.pipeline import load_spacy
from according.train.edges import (
    Predicted,
    before_parenthetical,
    edge_choices,
    error_kinds,
    quote_resumed,
    relative_word,
    score,
)

MAY = "the bridge would reopen in May"


@pytest.fixture(scope="module")
def nlp():
    return load_spacy(None)


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _attribution(text: str, source: str, cue: str, *content: str) -> Attribution:
    return Attribution(
        kind="indirect",
        cue=Span.of(text, *_at(text, cue)),
        content=Content.of(text, [_at(text, c) for c in content]),
        source=Span.of(text, *_at(text, source)),
    )


def test_completion_rules_add_the_piece_polnear_writes(nlp):
    text = "If the plan fails, Mr. Castaneda argues, there are other tools in the toolbox."
    a = _attribution(text, "Mr. Castaneda", "argues", "there are other tools in the toolbox")
    pieces = before_parenthetical(text, nlp(text), a, [a])
    assert pieces is not None
    assert [text[s:e] for s, e in pieces] == ["If the plan fails", "there are other tools in the toolbox"]

    text = "He runs the plant, which Mr. Clarke says he keeps open at a loss."
    a = _attribution(text, "Mr. Clarke", "says", "he keeps open at a loss")
    pieces = relative_word(text, nlp(text), a, [a])
    assert pieces is not None and text[slice(*pieces[0])] == "which"

    text = '"We were floored," Mr. Brown said. "Nobody saw it coming."'
    a = _attribution(text, "Mr. Brown", "said", "We were floored,")
    pieces = quote_resumed(text, nlp(text), a, [a])
    assert pieces is not None and text[slice(*pieces[-1])] == '"Nobody saw it coming."'


def test_completion_rules_leave_other_claims_alone(nlp):
    text = '"We were floored," Mr. Brown said. "Nobody," Ms. Lee said, "saw it."'
    first = _attribution(text, "Mr. Brown", "Brown said", "We were floored,")
    second = _attribution(text, "Ms. Lee", "Lee said", '"Nobody,"')
    assert quote_resumed(text, nlp(text), first, [first, second]) is None
    text = "Asked about it, he said the plan would work."
    a = _attribution(text, "he", "said", "the plan would work")
    assert before_parenthetical(text, nlp(text), a, [a]) is None  # no second comma: not a parenthesis


def _predicted(nlp, text: str, gold: str, predicted: str) -> Predicted:
    a = _attribution(text, "Officials", "said", predicted)
    g = GoldAttribution(
        cue=(_at(text, "said"),), content=(_at(text, gold),), source=(_at(text, "Officials"),)
    )
    document = Document(article=Article(text=text), attributions=(a,))
    return Predicted(GoldArticle("t", text, (g,), "a"), document, nlp(text))


def test_edge_choices_hold_the_gold_end_once_and_keep_the_extractor_end(nlp):
    text = "Officials said the bridge would reopen in May after repairs to its deck."
    p = _predicted(
        nlp, text, "the bridge would reopen in May", "the bridge would reopen in May after repairs"
    )
    choices = edge_choices([p], "end")
    assert sum(c.right for c in choices) == 1
    right = next(c for c in choices if c.right)
    assert right.moved and text[slice(*right.spans[-1])] == "the bridge would reopen in May"
    kept = [c for c in choices if not c.moved]
    assert len(kept) == 1 and kept[0].spans == p.document.attributions[0].content.spans
    assert score([p], {id(right.attribution): right.spans}).f1("exact", "content") == 1.0
    assert score([p]).f1("exact", "content") == 0.0


def test_error_kinds_tell_start_end_and_false_alarm(nlp):
    text = "Officials said the bridge would reopen in May after repairs to its deck."
    assert error_kinds(
        [_predicted(nlp, text, "the bridge would reopen", "the bridge would reopen in May")]
    ) == {"end": 1}
    assert error_kinds([_predicted(nlp, text, "bridge would reopen", "the bridge would reopen")]) == {
        "start": 1
    }
    assert error_kinds([_predicted(nlp, text, "the bridge", "the bridge")]) == {"exact": 1}


def test_trees_flattened_from_sklearn_score_as_sklearn_does():
    from sklearn.ensemble import HistGradientBoostingClassifier

    from according.train.edges import trees_from_sklearn

    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 5))
    y = (x[:, 0] + 0.5 * x[:, 3] > 0.2).astype(float)
    model = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=7, random_state=0).fit(x, y)
    trees = Trees.from_config(trees_from_sklearn(model).to_config())
    assert np.allclose(trees.decision(x), model.decision_function(x))


def test_content_end_stage_moves_the_end_where_its_trees_say(nlp):
    text = "Officials said the bridge would reopen in May after repairs to its deck."
    p = _predicted(
        nlp, text, "the bridge would reopen in May", "the bridge would reopen in May after repairs"
    )
    first = p.document.attributions[0]
    choices = candidate_edges(p.parse, text, first, "end")
    # one tree, one split on "the next word is 'after'": the only end it likes is before "after"
    after = next(i for i, c in enumerate(choices) if text[c.spans[-1][1] :].startswith(" after"))
    column = next(i for i, v in enumerate(choices[after].features) if v and not choices[0].features[i])
    trees = Trees(
        feature=np.array([column, -1, -1]),
        threshold=np.array([0.5, 0.0, 0.0]),
        left=np.array([1, -1, -1]),
        right=np.array([2, -1, -1]),
        value=np.array([0.0, -1.0, 1.0]),
        roots=np.array([0]),
        baseline=0.0,
    )
    stage = ContentEnds.from_config(ContentEnds(trees).to_config())
    (moved,) = stage.refine(p.parse, text, p.document.attributions)
    assert moved.content.text == "the bridge would reopen in May"
    assert moved.cue == first.cue and moved.source == first.source


def test_content_end_stage_keeps_a_nested_claim_inside(nlp):
    text = "Officials said the mayor claimed the bridge would reopen in May."
    outer = _attribution(text, "Officials", "said", "the mayor claimed the bridge would reopen in May")
    inner = replace(_attribution(text, "mayor", "claimed", "the bridge would reopen in May"), parent=0)
    always_earliest = Trees(  # prefers the end furthest back (feature 0: words moved, negative earlier)
        feature=np.array([0, -1, -1]),
        threshold=np.array([-0.5, 0.0, 0.0]),
        left=np.array([1, -1, -1]),
        right=np.array([2, -1, -1]),
        value=np.array([1.0, -1.0, 0.0]),
        roots=np.array([0]),
        baseline=0.0,
    )
    assert ContentEnds(always_earliest).refine(nlp(text), text, (outer, inner)) == (outer, inner)


def test_unusable_stage_config_is_refused():
    with pytest.raises(ValueError):
        arrays = {"feature": [0], "threshold": [], "left": [], "right": [], "value": [], "roots": [0]}
        Trees.from_config({**arrays, "baseline": 0})
