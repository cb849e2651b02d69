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


def _leads_in(text: str, end: int) -> bool:
    """A quote closing on a comma or dash (`"A,"` / `"A --"`) runs on into its attribution."""
    inner = text[:end].rstrip("\"”»'’ ")
    return inner.endswith((",", "-", "—", "–"))


def attach_continuations(text: str, quotes: QuoteIndex, drafts: list[Draft]) -> list[Draft]:
    used = {k for d in drafts for k in d.quote_runs}
    ordered = sorted((d for d in drafts if d.quote_runs), key=lambda d: d.start)
    for k, run in enumerate(quotes.runs):
        if k in used or not run.closed:  # a quote never closed is too unsure to carry over
            continue
        owner = None
        # `"A," he said, "B."` and `"A," he said. "B."`: a quote right before a cue in the same
        # paragraph is that cue's; otherwise the quote carries on the attribution before it
        after = [d for d in ordered if d.start >= run.end]
        nxt = min(after, key=lambda d: d.start) if after else None
        if nxt is not None and _leads_in(text, run.end) and _gap_clear(text, run.end, nxt.start):
            owner = nxt
        before = [d for d in ordered if d.end <= run.start]
        if owner is None and before:
            prev = max(before, key=lambda d: d.end)
            if _gap_clear(text, prev.reach if prev.reach <= run.start else prev.end, run.start):
                owner = prev
        if owner is None and nxt is not None and _gap_clear(text, run.end, nxt.start):
            owner = nxt
        if owner is None:
            continue
        owner.content = clean(text, [*owner.content, *run.spans])
        owner.quote_runs = (*owner.quote_runs, k)
        used.add(k)
    return drafts
