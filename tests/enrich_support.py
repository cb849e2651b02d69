"""Build hand-made candidates from phrases so enrich tests do not depend on any finder."""

from __future__ import annotations

import re

from according.attribution.candidates import Candidate
from according.attribution.enrich import finalize
from according.document import Article, Attribution


def _pattern(phrase: str) -> str:
    left = r"\b" if phrase[0].isalnum() else ""
    right = r"\b" if phrase[-1].isalnum() else ""
    return left + re.escape(phrase) + right


def at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` whole-word occurrence of ``phrase`` in ``text``."""
    pattern = (
        (r"\b" if phrase[0].isalnum() else "") + re.escape(phrase) + (r"\b" if phrase[-1].isalnum() else "")
    )
    match = list(re.finditer(pattern, text))[nth]
    return match.start(), match.end()


def cand(
    text: str,
    cue: str | list[str],
    content: str | list[str],
    source: str | list[str] | None = None,
    nth: int = 0,
    channel: str | None = None,
) -> Candidate:
    """A candidate from phrases: the ``nth`` occurrence of the cue, and of every other phrase
    the occurrence nearest to the cue (lists give discontinuous pieces)."""
    cues = [cue] if isinstance(cue, str) else cue
    cue_spans = tuple(at(text, p, nth) for p in cues)

    def near(value: str | list[str] | None) -> tuple[tuple[int, int], ...]:
        parts = [] if value is None else [value] if isinstance(value, str) else value
        return tuple(_nearest(text, p, cue_spans[0][0]) for p in parts)

    return Candidate(
        cue=cue_spans,
        content=near(content),
        source=near(source),
        channel=near(channel)[0] if channel else None,
        confidence=0.9,
    )


def _nearest(text: str, phrase: str, position: int) -> tuple[int, int]:
    count = len(re.findall(_pattern(phrase), text))
    return min((at(text, phrase, k) for k in range(count)), key=lambda span: abs(span[0] - position))


def run(nlp, text: str, *candidates: Candidate, **article) -> tuple[Attribution, ...]:
    return finalize(nlp(text), Article(text=text, **article), list(candidates))


def one(nlp, text: str, cue, content, source=None, **kwargs) -> Attribution:
    (result,) = run(nlp, text, cand(text, cue, content, source, **kwargs))
    return result
