"""Candidate pairs for claim grouping, bounded so that their number grows linearly with the
corpus even when thousands of contents are near-duplicates (a wire story echoed by hundreds of
outlets, a generated crawl from a few templates).

Only the connected components of the related pairs matter (``claim_groups``): a component is
replayed whole, so an edge that merges two components costs time but never changes a decision
the store would make, while a missing edge can. The bounds therefore keep every edge that
carries information and drop only pairs that are redundant or can never be related:

- *exact copies* (``duplicate_key``: the same text up to spaces and tabs, the same denial flag,
  the same canonical speaker) relate to any third content exactly as each other do, since
  ``analysis.claims.relation`` reads nothing else. Each copy is joined to the first of its kind
  (in corpus order) by an edge of its own, and only that first one, the *representative*,
  enters the search and MinHash sources;
- *speaker blocks*: under a similarity whose ``other_speaker`` threshold is None two different
  known speakers are never one claim, and a response needs the unknown-speaker similarity, so
  a pair is only a candidate when one side has no speaker or both have the same one (the
  lexical similarity lets one passage word for word join across speakers, so it is unblocked);
- *MinHash buckets* (Spark ML ``MinHashLSH`` signatures): instead of a self-join (every pair in
  a bucket, quadratic in its size), each bucket is sorted by the rest of the signature (most
  alike next to each other) and a content is paired with the first of its bucket and the
  ``LSH_WINDOW`` before it among its speaker's contents; a content without a speaker with the
  ``LSH_WINDOW`` on each side of it among all. A bucket of at most ``LSH_WINDOW + 1`` contents
  gives every pair, as the self-join did; a bucket of more than ``LSH_BUCKET_CAP`` is cut by one
  more hash so that no task holds an unbounded list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations
from operator import add
from typing import Any, NamedTuple

from .claim_groups import ClaimItem, local_words, speaker_windows
from .graph import disk
from .replay import search_terms

__all__ = [
    "LSH_BUCKET_CAP",
    "LSH_DISTANCE",
    "LSH_TABLES",
    "LSH_WINDOW",
    "MAX_POSTINGS",
    "Member",
    "bucket_pairs",
    "candidate_pairs",
    "duplicate_key",
]

#: Contents one search term may pair with; commoner terms are left to MinHash.
MAX_POSTINGS = 500
#: MinHash LSH: Jaccard distance under which two word sets are candidate pairs.
LSH_DISTANCE = 0.8
LSH_TABLES = 6
#: Neighbours a content is paired with in a MinHash bucket (on each side for no speaker).
LSH_WINDOW = 20
#: Members above which a MinHash bucket is cut by one more hash of the signature.
LSH_BUCKET_CAP = 5000

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_BLANKS = re.compile(r"[^\S\n]+")  # spaces and tabs; a newline ends a clause for ``polarity``

Pair = tuple[str, str]


class Member(NamedTuple):
    """One content in a MinHash bucket: what orders it, names it, blocks it and filters it."""

    signature: tuple[int, ...]  # the other tables' hashes, starting after the bucket's own
    node: str
    speaker_id: int | None
    words: frozenset[str]


def duplicate_key(item: ClaimItem) -> tuple[str, bool, bool, int, tuple[str, str]]:
    """What two contents must share to relate alike to every other content: the words and
    their clauses (spaces and tabs do not count), the denial flag and the speaker (over time:
    a bare surname's speaker taken in later, and when). Keys must sort against each other (a
    shuffle that spills to disk sorts them), so no speaker is ``(False, 0)`` rather than None."""
    speaker = item.speaker_id
    first = item.first_speaker if item.merged is not None else speaker
    text = _BLANKS.sub(" ", item.text).strip()
    return text, item.denial, speaker is not None, first or 0, item.merged or ("", "")


def compatible(a: int | None, b: int | None, blocked: bool) -> bool:
    """Whether contents of these speakers could ever be related (``blocked``: two different
    known speakers cannot, under the similarity in use)."""
    return not blocked or a is None or b is None or a == b


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def candidate_pairs(spark: Any, nodes: Any, blocked: bool, paraphrase: bool) -> tuple[Any, Any]:
    """``(pairs to score, edges already known)`` over ``(node, item)``: the copies' edges to
    their representatives are known related; the search, MinHash, same-article and (for a
    paraphrase-aware similarity) speaker-window pairs are still to be scored."""
    reps, copies = _collapse(nodes)
    pairs = _search_pairs(reps, blocked).union(_lsh_pairs(spark, reps, blocked))
    pairs = pairs.union(_local_pairs(nodes, blocked))
    if paraphrase:
        pairs = pairs.union(_window_pairs(nodes))
    return pairs, copies


def _collapse(nodes: Any) -> tuple[Any, Any]:
    """``(representatives, copy edges)``: the first content of each ``duplicate_key`` in
    corpus order, and an edge from it to each later copy."""
    keyed = nodes.map(lambda kv: (duplicate_key(kv[1]), (kv[1].order, kv[0])))
    first = keyed.reduceByKey(min)
    members = keyed.join(first).map(lambda kv: (kv[1][0][1], kv[1][1][1]))  # (node, its representative)
    copies = members.filter(lambda m: m[0] != m[1]).map(lambda m: _pair(m[0], m[1]))
    reps = first.map(lambda kv: (kv[1][1], None)).join(nodes).map(lambda kv: (kv[0], kv[1][1]))
    return reps, copies


def _search_pairs(nodes: Any, blocked: bool) -> Any:
    """Pairs the store's search puts side by side: one's distinctive stems in the other."""

    def terms(part: Iterable[tuple[str, ClaimItem]]) -> Iterator[tuple[str, tuple[str, tuple[str, Any]]]]:
        batch = list(part)
        for (node, item), (query, words) in zip(batch, search_terms([i.text for _, i in batch]), strict=True):
            yield from (("q", (t, (node, item.speaker_id))) for t in query)
            yield from (("c", (t, (node, item.speaker_id))) for t in words)

    def found(query: tuple[str, Any], postings: Iterable[tuple[str, Any]]) -> Iterator[Pair]:
        node, speaker = query
        for other, other_speaker in postings:
            if other != node and compatible(speaker, other_speaker, blocked):
                yield _pair(node, other)

    tagged = nodes.mapPartitions(terms).persist(disk())
    postings = tagged.filter(lambda t: t[0] == "c").map(lambda t: t[1])
    counts = postings.map(lambda t: (t[0], 1)).reduceByKey(add)
    usable = counts.filter(lambda kv: kv[1] <= MAX_POSTINGS)
    lists = postings.join(usable).map(lambda kv: (kv[0], kv[1][0])).groupByKey()
    queries = tagged.filter(lambda t: t[0] == "q").map(lambda t: t[1])
    return queries.join(lists).flatMap(lambda kv: found(kv[1][0], kv[1][1]))


def _local_pairs(nodes: Any, blocked: bool) -> Any:
    """Contents of one article that share a distinctive word."""

    def pairs(items: Iterable[ClaimItem]) -> Iterator[Pair]:
        words = [(i, local_words(i.text)) for i in items]
        for (a, wa), (b, wb) in combinations(words, 2):
            if wa & wb and compatible(a.speaker_id, b.speaker_id, blocked):
                yield _pair(a.node, b.node)

    return nodes.map(lambda kv: (kv[1].article, kv[1])).groupByKey().flatMap(lambda kv: pairs(kv[1]))


def _window_pairs(nodes: Any) -> Any:
    """Each content with its speaker's latest wordings in earlier articles."""

    def pairs(items: Iterable[ClaimItem]) -> Iterator[Pair]:
        for item, window in speaker_windows(items):
            for earlier in window:
                yield _pair(earlier.node, item.node)

    spoken = nodes.filter(lambda kv: kv[1].speaker_id is not None)
    return spoken.map(lambda kv: (kv[1].speaker_id, kv[1])).groupByKey().flatMap(lambda kv: pairs(kv[1]))


