"""The record a user can trust: ambiguous speakers, why each name joined a speaker (and what a
split must give back), claims that answer other claims (denials, contradictions), and the
article-level speaker's role, affiliation and mention chain on each attribution.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("speakers", sa.Column("ambiguous", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("speakers", sa.Column("evidence", sa.JSON))
    op.add_column("speakers", sa.Column("initials", sa.String(20)))
    op.create_index("ix_speakers_initials", "speakers", ["initials"])
    op.add_column("speaker_aliases", sa.Column("reason", sa.Text))
    op.add_column("speaker_aliases", sa.Column("type", sa.String(20)))
    op.add_column("speaker_aliases", sa.Column("origin", sa.String(300)))
    # No foreign key: SQLite cannot add one to an existing table; the store clears the link
    # itself when it removes a claim.
    op.add_column("claims", sa.Column("response_to", sa.Integer))
    op.add_column("claims", sa.Column("response_kind", sa.String(20)))
    op.create_index("ix_claims_response_to", "claims", ["response_to"])
    op.add_column("attributions", sa.Column("speaker_role", sa.String(300)))
    op.add_column("attributions", sa.Column("speaker_affiliation", sa.String(300)))
    op.add_column("attributions", sa.Column("speaker_mentions", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("attributions") as batch:
        batch.drop_column("speaker_mentions")
        batch.drop_column("speaker_affiliation")
        batch.drop_column("speaker_role")
    op.drop_index("ix_claims_response_to", "claims")
    op.drop_index("ix_speakers_initials", "speakers")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("response_kind")
        batch.drop_column("response_to")
    with op.batch_alter_table("speaker_aliases") as batch:
        batch.drop_column("origin")
        batch.drop_column("type")
        batch.drop_column("reason")
    with op.batch_alter_table("speakers") as batch:
        batch.drop_column("initials")
        batch.drop_column("evidence")
        batch.drop_column("ambiguous")
