"""Attributions not headed by a reporting verb: "according to X", cue nouns ("X's view is
that", "there is speculation that", "fears have grown that", "her advice: ...") and attitude
adjectives ("X is worried that", "X is confident (that) ...")."""

from __future__ import annotations

from spacy.tokens import Token

from .draft import Draft, SentenceContext
from .lexicon import CUE_ADJECTIVES, CUE_NOUNS, CUE_VERBS
from .sources import find_source
from .spans import minus, source_span, subtree_span, token_span, tokens_span, verb_group

NOUN_CLAUSE_DEPS = ("acl", "ccomp")
SUBJECT_VERBS = set("be grow mount rise emerge surface swirl remain persist increase".split())
LIGHT_VERBS = set("express voice raise make issue share offer give have hold release".split())
SOURCE_ARTIFACTS = set("poll survey study report view opinion words eyes estimate analysis".split())
COPULAS = set("be feel seem remain appear grow become sound look".split())


def other_drafts(ctx: SentenceContext) -> list[Draft]:
    out: list[Draft] = []
    for tok in ctx.sent:
        draft = None
        if tok.lower_ == "according":
            draft = _according_to(ctx, tok)
        elif tok.lower_ == "in" and tok.dep_ == "prep":
            draft = _in_source(ctx, tok)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in CUE_NOUNS:
            draft = _noun(ctx, tok)
        elif tok.pos_ == "ADJ" and tok.lemma_.lower() in CUE_ADJECTIVES:
            draft = _adjective(ctx, tok)
        if draft is not None:
            out.append(draft)
    return out


def _according_to(ctx: SentenceContext, tok: Token) -> Draft | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None or to.i != tok.i + 1:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = tok.head
    if head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
        span = (ctx.start, ctx.end)  # "according to" hangs off a noun: the sentence is the claim
    else:
        span = (_after_lead_in(head, tok), subtree_span(head)[1])
    phrase = subtree_span(tok)  # the whole "according to X ..." phrase is not the claim
    content = minus([span], [phrase])
    return ctx.draft(tok, tokens_span([tok, to]), content, [subtree_span(pobj)], "according")


LEAD_IN_DEPS = frozenset({"advmod", "intj"})  # circumstance ("In 2014,") stays: annotators keep it


def _after_lead_in(head: Token, skip: Token) -> int:
    """Where the claim starts once the writer's own lead-in is left out: "But", "Still,",
    "However," and the like belong to the narration, not to the source."""
    doc = head.doc
    start = head.left_edge.i
    for child in head.lefts:
        if child.i < start:
            continue
        after = child.right_edge.i + 1
        if child == skip or child.dep_ == "cc":
            start = after
        elif child.dep_ in LEAD_IN_DEPS and after < len(doc) and doc[after].text == ",":
            start = after + 1
        else:
            break
    return doc[start].idx if start < len(doc) else doc[-1].idx


def _in_source(ctx: SentenceContext, prep: Token) -> Draft | None:
    """ "In the latest poll, Clinton leads by 4 points": the poll (or survey, words, view ...) is
    the source, "in" the cue, the clause it frames the content."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    head = prep.head
    if pobj is None or pobj.lemma_.lower() not in SOURCE_ARTIFACTS or head.pos_ not in ("VERB", "AUX"):
        return None
    if head.lemma_.lower() in CUE_VERBS:
        return None  # "In a statement, X said ...": the verb is the cue
    if prep.i > head.i:
        return None  # only the framing phrase before the clause ("Clinton won in the polls" is not)
    start = _after_lead_in(head, prep)
    content = minus([(start, subtree_span(head)[1])], [subtree_span(prep)])
    return ctx.draft(prep, token_span(prep), content, [subtree_span(pobj)], "in")


def _possessor(noun: Token) -> tuple[int, int] | None:
    for c in noun.children:
        if c.dep_ == "poss":
            toks = [t for t in c.subtree if t.dep_ != "case"]
            return tokens_span(toks) if toks else None
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "among") and c.i > noun.i:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return subtree_span(pobj)
    return None


def _noun(ctx: SentenceContext, noun: Token) -> Draft | None:
    lemma = noun.lemma_.lower()
    content: list[tuple[int, int]] = []
    cue = [noun]
    for c in noun.children:
        if c.dep_ in NOUN_CLAUSE_DEPS and c.i > noun.i and any(g.dep_ == "mark" for g in c.children):
            content.append(subtree_span(c))
    head = noun.head
    if not content and noun.dep_ == "attr" and any(c.dep_ == "expl" for c in head.children):
        # "There is speculation Putin could ...": the clause the parser hung on the noun as a
        # relative clause is the content when it has a subject of its own (not "that ...")
        for c in noun.children:
            subject = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if (
                c.dep_ in ("relcl", "acl")
                and c.i > noun.i
                and subject is not None
                and subject.tag_ not in ("WDT", "WP")
            ):
                content.append(subtree_span(c))
    if not content and noun.dep_ in ("nsubj", "attr") and head.lemma_ in SUBJECT_VERBS:
        clause = next((c for c in head.children if c.dep_ == "ccomp" and c.i > noun.i), None)
        if clause is not None:
            content.append(subtree_span(clause))
    source = _possessor(noun)
    if source is None and noun.dep_ == "dobj" and head.lemma_ in LIGHT_VERBS:
        subj = find_source(head)
        if subj is not None:
            source = source_span(subj)
            cue = [*verb_group(head), *[t for t in head.doc[head.i + 1 : noun.i + 1]], *cue[1:]]
    cue_span = tokens_span(cue)
    if not content:
        # "Her advice: ..." — only a colon followed by a quotation makes this an attribution
        if ctx.colon_after(cue_span[1]) is None:
            return None
    return ctx.draft(noun, cue_span, content, [source] if source else [], lemma)


def _adjective(ctx: SentenceContext, adj: Token) -> Draft | None:
    head = adj.head
    made_clear = head.lemma_ == "make" and adj.dep_ in ("acomp", "oprd", "ccomp", "xcomp")
    if not made_clear and (adj.dep_ != "acomp" or head.lemma_ not in COPULAS):
        return None
    clause_deps = ("ccomp", "xcomp", "advcl") if made_clear else ("ccomp", "xcomp")
    content = [subtree_span(c) for c in adj.children if c.dep_ in clause_deps and c.i > adj.i]
    if not content:
        content = [subtree_span(c) for c in head.children if c.dep_ == "ccomp" and c.i > adj.i]
    if not content:
        for c in adj.children:
            if c.dep_ == "prep" and c.lower_ in ("about", "of", "over") and c.i == adj.i + 1:
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    content.append(subtree_span(pobj))
    if not content:
        return None
    group = verb_group(head)
    subj = find_source(head)
    empty_subject = subj is not None and subj.lower_ in ("it", "there")
    if subj is not None and empty_subject and subj.i < group[0].i:
        group = [subj, *group]  # "It is unclear whether ...": the empty "it" joins the cue
    # "is (not) worried", "made it clear": verb group and adjective together when only
    # negation, adverbs or "it" sit between
    between = [
        t for t in head.doc[head.i + 1 : adj.i] if t.dep_ not in ("neg", "advmod") and t.lower_ != "it"
    ]
    contiguous = all(t.i + 1 == u.i for t, u in zip(group, group[1:], strict=False))
    cue = tokens_span([*group, adj]) if head.i < adj.i and not between and contiguous else token_span(adj)
    source = [source_span(subj)] if subj is not None and not empty_subject else []
    return ctx.draft(adj, cue, content, source, adj.lemma_.lower())
