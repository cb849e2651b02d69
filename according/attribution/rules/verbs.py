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
from .lexicon import (
    ADDRESSEE_VERBS,
    CLAUSE_ONLY,
    CUE_VERBS,
    FINDING_VERBS,
    NEED_CLAUSE,
    PARENTHETICAL,
    QUOTE_ONLY,
    RAISING_ACTIVES,
    RAISING_PASSIVES,
)
from .sources import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, find_source, speaker_of_verb, subject_of
from .spans import core_span, subtree_span, tokens_span, verb_group

CLAUSE_DEPS = ("ccomp", "xcomp", "csubj")
OBJECT_DEPS = ("dobj",)
OBJECT_PREPS = frozenset({"of", "for", "as", "about", "over", "with", "on"})
#: Prepositions that carry the content after a cue verb, and the verbs allowed to take them
#: (None: any cue verb). "to" and "with" are restricted: "spoke to reporters" names an addressee.
CONTENT_PREPS: dict[str, set[str] | None] = {
    "about": None,
    "for": {
        "call",
        "ask",
        "push",
        "press",
        "argue",
        "campaign",
        "lobby",
        "plead",
        "advocate",
        "vote",
        "praise",
        "blame",
        "criticize",
        "criticise",
        "thank",
        "fault",
        "apologize",
        "apologise",
    },
    "on": {"call", "focus", "comment", "insist", "agree", "reflect", "elaborate", "weigh", "urge", "remark"},
    "of": {"speak", "warn", "think", "accuse", "approve", "disapprove", "dream", "boast", "say"},
    "against": None,
    "over": None,
    "to": {"refer", "point", "respond", "object", "reply", "allude", "admit", "agree", "react", "attest"},
    "with": {"agree", "disagree", "side", "concur"},
}
STATEMENT_NOUNS = frozenset({"statement"})
OBJECT_PRONOUNS = frozenset({"me", "him", "her", "us", "them", "reporters", "journalists"})
EMPTY_SUBJECTS = {"it", "there"}
NAMING_VERBS = frozenset({"call", "name", "dub", "title", "label", "term", "nickname"})


