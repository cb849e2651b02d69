"""Who a source is: "he", "Mr Osechkin", "the journalist" and "a dissident Russian journalist"
may all be Vladimir Osechkin. Reads the article's ``coref.Chains`` (no model to download):

* names and acronyms: the entity of their chain, named by its most complete name;
* appositions either way round ("Another official, the former deputy envoy Omar Haddad");
* conjoined sources ("Sens. Jon Tester and David Vitter"): one group named after its members;
* descriptions (roles, possessives, documents, institutions): see ``descriptions``;
* he/she: inside someone's reported (unquoted) claim, that someone ("Osechkin said he ...");
  otherwise the most salient earlier person of that gender — subjects first, latest first,
  within three sentences — where a person inside another quotation counts only as a last resort;
* they/it: groups and organisations the same way; I/we inside a quotation: the quote's
  speaker (``owner``); I outside any claim: the byline;
* anything else is an unnamed description kept whole ("a group representing rural counties in
  the state", "A spokesperson for the council"), with its role and affiliation.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Doc, Token

from ..document import SpeakerType
from ..lexicon import (
    COLLECTIVES,
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    ORG_KINDS,
    ORG_LABELS,
    ORG_NOUNS,
    ORG_PRONOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    QUANTIFIERS,
    SINGULAR_QUANTIFIERS,
    SYNONYMS,
)
from .coref import Chains, Entity, Mention, closest, description, fold, is_person_noun
from .descriptions import WINDOW_SENTENCES, Descriptions, definite
from .tokens import Offsets, heads_of

#: Dependents that join another member to a conjoined source.
_JOINERS = frozenset({"conj", "cc", "punct"})
_LOCATIVE = frozenset({"on", "in", "at", "from", "of"})


class Regions:
    """Quotations, merged (pieces split only by whitespace join up), so that a mention inside
    *another* quotation than a pronoun's is known to be a poor antecedent for it."""

    def __init__(self, text: str, ranges: list[Offsets]) -> None:
        merged: list[Offsets] = []
        for start, end in sorted(ranges):
            if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self._ranges = merged
        self._starts = [s for s, _ in merged]

    def region(self, position: int) -> int | None:
        k = bisect.bisect_right(self._starts, position) - 1
        return k if k >= 0 and position < self._ranges[k][1] else None


def source_head(tokens: list[Token]) -> tuple[Token, set[int]] | None:
    """The word a source is about, and the tokens that belong to it: a noun root before a verb
    root ("President Obama, dedicating the museum," is Obama), the subject of a verb swept
    into the span ("A spokesperson for the council denied")."""
    roots = heads_of(tokens)
    if not roots:
        return None
    inside = {t.i for t in tokens}
    nominal = [t for t in roots if t.pos_ not in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "ADV")]
    head = max(nominal or roots, key=lambda t: (sum(1 for d in t.subtree if d.i in inside), -t.i))
    if head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in inside), None)
        if subject is not None:
            return subject, {t.i for t in subject.subtree if t.i in inside}
    return head, inside


