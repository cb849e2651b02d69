"""Who is mentioned where in one article: people, organisations, groups and role descriptions.

Built once per document so that resolving each source is a handful of look-ups:

* people: PERSON entities and honorific + proper noun ("Mr Osechkin", even when NER calls it
  an organisation); a surname-only mention takes the fullest name in the article with that
  surname; a courtesy title gives a gender (Mr -> he, Mrs/Ms -> she) for pronouns;
* descriptions: role nouns tied to a name by apposition ("Vladimir Osechkin, the journalist"),
  a preceding role noun ("journalist Vladimir Osechkin") or a copula ("Osechkin is a journalist");
* organisations and groups: ORG/GPE/FAC entities, plural NORP ("Russians"), plural subjects
  ("officials said") — the antecedents of "they" and "it".

Mentions inside page furniture (``Article.residue``: "Read more: ..." links) are left out so a
headline of another story never becomes the antecedent of "he".
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from spacy.attrs import LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..document import Speaker, SpeakerType
from .tokens import Offsets, covered, sentence_starts

#: Titles before a name, with the gender they tell (for he/she), "" when they tell none.
HONORIFICS: dict[str, str] = {
    **dict.fromkeys(
        "dr prof professor president senator sen rep gov governor gen general col colonel capt "
        "captain judge justice rev mayor minister chancellor ambassador secretary commissioner "
        "lt sgt det insp".split(),
        "",
    ),
    **dict.fromkeys("mr sir lord father king prince pope sheikh".split(), "m"),
    **dict.fromkeys("mrs ms miss dame lady queen princess".split(), "f"),
}
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"})
PRONOUN_GENDER = {
    **dict.fromkeys("he him his himself".split(), "m"),
    **dict.fromkeys("she her hers herself".split(), "f"),
}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
ORG_PRONOUNS = {"it", "its", "itself"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}

PERSON_NOUNS = frozenset(
    """
journalist reporter spokesman spokeswoman spokesperson official minister president leader
analyst expert source activist dissident aide adviser advisor lawyer attorney prosecutor judge
director chief executive chairman chairwoman chair secretary ambassador diplomat commander
general officer lawmaker senator mp politician candidate economist scientist researcher
professor doctor witness resident man woman friend insider colleague author editor writer
blogger founder owner ceo governor mayor member pollster strategist campaigner critic
supporter opponent neighbour neighbor relative mother father wife husband son daughter
brother sister boy girl victim survivor veteran soldier priest bishop deputy representative
negotiator envoy head boss manager consultant historian commentator observer host presenter
anchor correspondent student teacher nurse player coach worker employee whistleblower
investigator detective inspector sergeant captain colonel lieutenant king queen prince
princess pope cleric imam rabbi chancellor premier dictator oligarch businessman tycoon
billionaire millionaire entrepreneur banker trader academic lecturer physician surgeon
psychologist psychiatrist therapist person individual someone somebody defector informant
reader viewer voter caller listener speaker farmer customer consumer buyer seller donor fan
parent child kid citizen taxpayer patient immigrant migrant refugee protester protestor
demonstrator organiser organizer nominee incumbent challenger rival ally partner staffer intern
clerk juror plaintiff defendant suspect detainee prisoner inmate lobbyist fundraiser one everyone
everybody anyone anybody nobody questioner interviewer moderator panelist assistant attendant
accountant applicant participant contestant agent tenant merchant claimant superintendent
""".split()
)
QUANTIFIERS = frozenset("one some many most all each several both few none half any two three four".split())
SINGULAR_QUANTIFIERS = frozenset({"one", "each", "either", "neither"})
COLLECTIVES = frozenset(
    "group number majority minority handful dozen dozens hundreds thousands crowd".split()
)
PERSON_SUFFIXES = ("ist", "man", "woman", "person", "ian", "eer")
ORG_NOUNS = frozenset(
    """
