"""Where the people of an article are named: the name spans that ``coref.Chains`` joins up.

* PERSON entities, less any title in front ("Chief Justice", "Gov.") and a possessive behind;
* a title + proper noun ("Mr Osechkin", "Gov. Jane Roe") even when NER calls it an ORG;
* an ORG-labelled name shaped like a person's that the text shows is a person (a title or role
  noun before it, a role in apposition, its last word used alone elsewhere), and the person
  after an outlet's possessive ("Fox News' Megyn Kelly");
* a suffix ("Jr.", "Sr.", "III") kept as part of the name, since it tells namesakes apart.

Headlines are Title Case, so NER runs verbs into names there ("Obama Says", "Rip Donald
Trump"): in a Title Case line a name keeps only the words the article capitalises elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..given_names import given_name_gender
from ..lexicon import (
    COURTESY,
    DETERMINERS,
    HEADING_WORDS,
    HONORIFICS,
    NAME_SUFFIXES,
    ORG_NAME_WORDS,
    PARTICLES,
    is_person_lemma,
)
from .tokens import Offsets

_HONORIFIC_IDS = frozenset(get_string_id(w + dot) for w in HONORIFICS for dot in ("", "."))
_SMALL = frozenset("a an the of and or in on at to for by with from as is it its vs".split())
#: Entity labels that are places or peoples, never one person.
_NOT_PEOPLE = frozenset({"GPE", "LOC", "NORP", "FAC"})
CORPORATE = frozenset({"co", "inc", "corp", "ltd", "llc", "plc", "group", "company"})


def bare(token: Token) -> str:
    return token.lower_.rstrip(".")


def capitalised(token: Token) -> bool:
    """Written with a capital and some lower case: "Osechkin", "MacDougall", "DuVernay" (not
    "BHS", not "the")."""
    text = token.text
    return text[:1].isupper() and any(ch.islower() for ch in text)


# a paragraph opening with a capitalised speaker label, as transcripts print their turns
TURN = re.compile(
    r"^[ \xa0]*[\"“]?[ \xa0]*([A-Z][A-Z.'’-]+(?:[ \xa0][A-Z][A-Z.'’-]+){0,2}):[ \xa0]+\S", re.MULTILINE
)


def _leading(token: Token) -> bool:
    return bare(token) in HONORIFICS or token.lower_ in DETERMINERS


def _common_plural(ent: Span) -> bool:
    """ "Scholars said": a capitalised plural of a person noun that NER took for a name."""
    lower = ent.text.lower()
    return len(ent) == 1 and lower.endswith("s") and is_person_lemma(lower[:-1])


#: Verbs of saying whose two-word name-shaped subject is taken for a person.
SPEECH_LEMMAS = frozenset("say tell add explain insist argue claim note write ask reply recall".split())


def _titled(token: Token) -> bool:
    """A title or role word right before a name: "Gov.", "Senators", "spokesperson"."""
    word = bare(token)
    if word in HONORIFICS or (word.endswith("s") and word[:-1] in HONORIFICS):
        return True
    return token.pos_ == "NOUN" and is_person_lemma(token.lemma_.lower())


def _run_in(token: Token) -> bool:
    """A word NER ran into the front of a name: not a proper noun, not capitalised, no particle."""
    if token.lower_ in PARTICLES:
        return False
    return token.pos_ not in ("PROPN", "NOUN") or not token.text[:1].isupper()


#: Prepositions before a place: "in Strada" is a town, "Strada accused" the widow named before.
_LOCATIVE = frozenset("in at from into across near around throughout outside via".split())


def _placed(token: Token) -> bool:
    """A surname NER labelled a place or people that reads as one: part of a longer such
    name, after a locative preposition, or qualifying a noun ("Washington officials")."""
    if token.ent_type_ not in _NOT_PEOPLE:
        return False
    if token.ent_iob_ == "I" or (token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_iob_ == "I"):
        return True
    return token.dep_ in ("compound", "amod", "npadvmod") or (
        token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE
    )


def near_miss(word: str, known: set[str]) -> str | None:
    """The one known surname ``word`` misspells ("wines" for "wimes", "mclenney" for
    "mcclenney"): five letters or more, the same first letter, one letter changed, added or
    dropped. None when ``word`` is known itself, or two names are as near."""
    if len(word) < 5 or word in known:
        return None
    found = [k for k in known if len(k) >= 5 and k[0] == word[0] and _one_edit(word, k)]
    return found[0] if len(found) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    k = next((i for i, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[k:] == long_[k + 1 :]


def _no_name(ent: Span) -> bool:
    """ "Video Transcript": a PERSON span made of heading words."""
    words = [t.lower_ for t in ent if t.is_alpha]
    return bool(words) and all(w in HEADING_WORDS for w in words)


def _institution(ent: Span) -> bool:
    """ "John Birch Society" labelled PERSON: a name ending in an institution word."""
    words = [t for t in ent if not t.is_punct]
    return len(words) >= 2 and words[-1].lower_ in ORG_NAME_WORDS


def _key(span: Span) -> str:
    return " ".join(t.lower_ for t in span if not t.is_punct and t.lower_ not in DETERMINERS)


def _capital(token: Token) -> bool:
    """A capitalised proper noun that may start a name NER missed (not a title: "Justice")."""
    return token.pos_ == "PROPN" and capitalised(token) and bare(token) not in HONORIFICS


def title_lines(text: str) -> list[Offsets]:
    """Lines written in Title Case (headlines): three or more words, nearly all capitalised."""
    out: list[Offsets] = []
    start = 0
    for line in text.split("\n"):
        words = [w for w in line.split() if any(ch.isalpha() for ch in w)]
        significant = [w for w in words if w.lower() not in _SMALL]
        capitalised = sum(1 for w in significant if w.lstrip("\"'‘“(").strip()[:1].isupper())
        if len(words) >= 3 and significant and capitalised >= 0.8 * len(significant):
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


@dataclass
class Name:
    """A person's name in the text: tokens ``start:end`` (titles excluded, suffix included)."""

    start: int
    end: int
    title: Token | None
    suffix: str = ""