class SpeakerResolver(Descriptions):
    """Resolves sources to entities in the order given, remembering each so that later
    pronouns and descriptions can refer back to it."""

    def __init__(
        self, chains: Chains, regions: Regions, quoted: Callable[[int], bool], byline: str | None = None
    ) -> None:
        self.chains = chains
        self.regions = regions
        self.quoted = quoted
        self.byline = byline
        self._starts = chains.sentence_starts
        self._resolved: list[Mention] = []
        self._proper_names: dict[str, Entity] = {}
        self._possessed: dict[str, list[tuple[int, Entity]]] = {}
        self._documents = _documents(chains.doc)

    def remember(self, span: Offsets, entity: Entity, pronoun: bool) -> None:
        """Record a resolved source in its entity's chain and as an antecedent."""
        entity.add(*span)
        if not pronoun or entity.named:
            mention = Mention(span[0], span[1], entity, True, "SOURCE", True)
            bisect.insort(self._resolved, mention, key=lambda m: m.start)

    def resolve(
        self, tokens: list[Token], parent: Entity | None = None, owner: Entity | None = None
    ) -> tuple[Entity, bool] | None:
        """The entity a source's tokens refer to, and whether it was a pronoun left unresolved.
        ``parent`` is the speaker of the claim whose content holds this one ("Osechkin said he
        ..."), ``owner`` the speaker of the quotation the source sits in ("I", "we")."""
        found = source_head(tokens)
        if found is None:
            return None
        head, allowed = found
        entity = self._head(head, allowed, parent, owner)
        unresolved = not entity.named and (head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER)
        return entity, unresolved

    def _outside_quotes(self, position: int) -> bool:
        return self.regions.region(position) is None

    # ------------------------------------------------------------------ noun phrases
    def _head(self, head: Token, allowed: set[int], parent: Entity | None, owner: Entity | None) -> Entity:
        lemma = head.lemma_.lower()
        if head.tag_ in ("WP", "WDT", "WP$") or (head.lower_ == "that" and head.head.dep_ == "relcl"):
            return self._relative(head, allowed, parent, owner)
        members = _members(head, allowed)
        if len(members) > 1:
            return self._conjoined(members, allowed, parent, owner)
        named = self._named(head, allowed)
        if named is not None and named.named:
            return named  # an unnamed group ("officials", "many African-Americans") is described below
        of = _of_object(head, allowed)
        if of is not None and (lemma in QUANTIFIERS or lemma in COLLECTIVES or head.pos_ == "NUM"):
            # "one of the doctors" is a person, "some of his aides" / "a group of parents" a group.
            inner = self._head(of, {t.i for t in of.subtree}, parent, owner)
            kind: SpeakerType = "person" if lemma in SINGULAR_QUANTIFIERS else "group"
            return self._unnamed_entity(
                head, allowed, kind if inner.type in ("person", "group") else inner.type
            )
        if head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER:
            found = self._pronoun(head, parent, owner)
            return found or self._unnamed_entity(head, allowed, _pronoun_type(head))
        plural = head.tag_ in ("NNS", "NNPS") or _capitalised_plural(head)
        if head.ent_type_ == "NORP" or head.lower_ in ("republican", "democrat", "republicans", "democrats"):
            member = self._party_member(head) if not plural else None
            if member is not None:
                return member
            one = any(c.lower_ in SINGULAR_QUANTIFIERS or c.lower_ in ("a", "an") for c in head.children)
            return self._unnamed_entity(head, allowed, "person" if one and not plural else "group")
        if head.pos_ == "PROPN" and not is_person_noun(head) and not plural:
            kind = "person" if head.ent_type_ == "PERSON" else "organization"
            return self._proper(description(head, allowed), kind)
        if head.pos_ == "NUM" or lemma in ("percent", "%"):
            return self._unnamed_entity(head, allowed, "group")
        if lemma in DOCUMENT_NOUNS:
            found = self._document(head, allowed)
            if found is not None:
                return found
        owner_token = next((c for c in head.children if c.dep_ == "poss" and c.i in allowed), None)
        person = is_person_noun(head) and lemma not in ORG_NOUNS
        if owner_token is not None and lemma not in DOCUMENT_NOUNS:
            kind = ("group" if plural else "person") if person else "organization"
            return self._possessed_by_owner(head, allowed, owner_token, kind)
        if lemma in ORG_NOUNS or head.ent_type_ in ORG_LABELS:
            if definite(head) and not plural and head.pos_ == "NOUN":
                found = (
                    self._earlier_possessed(lemma, head.idx)
                    or self.chains.organisation_like(lemma, head.idx)
                    or self._main_organisation(lemma, head.idx)
                )
                if found is not None:
                    return found
            kind = "group" if plural and lemma != "police" else "organization"
            return self._unnamed_entity(head, allowed, kind)
        if plural:
            if definite(head):
                found = self._group_like(lemma, head.idx)
                if found is not None:
                    return found
            return self._unnamed_entity(head, allowed, "group")
        if person:
            return self._description(head) or self._unnamed_entity(head, allowed, "person")
        return self._unnamed_entity(head, allowed, "organization")

    def _relative(
        self, head: Token, allowed: set[int], parent: Entity | None, owner: Entity | None
    ) -> Entity:
        """ "who"/"which"/"that": the noun the relative clause hangs on; past a place phrase
        ("Democrats on Capitol Hill, who ...") to the people in it."""
        clause = head.head if head.head.dep_ == "relcl" else head.head.head
        antecedent = clause.head if clause.dep_ == "relcl" else None
        if antecedent is None or antecedent.i == head.i:
            return self._unnamed_entity(head, allowed, "person" if head.lower_ == "who" else "organization")
        if (
            antecedent.dep_ == "pobj"
            and antecedent.head.lower_ in _LOCATIVE
            and antecedent.head.head.pos_ in ("NOUN", "PROPN")
            and (head.lower_ == "who") == _personal(antecedent.head.head)
            and not (head.lower_ == "who") == _personal(antecedent)
        ):
            antecedent = antecedent.head.head
        before = {t.i for t in antecedent.subtree if t.i < head.i}
        return self._head(antecedent, before | {antecedent.i}, parent, owner)

    def _proper(self, text: str, kind: SpeakerType) -> Entity:
        """A proper name the entity recogniser missed ("Reuters"): one entity per name."""
        key = fold(text)
        entity = self._proper_names.get(key)
        if entity is None:
            entity = Entity(kind, text)
            self._proper_names[key] = entity
        return entity

    def _named(self, head: Token, allowed: set[int]) -> Entity | None:
        """A name in the source: the head itself, a surname or acronym NER missed, or a name in
        apposition with it, either way round and also just outside the source span ("the tax
        commissioner, Kevin Sullivan")."""
        chains = self.chains
        mention = chains.by_token.get(head.i)
        if mention is not None:
            return mention.entity
        if head.pos_ == "PROPN" or head.is_title or head.is_upper:
            found = chains.by_name(head)
            if found is not None:
                return found
        person = is_person_noun(head)
        if head.dep_ == "appos":  # "Heather Samuelson, a legal assistant who said ..."
            mention = chains.by_token.get(head.head.i)
            if mention is not None and (mention.entity.type == "person") == (person or head.pos_ == "PROPN"):
                return mention.entity
        if head.pos_ == "PROPN":
            return None  # a name of its own; an organisation in apposition is not who it is
        if person:
            # "An attorney for Pagliano, Mark MacDougall,": the parser hangs the name on the
            # owner's name; a name in apposition to a name inside the phrase is the role's
            for token in head.subtree:
                if token.dep_ == "appos" and token.i in allowed and token.head.i != head.i:
                    mention = chains.by_token.get(token.i)
                    owner = chains.by_token.get(token.head.i)
                    if mention is not None and owner is not None and mention.entity.type == "person":
                        return mention.entity
        for child in head.children:
            if not (child.dep_ == "appos" or (person and child.dep_ == "compound" and child.i in allowed)):
                continue
            for token in child.subtree:
                mention = chains.by_token.get(token.i)
                if mention is not None and (mention.entity.type == "person") == person:
                    return mention.entity
        return None

    def _conjoined(
        self, members: list[Token], allowed: set[int], parent: Entity | None, owner: Entity | None
    ) -> Entity:
        """ "Sens. Jon Tester and David Vitter", "Trump and his aides": one group, named by its
        members' names (descriptions where they have none) joined with "and"."""
        names = []
        for member in members:
            own = {t.i for t in member.subtree if t.i in allowed} - _joined(member)
            entity = self._named(member, own)
            if entity is None and member.pos_ == "PRON":
                entity = self._pronoun(member, parent, owner)
            names.append(entity.name if entity is not None and entity.named else description(member, own))
        name = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return Entity("group", name, named=False)

    def _main_organisation(self, lemma: str, position: int) -> Entity | None:
        """ "The bank", "the network": failing any better clue, the organisation the article
        has mentioned most so far (not a place)."""
        if lemma not in ORG_KINDS or lemma in (
            "department",
            "ministry",
            "office",
            "court",
            "party",
            "council",
        ):
            return None
        counts: dict[int, int] = {}
        found: dict[int, Entity] = {}
        for m in self.chains.others:
            if m.start < position and m.label == "ORG" and m.entity.type == "organization":
                counts[id(m.entity)] = counts.get(id(m.entity), 0) + 1
                found[id(m.entity)] = m.entity
        if not counts:
            return None
        best = max(counts, key=lambda k: counts[k])
        return found[best] if counts[best] >= 2 else None

    def _group_like(self, lemma: str, position: int) -> Entity | None:
        """ "the doctors" for a doctors' group the article named ("Physicians for Fair Care, a
        group of doctors"), or for the organisation whose name says so."""
        words = SYNONYMS.get(lemma, frozenset()) | {lemma}
        fits = [
            e
            for e in self.chains.organisations
            if words & set(e.roles) or words & {w.rstrip("s") for w in e.words}
        ]
        return closest(fits, position) if fits else None

    # ------------------------------------------------------------------ pronouns
    def _pronoun(self, token: Token, parent: Entity | None, owner: Entity | None) -> Entity | None:
        lower = token.lower_
        if lower in FIRST_PERSON:
            if owner is not None:
                return owner
            if parent is not None:
                return parent
            if self.byline and lower in ("i", "me", "my"):
                return self._proper(self.byline, "person")
            return None
        if lower in PRONOUN_GENDER:
            gender = PRONOUN_GENDER[lower]
            if (
                parent is not None
                and parent.type == "person"
                and not self.quoted(token.idx)
                and parent.gender in ("", gender)
            ):
                return parent  # "Osechkin said he ...": reported speech refers to its speaker
            found = self._antecedent(token.idx, self.chains.persons, gender, ("person",))
            if found is not None and not found.gender:
                found.gender = gender  # "he said" tells their gender for the pronouns that follow
            return found
        if lower in PLURAL_PRONOUNS:
            pool = [m for m in self.chains.others if m.label not in ("GPE", "FAC")]
            return self._antecedent(token.idx, pool, "", ("group", "organization"))
        if lower in ORG_PRONOUNS:
            return self._antecedent(token.idx, self.chains.others, "", ("organization",))
        return None

    def _window(self, position: int, pool: list[Mention]) -> list[Mention]:
        """Mentions before ``position`` in the last few sentences, outside other quotations."""
        k = bisect.bisect_right(self._starts, position) - 1
        start = self._starts[max(0, k - WINDOW_SENTENCES + 1)] if self._starts else 0
        own = self.regions.region(position)
        low = bisect.bisect_left(pool, start, key=lambda m: m.start)
        high = bisect.bisect_left(pool, position, key=lambda m: m.start)
        return [m for m in pool[low:high] if self.regions.region(m.start) in (None, own)]

    def _antecedent(
        self, position: int, static: list[Mention], gender: str, types: tuple[str, ...]
    ) -> Entity | None:
        """Latest compatible mention before ``position``: in the window, sources and subjects of
        main clauses first, then other subjects, then any; then anywhere before outside other
        quotations; then anywhere before; then the next one."""

        def fits(m: Mention) -> bool:
            return m.entity.type in types and (not gender or m.entity.gender in ("", gender))

        near = [m for m in self._window(position, static) + self._window(position, self._resolved) if fits(m)]
        near.sort(key=lambda m: m.start)
        own = self.regions.region(position)
        if own is not None:  # inside a quotation, its own words first
            inside = [m for m in near if self.regions.region(m.start) == own]
            near = inside or near
        for group in ([m for m in near if m.main], [m for m in near if m.subject], near):
            if group:
                return group[-1].entity
        before: Mention | None = None
        for pool in (static, self._resolved):
            high = bisect.bisect_left(pool, position, key=lambda m: m.start)
            for m in reversed(pool[:high]):
                if fits(m) and self.regions.region(m.start) in (None, own):
                    if before is None or m.start > before.start:
                        before = m
                    break
        if before is not None:
            return before.entity
        after = [m for m in static if m.start > position and fits(m)]
        return after[0].entity if after else None


