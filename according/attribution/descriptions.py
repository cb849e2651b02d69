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
from ..lexicon import (
    DOCUMENT_KINDS,
    DOCUMENT_NOUNS,
    GENDERED_NOUNS,
    INCIDENTAL_ROLES,
    KIN_NOUNS,
    PRONOUN_GENDER,
    PUBLISHERS,
    RANKS,
    READERS,
    RELATION_NOUNS,
    SYNONYMS,
    role_key,
)
from .coref import Chains, description, is_person_noun, modifiers, role_of
from .entities import PARTY_WORDS, Entity, Mention, closest, fold, party

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
    #: authors of the article's documents, by index in ``_documents`` (see ``_document_author``)
    _authors: dict[int, Entity | None]
    #: entities of possessed descriptions, by head lemma ("campaign") and by lemma + owner
    _possessed: dict[str, list[tuple[int, Entity]]]

    def _head(self, head: Token, allowed: set[int], parent: Entity | None, owner: Entity | None) -> Entity:
        raise NotImplementedError

    def _proper(self, text: str, kind: SpeakerType) -> Entity:
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
        lemma = role_key(noun.lemma_.lower())
        holders = [e for e in self.chains.entities if e.type == "person" and lemma in e.roles]
        found = _best_fit(holders, modifiers(noun), lambda e: e.roles[lemma], noun.idx)
        if found is not None and self._placed_elsewhere(found, noun):
            return None  # "the Vermont senator" is not "The Arizona Republican" named earlier
        return found

    def _placed_elsewhere(self, entity: Entity, noun: Token, unplaced_fits: bool = True) -> bool:
        """Whether a role noun's place ("the Vermont senator") is not the one the article gave
        ``entity`` ("Arizona Sen. John McCain", "The Arizona Republican"): a role many people
        hold (senator, governor) is told apart by its place. A person the article never
        placed anywhere may still be the one, unless ``unplaced_fits`` is False."""
        wanted = _places(noun)
        if not wanted:
            return False
        doc = noun.doc
        placed: set[str] = set()
        for start, end in entity.mentions:
            span = doc.char_span(start, end, alignment_mode="expand") if start < noun.idx else None
            if span is not None:  # the words before the name too: "Arizona Sen. John McCain"
                before = doc[span.root.left_edge.i : span.root.i + 1]
                placed |= {p for t in (*span, *before) for p in _places(t)}
        known = placed | {w for q in entity.roles.values() for w in q} | {fold(entity.affiliation or "")}
        return (bool(placed) or not unplaced_fits) and not wanted <= known

    def _description(self, noun: Token) -> Entity | None:
        """A role noun ("the journalist", "a dissident journalist") as a named person."""
        known = definite(noun)
        if known:
            found = self._role_holder(noun)
            if found is not None:
                return found
            if noun.lemma_.lower() in INCIDENTAL_ROLES:
                return None  # "As a phone rang, the announcer said": not the newsmaker in focus
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
        lemma = noun.lemma_.lower()
        gender = GENDERED_NOUNS.get(lemma, "")
        # "The FBI director": an office of a named organisation is not whoever is in focus
        bodies = [
            m.entity
            for c in noun.children
            if c.dep_ in ("compound", "poss") and (m := self.chains.by_token.get(c.i)) is not None
            if m.entity.type == "organization" and m.label == "ORG" and party(c.text) not in PARTY_WORDS
        ]

        def free(e: Entity) -> bool:
            clash = bool(wanted & PARTY_WORDS) and any(
                q & PARTY_WORDS and not (q & wanted) for q in e.roles.values()
            )
            sexed = bool(gender) and e.gender not in ("", gender)  # "the mother" is not he
            # an office held is another person's ("the mayor" is not "Council leader Ann Moss");
            # kinship is not an office ("the mother of three" may be "the nominee's daughter")
            office = lemma not in KIN_NOUNS and any(r not in KIN_NOUNS | RELATION_NOUNS for r in e.roles)
            outside = any(
                not (b.words & {w for q in e.roles.values() for w in q}) and b.name != e.affiliation
                for b in bodies
            )
            elsewhere = self._placed_elsewhere(e, noun)
            return e.type == "person" and e.named and not (office or clash or sexed or outside or elsewhere)

        near = [
            m
            for pool in (self.chains.persons, self._resolved)
            for m in self._window(noun.idx, pool)
            if m.subject and free(m.entity)
        ]
        if near:
            return max(near, key=lambda m: m.start).entity
        if _places(noun):
            return None  # "the Vermont senator": not whoever the article mentions most
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
            e
            for e in self.chains.entities
            if e.type == "person" and (word & e.parties or any(word & q for q in e.roles.values()))
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
        words = SYNONYMS.get(lemma, frozenset()) | {lemma, role_key(lemma)}
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
            kin = self._kin(owner, lemma)
            if kin is not None:
                return kin
        key = f"{lemma}\t{owner.name}"
        known = self._possessed.get(key)
        if known:
            return known[-1][1]
        if kind == "person":
            # "the ad's narrator" after "a narrator in the Clinton ad asks": that unnamed source,
            # unless it speaks for another ("a Trump spokesman" is not "Clinton's spokesman")
            earlier = [
                e
                for e in self.chains.entities
                if e.type == "person"
                and not e.named
                and role_key(lemma) in e.roles
                and e.mentions
                and (not e.affiliation or fold(e.affiliation) in fold(owner.name))
            ]
            before = [e for e in earlier if min(s for s, _ in e.mentions) < head.idx]
            if before:
                return before[-1]
        if kind == "person" and owner.type != "person" and head.idx < LEDE_CHARS and self._lede_source(head):
            lede = self._named_next(head.idx)  # "Connecticut's tax commissioner says" opening the story
            if lede is not None:
                lede.describe(role_of(head), owner.name, modifiers(head))
                return lede
        rest = {t.i for t in head.subtree if t.i in allowed} - {t.i for t in owner_token.subtree}
        text = description(head, rest | {head.i})
        name = f"{owner.name}’s {text}" if owner.named else ""
        entity = self._unnamed_entity(head, allowed, kind, name)
        self._remember_possessed(head, key, entity)
        return entity

    def _named_institution(self, head: Token, allowed: set[int], owner: Entity) -> Entity:
        """ "The Clinton campaign": that person's campaign, the one the article already tied to
        them ("Hillary Clinton's campaign") or else this description, never whichever campaign
        the article mentioned last ("Donald Trump's campaign")."""
        key = f"{head.lemma_.lower()}\t{owner.name}"
        known = self._possessed.get(key)
        if known:
            return known[-1][1]
        entity = self._unnamed_entity(head, allowed, "organization")
        self._remember_possessed(head, key, entity)
        return entity

    def _remember_possessed(self, head: Token, key: str, entity: Entity) -> None:
        """Keep an owned institution or role under its owner's key and its bare lemma, for a
        later "the campaign" (``_earlier_possessed``) or "his campaign" of the same owner."""
        for k in (key, head.lemma_.lower()):
            self._possessed.setdefault(k, []).append((head.idx, entity))

    def _kin(self, owner: Entity, lemma: str) -> Entity | None:
        """ "Keith Lamont Scott's wife" in an article that names Rakeyia Scott: the one other
        person of the owner's surname and of the gender the kinship noun tells."""
        if lemma not in KIN_NOUNS or owner.type != "person" or not owner.surname:
            return None
        gender = GENDERED_NOUNS.get(lemma, "")
        found = [
            e
            for e in self.chains.entities
            if e.type == "person"
            and e.named
            and e is not owner
            and e.given
            and e.surname == owner.surname
            and (not gender or e.gender in ("", gender))
        ]
        return found[0] if len(found) == 1 else None

    def _earlier_possessed(self, lemma: str, position: int) -> Entity | None:
        """ "The campaign" after "Donald Trump's presidential campaign"."""
        before = [e for at, e in self._possessed.get(lemma, ()) if at < position]
        return before[-1] if before else None

    # ------------------------------------------------------------------ documents
    def _document(self, head: Token, allowed: set[int]) -> Entity | None:
        """The body or person behind a document: named in its own phrase ("an analysis by Lily
        Batchelder", "A Quinnipiac University poll", "DuVernay's 13th"), or, for a definite
        one ("The ad"), behind the earlier document it refers back to."""
        behind = self._behind(head, allowed)
        if behind is not None:
            return behind
        if not definite(head):
            return None
        return self._earlier_author(head)

    def _earlier_author(self, head: Token) -> Entity | None:
        """ "The clip" after "A web video by the RNC ... The ad ...": the author of the latest
        earlier document of the same kind (a clip is an ad), else of the one just before."""
        k = bisect.bisect_left(self._documents, head.idx, key=lambda d: d[0])
        kind = DOCUMENT_KINDS.get(head.lemma_.lower(), head.lemma_.lower())
        same = [
            j for j in range(k) if DOCUMENT_KINDS.get(self._documents[j][1], self._documents[j][1]) == kind
        ]
        for j in reversed(same or range(max(0, k - 1), k)):
            found = self._document_author(j)
            if found is not None:
                return found
        return None

    def _document_author(self, j: int) -> Entity | None:
        """The author of the article's ``j``-th document (memoised): named in its phrase, the
        subject of the verb that put it out ("The Washington Post ran a feature", "Clinton has
        a new ad"), or, for a definite one, that of the document it refers back to."""
        if j in self._authors:
            return self._authors[j]
        self._authors[j] = None  # no cycles
        token = self._documents[j][2]
        found = self._behind(token, {t.i for t in token.subtree}) or _publisher(token, self._head)
        if found is None and definite(token):
            found = self._earlier_author(token)
        self._authors[j] = found
        return found

    def _behind(self, head: Token, allowed: set[int], depth: int = 0) -> Entity | None:
        """The named author of a document phrase: its possessor, a "by"/"from" object, a name
        compounded before it, or where it "appeared in"; through a document it comes from
        ("leaked documents from his tax return"). Not whoever only saw it ("seen by the BBC")."""
        candidates: list[Token] = []
        for t in head.subtree:
            if t.i not in allowed or t.i == head.i:
                continue
            if t.dep_ == "poss" and t.head.i == head.i:
                candidates.append(t)
            elif t.dep_ == "pobj" and t.head.lower_ in ("by", "from", "in") and _near(t.head.head, head):
                if t.head.head.lemma_.lower() not in READERS:
                    candidates.append(t)
            elif t.dep_ == "compound" and t.head.i == head.i and t.pos_ == "PROPN":
                if t.ent_type_ not in PLACES or DOCUMENT_KINDS.get(head.lemma_.lower()) in RESEARCH:
                    candidates.append(t)  # "New Hampshire ads" ran there; "A Monmouth poll" is Monmouth's
        for t in candidates:
            if t.lemma_.lower() in DOCUMENT_NOUNS:
                if t.dep_ == "pobj" and t.pos_ == "PROPN":  # "Data from the American Community Survey"
                    named = self._head(t, {u.i for u in t.subtree}, None, None)
                    if named.named and named.type != "person":
                        return named  # "published by The Washington Post"
                    return self._proper(description(t, {u.i for u in t.subtree}), "organization")
                inner = self._behind(t, {u.i for u in t.subtree}, depth + 1) if depth < 2 else None
                if inner is not None:
                    return inner
                continue
            found = self._head(t, {u.i for u in t.subtree}, None, None)
            if found.named:
                return found
        return None


