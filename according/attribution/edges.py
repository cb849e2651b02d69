"""Where a content ends: the parse's second opinion on the extractor's last word.

Content exact F1 lags content overlap by ~25 points on PolNeAR: the right words with the wrong
edges, a prepositional phrase or a clause too many or too few ("... on Monday", "... because
..."). For each outermost content, the word boundaries within ``WINDOW`` words of its end (same
paragraph, never across its cue) are scored by small gradient-boosted trees over what the parse
says there: the word's part of speech and dependency, the next word, whether a clause's subtree
ends there, sentence and quote marks, how far the end would move. The best-scoring boundary
wins; the extractor's own end is one of the choices, and usually wins.

The trees are fitted on the extractor's predictions on PolNeAR train (``according.train.edges``)
and live in the model's ``config.json`` (``content_end``); numpy evaluates them. The start of a
content was tried the same way and gained nothing (docs/model.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from spacy.tokens import Doc, Token

from ..document import Attribution, Content
from ..spans import is_direct, trim

WINDOW = 10  # words either side of the extractor's edge
_WORDS = (",", ".", "and", "but", "because", "after", "when", "while", "as", "if", "in", "on", "at", "for",
          "to", "--", "-", "—", ";", ":", "who", "which", "that", "with", "by", "from", "since", "before",
          "until", "so", "or", "according", "said", "says")  # fmt: skip
_POS = ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "PRON", "ADP", "DET", "PUNCT", "NUM", "AUX", "CCONJ", "SCONJ",
        "PART")  # fmt: skip
_DEP = ("ccomp", "xcomp", "advcl", "conj", "ROOT", "relcl", "dobj", "pobj", "prep", "nsubj", "mark", "cc",
        "punct", "advmod", "acl", "npadvmod", "appos", "attr", "amod", "compound")  # fmt: skip
QUOTE_MARKS = "\"“”‘’'«»"  # single ones too: a quote closing or opening next
Spans = tuple[tuple[int, int], ...]


_INDEX: dict[tuple[str, ...], dict[str, int]] = {
    vocabulary: {v: i for i, v in enumerate(vocabulary)} for vocabulary in (_WORDS, _POS, _DEP)
}


def _onehot(value: str, vocabulary: tuple[str, ...]) -> list[float]:
    out = [0.0] * len(vocabulary)
    at = _INDEX[vocabulary].get(value)
    if at is not None:
        out[at] = 1.0
    return out


def _features(doc: Doc, text: str, anchor: Token, word: Token, side: str, cue: tuple[int, int],
              direct: bool, edges: set[int]) -> list[float]:  # fmt: skip
    """What the parse says about ending (or starting) the content at ``word``."""
    out = [float(word.i - anchor.i), float(abs(word.i - anchor.i)), float(word is anchor)]
    out += _onehot(word.pos_, _POS) + _onehot(word.dep_, _DEP)
    step = 1 if side == "end" else -1
    near = doc[word.i + step] if 0 <= word.i + step < len(doc) else None
    if near is None:
        out += [0.0] * (len(_WORDS) + len(_POS) + len(_DEP)) + [1.0, 1.0, 0.0]
    else:
        first, second = (word, near) if side == "end" else (near, word)
        out += _onehot(near.text.lower(), _WORDS) + _onehot(near.pos_, _POS) + _onehot(near.dep_, _DEP)
        out += [float(bool(second.is_sent_start)), float("\n" in text[first.idx : second.idx + 1])]
        out += [float(near.text in QUOTE_MARKS)]
    edge = word.right_edge if side == "end" else word.left_edge
    head_edge = word.head.right_edge if side == "end" else word.head.left_edge
    out += [float(word.i in edges), float(edge.i == word.i), float(head_edge.i == word.i), float(direct)]
    out += [float(cue[0] > word.idx)]
    low, high = sorted((anchor.i, word.i))
    moved = doc[low + 1 : high + 1]
    out += [float(sum(t.pos_ == "VERB" for t in moved)), float(sum(t.text == "," for t in moved))]
    out += [float(any(t.is_sent_start for t in moved))]
    return out


@dataclass(frozen=True)
class EdgeChoice:
    """One place a content's edge could be: the content it gives, the scorer's edge (a character
    offset after trimming), the features, and whether it moves the extractor's edge."""

    spans: Spans
    edge: int
    features: list[float]
    moved: bool


