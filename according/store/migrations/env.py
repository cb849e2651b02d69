"""Alembic environment: migrations run programmatically on the engine ``according.store.db``
hands over (``config.attributes["engine"]``), never from an alembic.ini."""

from __future__ import annotations

from alembic import context

from according.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by the alembic CLI, which we do not ship
    raise RuntimeError("run migrations through `according db upgrade`")

# The caller (according.store.db) holds the connection inside its locked transaction.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