def lsh_words(text: str) -> frozenset[str]:
    """The words MinHash compares (longer than three letters, lower-cased)."""
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) > 3)


def _lsh_pairs(spark: Any, nodes: Any, blocked: bool) -> Any:
    """Near-duplicates by MinHash signature, paired within buckets by ``bucket_pairs``."""
    from pyspark.ml.feature import HashingTF, MinHashLSH

    found = nodes.map(lambda kv: (kv[0], kv[1].speaker_id, sorted(lsh_words(kv[1].text))))
    found = found.filter(lambda r: r[2])
    frame = spark.createDataFrame(found, "node string, speaker long, words array<string>")
    tf = HashingTF(inputCol="words", outputCol="features", numFeatures=1 << 20, binary=True)
    hashed = tf.transform(frame)
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=LSH_TABLES, seed=13).fit(hashed)
    signed = model.transform(hashed).select("node", "speaker", "words", "hashes").rdd
    entries = signed.flatMap(_bucket_entries).persist(disk())
    sizes = entries.map(lambda kv: (kv[0], 1)).reduceByKey(add)
    large = sizes.filter(lambda kv: kv[1] > LSH_BUCKET_CAP).keys().collect()  # a few keys at most
    crowded = spark.sparkContext.broadcast(set(large))
    buckets = entries.map(lambda kv: (_cut(kv, crowded.value), kv[1])).groupByKey()
    return buckets.flatMap(lambda kv: bucket_pairs(list(kv[1]), blocked))


def _bucket_entries(row: Any) -> Iterator[tuple[tuple[int, ...], Member]]:
    """One entry per hash table: the bucket ``(table, hash)`` and the content in it."""
    signature = tuple(int(v[0]) for v in row.hashes)
    words = frozenset(row.words)
    for t, value in enumerate(signature):
        yield (t, value), Member(signature[t + 1 :] + signature[:t], row.node, row.speaker, words)


def _cut(entry: tuple[tuple[int, ...], Member], crowded: set[tuple[int, ...]]) -> tuple[int, ...]:
    """A crowded bucket's key with the next hash of the signature added (a sub-bucket of
    contents sharing two minimum hashes); other keys as they are."""
    key, member = entry
    return (*key, member.signature[0]) if key in crowded and member.signature else key


def bucket_pairs(
    members: Sequence[Member], blocked: bool, window: int = LSH_WINDOW, distance: float = LSH_DISTANCE
) -> Iterator[Pair]:
    """Candidate pairs of one MinHash bucket, at most ``window + 1`` per content (``2 window``
    for one without a speaker) whatever the bucket's size, each under the Jaccard ``distance``."""
    ordered = sorted(members)
    groups: dict[Any, list[Member]] = {}
    for m in ordered:
        if not blocked or m.speaker_id is not None:
            groups.setdefault(m.speaker_id if blocked else None, []).append(m)
    seen: set[Pair] = set()
    for group in groups.values():
        for i, m in enumerate(group):
            seen.update(_near(m, (group[0], *group[max(1, i - window) : i]), distance))
    if blocked:
        for i, m in enumerate(ordered):
            if m.speaker_id is None:
                seen.update(_near(m, ordered[max(0, i - window) : i + window + 1], distance))
    return iter(sorted(seen))


def _near(member: Member, others: Iterable[Member], distance: float) -> Iterator[Pair]:
    for other in others:
        union = len(member.words | other.words)
        if other is not member and union and 1 - len(member.words & other.words) / union < distance:
            yield _pair(other.node, member.node)
