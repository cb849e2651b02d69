"""Initial schema: articles, speakers + aliases, claims, attributions, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(1000), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("outlet", sa.String(300), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("byline", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("site", sa.String(300)),
        sa.Column("language", sa.String(20)),
        sa.Column("path", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("residue", sa.JSON),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("surname", sa.String(120)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_speakers_key", "speakers", ["key"])
    op.create_index("ix_speakers_surname", "speakers", ["surname"])
    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("manual", sa.Boolean, nullable=False),
        sa.UniqueConstraint("speaker_id", "alias", name="uq_alias_speaker_alias"),
    )
    op.create_index("ix_speaker_aliases_speaker_id", "speaker_aliases", ["speaker_id"])
    op.create_index("ix_speaker_aliases_key", "speaker_aliases", ["key"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id", ondelete="SET NULL")),
        sa.Column("vector", sa.LargeBinary),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_claims_speaker_id", "claims", ["speaker_id"])
    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("stance", sa.String(20), nullable=False),
        sa.Column("cue_text", sa.Text, nullable=False),
        sa.Column("cue_start", sa.Integer, nullable=False),
        sa.Column("cue_end", sa.Integer, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("content_spans", sa.JSON, nullable=False),
        sa.Column("source_text", sa.Text),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("speaker_name", sa.String(300)),
        sa.Column("speaker_type", sa.String(20)),
        sa.Column("channel", sa.String(300)),
        sa.Column("parent", sa.Integer),
        sa.Column("confidence", sa.Float),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id", ondelete="SET NULL")),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="SET NULL")),
        sa.UniqueConstraint("article_id", "position", name="uq_attribution_position"),
    )
    for column in ("article_id", "kind", "stance", "speaker_id", "claim_id"):
        op.create_index(f"ix_attributions_{column}", "attributions", [column])
    op.create_index("ix_attributions_speaker_claim", "attributions", ["speaker_id", "claim_id"])
    _full_text_search()


def _full_text_search() -> None:
    """FTS5 external-content table kept in step by triggers (SQLite); a generated tsvector
    column with a GIN index (PostgreSQL)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE attributions_fts USING fts5("
            "content_text, content='attributions', content_rowid='id', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER attributions_fts_ai AFTER INSERT ON attributions BEGIN "
            "INSERT INTO attributions_fts(rowid, content_text) VALUES (new.id, new.content_text); END"
        )
        op.execute(
            "CREATE TRIGGER attributions_fts_ad AFTER DELETE ON attributions BEGIN "
            "INSERT INTO attributions_fts(attributions_fts, rowid, content_text) "
            "VALUES ('delete', old.id, old.content_text); END"
        )
        op.execute(
            "CREATE TRIGGER attributions_fts_au AFTER UPDATE OF content_text ON attributions BEGIN "
            "INSERT INTO attributions_fts(attributions_fts, rowid, content_text) "
            "VALUES ('delete', old.id, old.content_text); "
            "INSERT INTO attributions_fts(rowid, content_text) VALUES (new.id, new.content_text); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE attributions ADD COLUMN search tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', content_text)) STORED"
        )
        op.execute("CREATE INDEX ix_attributions_search ON attributions USING GIN (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS attributions_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS attributions_fts")
    for table in ("attributions", "claims", "speaker_aliases", "speakers", "articles"):
        op.drop_table(table)
