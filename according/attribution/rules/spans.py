"""Turning parse pieces into character spans the way PolNeAR draws them.

Sources are whole noun phrases (appositions and identifying clauses included); cues keep
their verb group together (auxiliaries, negation, adjacent adverbs, particles); content is a
clause, object or quotation with surrounding commas and the sentence-final stop left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

Offsets = tuple[int, int]

#: Punctuation trimmed from span edges (quotation marks are kept: they belong to the content).
EDGE_PUNCT = " \t\r\n\xa0,;:.-—–"
VERB_GROUP_DEPS = frozenset({"aux", "auxpass", "neg"})
ADVERB_DEPS = frozenset({"advmod"})
WH_ADVERBS = frozenset({"when", "where", "why", "how", "however", "so", "as"})


def trim(text: str, start: int, end: int, keep_final_stop: bool = False) -> Offsets:
    """Strip whitespace and separating punctuation from both ends of ``[start, end)``."""
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT:
        if keep_final_stop and text[end - 1] in ".?!":
            break
        end -= 1
    return start, end


def token_span(tok: Token) -> Offsets:
    return tok.idx, tok.idx + len(tok)


def subtree_span(tok: Token) -> Offsets:
    """Characters of the token's whole subtree (contiguous in projective parses)."""
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def tokens_span(tokens: Iterable[Token]) -> Offsets:
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def verb_group(verb: Token) -> list[Token]:
    """The verb with its contiguous entourage: "has not yet said", "pointed out", "is said"."""
    doc = verb.doc
    group = [verb]
    i = verb.i - 1
    while i >= verb.sent.start:
        t = doc[i]
        if t.head == verb and (
            t.dep_ in VERB_GROUP_DEPS
            or (t.dep_ in ADVERB_DEPS and t.pos_ == "ADV" and t.lower_ not in WH_ADVERBS)
        ):
            group.append(t)
            i -= 1
            continue
        break
    j = verb.i + 1
    while j < verb.sent.end and doc[j].head == verb and doc[j].dep_ in ("prt", "neg"):
        group.append(doc[j])
        j += 1
    return sorted(group, key=lambda t: t.i)


def minus(pieces: list[Offsets], holes: Iterable[Offsets]) -> list[Offsets]:
    """``pieces`` with every ``hole`` cut out (for content that wraps around cue and source)."""
    out = list(pieces)
    for hs, he in holes:
        nxt: list[Offsets] = []
        for s, e in out:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        out = nxt
    return out


def union(pieces: Iterable[Offsets]) -> list[Offsets]:
    merged: list[Offsets] = []
    for s, e in sorted(pieces):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def clean(text: str, pieces: Iterable[Offsets]) -> tuple[Offsets, ...]:
    """Sorted, merged, trimmed, non-empty pieces; pieces separated only by spaces or punctuation
    join up, but a paragraph break keeps them apart (one span per quoted paragraph)."""
    out: list[Offsets] = []
    for s, e in union(pieces):
        s, e = trim(text, s, e, keep_final_stop=text[s] in "“\"'‘„«")
        if e <= s:
            continue
        gap = text[out[-1][1] : s] if out else ""
        if out and not gap.strip(EDGE_PUNCT) and "\n" not in gap:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)


#: Comma-set modifiers at the end of a phrase that the writer adds, not the source says.
LOOSE_TAIL_DEPS = frozenset({"relcl", "acl", "appos", "advcl"})
LOOSE_TAIL_PREPS = frozenset({"including", "compared", "such", "despite", "unlike"})


def core_span(tok: Token, deps: frozenset[str] = LOOSE_TAIL_DEPS) -> Offsets:
    """The subtree of ``tok`` without a comma-set modifier at its end ("the plan, which ...",
    "issues, including ..."): when unsure whether the source said it, leave it out."""
    start, end = subtree_span(tok)
    doc = tok.doc
    for child in tok.children:
        if child.i < tok.i:
            continue
        loose = child.dep_ in deps or (child.dep_ == "prep" and child.lower_ in LOOSE_TAIL_PREPS)
        before = child.left_edge.i - 1
        if loose and before > tok.i and doc[before].text == ",":
            return start, doc[before].idx
    return start, end


def source_span(tok: Token) -> Offsets:
    """The whole noun phrase with its appositions and identifying clauses, as PolNeAR draws
    sources (cutting comma-set relative clauses was tried: gold keeps them as often as not)."""
    return subtree_span(tok)


DATELINE = re.compile(
    r"^[ \t]*[A-Z][\w.,'’ ]{0,60}\((?:AP|Reuters|AFP|UPI|Bloomberg|CNN)\)[ \t]*(?:-+|—|–)[ \t]*", re.M
)


def datelines(text: str) -> tuple[Offsets, ...]:
    """Wire datelines opening a paragraph ("WASHINGTON (AP) —", "Dec 29 (Reuters) -"): the parser
    folds them into the first sentence's subject, but they are nobody's words."""
    return tuple((m.start(), m.end()) for m in DATELINE.finditer(text))
