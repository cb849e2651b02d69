"""Who is speaking: the source span of a verb cue.

Usually the subject; borrowed from the governing clause for conjoined verbs, participles and
infinitives ("X announced A and said B", "X left, saying B", "X wants to say B", "X is said to
have told Y that B"); the agent
of a passive ("was announced by X"); and, when the parser picked a word inside the quotation
as the subject, the phrase right next to the verb of saying.
"""

from __future__ import annotations

from spacy.tokens import Token

from .draft import SentenceContext
from .spans import Offsets, source_span

SUBJECT_DEPS = ("nsubj",)
PASSIVE_SUBJECT_DEPS = ("nsubjpass",)
BORROW_SUBJECT_DEPS = ("conj", "advcl", "xcomp", "pcomp")


def speaker_of_verb(ctx: SentenceContext, verb: Token, group: list[Token], passive: bool) -> list[Offsets]:
    """The source span(s) of a verb cue; empty when nobody is named."""
    outer = ctx.speaker_of.get(verb.i)
    source_tok = _agent(verb) if passive else find_source(outer if outer is not None else verb)
    if source_tok is not None and _quoted(ctx, source_tok, verb):
        source_tok = _adjacent_speaker(ctx, verb, group)
    # an active verb's "it" refers to something ("It said", "it accuses"); only "there" is empty
    if source_tok is None or source_tok.lower_ == "there" or source_tok.dep_ == "expl":
        return []
    if passive and source_tok.dep_ in PASSIVE_SUBJECT_DEPS:
        return []
    return [source_span(source_tok)]


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def find_source(verb: Token) -> Token | None:
    """The subject of the cue verb, borrowed from the governing clause for conjoined verbs and
    participles ("X announced A and said B"; "X left, saying B")."""
    seen = 0
    tok: Token = verb
    while seen < 5:
        subj = subject_of(tok)
        if subj is not None:
            return subj
        if tok.dep_ not in BORROW_SUBJECT_DEPS or tok.head is tok:
            return None
        if tok.dep_ == "xcomp":
            # "X is said to have told colleagues ...", "X was asked to explain ...": the raised
            # or controlled subject of the passive is the one who speaks
            raised = next((c for c in tok.head.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
            if raised is not None and raised.lower_ not in ("it", "there"):
                return raised
        tok = tok.head
        seen += 1
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _quoted(ctx: SentenceContext, tok: Token, verb: Token) -> bool:
    run = ctx.quotes.run_at(tok.idx)
    return run is not None and run != ctx.quotes.run_at(verb.idx)


def _adjacent_speaker(ctx: SentenceContext, verb: Token, group: list[Token]) -> Token | None:
    """When the parser took a word inside the quote for the subject (`"..., it will," he said`),
    the speaker is the noun phrase right before or right after the verb of saying."""
    doc = verb.doc
    before = doc[group[0].i - 1] if group[0].i > 0 else None
    if before is not None and before.pos_ in ("PRON", "PROPN") and not _quoted(ctx, before, verb):
        return before
    after = doc[group[-1].i + 1] if group[-1].i + 1 < len(doc) else None
    if (
        after is not None
        and after.pos_ in ("PRON", "PROPN", "NOUN", "DET", "ADJ")
        and not _quoted(ctx, after, verb)
    ):
        head = after
        while head.head.i > verb.i and head.head.i != head.i and head.head.pos_ in ("PROPN", "NOUN"):
            head = head.head
        return head
    return None
