"""Group tagged spans into attributions: every cue collects its content pieces and a source.

The tagger only says *which* text is a source, a cue or a content; who goes with whom is
decided here. Each content piece joins the nearest cue (or the most probable one, when the
model carries a ``link_scorer.LinkScorer``) not separated from it by another cue (content may
come before the cue: '"...," she said'), preferring the same paragraph; each cue takes the
nearest source the same way (a source may serve several cues). A cue with no source of its
own shares the source of the cue before it in the same sentence ('McCain said X, citing Y').
A cue left without content is dropped — an attribution needs something attributed. A cue
without a source is an unattributed claim.

Cost is near-linear in the number of spans: a piece's candidates are found by bisection among
the cues next to it (a cue with another cue between it and the piece is never a candidate, so
only neighbours can be) within ``LINK_WINDOW`` characters, and a cue's sources among those
within ``SOURCE_MAX_GAP``; no step compares every cue with every piece.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .candidates import Candidate, Context, Offsets

if TYPE_CHECKING:
    from .link_scorer import LinkScorer

# Extra distance (characters) for crossing a paragraph break or a sentence-final stop.
PARAGRAPH_COST = 400
MAX_PARAGRAPHS = 2  # content further than this many paragraph breaks from its cue is not linked
SOURCE_MAX_GAP = 300
# Content further than this many characters from a cue is not linked to it (the widest gap
# between a cue and its content over PolNeAR train+dev's 25,802 gold pieces is 5,544).
LINK_WINDOW = 6_000
# Cues looked at on each side of a piece: only the nearest can be unblocked (tagged cues do
# not overlap); a few more keep the result exact when they touch.
NEIGHBOURS = 3
_LINE_BREAKS = re.compile(r"\n+")


def _breaks(text: str) -> list[int]:
    """Offsets of paragraph/line breaks (the first newline of each run)."""
    return [m.start() for m in _LINE_BREAKS.finditer(text)]


def gap(a: Offsets, b: Offsets) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _between(breaks: list[int], a: Offsets, b: Offsets) -> int:
    lo, hi = min(a[1], b[1]), max(a[0], b[0])
    if hi <= lo:
        return 0
    return bisect.bisect_left(breaks, hi) - bisect.bisect_left(breaks, lo)


def _same_sentence(text: str, start: int, end: int) -> bool:
    """No sentence end or line break between ``start`` and ``end``."""
    between = text[start:end]
    return "\n" not in between and not any(p + " " in between for p in ".?!")


def _blocked(cue_starts: list[int], cue: Offsets, other: Offsets) -> bool:
    """Another cue lies strictly between ``cue`` and ``other``."""
    lo, hi = min(cue[1], other[1]), max(cue[0], other[0])
    if hi <= lo:
        return False
    i = bisect.bisect_left(cue_starts, lo)
    return i < len(cue_starts) and cue_starts[i] < hi


def _near(cues: Sequence[Offsets], starts: list[int], piece: Offsets) -> Sequence[Offsets]:
    """The cues (sorted by start) worth testing for ``piece``: its neighbours in text order."""
    lo = max(0, bisect.bisect_left(starts, piece[0]) - NEIGHBOURS)
    hi = bisect.bisect_right(starts, piece[1]) + NEIGHBOURS
    return cues[lo:hi]


def _reachable(breaks: list[int], starts: list[int], cue: Offsets, piece: Offsets) -> bool:
    return (
        gap(cue, piece) <= LINK_WINDOW
        and _between(breaks, cue, piece) <= MAX_PARAGRAPHS
        and not _blocked(starts, cue, piece)
    )


def candidate_cues(
    text: str, cues: Sequence[Offsets], piece: Offsets, breaks: list[int] | None = None
) -> list[Offsets]:
    """The cues a content piece may join: at most MAX_PARAGRAPHS breaks and LINK_WINDOW
    characters away, no other cue in between; in text order."""
    breaks = _breaks(text) if breaks is None else breaks
    ordered = sorted(cues)
    starts = [c[0] for c in ordered]
    return [c for c in _near(ordered, starts, piece) if _reachable(breaks, starts, c, piece)]


def _nearest_source(
    sources: list[Offsets], starts: list[int], longest: int, cue: Offsets, cost
) -> Offsets | None:  # type: ignore[no-untyped-def]
    """The cheapest source within SOURCE_MAX_GAP of ``cue`` (sources sorted by start)."""
    lo = bisect.bisect_left(starts, cue[0] - SOURCE_MAX_GAP - longest)
    hi = bisect.bisect_right(starts, cue[1] + SOURCE_MAX_GAP)
    options = [(c, s) for s in sources[lo:hi] if (c := cost(cue, s, 0)) is not None and c <= SOURCE_MAX_GAP]
    return min(options)[1] if options else None


def link(
    text: str,
    spans: Sequence[tuple[str, Offsets, float]],
    finder: str = "model",
    scorer: LinkScorer | None = None,
) -> list[Candidate]:
    """(role, offsets, score) spans -> Candidates, one per cue that found content.

    With a ``scorer`` each content piece joins its most probable cue (or none, below the
    scorer's threshold); without one, the nearest cue."""
    cues = sorted(o for r, o, _ in spans if r == "Cue")
    if not cues:
        return []
    score = {o: s for _, o, s in spans}
    breaks = _breaks(text)
    cue_starts = [c[0] for c in cues]

    def cost(cue: Offsets, other: Offsets, max_paragraphs: int) -> float | None:
        paragraphs = _between(breaks, cue, other)
        if paragraphs > max_paragraphs or _blocked(cue_starts, cue, other):
            return None
        return gap(cue, other) + PARAGRAPH_COST * paragraphs

    contents: dict[Offsets, list[Offsets]] = {c: [] for c in cues}
    context = Context.of(spans)
    for piece in context.pieces:
        near = [c for c in _near(cues, cue_starts, piece) if _reachable(breaks, cue_starts, c, piece)]
        if scorer is not None:
            chosen = scorer.choose(text, near, piece, context)
            if chosen is not None:
                contents[chosen].append(piece)
            continue
        options = [(c, cue) for cue in near if (c := cost(cue, piece, MAX_PARAGRAPHS)) is not None]
        if options:
            contents[min(options)[1]].append(piece)
    sources = sorted(context.sources)
    source_starts = [s[0] for s in sources]
    longest = max((e - s for s, e in sources), default=0)
    source_of: dict[Offsets, Offsets | None] = {}
    for k, cue in enumerate(cues):
        source_of[cue] = _nearest_source(sources, source_starts, longest, cue, cost)
        if source_of[cue] is None and k and _same_sentence(text, cues[k - 1][1], cue[0]):
            # "McCain said, citing ...", "He called on X and proposed Y": the subject is shared.
            source_of[cue] = source_of[cues[k - 1]]
    out = []
    for cue in cues:
        if not contents[cue]:
            continue
        found = source_of[cue]
        source = (found,) if found is not None else ()
        parts = [cue, *contents[cue], *source]
        confidence = sum(score.get(p, 1.0) for p in parts) / len(parts)
        out.append(
            Candidate(
                cue=(cue,), content=tuple(contents[cue]), source=source, confidence=confidence, finder=finder
            )
        )
    return out
