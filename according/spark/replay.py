"""The store's identity and grouping decisions, replayed over one block of a corpus.

The store decides one article at a time against what it has stored (``Store._resolve_speakers``
and ``Store._group_claims``). A batch job reaches the same answer by cutting the corpus into
blocks no decision crosses, and replaying the store's sequence inside each block, in corpus
order, with the same pure functions from ``according.analysis``:

- speakers: a mention is only ever compared with speakers that share its normalised key, an
  alias key or its surname, so a block is the surname (persons) or the key (anything else);
- claims: an attribution joins a claim only when the pair passes ``same_claim``, so a block is
  a connected component of the pairs that pass (found by the job with blocking and MinHash);
  within it every earlier claim is a candidate, as the store's candidate search would find it.

Pure Python (no Spark), so tests compare it with the store directly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..analysis.claims import ClaimCandidate, best_claim
from ..analysis.similarity import Similarity, negated
from ..analysis.speakers import Candidate, ParsedName, better_display, choose, parse_name, resolve_in_article

__all__ = [
    "Mention",
    "SpeakerState",
    "block_of",
    "group_claims",
    "mentions_of_article",
    "resolve_block",
    "stable_id",
]


def stable_id(*parts: str) -> int:
    """A positive 63-bit id from ``parts``: the same on every machine and every rerun."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


@dataclass(frozen=True)
class Mention:
    """One (name, type) of one article, resolved within its article."""

    order: tuple[Any, ...]  # the article's place in the corpus, then the name's place in it
    article_id: str
    raw: str
    type: str
    name: ParsedName


def mentions_of_article(
    order: tuple[Any, ...], article_id: str, names: Iterable[tuple[str, str]]
) -> list[Mention]:
    """The article's speaker names in the store's order (sorted), resolved together."""
    items = sorted({(n, t) for n, t in names if n and n.strip()})
    parsed = resolve_in_article(items)
    return [Mention((*order, i), article_id, item[0], item[1], parsed[item]) for i, item in enumerate(items)]


def block_of(mention: Mention) -> str | None:
    """The block no decision about ``mention`` leaves; None for descriptions ("officials"),
    which get no canonical speaker."""
    if not mention.name.named:
        return None
    return "s:" + mention.name.surname if mention.name.surname else "k:" + mention.name.key


@dataclass
class SpeakerState:
    """A speaker as the store's row and aliases would hold it."""

    index: int
    name: str
    type: str
    key: str
    surname: str | None
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias, key) in order added

    def candidate(self) -> Candidate:
        parsed = [parse_name(a, self.type) for a, _ in self.aliases]
        return Candidate(
            id=self.index,
            name=parse_name(self.name, self.type),
            alias_keys=frozenset({self.key, *(p.key for p in parsed)}),
            genders=frozenset(p.gender for p in parsed if p.gender),
        )


def resolve_block(mentions: Sequence[Mention]) -> tuple[list[int], list[SpeakerState]]:
    """The speaker index of each mention (in the order given) and the speakers of the block,
    deciding mention by mention in corpus order as ``Store._resolve_speakers`` does."""
    speakers: list[SpeakerState] = []
    result = [0] * len(mentions)
    for i in sorted(range(len(mentions)), key=lambda i: mentions[i].order):
        m = mentions[i]
        name = m.name
        pool = [
            s.candidate()
            for s in speakers
            if s.key == name.key
            or any(k == name.key for _, k in s.aliases)
            or (name.surname and s.surname == name.surname)
        ]
        index = choose(name, pool)
        if index is None:
            index = len(speakers)
            speakers.append(SpeakerState(index, name.display, name.type, name.key, name.surname))
        else:
            speaker = speakers[index]
            if better_display(parse_name(speaker.name, speaker.type), name):
                speaker.name, speaker.key = name.display, name.key
        speaker = speakers[index]
        for alias in dict.fromkeys((m.raw.strip(), name.display)):
            if all(a != alias for a, _ in speaker.aliases):
                speaker.aliases.append((alias, parse_name(alias, m.type).key))
        result[i] = index
    return result, speakers


@dataclass(frozen=True)
class ClaimItem:
    """One attribution's content as claim grouping sees it."""

    node: str  # "<article id>:<position>"
    order: tuple[Any, ...]
    speaker_id: int | None
    text: str
    vector: Any


def group_claims(items: Sequence[ClaimItem], similarity: Similarity) -> list[int]:
    """For each item (in the order given) the index, among the items, of the first wording of
    the claim it joins: the store's greedy choice, earliest attribution first."""
    order = sorted(range(len(items)), key=lambda i: items[i].order)
    claims: list[ClaimCandidate] = []
    first: dict[int, int] = {}
    result = [0] * len(items)
    for i in order:
        item = items[i]
        found = best_claim(item.vector, item.speaker_id, claims, similarity, negated(item.text))
        if found is None:
            found = len(claims)
            claims.append(ClaimCandidate(found, item.speaker_id, item.vector, negated(item.text)))
            first[found] = i
        result[i] = first[found]
    return result
