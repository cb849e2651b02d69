"""Score predicted attributions against PolNeAR gold: pure functions, no I/O.

Two views per role (source, cue, content), both micro-averaged over all articles:

* **exact**: a predicted span matches a gold span when both cover the same characters after
  trimming whitespace, punctuation and quotation marks (straight and curly) from the ends of
  every piece. A span is compared as the *set of non-space character positions* it covers after
  that trimming, so a discontinuous content (``"We will win," he said, "and soon."``) matches
  whether it is given as two pieces or as the same pieces with or without their quote marks.
* **overlap** (as BBC's Citron reports it): article text is split into word tokens (runs of
  letters/digits; whitespace and punctuation only separate). Predicted and gold spans are paired
  one-to-one, greedily by most shared tokens; precision = shared tokens / predicted tokens,
  recall = shared tokens / gold tokens, summed over all spans of the role.

Plus **attribution**: a predicted attribution matches a gold one when source, cue and content
all match exactly (a source absent on both sides counts as matching).

Every figure is also split **direct** / **indirect**: an attribution is direct when its content,
or the character just before/after it, holds a double quotation mark (straight, curly or
guillemet); predicted and gold are classified the same way and matched within their class.

Matching is one-to-one throughout: a gold span (or attribution) can be matched only once.
Roles are counted per attribution, so a source shared by two gold attributions is two gold
sources. Attributions without a source add nothing to the source figures on either side.
Only outermost predictions are scored (see ``predicted_items``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from ..document import Document
from ..spans import is_direct, trim
from .polnear import GoldArticle

Spans = tuple[tuple[int, int], ...]

ROLES = ("source", "cue", "content")
METRICS = ("exact", "overlap")
SPLITS = ("all", "direct", "indirect")
ATTRIBUTION = "attribution"

_WORD = re.compile(r"\w+")


@dataclass
class Counts:
    """Matched, predicted and gold units (spans, attributions, or tokens for overlap)."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.matched,
            "predicted": self.predicted,
            "gold": self.gold,
        }


Key = tuple[str, str, str]  # (split, metric, role)


@dataclass
class Scores:
    """Counts keyed by ``(split, metric, role)``; role ``"attribution"`` exists for ``exact`` only."""

    counts: dict[Key, Counts] = field(default_factory=dict)

    def get(self, split: str, metric: str, role: str) -> Counts:
        return self.counts.setdefault((split, metric, role), Counts())

    def add(self, other: Scores) -> None:
        for key, value in other.counts.items():
            self.get(*key).add(value)

    def f1(self, metric: str, role: str, split: str = "all") -> float:
        return self.get(split, metric, role).f1

    def to_json(self) -> dict[str, dict[str, dict[str, dict[str, float | int]]]]:
        out: dict[str, dict[str, dict[str, dict[str, float | int]]]] = {}
        for split in SPLITS:
            for metric in METRICS:
                for role in (*ROLES, ATTRIBUTION):
                    if metric == "overlap" and role == ATTRIBUTION:
                        continue
                    out.setdefault(split, {}).setdefault(metric, {})[role] = self.get(
                        split, metric, role
                    ).to_json()
        return out


@dataclass(frozen=True)
class Item:
    """One attribution reduced to what scoring needs: spans per role and its class."""

    cue: Spans
    content: Spans
    source: Spans = ()
    direct: bool = False

    def role(self, name: str) -> Spans:
        return getattr(self, name)  # type: ignore[no-any-return]


def exact_key(text: str, spans: Spans) -> frozenset[int]:
    """The non-space character positions a span covers once each piece's ends are trimmed.

    A span that is nothing but punctuation (PolNeAR has cues like ``:``) keeps its characters,
    so it can only match itself rather than every other all-punctuation span."""
    positions: set[int] = set()
    for s, e in spans:
        s, e = trim(text, s, e)
        positions.update(i for i in range(s, e) if not text[i].isspace())
    if not positions:
        positions = {i for s, e in spans for i in range(s, e) if not text[i].isspace()}
    return frozenset(positions)


def gold_items(article: GoldArticle) -> list[Item]:
    return [
        Item(cue=a.cue, content=a.content, source=a.source, direct=is_direct(article.text, a.content))
        for a in article.attributions
    ]


def predicted_items(document: Document) -> list[Item]:
    """Outermost attributions only: PolNeAR annotates no nesting (a claim reported inside
    another claim's content is left out of gold), so nested ones (``parent`` set) are not scored."""
    text = document.text
    return [
        Item(
            cue=((a.cue.start, a.cue.end),),
            content=tuple(a.content.spans),
            source=((a.source.start, a.source.end),) if a.source else (),
            direct=is_direct(text, tuple(a.content.spans)),
        )
        for a in document.attributions
        if a.parent is None
    ]


