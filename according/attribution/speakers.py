"""Who a source is: "he", "Mr Osechkin", "the journalist" and "a dissident Russian journalist"
may all be Vladimir Osechkin. Reads the article's ``coref.Chains`` (no model to download):

* names and acronyms: the entity of their chain, named by its most complete name;
* appositions either way round ("Another official, the former deputy envoy Omar Haddad");
* conjoined sources ("Sens. Jon Tester and David Vitter"): one group named after its members;
* descriptions (roles, possessives, documents, institutions): see ``descriptions``;
* he/she: inside someone's reported (unquoted) claim, that someone ("Osechkin said he ...");
  otherwise the most salient earlier person of that gender — named before unnamed, subjects
  first, latest first, within three sentences, counting the narration's own he/she and "the
  president" resolved once in text order — where a person inside another quotation counts only
  as a last resort;
* they/it: right after a document, its author; else groups and organisations the same way;
  I/we inside a quotation: the quote's speaker (``owner``); I outside quotations: the byline, or
  the author an opinion piece's closing line names;
* anything else is an unnamed description kept whole ("a group representing rural counties in
  the state", "A spokesperson for the council"), with its role and affiliation.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from ..document import SpeakerType
from ..lexicon import (
    CALENDAR_WORDS,
    COLLECTIVES,
    DATE_WORDS,
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    GROUP_NOUNS,
    HEADING_WORDS,
    INDEFINITES,
    KIN_NOUNS,
    KIND_ACRONYMS,
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
from .coref import GENDERED_IDS, Chains, description, is_main_subject, is_person_noun, is_subject, modifiers
from .descriptions import LEDE_CHARS, WINDOW_SENTENCES, Descriptions, definite
from .entities import Entity, Mention, closest, fold, kind_acronym
from .names import SPEECH_LEMMAS
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
    # "young voters going to the polls on Super Tuesday said": a date hung on the cue is not who
    roots = [t for t in roots if not dated(t, inside)] or roots
    nominal = [t for t in roots if t.pos_ not in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "ADV")]
    head = max(nominal or roots, key=lambda t: (sum(1 for d in t.subtree if d.i in inside), -t.i))
    if head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in inside), None)
        if subject is not None:
            return subject, {t.i for t in subject.subtree if t.i in inside}
    if head.pos_ == "ADP":  # "such as senator Bob Corker ...": the object is who
        obj = next((c for c in head.children if c.dep_ == "pobj" and c.i in inside), None)
        if obj is not None:
            return obj, {t.i for t in obj.subtree if t.i in inside}
    return _widened(head, inside)


def dated(token: Token, allowed: set[int]) -> bool:
    """A day, month or holiday with nothing but dates in its phrase ("Tuesday", "Super
    Tuesday", "March 3, 2015"): when, never who ("USA TODAY" is a name)."""

    def date(t: Token) -> bool:
        return t.ent_type_ in ("DATE", "TIME") or t.lower_ in CALENDAR_WORDS or t.lower_ in DATE_WORDS

    if not (
        token.ent_type_ in ("DATE", "TIME")
        or (token.pos_ in ("PROPN", "NOUN") and token.lower_ in CALENDAR_WORDS)
    ):
        return False
    return all(date(t) for t in token.subtree if t.i in allowed and t.is_alpha)


def common_noun(token: Token) -> bool:
    """A common noun, or an acronym for a kind of body, which is one ("the super PAC")."""
    return token.pos_ == "NOUN" or kind_acronym(token.text)


def heading(head: Token, allowed: set[int]) -> bool:
    """ "Transcript as follows:", "Video Transcript:": a capitalised heading word, with no name
    beside it (the "Drudge Report" is a name), standing for the article's own document."""
    words = [head.doc[i] for i in allowed if head.doc[i].is_alpha and head.doc[i].pos_ in ("PROPN", "NOUN")]
    return head.lower_ in HEADING_WORDS and all(t.lower_ in HEADING_WORDS for t in words)


def _widened(head: Token, inside: set[int]) -> tuple[Token, set[int]]:
    """A source span cut short keeps what it is about: "the" alone is "the FBI", "Britain and
    France" after "the United States," is the whole list ("the United States, Britain and
    France"), "others" after "Obama," is "Obama, others"."""
    if (
        head.pos_ in ("DET", "ADJ", "NUM")
        and head.head.pos_ in ("NOUN", "PROPN")
        and head.head.i not in inside
    ):
        head = head.head  # "the" of "the FBI"
        return head, inside | {t.i for t in head.subtree if t.i <= head.i}
    first = head
    while _coordinated(first) and first.head.i not in inside:
        first = first.head
    if first is head:
        return head, inside
    if head.pos_ == "NOUN" and first.pos_ == "PROPN" and _determined(head):
        return first, {t.i for t in first.subtree if t.i < head.left_edge.i}  # "China, Pyongyang's ally"
    low = first.left_edge.i
    return first, inside | {t.i for t in first.subtree if low <= t.i <= max(inside)}


def _coordinated(token: Token) -> bool:
    """A conjunct of a name or noun of its own kind, only commas or "and" between them (the
    parser also joins clauses: "WASHINGTON — President Obama" is no list)."""
    parent = token.head
    if token.dep_ != "conj" or parent.pos_ not in ("NOUN", "PROPN") or parent.i > token.i:
        return False
    if parent.ent_type_ != token.ent_type_ and not (token.pos_ == "NOUN" and not token.ent_type_):
        return False
    doc = token.doc
    end = max((t.i for t in parent.subtree if t.i < token.left_edge.i), default=parent.i)
    return all(t.is_punct or t.pos_ == "CCONJ" for t in doc[end + 1 : token.left_edge.i])


def _determined(noun: Token) -> bool:
    return noun.tag_ == "NN" and any(c.dep_ in ("det", "poss") for c in noun.children)


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
        self._authors: dict[int, Entity | None] = {}
        #: he/she of the narration, resolved in text order: the chain a reader keeps in mind
        self._pronouns: list[Mention] = []
        self._turns, self._interviewee = _transcript(chains)
        self._narration_pronouns()

    def _narration_pronouns(self) -> None:
        """Resolve every he/she/his/her outside quotations, in text order, each against the
        names and the pronouns before it: "Trump ... He never debated fewer than four
        candidates ... so he won't be able to brag" keeps Trump in focus where no source names
        him. One pass, each look-up within a few sentences: linear in the article's length."""
        chains = self.chains
        pronouns = set(chains.where(LOWER, GENDERED_IDS))
        for token in chains.doc:
            pronoun = token.i in pronouns
            if not (pronoun or _role_noun(token) or _kin_noun(token)):
                continue
            if self.quoted(token.idx) or not self._outside_quotes(token.idx):
                continue
            if not chains.kept(token.idx, token.idx + len(token)):
                continue
            if pronoun:
                gender = PRONOUN_GENDER[token.lower_]
                entity = self._cataphor(token, gender) or self._antecedent(
                    token.idx, chains.persons, gender, ("person",)
                )
            elif _kin_noun(token):  # "My mother has softened with age": the mother the article names
                owner = next(c for c in token.children if c.dep_ == "poss")
                found = self._head(owner, {owner.i}, None, None)
                entity = self._kin(found, token.lemma_.lower()) if found.named else None
            else:  # "the president" of an article that named President Obama before
                entity = self._role_holder(token)
                if entity is not None and not any(start < token.idx for start, _ in entity.mentions):
                    entity = None
                if entity is not None and self._placed_elsewhere(entity, token, unplaced_fits=False):
                    entity = None  # a later "he" is not sure to be a senator placed nowhere
            if entity is not None:
                mention = Mention(
                    token.idx,
                    token.idx + len(token),
                    entity,
                    is_subject(token),
                    "PRON",
                    is_main_subject(token),
                )
                self._pronouns.append(mention)

    def remember(self, span: Offsets, entity: Entity, pronoun: bool) -> None:
        """Record a resolved source in its entity's chain and as an antecedent."""
        entity.add(*span)
        if (not pronoun or entity.named) and entity.name.lower() not in INDEFINITES:
            # "No one expected ...": nobody to refer back to
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
        if head.dep_ == "appos" and common_noun(head) and head.head.i not in allowed:
            # "Pyongyang's only ally and its economic lifeline" after "China,": China
            mention = self.chains.by_token.get(head.head.i)
            if mention is not None and mention.entity.named and mention.entity.type != "person":
                return mention.entity
        members = _members(head, allowed)
        if len(members) > 1:
            return self._conjoined(members, allowed, parent, owner)
        named = self._named(head, allowed)
        if named is not None and named.named:
            return named  # an unnamed group ("officials", "many African-Americans") is described below
        of = _of_object(head, allowed)
        if of is not None and of.tag_ in ("WP", "WDT") and lemma in QUANTIFIERS:
            # "family members of 9/11 victims, many of whom say": part of the antecedent speaks
            return self._relative(of, {of.i}, parent, owner)
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
        if head.pos_ == "PROPN" and dated(head, allowed) and head.ent_type_ != "PERSON":
            return self._unnamed_entity(head, allowed, "organization")  # "Tuesday" names no one
        if head.pos_ == "PROPN" and heading(head, allowed):
            return self._heading_document(head, allowed)
        if head.pos_ == "PROPN" and not is_person_noun(head) and not plural and not kind_acronym(head.text):
            kind = "person" if head.ent_type_ == "PERSON" else "organization"
            return self._proper(description(head, allowed), kind)
        if head.pos_ == "NUM" or lemma in ("percent", "%"):
            return self._unnamed_entity(head, allowed, "group")
        if lemma in DOCUMENT_NOUNS:
            found = self._document(head, allowed)
            if found is not None:
                return found
        owner_token = next((c for c in head.children if c.dep_ == "poss" and c.i in allowed), None)
        if owner_token is None and lemma in ORG_NOUNS and common_noun(head) and not plural:
            named_owner = self._person_before(head, allowed)
            if named_owner is not None:
                return self._named_institution(head, allowed, named_owner)
        person = is_person_noun(head) and lemma not in ORG_NOUNS
        if owner_token is not None and lemma not in DOCUMENT_NOUNS:
            kind = ("group" if plural else "person") if person else "organization"
            kind = "group" if lemma in GROUP_NOUNS else kind  # "Scott's family"
            return self._possessed_by_owner(head, allowed, owner_token, kind)
        if lemma in GROUP_NOUNS:
            return self._unnamed_entity(head, allowed, "group")
        common = common_noun(head)
        if lemma in ORG_NOUNS or head.ent_type_ in ORG_LABELS or common and lemma in KIND_ACRONYMS:
            # "police said" without an article means the force of the story
            force = lemma == "police" and not any(
                c.dep_ == "det" and c.lower_ != "the" for c in head.children
            )
            if not definite(head) and not plural and common and head.idx < LEDE_CHARS:
                # "A House panel voted Thursday ..." opening the story: the body it names next
                found = self.chains.organisation_like(lemma, head.idx)
                if found is not None and min(s for s, _ in found.mentions) > head.idx:
                    return found
            if force or (definite(head) and not plural and common):
                found = (
                    self._earlier_possessed(lemma, head.idx)
                    or self.chains.organisation_like(lemma, head.idx)
                    or (self._main_organisation(lemma, head.idx) if not modifiers(head) else None)
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

    def _person_before(self, head: Token, allowed: set[int]) -> Entity | None:
        """The named person whose name is compounded before an institution noun ("The Clinton
        campaign", "the Obama administration")."""
        for c in head.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < head.i and c.i in allowed:
                mention = self.chains.by_token.get(c.i)
                if mention is not None and mention.entity.type == "person" and mention.entity.named:
                    return mention.entity
        return None

    def _heading_document(self, head: Token, allowed: set[int]) -> Entity:
        """ "Transcript as follows:" after "Gov. Jane Roe said ...": the document's author when
        its phrase names one, else, for a heading opening its line, the person the article has
        just been about (whose words the transcript gives); failing both a description."""
        found = self._document(head, allowed)
        if found is not None:
            return found
        first = min(allowed)
        line = head.doc.text.rfind("\n", 0, head.doc[first].idx) + 1
        if not head.doc.text[line : head.doc[first].idx].strip():
            person = self._antecedent(head.idx, self.chains.persons, "", ("person",))
            if person is not None and person.named and any(s < head.idx for s, _ in person.mentions):
                return person
        return self._unnamed_entity(head, allowed, "organization")

    def _relative(
        self, head: Token, allowed: set[int], parent: Entity | None, owner: Entity | None
    ) -> Entity:
        """ "who"/"which"/"that": the noun the relative clause hangs on; past a place phrase
        ("Democrats on Capitol Hill, who ...") to the people in it."""
        clause = head.head if head.head.dep_ == "relcl" else head.head.head
        antecedent = clause.head if clause.dep_ == "relcl" else None
        if antecedent is None or antecedent.i == head.i:
            antecedent = _preceding_noun(head)
        if antecedent is not None and clause.dep_ == "relcl" and _plural_verb(clause):
            antecedent = _plural_noun(antecedent)
        if antecedent is None:
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
        if head.pos_ == "PROPN" and not person and not kind_acronym(head.text):
            # a name of its own; an organisation in apposition is not who it is (a capitalised
            # role, "UMWA Director of Government Affairs Phil Smith", goes on to its name)
            return None
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
        owns = [{t.i for t in m.subtree if t.i in allowed} - _joined(m) for m in members]
        named = [self._named(m, own) for m, own in zip(members, owns, strict=True)]
        for member, own, entity in zip(members, owns, named, strict=True):
            if entity is None and member.pos_ == "PRON":
                entity = self._pronoun(member, parent, owner)
            if entity is None and _role_noun(member):  # "The Republican nominee and his aides"
                entity = self._description(member)
            if entity is not None and any(entity is other for other in named if other is not None):
                if member.pos_ == "PRON" or _role_noun(member):
                    entity = None  # "he and Brafman" are two people: "he" is not Brafman
            names.append(entity.name if entity is not None and entity.named else description(member, own))
        name = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return Entity("group", name, named=False)

    def _main_organisation(self, lemma: str, position: int) -> Entity | None:
        """ "The bank", "the network": failing any better clue, the organisation the article
        has mentioned most so far (not a place)."""
        if lemma in KIND_ACRONYMS:
            return None  # "the PAC": one the article describes so, never the most mentioned body
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
            # the innermost claim holding "I" is its speaker's; a quotation's owner covers the
            # cue-less quote paragraphs that carry on someone's quote
            if parent is not None:
                return parent
            if owner is not None:
                return owner
            if lower in ("i", "me", "my", "myself") and self._outside_quotes(token.idx):
                if self._interviewee is not None and self._turn(token.idx):
                    return self._interviewee  # "A: I think his comment is correct."
                return self._author()
            return None
        if lower in ("you", "your") and self._interviewee is not None and self._outside_quotes(token.idx):
            if self._turn(token.idx) is False:
                return self._interviewee  # "Q: You've been talking about the upswing."
        if lower in PRONOUN_GENDER:
            gender = PRONOUN_GENDER[lower]
            if (
                parent is not None
                and parent.type == "person"
                and not self.quoted(token.idx)
                and parent.gender in ("", gender)
            ):
                return parent  # "Osechkin said he ...": reported speech refers to its speaker
            found = self._cataphor(token, gender) or self._antecedent(
                token.idx, self.chains.persons, gender, ("person",)
            )
            if found is not None and not found.gender:
                found.gender = gender  # "he said" tells their gender for the pronouns that follow
            return found
        if lower in PLURAL_PRONOUNS or lower in ORG_PRONOUNS:
            found = self._document_pronoun(token)
            if found is not None:
                return found
        if lower in PLURAL_PRONOUNS:
            pool = [m for m in self.chains.others if m.label not in ("GPE", "FAC")]
            return self._antecedent(token.idx, pool, "", ("group", "organization"))
        if lower in ORG_PRONOUNS:
            return self._antecedent(token.idx, self.chains.others, "", ("organization",))
        return None

    def _turn(self, position: int) -> bool | None:
        """In a transcript, whether ``position`` is in an answer (True) or a question (False):
        the last "Q:"/"A:" paragraph at or before it says (a turn may run on over paragraphs);
        None before the first turn."""
        k = bisect.bisect_right(self._turns, (position, True)) - 1
        return self._turns[k][1] if k >= 0 else None

    def _document_pronoun(self, token: Token) -> Entity | None:
        """ "Mitt Romney released his returns, even though they exposed ...": they/it after a
        document of the same number, the nearest noun of that number in the sentence, stands
        for the document, which speaks for its author. Not before a verb of saying ("officials
        released the reports, and they said": the officials)."""
        if token.head.lemma_ in SPEECH_LEMMAS:
            return None
        plural = token.lower_ in PLURAL_PRONOUNS
        for t in reversed(token.doc[token.sent.start : token.i]):
            if t.pos_ in ("NOUN", "PROPN") and (t.tag_ in ("NNS", "NNPS")) == plural:
                if t.pos_ != "NOUN" or t.lemma_.lower() not in DOCUMENT_NOUNS:
                    return None
                k = bisect.bisect_left(self._documents, t.idx, key=lambda d: d[0])
                return self._document_author(k) if k < len(self._documents) else None
        return None

    def _author(self) -> Entity | None:
        """Who writes the article's own "I": the byline (the person of that name when the
        article names them), else the author its closing line names."""
        if self.byline:
            key = fold(self.byline)
            named = [e for e in self.chains.entities if e.type == "person" and fold(e.name) == key]
            return named[0] if named else self._proper(self.byline, "person")
        return self.chains.author_line()

    def _cataphor(self, token: Token, gender: str) -> Entity | None:
        """ "With her film, DuVernay documents ...", "After he left, Obama said ...": a pronoun
        in a phrase before its sentence's subject is that subject, when it is a named person."""
        root = token.sent.root
        if token.i >= root.i:
            return None
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i <= token.i or token.i in {t.i for t in subject.subtree}:
            return None
        mention = self.chains.by_token.get(subject.i)
        if mention is None or mention.entity.type != "person" or mention.entity.gender not in ("", gender):
            return None
        # "after Clinton lost her cool, as she said ..., Sanders jabbed": a person named before
        # the pronoun in its own sentence is what it refers back to
        first = token.sent.start_char
        low = bisect.bisect_left(self.chains.persons, first, key=lambda m: m.start)
        for m in self.chains.persons[low:]:
            if m.start >= token.idx:
                break
            if m.entity is not mention.entity and m.entity.named and m.entity.gender in ("", gender):
                return None
        return mention.entity

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

        pools = (static, self._resolved, self._pronouns) if "person" in types else (static, self._resolved)
        sources = self._window(position, self._resolved)
        windows = [sources if pool is self._resolved else self._window(position, pool) for pool in pools]
        near = [m for window in windows for m in window if fits(m)]
        if "person" not in types:
            # a name inside a longer source is not what "it" or "they" points back to: "The
            # Obama administration has said it ..." is the administration, not Obama
            near = [m for m in near if not any(_inside(m, r) for r in sources)]
        near.sort(key=lambda m: m.start)
        own = self.regions.region(position)
        if own is not None:  # inside a quotation, its own words first
            inside = [m for m in near if self.regions.region(m.start) == own]
            near = inside or near
        # a named person before a description ("a TV doctor") of the same rank
        named = [m for m in near if m.entity.named] if "person" in types else near
        # the pronoun's own sentence before earlier ones: "after Clinton lost her cool" is her
        # cool, though an earlier sentence's main subject is Sanders
        k = bisect.bisect_right(self._starts, position) - 1
        sentence = [m for m in named if m.subject and k >= 0 and m.start >= self._starts[k]]
        for group in (
            [m for m in sentence if m.main],
            sentence,
            [m for m in named if m.main],
            [m for m in named if m.subject],
            named,
            [m for m in near if m.main],
            [m for m in near if m.subject],
            near,
        ):
            if group:
                return group[-1].entity
        before: Mention | None = None
        for pool in pools:
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


def _inside(m: Mention, outer: Mention) -> bool:
    """Whether ``m`` is a shorter mention of another entity within ``outer``'s words."""
    return (
        outer.start <= m.start
        and m.end <= outer.end
        and (m.start, m.end) != (outer.start, outer.end)
        and m.entity is not outer.entity
    )


def _preceding_noun(relative: Token) -> Token | None:
    """The noun phrase a relative pronoun follows when no relative clause was parsed: "the
    Chicago Police Department which reported", "family members of 9/11 victims, many of whom
    say" (the whole phrase, not its last noun)."""
    doc = relative.doc
    k = relative.i - 1
    if relative.head.dep_ == "prep" and relative.head.head.i < relative.i:  # "many of whom"
        k = relative.head.head.i - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    if k < 0 or doc[k].pos_ not in ("NOUN", "PROPN"):
        return None
    noun = doc[k]
    while noun.dep_ in ("compound", "flat") and noun.head.i > noun.i:
        noun = noun.head
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head
    return noun


def _plural_verb(verb: Token) -> bool:
    """The relative clause's verb agrees with a plural: "which reveal", "who are", "that have
    said" (a present tense not in the third person singular, or "were")."""
    finite = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any(t.tag_ == "VBP" or t.lower_ == "were" for t in finite)


def _plural_noun(noun: Token) -> Token:
    """The noun a plural relative clause is about: ``noun`` when it is plural, else the nearest
    plural noun before it in the same stretch of nouns ("letters by an agent of the FSB, the
    successor to the KGB, which reveal ...": the letters, not the KGB); ``noun`` when none is."""
    if noun.tag_ not in ("NN", "NNP"):  # plural already, or no common or proper noun
        return noun
    for k in range(noun.i - 1, -1, -1):
        token = noun.doc[k]
        if token.pos_ in ("VERB", "AUX") or token.tag_ == ".":  # not past a verb or a full stop
            break  # (past a sentence break the parser made at brackets: "the Service [FSB], the")
        if token.tag_ in ("NNS", "NNPS") and token.dep_ not in ("compound", "amod", "poss"):
            return token
    return noun


def _kin_noun(token: Token) -> bool:
    """ "my mother", "his wife": a kinship noun with a possessive pronoun."""
    return (
        token.tag_ == "NN"
        and token.lemma_.lower() in KIN_NOUNS
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
    )


def _role_noun(token: Token) -> bool:
    """ "the president", "The president's": a definite singular role noun."""
    return (
        token.tag_ == "NN"
        and is_person_noun(token)
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    )


def _documents(doc: Doc) -> list[tuple[int, str, Token]]:
    """Every document noun of the article ("ad", "poll", "statement"), in text order."""
    return [
        (t.idx, t.lemma_.lower(), t) for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in DOCUMENT_NOUNS
    ]


#: A party-and-state tag after a legislator's name: "R-Tenn.", "D-N.J.".
_PARTY_TAG = re.compile(r"^[RDI]\s*-\s*[A-Z][A-Za-z.]*$")


def _members(head: Token, allowed: set[int]) -> list[Token]:
    """The head and every conjunct joined to it inside the source, in text order."""
    out = [head]
    stack = [head]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.i in allowed and child.pos_ in ("NOUN", "PROPN", "PRON"):
                stack.append(child)
                if not _PARTY_TAG.match(child.doc[child.left_edge.i : child.i + 1].text):
                    out.append(child)  # "Bob Corker, R-Tenn., and ...": the tag is nobody
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


#: A paragraph of an interview transcript: "Q: ..." asks, "A: ..." answers.
_TURN = re.compile(r"^[ \t]*(Q|A)[:.][ \t]", re.M)


def _transcript(chains: Chains) -> tuple[list[tuple[int, bool]], Entity | None]:
    """An interview printed as a transcript ("Q: ... A: ...", two turns each or more): where
    each turn starts (and whether it answers), and who answers: the person its introduction
    (before the first question) names most, the first named on a tie. "I" in an answer is
    that person, not the byline's interviewer."""
    turns = [(m.start(), m.group(1) == "A") for m in _TURN.finditer(chains.doc.text)]
    answers = sum(1 for _, answer in turns if answer)
    if answers < 2 or len(turns) - answers < 2:
        return [], None
    first_question = next(start for start, answer in turns if not answer)
    # most_common keeps the first named first on a tie
    named = Counter(m.entity for m in chains.persons if m.start < first_question and m.entity.named)
    return (turns, named.most_common(1)[0][0]) if named else ([], None)


def _pronoun_type(token: Token) -> SpeakerType:
    lower = token.lower_
    if lower in PLURAL_PRONOUNS or lower in ("we", "us", "our") or (lower in QUANTIFIERS and lower != "one"):
        return "group"
    # "you" is whoever the speaker addresses: a person (or people), never a body
    personal = (
        lower in PRONOUN_GENDER
        or lower in FIRST_PERSON
        or lower in ("you", "your", "yourself", "who")
        or is_person_noun(token)
    )
    return "person" if personal else "organization"


def _of_object(head: Token, allowed: set[int]) -> Token | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i in allowed:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
