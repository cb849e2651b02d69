"""Covering indexes for the pages that read many attributions: a speaker's (month-by-outlet
totals, latest first) and a claim's (first and last seen, outlets). With the article id in the
index, a query reaches the article without reading each wide attribution row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_attributions_speaker_article", "attributions", ["speaker_id", "article_id"])
    op.create_index("ix_attributions_claim_article", "attributions", ["claim_id", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_attributions_claim_article", "attributions")
    op.drop_index("ix_attributions_speaker_article", "attributions")
