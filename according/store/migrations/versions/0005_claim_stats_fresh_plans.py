"""PostgreSQL: plan the claim-totals refresh afresh at every call.

The refresh (migration 0004) runs inside a trigger, and plpgsql caches its plan. A plan made
while ``attributions`` was still small reads the whole table (a merge join over a sequential
scan), and a long load in one transaction never gets a new one: a bulk insert of 40,000
attributions took 213 s, each row's refresh scanning every row before it. Planned per call, the
refresh finds a claim's appearances by the (claim_id, article_id) index whatever the table's size
(the same insert: 17 s). SQLite plans its trigger statements at each run already.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_FUNCTION = "according_claim_stats_refresh(integer[])"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER FUNCTION {_FUNCTION} SET plan_cache_mode = force_custom_plan")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER FUNCTION {_FUNCTION} RESET plan_cache_mode")
