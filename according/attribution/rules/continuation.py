"""Quotations that carry on an attribution made in a neighbouring sentence or paragraph.

News writes `"A," she said. "B."` and runs a speaker's quote over several paragraphs: "B"
has no cue of its own but belongs to the same attribution as "A". A quotation nobody claimed
joins the attribution that ends right before it (only spaces, punctuation or a paragraph break
between), or, failing that, the quoted attribution that starts right after it (`"A," X said,
"B."` and a quoted paragraph placed before its "he said" paragraph).
"""

from __future__ import annotations

from .draft import Draft
from .quotes import QuoteIndex
from .spans import clean

GAP_OK = " \t\r\n\xa0.,;:"


def _gap_clear(text: str, start: int, end: int) -> bool:
    return start <= end and not text[start:end].strip(GAP_OK)


def attach_continuations(text: str, quotes: QuoteIndex, drafts: list[Draft]) -> list[Draft]:
    used = {k for d in drafts for k in d.quote_runs}
    ordered = sorted(drafts, key=lambda d: d.start)
    for k, run in enumerate(quotes.runs):
        if k in used:
            continue
        before = [d for d in ordered if d.quote_runs and d.end <= run.start]
        owner = None
        if before:
            prev = max(before, key=lambda d: d.end)
            if _gap_clear(text, prev.reach if prev.reach <= run.start else prev.end, run.start):
                owner = prev
        if owner is None:
            after = [d for d in ordered if d.quote_runs and d.start >= run.end]
            if after:
                nxt = min(after, key=lambda d: d.start)
                if _gap_clear(text, run.end, nxt.start):
                    owner = nxt
        if owner is None:
            continue
        owner.content = clean(text, [*owner.content, *run.spans])
        owner.quote_runs = (*owner.quote_runs, k)
        used.add(k)
    return drafts
