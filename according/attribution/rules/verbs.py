"""Attributions headed by a reporting or attitude verb, found on the dependency parse.

"X said (that) Y", "Y, X said", "X told The Times Y" (the addressee is not content),
"X wants to Y", "X denied the report", "X talked about Y", passives with and without an
agent ("it has been claimed that Y", "Y was announced by X"), raising passives
("X is said to have Y": content = X + "to have Y", no source) and participles that borrow the
subject of the clause they hang from ("..., saying Y").
"""

from __future__ import annotations

from spacy.tokens import Token

from .draft import Draft, SentenceContext
from .lexicon import ADDRESSEE_VERBS, CUE_VERBS, NEED_CLAUSE, RAISING_PASSIVES
from .spans import subtree_span, tokens_span, verb_group

CLAUSE_DEPS = ("ccomp", "xcomp", "csubj")
OBJECT_DEPS = ("dobj",)
CONTENT_PREPS = {"about": None, "for": {"call", "ask", "push", "press", "argue", "campaign", "lobby"},
                 "on": {"call", "focus", "comment", "insist", "urge", "agree", "reflect"},
                 "of": {"say", "speak", "warn", "think", "accuse", "approve", "disapprove"},
                 "to": {"refer", "point", "respond", "object", "reply", "allude", "admit", "agree"},
                 "against": {"warn", "argue", "caution", "campaign", "rail"}}
SUBJECT_DEPS = ("nsubj",)
PASSIVE_SUBJECT_DEPS = ("nsubjpass",)
EMPTY_SUBJECTS = {"it", "there"}
BORROW_SUBJECT_DEPS = ("conj", "advcl", "xcomp", "pcomp")


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def find_source(verb: Token) -> Token | None:
    """The subject of the cue verb, borrowed from the governing clause for conjoined verbs and
    participles ("X announced A and said B"; "X left, saying B")."""
    seen = 0
    tok: Token = verb
    while seen < 3:
        subj = _subject(tok)
        if subj is not None:
            return subj
        if tok.dep_ not in BORROW_SUBJECT_DEPS or tok.head is tok:
            return None
        if tok.dep_ == "xcomp" and tok.tag_ != "VBG":
            return None
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


def verb_drafts(ctx: SentenceContext) -> list[Draft]:
    drafts: list[Draft] = []
    for tok in ctx.sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in CUE_VERBS:
            continue
        if tok.pos_ == "AUX" and tok.dep_ in ("aux", "auxpass"):
            continue
        draft = _verb_draft(ctx, tok)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _verb_draft(ctx: SentenceContext, verb: Token) -> Draft | None:
    lemma = verb.lemma_.lower()
    group = verb_group(verb)
    children = list(verb.children)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    content: list[tuple[int, int]] = []
    cue_tokens = list(group)

    clause = [c for c in children if c.dep_ in CLAUSE_DEPS and not (c.dep_ == "xcomp" and c.pos_ == "ADJ")]
    subjpass = next((c for c in children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
    if passive and lemma in RAISING_PASSIVES and subjpass is not None and any(c.dep_ == "xcomp" for c in clause):
        # "X is said to have Y": the raised subject belongs to the content.
        if subjpass.lower_ not in EMPTY_SUBJECTS:
            content.append(subtree_span(subjpass))
    if clause:
        content.extend(subtree_span(c) for c in clause)
    else:
        objects = [c for c in children if c.dep_ in OBJECT_DEPS]
        if passive and subjpass is not None and subjpass.lower_ not in EMPTY_SUBJECTS:
            objects = [subjpass]
        if lemma in ADDRESSEE_VERBS:
            objects = [o for o in objects if not _is_addressee(o)]
        if objects:
            if lemma in NEED_CLAUSE and not any(ctx.quotes.runs_overlapping(*subtree_span(o)) for o in objects):
                objects = [o for o in objects if _has_clause(o)]
            content.extend(subtree_span(o) for o in objects)
        if not content:
            for child in children:
                if child.dep_ != "prep" or child.i < verb.i:
                    continue
                allowed = CONTENT_PREPS.get(child.lower_, set())
                if allowed is not None and lemma not in allowed:
                    continue
                pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is None:
                    continue
                if child.i == group[-1].i + 1:
                    cue_tokens.append(child)
                content.append(subtree_span(pobj))
                break
    if not content and not ctx.quote_near(verb):
        return None
    source_tok = _agent(verb) if passive else find_source(verb)
    source = []
    if source_tok is not None and source_tok.lower_ not in EMPTY_SUBJECTS:
        if not (passive and source_tok.dep_ in PASSIVE_SUBJECT_DEPS):
            source = [subtree_span(source_tok)]
    return ctx.draft(verb, tokens_span(cue_tokens), content, source, lemma)


def _has_clause(tok: Token) -> bool:
    return any(c.dep_ in ("acl", "relcl", "ccomp") for c in tok.children)



def _is_addressee(tok: Token) -> bool:
    """"told reporters", "told him", "told The Times": people and outlets are addressees."""
    return tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (
        tok.lemma_.lower() in {"reporter", "journalist", "audience", "crowd", "supporter", "voter", "viewer"}
    )
