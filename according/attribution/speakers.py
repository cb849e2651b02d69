"""Who a source is, resolved within the article: "he", "Mr Osechkin", "the journalist" and
"a dissident Russian journalist" may all be Vladimir Osechkin.

A light rule-based coreference over the spaCy parse (no coref model to download or run):

* names: PERSON entities and honorific + proper noun ("Mr Osechkin"), surname-only mentions
  expanded to the fullest name in the article with that surname;
* descriptions: role nouns tied to a name by apposition ("Vladimir Osechkin, the journalist"),
  a preceding role noun ("journalist Vladimir Osechkin") or a copula ("Osechkin is a journalist");
  "the journalist" / "a dissident journalist" elsewhere resolve to the nearest such person;
* pronouns: he/she to the latest gender-compatible person in subject position, preferring
  people who are not themselves inside a quotation or a reported claim; they/it to the latest
  group or organisation; I/we inside a quotation to the speaker of the enclosing claim, and
  outside any claim to the byline.

Every index is built once per document (``SpeakerIndex``) so resolving a source costs a few
dictionary and binary-search look-ups.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..document import Speaker, SpeakerType
from .tokens import Offsets, head_of, phrase

HONORIFICS = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dr": "",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "prof": "",
    "professor": "",
    "president": "",
    "senator": "",
    "sen": "",
    "rep": "",
    "gov": "",
    "governor": "",
    "gen": "",
    "general": "",
    "col": "",
    "colonel": "",
    "capt": "",
    "captain": "",
    "judge": "",
    "justice": "",
    "rev": "",
    "father": "m",
    "mayor": "",
    "minister": "",
    "chancellor": "",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "pope": "m",
    "ambassador": "",
    "secretary": "",
    "commissioner": "",
    "sheikh": "m",
    "lt": "",
    "sgt": "",
    "det": "",
    "insp": "",
}
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"})
PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
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
everybody anyone anybody nobody questioner interviewer moderator panelist
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


@dataclass(frozen=True)
class Mention:
    """A place in the text where someone is mentioned, and who it is."""

    start: int
    end: int
    speaker: Speaker
    subject: bool
    gender: str = ""


def _modifiers(noun: Token) -> frozenset[str]:
    """Descriptive words of a role noun ("Republican" in "the Republican nominee")."""
    return frozenset(
        c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and c.pos_ != "DET"
    )


def _bare(token: Token) -> str:
    return token.lower_.rstrip(".")


def _is_person_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in PERSON_NOUNS or (lemma.endswith(PERSON_SUFFIXES) and lemma not in ORG_NOUNS)


def _is_subject(token: Token) -> bool:
    t = token
    while t.dep_ in ("appos", "compound", "flat", "conj") and t.head.i != t.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass", "agent") or (t.dep_ == "pobj" and t.head.lower_ == "by")


def _merge(ranges: list[Offsets]) -> list[Offsets]:
    """Overlapping ranges joined, sorted: one binary search answers "inside any of them?"."""
    merged: list[Offsets] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class SpeakerIndex:
    """Person, organisation and group mentions of one document, built once per article."""

    def __init__(self, doc: Doc, demoted: list[Offsets], byline: str | None = None) -> None:
        self.doc = doc
        self.byline = byline
        self._demoted = _merge(demoted)
        self._demoted_starts = [s for s, _ in self._demoted]
        self._genders: dict[str, str] = {}
        self._sentence_starts = [s.start_char for s in doc.sents]
        self.by_token: dict[int, Mention] = {}
        self.persons: list[Mention] = []
        self.others: list[Mention] = []  # organisations and groups, for they/it
        self.descriptions: dict[str, list[tuple[int, Speaker, frozenset[str]]]] = defaultdict(list)
        self._surnames: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._org_by_head: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._index_persons()
        self._index_others()
        self._resolved: list[Mention] = []

    # ------------------------------------------------------------------ building the index
    def _person_spans(self) -> list[tuple[int, int, str]]:
        """(first token, end token, gender) of every person name: entities and titled names."""
        doc = self.doc
        spans: dict[int, tuple[int, int, str]] = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                start = ent.start
                while start < ent.end - 1 and _bare(doc[start]) in HONORIFICS:
                    start += 1
                end = ent.end
                while end > start + 1 and doc[end - 1].tag_ == "POS":
                    end -= 1
                title = doc[ent.start] if start > ent.start else (doc[start - 1] if start else None)
                gender = HONORIFICS.get(_bare(title), "") if title is not None else ""
                spans[start] = (start, end, gender)
        for token in doc:
            if _bare(token) in HONORIFICS and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
                # "Ms Adair" is a person even when NER says ORG; "General Motors" is not.
                if _bare(token) not in COURTESY and token.ent_type_ not in ("", "PERSON"):
                    continue
                start = token.i + 1
                if any(s <= start < e for s, e, _ in spans.values()):
                    continue
                end = start
                while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].tag_ != "POS":
                    end += 1
                if end > start:
                    spans[start] = (start, end, HONORIFICS[_bare(token)])
        return sorted(spans.values())

    def _index_persons(self) -> None:
        doc = self.doc
        spans = self._person_spans()
        full_names: dict[str, list[tuple[int, str]]] = defaultdict(list)
        genders: dict[str, str] = {}
        for start, end, gender in spans:
            name = doc[start:end].text
            key = doc[end - 1].lower_
            if end - start > 1:
                full_names[key].append((doc[start].idx, name))
            if gender:
                genders[key] = gender
        for start, end, _ in spans:
            key = doc[end - 1].lower_
            name = doc[start:end].text
            if end - start == 1 and full_names.get(key):
                name = self._nearest(full_names[key], doc[start].idx)
            speaker = Speaker(name, "person")
            mention = Mention(
                doc[start].idx,
                doc[end - 1].idx + len(doc[end - 1]),
                speaker,
                _is_subject(doc[end - 1]),
                genders.get(key, ""),
            )
            self.persons.append(mention)
            self._surnames[key].append((mention.start, name))
            if mention.gender:
                self._genders[name] = mention.gender
            for i in range(start, end):
                self.by_token[i] = mention
            self._index_descriptions(doc[end - 1], start, mention)

    def _index_descriptions(self, root: Token, first: int, mention: Mention) -> None:
        """Role nouns tied to a name: appositions, a preceding role noun, a copula."""
        nouns = [(c, _modifiers(c)) for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        before = [c for c in root.children if c.i < first]
        nouns += [
            (c, _modifiers(c) | {m.lemma_.lower() for m in before if m.dep_ == "amod"})
            for c in before
            if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"
        ]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append((root.head, _modifiers(root.head)))
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            nouns += [(c, _modifiers(c)) for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        for noun, modifiers in nouns:
            self.descriptions[noun.lemma_.lower()].append((mention.start, mention.speaker, modifiers))

    def _index_others(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ in ORG_LABELS:
                root = ent.root
                kind: SpeakerType = (
                    "group" if ent.label_ == "NORP" and root.tag_ in ("NNPS", "NNS") else "organization"
                )
                if ent.label_ == "NORP" and kind == "organization":
                    continue  # "Russian" as an adjective is nobody
                mention = Mention(ent.start_char, ent.end_char, Speaker(ent.text, kind), _is_subject(root))
                self.others.append(mention)
                for token in ent:
                    self.by_token.setdefault(token.i, mention)
                self._org_by_head[root.lemma_.lower()].append((ent.start_char, ent.text))
        for token in doc:
            if (
                token.pos_ == "NOUN"
                and token.tag_ == "NNS"
                and _is_subject(token)
                and token.i not in self.by_token
            ):
                self.others.append(
                    Mention(token.idx, token.idx + len(token), Speaker(token.text, "group"), True)
                )
        self.others.sort(key=lambda m: m.start)

    @staticmethod
    def _nearest(options: list[tuple[int, str]], position: int) -> str:
        """The option at or before ``position`` that is latest, else the first after it."""
        before = [o for o in options if o[0] <= position]
        return (before[-1] if before else min(options, key=lambda o: abs(o[0] - position)))[1]

    # ------------------------------------------------------------------ resolving
    def demoted(self, position: int) -> bool:
        """Inside a quotation or someone's reported claim: a weak antecedent for a pronoun."""
        k = bisect.bisect_right(self._demoted_starts, position) - 1
        return k >= 0 and position < self._demoted[k][1]

    def remember(self, position: int, speaker: Speaker) -> None:
        """Record a resolved source so later pronouns can refer back to it."""
        if speaker.type in ("person", "group", "organization"):
            gender = self._genders.get(speaker.name, "")
            bisect.insort(
                self._resolved, Mention(position, position, speaker, True, gender), key=lambda m: m.start
            )

    def resolve(self, tokens: list[Token], parent: Speaker | None = None) -> Speaker:
        """The speaker a source's tokens refer to; ``parent`` is the speaker of the enclosing
        claim (for "I"/"we" inside a quotation)."""
        head = head_of(tokens)
        if head is None:
            return Speaker("", "none")
        return self._resolve_head(head, {t.i for t in tokens}, parent)

    def _resolve_head(self, head: Token, allowed: set[int], parent: Speaker | None) -> Speaker:
        text = phrase(head, allowed)
        lemma = head.lemma_.lower()
        if head.tag_ in ("WP", "WDT") or (head.lower_ == "that" and head.head.dep_ == "relcl"):
            antecedent = head.head.head if head.head.dep_ == "relcl" else None
            if antecedent is not None and antecedent.i != head.i:
                before = {t.i for t in antecedent.subtree if t.i < head.i}
                return self._resolve_head(antecedent, before | {antecedent.i}, parent)
            return Speaker(text, "person" if head.lower_ == "who" else "organization")
        if head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER:
            return self._pronoun(head, parent) or Speaker(text, self._pronoun_type(head))
        mention = self.by_token.get(head.i)
        if mention is not None and mention.speaker.type == "person":
            return mention.speaker
        if head.pos_ == "PROPN" and head.lower_ in self._surnames:
            # A name NER missed or mislabelled here but knows as a person elsewhere.
            return Speaker(self._nearest(self._surnames[head.lower_], head.idx), "person")
        if mention is not None:
            return mention.speaker
        for child in head.children:
            if child.dep_ == "appos" and child.i in allowed:
                for token in child.subtree:
                    if token.i in self.by_token and self.by_token[token.i].speaker.type == "person":
                        return self.by_token[token.i].speaker
        of = self._of_object(head, allowed)
        if of is not None and (lemma in QUANTIFIERS or lemma in COLLECTIVES or head.pos_ == "NUM"):
            # "one of the doctors" is a person, "some of his aides" / "a group of parents" a group.
            inner = self._resolve_head(of, {t.i for t in of.subtree}, parent)
            kind: SpeakerType = "person" if lemma in SINGULAR_QUANTIFIERS else "group"
            return Speaker(text, kind if inner.type in ("person", "group") else inner.type)
        if any(c.dep_ == "conj" and c.i in allowed for c in head.children):
            return Speaker(text, "group")  # "Joseph and other residents"
        if head.pos_ == "PROPN":
            return Speaker(text, "person" if head.ent_type_ == "PERSON" else "organization")
        if head.pos_ == "NUM" or lemma in ("percent", "per", "%"):
            return Speaker(text, "group")
        if lemma in ORG_NOUNS or head.ent_type_ in ORG_LABELS:
            same = self._org_by_head.get(lemma)
            if same and head.tag_ != "NNS":
                return Speaker(self._nearest(same, head.idx), "organization")
            return Speaker(text, "organization")
        if head.tag_ in ("NNS", "NNPS"):
            return Speaker(text, "group")
        if _is_person_noun(head):
            # "the Republican nominee" is not the person described as "the Democratic nominee".
            wanted = _modifiers(head)
            known = [d for d in self.descriptions.get(lemma, ()) if not wanted or not d[2] or wanted & d[2]]
            if known:
                return min(known, key=lambda d: abs(d[0] - head.idx))[1]
            return Speaker(text, "person")
        return Speaker(text, "organization")

    @staticmethod
    def _of_object(head: Token, allowed: set[int]) -> Token | None:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i in allowed:
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None

    @staticmethod
    def _pronoun_type(token: Token) -> SpeakerType:
        lower = token.lower_
        if lower in PLURAL_PRONOUNS or lower in ("we", "us", "our"):
            return "group"
        if lower in ORG_PRONOUNS:
            return "organization"
        return "person"

    def _pronoun(self, token: Token, parent: Speaker | None) -> Speaker | None:
        lower = token.lower_
        if lower in FIRST_PERSON:
            if parent is not None and parent.type != "none":
                return parent
            return Speaker(self.byline, "person") if self.byline and lower in ("i", "me", "my") else None
        if lower in PRONOUN_GENDER:
            return self._antecedent(token.idx, self.persons, PRONOUN_GENDER[lower], ("person",))
        if lower in PLURAL_PRONOUNS:
            return self._antecedent(token.idx, self.others, "", ("group", "organization"))
        if lower in ORG_PRONOUNS:
            return self._antecedent(token.idx, self.others, "", ("organization",))
        return None

    def _antecedent(
        self, position: int, static: list[Mention], gender: str, types: tuple[str, ...]
    ) -> Speaker | None:
        """Latest compatible mention before ``position``: within the last three sentences and
        outside claims first (subjects preferred), then anywhere before, then the next after."""
        pool = [m for m in static if m.start < position] + [m for m in self._resolved if m.start < position]
        pool = [
            m for m in pool if m.speaker.type in types and (not gender or not m.gender or m.gender == gender)
        ]
        pool.sort(key=lambda m: m.start)
        k = bisect.bisect_right(self._sentence_starts, position) - 1
        window = self._sentence_starts[max(0, k - 2)] if self._sentence_starts else 0
        near = [m for m in pool if m.start >= window and not self.demoted(m.start)]
        subjects = [m for m in near if m.subject]
        for group in (subjects, near, [m for m in pool if not self.demoted(m.start)], pool):
            if group:
                return group[-1].speaker
        after = [m for m in static if m.start > position and m.speaker.type in types]
        return after[0].speaker if after else None
