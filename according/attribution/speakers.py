"""Who a source is: "he", "Mr Osechkin", "the journalist" and "a dissident Russian journalist"
may all be Vladimir Osechkin. Reads the article's ``coref.Chains`` (no model to download):

* names and acronyms: the entity of their chain, named by its most complete name;
* appositions either way round ("Another official, the former deputy envoy Omar Haddad");
* role nouns ("the governor", "the journalist") to the person the article gave that role;
  failing that, a definite one to the latest person quoted in the last few sentences, and an
  indefinite one in the opening ("a dissident journalist has claimed ...") to the person named
  next, which is how a news lede introduces its source;
* institution nouns ("the utility", "the agency", "the council") to the organisation the
  article described or named that way; "the doctors" to a doctors' group the article named;
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

from spacy.tokens import Token

from ..document import SpeakerType
from ..lexicon import (
    COLLECTIVES,
    FIRST_PERSON,
    GENDERED_NOUNS,
    ORG_LABELS,
    ORG_NOUNS,
    ORG_PRONOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    QUANTIFIERS,
    SINGULAR_QUANTIFIERS,
    SYNONYMS,
)
from .coref import Chains, Entity, Mention, closest, description, fold, is_person_noun, modifiers, role_of
from .tokens import Offsets, head_of

#: How far into the article an indefinite description counts as the lede's ("a journalist has
#: claimed"), to be named in what follows.
LEDE_CHARS = 1000
#: Sentences looked back over for a pronoun's antecedent before searching the whole article.
WINDOW_SENTENCES = 3


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


class SpeakerResolver:
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
        self._unnamed: dict[str, Entity] = {}

    def remember(self, span: Offsets, entity: Entity, pronoun: bool) -> None:
        """Record a resolved source in its entity's chain and as an antecedent."""
        entity.add(*span)
        if not pronoun or entity.named:
            bisect.insort(
                self._resolved, Mention(span[0], span[1], entity, True, "SOURCE"), key=lambda m: m.start
            )

    def resolve(
        self, tokens: list[Token], parent: Entity | None = None, owner: Entity | None = None
    ) -> tuple[Entity, bool] | None:
        """The entity a source's tokens refer to, and whether it was a pronoun left unresolved.
        ``parent`` is the speaker of the claim whose content holds this one ("Osechkin said he
        ..."), ``owner`` the speaker of the quotation the source sits in ("I", "we")."""
        head = head_of(tokens)
        if head is None:
            return None
        entity = self._head(head, {t.i for t in tokens}, parent, owner)
        unresolved = not entity.named and (head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER)
        return entity, unresolved

    # ------------------------------------------------------------------ noun phrases
    def _head(self, head: Token, allowed: set[int], parent: Entity | None, owner: Entity | None) -> Entity:
        lemma = head.lemma_.lower()
        if head.tag_ in ("WP", "WDT") or (head.lower_ == "that" and head.head.dep_ == "relcl"):
            antecedent = head.head.head if head.head.dep_ == "relcl" else None
            if antecedent is not None and antecedent.i != head.i:
                before = {t.i for t in antecedent.subtree if t.i < head.i}
                return self._head(antecedent, before | {antecedent.i}, parent, owner)
            return self._unnamed_entity(head, allowed, "person" if head.lower_ == "who" else "organization")
        of = _of_object(head, allowed)
        if of is not None and (lemma in QUANTIFIERS or lemma in COLLECTIVES or head.pos_ == "NUM"):
            # "one of the doctors" is a person, "some of his aides" / "a group of parents" a group.
            inner = self._head(of, {t.i for t in of.subtree}, parent, owner)
            kind: SpeakerType = "person" if lemma in SINGULAR_QUANTIFIERS else "group"
            return self._unnamed_entity(
                head, allowed, kind if inner.type in ("person", "group") else inner.type
            )
        if head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER:
            return self._pronoun(head, parent, owner) or self._unnamed_entity(
                head, allowed, _pronoun_type(head)
            )
        named = self._named(head, allowed)
        if named is not None:
            return named
        if any(c.dep_ == "conj" and c.i in allowed for c in head.children):
            return self._unnamed_entity(head, allowed, "group")  # "Joseph and other residents"
        if head.pos_ == "PROPN" and not is_person_noun(head):
            kind = "person" if head.ent_type_ == "PERSON" else "organization"
            return self._proper(description(head, allowed), kind)
        if head.pos_ == "NUM" or lemma in ("percent", "%"):
            return self._unnamed_entity(head, allowed, "group")
        definite = _definite(head)
        plural = head.tag_ in ("NNS", "NNPS")
        if lemma in ORG_NOUNS or head.ent_type_ in ORG_LABELS:
            if definite and not plural and head.pos_ == "NOUN":
                found = self.chains.organisation_like(lemma, head.idx)
                if found is not None:
                    return found
            return self._unnamed_entity(head, allowed, "organization")
        if plural:
            if definite:
                found = self._group_like(lemma, head.idx)
                if found is not None:
                    return found
            return self._unnamed_entity(head, allowed, "group")
        if is_person_noun(head):
            return self._description(head) or self._unnamed_entity(head, allowed, "person")
        return self._unnamed_entity(head, allowed, "organization")

    def _proper(self, text: str, kind: SpeakerType) -> Entity:
        """A proper name the entity recogniser missed ("Reuters"): one entity per name."""
        key = fold(text)
        entity = self._unnamed.get(key)
        if entity is None:
            entity = Entity(kind, text)
            self._unnamed[key] = entity
        return entity

    def _unnamed_entity(self, head: Token, allowed: set[int], kind: SpeakerType) -> Entity:
        """A description that names nobody the article names: kept whole, with its role and
        affiliation; a later "the spokesperson" refers back to "A spokesperson for X"."""
        entity = Entity(kind, description(head, allowed), named=False)
        if kind == "person" and head.pos_ == "NOUN" and is_person_noun(head):
            entity.describe(role_of(head), self.chains.affiliation_of(head))
            entity.gender = GENDERED_NOUNS.get(head.lemma_.lower(), "")
            self.chains.entities.append(entity)
        return entity

    def _named(self, head: Token, allowed: set[int]) -> Entity | None:
        """A name in the source: the head itself, a surname or acronym NER missed, or a name
        in apposition with it (either way round)."""
        chains = self.chains
        mention = chains.by_token.get(head.i)
        if mention is not None:
            return mention.entity
        if head.pos_ == "PROPN" or head.is_title or head.is_upper:
            found = chains.by_name(head)
            if found is not None:
                return found
        if head.dep_ == "appos":  # "Heather Samuelson, a legal assistant who said ..."
            mention = chains.by_token.get(head.head.i)
            if mention is not None and (mention.entity.type == "person" or not is_person_noun(head)):
                return mention.entity
        person = is_person_noun(head)
        for child in head.children:
            if child.i not in allowed or not (child.dep_ == "appos" or (person and child.dep_ == "compound")):
                continue
            for token in child.subtree:
                mention = chains.by_token.get(token.i)
                if mention is not None and (mention.entity.type == "person") == person:
                    return mention.entity
        return None

    def _description(self, noun: Token) -> Entity | None:
        """A role noun ("the journalist", "a dissident journalist") as a named person."""
        wanted = modifiers(noun)
        holders = [
            e
            for e in self.chains.role_holders(noun)
            if not wanted or not (e.role and set(e.role.split()[:-1])) or wanted & set(e.role.split())
        ]
        definite = _definite(noun)
        if holders and (definite or noun.idx >= LEDE_CHARS):
            return closest(holders, noun.idx)
        if definite:
            # the latest person quoted, unless the article gave them another role ("Council
            # leader Ann Moss said ... The mayor said" are two people)
            recent = [
                m
                for m in self._window(noun.idx, self._resolved)
                if m.entity.type == "person" and not m.entity.roles
            ]
            return recent[-1].entity if recent else None
        if noun.idx < LEDE_CHARS and self._lede_source(noun):
            named = self._named_next(noun.idx)
            if named is not None:
                named.describe(role_of(noun), self.chains.affiliation_of(noun))
                return named
        return None

    def _group_like(self, lemma: str, position: int) -> Entity | None:
        """ "the doctors" for a doctors' group the article named ("Physicians for Fair Care, a
        group of doctors"), or for the organisation whose name says so."""
        words = SYNONYMS.get(lemma, frozenset()) | {lemma}
        fits = [
            e
            for e in self.chains.organisations
            if words & e.roles or words & {w.rstrip("s") for w in e.words}
        ]
        return closest(fits, position) if fits else None

    def _lede_source(self, noun: Token) -> bool:
        """ "A dissident Russian journalist has claimed ..." opening the story: the first person
        to speak, described only by words before the noun (not "a spokesperson for the
        council", which is how anonymous sources are described)."""
        if any(c.i > noun.i and c.dep_ != "punct" for c in noun.children):
            return False
        return not any(m.entity.type == "person" for m in self._resolved if m.start < noun.idx)

    def _named_next(self, position: int) -> Entity | None:
        """The first person named as a subject after ``position`` (within the window) who was
        not mentioned before it."""
        persons = self.chains.persons
        earlier = {id(m.entity) for m in persons if m.start < position}
        k = bisect.bisect_right(self._starts, position)
        limit = self._starts[k + WINDOW_SENTENCES] if k + WINDOW_SENTENCES < len(self._starts) else None
        for m in persons:
            if m.start > position and (limit is None or m.start < limit):
                if m.subject and id(m.entity) not in earlier and self.regions.region(m.start) is None:
                    return m.entity
        return None

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
        """Latest compatible mention before ``position``: in the window, subjects first; then
        anywhere before outside other quotations; then anywhere before; then the next one."""

        def fits(m: Mention) -> bool:
            return m.entity.type in types and (not gender or m.entity.gender in ("", gender))

        near = [m for m in self._window(position, static) + self._window(position, self._resolved) if fits(m)]
        near.sort(key=lambda m: m.start)
        for group in ([m for m in near if m.subject], near):
            if group:
                return group[-1].entity
        own = self.regions.region(position)
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


def _definite(noun: Token) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
        for c in noun.children
    )


def _pronoun_type(token: Token) -> SpeakerType:
    lower = token.lower_
    if lower in PLURAL_PRONOUNS or lower in ("we", "us", "our"):
        return "group"
    personal = lower in PRONOUN_GENDER or lower in FIRST_PERSON or lower == "who" or is_person_noun(token)
    return "person" if personal else "organization"


def _of_object(head: Token, allowed: set[int]) -> Token | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i in allowed:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