def edge_choices(doc: Doc, text: str, attribution: Attribution, side: str = "end") -> list[EdgeChoice]:
    """The word boundaries near one edge of ``attribution``'s content; empty when it has no word."""
    spans = attribution.content.spans
    start, end = spans[-1] if side == "end" else spans[0]
    inside = doc.char_span(start, end, alignment_mode="contract")
    words = [t for t in inside or () if not t.is_punct]
    if not words or not words[-1].text.strip():
        return []
    anchor = words[-1] if side == "end" else words[0]
    line_start = text.rfind("\n", 0, anchor.idx) + 1
    line_end = text.find("\n", anchor.idx)
    line_end = len(text) if line_end < 0 else line_end
    near = doc.char_span(start, end, alignment_mode="expand") or ()
    heads = [t for t in near if start <= t.idx and not start <= t.head.idx < end]  # the content's roots
    edges = {(t.right_edge if side == "end" else t.left_edge).i for t in heads}
    cue = (attribution.cue.start, attribution.cue.end)
    direct = is_direct(text, spans)
    own = trim(text, start, end)[1 if side == "end" else 0]
    out = []
    for word in doc[max(0, anchor.i - WINDOW) : anchor.i + WINDOW + 1]:
        low, high = sorted((anchor.idx, word.idx))
        if word.is_punct or word.is_space or not line_start <= word.idx < line_end:
            continue
        if low < cue[1] and cue[0] <= high:  # never across the cue
            continue
        if side == "end":
            if word.idx < start:
                continue
            piece = (start, word.idx + len(word.text))
            edge, new = trim(text, *piece)[1], (*spans[:-1], piece)
        else:
            if word.idx + len(word.text) > end:
                continue
            piece = (word.idx, end)
            edge, new = trim(text, *piece)[0], (piece, *spans[1:])
        features = _features(doc, text, anchor, word, side, cue, direct, edges)
        out.append(EdgeChoice(spans if word is anchor else new, edge, features, edge != own))
    return out


@dataclass(frozen=True)
class Trees:
    """A gradient-boosted ensemble of regression trees as flat arrays (one entry per node, the
    trees one after another), so numpy evaluates it without scikit-learn."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray  # absolute index of the left child, -1 for a leaf
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray  # index of each tree's root
    baseline: float

    def decision(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds per row: the baseline plus every tree's leaf value."""
        if len(rows) == 0:
            return np.zeros(0)
        node = np.broadcast_to(self.roots, (len(rows), len(self.roots))).copy()
        index = np.arange(len(rows))[:, None]
        while True:
            leaf = self.left[node] < 0
            if leaf.all():
                break
            goes_left = rows[index, np.maximum(self.feature[node], 0)] <= self.threshold[node]
            node = np.where(leaf, node, np.where(goes_left, self.left[node], self.right[node]))
        return self.baseline + self.value[node].sum(axis=1)  # type: ignore[no-any-return]

    def to_config(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "threshold": [float(t) for t in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [float(v) for v in self.value],
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Trees:
        trees = cls(
            feature=np.asarray(config["feature"], dtype=np.int64),
            threshold=np.asarray(config["threshold"], dtype=float),
            left=np.asarray(config["left"], dtype=np.int64),
            right=np.asarray(config["right"], dtype=np.int64),
            value=np.asarray(config["value"], dtype=float),
            roots=np.asarray(config["roots"], dtype=np.int64),
            baseline=float(config["baseline"]),
        )
        arrays = (trees.feature, trees.threshold, trees.left, trees.right, trees.value)
        sizes = {len(a) for a in arrays}
        if len(sizes) != 1 or (len(trees.roots) and int(trees.roots.max()) >= len(trees.feature)):
            raise ValueError("tree arrays of different lengths")
        return trees


@dataclass(frozen=True)
class ContentEnds:
    """Moves each outermost content's end to the best-scoring boundary near the extractor's."""

    trees: Trees

    def refine(self, doc: Doc, text: str, attributions: Sequence[Attribution]) -> tuple[Attribution, ...]:
        """``attributions`` with their outermost contents' ends chosen again. An end is never
        moved before a claim nested in it, so nesting stays as the describing step found it."""
        outer = [
            (i, edge_choices(doc, text, a, "end")) for i, a in enumerate(attributions) if a.parent is None
        ]
        outer = [(i, choices) for i, choices in outer if choices]
        if not outer:
            return tuple(attributions)
        scores = self.trees.decision(np.array([c.features for _, choices in outer for c in choices]))
        out = list(attributions)
        at = 0
        for i, choices in outer:
            best = choices[int(np.argmax(scores[at : at + len(choices)]))]
            at += len(choices)
            inner = [end for b in attributions if b.parent == i for end in (b.content.end, b.cue.end)]
            if best.moved and (not inner or best.spans[-1][1] >= max(inner)):
                out[i] = replace(attributions[i], content=Content.of(text, best.spans))
        return tuple(out)

    def to_config(self) -> dict[str, Any]:
        return {"window": WINDOW, "trees": self.trees.to_config()}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> ContentEnds:
        if int(config["window"]) != WINDOW:
            raise ValueError(f"content_end window {config['window']} differs from this version's {WINDOW}")
        return cls(Trees.from_config(config["trees"]))
