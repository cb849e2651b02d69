"""Build hand-made candidates from phrases so enrich tests do not depend on any finder."""

from __future__ import annotations

import re

from according.attribution.candidates import Candidate
from according.attribution.enrich import finalize
from according.document import Article, Attribution


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
    """A candidate from phrases (``nth`` occurrence of each; lists give discontinuous pieces)."""

    def spans(value: str | list[str] | None) -> tuple[tuple[int, int], ...]:
        if value is None:
            return ()
        parts = [value] if isinstance(value, str) else value
        return tuple(at(text, p, nth) for p in parts)

    return Candidate(
        cue=spans(cue),
        content=spans(content),
        source=spans(source),
        channel=at(text, channel) if channel else None,
        confidence=0.9,
    )


def run(nlp, text: str, *candidates: Candidate, **article) -> tuple[Attribution, ...]:
    return finalize(nlp(text), Article(text=text, **article), list(candidates))


def one(nlp, text: str, cue, content, source=None, **kwargs) -> Attribution:
    (result,) = run(nlp, text, cand(text, cue, content, source, **kwargs))
    return result
