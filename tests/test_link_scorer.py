"""The learned link scorer: features, thresholded linking, config round trip, fitting rows."""

from __future__ import annotations

import json

import numpy as np
import pytest

from according.attribution import SHIPPED_MODEL_DIR
from according.attribution.candidates import Context
from according.attribution.link_scorer import FEATURES, LinkScorer, candidate_features, pair_features
from according.attribution.linking import link
from according.errors import ModelError
from according.eval.polnear import GoldArticle, GoldAttribution


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def feature(row: list[float], name: str) -> float:
    return row[FEATURES.index(name)]


def test_features_see_direction_that_and_the_quote_comma_shape():
    text = 'Trump said at a rally that taxes will fall. "We will win," she said.'
    said, she_said = at(text, "said"), at(text, "said", 1)
    row = pair_features(text, said, at(text, "taxes will fall"), rank=0)
    assert feature(row, "after") == 1 and feature(row, "that_between") == 1
    assert feature(row, "same_sentence") == 1
    quoted = at(text, '"We will win,"')
    row = pair_features(text, she_said, quoted, rank=0)
    assert feature(row, "after") == 0 and feature(row, "quote_comma_before") == 1
    assert feature(row, "piece_quoted") == 1
    row = pair_features(text, said, quoted, rank=1)
    assert feature(row, "sentences") == 1 and feature(row, "same_sentence") == 0
    rows = candidate_features(text, [said, she_said], quoted)
    assert rows.shape == (2, len(FEATURES)) and feature(list(rows[1]), "nearest") == 1


def test_context_features_see_the_other_spans_between_cue_and_piece():
    text = 'The mayor said taxes will rise. Critics, however, argued cuts hurt. "It is a disgrace."'
    said = at(text, "said")
    near, far, quote = at(text, "taxes will rise"), at(text, "cuts hurt"), at(text, '"It is a disgrace."')
    critics = at(text, "Critics")
    context = Context(pieces=[near, far, quote], sources=[critics])
    row = pair_features(text, said, far, rank=0, context=context)
    assert feature(row, "pieces_between") == 1 and feature(row, "source_between") == 1
    assert feature(row, "after_source_between") == 1 and feature(row, "same_side_adjacent") == 1
    assert feature(row, "full_sentence") == 0
    row = pair_features(text, said, near, rank=0, context=context)
    assert feature(row, "pieces_between") == 0 and feature(row, "source_between") == 0
    assert feature(row, "same_side_adjacent") == 0  # only the piece itself is next to the cue
    row = pair_features(text, said, quote, rank=1, context=context)
    assert feature(row, "pieces_between") == 2 and feature(row, "sentence_start") == 1
    assert feature(row, "full_sentence") == 1 and feature(row, "after_full_sentence") == 1
    # Without a context the same pair looks isolated.
    assert feature(pair_features(text, said, quote, rank=1), "pieces_between") == 0


def test_shipped_scorer_doubts_a_piece_with_another_claim_in_between():
    # A second piece after "said", with another piece between them, is less likely the mayor's.
    text = "The mayor said taxes will rise, and officials later noted that schools would close."
    said, near, far = at(text, "said"), at(text, "taxes will rise"), at(text, "schools would close")
    scorer = shipped_scorer()
    alone = scorer.probabilities(candidate_features(text, [said], far, Context(pieces=[far])))[0]
    behind = scorer.probabilities(candidate_features(text, [said], far, Context(pieces=[near, far])))[0]
    assert behind < alone


def shipped_scorer() -> LinkScorer:
    config = json.loads((SHIPPED_MODEL_DIR / "config.json").read_text())
    return LinkScorer.from_config(config["linker"])


def test_shipped_scorer_leaves_a_stray_piece_in_the_next_paragraph_unlinked():
    # Distance alone hands any content piece to the nearest cue, even across a paragraph.
    text = "The mayor said taxes will rise.\n\nSnow fell on the hills overnight, closing two roads."
    spans = [
        ("Source", at(text, "The mayor"), 0.9),
        ("Cue", at(text, "said"), 0.9),
        ("Content", at(text, "taxes will rise"), 0.9),
        ("Content", at(text, "Snow fell on the hills overnight"), 0.9),
    ]
    contents = [[text[slice(*p)] for p in c.content] for c in link(text, spans)]
    assert contents == [["taxes will rise", "Snow fell on the hills overnight"]]
    contents = [[text[slice(*p)] for p in c.content] for c in link(text, spans, scorer=shipped_scorer())]
    assert contents == [["taxes will rise"]]


