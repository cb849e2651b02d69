"""Attributions signalled by punctuation alone, the shapes of headlines and pull quotes:

* ``Name: claim`` — "Poll: Sanders leads", "Kerry: “By law ...”" (the colon is the cue);
* ``“quote” — Name`` — a quote signed with a dash, as in reader comments and tweets;
* ``Name - “quote”`` — a name, a dash, then the quote;
* ``NAME: turn`` — the turns of an interview transcript ("WALLACE: ...", "PENCE: ...").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..names import TURN
from .draft import Draft
from .quotes import QuoteIndex
from .spans import clean, trim

NAME = r"[A-Z][\w.'’-]*(?:[ \xa0]+(?:[A-Z(@][\w.'’@()-]*|of|de|van|von|al-\w+)){0,5}"
SIGNED = re.compile(r"[ \xa0]*(?:―|—|–|--?)[ \xa0]*(" + NAME + ")")
NAME_DASH = re.compile(r"(?:^|\n)[ \xa0]*(" + NAME + r")[ \xa0]+(?:―|—|–|--?)[ \xa0]*$")
NOT_SOURCES = frozenset(
    "update note editor's editor’s related read watch photo image video source sources warning "
    "correction clarification disclosure advertisement caption credit file listen breaking online "
    "question answer transcript excerpt follow subscribe contact email".split()
)
MAX_PREFIX = 8


def punctuation_drafts(doc: Doc, quotes: QuoteIndex) -> list[Draft]:
    text = doc.text
    drafts = [d for d in (_signed(text, quotes, k) for k in range(len(quotes.runs))) if d]
    turns = _transcript_turns(text, quotes)
    drafts.extend(turns)
    taken = {d.cue for d in turns}
    for sent in doc.sents:
        d = _headline_colon(sent, text, quotes)
        if d is not None and d.cue not in taken:
            drafts.append(d)
    return drafts


def _transcript_turns(text: str, quotes: QuoteIndex) -> list[Draft]:
    """Speaker turns of a transcript: paragraphs opening "WALLACE:" and "PENCE:". One label
    alone may be shouting ("BOOM:") or a rubric; two or more speakers taking turns is an exchange.
    Each turn's content runs to the end of its paragraph."""
    found = [
        m
        for m in TURN.finditer(text)
        if len(m.group(1)) > 1 and m.group(1).split()[0].lower() not in NOT_SOURCES
    ]
    if len({m.group(1) for m in found}) < 2:
        return []
    drafts = []
    for m in found:
        colon = m.end(1)
        line_end = text.find("\n", colon)
        line_end = len(text) if line_end < 0 else line_end
        content = trim(text, colon + 1, line_end)
        if sum(ch.isalpha() for ch in text[content[0] : content[1]]) < 3:
            continue
        runs = tuple(quotes.runs_overlapping(*content))
        drafts.append(Draft((colon, colon + 1), (content,), ((m.start(1), colon),), "turn", runs))
    return drafts


def _signed(text: str, quotes: QuoteIndex, k: int) -> Draft | None:
    run = quotes.runs[k]
    after = SIGNED.match(text, run.end)
    if after is not None and after.group(1).split()[0].lower() not in NOT_SOURCES:
        dash = re.search(r"―|—|–|--?", text[run.end : after.start(1)])
        if dash is not None:
            cue = (run.end + dash.start(), run.end + dash.end())
            source = ((after.start(1), after.end(1)),)
            return Draft(cue, clean(text, run.spans), source, "dash", (k,))
    line_start = text.rfind("\n", 0, run.start) + 1
    before = NAME_DASH.search(text, line_start, run.start) if run.start - line_start < 80 else None
    if before is not None and before.group(1).split()[0].lower() not in NOT_SOURCES:
        dash = re.search(r"―|—|–|--?", text[before.end(1) : run.start])
        if dash is not None:
            cue = (before.end(1) + dash.start(), before.end(1) + dash.end())
            source = ((before.start(1), before.end(1)),)
            return Draft(cue, clean(text, run.spans), source, "dash", (k,))
    return None


def _headline_colon(sent: Span, text: str, quotes: QuoteIndex) -> Draft | None:
    colon = next((t for t in sent[:MAX_PREFIX] if t.text == ":"), None)
    if colon is None or colon.i == sent.start:
        return None
    prefix = sent.doc[sent.start : colon.i]
    if not prefix[0].is_title and not prefix[0].is_upper:
        return None
    if prefix[0].lower_ in NOT_SOURCES or any(t.pos_ in ("VERB", "AUX") for t in prefix):
        return None
    if len(prefix) == 1 and (len(prefix[0]) == 1 or prefix[0].is_upper):
        return None  # "Q:", "A:", "BOOM:" are interview turns and shouting, not sources
    if not any(t.pos_ in ("PROPN", "NOUN") for t in prefix) or any(t.like_num for t in prefix):
        return None
    start = colon.idx + 1
    while start < len(text) and text[start] in " \xa0\t":
        start += 1
    run = quotes.run_at(start)
    if run is not None and quotes.runs[run].start == start:
        content = quotes.runs[run].spans
        runs: tuple[int, ...] = (run,)
    else:
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        paragraph_start = text.rfind("\n", 0, prefix.start_char) + 1
        end = line_end if not text[paragraph_start : prefix.start_char].strip() else sent.end_char
        content = (trim(text, start, end),)
        runs = tuple(quotes.runs_overlapping(start, end))
    if sum(ch.isalpha() for ch in text[content[0][0] : content[-1][1]]) < 3:
        return None  # "Clinton: 2,316." is a tally, not a claim
    source = trim(text, prefix.start_char, prefix.end_char)
    cue = (colon.idx, colon.idx + 1)
    return Draft(cue, clean(text, content), (source,), "colon", runs)
