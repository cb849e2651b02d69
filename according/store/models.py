"""The tables: articles, their attributions, canonical speakers with aliases, and claims.

An attribution keeps every field of the extracted record (so a stored Document loads back
exactly) plus two links the analysis fills in: the canonical ``speaker_id`` (many article-level
names -> one speaker) and the ``claim_id`` (the same claim seen in many articles/outlets).
Full-text search indexes are dialect-specific and live in the migration (FTS5 / tsvector).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column

#: Ids are 32-bit integers on PostgreSQL; a larger number names no row on any backend.
MAX_ID = 2**31 - 1
# NUL (PostgreSQL text cannot hold it) and lone surrogates (no UTF-8 encoding: a document read
# back from JSON can carry them) become U+FFFD, one character for one.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


def fit_to_columns(row: Base) -> None:
    """Make a row's values storable alike on SQLite and PostgreSQL: strings cut to their
    column's length (PostgreSQL refuses longer ones, SQLite keeps them) and NUL characters and
    lone surrogates replaced by U+FFFD (one for one: offsets still hold)."""
    for column in row.__table__.columns:  # type: ignore[attr-defined]
        value = row.__dict__.get(column.key)
        if not isinstance(value, str):
            continue
        fitted = stored_text(value, getattr(column.type, "length", None))
        if fitted is not value:
            setattr(row, column.key, fitted)


def stored_text(value: str, length: int | None) -> str:
    """``value`` as a column of ``length`` characters stores it (``value`` itself when it fits):
    what a uniqueness check must compare, since two strings can differ only in what is cut or
    cleaned away."""
    fitted = _UNSTORABLE.sub("\ufffd", value)
    fitted = value if fitted == value else fitted
    if length is not None and len(fitted) > length:
        fitted = fitted[: length - 1].rstrip() + "…"
    return fitted


@event.listens_for(Base, "before_insert", propagate=True)
@event.listens_for(Base, "before_update", propagate=True)
def _fit_before_write(_mapper: Mapper, _connection: Any, row: Base) -> None:
    fit_to_columns(row)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # canonical URL when known, else "sha256:<hash of text>": what makes a re-ingest an update.
    key: Mapped[str] = mapped_column(String(1000), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    outlet: Mapped[str] = mapped_column(String(300), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[_dt.date | None] = mapped_column(Date, index=True)
    site: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(20))
    path: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    residue: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ingested_at: Mapped[_dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[_dt.datetime] = mapped_column(DateTime, default=utcnow)


class SpeakerRow(Base):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(20))
    # Normalised name (no titles/descriptors, lower case) used to find the speaker again.
    key: Mapped[str] = mapped_column(String(300), index=True)
    surname: Mapped[str | None] = mapped_column(String(120), index=True)
    # The acronym of a multi-word name ("rnc"), so "the RNC" finds the committee.
    initials: Mapped[str | None] = mapped_column(String(20), index=True)
    # A bare surname nothing tied to one person: kept apart until a user merges it.
    ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)
    # What is known beyond the name, gathered from every article: {"roles", "affiliations",
    # "genders"}; what keeps namesakes apart and ties a bare surname to a person.
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[_dt.datetime] = mapped_column(DateTime, default=utcnow)


class AliasRow(Base):
    """A name under which a speaker was seen. ``manual`` aliases come from merge/split and
    win over every heuristic, so a user's correction survives later ingests."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "alias", name="uq_alias_speaker_alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    # Why this name joined the speaker ("same name", "surname of X named in the article", ...).
    reason: Mapped[str | None] = mapped_column(Text)
    # The type the name was seen with, and the canonical name of the speaker it belonged to
    # before a merge: what a split needs to give the name back as it was.
    type: Mapped[str | None] = mapped_column(String(20))
    origin: Mapped[str | None] = mapped_column(String(300))


def stored_alias(name: str) -> str:
    """A speaker alias as its column stores it: what the (speaker, alias) uniqueness check must
    compare, in the store's linking and in the Spark batch alike."""
    return stored_text(name, getattr(AliasRow.__table__.c.alias.type, "length", None))


class ClaimRow(Base):
    """One claim however many times it was reported; ``text`` is its first wording."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    # float32 sentence embedding of ``text`` when the embeddings extra grouped it.
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    # A denial or contradiction is never the claim it answers: it is its own claim that
    # points at it ("denial" | "contradiction").
    response_to: Mapped[int | None] = mapped_column(Integer, index=True)
    response_kind: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[_dt.datetime] = mapped_column(DateTime, default=utcnow)


class AttributionRow(Base):
    __tablename__ = "attributions"
    __table_args__ = (
        UniqueConstraint("article_id", "position", name="uq_attribution_position"),
        Index("ix_attributions_speaker_claim", "speaker_id", "claim_id"),
        # Covering for the speaker and claim pages (migration 0003).
        Index("ix_attributions_speaker_article", "speaker_id", "article_id"),
        Index("ix_attributions_claim_article", "claim_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    stance: Mapped[str] = mapped_column(String(20), index=True)
    cue_text: Mapped[str] = mapped_column(Text)
    cue_start: Mapped[int] = mapped_column(Integer)
    cue_end: Mapped[int] = mapped_column(Integer)
    content_text: Mapped[str] = mapped_column(Text)
    content_spans: Mapped[list[Any]] = mapped_column(JSON)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    speaker_name: Mapped[str | None] = mapped_column(String(300))
    speaker_type: Mapped[str | None] = mapped_column(String(20))
    # The rest of the article-level Speaker, so a stored Document loads back exactly.
    speaker_role: Mapped[str | None] = mapped_column(String(300))
    speaker_affiliation: Mapped[str | None] = mapped_column(String(300))
    speaker_mentions: Mapped[list[Any] | None] = mapped_column(JSON)
    channel: Mapped[str | None] = mapped_column(String(300))
    parent: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"), index=True)


class ClaimStatsRow(Base):
    """A claim's totals over its appearances, kept by triggers in the database (migration
    0004) whatever writes the attributions: what a search orders by and shows, without
    reading every appearance of every claim it finds. No row: a claim with no appearance."""

    __tablename__ = "claim_stats"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    appearances: Mapped[int] = mapped_column(Integer)
    outlets: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[_dt.date | None] = mapped_column(Date)
    last_seen: Mapped[_dt.date | None] = mapped_column(Date)
