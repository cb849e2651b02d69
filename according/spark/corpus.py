"""Corpus-level stages: canonical speakers and claim groups over every committed run.

Spark stages over the written tables, never a loop over articles on the driver, deciding as
the store decides when it ingests the same articles one by one in corpus order (date, then
store key):

- *speakers*: every article's names resolved in it (``analysis.mentions``); mentions cut into
  blocks by the keys they can look up (connected components of ``speaker_blocks.tokens``);
  each block replayed by ``speaker_blocks.Block``; blocks whose decisions read the speakers
  of other blocks (the people quoted beside a candidate) replayed again with what the others
  decided until nothing changes;
- *claims*: ``corpus_claims``.

Tables: ``speakers``, ``claims`` and ``attribution_links`` (each attribution's speaker and
claim), written whole on every corpus pass. The manifest's ``corpus`` entry says which runs
they cover and their ``VERSION`` (``load`` refuses tables of another version).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from . import schemas
from .corpus_claims import claims_stage, scorer
from .fs import OutputDir
from .graph import components, disk
from .replay import article_order
from .rows import document_from_rows
from .speaker_blocks import Block, BlockResult, mention_rows, tokens

log = logging.getLogger(__name__)

__all__ = ["VERSION", "build_corpus", "speakers_stage"]

#: The corpus tables' layout; a batch output with other corpus tables has them rebuilt.
VERSION = 3
#: Passes over the blocks that read other blocks' speakers before giving up on a fixed point.
SPEAKER_PASSES = 8


def read_table(spark: Any, out: OutputDir, table: str, runs: list[str]) -> Any:
    frame = spark.read.parquet(out.path(table))
    return frame.where(frame.run.isin(runs))


def build_corpus(spark: Any, out: OutputDir, runs: list[str], method: str) -> dict[str, Any]:
    """Write ``speakers``, ``claims`` and ``attribution_links``; returns the manifest entry."""
    name = scorer(method).name  # an unknown method or a missing extra fails here, on the driver
    articles = read_table(spark, out, "articles", runs).drop("run").rdd.map(lambda r: (r.id, r.asDict()))
    attributions = read_table(spark, out, "attributions", runs).drop("run")
    rows = attributions.rdd.map(lambda r: (r.article_id, r.asDict()))
    docs = (
        articles.join(rows.groupByKey())
        .map(lambda kv: (kv[0], (article_order(kv[1][0]["published"], kv[1][0]["key"]), kv[1][0], kv[1][1])))
        .map(lambda kv: (kv[0], (kv[1][0], document_from_rows(kv[1][1], list(kv[1][2])))))
        .persist(disk())
    )
    speaker_at, speakers = speakers_stage(docs)
    spark.createDataFrame(speakers, schemas.speakers()).write.mode("overwrite").parquet(out.path("speakers"))

    claim_at, claims = claims_stage(spark, docs, speaker_at, method)
    spark.createDataFrame(claims, schemas.claims()).write.mode("overwrite").parquet(out.path("claims"))

    places = attributions.rdd.map(lambda r: ((r.article_id, r.position), r.published_month))
    links = (
        places.leftOuterJoin(speaker_at.mapValues(lambda s: s.final))
        .leftOuterJoin(claim_at)
        .map(
            lambda kv: {
                "article_id": kv[0][0],
                "position": kv[0][1],
                "published_month": kv[1][0][0],
                "speaker_id": kv[1][0][1],
                "claim_id": kv[1][1],
            }
        )
    )
    links_df = spark.createDataFrame(links, schemas.links())
    links_df.write.mode("overwrite").partitionBy("published_month").parquet(out.path("attribution_links"))
    docs.unpersist()
    counts = {
        "speakers": spark.read.parquet(out.path("speakers")).count(),
        "claims": spark.read.parquet(out.path("claims")).count(),
    }
    return {"runs": list(runs), **counts, "similarity": name, "version": VERSION}


# ---- speakers ------------------------------------------------------------------------------


def speakers_stage(docs: Any) -> tuple[Any, Any]:
    """``((article id, position), SpeakerAt)`` for every attribution with a canonical
    speaker, and the speaker rows."""
    mentions = docs.flatMap(lambda kv: mention_rows(kv[0], kv[1][0], kv[1][1])).persist(disk())
    edges = mentions.flatMap(lambda m: _star(tokens(m)))
    label = components(edges)
    blocks = (
        mentions.map(lambda m: (tokens(m)[0], m))
        .leftOuterJoin(label)
        .map(lambda kv: (kv[1][1] or kv[0], kv[1][0]))
        .groupByKey()
        .mapValues(list)
        .persist(disk())
    )
    results = blocks.mapValues(lambda rows: Block(rows).run()).persist(disk())
    for done in range(SPEAKER_PASSES):
        redo = results.filter(lambda kv: kv[1].used_foreign)
        if redo.isEmpty():
            break
        again = (
            blocks.join(redo.mapValues(lambda _: None))
            .mapValues(lambda v: v[0])
            .leftOuterJoin(_foreign(results, blocks, redo))
            .mapValues(lambda v: Block(v[0], v[1]).run())
            .persist(disk())
        )
        changed = again.join(redo).filter(lambda kv: _decided(kv[1][0]) != _decided(kv[1][1])).count()
        merged = results.filter(lambda kv: not kv[1].used_foreign).union(again).persist(disk())
        merged.count()
        results.unpersist()
        results = merged
        if not changed:
            break
        log.info("speakers: pass %d changed %d blocks that read other blocks' speakers", done + 2, changed)
    else:
        log.warning("speakers: still changing after %d passes; keeping the last", SPEAKER_PASSES + 1)
    mentions.unpersist()
    positions = results.flatMap(lambda kv: kv[1].positions)
    speakers = results.flatMap(lambda kv: kv[1].speakers)
    return positions, speakers


def _star(keys: list[str]) -> list[tuple[str, str]]:
    return [(keys[0], k) for k in keys[1:]]


def _decided(result: BlockResult) -> tuple[Any, ...]:
    return (sorted(result.links), sorted(result.timelines))


def _foreign(results: Any, blocks: Any, redo: Any) -> Any:
    """``(block, {ref: (speaker id, key history)})`` for the blocks in ``redo``: what the
    other blocks decided for the names of the articles the block's mentions are in."""
    links = results.flatMap(lambda kv: kv[1].links).map(lambda t: (t[1], t[0]))
    timelines = results.flatMap(lambda kv: kv[1].timelines)
    by_article = links.join(timelines).map(lambda kv: (kv[1][0][0], (kv[1][0], kv[0], kv[1][1])))
    wanted = (
        blocks.join(redo.mapValues(lambda _: None))
        .flatMap(lambda kv: {(m.article_id, kv[0]) for m in kv[1][0]})
        .distinct()
    )
    return wanted.join(by_article).map(lambda kv: kv[1]).groupByKey().mapValues(_as_foreign)


def _as_foreign(entries: Iterable[Any]) -> dict[Any, Any]:
    return {ref: (speaker_id, timeline) for ref, speaker_id, timeline in entries}