def verb_drafts(ctx: SentenceContext) -> list[Draft]:
    drafts: list[Draft] = []
    for tok in ctx.sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in CUE_VERBS:
            continue
        if tok.pos_ == "AUX" and tok.dep_ in ("aux", "auxpass"):
            continue
        if tok.dep_ == "acl" and tok.lemma_.lower() in NAMING_VERBS and tok.tag_ == "VBN":
            continue  # "a group called Black Votes Matter" names, nobody says anything
        if _wished_act(ctx, tok):
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
    predicative = [c for c in children if c.dep_ == "oprd" or (c.dep_ == "xcomp" and c.pos_ == "ADJ")]
    all_objects = objects = [c for c in children if c.dep_ in OBJECT_DEPS]
    if lemma in ADDRESSEE_VERBS:
        objects = [o for o in objects if not _is_addressee(o)]
    subjpass = next((c for c in children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
    if subjpass is not None and subjpass.lower_ in EMPTY_SUBJECTS:
        subjpass = None
    if passive and lemma in FINDING_VERBS and not clause and ctx.quote_near(verb) is None:
        return None  # "high concentrations were found downstream": an event, not a claim
    if passive and lemma in RAISING_PASSIVES and subjpass is not None and clause:
        # "X is said to have Y": the raised subject belongs to the content.
        content.append(subtree_span(subjpass))
    if lemma in RAISING_ACTIVES:
        # "X seems to Y" / "it appears that Y": nobody is named as holding the impression
        raised_subject = subject_of(verb)
        if not clause:
            return None
        if raised_subject is not None and raised_subject.lower_ not in EMPTY_SUBJECTS:
            content.append(subtree_span(raised_subject))
        content.extend(subtree_span(c) for c in clause)
        return ctx.draft(verb, tokens_span(group), content, [], lemma)
    if clause:
        if any(c.dep_ == "xcomp" for c in clause):
            # "urged him to resign": the object is the subject of what is urged
            content.extend(subtree_span(o) for o in all_objects if verb.i < o.i < clause[0].i)
        elif lemma not in ADDRESSEE_VERBS:  # "told city leaders that ...": leaders are addressees
            for o in (o for o in objects if verb.i < o.i < clause[0].i):
                content.append(subtree_span(o))
                content.extend(_object_preps(verb, o.right_edge.i, lemma, clause[0].i))
        spans = [_clause_span(c, verb, ctx.speaker_of) for c in clause]
        if lemma in ADDRESSEE_VERBS and not any(c.dep_ in ("dative", "dobj") for c in children):
            spans = [_skip_addressee(verb, group[-1].i + 1, s) for s in spans]
        content.extend(spans)
    else:
        if passive and subjpass is not None:
            objects = [subjpass]
        # "called it 'a disgrace'"; a verb inside a quotation does not quote its own object
        inside = ctx.quotes.run_at(verb.idx)
        quoted = any(k != inside for o in objects for k in ctx.quotes.runs_overlapping(*subtree_span(o)))
        if lemma in NEED_CLAUSE and not quoted and not predicative:
            objects = [o for o in objects if _has_clause(o)]
        if objects or predicative:  # "called Trump a fraud" (the parser may make both predicates)
            content.extend(core_span(o) for o in objects)
            content.extend(subtree_span(p) for p in predicative)
            last = max(o.right_edge.i for o in objects + predicative)
            content.extend(_object_preps(verb, last, lemma))
        else:
            prep = _content_prep(verb, group[-1].i + 1, lemma)
            if prep is not None:
                cue_tokens.append(prep[0])
                content.append(subtree_span(prep[1]))
    if lemma in CLAUSE_ONLY and not any(c.dep_ in ("ccomp", "csubj") for c in children):
        content = [span for span in content if ctx.quotes.runs_overlapping(*span)]
    if lemma in QUOTE_ONLY:
        content = []
        if ctx.quote_near(verb) is None:
            return None
    if not content and ctx.quote_near(verb) is None:
        if lemma not in PARENTHETICAL or not _parenthetical(verb):
            return None
        # "Greensboro, Sexton said, made him ...": the sentence around the aside is the claim
        content = [(ctx.start, ctx.end)]
    cue_tokens.extend(_statement_phrase(verb, max(t.i for t in cue_tokens) + 1))
    source = speaker_of_verb(ctx, verb, group, passive)
    return ctx.draft(verb, tokens_span(cue_tokens), content, source, lemma)


def _object_preps(verb: Token, last: int, lemma: str, before: int | None = None) -> list[tuple[int, int]]:
    """The verb's prepositional phrase right after its object (token ``last``) that completes
    it: "accused X of Y", "blamed X for Y", "described X as Y"; after a verb of finding, where
    the thing was found ("finds microplastics in every sample"), though not when ("on Monday")."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i != last + 1 or (before is not None and prep.i >= before):
            continue
        if prep.lower_ in OBJECT_PREPS or (
            lemma in FINDING_VERBS and not any(t.ent_type_ in ("DATE", "TIME") for t in prep.subtree)
        ):
            return [subtree_span(prep)]
    return []


def _wished_act(ctx: SentenceContext, verb: Token) -> bool:
    """ "Nobody wants to see the town cut in two", "operators are expected to add crossings": a
    cue verb in the "to"-complement of another cue (a wish, an expectation) is the act wished
    for, not a second attribution, unless it reports something itself ("expected to say that
    ...", "said to have told colleagues that ...") or introduces a quotation."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in CUE_VERBS:
        return False
    if not _infinitive(verb):
        return False
    return not any(_finite_clause(c) for c in verb.children) and ctx.quote_near(verb) is None


def _finite_clause(tok: Token) -> bool:
    """A reported clause: "(that) he would resign", "whether ...", not the small clause in
    "see the town cut in two"."""
    if tok.dep_ not in ("ccomp", "csubj"):
        return False
    return tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("mark", "aux", "auxpass") and c.tag_ in ("IN", "MD", "VBD", "VBZ", "VBP", "WRB")
        for c in tok.children
    )


def _content_prep(verb: Token, at: int, lemma: str) -> tuple[Token, Token] | None:
    """ "talked about Y", "called for Y", "referred to Y": the preposition joins the cue."""
    for child in verb.children:
        if child.dep_ not in ("prep", "prt") or child.i != at:
            continue
        if child.lower_ not in CONTENT_PREPS:
            return None
        allowed = CONTENT_PREPS[child.lower_]
        if allowed is not None and lemma not in allowed:
            return None
        pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        return (child, pobj) if pobj is not None else None
    return None


def _skip_addressee(verb: Token, at: int, span: tuple[int, int]) -> tuple[int, int]:
    """ "told The Times dissident agents would ...": the parser often folds the addressee into
    the reported clause's subject; an entity or object pronoun right after the verb is cut off."""
    doc = verb.doc
    if at >= len(doc) or doc[at].idx != span[0]:
        return span
    if doc[at].lower_ in OBJECT_PRONOUNS:
        end = doc[at].idx + len(doc[at])
    else:
        starts = {at, at + 1} if doc[at].lower_ == "the" else {at}
        ent = next((e for e in doc.ents if e.start in starts), None)
        if ent is None or ent.label_ not in ("ORG", "PERSON", "NORP", "GPE", "WORK_OF_ART"):
            return span
        end = ent.end_char
    return (end, span[1]) if end < span[1] else span


def _parenthetical(verb: Token) -> bool:
    """An aside set off by commas ("Greensboro, Sexton said, made ..."), or a tag after the
    claim ("..., officials said.")."""
    doc, sent = verb.doc, verb.sent
    subject = find_source(verb)
    left = min(verb_group(verb)[0].i, subject.left_edge.i if subject is not None else verb.i)
    right = verb.i + 1
    while right < sent.end and doc[right].dep_ == "prt":
        right += 1
    before = doc[left - 1] if left > sent.start else None
    after = doc[right] if right < sent.end else None
    return before is not None and before.text == "," and after is not None and after.text in (",", ".")


def _clause_span(clause: Token, verb: Token, speaker_of: dict[int, Token]) -> tuple[int, int]:
    """The reported clause, stopping before a conjoined cue verb that the parser hung on it:
    in "said that X and insisted that Y", "insisted" is the speaker's second claim, not X's."""
    start, end = subtree_span(clause)
    for conj in clause.children:
        if conj.dep_ != "conj" or conj.lemma_.lower() not in CUE_VERBS:
            continue
        if any(c.dep_ in SUBJECT_DEPS for c in conj.children):
            continue
        speaker_of[conj.i] = verb  # the conjoined claim shares this verb's speaker
        left = conj.left_edge.i
        while left - 1 > clause.i and conj.doc[left - 1].dep_ in ("cc", "punct"):
            left -= 1
        return start, conj.doc[left].idx
    return start, end


def _statement_phrase(verb: Token, at: int) -> list[Token]:
    """ "said in a statement": PolNeAR's annotators mostly keep the medium in the cue."""
    if at >= len(verb.doc):
        return []
    prep = verb.doc[at]
    if prep.head != verb or prep.lower_ != "in":
        return []
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in STATEMENT_NOUNS:
        return []
    return list(verb.doc[at : pobj.i + 1])


def _has_clause(tok: Token) -> bool:
    """ "found evidence that ...", "saw the report they wrote"; not the infinitive in "found the
    nerve to say so" or "saw a chance to win", which names a purpose, not a claim."""
    return any(c.dep_ in ("acl", "relcl", "ccomp") and not _infinitive(c) for c in tok.children)


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _is_addressee(tok: Token) -> bool:
    """ "told reporters", "told him", "told The Times": people and outlets are addressees."""
    return (
        tok.pos_ in ("PRON", "PROPN")
        or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or (
            tok.lemma_.lower()
            in {"reporter", "journalist", "audience", "crowd", "supporter", "voter", "viewer"}
        )
    )
