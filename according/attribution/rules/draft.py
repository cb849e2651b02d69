"""A candidate under construction, and the per-sentence context the finders share.

Every finder proposes spans from the parse; ``SentenceContext.draft`` then applies the
conventions common to all of them: a content that touches a quotation takes the whole
quotation (all its paragraphs), a colon right after the cue belongs to the cue, and the cue
and source never sit inside the content they introduce.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..candidates import overlaps
from .lexicon import MANNER_OF_SPEAKING
from .quotes import QuoteIndex
from .spans import Offsets, clean, minus, trim


@dataclass
class Draft:
    cue: Offsets
    content: tuple[Offsets, ...]
    source: tuple[Offsets, ...]
    lemma: str
    quote_runs: tuple[int, ...] = ()
    tail: int = 0  # end of the cue's sentence: "“A,” he told Fox News. “B.”" continues after it

    @property
    def end(self) -> int:
        return max(e for _, e in (self.cue, *self.content, *self.source))

    @property
    def reach(self) -> int:
        """Where a continuing quotation may begin: after the content and the cue's sentence."""
        return max(self.end, self.tail)

    @property
    def start(self) -> int:
        return min(s for s, _ in (self.cue, *self.content, *self.source))


class SentenceContext:
    def __init__(
        self, sent: Span, text: str, quotes: QuoteIndex, furniture: tuple[Offsets, ...] = ()
    ) -> None:
        self.sent = sent
        self.text = text
        self.quotes = quotes
        #: text that is never source or content (wire datelines: "WASHINGTON (AP) —")
        self.furniture = furniture
        self.start = sent.start_char
        self.end = sent.end_char
        #: verbs the parser hung inside another verb's clause, mapped to that verb
        self.speaker_of: dict[int, Token] = {}

    def quote_near(self, verb: Token) -> int | None:
        """A quotation in this sentence, outside the verb, that a verb of saying can introduce."""
        if verb.lemma_.lower() not in MANNER_OF_SPEAKING:
            return None
        inside = self.quotes.run_at(verb.idx)
        para_start, para_end = self.paragraph(verb.idx, verb.idx + len(verb))
        start, end = max(self.start, para_start), min(self.end, para_end)
        runs = [k for k in self.quotes.runs_overlapping(start, end) if k != inside]
        if not runs:
            # `"Why pay for this?" Sanders asked.`: the parser ended the sentence at the "?"
            # (never the quotation the verb itself sits in: "... the courage to say so")
            before = [k for k in self.quotes.runs_overlapping(para_start, start) if k != inside]
            if before and not self.text[self.quotes.runs[before[-1]].end : start].strip():
                return before[-1]
            return None
        # the closest run to the verb
        return min(runs, key=lambda k: min(abs(verb.idx - s) for s, _ in self.quotes.runs[k].spans))

    def paragraph(self, start: int, end: int) -> Offsets:
        """Bounds of the paragraph (line) holding ``[start, end)``."""
        para_end = self.text.find("\n", end)
        return self.text.rfind("\n", 0, start) + 1, len(self.text) if para_end < 0 else para_end

    def colon_after(self, end: int) -> int | None:
        """Offset just past a colon that follows ``end`` ("said:"), else None."""
        i = end
        while i < len(self.text) and self.text[i] in " \t":
            i += 1
        if i < len(self.text) and self.text[i] == ":":
            return i + 1
        return None

    def draft(
        self,
        head: Token,
        cue: Offsets,
        content: list[Offsets],
        source: list[Offsets],
        lemma: str,
    ) -> Draft | None:
        text, quotes = self.text, self.quotes
        inside = quotes.run_at(cue[0])
        colon = self.colon_after(cue[1])
        runs: list[int] = []
        if colon is not None:
            nxt = colon
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            after = quotes.run_at(nxt)
            if after is not None and after != inside:
                runs = [after]
                content = []
            cue = (cue[0], colon)
        # the parser sometimes runs a sentence over a paragraph break; what the cue governs
        # stays inside its paragraph, quotations then extend it over their own paragraphs
        para_start, para_end = self.paragraph(*cue)
        content = [(max(s, para_start), min(e, para_end)) for s, e in content]
        content = [(s, e) for s, e in content if e > s]
        for s, e in content:
            for k in quotes.runs_overlapping(s, e):
                if k != inside and k not in runs:
                    runs.append(k)
        if not content and not runs:
            near = self.quote_near(head)
            if near is None:
                return None
            runs = [near]
        pieces = list(content)
        for k in runs:
            start = quotes.runs[k].start
            if text[:start].rstrip().endswith(":") and start < cue[0]:
                # `For example: "We erred," he told CNN.`: the lead-in before the colon is the
                # writer's, the claim starts with the quotation
                pieces = [(max(s, start), e) for s, e in pieces if e > start]
            pieces.extend(quotes.runs[k].spans)
        source_pieces = [trim(text, max(s, para_start), min(e, para_end)) for s, e in source]
        # a source never sits inside the quotation it is said to have spoken
        quoted = [span for k in runs for span in quotes.runs[k].spans]
        source_pieces = [p for p in source_pieces if p[1] > p[0] and not overlaps(p, quoted)]
        source_pieces = minus(source_pieces, self.furniture)
        pieces = minus(pieces, [cue, *source_pieces, *self.furniture])
        final = clean(text, pieces)
        if not final:
            return None
        source_pieces = minus(source_pieces, [cue])
        return Draft(
            cue=trim(text, *cue) if colon is None else (trim(text, *cue)[0], cue[1]),
            content=final,
            source=clean(text, source_pieces),
            lemma=lemma,
            quote_runs=tuple(sorted(runs)),
            tail=self.end,
        )
