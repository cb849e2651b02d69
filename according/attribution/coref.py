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
  name, also one NER missed ("RT" ... "Russia Today"); a shorter form of a longer name
  ("Northfield Power" for "Northfield Power & Light Co.", "the Security Council"); the police
  force a place names ("a Charlotte-Mecklenburg police officer").
* **descriptions**: role nouns tied to a name by apposition in either order ("Dana Whitfield,
  president of ...", "the former deputy envoy Omar Haddad"), a noun before the name
  ("spokesperson Dana Whitfield"), a title ("Gov." -> governor) or a copula; the role's "of" /
  "for" object or an organisation name before it is the affiliation.
* **gender** from titles, gendered role nouns and the article's own he/she after a subject,
  failing those from the given name (``given_names``: public-domain US birth counts).

``speakers.SpeakerResolver`` reads these chains to resolve each source; the mentions inside page
furniture (``Article.residue``) are left out.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict

from spacy.attrs import LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..given_names import given_name_gender
from ..lexicon import (
    COURTESY,
    GENDERED_NOUNS,
    HONORIFICS,
    NAME_SUFFIXES,
    ORG_NOUNS,
    PARTICLES,
    PRONOUN_GENDER,
    TITLE_ROLES,
    is_person_lemma,
)
from .entities import PARTY_WORDS, Entity, Mention, party
from .names import Name, NameFinder, bare, capitalised, near_miss
from .organisations import Organisations
from .tokens import Offsets, covered, phrase, sentence_starts

_HONORIFIC_IDS = frozenset(get_string_id(w + dot) for w in HONORIFICS for dot in ("", "."))
GENDERED_IDS = frozenset(get_string_id(w) for w in PRONOUN_GENDER)
_PLURAL_NOUN_IDS = frozenset({get_string_id("NNS")})
#: Dependencies of an object pronoun, which in its subject's own sentence is someone else.
_OBJECTS = frozenset({"dobj", "pobj", "dative", "iobj", "obj"})
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
#: Suffixes of the younger of a father and son named alike.
_JUNIOR = frozenset({"jr", "junior", "ii", "iii", "iv"})


def split_datelines(doc: Doc) -> None:
    """ "CLEVELAND - Donald Trump painted ...": NER runs a dateline into the name after it (one
    ORG), and every later "Trump" became an organisation. An entity opening a line with words in
    capitals, then a dash, is cut there: the capitals are the place, the words after the dash
    keep the label (a name shaped like a person's is then found as one). The place of a dateline
    ("WASHINGTON —") is no entity at all: it said nothing, and as an organisation it took the
    pronouns of the headline above it."""
    out: list[Span] = []
    changed = False
    for ent in doc.ents:
        dash = next((t.i for t in ent if t.text in _DASHES), ent.end)
        place = doc[ent.start : dash]
        run_on = 0 < len(place) < len(ent) - 1  # "CLEVELAND - Donald Trump"
        alone = dash == ent.end < len(doc) and doc[dash].text in _DASHES  # "WASHINGTON —"
        if (
            not (run_on or alone)
            or doc.text[doc.text.rfind("\n", 0, ent.start_char) + 1 : ent.start_char].strip()
            or not all(t.is_upper or t.is_punct for t in place)
            or not any(t.is_alpha for t in place)
        ):
            out.append(ent)
            continue
        changed = True
        if run_on:
            out.append(Span(doc, dash + 1, ent.end, ent.label_))
    if changed:
        doc.ents = out


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


class Chains(Organisations):
    """Every person, organisation and group mention of one document, joined into entities."""

    def __init__(self, doc: Doc, residue: tuple[Offsets, ...] = ()) -> None:
        self.doc = doc
        split_datelines(doc)
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
        self._spell_out_acronyms()
        self._index_forces()
        self._index_groups()
        self._vote_genders()
        self._name_genders()
        self._retype_lone_names()
        self.persons.sort(key=lambda m: m.start)
        self.others.sort(key=lambda m: m.start)

    # ------------------------------------------------------------------ helpers
    def where(self, attr: int, values: frozenset[int]) -> list[int]:
        """Token indices whose ``attr`` is one of ``values``, scanned on the parse's arrays."""
        column = self.doc.to_array([attr])
        return [i for i, value in enumerate(column.tolist()) if value in values]

    def kept(self, start: int, end: int) -> bool:
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

    def _find_person(
        self, given: str, surname: str, suffix: str, gender: str, at: int, generation: str = ""
    ) -> Entity | None:
        """The person a name joins. A full name: the one whose given name fits. A bare surname
        (or "Mr <surname>"): of the people with that surname the gender of the title allows
        (and the generation: "the younger Mr. Trump" is the one named "Jr."), the one the
        article has mentioned most so far, the latest of them on a tie; the first one named
        when none is mentioned yet."""
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
        if generation:
            younger = generation == "younger"
            fits = [e for e in fits if (e.suffix in _JUNIOR) == younger and e.given] or fits

        def salience(e: Entity) -> tuple[int, int]:
            seen = self._seen[id(e)]
            k = bisect.bisect_left(seen, at)
            return k, seen[k - 1] if k else -1

        return max(fits, key=salience)

    def _index_persons(self) -> None:
        doc = self.doc
        finder = NameFinder(doc, self.kept)
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
        self._name_genders()
        alone = [n for n in names if not self._parts(n)[1]]
        alone += finder.missed_surnames(names, set(self._surnames) | self._lone_surnames(alone))
        for name in sorted(alone, key=lambda n: n.start):
            # a surname NER missed may come with its given name: "Ivanka Trump" is not Donald
            display, given, surname = self._parts(name)
            shared = self._shared_surname(name)
            if shared is not None:  # "James and Olive Meehan": James Meehan
                given, surname = surname, shared.surname
                display = f"{doc[name.start].text} {shared.name.split()[-1]}"
            gender = HONORIFICS.get(bare(name.title), "") if name.title is not None else ""
            generation = self._generation(name)
            entity = self._find_person(given, surname, name.suffix, gender, name.start, generation)
            if entity is None and not given:
                lone = [
                    e
                    for e in self._given.get(surname, ())
                    if (not gender or e.gender in ("", gender))
                    and (not name.suffix or e.suffix == name.suffix)
                ]
                # "Dana said" after "Dana Whitfield"; "Donald Jr." is the one Donald named "Jr."
                entity = lone[0] if len(lone) == 1 else None
            if entity is None and not given and " " not in surname:
                known = near_miss(surname, {k for k in self._surnames if " " not in k})
                found = self._surnames[known] if known else []
                entity = found[0] if len(found) == 1 and found[0].given else None  # "Wines" for Wimes
            if entity is None:
                entity = self._new(
                    Entity("person", display, given=given, surname=surname, suffix=name.suffix)
                )
                self._surnames[surname].append(entity)
                if given:
                    self._given[given].append(entity)
                    entity.gender = given_name_gender(given) if len(given) > 1 else ""
            self._person_mention(entity, name, display, gender)

    def _lone_surnames(self, alone: list[Name]) -> set[str]:
        """Surnames an article gives only bare ("Trump told Newsmax", never "Donald Trump") and
        NER reads as a person at least twice: its other readings of that word as a one-word
        organisation ("To wit, Trump told") are the person too."""
        persons = Counter(e.root.lower_ for e in self.doc.ents if len(e) == 1 and e.label_ == "PERSON")
        single = {self._parts(n)[2] for n in alone if n.end - n.start == 1 and n.title is None}
        return {w for w in single if persons[w] >= 2}

    def _generation(self, name: Name) -> str:
        """ "younger" or "elder" when the name follows those words ("the younger Mr. Trump",
        "the elder Bush"): which of a father and son the article means."""
        first = name.title.i if name.title is not None and name.title.i < name.start else name.start
        before = self.doc[first - 1].lower_ if first > 0 else ""
        if before in ("younger", "elder", "older"):
            return "younger" if before == "younger" else "elder"
        return ""

    def _shared_surname(self, name: Name) -> Entity | None:
        """The person whose surname a lone given name shares by coordination: "James" in "James
        and Olive Meehan", "Bill" in "Bill and Hillary Clinton"."""
        doc = self.doc
        if name.end - name.start != 1 or not given_name_gender(doc[name.start].text):
            return None
        token = doc[name.start]
        for conj in token.children:
            if conj.dep_ != "conj" or conj.i <= token.i:
                continue
            mention = self.by_token.get(conj.i)
            between = doc[token.i + 1 : conj.left_edge.i]
            if mention is None or mention.entity.type != "person" or not mention.entity.given:
                continue
            if all(t.lower_ in ("and", "&", ",") for t in between) and len(mention.entity.name.split()) == 2:
                return mention.entity
        return None

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
        entity.parties.update(PARTY_WORDS & {party(w) for w in before})  # "Republican Donald Trump"
        if name.title is not None:
            title = bare(name.title)
            if title not in COURTESY or title == "dr":
                entity.describe(TITLE_ROLES.get(title, title), None, before)
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        nouns += [
            c
            for c in root.children
            if c.i < name.start
            and c.dep_ in ("compound", "nmod")
            and (c.pos_ == "NOUN" or (c.pos_ == "PROPN" and is_person_noun(c)))  # "Chairwoman Donna Brazile"
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

    # ------------------------------------------------------------------ groups, genders
    def _index_groups(self) -> None:
        """Plural nouns as subjects ("officials said"): antecedents for "they"."""
        doc = self.doc
        for i in self.where(TAG, _PLURAL_NOUN_IDS):
            token = doc[i]
            if token.pos_ == "NOUN" and is_subject(token) and i not in self.by_token:
                if self.kept(token.idx, token.idx + len(token)):
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
        for i in self.where(LOWER, GENDERED_IDS):
            token = self.doc[i]
            k = bisect.bisect_left(starts, token.idx) - 1
            if k < 0 or not self.kept(token.idx, token.idx + 1):
                continue
            person = persons[k]
            sentence = bisect.bisect_right(self.sentence_starts, token.idx) - 1
            opens = token.is_sent_start  # "He ..." opening the next sentence, not '"...," he said'
            if not opens and token.dep_ in _OBJECTS:
                continue  # "Melanie said to the men who had gotten him here": "him" is someone else
            reach = self.sentence_starts[max(0, sentence - 1) if opens else max(0, sentence)]
            if person.subject and person.start >= reach and not self._person_noun_between(person.end, i):
                votes[id(person.entity)].append(PRONOUN_GENDER[token.lower_])
        for person in persons:
            said = votes.pop(id(person.entity), None)
            if said and not person.entity.gender:
                male, female = said.count("m"), said.count("f")
                if male >= 2 * female and male:
                    person.entity.gender = "m"
                elif female >= 2 * male and female:
                    person.entity.gender = "f"

    def _person_noun_between(self, start: int, i: int) -> bool:
        """A person noun or name between a name (ending at char ``start``) and token ``i``:
        "Melanie said to the Republican nominee, who began his speech": "his" is the nominee's."""
        doc = self.doc
        k = i - 1
        while k >= 0 and doc[k].idx >= start:
            token = doc[k]
            if token.pos_ == "NOUN" and is_person_noun(token):
                return True
            if token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and token.lower_ in self._surnames):
                return True  # a name not indexed yet ("Palmieri said Trump is ... because he")
            k -= 1
        return False

    def _name_genders(self) -> None:
        """Failing any word of the article, the gender the given name tells ("Elizabeth
        Warren" is she, "John Stumpf" he): general knowledge of names, see ``given_names``."""
        for entity in self.entities:
            if entity.type == "person" and not entity.gender and len(entity.given) > 1:
                entity.gender = given_name_gender(entity.given)

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
            and not given_name_gender(e.name)  # "Kevin was snoring" is somebody
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
    def author_line(self) -> Entity | None:
        """The author an opinion piece names in its closing line ("Charlotte Meehan is
        playwright-in-residence at ..."): a full name opening the last paragraph, followed by
        its verb. The voice of the article's own "I" when it has no byline."""
        text = self.doc.text
        end = len(text.rstrip())
        start = text.rfind("\n", 0, end) + 1
        lead = start + len(text[start:end]) - len(text[start:end].lstrip(" \t*_—–-("))
        k = bisect.bisect_left(self.persons, lead, key=lambda m: m.start)
        if k >= len(self.persons) or self.persons[k].start != lead:
            return None
        mention = self.persons[k]
        after = self.doc.char_span(mention.end, end, alignment_mode="expand")
        verb = next((t for t in after if not t.is_punct), None) if after is not None else None
        if mention.entity.given and verb is not None and verb.pos_ in ("AUX", "VERB"):
            return mention.entity
        return None

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
    the state"), relative clauses, appositions and examples left out ("some Republicans,
    including Senator Lamar Alexander", "dozens of papers ranging from ... to ...")."""
    examples = {t.i for d in head.subtree if d.i in allowed and _example(d) for t in d.subtree}
    # a relative clause set off by a comma adds to what is said ("The Europeans, who had been
    # cut out"); one without tells who is meant ("one of the docs who sent the letter")
    asides = {t.i for d in head.subtree if d.dep_ == "relcl" and _set_off(d) for t in d.subtree}
    return phrase(head, allowed - examples - asides, drop=_CLAUSES - {"relcl"}).strip(" -—–,")


def _set_off(clause: Token) -> bool:
    first = clause.left_edge.i
    return first > 0 and clause.doc[first - 1].text in (",", "—", "–", "(", "-")


def _example(token: Token) -> bool:
    """A modifier that lists examples of its noun: "including X", "such as X", "like X",
    "ranging from X to Y"."""
    word = token.lower_
    if token.dep_ == "prep":
        return word in ("including", "like") or (
            word == "as" and any(c.lower_ == "such" for c in token.children)
        )
    return token.dep_ == "acl" and token.lemma_ in ("range", "include")


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
