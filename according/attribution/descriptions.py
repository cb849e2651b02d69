"""Descriptions as speakers: who "the governor", "his lawyer", "the ad" or "the campaign" is.

The ``Descriptions`` mixin gives ``speakers.SpeakerResolver`` its rules for noun phrases that
are not names:

* a role noun ("the governor", "The GOP nominee", "The Indiana governor") is the person the
  article gave that role, qualifiers agreeing ("Democratic" never picks the Republican); failing
  that a definite one is the latest person quoted, and an indefinite one opening the story ("a
  dissident journalist has claimed ...") the person named next;
* a possessed role ("his lawyer", "Pagliano's lawyer") is the person the article tied to that
  role for that owner ("An attorney for Pagliano, Mark MacDougall"), else "<owner>'s lawyer";
* a document ("The ad", "an analysis by Lily Batchelder", "A Quinnipiac University poll") is
  the body or person behind it when the article names one, there or at an earlier mention;
* an institution noun ("the utility", "the campaign", "the bank") is the organisation the
  article described or named that way; "the doctors" a doctors' group the article named.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Token

from ..document import SpeakerType
from ..lexicon import DOCUMENT_NOUNS, GENDERED_NOUNS, PRONOUN_GENDER, SYNONYMS
from .coref import (
    PARTY_WORDS,
    Chains,
    Entity,
    Mention,
    closest,
    description,
    is_person_noun,
    modifiers,
    party,
    role_of,
)

#: How far into the article an indefinite description counts as the lede's ("a journalist has
#: claimed"), to be named in what follows.
LEDE_CHARS = 1000
#: Sentences looked back over for a pronoun's or description's antecedent.
WINDOW_SENTENCES = 3


class Descriptions:
    """Resolution of descriptions; mixed into ``SpeakerResolver``, whose state it reads."""

    chains: Chains
    _resolved: list[Mention]
    _starts: list[int]
    _documents: list[tuple[int, str, Token]]
    #: entities of possessed descriptions, by head lemma ("campaign") and by lemma + owner
    _possessed: dict[str, list[tuple[int, Entity]]]

    def _head(self, head: Token, allowed: set[int], parent: Entity | None, owner: Entity | None) -> Entity:
        raise NotImplementedError

    def _window(self, position: int, pool: list[Mention]) -> list[Mention]:
        raise NotImplementedError

    def _outside_quotes(self, position: int) -> bool:
        raise NotImplementedError

    # ------------------------------------------------------------------ unnamed
    def _unnamed_entity(self, head: Token, allowed: set[int], kind: SpeakerType, name: str = "") -> Entity:
        """A description that names nobody the article names: kept whole, with its role and
        affiliation; a later "the spokesperson" refers back to "A spokesperson for X"."""
        entity = Entity(kind, name or description(head, allowed), named=False)
        if kind == "person" and head.pos_ == "NOUN" and is_person_noun(head):
            entity.describe(role_of(head), self.chains.affiliation_of(head), modifiers(head))
            entity.gender = GENDERED_NOUNS.get(head.lemma_.lower(), "")
            self.chains.entities.append(entity)
        return entity

    # ------------------------------------------------------------------ roles
    def _role_holder(self, noun: Token) -> Entity | None:
        """The person a role noun names ("the governor", "The GOP nominee")."""
        lemma = noun.lemma_.lower()
        holders = [e for e in self.chains.entities if e.type == "person" and lemma in e.roles]
        return _best_fit(holders, modifiers(noun), lambda e: e.roles[lemma], noun.idx)

    def _description(self, noun: Token) -> Entity | None:
        """A role noun ("the journalist", "a dissident journalist") as a named person."""
        known = definite(noun)
        if known:
            found = self._role_holder(noun)
            if found is not None:
                return found
            return self._salient_person(noun)
        if noun.idx < LEDE_CHARS and self._lede_source(noun):
            named = self._named_next(noun.idx)
            if named is not None:
                named.describe(role_of(noun), self.chains.affiliation_of(noun), modifiers(noun))
                return named
        return None

    def _salient_person(self, noun: Token) -> Entity | None:
        """A definite role the article tied to nobody ("The GOP nominee"): the person in focus —
        the latest named subject of the last few sentences, else the person mentioned most so
        far — unless the article gave them another role ("Council leader Ann Moss said ... The
        mayor said" are two people) or another party."""
        wanted = modifiers(noun)

        def free(e: Entity) -> bool:
            clash = bool(wanted & PARTY_WORDS) and any(
                q & PARTY_WORDS and not (q & wanted) for q in e.roles.values()
            )
            return e.type == "person" and e.named and not e.roles and not clash

        near = [
            m
            for pool in (self.chains.persons, self._resolved)
            for m in self._window(noun.idx, pool)
            if m.subject and free(m.entity)
        ]
        if near:
            return max(near, key=lambda m: m.start).entity
        counts: dict[int, int] = {}
        people: dict[int, Entity] = {}
        for m in self.chains.persons:
            if m.start < noun.idx and free(m.entity):
                counts[id(m.entity)] = counts.get(id(m.entity), 0) + 1
                people[id(m.entity)] = m.entity
        return people[max(counts, key=lambda k: counts[k])] if counts else None

    def _party_member(self, head: Token) -> Entity | None:
        """ "The Republican" / "the Democrat": the person the article gave that party."""
        word = PARTY_WORDS & (modifiers(head) | {party(head.lemma_)})
        if not word or not definite(head):
            return None
        people = [
            e for e in self.chains.entities if e.type == "person" and any(word & q for q in e.roles.values())
        ]
        return closest(people, head.idx) if people else None

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
                if m.subject and id(m.entity) not in earlier and self._outside_quotes(m.start):
                    return m.entity
        return None

    # ------------------------------------------------------------------ possessives
    def _possessed_by_owner(
        self, head: Token, allowed: set[int], owner_token: Token, kind: SpeakerType
    ) -> Entity:
        """ "his lawyer" / "Clinton's campaign": the person the article tied to that role for
        that owner, else the description with the owner's name ("Bryan Pagliano's lawyer")."""
        lemma = head.lemma_.lower()
        words = SYNONYMS.get(lemma, frozenset()) | {lemma}
        people = [e for e in self.chains.entities if e.type == "person" and e.named]

        def tied(owners: list[Entity]) -> list[Entity]:
            return [
                e
                for e in people
                if e.affiliation
                and words & set(e.roles)
                and any(o is not e and o.name.endswith(e.affiliation) for o in owners)
            ]

        if kind == "person" and owner_token.lower_ in PRONOUN_GENDER:
            # "Her lawyer" after "An attorney for Lopez, Sam Reed": the one lawyer the article
            # tied to a woman it names
            gender = PRONOUN_GENDER[owner_token.lower_]
            found = tied([o for o in people if o.gender in ("", gender)])
            if found:
                return closest(found, head.idx)
        owner = self._head(owner_token, {t.i for t in owner_token.subtree}, None, None)
        if kind == "person" and owner.named:
            found = tied([owner])
            if found:
                return closest(found, head.idx)
        key = f"{lemma}\t{owner.name}"
        known = self._possessed.get(key)
        if known:
            return known[-1][1]
        rest = {t.i for t in head.subtree if t.i in allowed} - {t.i for t in owner_token.subtree}
        text = description(head, rest | {head.i})
        name = f"{owner.name}’s {text}" if owner.named else ""
        entity = self._unnamed_entity(head, allowed, kind, name)
        for k in (key, lemma):
            self._possessed.setdefault(k, []).append((head.idx, entity))
        return entity

    def _earlier_possessed(self, lemma: str, position: int) -> Entity | None:
        """ "The campaign" after "Donald Trump's presidential campaign"."""
        before = [e for at, e in self._possessed.get(lemma, ()) if at < position]
        return before[-1] if before else None

    # ------------------------------------------------------------------ documents
    def _document(self, head: Token, allowed: set[int]) -> Entity | None:
        """The body or person behind a document: named in its own phrase ("an analysis by Lily
        Batchelder", "A Quinnipiac University poll", "DuVernay's 13th"), or, for a definite
        one ("The ad"), at the latest earlier document of the article that names it."""
        behind = self._behind(head, allowed)
        if behind is not None:
            return behind
        if not definite(head):
            return None
        lemma = head.lemma_.lower()
        k = bisect.bisect_left(self._documents, head.idx, key=lambda d: d[0])
        same = [d for d in self._documents[:k] if d[1] == lemma]
        for _, _, token in reversed(same or self._documents[:k][-1:]):
            found = self._behind(token, {t.i for t in token.subtree})
            if found is not None:
                return found
        return None

    def _behind(self, head: Token, allowed: set[int]) -> Entity | None:
        """The named author of a document phrase: its possessor, a "by"/"from" object, a name
        compounded before it, or where it "appeared in"."""
        candidates: list[Token] = []
        for t in head.subtree:
            if t.i not in allowed or t.i == head.i:
                continue
            if t.dep_ == "poss" and t.head.i == head.i:
                candidates.append(t)
            elif t.dep_ == "pobj" and t.head.lower_ in ("by", "from", "in") and _near(t.head.head, head):
                candidates.append(t)
            elif t.dep_ == "compound" and t.head.i == head.i and t.pos_ == "PROPN":
                candidates.append(t)
        for t in candidates:
            if t.lemma_.lower() in DOCUMENT_NOUNS:
                continue
            found = self._head(t, {u.i for u in t.subtree}, None, None)
            if found.named:
                return found
        return None


def _near(token: Token, head: Token) -> bool:
    """The head itself or a word hanging on it ("published by", "that appeared in")."""
    return token.i == head.i or token.head.i == head.i


def definite(noun: Token) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
        for c in noun.children
    )


def _best_fit(
    entities: list[Entity], wanted: frozenset[str], words: Callable[[Entity], set[str]], position: int
) -> Entity | None:
    """Of the entities holding a role, the one whose qualifiers agree best with ``wanted``: a
    shared word counts for it, a different party against it; the nearest on a tie."""
    if not entities:
        return None

    def score(e: Entity) -> int:
        have = words(e)
        clash = bool(wanted & PARTY_WORDS) and bool(have & PARTY_WORDS) and not (wanted & have & PARTY_WORDS)
        return len(wanted & have) - (3 if clash else 0)

    best = max(score(e) for e in entities)
    if best < 0:
        return None
    return closest([e for e in entities if score(e) == best], position)
