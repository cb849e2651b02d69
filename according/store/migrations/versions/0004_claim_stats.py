"""Each claim's totals kept beside it: appearances, outlets, first and last seen.

A search orders the claims it finds by when each was last seen and shows how often and where
each was seen; worked out at query time, that reads every appearance of every matching claim
(thousands for a common word) to show fifty. ``claim_stats`` holds the answer, one narrow row
per claim, kept right by triggers in the database itself — whatever writes the attributions
(ingest, claim grouping, merges and splits, the Spark batch, an import) — and filled here from
what is stored.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The totals of the claims in ``{ids}`` (an SQL expression of claim ids), from their appearances.
_TOTALS = (
    "SELECT a.claim_id, count(*), count(DISTINCT ar.outlet), min(ar.published), max(ar.published) "
    "FROM attributions a JOIN articles ar ON ar.id = a.article_id "
    "WHERE a.claim_id {ids} GROUP BY a.claim_id"
)
_COLUMNS = "claim_stats (claim_id, appearances, outlets, first_seen, last_seen)"


def _refresh_sqlite(ids: str) -> str:
    """Statements (for a trigger body) that recompute the claims ``ids`` names; a claim with no
    appearance left loses its row."""
    return f"DELETE FROM claim_stats WHERE claim_id {ids}; INSERT INTO {_COLUMNS} {_TOTALS.format(ids=ids)};"


_SQLITE_TRIGGERS = {
    "claim_stats_ai": "AFTER INSERT ON attributions WHEN new.claim_id IS NOT NULL BEGIN "
    + _refresh_sqlite("= new.claim_id")
    + " END",
    "claim_stats_ad": "AFTER DELETE ON attributions WHEN old.claim_id IS NOT NULL BEGIN "
    + _refresh_sqlite("= old.claim_id")
    + " END",
    "claim_stats_au": "AFTER UPDATE OF claim_id, article_id ON attributions "
    "WHEN old.claim_id IS NOT new.claim_id OR old.article_id IS NOT new.article_id BEGIN "
    + _refresh_sqlite("IN (old.claim_id, new.claim_id)")
    + " END",
    "claim_stats_article_au": "AFTER UPDATE OF published, outlet ON articles "
    "WHEN old.published IS NOT new.published OR old.outlet IS NOT new.outlet BEGIN "
    + _refresh_sqlite("IN (SELECT claim_id FROM attributions WHERE article_id = new.id)")
    + " END",
}

# PostgreSQL: one refresh per statement over the claims it touched (transition tables), so a
# bulk load (``COPY`` in ``store.load``) costs one grouping, not one per row.
_CHANGED = {
    "inserted": ("INSERT", "NEW TABLE AS new_rows", "SELECT claim_id FROM new_rows"),
    "deleted": ("DELETE", "OLD TABLE AS old_rows", "SELECT claim_id FROM old_rows"),
    "updated": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT unnest(ARRAY[o.claim_id, n.claim_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id "
        "WHERE o.claim_id IS DISTINCT FROM n.claim_id OR o.article_id IS DISTINCT FROM n.article_id",
    ),
    "articles": (  # an article's date or outlet changed
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT a.claim_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
        "JOIN attributions a ON a.article_id = n.id "
        "WHERE o.published IS DISTINCT FROM n.published OR o.outlet IS DISTINCT FROM n.outlet",
    ),
}


def _table(name: str) -> str:
    return "articles" if name == "articles" else "attributions"


_POSTGRESQL = [
    # The claims are joined from the unnested array, so the (claim_id, article_id) index finds
    # their appearances: `claim_id = ANY(ids)` in a plpgsql (generic) plan scanned the whole
    # table for every statement, which made a bulk insert quadratic (30,000 rows: 68 s).
    f"""CREATE FUNCTION according_claim_stats_refresh(ids integer[]) RETURNS void AS $$
BEGIN
  DELETE FROM claim_stats s USING unnest(ids) AS u(claim_id) WHERE s.claim_id = u.claim_id;
  INSERT INTO {_COLUMNS}
  SELECT a.claim_id, count(*), count(DISTINCT ar.outlet), min(ar.published), max(ar.published)
  FROM unnest(ids) AS u(claim_id)
  JOIN attributions a ON a.claim_id = u.claim_id
  JOIN articles ar ON ar.id = a.article_id
  GROUP BY a.claim_id;
END $$ LANGUAGE plpgsql""",
] + [
    statement
    for name, (event, tables, claims) in _CHANGED.items()
    for statement in (
        f"""CREATE FUNCTION according_claim_stats_{name}() RETURNS trigger AS $$
BEGIN
  PERFORM according_claim_stats_refresh(ARRAY(SELECT DISTINCT c FROM ({claims}) AS t(c) WHERE c IS NOT NULL));
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
        f"CREATE TRIGGER claim_stats_{name} AFTER {event} ON {_table(name)} "
        f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION according_claim_stats_{name}()",
    )
]


def upgrade() -> None:
    op.create_table(
        "claim_stats",
        sa.Column(
            "claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("appearances", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.Date),
        sa.Column("last_seen", sa.Date),
    )
    op.execute(f"INSERT INTO {_COLUMNS} {_TOTALS.format(ids='IS NOT NULL')}")
    if op.get_bind().dialect.name == "sqlite":
        for name, body in _SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        for statement in _POSTGRESQL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name in _CHANGED:
            op.execute(f"DROP TRIGGER IF EXISTS claim_stats_{name} ON {_table(name)}")
            op.execute(f"DROP FUNCTION IF EXISTS according_claim_stats_{name}()")
        op.execute("DROP FUNCTION IF EXISTS according_claim_stats_refresh(integer[])")
    op.drop_table("claim_stats")
