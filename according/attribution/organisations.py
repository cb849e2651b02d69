"""Organisations of one article: the ``Organisations`` part of ``coref.Chains``.

ORG/GPE/FAC entities and plural NORP ("Russians"); "The Governor's Office of X" kept whole; a
capitalised name an institution noun describes ("Physicians for Fair Care, a group of doctors");
acronyms defined in brackets ("(BHS)") or formed from initials, also ones NER missed ("RT" ...
"Russia Today"); a shorter form of a longer name ("Northfield Power", "the Security Council");
the police force a place names ("a Charlotte-Mecklenburg police officer"); headline Title Case
kept out of names. ``organisation_like`` finds the organisation a noun ("the utility") stands for.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..document import SpeakerType
from ..lexicon import CALENDAR_WORDS, DATE_WORDS, DETERMINERS, KIND_ACRONYMS, ORG_KINDS, ORG_LABELS, ORG_NOUNS
from .entities import (
    MINOR,
    Entity,
    Mention,
    acronym_letters,
    acronym_like,
    closest,
    fold,
    initials,
    kind_acronym,
)
from .names import CORPORATE, capitalised, title_lines

_POLICE_IDS = frozenset({get_string_id("police")})
#: Institution nouns an acronym usually spells ("Federal Bureau of Investigation", "Democratic
#: National Committee"): "the bureau" may stand for the article's one acronym with a B.
ACRONYM_NOUNS = frozenset(
    """bureau agency commission committee department administration board council association
    institute organization organisation federation union authority""".split()
)


def not_a_body(doc: Doc, start: int, end: int) -> bool:
    """An ORG/GPE span NER made of what names no body: a kind of body ("PAC", "super PAC",
    "a pro-Lopez super PAC"), a date ("Super Tuesday", "October"), or the word run into a
    date ("Super" of "Super Tuesday" labelled apart)."""
    words = [t for t in doc[start:end] if t.is_alpha]
    if not words:
        return False
    if kind_acronym(doc[end - 1].text):
        # "Hale's PAC" is described by its owner, "Harbor Action Fund PAC" named
        before = doc[end - 2] if end - 2 >= start else None
        return before is None or before.tag_ == "POS" or before.text[:1].islower()
    lower = [t.lower_ for t in words]
    if all(w in CALENDAR_WORDS or w in DATE_WORDS for w in lower) and any(w in CALENDAR_WORDS for w in lower):
        return True
    after = doc[end] if end < len(doc) else None
    return (
        after is not None
        and after.lower_ in CALENDAR_WORDS
        and after.pos_ == "PROPN"
        and all(w in DATE_WORDS for w in lower)
    )


class Organisations:
    """The organisation rules of ``coref.Chains`` (a mixin: it reads and adds to its state)."""

    doc: Doc
    by_token: dict[int, Mention]
    organisations: list[Entity]
    others: list[Mention]
    kept: Callable[[int, int], bool]
    where: Callable[[int, frozenset[int]], list[int]]

    def _new(self, entity: Entity) -> Entity:
        raise NotImplementedError

    def _mention(self, entity: Entity, start: int, end: int, pool: list[Mention], label: str) -> Mention:
        raise NotImplementedError

    def _org_span(self, ent: Span) -> tuple[int, int]:
        """Entity bounds without a leading determiner, with a possessive title kept in front
        ("The Governor's Office of Emergency Planning", not "Office of Emergency Planning"), up
        to a line break."""
        doc = self.doc
        start, end = ent.start, ent.end
        # a name never runs over a line break ("the River Wend\n\nResearchers at ...")
        end = next((t.i for t in doc[start:end] if "\n" in t.text and t.i > start), end)
        while start < end - 1 and doc[start].lower_ in DETERMINERS:
            start += 1
        if (
            start >= 2
            and doc[start - 1].tag_ == "POS"
            and capitalised(doc[start - 2])
            and doc[start - 2].pos_ in ("PROPN", "NOUN")
        ):
            start -= 2
        while start < end - 1 and doc[start].is_quote:
            start += 1
        # a possessive or a quotation mark NER ran into the name ("Ava DuVernay’s ‘13th’")
        while end > start + 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_quote):
            end -= 1
        return start, end

    def _unlabelled_organisations(self) -> list[tuple[int, int, str]]:
        """ "Physicians for Fair Care, a group of doctors,": a capitalised name NER left
        unlabelled that an institution noun in apposition describes."""
        doc = self.doc
        found = []
        for token in doc:
            head = token.head
            if token.dep_ != "appos" or token.lemma_.lower() not in ORG_NOUNS or head.pos_ != "PROPN":
                continue
            if head.ent_type_ or head.i in self.by_token or not capitalised(head):
                continue
            start = head.left_edge.i
            while start < head.i and doc[start].lower_ in DETERMINERS:
                start += 1
            end = next((t.i for t in doc[head.i : token.i] if t.is_punct), token.i)
            if all(capitalised(t) or t.lower_ in ("for", "of", "and", "&", "the") for t in doc[start:end]):
                found.append((start, end, "ORG"))
        return found

    def _index_organisations(self) -> None:
        doc = self.doc
        by_key: dict[str, Entity] = {}
        spans = [(e.start, e.end, e.label_) for e in doc.ents] + self._unlabelled_organisations()
        spans = self._headline_organisations(spans)
        for first, last, label in sorted(spans):
            ent = doc[first:last]
            ent.label_ = label
            if ent.label_ not in ORG_LABELS or not self.kept(ent.start_char, ent.end_char):
                continue
            if any(i in self.by_token for i in range(ent.start, ent.end)):
                continue  # a person's name (or part of one)
            root = ent.root
            plural = root.tag_ in ("NNPS", "NNS")
            if ent.label_ == "NORP" and not plural:
                continue  # "Russian" as an adjective is nobody
            if len(ent) == 1 and root.is_sent_start and root.lower_ in ORG_NOUNS:
                continue  # "Council leader Ann Moss": a capitalised common noun names nothing
            start, end = self._org_span(ent)
            if not_a_body(doc, start, end):
                continue
            text = doc[start:end].text
            entity = self._same_organisation(text, by_key, start)
            if entity is None:
                kind: SpeakerType = "group" if ent.label_ == "NORP" else "organization"
                acronym = initials(text) if end - start > 1 else ""
                # "Republicans" names a kind of people, not one body: described where it is a source
                entity = self._new(Entity(kind, text, named=kind != "group", acronym=acronym))
                entity.rename(text)
                if kind == "organization":
                    self.organisations.append(entity)
            else:
                entity.rename(text)
            by_key[fold(text)] = entity
            self._mention(entity, start, end, self.others, ent.label_)
            self._describe_organisation(entity, doc[end - 1] if doc[end - 1].i == root.i else root, start)

    def _headline_organisations(self, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """In a Title Case headline NER runs words into a name ("Washington Post Hit Piece
        Exploits Trump Supporter"): a name there keeps its longest beginning that the article
        names outside headlines."""
        lines = title_lines(self.doc.text)
        if not lines:
            return spans
        doc = self.doc
        starts = [a for a, _ in lines]

        def in_headline(i: int) -> bool:
            k = bisect.bisect_right(starts, doc[i].idx) - 1
            return k >= 0 and doc[i].idx < lines[k][1]

        elsewhere = {
            fold(doc[a:b].text) for a, b, label in spans if label in ORG_LABELS and not in_headline(a)
        }
        out = []
        for a, b, label in spans:
            if label in ORG_LABELS and b - a > 2 and in_headline(a):
                cut = next((k for k in range(b - 1, a, -1) if fold(doc[a:k].text) in elsewhere), b)
                b = cut
            out.append((a, b, label))
        return out

    def _spell_out_acronyms(self) -> None:
        """ "RT" in an article that says "Russia Today" once, unlabelled, perhaps later: an
        organisation known only by an acronym, or an acronym NER left unlabelled, takes the
        capitalised name whose initials it is."""
        doc = self.doc
        spelled: dict[str, tuple[int, int]] = {}
        start = None
        for t in doc:
            # "Russia Today": a capitalised noun carries on a name mid-sentence
            if capitalised(t) and (t.pos_ == "PROPN" or (start is not None and t.pos_ == "NOUN")):
                start = t.i if start is None else start
            elif start is not None and not (
                t.lower_ in MINOR and t.i + 1 < len(doc) and capitalised(doc[t.i + 1])
            ):
                for last in range(start + 2, min(t.i, start + 8) + 1):  # the run and its beginnings
                    words = [w.text for w in doc[start:last] if w.lower_ not in MINOR]
                    spelled.setdefault("".join(w[0] for w in words).upper(), (start, last))
                start = None
        if not spelled:
            return
        known: dict[str, Entity] = {
            acronym_letters(e.name): e
            for e in self.organisations
            if " " not in e.name and acronym_like(e.name)
        }
        for t in doc:  # acronyms NER missed
            if t.pos_ != "PROPN" or not acronym_like(t.text) or kind_acronym(t.text):
                continue
            if t.i not in self.by_token:
                letters = acronym_letters(t.text)
                if letters in spelled and self.kept(t.idx, t.idx + len(t)):
                    entity = known.get(letters)
                    if entity is None:
                        entity = known[letters] = self._new(Entity("organization", t.text))
                        self.organisations.append(entity)
                    self._mention(entity, t.i, t.i + 1, self.others, "ORG")
        for letters, entity in known.items():
            if letters not in spelled:
                continue
            first, last = spelled[letters]
            entity.acronym = letters
            entity.rename(doc[first:last].text)
            # "Russia Today, the global satellite network": the noun set off after the name
            if last + 1 < len(doc) and doc[last].text == ",":
                noun = next(
                    (t for t in doc[last + 1 : last + 6] if t.pos_ == "NOUN" and t.dep_ != "compound"), None
                )
                if noun is not None and noun.lemma_.lower() in ORG_NOUNS:
                    entity.roles.setdefault(noun.lemma_.lower(), set())
            if not any(k in self.by_token for k in range(first, last)):
                self._mention(entity, first, last, self.others, "ORG")
                self._describe_organisation(entity, doc[last - 1], first)

    def _index_forces(self) -> None:
        """ "a Charlotte-Mecklenburg police officer": a place before "police" names the force,
        which "police said" later means."""
        doc = self.doc
        by_key: dict[str, Entity] = {}
        for i in self.where(LOWER, _POLICE_IDS):
            start = i
            while start > 0 and (
                (doc[start - 1].pos_ == "PROPN" and capitalised(doc[start - 1]))
                or (doc[start - 1].tag_ == "HYPH" and start > 1 and doc[start - 2].pos_ == "PROPN")
            ):
                start -= 1
            taken = [self.by_token[k] for k in range(start, i + 1) if k in self.by_token]
            if start == i or i in self.by_token or any(m.entity.type == "person" for m in taken):
                continue  # the place itself may be a mention ("Charlotte"), the force not yet
            if not self.kept(doc[start].idx, doc[i].idx + len(doc[i])):
                continue
            text = doc[start : i + 1].text
            entity = by_key.get(fold(text)) or self._same_organisation(text, by_key, start)
            if entity is None:
                entity = self._new(Entity("organization", text))
                entity.rename(text)
                self.organisations.append(entity)
            by_key[fold(text)] = entity
            self._mention(entity, start, i + 1, self.others, "ORG")

    def _same_organisation(self, text: str, by_key: dict[str, Entity], start: int) -> Entity | None:
        key = fold(text)
        if key in by_key:
            return by_key[key]
        doc = self.doc
        if text.isupper() and len(text) > 1 and " " not in text:
            # "(BHS)" right after its name, or initials of a name met before
            if start >= 2 and doc[start - 1].text == "(":
                mention = self.by_token.get(start - 2)
                owner = mention.entity if mention is not None else None
                # "Ethics in Washington (CREW)": NER's last piece of a longer name is not its owner
                fits = owner is not None and initials(owner.name)[:1] == text[:1]
                if owner is not None and owner.type == "organization" and fits:
                    owner.acronym = text
                    return owner
            for entity in self.organisations:
                if entity.acronym == text:
                    return entity
            return None
        words = key.split()
        tails = []
        for entity in self.organisations:
            other = fold(entity.name).split()
            short, long_ = (words, other) if len(words) < len(other) else (other, words)
            if short and long_[: len(short)] == short and short != long_:
                if len(short) > 1 or long_[-1].rstrip(".") in CORPORATE:
                    return entity
            if len(words) > 1 and len(other) > len(words) and other[-len(words) :] == words:
                tails.append(entity)  # "the Security Council" after "United Nations Security Council"
        return tails[0] if len(tails) == 1 else None

    def _describe_organisation(self, entity: Entity, root: Token, first: int) -> None:
        """Description nouns of an organisation: "X, the utility that ...", "the utility X"."""
        # "Harbor Action Fund, a super PAC": an acronym of a kind of body describes like a noun
        nouns = [c for c in root.children if c.dep_ == "appos" and (c.pos_ == "NOUN" or kind_acronym(c.text))]
        nouns += [
            c for c in root.children if c.i < first and c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"
        ]
        if root.dep_ == "appos" and (root.head.pos_ == "NOUN" or kind_acronym(root.head.text)):
            nouns.append(root.head)
        for noun in nouns:
            entity.roles.setdefault(noun.lemma_.lower(), set())
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "of":  # "a group of doctors"
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        entity.roles.setdefault(obj.lemma_.lower(), set())

    def organisation_like(self, lemma: str, position: int) -> Entity | None:
        """The organisation a definite noun ("the utility", "the agency") stands for: one the
        article described with that noun, else one whose name holds it or a word of its kind;
        the nearest before ``position`` first."""

        kinds = ORG_KINDS.get(lemma, frozenset())
        for test in (
            lambda e: lemma in e.roles,
            lambda e: lemma in e.words,
            lambda e: bool(kinds & e.words),
        ):
            fits = [e for e in self.organisations if test(e)]
            if fits and lemma in KIND_ACRONYMS and len(fits) > 1:
                return None  # "the PAC" of an article naming two: which one is not for a guess
            if fits:
                return closest(fits, position)
        if lemma in ACRONYM_NOUNS:
            # "the bureau" after "the FBI", never spelled out here: the one acronym with its letter
            fits = [
                e
                for e in self.organisations
                if acronym_like(e.name) and lemma[0].upper() in acronym_letters(e.name)
            ]
            if len(fits) == 1:
                return fits[0]
        return None
