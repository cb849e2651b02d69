"""What the Spark test modules share: one local[2] session for the whole test run, a batch
output written straight from Documents, and the record of a store in a form two stores (or a
store and a batch) can be compared in, whatever ids they gave their rows."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from according.document import Document
from according.spark import BatchConfig, schemas, spark_session
from according.spark import manifest as mf
from according.spark.corpus import build_corpus
from according.spark.fs import OutputDir
from according.spark.rows import article_row, attribution_rows
from according.store.models import AliasRow, ArticleRow, AttributionRow, ClaimRow, SpeakerRow
from according.store.repository import Store


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """Every Spark test module gets this one session (getOrCreate returns it again)."""
    session = spark_session(BatchConfig(inputs=(), out="", master="local[2]"))
    yield session
    session.stop()


def write_documents(spark: Any, out: Path, docs: list[Document], similarity: str = "lexical") -> None:
    """A batch output holding ``docs`` as one run (as if extracted), with its corpus tables."""
    run = "r1"
    articles = [article_row(d.article, "documents", run, len(d.attributions)) for d in docs]
    attributions = [row for d in docs for row in attribution_rows(d, run)]
    for table, rows, schema in (
        ("articles", articles, schemas.articles()),
        ("attributions", attributions, schemas.attributions()),
    ):
        names = set(schema.fieldNames())
        frame = spark.createDataFrame([{k: v for k, v in r.items() if k in names} for r in rows], schema)
        frame.write.partitionBy("published_month").parquet(str(out / table / f"run={run}"))
    spark.createDataFrame([], schemas.rejects()).write.parquet(str(out / "rejects" / f"run={run}"))
    counts = mf.InputCounts(run, records=len(docs), articles=len(docs), attributions=len(attributions))
    manifest = mf.Manifest(runs=[{"run": run}], inputs={"documents": counts})
    manifest.corpus = build_corpus(spark, OutputDir(str(out)), [run], similarity)
    mf.write(OutputDir(str(out)), manifest)


Place = tuple[str, int]  # (article key, attribution position)


def record_of(store: Store) -> dict[str, Any]:
    """Speakers and claims as sets of the attributions they hold, with what the store keeps of
    each (names, ambiguity, evidence, aliases with their reasons; a claim's text, speaker and
    the claim it answers), ids left out."""
    with store.session() as s:
        keys = dict(s.execute(select(ArticleRow.id, ArticleRow.key)).all())
        rows = s.execute(
            select(
                AttributionRow.article_id,
                AttributionRow.position,
                AttributionRow.speaker_id,
                AttributionRow.claim_id,
            )
        ).all()
        speakers = {r.id: r for r in s.scalars(select(SpeakerRow))}
        claims = {r.id: r for r in s.scalars(select(ClaimRow))}
        aliases: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
        for a in s.scalars(select(AliasRow)):
            aliases[a.speaker_id].add((a.alias, a.key, a.reason, a.type, a.manual, a.origin))
    said: dict[int, set[Place]] = defaultdict(set)
    grouped: dict[int, set[Place]] = defaultdict(set)
    for article_id, position, speaker_id, claim_id in rows:
        if speaker_id is not None:
            said[speaker_id].add((keys[article_id], position))
        if claim_id is not None:
            grouped[claim_id].add((keys[article_id], position))

    def members(ids: dict[int, set[Place]], id_: int | None) -> frozenset[Place] | None:
        return frozenset(ids[id_]) if id_ is not None else None

    return {
        "speakers": {
            frozenset(places): (
                sp.name,
                sp.type,
                sp.key,
                sp.surname,
                sp.initials,
                bool(sp.ambiguous),
                json.dumps(sp.evidence, sort_keys=True) if sp.evidence else None,
                frozenset(aliases[sp.id]),
            )
            for sp in speakers.values()
            if (places := said[sp.id])
        },
        "claims": {
            frozenset(places): (
                c.text,
                members(said, c.speaker_id),
                c.response_kind,
                members(grouped, c.response_to),
            )
            for c in claims.values()
            if (places := grouped[c.id])
        },
    }


def ingested(docs: list[Document], url: str) -> dict[str, Any]:
    """The record a store makes ingesting ``docs`` one by one in corpus order."""
    from according.spark.replay import article_order
    from according.store.repository import article_key

    with Store(url, similarity="lexical") as store:
        for doc in sorted(docs, key=lambda d: article_order(d.article.published, article_key(d.article))):
            store.save(doc)
        return record_of(store)
