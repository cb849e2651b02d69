"""A learned score for "this content piece belongs to that cue", replacing bare distance.

Pure distance attaches a piece to whichever cue is closest in characters, so "Trump said at
a rally that X. Clinton now says Y" hands X to "now says" (it ends nearer), and a stray piece
in the next paragraph joins a cue that already has its content. A logistic regression over
cheap, text-only features (direction, gap, sentences and paragraphs crossed, "that" between,
the '"...," she said' shape, rank among the cues) learns those preferences from the tagger's
own output on PolNeAR train; a piece whose best cue scores below the threshold stays unlinked.

Some features look at the other tagged spans too (the ``Context``): a piece with another content
piece or a source between it and the cue, or a whole sentence on the far side of a cue that
already has its content beside it, usually belongs to another attribution (often one whose cue
the tagger missed) — judged pair by pair, such pieces were glued onto the wrong claim.
The weights live in the model's ``config.json`` (key ``linker``): numpy alone applies them.
The context features look up the spans near a pair by bisection in a sorted index of the
context (built once per context), so scoring every piece of a long text stays near-linear.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .candidates import Context, Offsets
from .linking import gap

FEATURES = (
    "after",  # the piece starts after the cue
    "log_gap",
    "after_log_gap",
    "sentences",  # sentence ends crossed between cue and piece (capped at 3)
    "after_sentences",
    "paragraphs",  # paragraph breaks crossed
    "same_sentence",
    "adjacent",  # only spaces/punctuation between
    "that_between",  # "said ... that <piece>"
    "quote_comma_before",  # '"...," she said': the piece ends in , or a quote and precedes the cue
    "piece_quoted",  # the piece opens with a quote mark
    "nearest",  # the closest candidate cue of this piece
    "rank",  # 0 for the closest candidate, 1 for the next, ... (capped at 3)
    # context: the other tagged spans
    "pieces_between",  # other content pieces between cue and piece (capped at 2)
    "source_between",  # a tagged source between cue and piece: another speaker's claim
    "other_side_adjacent",  # the cue has a content piece right next to it on the other side
    "same_side_adjacent",  # ... or on this side (not this piece)
    "log_length",  # of the piece, in characters
    "after_log_length",
    "after_pieces_between",
    "after_source_between",
    "sentence_start",  # the piece opens a sentence
    "full_sentence",  # the piece is a whole sentence
    "after_full_sentence",
)

_QUOTES = "\"'“”‘’«»"
_SENTENCE_END = re.compile(r"[.?!][\"'”’)]*\s")
_THAT = re.compile(r"\bthat\b", re.IGNORECASE)
_SENTENCE_OPENING = re.compile(r"(?:^|[.?!\n][\"'”’)]*\s*)$")
NO_CONTEXT = Context()  # a pair judged alone


class _Index:
    """A context's pieces and sources sorted, for range queries by bisection."""

    def __init__(self, context: Context) -> None:
        self.pieces = sorted(context.pieces)
        self.piece_starts = [p[0] for p in self.pieces]
        ends = [p[1] for p in self.pieces]
        # Tagged pieces do not overlap, so their ends are sorted too; otherwise scan.
        self.piece_ends = ends if all(a <= b for a, b in zip(ends, ends[1:], strict=False)) else None
        self.sources = sorted(context.sources)
        self.source_starts = [s[0] for s in self.sources]

    def pieces_between(self, lo: int, hi: int, piece: Offsets, cap: int = 2) -> int:
        """Pieces other than ``piece`` lying within [lo, hi], counted up to ``cap``."""
        found = 0
        for p in self.pieces[bisect.bisect_left(self.piece_starts, lo) :]:
            if p[0] > hi:
                break
            if p[1] <= hi and p != piece:
                found += 1
                if found >= cap:
                    break
        return found

    def source_between(self, lo: int, hi: int) -> bool:
        for s in self.sources[bisect.bisect_left(self.source_starts, lo) :]:
            if s[0] > hi:
                return False
            if s[1] <= hi:
                return True
        return False

    def beside(self, cue: Offsets, piece: Offsets, reach: int = 3) -> list[Offsets]:
        """Pieces other than ``piece`` within ``reach`` characters of ``cue``."""
        hi = bisect.bisect_right(self.piece_starts, cue[1] + reach)
        lo = bisect.bisect_left(self.piece_ends, cue[0] - reach) if self.piece_ends is not None else 0
        return [p for p in self.pieces[lo:hi] if p != piece and gap(p, cue) <= reach]