def _documents(doc: Doc) -> list[tuple[int, str, Token]]:
    """Every document noun of the article ("ad", "poll", "statement"), in text order."""
    return [
        (t.idx, t.lemma_.lower(), t) for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in DOCUMENT_NOUNS
    ]


def _members(head: Token, allowed: set[int]) -> list[Token]:
    """The head and every conjunct joined to it inside the source, in text order."""
    out = [head]
    stack = [head]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.i in allowed and child.pos_ in ("NOUN", "PROPN", "PRON"):
                out.append(child)
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _joined(member: Token) -> set[int]:
    """Tokens of the conjuncts hanging on ``member`` (and their "and"/commas)."""
    return {t.i for c in member.children if c.dep_ in _JOINERS and c.i > member.i for t in c.subtree}


def _personal(token: Token) -> bool:
    return is_person_noun(token) or token.ent_type_ in ("PERSON", "NORP") or token.tag_ in ("NNS", "NNPS")


def _capitalised_plural(token: Token) -> bool:
    """ "Scholars said": a capitalised common plural that the tagger took for a name."""
    lower = token.lower_
    return token.pos_ == "PROPN" and lower.endswith("s") and is_person_noun_lemma(lower[:-1])


def is_person_noun_lemma(lemma: str) -> bool:
    from ..lexicon import is_person_lemma

    return is_person_lemma(lemma)


def _pronoun_type(token: Token) -> SpeakerType:
    lower = token.lower_
    if lower in PLURAL_PRONOUNS or lower in ("we", "us", "our") or (lower in QUANTIFIERS and lower != "one"):
        return "group"
    personal = lower in PRONOUN_GENDER or lower in FIRST_PERSON or lower == "who" or is_person_noun(token)
    return "person" if personal else "organization"


def _of_object(head: Token, allowed: set[int]) -> Token | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i in allowed:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
