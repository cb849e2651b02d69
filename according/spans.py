"""Span edges as PolNeAR is scored: trimming, and the direct / indirect split.

Shared by the scorer (``according.eval.metrics``) and the content-end stage
(``according.attribution.edges``), so the stage moves an edge exactly where the scorer sees one.
"""

from __future__ import annotations

import unicodedata

Spans = tuple[tuple[int, int], ...]

#: Double quotation marks, straight, curly and guillemets: what makes a content direct.
QUOTES = frozenset('"“”„‟«»〝〞＂')


def _is_trim(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P") or char in QUOTES


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` with surrounding whitespace, punctuation and quotation marks removed."""
    while start < end and _is_trim(text[start]):
        start += 1
    while end > start and _is_trim(text[end - 1]):
        end -= 1
    return start, end


def is_direct(text: str, spans: Spans) -> bool:
    """True when the content holds, or is directly wrapped in, a double quotation mark."""
    if not spans:
        return False
    start, end = spans[0][0], spans[-1][1]
    around = text[max(0, start - 1) : start] + text[end : end + 1]
    return any(ch in QUOTES for s, e in spans for ch in text[s:e]) or any(ch in QUOTES for ch in around)