def _places(token: Token) -> set[str]:
    """The places qualifying a word ("Vermont" in "the Vermont senator", "Arizona" in "Arizona
    Sen. John McCain"), folded."""
    return {fold(c.text) for c in token.children if c.dep_ == "compound" and c.ent_type_ == "GPE"}


#: Entity labels of places: a place compounded before an ad or a report is where it ran, not
#: its author; before a poll or a study it is often the pollster named for one (Monmouth, Marist).
PLACES = frozenset({"GPE", "LOC"})
RESEARCH = frozenset({"poll", "study"})


def _near(token: Token, head: Token) -> bool:
    """The head itself, a word hanging on it ("that appeared in") or a participle inside its
    phrase ("The transcript of the debate–published by The Washington Post")."""
    return token.i == head.i or token.head.i == head.i or (token.dep_ == "acl" and token.pos_ == "VERB")


def _publisher(
    token: Token, resolve: Callable[[Token, set[int], Entity | None, Entity | None], Entity]
) -> Entity | None:
    """The subject of the verb that put a document out: "The Post ran a feature"."""
    verb = token.head
    if token.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in PUBLISHERS:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
    if subject is not None and subject.dep_ == "agent":
        subject = next((c for c in subject.children if c.dep_ == "pobj"), None)
    if subject is None or subject.pos_ == "PRON" and subject.lower_ not in PRONOUN_GENDER:
        return None
    found = resolve(subject, {t.i for t in subject.subtree}, None, None)
    return found if found.named else None


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
        rank = (have ^ wanted) & RANKS  # "the Democratic presidential nominee" is not the vice one
        return len(wanted & have) - (3 if clash or rank else 0)

    best = max(score(e) for e in entities)
    if best < 0:
        return None
    return closest([e for e in entities if score(e) == best], position)
