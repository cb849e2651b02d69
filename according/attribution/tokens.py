"""Map character offsets (what candidates carry) onto spaCy tokens (what the parse knows).

Finders hand over character spans so they stay independent of tokenisation; every describing
step (stance, speaker, channel) needs the tokens and their heads, so the mapping lives here once.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Token

Offsets = tuple[int, int]


def tokens_in(doc: Doc, spans: Iterable[Offsets]) -> list[Token]:
    """Tokens overlapping any of ``spans`` (expanded to whole tokens), in text order, unique."""
    seen: dict[int, Token] = {}
    for start, end in spans:
        if end <= start:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            seen.setdefault(token.i, token)
    return [seen[i] for i in sorted(seen)]


def token_ids_in(doc: Doc, spans: Iterable[Offsets]) -> set[int]:
    """Indices of the tokens overlapping ``spans``, without building Token objects (a long
    content would otherwise cost one Python object per word)."""
    ids: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if span is not None:
            ids.update(range(span.start, span.end))
    return ids


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start, read from the parse's arrays in one go."""
    if not len(doc):
        return []
    flags = doc.to_array([SENT_START, IDX])
    return [int(idx) for flag, idx in flags if flag == 1 or idx == 0]


def heads_of(tokens: list[Token]) -> list[Token]:
    """Tokens whose syntactic head lies outside ``tokens`` (the roots of the piece), punctuation
    and possessive markers skipped. Falls back to all content tokens when the parse is odd."""
    inside = {t.i for t in tokens}
    words = [t for t in tokens if not t.is_punct and t.tag_ != "POS" and not t.is_space]
    roots = [t for t in words if t.head.i == t.i or t.head.i not in inside]
    return roots or words


def head_of(tokens: list[Token]) -> Token | None:
    """The single best root of a token group: the root with the largest subtree inside it."""
    roots = heads_of(tokens)
    if not roots:
        return None
    inside = {t.i for t in tokens}
    return max(roots, key=lambda t: (sum(1 for d in t.subtree if d.i in inside), -t.i))


def covered(spans: Iterable[Offsets], start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps any of ``spans``."""
    return any(start < e and s < end for s, e in spans)


def clean_phrase(text: str) -> str:
    """Strip surrounding whitespace and trailing clause punctuation from a phrase's text."""
    return text.strip().strip(",;:").strip()


#: Dependents after the head that a phrase leaves out by default.
PHRASE_DROP = frozenset({"relcl", "appos", "acl", "advcl", "parataxis", "punct", "cc"})


def phrase(head: Token, allowed: set[int], drop: frozenset[str] = PHRASE_DROP) -> str:
    """The noun phrase of ``head`` limited to ``allowed`` token ids, without the dependents in
    ``drop`` that follow the head (by default relative clauses, appositions and trailing
    punctuation: "officials, who declined to be named," -> "officials")."""
    keep: set[int] = set()

    def visit(token: Token) -> None:
        keep.add(token.i)
        for child in token.children:
            if child.i in allowed and not (child.dep_ in drop and child.i > head.i):
                visit(child)

    visit(head)
    first, last = min(keep), max(keep)
    doc = head.doc
    return clean_phrase(doc[first : last + 1].text)