def test_shipped_scorer_keeps_quote_comma_content_with_its_own_cue():
    text = '"We will win," she said. Critics argued the plan was unfair.'
    spans = [
        ("Cue", at(text, "said"), 0.9),
        ("Cue", at(text, "argued"), 0.9),
        ("Content", at(text, '"We will win,"'), 0.9),
        ("Content", at(text, "the plan was unfair"), 0.9),
    ]
    linked = link(text, spans, scorer=shipped_scorer())
    found = {text[slice(*c.cue[0])]: [text[slice(*p)] for p in c.content] for c in linked}
    assert found == {"said": ['"We will win,"'], "argued": ["the plan was unfair"]}


def test_a_piece_below_the_threshold_stays_unlinked():
    text = "He said it rained."
    spans = [("Cue", at(text, "said"), 0.9), ("Content", at(text, "it rained"), 0.9)]
    never = LinkScorer(tuple(0.0 for _ in FEATURES), bias=-10.0, threshold=0.5)
    assert link(text, spans, scorer=never) == []
    always = LinkScorer(tuple(0.0 for _ in FEATURES), bias=10.0, threshold=0.5)
    assert len(link(text, spans, scorer=always)) == 1


def test_config_round_trip_and_foreign_features_are_refused(tmp_path):
    scorer = shipped_scorer()
    assert LinkScorer.from_config(scorer.to_config()) == LinkScorer(
        tuple(round(w, 6) for w in scorer.weights), round(scorer.bias, 6), scorer.threshold
    )
    with pytest.raises(ValueError):
        LinkScorer.from_config({**scorer.to_config(), "features": ["gap"]})
    from according.attribution.learned import SpanTagger

    model = tmp_path / "m"
    model.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (model / name).write_bytes((SHIPPED_MODEL_DIR / name).read_bytes())
    config = json.loads((SHIPPED_MODEL_DIR / "config.json").read_text())
    config["linker"] = {"features": ["gap"], "weights": [1.0], "bias": 0.0, "threshold": 0.5}
    (model / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="linker"):
        SpanTagger(model)


class GoldTagger:
    """Stands in for SpanTagger: predicts the gold spans plus one stray content piece."""

    def __init__(self, stray: str):
        self.stray = stray

    def spans(self, text: str):
        out = [("Cue", at(text, "said"), 1.0), ("Cue", at(text, "argued"), 1.0)]
        out += [("Content", at(text, "taxes rise"), 1.0), ("Content", at(text, "cuts hurt"), 1.0)]
        out.append(("Content", at(text, self.stray), 1.0))
        return sorted(out, key=lambda x: x[1])


def test_linker_rows_label_the_gold_cue_and_reject_stray_pieces():
    pytest.importorskip("torch")  # according.train needs the train extra
    from according.train.linker import linker_rows

    text = "The mayor said taxes rise. Critics argued cuts hurt. Rain fell."
    art = GoldArticle(
        name="a",
        text=text,
        attributions=(
            GoldAttribution(cue=(at(text, "said"),), content=(at(text, "taxes rise"),), source=()),
            GoldAttribution(cue=(at(text, "argued"),), content=(at(text, "cuts hurt"),), source=()),
        ),
        annotator="x",
    )
    rows, labels = linker_rows(GoldTagger("Rain fell"), [art])  # type: ignore[arg-type]
    # "taxes rise" may join either cue; "argued" stands between "said" and the later pieces.
    assert rows.shape == (4, len(FEATURES))
    # taxes rise -> said (not argued), cuts hurt -> argued, the stray piece -> no cue
    assert labels.tolist() == [1.0, 0.0, 1.0, 0.0]
    assert np.isfinite(rows).all()
