"""Quotation runs in raw text, found before parsing so that quotes survive bad sentence splits.

A run is one quotation as the reader sees it. It is usually one span from the opening to the
closing mark (curly, straight, or the two apostrophes ``''`` of some wire copy), but news
convention lets a quote run over paragraphs: the paragraph ends with
the quote still open and the next paragraph reopens it with another opening mark. Those
paragraphs form ONE run with one span per paragraph, so the whole quote becomes the content
of a single attribution. Spans include the quotation marks, as PolNeAR's content does.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

OPEN = "“„«"
CLOSE = "”»"
STRAIGHT = '"'
#: Characters after which a straight quote opens rather than closes.
OPENS_AFTER = " \t\n\r([{—–-/\xa0"


@dataclass(frozen=True)
class QuoteRun:
    spans: tuple[tuple[int, int], ...]
    closed: bool = True  # False: the paragraph ended with the quote still open, nothing reopened it

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def _is_open(text: str, i: int, width: int = 1) -> bool:
    ch = text[i]
    if ch in OPEN:
        return True
    if ch in CLOSE:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before in OPENS_AFTER or before in OPEN) and not after.isspace()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if text[start:i].strip():
                out.append((start, i))
            start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def find_quotes(text: str) -> list[QuoteRun]:
    """All quotation runs in ``text`` in order; unbalanced marks are tolerated, not fatal."""
    runs: list[QuoteRun] = []
    pending: list[tuple[int, int]] = []  # spans of a run still open at a paragraph end
    for p_start, p_end in _paragraphs(text):
        para_first = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        if pending and not (text[para_first] in OPEN or text[para_first] in STRAIGHT + "'"):
            runs.append(QuoteRun(tuple(pending), closed=False))
            pending = []
        open_at: int | None = None
        i = p_start
        while i < p_end:
            ch, width = text[i], 1
            if text.startswith("''", i):  # two apostrophes: a double quote in some wire copy
                ch, width = STRAIGHT, 2
            elif ch not in OPEN and ch not in CLOSE and ch != STRAIGHT:
                i += 1
                continue
            if open_at is None:
                if _is_open(text, i, width):
                    open_at = i
            elif not _is_open(text, i, width) or ch == STRAIGHT:
                span = (open_at, i + width)
                if pending:
                    runs.append(QuoteRun((*pending, span)))
                    pending = []
                else:
                    runs.append(QuoteRun((span,)))
                open_at = None
            i += width
        if open_at is not None:
            end = p_end
            while end > open_at and text[end - 1].isspace():
                end -= 1
            pending.append((open_at, end))
        elif pending:
            runs.append(QuoteRun(tuple(pending)))
            pending = []
    if pending:
        runs.append(QuoteRun(tuple(pending), closed=False))
    return runs


class QuoteIndex:
    """Answers "which quote run covers this offset" in log time."""

    def __init__(self, runs: list[QuoteRun]) -> None:
        self.runs = runs
        self._pieces = sorted((s, e, k) for k, r in enumerate(runs) for s, e in r.spans)
        self._starts = [p[0] for p in self._pieces]

    def run_at(self, offset: int) -> int | None:
        """Index of the run whose span contains ``offset`` (marks included), else None."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self._pieces[i][0] <= offset < self._pieces[i][1]:
            return self._pieces[i][2]
        return None

    def runs_overlapping(self, start: int, end: int) -> list[int]:
        """Indices of runs with a span overlapping ``[start, end)``, in text order."""
        found: list[int] = []
        i = max(bisect_right(self._starts, start) - 1, 0)
        while i < len(self._pieces) and self._pieces[i][0] < end:
            s, e, k = self._pieces[i]
            if e > start and k not in found:
                found.append(k)
            i += 1
        return found
