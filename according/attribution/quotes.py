"""Where the article quotes someone verbatim, and what that makes of a claim's kind.

A claim is *direct* when every word of its content sits inside quotation marks, *mixed* when
only some do ("he said the plan was a 'disaster'"), *indirect* when none do, and *unattributed*
when nobody is named as its source. Quotation marks come in straight and curly, double and
single (British papers quote with single marks); a quote left open at the end of a paragraph
runs to the paragraph's end, which is how news prints a quotation spanning paragraphs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..document import Kind

Offsets = tuple[int, int]

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
# Opening marks: double marks anywhere; single marks only when they are not an apostrophe
# (preceded by a non-letter and followed by a letter/digit).
_OPEN_CLOSE = {"\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
_SINGLE_OPEN = re.compile(r"(?<![\w\u2019'])[\u2018'](?=[\w\"\u201c$£€(])")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?;:\u2026)%\"\u201d-])[\u2019'](?![\w])")


def _paragraphs(text: str) -> Iterable[Offsets]:
    start = 0
    for match in _PARAGRAPH.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _double_regions(text: str, start: int, end: int) -> list[Offsets]:
    """Double-mark quotes in one paragraph: curly pairs, straight marks toggling."""
    regions: list[Offsets] = []
    opened: int | None = None
    closer = ""
    for i in range(start, end):
        ch = text[i]
        if opened is None:
            if ch == '"':
                opened, closer = i, '"'
            elif ch in _OPEN_CLOSE:
                opened, closer = i, _OPEN_CLOSE[ch]
        elif ch == closer or (ch == '"' and closer != '"'):
            regions.append((opened, i + 1))
            opened = None
    if opened is not None:
        regions.append((opened, end))
    return regions


def _single_regions(text: str, start: int, end: int, inside: list[Offsets]) -> list[Offsets]:
    """Single-mark quotes that are not apostrophes and not nested inside a double quote."""
    regions: list[Offsets] = []
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text, start, end)]
    position = start
    for match in _SINGLE_OPEN.finditer(text, start, end):
        o = match.start()
        if o < position or any(s <= o < e for s, e in inside):
            continue
        k = bisect.bisect_right(closes, o)
        if k < len(closes):
            regions.append((o, closes[k] + 1))
            position = closes[k] + 1
    return regions


def quote_regions(text: str) -> list[Offsets]:
    """All quoted stretches of ``text`` (marks included), sorted, non-overlapping at top level."""
    regions: list[Offsets] = []
    for start, end in _paragraphs(text):
        doubles = _double_regions(text, start, end)
        regions.extend(doubles)
        regions.extend(_single_regions(text, start, end, doubles))
    return sorted(regions)


class QuoteIndex:
    """Quote regions of one article, queried per character range in O(log n)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.regions = quote_regions(text)
        self._starts = [s for s, _ in self.regions]

    def inside(self, position: int) -> bool:
        k = bisect.bisect_right(self._starts, position) - 1
        return k >= 0 and self.regions[k][0] <= position < self.regions[k][1]

    def quoted_share(self, spans: Iterable[Offsets]) -> tuple[int, int]:
        """(quoted, total) count of letters/digits of ``spans``: what the kind is decided on."""
        quoted = total = 0
        for start, end in spans:
            for i in range(start, end):
                if self.text[i].isalnum():
                    total += 1
                    quoted += self.inside(i)
        return quoted, total

    def kind(self, content: Iterable[Offsets], has_source: bool) -> Kind:
        if not has_source:
            return "unattributed"
        quoted, total = self.quoted_share(content)
        if total and quoted == total:
            return "direct"
        if quoted:
            return "mixed"
        return "indirect"
