"""The hand-off between finding attributions and describing them.

Finders (the rules, the trained model) only locate spans: cue, content, source. One shared
step (``according.attribution.enrich.finalize``) then turns candidates into ``Attribution``
records — kind, stance, speaker, channel, nesting — so both finders describe claims the same
way and improvements to description help both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Offsets = tuple[int, int]


def overlaps(piece: Offsets, spans: Iterable[Offsets]) -> bool:
    """``piece`` shares at least one character with any of ``spans``."""
    return any(piece[0] < e and s < piece[1] for s, e in spans)


@dataclass(frozen=True)
class Candidate:
    """Spans of one attribution as found; offsets index ``Article.text``.

    ``source`` is None for unattributed claims ("it has been claimed", "there is speculation").
    ``channel`` may be set when the finder already knows the outlet/recipient span.
    ``confidence`` is the finder's score in [0, 1] where it has one.
    """

    cue: tuple[Offsets, ...]
    content: tuple[Offsets, ...]
    source: tuple[Offsets, ...] = ()
    channel: Offsets | None = None
    confidence: float | None = None
    finder: str = "rules"


@dataclass(frozen=True)
class Context:
    """The spans a tagger found in one text, seen by the link scorer: content pieces and sources."""

    pieces: Sequence[Offsets] = ()
    sources: Sequence[Offsets] = ()

    @classmethod
    def of(cls, spans: Iterable[tuple[str, Offsets, float]]) -> Context:
        """From tagged (role, offsets, score) spans; pieces in text order."""
        spans = list(spans)
        return cls(
            sorted(o for role, o, _ in spans if role == "Content"),
            [o for role, o, _ in spans if role == "Source"],
        )
