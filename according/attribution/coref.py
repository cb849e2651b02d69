"""In-article coreference: which mentions of people and organisations are the same entity.

``Chains(doc)`` is built once per article from spaCy's entities and parse, with one pass over
the entities and a few scans of the token arrays, so it stays near-linear in article length:

* **people**: PERSON entities, a title + proper noun ("Mr Osechkin", "Gov. Jane Roe"), and a
  name-shaped ORG entity that the text shows to be a person (a title or role noun before it, a
  role in apposition, its surname used alone elsewhere). Full names join when given names agree
  (or one is an initial); a bare surname, "Mr/Ms <surname>" or a lone given name joins the first
  full name it fits (gender of the title permitting); "Jr."/"Sr."/"III" keep namesakes apart.
* **organisations**: ORG/GPE/FAC entities and plural NORP ("Russians"); "The Governor's Office
  of X" kept whole; acronyms defined in brackets ("(BHS)") or formed from the initials of a
  name; a shorter form of a longer name ("Northfield Power" for "Northfield Power & Light Co.").
* **descriptions**: role nouns tied to a name by apposition in either order ("Dana Whitfield,
  president of ...", "the former deputy envoy Omar Haddad"), a noun before the name
  ("spokesperson Dana Whitfield"), a title ("Gov." -> governor) or a copula; the role's "of" /
  "for" object or an organisation name before it is the affiliation.
* **gender** from titles, gendered role nouns and the article's own he/she after a subject.

``speakers.SpeakerResolver`` reads these chains to resolve each source; the mentions inside page
furniture (``Article.residue``) are left out.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.attrs import LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..document import Speaker, SpeakerType
from ..lexicon import (
    COURTESY,
    DETERMINERS,
    GENDERED_NOUNS,
    HONORIFICS,
    NAME_SUFFIXES,
    ORG_LABELS,
    ORG_NOUNS,
    PARTICLES,
    PRONOUN_GENDER,
    TITLE_ROLES,
    is_person_lemma,
)
from .names import CORPORATE, Name, NameFinder, bare, capitalised
from .tokens import Offsets, covered, phrase, sentence_starts

#: Words left out of an acronym formed from a name's initials.
_MINOR = frozenset({"of", "the", "for", "and", "&", "in", "on", "at", "to", "a", "an"})
_HONORIFIC_IDS = frozenset(get_string_id(w + dot) for w in HONORIFICS for dot in ("", "."))
_GENDERED_IDS = frozenset(get_string_id(w) for w in PRONOUN_GENDER)
_PLURAL_NOUN_IDS = frozenset({get_string_id("NNS")})


def is_person_noun(token: Token) -> bool:
    return is_person_lemma(token.lemma_.lower())


def _clause_word(token: Token) -> Token:
    t = token
    while t.dep_ in ("appos", "compound", "flat", "conj") and t.head.i != t.i:
        t = t.head
    return t


def is_subject(token: Token) -> bool:
    t = _clause_word(token)
    return t.dep_ in ("nsubj", "nsubjpass", "agent") or (t.dep_ == "pobj" and t.head.lower_ == "by")


def is_main_subject(token: Token) -> bool:
    """The subject of the sentence's main verb ("Josh Earnest said that Obama ..." is about
    Earnest), the most salient antecedent a pronoun can have."""
    t = _clause_word(token)
    if t.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = t.head
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def modifiers(noun: Token) -> frozenset[str]:
    """Descriptive words of a role noun ("Republican" in "the Republican nominee", "Indiana" in
    "the Indiana governor"), party nicknames spelled out."""
    return frozenset(
        party(c.lemma_)
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod", "poss") and c.pos_ not in ("DET", "PRON")
    )


def fold(text: str) -> str:
    """A name as compared: lower case, no leading determiner, no punctuation."""
    words = re.sub(r"[^\w&\s-]", " ", text.lower().replace("’", "'").replace("'s ", " ")).split()
    while words and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w.lower() not in _MINOR).upper()


@dataclass(eq=False)
class Entity:
    """One person, organisation or group of the article, and every place it is mentioned."""

    type: SpeakerType
    name: str
    named: bool = True
    gender: str = ""
    role: str | None = None
    affiliation: str | None = None
    mentions: list[Offsets] = field(default_factory=list)
    #: role and description nouns the article ties to it ("governor", "utility", "group")
    roles: dict[str, set[str]] = field(default_factory=dict)
    given: str = ""
    surname: str = ""
    suffix: str = ""
    acronym: str = ""
    #: lower-case words of the name, for "the agency" -> "Border Health Agency"
    words: frozenset[str] = frozenset()

    def add(self, start: int, end: int) -> None:
        self.mentions.append((start, end))

    def rename(self, name: str) -> None:
        """Keep the most complete name: more words win ("Northfield Power & Light Co.")."""
        if len(name.split()) > len(self.name.split()):
            self.name = name
        self.words = self.words | frozenset(w.lower().rstrip(".") for w in name.split())

    def describe(
        self, role: str | None, affiliation: str | None, words: frozenset[str] = frozenset()
    ) -> None:
        """Tie a role ("deputy envoy") to the entity, with the words that qualify it
        ("former", "Republican", the affiliation's words) for matching "the GOP nominee"."""
        if role:
            parts = role.split()
            qualifiers = self.roles.setdefault(parts[-1], set())
            qualifiers.update(party(w) for w in (*parts[:-1], *words))
            if affiliation:
                qualifiers.update(party(w) for w in affiliation.lower().split())
            self.role = self.role or role
        if affiliation and not self.affiliation:
            self.affiliation = affiliation

    def speaker(self) -> Speaker:
        return Speaker(self.name, self.type, tuple(sorted(set(self.mentions))), self.role, self.affiliation)


@dataclass(frozen=True)
class Mention:
    """A place where an entity is mentioned; ``subject`` mentions are the most salient."""

    start: int
    end: int
    entity: Entity
    subject: bool
    label: str = ""
    main: bool = False


class Chains:
    """Every person, organisation and group mention of one document, joined into entities."""

    def __init__(self, doc: Doc, residue: tuple[Offsets, ...] = ()) -> None:
        self.doc = doc
        self._residue = residue
        self.entities: list[Entity] = []
        self.by_token: dict[int, Mention] = {}
        self.persons: list[Mention] = []
        self.others: list[Mention] = []
        self.sentence_starts = sentence_starts(doc)
        self._surnames: dict[str, list[Entity]] = defaultdict(list)
        self._given: dict[str, list[Entity]] = defaultdict(list)
        self.organisations: list[Entity] = []
        self._seen: dict[int, list[int]] = defaultdict(list)
        self._index_persons()
        self._index_organisations()
        self._index_groups()
        self._vote_genders()
        self._retype_lone_names()
        self.persons.sort(key=lambda m: m.start)
        self.others.sort(key=lambda m: m.start)

    # ------------------------------------------------------------------ helpers
    def _where(self, attr: int, values: frozenset[int]) -> list[int]:
        """Token indices whose ``attr`` is one of ``values``, scanned on the parse's arrays."""
        column = self.doc.to_array([attr])
        return [i for i, value in enumerate(column.tolist()) if value in values]

    def _kept(self, start: int, end: int) -> bool:
        return not covered(self._residue, start, end)

    def _new(self, entity: Entity) -> Entity:
        self.entities.append(entity)
        return entity

    def _mention(self, entity: Entity, start: int, end: int, pool: list[Mention], label: str) -> Mention:
        doc = self.doc
        last = doc[end - 1]
        mention = Mention(
            doc[start].idx, last.idx + len(last), entity, is_subject(last), label, is_main_subject(last)
        )
        entity.add(mention.start, mention.end)
        pool.append(mention)
        for i in range(start, end):
            self.by_token.setdefault(i, mention)
        return mention

    # ------------------------------------------------------------------ people
    def _parts(self, name: Name) -> tuple[str, str, str]:
        """(display, given, surname) of a name, lower case for the last two."""
        doc = self.doc
        words = [t for t in doc[name.start : name.end] if not t.is_punct or t.text == "."]
        core = [t for t in words if bare(t) not in NAME_SUFFIXES and t.text != "."]
        core = core or words
        display = doc[name.start : name.end].text
        cut = len(core) - 1
        while cut > 0 and core[cut - 1].lower_ in PARTICLES:
            cut -= 1
        surname = " ".join(t.lower_ for t in core[cut:]).replace("’", "'")
        given = core[0].lower_.rstrip(".").replace("’", "'") if cut > 0 else ""
        return display, given, surname

    def _find_person(self, given: str, surname: str, suffix: str, gender: str, at: int) -> Entity | None:
        """The person a name joins. A full name: the one whose given name fits. A bare surname
        (or "Mr <surname>"): of the people with that surname the gender of the title allows,
        the one the article has mentioned most so far, the latest of them on a tie; the first
        one named when none is mentioned yet."""
        fits = [
            e
            for e in self._surnames.get(surname, ())
            if (e.suffix == suffix or not (suffix or given))
            and not (gender and e.gender and gender != e.gender)
            and (not given or not e.given or _compatible(given, e.given))
        ]
        if not fits or given:
            return fits[0] if fits else None
        if gender:
            fits = [e for e in fits if e.gender == gender] or fits

        def salience(e: Entity) -> tuple[int, int]:
            seen = self._seen[id(e)]
            k = bisect.bisect_left(seen, at)
            return k, seen[k - 1] if k else -1

        return max(fits, key=salience)

    def _index_persons(self) -> None:
        doc = self.doc
        finder = NameFinder(doc, self._kept)
        names = finder.names()
        full = [n for n in names if self._parts(n)[1]]
        for name in full:
            display, given, surname = self._parts(name)
            gender = HONORIFICS.get(bare(name.title), "") if name.title is not None else ""
            entity = self._find_person(given, surname, name.suffix, gender, name.start)
            if entity is None:
                entity = self._new(
                    Entity("person", display, given=given, surname=surname, suffix=name.suffix)
                )
                self._surnames[surname].append(entity)
                self._given[given].append(entity)
            self._person_mention(entity, name, display, gender)
        # what the article tells of their genders decides "Mrs. Clinton" among the Clintons
        self._vote_genders()
        alone = [n for n in names if not self._parts(n)[1]] + finder.missed_surnames(
            names, set(self._surnames)
        )
        for name in sorted(alone, key=lambda n: n.start):
            display, _, surname = self._parts(name)
            gender = HONORIFICS.get(bare(name.title), "") if name.title is not None else ""
            entity = self._find_person("", surname, name.suffix, gender, name.start)
            if entity is None:
                lone = [e for e in self._given.get(surname, ()) if not gender or e.gender in ("", gender)]
                entity = lone[0] if len(lone) == 1 else None  # "Dana said" after "Dana Whitfield"
            if entity is None:
                entity = self._new(Entity("person", display, surname=surname, suffix=name.suffix))
                self._surnames[surname].append(entity)
            self._person_mention(entity, name, display, gender)

    def _person_mention(self, entity: Entity, name: Name, display: str, gender: str) -> None:
        entity.rename(display)
        if gender and not entity.gender:
            entity.gender = gender
        bisect.insort(self._seen[id(entity)], name.start)
        self._mention(entity, name.start, name.end, self.persons, "PERSON")
        self._describe_person(entity, name)

    def _describe_person(self, entity: Entity, name: Name) -> None:
        """Roles tied to a name: title, apposition either way, a noun before it, a copula."""
        doc = self.doc
        root = doc[name.end - 1] if name.end - 1 < len(doc) else doc[-1]
        while bare(root) in NAME_SUFFIXES and root.i > name.start:
            root = doc[root.i - 1]
        # "Indiana Gov. Mike Pence", "Republican presidential nominee Donald Trump"
        before = frozenset(
            c.lemma_.lower()
            for c in root.children
            if c.i < name.start and c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ")
        )
        if name.title is not None:
            title = bare(name.title)
            if title not in COURTESY or title == "dr":
                entity.describe(TITLE_ROLES.get(title, title), None, before)
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        nouns += [
            c
            for c in root.children
            if c.i < name.start and c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"
        ]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        elif root.dep_ == "appos" and root.head.dep_ == "pobj" and root.head.head.head.pos_ == "NOUN":
            nouns.append(root.head.head.head)  # "An attorney for Lopez, Sam Reed": hung on "Lopez"
        if root.dep_ == "nsubj" and root.head.lemma_ == "be" and root.head.dep_ == "ROOT":
            nouns += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        for noun in nouns:
            if is_person_noun(noun):
                words = modifiers(noun) | (before if noun.i < name.start else frozenset())
                entity.describe(role_of(noun), self.affiliation_of(noun), words)
                gender = GENDERED_NOUNS.get(noun.lemma_.lower(), "")
                entity.gender = entity.gender or gender

    def affiliation_of(self, noun: Token) -> str | None:
        """The organisation a role noun belongs to: "president of a Leeds design agency", "a
        spokesperson for the council" (named when the article names it), "a BHS spokesperson"."""
        for child in noun.children:
            if (
                child.dep_ == "prep"
                and child.lower_ in ("of", "for", "at", "with", "from")
                and child.i > noun.i
            ):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and not is_person_noun(obj):
                    found = self.organisation_for(obj)
                    return found.name if found is not None else _np_text(obj)
        for child in noun.children:
            if child.dep_ == "poss" and (child.pos_ == "PROPN" or child.lemma_.lower() in ORG_NOUNS):
                found = self.organisation_for(child)
                return found.name if found is not None else _np_text(child)
        names = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i and c.pos_ == "PROPN"]
        if names:
            mention = self.by_token.get(names[-1].i)
            if mention is not None and mention.entity.type != "person":
                return mention.entity.name
            first = min(t.i for n in names for t in n.subtree)
            return noun.doc[first : names[-1].i + 1].text
        return None

    def organisation_for(self, token: Token) -> Entity | None:
        """The named organisation a token stands for: a name mention, or a definite noun
        ("the council", "the agency") that the article's organisation names fit."""
        mention = self.by_token.get(token.i)
        if mention is not None and mention.entity.type != "person":
            return mention.entity
        if token.pos_ == "NOUN" and token.tag_ != "NNS":
            return self.organisation_like(token.lemma_.lower(), token.idx)
        return None

    # ------------------------------------------------------------------ organisations
    def _org_span(self, ent: Span) -> tuple[int, int]:
        """Entity bounds without a leading determiner, with a possessive title kept in front:
        "The Governor's Office of Emergency Planning", not "Office of Emergency Planning"."""
        doc = self.doc
        start, end = ent.start, ent.end
        while start < end - 1 and doc[start].lower_ in DETERMINERS:
            start += 1
        if (
            start >= 2
            and doc[start - 1].tag_ == "POS"
            and capitalised(doc[start - 2])
            and doc[start - 2].pos_ in ("PROPN", "NOUN")
        ):
            start -= 2
        while end > start + 1 and doc[end - 1].tag_ == "POS":
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
        for first, last, label in sorted(spans):
            ent = doc[first:last]
            ent.label_ = label
            if ent.label_ not in ORG_LABELS or not self._kept(ent.start_char, ent.end_char):
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
            text = doc[start:end].text
            entity = self._same_organisation(text, by_key, start)
            if entity is None:
                kind: SpeakerType = "group" if ent.label_ == "NORP" else "organization"
                acronym = _initials(text) if end - start > 1 else ""
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

    def _same_organisation(self, text: str, by_key: dict[str, Entity], start: int) -> Entity | None:
        key = fold(text)
        if key in by_key:
            return by_key[key]
        doc = self.doc
        if text.isupper() and len(text) > 1 and " " not in text:
            # "(BHS)" right after its name, or initials of a name met before
            if start >= 2 and doc[start - 1].text == "(":
                mention = self.by_token.get(start - 2)
                if mention is not None and mention.entity.type == "organization":
                    mention.entity.acronym = text
                    return mention.entity
            for entity in self.organisations:
                if entity.acronym == text:
                    return entity
            return None
        words = key.split()
        for entity in self.organisations:
            other = fold(entity.name).split()
            short, long_ = (words, other) if len(words) < len(other) else (other, words)
            if short and long_[: len(short)] == short and short != long_:
                if len(short) > 1 or long_[-1].rstrip(".") in CORPORATE:
                    return entity
        return None

    def _describe_organisation(self, entity: Entity, root: Token, first: int) -> None:
        """Description nouns of an organisation: "X, the utility that ...", "the utility X"."""
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        nouns += [
            c for c in root.children if c.i < first and c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"
        ]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
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
        from ..lexicon import ORG_KINDS

        kinds = ORG_KINDS.get(lemma, frozenset())
        for test in (
            lambda e: lemma in e.roles,
            lambda e: lemma in e.words,
            lambda e: bool(kinds & e.words),
        ):
            fits = [e for e in self.organisations if test(e)]
            if fits:
                return closest(fits, position)
        return None

    # ------------------------------------------------------------------ groups, genders
    def _index_groups(self) -> None:
        """Plural nouns as subjects ("officials said"): antecedents for "they"."""
        doc = self.doc
        for i in self._where(TAG, _PLURAL_NOUN_IDS):
            token = doc[i]
            if token.pos_ == "NOUN" and is_subject(token) and i not in self.by_token:
                if self._kept(token.idx, token.idx + len(token)):
                    allowed = {t.i for t in token.subtree}
                    entity = self._new(Entity("group", description(token, allowed), named=False))
                    self._mention(entity, i, i + 1, self.others, "NOUN")

    def _vote_genders(self) -> None:
        """Genders the article itself tells: a he/she after a person in subject position, with
        no other person between, in the same sentence or opening the next one, is a vote for
        that person; a clear majority (two to one) decides. Titles (Mr, Mrs) always win."""
        votes: dict[int, list[str]] = defaultdict(list)
        persons = sorted(self.persons, key=lambda m: m.start)
        starts = [m.start for m in persons]
        for i in self._where(LOWER, _GENDERED_IDS):
            token = self.doc[i]
            k = bisect.bisect_left(starts, token.idx) - 1
            if k < 0 or not self._kept(token.idx, token.idx + 1):
                continue
            person = persons[k]
            sentence = bisect.bisect_right(self.sentence_starts, token.idx) - 1
            opens = token.is_sent_start  # "He ..." opening the next sentence, not '"...," he said'
            reach = self.sentence_starts[max(0, sentence - 1) if opens else max(0, sentence)]
            if person.subject and person.start >= reach:
                votes[id(person.entity)].append(PRONOUN_GENDER[token.lower_])
        for person in persons:
            said = votes.pop(id(person.entity), None)
            if said and not person.entity.gender:
                male, female = said.count("m"), said.count("f")
                if male >= 2 * female and male:
                    person.entity.gender = "m"
                elif female >= 2 * male and female:
                    person.entity.gender = "f"

    def _retype_lone_names(self) -> None:
        """A one-word "person" the article never gives a first name, a title, a role or a
        he/she is an organisation NER mislabelled ("Politifact", "Twitter"): news names people
        in full, or titles them, at least once."""
        lone = [
            e
            for e in self.entities
            if e.type == "person"
            and e.named
            and not e.given
            and not e.gender
            and not e.roles
            and " " not in e.name.strip()
            and not e.name.isupper()
        ]
        if not lone:
            return
        for entity in lone:
            entity.type = "organization"
            self.organisations.append(entity)
        moved = {id(e) for e in lone}
        self.others += [m for m in self.persons if id(m.entity) in moved]
        self.persons = [m for m in self.persons if id(m.entity) not in moved]

    # ------------------------------------------------------------------ look-ups
    def by_name(self, token: Token) -> Entity | None:
        """A capitalised word that is a known surname, given name or acronym."""
        lower = token.lower_
        if not (capitalised(token) or token.is_upper):
            return None
        people = self._surnames.get(lower) or self._given.get(lower)
        if people:
            return people[0]
        for entity in self.organisations:
            if entity.acronym and entity.acronym == token.text:
                return entity
        return None


