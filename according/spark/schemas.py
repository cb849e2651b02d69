"""Spark schemas of the batch tables (documented in docs/scale.md).

``run`` and ``published_month`` are not in the data files: they are the directory partitions
(``articles/run=<id>/published_month=2024-05/part-….parquet``), read back as columns.
"""

from __future__ import annotations

from typing import Any


def _types() -> Any:
    from pyspark.sql import types

    return types


def articles() -> Any:
    t = _types()
    s, i = t.StringType(), t.IntegerType()
    spans = t.ArrayType(t.ArrayType(i))
    return t.StructType(
        [
            t.StructField("id", s, False),
            t.StructField("key", s, False),
            t.StructField("input", s, False),
            t.StructField("record", s, True),
            t.StructField("url", s, True),
            t.StructField("canonical_url", s, True),
            t.StructField("outlet", s, False),
            t.StructField("site", s, True),
            t.StructField("title", s, True),
            t.StructField("byline", s, True),
            t.StructField("published", t.DateType(), True),
            t.StructField("published_month", s, False),
            t.StructField("language", s, True),
            t.StructField("path", s, True),
            t.StructField("text_hash", s, False),
            t.StructField("residue", spans, False),
            t.StructField("text", s, False),
            t.StructField("attributions", i, False),
        ]
    )


def attributions() -> Any:
    t = _types()
    s, i = t.StringType(), t.IntegerType()
    spans = t.ArrayType(t.ArrayType(i))
    return t.StructType(
        [
            t.StructField("article_id", s, False),
            t.StructField("position", i, False),
            t.StructField("kind", s, False),
            t.StructField("stance", s, False),
            t.StructField("channel", s, True),
            t.StructField("parent", i, True),
            t.StructField("confidence", t.DoubleType(), True),
            t.StructField("cue_text", s, False),
            t.StructField("cue_start", i, False),
            t.StructField("cue_end", i, False),
            t.StructField("content_text", s, False),
            t.StructField("content_spans", spans, False),
            t.StructField("source_text", s, True),
            t.StructField("source_start", i, True),
            t.StructField("source_end", i, True),
            t.StructField("speaker_name", s, True),
            t.StructField("speaker_type", s, True),
            t.StructField("speaker_role", s, True),
            t.StructField("speaker_affiliation", s, True),
            t.StructField("speaker_mentions", spans, False),
            t.StructField("published_month", s, False),
        ]
    )


def rejects() -> Any:
    t = _types()
    s = t.StringType()
    return t.StructType(
        [
            t.StructField("input", s, False),
            t.StructField("record", s, False),
            t.StructField("reason", s, False),
            t.StructField("kind", s, False),
        ]
    )


def speakers() -> Any:
    """One row per canonical speaker, as the store's ``speakers`` and ``speaker_aliases`` hold it."""
    t = _types()
    s, i = t.StringType(), t.IntegerType()
    alias = t.StructType(
        [
            t.StructField("alias", s, False),
            t.StructField("key", s, False),
            t.StructField("reason", s, True),
            t.StructField("type", s, True),
            # the speaker the name came with, when that speaker was merged into this one
            t.StructField("origin", s, True),
        ]
    )
    return t.StructType(
        [
            t.StructField("speaker_id", t.LongType(), False),
            t.StructField("name", s, False),
            t.StructField("type", s, False),
            t.StructField("key", s, False),
            t.StructField("surname", s, True),
            t.StructField("initials", s, True),
            t.StructField("ambiguous", t.BooleanType(), False),
            # JSON: {"roles": [...], "affiliations": [...], "genders": [...]}
            t.StructField("evidence", s, True),
            t.StructField("aliases", t.ArrayType(alias), False),
            t.StructField("attributions", i, False),
            t.StructField("articles", i, False),
        ]
    )


def claims() -> Any:
    t = _types()
    s, i = t.StringType(), t.IntegerType()
    return t.StructType(
        [
            t.StructField("claim_id", t.LongType(), False),
            t.StructField("text", s, False),
            t.StructField("speaker_id", t.LongType(), True),
            t.StructField("vector", t.BinaryType(), True),
            t.StructField("response_to", t.LongType(), True),
            t.StructField("response_kind", s, True),
            t.StructField("attributions", i, False),
            t.StructField("articles", i, False),
            t.StructField("first_article_id", s, False),
            t.StructField("first_position", i, False),
        ]
    )


def links() -> Any:
    t = _types()
    return t.StructType(
        [
            t.StructField("article_id", t.StringType(), False),
            t.StructField("position", t.IntegerType(), False),
            t.StructField("published_month", t.StringType(), False),
            t.StructField("speaker_id", t.LongType(), True),
            t.StructField("claim_id", t.LongType(), True),
        ]
    )


def drop(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in names}