_last: tuple[Context, _Index] | None = None


def _index(context: Context) -> _Index:
    """The index of ``context``, kept for the last context seen (one text is scored at a time)."""
    global _last
    last = _last
    if last is not None and last[0] is context:
        return last[1]
    index = _Index(context)
    _last = (context, index)
    return index


def pair_features(
    text: str, cue: Offsets, piece: Offsets, rank: int, context: Context = NO_CONTEXT
) -> list[float]:
    """Feature vector (in ``FEATURES`` order) of linking ``piece`` to ``cue``."""
    after = piece[0] >= cue[1]
    lo, hi = (cue[1], piece[0]) if after else (piece[1], cue[0])
    between = text[lo:hi] if hi > lo else ""
    paragraphs = between.count("\n")
    sentences = min(3, len(_SENTENCE_END.findall(between)))
    log_gap = math.log1p(max(0, hi - lo))
    stripped = text[piece[0] : piece[1]].rstrip()
    ends_open = bool(stripped) and stripped[-1] in _QUOTES + ","
    first = text[piece[0] : piece[0] + 1]
    index = _index(context)
    pieces_between = index.pieces_between(lo, hi, piece)
    source_between = index.source_between(lo, hi)
    beside = index.beside(cue, piece)
    other_side = any((p[1] <= cue[0]) if after else (p[0] >= cue[1]) for p in beside)
    same_side = any((p[0] >= cue[1]) == after for p in beside)
    length = math.log1p(piece[1] - piece[0])
    opens = bool(_SENTENCE_OPENING.search(text[max(0, piece[0] - 4) : piece[0]]))
    full = opens and stripped.rstrip(_QUOTES + " ")[-1:] in (".", "?", "!")
    return [
        float(after),
        log_gap,
        log_gap * after,
        float(sentences),
        float(sentences * after),
        float(min(paragraphs, 3)),
        float(sentences == 0 and paragraphs == 0),
        float(not between.strip(" \t,;:-–—" + _QUOTES)),
        float(after and bool(_THAT.search(between))),
        float(not after and ends_open and len(between) <= 40),
        float(bool(first) and first in _QUOTES),
        float(rank == 0),
        float(min(rank, 3)),
        float(min(pieces_between, 2)),
        float(source_between),
        float(other_side),
        float(same_side),
        length,
        length * after,
        float(pieces_between > 0 and after),
        float(source_between and after),
        float(opens),
        float(full),
        float(full and after),
    ]


def candidate_features(
    text: str, cues: Sequence[Offsets], piece: Offsets, context: Context = NO_CONTEXT
) -> np.ndarray:
    """One feature row per cue, cues ranked by their distance to ``piece``."""
    order = sorted(range(len(cues)), key=lambda i: gap(cues[i], piece))
    rank = {i: r for r, i in enumerate(order)}
    return np.array(
        [pair_features(text, cue, piece, rank[i], context) for i, cue in enumerate(cues)], dtype=float
    )


@dataclass(frozen=True)
class LinkScorer:
    """Logistic-regression weights over ``FEATURES``; ``threshold`` is the least probability to link."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(rows @ np.asarray(self.weights) + self.bias)))

    def choose(
        self, text: str, cues: Sequence[Offsets], piece: Offsets, context: Context = NO_CONTEXT
    ) -> Offsets | None:
        """The most probable of ``cues`` for ``piece``, or None when none reaches the threshold."""
        if not cues:
            return None
        probs = self.probabilities(candidate_features(text, cues, piece, context))
        best = int(np.argmax(probs))
        return cues[best] if probs[best] >= self.threshold else None

    def to_config(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
        }

    @classmethod
    def from_config(cls, config: dict) -> LinkScorer:
        """Raises ValueError when the stored features are not this version's."""
        if list(config.get("features", [])) != list(FEATURES):
            raise ValueError("linker features differ from this version's")
        weights = tuple(float(w) for w in config["weights"])
        return cls(weights, float(config["bias"]), float(config["threshold"]))


def fit_link_scorer(rows: np.ndarray, labels: np.ndarray, threshold: float = 0.5) -> LinkScorer:
    """Logistic regression over candidate rows (``candidate_features``), label 1 = right cue."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(rows, labels)
    return LinkScorer(tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]), threshold)