class NameFinder:
    """Finds the person names of one parsed article (see the module docstring)."""

    def __init__(self, doc: Doc, kept: Callable[[int, int], bool]) -> None:
        self.doc = doc
        self.kept = kept
        headlines = title_lines(doc.text)
        self._headline = [False] * len(doc)
        if headlines:
            for t in doc:
                self._headline[t.i] = any(s <= t.idx < e for s, e in headlines)
        # how often each name is labelled an organisation: "Wells Fargo" again and again
        self._org_names = Counter(_key(e) for e in doc.ents if e.label_ in ("ORG", "PRODUCT", "WORK_OF_ART"))
        # capitalised words outside headlines, and words standing alone as a name there
        # transcript turn labels ("TAPPER:", "JAKE TAPPER:"): names, whatever NER calls them
        labels = (doc.char_span(m.start(1), m.end(1)) for m in TURN.finditer(doc.text))
        self._turns = [span for span in labels if span is not None]
        self._capitalised = Counter(t.lower_ for t in doc if capitalised(t) and not self._headline[t.i])
        self._alone = Counter(
            t.lower_
            for t in doc
            if capitalised(t)
            and t.ent_type_ in ("", "PERSON")
            and not (t.i and doc[t.i - 1].pos_ == "PROPN")
            and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")
        )

    def names(self) -> list[Name]:
        doc = self.doc
        names: dict[int, Name] = {}
        for ent in doc.ents:
            if _no_name(ent):
                continue
            if (
                ent.label_ == "PERSON" and not _common_plural(ent) and not _institution(ent)
            ) or self._person_like(ent):
                start = ent.start
                while start < ent.end - 1 and _leading(doc[start]):
                    start += 1
                title = doc[ent.start] if start > ent.start else (doc[start - 1] if start else None)
                if title is not None and bare(title) not in HONORIFICS:
                    title = None
                self._add(names, self._span(start, ent.end, title))
            elif ent.label_ == "ORG":
                self._after_possessive(ent, names)
            elif ent.label_ in ("EVENT", "FAC"):
                self._name_ending(ent, names)
        for i, token in enumerate(doc):
            # "Senators Ana Ruiz and Ben Cole": a title before proper nouns NER left unlabelled
            if i + 2 < len(doc) and _titled(token) and not token.ent_type_ and doc[i + 1].ent_type_ == "":
                end = i + 1
                while end < len(doc) and _capital(doc[end]) and not doc[end].ent_type_ and end - i <= 3:
                    end += 1
                if end - i - 1 >= 2 and not any(n.start <= i + 1 < n.end for n in names.values()):
                    self._add(names, self._span(i + 1, end, token if bare(token) in HONORIFICS else None))
        self._given_names(names)
        self._turn_labels(names)
        for i in self._where_honorific():
            token = doc[i]
            if i + 1 >= len(doc) or doc[i + 1].pos_ != "PROPN" or not capitalised(doc[i + 1]):
                continue
            # "Ms Adair" is a person even when NER says ORG; "General Motors" is not.
            if bare(token) not in COURTESY and doc[i + 1].ent_type_ not in ("", "PERSON"):
                continue
            if i and bare(doc[i - 1]) in HONORIFICS:
                continue  # "Chief Justice Roberts": the name starts after the last title
            start = i + 1
            while start < len(doc) and bare(doc[start]) in HONORIFICS:
                start += 1
            if start >= len(doc) or doc[start].pos_ != "PROPN":
                continue
            if any(n.start <= start < n.end for n in names.values()):
                continue
            end = start
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].tag_ != "POS" and end - start < 4:
                end += 1
            self._add(names, self._span(start, end, token))
        return sorted(names.values(), key=lambda n: n.start)

    def missed_surnames(self, names: list[Name], surnames: set[str]) -> list[Name]:
        """Capitalised surnames of named people that NER missed or called an ORG here."""
        doc = self.doc
        taken = {i for n in names for i in range(n.start if n.title is None else n.start - 1, n.end)}
        # "de Blasio": the last word is looked for, the particles before it checked
        # (a surname key can be empty: a name that is all title or punctuation has no surname)
        words = [key.split() for key in surnames if key.split()]
        wanted = {get_string_id(w[-1]): w[:-1] for w in words}
        column = doc.to_array([LOWER]).tolist()
        found: list[Name] = []
        spelled = {w[-1] for w in words}
        for i, value in enumerate(column):
            token = doc[i]
            if value not in wanted and not (
                token.pos_ in ("PROPN", "NOUN")
                and token.ent_type_ != "PERSON"
                and near_miss(token.lower_, spelled)
            ):
                continue
            if i in taken or not (capitalised(token) or self._turn_label(i)) or _placed(token):
                continue
            if value not in wanted:  # "Wines believes" after "Leslie Wimes": the same person
                self._add_to(found, self._span(i, i + 1, None))
                continue
            particles = wanted[value]
            if particles:
                first = i - len(particles)
                if first < 0 or [t.lower_ for t in doc[first:i]] != particles:
                    continue
                self._add_to(found, self._span(first, i + 1, None))
                continue
            if (
                token.ent_type_ == "ORG"
                and (token.ent_iob_ == "I" or (i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I"))
                and not self._headline_run(i)
            ):
                continue  # inside a longer organisation name
            if not self.kept(token.idx, token.idx + 1):
                continue
            start = i  # keep a first name NER missed too: "Ivanka Trump" is not "Donald Trump"
            while (
                start > 0
                and start - 1 not in taken
                and doc[start - 1].pos_ == "PROPN"
                and capitalised(doc[start - 1])
                # "Republicans Jolly of Indian Shores": a plural before the surname is his party
                and doc[start - 1].tag_ != "NNPS"
                and doc[start - 1].ent_type_ != "NORP"
            ):
                start -= 1
            self._add_to(found, self._span(start, i + 1, None))
        return found

    def _headline_run(self, i: int) -> bool:
        """ "Trump Files Largest Financial Statement": in a Title Case headline NER runs a
        surname into the words after it and calls them an organisation; a real one ("Trump
        Organization Sued") has a word of a body's name in it, or is named again in the text."""
        doc = self.doc
        if not self._headline[i] or doc[i].ent_iob_ != "B":
            return False
        end = i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if any(t.lower_ in ORG_NAME_WORDS for t in doc[i + 1 : end]):
            return False
        return doc.text.count(doc[i:end].text) == 1

    def _turn_label(self, i: int) -> bool:
        """ "FALLIN: Well, ...": a one-word turn label is a surname, whatever its case."""
        return any(span.start == i and len(span) == 1 for span in self._turns)

    def _turn_labels(self, names: dict[int, Name]) -> None:
        """ "JAKE TAPPER: Will the plant close?": a transcript labels a turn with the full name
        in capitals, which NER calls an organisation. Two or three words, a known given name
        first ("BEGIN VIDEO CLIP" is no one)."""
        for span in self._turns:
            if len(span) < 2 or not all(t.is_alpha for t in span) or not given_name_gender(span[0].text):
                continue
            if not any(n.start <= span.start < n.end for n in names.values()):
                self._add(names, self._span(span.start, span.end, None))

    # ------------------------------------------------------------------ helpers
    def _where_honorific(self) -> list[int]:
        column = self.doc.to_array([LOWER]).tolist()
        return [i for i, value in enumerate(column) if value in _HONORIFIC_IDS]

    def _add(self, names: dict[int, Name], name: Name | None) -> None:
        if name is not None and self.kept(self.doc[name.start].idx, self.doc[name.end - 1].idx + 1):
            names[name.start] = name

    def _add_to(self, found: list[Name], name: Name | None) -> None:
        if name is not None:
            found.append(name)

    def _span(self, start: int, end: int, title: Token | None) -> Name | None:
        """A name from tokens ``start:end``: possessive dropped, suffix kept, and in a headline
        only the words the article capitalises elsewhere."""
        doc = self.doc
        while start < end - 1 and doc[start].is_quote:
            start += 1
        # a possessive or a quotation mark NER ran into the name ("Donald Trump ''doesn't ...")
        while end > start + 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_quote):
            end -= 1
        # "Injecting Clinton", "Beyond Trump", "pro-Clinton": NER ran a word into the name
        while end - start > 1 and _run_in(doc[start]):
            start += 1
        if self._headline[start]:
            while end > start and self._capitalised[doc[end - 1].lower_] == 0:
                end -= 1
            end = self._headline_verb(start, end)
            # a given name the body never repeats stays ("Hillary Clinton Goes ..."); a word
            # before a full name goes ("Rip Donald Trump")
            while (
                start < end
                and self._capitalised[doc[start].lower_] == 0
                and (end - start > 2 or doc[start].pos_ != "PROPN" or end - start == 1)
            ):
                start += 1
            if start >= end:
                return None
        suffix = ""
        if bare(doc[end - 1]) in NAME_SUFFIXES and end - start > 1:
            suffix = bare(doc[end - 1])
        elif end - start > 2 and doc[end - 1].text == "." and bare(doc[end - 2]) in NAME_SUFFIXES:
            suffix = bare(doc[end - 2])
        else:
            end, suffix = self._suffix_after(end)
        return Name(start, end, title, suffix)

    def _headline_verb(self, start: int, end: int) -> int:
        """ "Maria Lopez Slams Tom Reyes": inside a headline's name, a word the article
        never capitalises elsewhere (a verb) ends it when a full name stands before it or a
        given name opens what follows; a middle name only the headline gives stays ("Hillary
        Rodham Clinton")."""
        doc = self.doc
        for k in range(start + 1, end - 1):
            if self._capitalised[doc[k].lower_] == 0 and (
                k - start >= 2 or given_name_gender(doc[k + 1].text)
            ):
                return k
        return end

    def _suffix_after(self, end: int) -> tuple[int, str]:
        """A "Jr."/"Sr."/"III" right after a name (", Jr." too): new end and the suffix."""
        doc = self.doc
        i = end + 1 if end < len(doc) and doc[end].text == "," else end
        if i < len(doc) and bare(doc[i]) in NAME_SUFFIXES:
            j = i + 1 if i + 1 < len(doc) and doc[i + 1].text == "." else i + 1
            return j, bare(doc[i])
        return end, ""

    def _given_names(self, names: dict[int, Name]) -> None:
        """ "Mehmet Oz — Ivy League-trained surgeon": a known given name and one or two more
        capitalised proper nouns NER left unlabelled (see ``given_names``)."""
        doc = self.doc
        taken = {i for n in names.values() for i in range(n.start, n.end)}
        for token in doc:
            i = token.i
            if i in taken or token.ent_type_ or not _capital(token) or self._headline[i]:
                continue
            if i and doc[i - 1].pos_ == "PROPN" and capitalised(doc[i - 1]):
                continue  # inside a longer capitalised run
            end = i + 1
            while end < len(doc) and end - i < 3 and _capital(doc[end]) and not doc[end].ent_type_:
                end += 1
            if end - i < 2 or (end < len(doc) and _capital(doc[end])) or end - 1 in taken:
                continue
            words = doc[i:end]
            if (
                any(t.lower_.rstrip(".") in ORG_NAME_WORDS | CORPORATE for t in words)
                or words[-1].tag_ == "NNPS"
            ):
                continue  # "Cleveland Cavaliers", "Pell Grants": a plural names no one
            if given_name_gender(token.text) and not self._org_names[_key(words)]:
                self._add(names, self._span(i, end, None))

    def _person_like(self, ent: Span) -> bool:
        """An ORG-like entity shaped like a person's name that the text shows is a person."""
        if ent.label_ not in ("ORG", "PRODUCT", "WORK_OF_ART"):
            return False
        words = [t for t in ent if not t.is_punct]
        if not 2 <= len(words) <= 4 or any(not (capitalised(t) and t.is_alpha) for t in words):
            return False
        if any(t.lower_.rstrip(".") in ORG_NAME_WORDS | CORPORATE for t in words):
            return False
        if any(t.pos_ == "NOUN" and t.tag_ == "NNS" for t in words):
            return False  # "Black Lives Matter": a name with a common plural in it is nobody's
        doc = self.doc
        before = doc[ent.start - 1] if ent.start else None
        if before is not None and _titled(before):
            return True
        once = self._org_names[_key(ent)] == 1  # an organisation is named in full again and again
        root = ent.root
        if (
            len(words) <= 3
            and given_name_gender(words[0].text)
            and once
            and words[-1].tag_ != "NNPS"
            and root.dep_ not in ("compound", "amod", "nmod")  # "Cleveland Cavaliers basketball star"
        ):
            return True  # "NBC's Lester Holt": a known given name first, and named so only once
        if len(words) == 2 and root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_LEMMAS and once:
            return True  # "Nadia Brook said": two names as the subject of a verb of saying
        if any(c.dep_ == "appos" and is_person_lemma(c.lemma_.lower()) for c in root.children):
            return True
        if root.dep_ == "appos" and is_person_lemma(root.head.lemma_.lower()):
            return True
        # its last word used alone elsewhere: organisations are not called by their last word
        return self._alone[words[-1].lower_] > 0

    def _name_ending(self, ent: Span, names: dict[int, Name]) -> None:
        """ "Liar-of the Year Barack Obama": NER ran a description into the ORG it made of a
        person's name; a known given name and a surname close it."""
        doc = self.doc
        if len(ent) < 3:
            return
        given, surname = doc[ent.end - 2], doc[ent.end - 1]
        if not (capitalised(given) and given_name_gender(given.text)) or bare(given) in HONORIFICS:
            return  # "the General Assembly": a title is not a given name
        if doc[ent.end - 3].lower_ in DETERMINERS:
            return
        if surname.pos_ != "PROPN" or not capitalised(surname) or surname.lower_ in ORG_NAME_WORDS:
            return
        self._add(names, self._span(ent.end - 2, ent.end, None))

    def _after_possessive(self, ent: Span, names: dict[int, Name]) -> None:
        """ "Fox News' Megyn Kelly": NER's one ORG is an outlet and, after its possessive, a
        person's name."""
        doc = self.doc
        marks = [t.i for t in ent if t.tag_ == "POS" or t.text in ("'", "’")]
        if not marks:
            self._name_ending(ent, names)
            return
        start = marks[-1] + 1
        words = doc[start : ent.end]
        if 2 <= len(words) <= 3 and all(t.pos_ == "PROPN" and capitalised(t) for t in words):
            if not any(t.lower_.rstrip(".") in ORG_NAME_WORDS for t in words):
                self._add(names, self._span(start, ent.end, None))