class _Tokens:
    """Word tokens of one article text, so a span maps to the token indices it touches."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def of(self, spans: Spans) -> frozenset[int]:
        out: set[int] = set()
        for s, e in spans:
            # tokens with end > s and start < e
            out.update(range(bisect_right(self.ends, s), bisect_left(self.starts, e)))
        return frozenset(out)


def _exact(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[Counts, list[int], list[int]]:
    """One-to-one exact matching; returns counts and indices of unmatched gold / predicted."""
    remaining = Counter(gold)
    unmatched_pred = []
    for i, key in enumerate(pred):
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            unmatched_pred.append(i)
    unmatched_gold = []
    for i, key in enumerate(gold):
        if remaining[key] > 0:
            remaining[key] -= 1
            unmatched_gold.append(i)
    matched = len(pred) - len(unmatched_pred)
    return Counts(matched, len(pred), len(gold)), unmatched_gold, unmatched_pred


def _overlap(gold: list[frozenset[int]], pred: list[frozenset[int]]) -> Counts:
    """Greedy one-to-one pairing by shared tokens; counts are in tokens."""
    pairs = sorted(
        ((len(g & p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred) if g & p),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    shared = 0
    for n, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        shared += n
    return Counts(shared, sum(len(p) for p in pred), sum(len(g) for g in gold))


def _score_items(text: str, tokens: _Tokens, gold: list[Item], pred: list[Item]) -> Scores:
    scores = Scores()
    for role in ROLES:
        g_spans = [it.role(role) for it in gold if it.role(role)]
        p_spans = [it.role(role) for it in pred if it.role(role)]
        counts, _, _ = _exact([exact_key(text, s) for s in g_spans], [exact_key(text, s) for s in p_spans])
        scores.counts[("all", "exact", role)] = counts
        scores.counts[("all", "overlap", role)] = _overlap(
            [tokens.of(s) for s in g_spans], [tokens.of(s) for s in p_spans]
        )

    def whole(it: Item) -> tuple[frozenset[int], ...]:
        return tuple(exact_key(text, it.role(r)) for r in ROLES)

    whole_counts, _, _ = _exact([whole(g) for g in gold], [whole(p) for p in pred])
    scores.counts[("all", "exact", ATTRIBUTION)] = whole_counts
    return scores


def score_items(text: str, gold: list[Item], pred: list[Item]) -> Scores:
    """All metrics for one article, overall and split direct / indirect."""
    tokens = _Tokens(text)
    scores = Scores()
    for split, keep in (("all", None), ("direct", True), ("indirect", False)):
        g = [it for it in gold if keep is None or it.direct == keep]
        p = [it for it in pred if keep is None or it.direct == keep]
        for (_, metric, role), counts in _score_items(text, tokens, g, p).counts.items():
            scores.counts[(split, metric, role)] = counts
    return scores


def score_article(gold: GoldArticle, predicted: Document) -> Scores:
    if predicted.text != gold.text:
        raise ValueError(f"{gold.name}: predicted document text differs from the gold article text")
    return score_items(gold.text, gold_items(gold), predicted_items(predicted))


def score_corpus(pairs: Iterable[tuple[GoldArticle, Document]]) -> Scores:
    """Micro-averaged scores: counts summed over every article before dividing."""
    total = Scores()
    for gold, predicted in pairs:
        total.add(score_article(gold, predicted))
    return total


@dataclass(frozen=True)
class SpanError:
    """A gold span nobody found (miss) or a predicted span not in gold (false alarm)."""

    role: str
    start: int
    end: int
    text: str
    direct: bool

    def to_json(self) -> dict[str, object]:
        return {
            "role": self.role,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "direct": self.direct,
        }


@dataclass(frozen=True)
class ArticleErrors:
    name: str
    misses: tuple[SpanError, ...]
    false_alarms: tuple[SpanError, ...]


def _keys(text: str, items: list[Item], role: str) -> list[frozenset[int]]:
    return [exact_key(text, it.role(role)) for it in items]


def _span_error(text: str, role: str, item: Item) -> SpanError:
    spans = item.role(role)
    return SpanError(
        role=role,
        start=spans[0][0],
        end=spans[-1][1],
        text=" … ".join(text[s:e] for s, e in spans),
        direct=item.direct,
    )


def article_errors(gold: GoldArticle, predicted: Document) -> ArticleErrors:
    """Per role, the gold spans left unmatched and the predicted spans that matched nothing,
    under the same one-to-one exact matching the scores use."""
    text = gold.text
    g_items, p_items = gold_items(gold), predicted_items(predicted)
    misses: list[SpanError] = []
    alarms: list[SpanError] = []
    for role in ROLES:
        g = [it for it in g_items if it.role(role)]
        p = [it for it in p_items if it.role(role)]
        _, miss, alarm = _exact(_keys(text, g, role), _keys(text, p, role))
        misses += [_span_error(text, role, g[i]) for i in miss]
        alarms += [_span_error(text, role, p[i]) for i in alarm]
    order = {r: i for i, r in enumerate(ROLES)}
    misses.sort(key=lambda e: (e.start, order[e.role]))
    alarms.sort(key=lambda e: (e.start, order[e.role]))
    return ArticleErrors(gold.name, tuple(misses), tuple(alarms))