government ministry department agency police army military navy company firm party council
committee court commission office embassy administration campaign kremlin parliament
congress senate union bank newspaper network bureau board authority authorities cabinet
regime service group organisation organization institute university school hospital charity
foundation team club league federation watchdog regulator pentagon website outlet channel
broadcaster tribunal coalition alliance opposition movement centre center association
corporation study report poll survey research document memo paper magazine station
spokesman's inquiry review audit intelligence prosecution statement media press
""".split()
)
ORG_LABELS = {"ORG", "GPE", "FAC", "NORP"}


_HONORIFIC_IDS = frozenset(get_string_id(w + dot) for w in HONORIFICS for dot in ("", "."))
_GENDERED_IDS = frozenset(get_string_id(w) for w in PRONOUN_GENDER)
_PLURAL_NOUN_IDS = frozenset({get_string_id("NNS")})


@dataclass(frozen=True)
class Mention:
    """A place in the text where someone is mentioned, and who it is."""

    start: int
    end: int
    speaker: Speaker
    subject: bool
    label: str = ""


def modifiers(noun: Token) -> frozenset[str]:
    """Descriptive words of a role noun ("Republican" in "the Republican nominee")."""
    return frozenset(
        c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and c.pos_ != "DET"
    )


def bare(token: Token) -> str:
    return token.lower_.rstrip(".")


def is_person_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in PERSON_NOUNS or (lemma.endswith(PERSON_SUFFIXES) and lemma not in ORG_NOUNS)


def is_subject(token: Token) -> bool:
    t = token
    while t.dep_ in ("appos", "compound", "flat", "conj") and t.head.i != t.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass", "agent") or (t.dep_ == "pobj" and t.head.lower_ == "by")


def nearest(options: list[tuple[int, str]], position: int) -> str:
    """The option latest at or before ``position``, else the closest after it."""
    before = [o for o in options if o[0] <= position]
    return (before[-1] if before else min(options, key=lambda o: abs(o[0] - position)))[1]


class Mentions:
    """Every person, organisation and group mention of one document."""

    def __init__(self, doc: Doc, residue: tuple[Offsets, ...] = ()) -> None:
        self.doc = doc
        self._residue = residue
        self.by_token: dict[int, Mention] = {}
        self.persons: list[Mention] = []
        self.others: list[Mention] = []
        self.genders: dict[str, str] = {}
        #: surname -> the name a bare surname stands for (the first full name with it)
        self.surnames: dict[str, str] = {}
        self.org_by_head: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.descriptions: dict[str, list[tuple[int, Speaker, frozenset[str]]]] = defaultdict(list)
        self.roles: dict[Speaker, set[str]] = defaultdict(set)
        self.sentence_starts = sentence_starts(doc)
        self._index_persons()
        self._index_others()
        self._vote_genders()

    def _where(self, attr: int, values: frozenset[int]) -> list[int]:
        """Token indices whose ``attr`` is one of ``values``, scanned on the parse's arrays
        rather than by building a Python object for every token."""
        column = self.doc.to_array([attr])
        return [i for i, value in enumerate(column.tolist()) if value in values]

    def _kept(self, start: int, end: int) -> bool:
        return not covered(self._residue, start, end)

    def _person_spans(self) -> list[tuple[int, int, str]]:
        """(first token, end token, gender) of every person name: entities and titled names."""
        doc = self.doc
        spans: dict[int, tuple[int, int, str]] = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                start = ent.start
                while start < ent.end - 1 and bare(doc[start]) in HONORIFICS:
                    start += 1
                end = ent.end
                while end > start + 1 and doc[end - 1].tag_ == "POS":
                    end -= 1
                title = doc[ent.start] if start > ent.start else (doc[start - 1] if start else None)
                gender = HONORIFICS.get(bare(title), "") if title is not None else ""
                spans[start] = (start, end, gender)
        for i in self._where(LOWER, _HONORIFIC_IDS):
            token = doc[i]
            if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
                # "Ms Adair" is a person even when NER says ORG; "General Motors" is not.
                if bare(token) not in COURTESY and token.ent_type_ not in ("", "PERSON"):
                    continue
                start = token.i + 1
                if any(s <= start < e for s, e, _ in spans.values()):
                    continue
                end = start
                while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].tag_ != "POS":
                    end += 1
                spans[start] = (start, end, HONORIFICS[bare(token)])
        return sorted(spans.values())

    def _index_persons(self) -> None:
        doc = self.doc
        spans = [s for s in self._person_spans() if self._kept(doc[s[0]].idx, doc[s[1] - 1].idx + 1)]
        full_names: dict[str, str] = {}
        genders: dict[str, str] = {}
        for start, end, gender in spans:
            key = doc[end - 1].lower_
            if end - start > 1:
                # "Trump" alone is the Trump introduced first, not "Ivanka Trump" met later
                full_names.setdefault(key, doc[start:end].text)
            if gender:
                genders[key] = gender
        spans = sorted(spans + self._missed_surnames(spans, full_names))
        for start, end, _ in spans:
            key = doc[end - 1].lower_
            name = doc[start:end].text
            if end - start == 1 and key in full_names:
                name = full_names[key]
            last = doc[end - 1]
            mention = Mention(
                doc[start].idx, last.idx + len(last), Speaker(name, "person"), is_subject(last), "PERSON"
            )
            self.persons.append(mention)
            self.surnames.setdefault(key, full_names.get(key, name))
            if key in genders:
                self.genders[name] = genders[key]
            for i in range(start, end):
                self.by_token[i] = mention
            self._index_descriptions(last, start, mention)

    def _missed_surnames(
        self, spans: list[tuple[int, int, str]], full_names: dict[str, str]
    ) -> list[tuple[int, int, str]]:
        """Capitalised surnames of named people that NER missed or called an ORG here."""
        doc = self.doc
        taken = {i for start, end, _ in spans for i in range(start, end)}
        wanted = frozenset(get_string_id(key) for key in full_names)
        found = []
        for i in self._where(LOWER, wanted):
            if i in taken or not doc[i].is_title or not self._kept(doc[i].idx, doc[i].idx + 1):
                continue
            start = i  # keep a first name NER missed too: "Ivanka Trump" is not "Donald Trump"
            while (
                start > 0
                and start - 1 not in taken
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].is_title
            ):
                start -= 1
            found.append((start, i + 1, ""))
        return found

    def _index_descriptions(self, root: Token, first: int, mention: Mention) -> None:
        """Role nouns tied to a name: appositions, a preceding role noun, a copula."""
        nouns = [(c, modifiers(c)) for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        before = [c for c in root.children if c.i < first]
        nouns += [
            (c, modifiers(c) | {m.lemma_.lower() for m in before if m.dep_ == "amod"})
            for c in before
            if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"
        ]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append((root.head, modifiers(root.head)))
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            nouns += [(c, modifiers(c)) for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        for noun, words in nouns:
            self.add_description(noun.lemma_.lower(), mention.start, mention.speaker, words)

    def _index_others(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ not in ORG_LABELS or not self._kept(ent.start_char, ent.end_char):
                continue
            root = ent.root
            plural = root.tag_ in ("NNPS", "NNS")
            if ent.label_ == "NORP" and not plural:
                continue  # "Russian" as an adjective is nobody
            if len(ent) == 1 and root.is_sent_start and root.lower_ in ORG_NOUNS:
                # "Council leader Ann Moss said ...": a common noun capitalised only because it
                # opens the sentence is no name; "the council" must not become "Council"
                continue
            kind: SpeakerType = "group" if ent.label_ == "NORP" else "organization"
            mention = Mention(
                ent.start_char, ent.end_char, Speaker(ent.text, kind), is_subject(root), ent.label_
            )
            self.others.append(mention)
            for token in ent:
                self.by_token.setdefault(token.i, mention)
            self.org_by_head[root.lemma_.lower()].append((ent.start_char, ent.text))
        for i in self._where(TAG, _PLURAL_NOUN_IDS):
            token = doc[i]
            if token.pos_ == "NOUN" and is_subject(token) and token.i not in self.by_token:
                if self._kept(token.idx, token.idx + len(token)):
                    speaker = Speaker(token.text, "group")
                    self.others.append(Mention(token.idx, token.idx + len(token), speaker, True, "NOUN"))
        self.others.sort(key=lambda m: m.start)

    def _vote_genders(self) -> None:
        """Genders the article itself tells: a he/she after a person in subject position, with
        no other person between, in the same sentence or opening the next one, is a vote for
        that person; a clear majority (two to one) decides. Titles (Mr, Mrs) always win."""
        votes: dict[str, list[str]] = defaultdict(list)
        starts = [m.start for m in self.persons]
        for i in self._where(LOWER, _GENDERED_IDS):
            token = self.doc[i]
            k = bisect.bisect_left(starts, token.idx) - 1
            if k < 0 or not self._kept(token.idx, token.idx + 1):
                continue
            person = self.persons[k]
            sentence = bisect.bisect_right(self.sentence_starts, token.idx) - 1
            opens = token.is_sent_start  # "He ..." opening the next sentence, not '"...," he said'
            reach = self.sentence_starts[max(0, sentence - 1) if opens else max(0, sentence)]
            if person.subject and person.start >= reach:
                votes[person.speaker.name].append(PRONOUN_GENDER[token.lower_])
        for name, said in votes.items():
            if name not in self.genders:
                male, female = said.count("m"), said.count("f")
                if male >= 2 * female and male:
                    self.genders[name] = "m"
                elif female >= 2 * male and female:
                    self.genders[name] = "f"

    def add_description(self, lemma: str, position: int, speaker: Speaker, words: frozenset[str]) -> None:
        self.descriptions[lemma].append((position, speaker, words))
        self.roles[speaker].add(lemma)

    def described(self, noun: Token) -> Speaker | None:
        """The person a role noun describes elsewhere in the article, nearest first; "the
        Republican nominee" is not the person described as "the Democratic nominee"."""
        wanted = modifiers(noun)
        known = [
            d
            for d in self.descriptions.get(noun.lemma_.lower(), ())
            if not wanted or not d[2] or wanted & d[2]
        ]
        return min(known, key=lambda d: abs(d[0] - noun.idx))[1] if known else None
