"""Canonical speakers across the corpus, decided block by block as the store decides them.

A name only ever meets the stored speakers that share its key, an alias key, its initials or
its surname (``store.linking.SpeakerLinker._lookup``). ``tokens`` lists every such key a
mention can look up or give a speaker; mentions joined by a token are one *block*, and no
lookup leaves its block. Inside a block ``Block`` replays the store mention by mention in
corpus order through ``analysis.mentions.link_mention`` (the store's own decision flow)
and applies what it decides as the store does, a bare surname's speaker merged into a person
later included (``analysis.mentions.absorbed``; each attribution's ``SpeakerAt`` says which
speaker it had until when, for the claim stage).

One piece of evidence reaches outside a block: the people quoted beside a candidate (their
speakers' keys, at the moment of the decision). Those speakers belong to other blocks, so
a block is given their ``Foreign`` speaker ids and key histories from the previous pass;
the corpus stage repeats the blocks that read them until nothing changes (every decision
depends only on earlier ones, so this settles on the store's answer).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, NamedTuple

from ..analysis.identity import Candidate, alias_key, opening_word
from ..analysis.mentions import (
    COSPEAKER_ARTICLES,
    ECHO_CONTENTS,
    ArticleMention,
    absorbed,
    article_mentions,
    evidence_of,
    fuller_name,
    link_mention,
    lookup_keys,
    new_aliases,
    remembered,
    repeats,
    speaker_key,
    stored_person,
    with_cospeakers,
)
from ..analysis.speakers import ParsedName, initials, is_acronym, parse_name
from ..document import Document
from ..store.models import stored_alias
from .replay import FullText, stable_id

__all__ = ["Block", "BlockResult", "MentionRow", "Ref", "SpeakerAt", "key_at", "mention_rows", "tokens"]

#: A mention's place in the corpus: its article's order, then its place in the article's linking order.
Order = tuple[str, str, int]
#: (article id, name, type): one name of one article.
Ref = tuple[str, str, str]
#: A speaker's keys over time: (order of the mention that gave it, key).
Timeline = tuple[tuple[Order, str], ...]
#: What a block knows of a name it does not hold: its speaker id and that speaker's key history.
Foreign = dict[Ref, tuple[int, Timeline]]


class SpeakerAt(NamedTuple):
    """An attribution's canonical speaker: ``final``, and when a bare surname's speaker was
    merged into a person later (``mentions.absorbed``), that ``first`` speaker, which
    held it until the article of corpus order ``merged`` (what the store's claim grouping saw)."""

    final: int
    first: int
    merged: tuple[str, str] | None = None


@dataclass(frozen=True)
class MentionRow:
    """One named (name, type) of one article, as the speaker stage carries it."""

    article_id: str
    order: Order
    mention: ArticleMention
    said: tuple[str, ...]  # the contents of its attributions, in article order
    positions: tuple[int, ...]  # and their positions
    names: tuple[tuple[str, str, str], ...]  # the article's named mentions: (name, type, resolved key)

    @property
    def ref(self) -> Ref:
        return (self.article_id, *self.mention.key)


def mention_rows(article_id: str, order: tuple[str, str], doc: Document) -> list[MentionRow]:
    """The named mentions of one article, in the order the store links them."""
    mentions = article_mentions(doc)
    names = tuple((m.key[0], m.key[1], m.resolved.name.key) for m in mentions if m.named)
    said: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for position, a in enumerate(doc.attributions):
        key = speaker_key(a.speaker)
        if key is not None:
            said.setdefault(key, []).append((position, a.content.text))
    rows = []
    for i, m in enumerate(mentions):
        if m.named:
            mine = said.get(m.key, [])
            rows.append(
                MentionRow(
                    article_id,
                    (*order, i),
                    m,
                    tuple(t for _, t in mine),
                    tuple(p for p, _ in mine),
                    names,
                )
            )
    return rows


def tokens(row: MentionRow) -> list[str]:
    """Every key under which the mention can find a speaker or leave one to be found: keys
    (``k:``), initials (``i:``), surnames (``s:``) and first words of organisation names
    (``o:``, for ``identity.opening_word``) of its raw, resolved and bare names."""
    resolved = row.mention.resolved
    out = [f"k:{alias_key(raw, resolved.type)}" for raw in (resolved.raw, resolved.raw.strip())]
    for name in (resolved.name, resolved.bare):
        if name is None:
            continue
        out += [f"k:{name.key}", f"k:{alias_key(name.display, resolved.type)}"]
        if name.surname:
            out.append(f"s:{name.surname}")
        word = opening_word(name)
        if word is not None:  # "Pew" meets the bodies named "Pew ..." and people surnamed Pew
            out += [f"o:{word}", f"s:{word}"]
        elif name.type == "organization" and " " in name.key:
            out.append(f"o:{_first(name.key)}")
        if not name.is_person:
            spelled = initials(name.display)
            if spelled:
                out += [f"k:{spelled}", f"i:{spelled}"]
            if is_acronym(name.display):
                out.append(f"i:{name.key}")
    return list(dict.fromkeys(out))


def _first(key: str) -> str:
    return key.split(" ", 1)[0]


def key_at(timeline: Timeline, when: Order) -> str:
    """A speaker's key just before ``when``."""
    key = timeline[0][1]
    for order, value in timeline:
        if order >= when:
            break
        key = value
    return key


@dataclass
class _Speaker:
    """A speaker as the store's row and aliases would hold it."""

    index: int
    id: int
    name: str
    type: str
    key: str
    surname: str | None
    initials: str | None
    ambiguous: bool
    timeline: list[tuple[Order, str]]
    evidence: dict[str, Any] | None = None
    # alias, key, reason, type, origin (the name of the speaker it came with when one merged in)
    aliases: list[tuple[str, str, str, str, str | None]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    articles: list[str] = field(default_factory=list)  # ids, in corpus order
    attributions: int = 0
    merged: tuple[int, Order] | None = None  # (the speaker it was merged into, when)

    def row(self) -> dict[str, Any]:
        return {
            "speaker_id": self.id,
            "name": self.name,
            "type": self.type,
            "key": self.key,
            "surname": self.surname,
            "initials": self.initials,
            "ambiguous": self.ambiguous,
            "evidence": json.dumps(self.evidence, sort_keys=True) if self.evidence else None,
            "aliases": [
                {"alias": a, "key": k, "reason": r, "type": t, "origin": o} for a, k, r, t, o in self.aliases
            ],
            "attributions": self.attributions,
            "articles": len(self.articles),
        }


@dataclass
class BlockResult:
    """What a block decided: each name's speaker id, each position's, the speaker rows, the
    key histories, and whether a decision read another block's speakers."""

    links: list[tuple[Ref, int]]
    positions: list[tuple[tuple[str, int], SpeakerAt]]
    speakers: list[dict[str, Any]]
    timelines: list[tuple[int, Timeline]]
    used_foreign: bool


class Block:
    """One block's mentions replayed in corpus order; a ``RecordLookup`` for ``link_mention``."""

    def __init__(self, rows: Iterable[MentionRow], foreign: Foreign | None = None) -> None:
        self.rows = sorted(rows, key=lambda r: r.order)
        self.foreign = foreign or {}
        self.assigned: dict[Ref, int] = {}
        self.names_of: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._article_order: dict[str, Order] = {}
        self.speakers: list[_Speaker] = []
        self._by_key: dict[str, set[int]] = {}
        self._by_alias: dict[str, set[int]] = {}
        self._by_initials: dict[str, set[int]] = {}
        self._by_surname: dict[str, set[int]] = {}
        self._by_opening: dict[str, set[int]] = {}  # first word of a key of several -> speakers
        self._said: list[tuple[int, str]] = []  # full-text row -> (speaker, content)
        self._unindexed: list[tuple[int, str]] = []
        self._fulltext: FullText | None = None
        self._now: Order = ("", "", 0)
        self.used_foreign = False

    def run(self) -> BlockResult:
        for _, article in groupby(self.rows, key=lambda r: r.order[:2]):
            done = list(article)
            for row in done:
                self._now = row.order
                self.names_of[row.article_id] = row.names
                self._article_order[row.article_id] = row.order
                self.assigned[row.ref] = self._link(row)
            self._stored(done)
        if self._fulltext is not None:
            self._fulltext.close()
        return BlockResult(
            links=[(ref, self.speakers[i].id) for ref, i in self.assigned.items()],
            positions=[
                ((row.article_id, p), self._speaker_at(self.assigned[row.ref]))
                for row in self.rows
                for p in row.positions
            ],
            speakers=[s.row() for s in self.speakers if s.merged is None],
            timelines=[(s.id, self._timeline(s.index)) for s in self.speakers],
            used_foreign=self.used_foreign,
        )

    def _speaker_at(self, index: int) -> SpeakerAt:
        speaker = self.speakers[index]
        final = self.speakers[self._current(index)].id
        if speaker.merged is None:
            return SpeakerAt(final, final)
        when = speaker.merged[1]
        return SpeakerAt(final, speaker.id, (when[0], when[1]))

    def _current(self, index: int) -> int:
        """The speaker ``index`` is now (itself, or the one it was merged into)."""
        while (merged := self.speakers[index].merged) is not None:
            index = merged[0]
        return index

    def _timeline(self, index: int) -> Timeline:
        """The keys a name of speaker ``index`` went by over time: its own until it was merged,
        then those of the speaker it was merged into (what the store's rows point to)."""
        speaker = self.speakers[index]
        if speaker.merged is None:
            return tuple(speaker.timeline)
        into, when = speaker.merged
        later = self._timeline(into)
        then = [key for order, key in later if order <= when] or [later[0][1]]
        return (*speaker.timeline, (when, then[-1]), *(e for e in later if e[0] > when))

    # ---- one mention, as SpeakerLinker._link_one --------------------------------------------

    def _link(self, row: MentionRow) -> int:
        candidates = self._lookup(lookup_keys(row.mention.resolved), row.mention.resolved.name)
        linked = link_mention(row.mention, candidates, self)
        decision, name = linked.decision, linked.mention.name
        assert decision is not None  # no manual aliases in a batch
        if decision.speaker_id is None:
            index = self._new(row, name, decision.ambiguous)
        else:
            index = decision.speaker_id
            if decision.retype:
                self.speakers[index].type = decision.retype
                self._set_surname(index, name.surname)
        speaker = self.speakers[index]
        fuller = fuller_name(speaker.name, speaker.type, speaker.ambiguous, name)
        if fuller is not None:
            self._set_key(index, fuller[1])
            if speaker.initials:
                self._by_initials[speaker.initials].discard(index)
            speaker.name, speaker.initials = fuller[0], fuller[2]
            if speaker.initials:
                self._by_initials.setdefault(speaker.initials, set()).add(index)
            if speaker.timeline[-1][1] != speaker.key:
                speaker.timeline.append((row.order, speaker.key))
        evidence = remembered(speaker.evidence, linked.evidence)
        if evidence is not None:
            speaker.evidence = evidence
        for alias, key in new_aliases(linked, speaker.names, stored_alias):
            speaker.aliases.append((alias, key, linked.reason, linked.mention.type, None))
            self._by_alias.setdefault(key, set()).add(index)
        if evidence is not None or decision.speaker_id is None:
            person = stored_person(index, speaker.name, speaker.type, speaker.evidence, speaker.ambiguous)
            for other, why in absorbed(row.mention, linked, person, candidates, self):
                self._absorb(index, other, why)
        return index

    def _absorb(self, index: int, other: int, reason: str) -> None:
        """As ``SpeakerLinker._absorb``: speaker ``other`` folded into ``index``."""
        speaker, gone = self.speakers[index], self.speakers[other]
        gone.merged = (index, self._now)
        speaker.attributions += gone.attributions
        order = self._article_order
        speaker.articles = sorted({*speaker.articles, *gone.articles}, key=lambda a: order[a])
        evidence = remembered(speaker.evidence, evidence_of(gone.evidence))
        if evidence is not None:
            speaker.evidence = evidence
        for alias, key, _, type_, origin in gone.aliases:
            self._by_alias.get(key, set()).discard(other)
            if alias in speaker.names:
                continue
            speaker.names.add(alias)
            speaker.aliases.append((alias, key, reason, type_ or gone.type, origin or gone.name))
            self._by_alias.setdefault(key, set()).add(index)
        self._by_key.get(gone.key, set()).discard(other)
        self._by_opening.get(_first(gone.key), set()).discard(other)
        if gone.initials:
            self._by_initials.get(gone.initials, set()).discard(other)
        if gone.surname:
            self._by_surname.get(gone.surname, set()).discard(other)

    def _new(self, row: MentionRow, name: ParsedName, ambiguous: bool) -> int:
        index = len(self.speakers)
        spelled = None if name.is_person else initials(name.display)
        self.speakers.append(
            _Speaker(
                index,
                stable_id("speaker", *row.ref),
                name.display,
                name.type,
                name.key,
                name.surname,
                spelled,
                ambiguous,
                [(row.order, name.key)],
            )
        )
        self._by_key.setdefault(name.key, set()).add(index)
        if " " in name.key:
            self._by_opening.setdefault(_first(name.key), set()).add(index)
        if spelled:
            self._by_initials.setdefault(spelled, set()).add(index)
        if name.surname:
            self._by_surname.setdefault(name.surname, set()).add(index)
        return index

    def _set_key(self, index: int, key: str) -> None:
        speaker = self.speakers[index]
        self._by_key.get(speaker.key, set()).discard(index)
        self._by_opening.get(_first(speaker.key), set()).discard(index)
        speaker.key = key
        self._by_key.setdefault(key, set()).add(index)
        if " " in key:
            self._by_opening.setdefault(_first(key), set()).add(index)

    def _set_surname(self, index: int, surname: str | None) -> None:
        speaker = self.speakers[index]
        if speaker.surname:
            self._by_surname.get(speaker.surname, set()).discard(index)
        speaker.surname = surname
        if surname:
            self._by_surname.setdefault(surname, set()).add(index)

    def _lookup(self, keys: tuple[str, ...], name: ParsedName) -> list[Candidate]:
        """The speakers the store's lookup would return, in creation (id) order."""
        spelled = initials(name.display) if not name.is_person else None
        found: set[int] = set()
        for key in (*keys, spelled) if spelled else keys:
            found |= self._by_key.get(key, set()) | self._by_alias.get(key, set())
        if not name.is_person and is_acronym(name.display):
            found |= self._by_initials.get(name.key, set())
        if name.surname:
            found |= {i for i in self._by_surname.get(name.surname, ()) if self.speakers[i].type == "person"}
        word = opening_word(name)
        if word is not None:
            found |= {i for i in self._by_opening.get(word, ()) if self.speakers[i].type == name.type}
            found |= {i for i in self._by_surname.get(word, ()) if self.speakers[i].type == "person"}
        candidates = []
        for i in sorted(found):
            s = self.speakers[i]
            candidates.append(
                Candidate(
                    id=i,
                    name=parse_name(s.name, s.type),
                    alias_keys=frozenset({s.key, *(a[1] for a in s.aliases)}),
                    evidence=evidence_of(s.evidence),
                    ambiguous=s.ambiguous,
                )
            )
        return candidates

    def _stored(self, rows: list[MentionRow]) -> None:
        """The article's attributions are stored: its speakers are quoted there, and what they
        said can be searched."""
        said = []
        for row in rows:
            index = self._current(self.assigned[row.ref])
            speaker = self.speakers[index]
            if not speaker.articles or speaker.articles[-1] != row.article_id:
                speaker.articles.append(row.article_id)
            speaker.attributions += len(row.positions)
            said += [(p, index, t) for p, t in zip(row.positions, row.said, strict=True)]
        self._unindexed += [(index, text) for _, index, text in sorted(said)]

    # ---- RecordLookup --------------------------------------------------------------------------

    def with_cospeakers(self, candidates: list[Candidate]) -> list[Candidate]:
        out = []
        for c in candidates:
            others: set[str] = set()
            for article in self.speakers[c.id].articles[-COSPEAKER_ARTICLES:]:
                for name, type_, resolved_key in self.names_of[article]:
                    ref = (article, name, type_)
                    if ref in self.assigned:
                        if (now := self._current(self.assigned[ref])) != c.id:
                            others.add(self.speakers[now].key)
                        continue
                    self.used_foreign = True
                    found = self.foreign.get(ref)
                    others.add(key_at(found[1], self._now) if found else resolved_key)
            out.append(with_cospeakers(c, frozenset(others)))
        return out

    def echoes(self, contents: Sequence[str], speakers: set[int]) -> frozenset[int]:
        if self._fulltext is None:
            self._fulltext = FullText()
        if self._unindexed:
            self._fulltext.add(t for _, t in self._unindexed)
            self._said += self._unindexed
            self._unindexed = []
        found: set[int] = set()
        for content in contents[:ECHO_CONTENTS]:
            for r in self._fulltext.search(content):
                index, text = self._said[r]
                index = self._current(index)
                if index in speakers and repeats(content, text):
                    found.add(index)
        return frozenset(found)