#: Dependents left out of a description's wording: "officials, who declined to be named,".
_CLAUSES = frozenset({"relcl", "appos", "parataxis", "punct", "cc"})


def description(head: Token, allowed: set[int]) -> str:
    """A description's words, its own clauses kept ("a group representing rural counties in
    the state"), relative clauses and appositions left out."""
    return phrase(head, allowed, drop=_CLAUSES).strip(" -—–")


#: Party words spelled more than one way.
_PARTIES = {"gop": "republican", "democrat": "democratic", "dem": "democratic", "tory": "conservative"}
PARTY_WORDS = frozenset(
    {"republican", "democratic", "conservative", "labour", "liberal", "libertarian", "green"}
)


def party(word: str) -> str:
    """A qualifier as compared: lower case, party nicknames spelled out ("GOP" -> republican)."""
    word = word.lower().strip(".,'’")
    return _PARTIES.get(word, word)


def role_of(noun: Token) -> str:
    """A role as written, compounds kept: "deputy envoy", "spokesperson", "president"."""
    words = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < noun.i]
    return " ".join([*(w.lower_ for w in words), noun.lower_])


def _np_text(token: Token) -> str:
    """A noun phrase's text without relative clauses, appositions or trailing punctuation."""
    return description(token, {t.i for t in token.subtree})


def _compatible(a: str, b: str) -> bool:
    """Given names agree: equal, or one is the other's initial ("J" / "Jane")."""
    a, b = a.rstrip("."), b.rstrip(".")
    return a == b or ((len(a) == 1 or len(b) == 1) and a[:1] == b[:1])


def closest(entities: list[Entity], position: int) -> Entity:
    """The entity mentioned latest before ``position``, else the first mentioned after it."""

    def latest(e: Entity) -> int:
        return max((s for s, _ in e.mentions if s < position), default=-1)

    best = max(entities, key=latest)
    if latest(best) >= 0:
        return best
    return min(entities, key=lambda e: min((s for s, _ in e.mentions), default=1 << 30))
