"""What kind of claim an attribution is: direct, mixed, indirect or unattributed.

A claim is *direct* when every word of its content sits inside quotation marks, *mixed* when
only some do ("he said the plan was a 'disaster'"), *indirect* when none do, and *unattributed*
when nobody is named as its source. Double-mark quotations (straight or curly, including those
running over paragraphs) are the rule finder's ``find_quotes``; this module adds single-mark
quotations, which British papers use for headlines and partial quotes ("'risks rebellion'")
and which the finder does not treat as quote runs because single marks double as apostrophes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..document import Kind
from .rules.quotes import QuoteIndex, QuoteRun, find_quotes
from .tokens import Offsets

# A single mark opens after a non-letter and before a letter/digit ("'risks"), and closes after
# a letter or punctuation and before a non-letter ("rebellion'"); "Osechkin's" and "wasn't"
# match neither as a pair.
_SINGLE_OPEN = re.compile(r"(?<![\w\u2019'])[\u2018'](?=[\w\"\u201c$£€(])")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?;:\u2026)%\"\u201d-])[\u2019'](?![\w])")
_LINE = re.compile(r"[^\n]+")


def _single_quotes(text: str, doubles: list[Offsets]) -> list[Offsets]:
    """Single-mark quotations within one line each, not nested inside a double quotation."""
    starts = [s for s, _ in doubles]

    def in_double(position: int) -> bool:
        k = bisect.bisect_right(starts, position) - 1
        return k >= 0 and position < doubles[k][1]

    found: list[Offsets] = []
    for line in _LINE.finditer(text):
        closes = [m.start() for m in _SINGLE_CLOSE.finditer(text, line.start(), line.end())]
        position = line.start()
        for match in _SINGLE_OPEN.finditer(text, line.start(), line.end()):
            opening = match.start()
            if opening < position or in_double(opening):
                continue
            k = bisect.bisect_right(closes, opening)
            if k < len(closes):
                found.append((opening, closes[k] + 1))
                position = closes[k] + 1
    return found


def quote_runs(text: str) -> list[QuoteRun]:
    """Every quotation in ``text``: the finder's double-mark runs plus single-mark quotations."""
    runs = find_quotes(text)
    doubles = sorted(span for run in runs for span in run.spans)
    runs += [QuoteRun((span,)) for span in _single_quotes(text, doubles)]
    return sorted(runs, key=lambda r: r.start)


def _alnum(text: str, start: int, end: int) -> int:
    return sum(ch.isalnum() for ch in text[start:end]) if end > start else 0


class Quotations:
    """The quotations of one article, and how much of a content they cover."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs = quote_runs(text)
        self.index = QuoteIndex(self.runs)

    @property
    def spans(self) -> list[Offsets]:
        return [span for run in self.runs for span in run.spans]

    def quoted_share(self, spans: Iterable[Offsets]) -> tuple[int, int]:
        """(quoted, total) letters and digits of ``spans``: what the kind is decided on."""
        quoted = total = 0
        for start, end in spans:
            total += _alnum(self.text, start, end)
            for k in self.index.runs_overlapping(start, end):
                for s, e in self.runs[k].spans:
                    quoted += _alnum(self.text, max(s, start), min(e, end))
        return quoted, total

    def kind(self, content: Iterable[Offsets], has_source: bool) -> Kind:
        if not has_source:
            return "unattributed"
        quoted, total = self.quoted_share(content)
        if total and quoted == total:
            return "direct"
        return "mixed" if quoted else "indirect"
