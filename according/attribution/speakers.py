"""Who a source is, resolved within the article: "he", "Mr Osechkin", "the journalist" and
"a dissident Russian journalist" may all be Vladimir Osechkin.

A light rule-based coreference over the spaCy parse and the article's ``Mentions`` (no
coreference model to download or run):

* names resolve to the fullest form of the name in the article;
* role nouns ("the journalist") to the person the article ties that role to; failing that, a
  definite one ("the journalist") to the latest person quoted in the last few sentences, and an
  indefinite one in the opening ("a dissident journalist has claimed ...") to the person named
  next, which is how a news lede introduces its source;
* he/she: inside someone's reported (unquoted) claim, that someone ("Osechkin said he ...");
  otherwise the latest gender-compatible person within three sentences, subjects first, where a
  person inside another quotation or claim counts only as a last resort;
* they/it: the latest group or organisation the same way; I/we inside a quotation: the quoted
  speaker; I outside any claim: the byline;
* plural common nouns are groups ("officials", "critics"), ORG/GPE/FAC entities and institution
  nouns organisations ("the ministry" -> "the Ministry of Transport" when the article names it).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Token

from ..document import Speaker, SpeakerType
from .mentions import (
    COLLECTIVES,
    FIRST_PERSON,
    ORG_LABELS,
    ORG_NOUNS,
    ORG_PRONOUNS,
    PERSON_NOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    QUANTIFIERS,
    SINGULAR_QUANTIFIERS,
    Mention,
    Mentions,
    is_person_noun,
    nearest,
)
from .tokens import Offsets, head_of, phrase

#: How far into the article an indefinite description counts as the lede's ("a journalist has
#: claimed"), to be named in what follows.
LEDE_CHARS = 1000
#: Sources that stayed pronouns (no antecedent found) are not remembered as antecedents.
UNRESOLVED = frozenset(
    {*PRONOUN_GENDER, *PLURAL_PRONOUNS, *ORG_PRONOUNS, *FIRST_PERSON, "who", "which", "that"}
)
#: Sentences looked back over for a pronoun's antecedent before searching the whole article.
WINDOW_SENTENCES = 3


class Regions:
    """Quotations and reported claims, merged (pieces split only by whitespace join up) so a
    mention's region can be compared with a pronoun's: a person inside *another* quotation is a
    poor antecedent, one inside the *same* quotation a good one."""

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
    """Resolves sources to speakers in cue order, remembering each so later pronouns can
    refer back to it."""

    def __init__(
        self,
        mentions: Mentions,
        regions: Regions,
        quoted: Callable[[int], bool],
        byline: str | None = None,
    ) -> None:
        self.mentions = mentions
        self.regions = regions
        self.quoted = quoted
        self.byline = byline
        self._sentence_starts = mentions.sentence_starts
        self._resolved: list[Mention] = []

    def remember(self, position: int, speaker: Speaker) -> None:
        """Record a resolved source so later pronouns can refer back to it."""
        if speaker.type != "none" and speaker.name.lower() not in UNRESOLVED:
            bisect.insort(
                self._resolved, Mention(position, position, speaker, True, "SOURCE"), key=lambda m: m.start
            )

    def resolve(self, tokens: list[Token], parent: Speaker | None = None) -> Speaker:
        """The speaker a source's tokens refer to; ``parent`` is the speaker of the claim whose
        content holds this one (for "I", "we" and "Osechkin said he ...")."""
        head = head_of(tokens)
        if head is None:
            return Speaker("", "none")
        return self._resolve_head(head, {t.i for t in tokens}, parent)

    # ------------------------------------------------------------------ noun phrases
    def _resolve_head(self, head: Token, allowed: set[int], parent: Speaker | None) -> Speaker:
        text = phrase(head, allowed)
        lemma = head.lemma_.lower()
        if head.tag_ in ("WP", "WDT") or (head.lower_ == "that" and head.head.dep_ == "relcl"):
            antecedent = head.head.head if head.head.dep_ == "relcl" else None
            if antecedent is not None and antecedent.i != head.i:
                before = {t.i for t in antecedent.subtree if t.i < head.i}
                return self._resolve_head(antecedent, before | {antecedent.i}, parent)
            return Speaker(text, "person" if head.lower_ == "who" else "organization")
        of = _of_object(head, allowed)
        if of is not None and (lemma in QUANTIFIERS or lemma in COLLECTIVES or head.pos_ == "NUM"):
            # "one of the doctors" is a person, "some of his aides" / "a group of parents" a group.
            inner = self._resolve_head(of, {t.i for t in of.subtree}, parent)
            kind: SpeakerType = "person" if lemma in SINGULAR_QUANTIFIERS else "group"
            return Speaker(text, kind if inner.type in ("person", "group") else inner.type)
        if head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER:
            return self._pronoun(head, parent) or Speaker(text, _pronoun_type(head))
        named = self._named(head, allowed)
        if named is not None:
            return named
        if any(c.dep_ == "conj" and c.i in allowed for c in head.children):
            return Speaker(text, "group")  # "Joseph and other residents"
        if head.pos_ == "PROPN" and not is_person_noun(head):
            return Speaker(text, "person" if head.ent_type_ == "PERSON" else "organization")
        if head.pos_ == "NUM" or lemma in ("percent", "%"):
            return Speaker(text, "group")
        if lemma in ORG_NOUNS or head.ent_type_ in ORG_LABELS:
            same = self.mentions.org_by_head.get(lemma)
            if same and head.pos_ == "NOUN" and head.tag_ != "NNS":
                return Speaker(nearest(same, head.idx), "organization")
            return Speaker(text, "organization")
        if head.tag_ in ("NNS", "NNPS"):
            return Speaker(text, "group")
        if is_person_noun(head):
            return self._description(head) or Speaker(text, "person")
        return Speaker(text, "organization")

    def _named(self, head: Token, allowed: set[int]) -> Speaker | None:
        """A name in the source: the head itself, a surname NER missed, or a name in
        apposition with it (either way round)."""
        mentions = self.mentions
        mention = mentions.by_token.get(head.i)
        if mention is not None and mention.speaker.type == "person":
            return mention.speaker
        if (head.pos_ == "PROPN" or head.is_title) and head.lower_ in mentions.surnames:
            return Speaker(mentions.surnames[head.lower_], "person")
        if mention is not None:
            # "Nadia Brook, a legal assistant," is a person even when NER says ORG
            described = any(c.dep_ == "appos" and is_person_noun(c) for c in head.children)
            return Speaker(mention.speaker.name, "person") if described else mention.speaker
        if head.dep_ == "appos":  # "Heather Samuelson, a legal assistant who said ..."
            found = mentions.by_token.get(head.head.i)
            if found is not None and (found.speaker.type == "person" or is_person_noun(head)):
                return Speaker(found.speaker.name, "person")
        for child in head.children:
            if child.dep_ == "appos" and child.i in allowed:
                for token in child.subtree:
                    found = mentions.by_token.get(token.i)
                    if found is not None and found.speaker.type == "person":
                        return found.speaker
        return None

    def _description(self, noun: Token) -> Speaker | None:
        """A role noun ("the journalist", "a dissident journalist") as a named person."""
        known = self.mentions.described(noun)
        if known is not None:
            return known
        determiner = next((c.lower_ for c in noun.children if c.dep_ == "det"), "")
        if determiner in ("the", "this", "that"):
            # the latest person quoted, unless the article gave them another role ("Council
            # leader Ann Moss said ... The mayor said" are two people)
            recent = [
                m
                for m in self._window(noun.idx, self._resolved)
                if m.speaker.type == "person" and not self.mentions.roles.get(m.speaker)
            ]
            return recent[-1].speaker if recent else None
        if determiner in ("a", "an") and self._lede_source(noun):
            named = self._named_next(noun.idx)
            if named is not None:
                self.mentions.add_description(noun.lemma_.lower(), noun.idx, named, frozenset())
            return named
        return None

    def _lede_source(self, noun: Token) -> bool:
        """ "A dissident Russian journalist has claimed ..." opening the story: early, the first
        person to speak, described only by words before the noun (not "a spokesperson for the
        council", which is how anonymous sources are described)."""
        if noun.idx >= LEDE_CHARS or any(c.i > noun.i and c.dep_ != "punct" for c in noun.children):
            return False
        return not any(m.speaker.type == "person" for m in self._resolved if m.start < noun.idx)

    def _named_next(self, position: int) -> Speaker | None:
        """The first person named as a subject after ``position`` (within the window) who was
        not mentioned before it."""
        earlier = {m.speaker for m in self.mentions.persons if m.start < position}
        k = bisect.bisect_right(self._sentence_starts, position)
        limit = (
            self._sentence_starts[k + WINDOW_SENTENCES]
            if k + WINDOW_SENTENCES < len(self._sentence_starts)
            else None
        )
        for m in self.mentions.persons:
            if m.start > position and (limit is None or m.start < limit):
                if m.subject and m.speaker not in earlier and self.regions.region(m.start) is None:
                    return m.speaker
        return None

    # ------------------------------------------------------------------ pronouns
    def _pronoun(self, token: Token, parent: Speaker | None) -> Speaker | None:
        lower = token.lower_
        if lower in FIRST_PERSON:
            if parent is not None and parent.type != "none":
                return parent
            return Speaker(self.byline, "person") if self.byline and lower in ("i", "me", "my") else None
        if lower in PRONOUN_GENDER:
            gender = PRONOUN_GENDER[lower]
            if (
                parent is not None
                and parent.type == "person"
                and not self.quoted(token.idx)
                and self.mentions.genders.get(parent.name, gender) == gender
            ):
                return parent  # "Osechkin said he ...": reported speech refers to its speaker
            found = self._antecedent(token.idx, self.mentions.persons, gender, ("person",))
            if found is not None:
                # "he said" resolved to someone tells their gender for the pronouns that follow
                self.mentions.genders.setdefault(found.name, gender)
            return found
        if lower in PLURAL_PRONOUNS:
            return self._antecedent(token.idx, self._they(), "", ("group", "organization"))
        if lower in ORG_PRONOUNS:
            return self._antecedent(token.idx, self.mentions.others, "", ("organization",))
        return None

    def _they(self) -> list[Mention]:
        """Antecedents for "they": groups and organisations, not places ("France ... they")."""
        return [m for m in self.mentions.others if m.label not in ("GPE", "FAC")]

    def _window(self, position: int, pool: list[Mention]) -> list[Mention]:
        """Mentions before ``position`` in the last few sentences, outside other claims."""
        k = bisect.bisect_right(self._sentence_starts, position) - 1
        start = self._sentence_starts[max(0, k - WINDOW_SENTENCES + 1)] if self._sentence_starts else 0
        own = self.regions.region(position)
        return [
            m for m in pool if start <= m.start < position and self.regions.region(m.start) in (None, own)
        ]

    def _antecedent(
        self, position: int, static: list[Mention], gender: str, types: tuple[str, ...]
    ) -> Speaker | None:
        """Latest compatible mention before ``position``: in the window, subjects first; then
        anywhere before outside other claims; then anywhere before; then the next one after."""
        pool = sorted(
            (
                m
                for m in (*static, *self._resolved)
                if m.start < position
                and m.speaker.type in types
                and self.mentions.genders.get(m.speaker.name, gender) == gender
            ),
            key=lambda m: m.start,
        )
        near = self._window(position, pool)
        own = self.regions.region(position)
        outside = [m for m in pool if self.regions.region(m.start) in (None, own)]
        for group in ([m for m in near if m.subject], near, outside, pool):
            if group:
                return group[-1].speaker
        after = [m for m in static if m.start > position and m.speaker.type in types]
        return after[0].speaker if after else None


def _pronoun_type(token: Token) -> SpeakerType:
    lower = token.lower_
    if lower in PLURAL_PRONOUNS or lower in ("we", "us", "our"):
        return "group"
    personal = lower in PRONOUN_GENDER or lower in FIRST_PERSON or lower in PERSON_NOUNS or lower == "who"
    return "person" if personal else "organization"


def _of_object(head: Token, allowed: set[int]) -> Token | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i in allowed:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
