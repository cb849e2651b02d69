"""Shared helper for the rule tests: run the rules on a sentence, read the spans back as text."""

from __future__ import annotations

from according.attribution.rules import find_candidates


def found(nlp, text: str) -> list[tuple[list[str], str, list[str]]]:
    """(source texts, cue text, content texts) for each candidate, in cue order."""
    out = []
    for c in find_candidates(nlp(text)):
        out.append(
            (
                [text[s:e] for s, e in c.source],
                " ".join(text[s:e] for s, e in c.cue),
                [text[s:e] for s, e in c.content],
            )
        )
    return out
