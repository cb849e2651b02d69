"""Engines for the store: where the database lives, URL handling, SQLite pragmas, migrations.

One function, ``open_engine``, turns what a user typed (nothing, a path, ``sqlite:///…``,
``postgresql://…``) into a ready engine whose schema is at the head migration, so every command
and test opens the store the same way. SQLite gets WAL + a busy timeout + ``BEGIN IMMEDIATE``
for writers, so two ingests into one file queue instead of failing; PostgreSQL writers take a
transaction-scoped advisory lock in ``repository`` for the same effect.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from ..errors import NoStoreYetError, StoreError

log = logging.getLogger(__name__)

ENV_VAR = "ACCORDING_DB"
DEFAULT_FILE = "according.db"
BUSY_TIMEOUT_MS = 30_000
#: SQLite reads the file through a memory map of up to this size: a page already in the OS
#: cache is read in place instead of copied by a system call into each connection's small
#: private cache (2 MB by default). A search or a speaker page visits thousands of rows
#: scattered over the file; in process, the heaviest searches took about a fifth less.
MMAP_BYTES = 1 << 30
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

T = TypeVar("T")


def default_url() -> str:
    """``$ACCORDING_DB`` if set, else ``./according.db`` in the working directory."""
    return os.environ.get(ENV_VAR) or DEFAULT_FILE


def normalise_url(url: str | None) -> str:
    """Accept a bare path, ``sqlite:///path`` or ``postgres(ql)://``; return a SQLAlchemy URL.

    Plain ``postgresql://`` is mapped to the psycopg 3 driver, the one the package depends on.
    """
    url = (url or default_url()).strip()
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        return "postgresql+psycopg://" + rest
    return url


def describe(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # Writers take the write lock up front, so two writers queue on busy_timeout instead
        # of deadlocking when both try to upgrade a read lock.
        immediate = conn.get_execution_options().get("according_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create(url: str | None = None) -> Engine:
    """An engine for ``url`` (see ``normalise_url``) without touching the schema."""
    full = normalise_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as exc:
        raise StoreError(
            f"{url}: not a database URL or path ({exc}); use a file path or postgresql://…"
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if not database:
            raise StoreError(
                f"{describe(full)}: names no database file (SQLite would use a throwaway temporary "
                "database); give a path, e.g. --db according.db or sqlite:////abs/path/according.db"
            )
        if database != ":memory:":
            parent = Path(database).parent
            if not parent.is_dir():
                raise StoreError(
                    f"{describe(full)}: directory {parent} does not exist; create it or pick another path"
                )
        engine = create_engine(full, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_setup(engine)
        return engine
    if backend == "postgresql":
        try:
            return create_engine(full, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"{describe(full)}: psycopg is not installed; pip install 'psycopg[binary]'"
            ) from exc
    raise StoreError(
        f"{describe(full)}: unsupported database {backend!r}; use SQLite (a path) or postgresql://…"
    )


def _alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Run pending migrations; returns (revision before, revision after).

    Safe when several processes do it at once (the first use of a fresh database by parallel
    ingests): the check and the migration run in one transaction that holds the write lock
    (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so the others wait, then find
    the schema in place; lock timeouts are retried."""
    where = describe(str(engine.url))
    return with_retry(lambda: _upgrade_once(engine, create=True), what=f"{where}: migration")


def _upgrade_once(engine: Engine, *, create: bool) -> tuple[str | None, str]:
    from alembic import command
    from alembic.migration import MigrationContext

    writer = engine.execution_options(according_write=True)
    with writer.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        before = MigrationContext.configure(conn).get_current_revision()
        if before is None:
            tables = set(inspect(conn).get_table_names())
            if tables - {"alembic_version"}:
                raise StoreError(
                    f"{describe(str(engine.url))}: not an according database (it has other tables); "
                    "pick another --db"
                )
            if not create:
                raise NoStoreYetError(
                    f"{describe(str(engine.url))}: empty database; run `according ingest` first"
                )
        else:
            _check_known(engine, before)
        if before != head_revision():
            config = _alembic_config(engine)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    return before, head_revision()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
    return {rev.revision for rev in script.walk_revisions()}


def _check_known(engine: Engine, current: str) -> None:
    if current not in _known_revisions():
        raise StoreError(
            f"{describe(str(engine.url))}: database schema is at {current}, newer than this version "
            f"of according knows (its newest is {head_revision()}); upgrade according "
            "(pip install -U according) to use this database"
        )


def open_engine(url: str | None = None, *, create_schema: bool = True) -> Engine:
    """An engine whose schema is current.

    A new (empty) database gets the schema at once (safely when several processes start on it
    together); an existing one made by an older version is left alone and the user is told to
    run ``according db upgrade``, so a migration never runs behind someone's back; one made by a
    newer version is refused with the advice to upgrade according.
    """
    engine = create(url)
    where = describe(str(engine.url))
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and not create_schema and database != ":memory:":
        if not Path(database).is_file():
            engine.dispose()
            raise NoStoreYetError(
                f"{database}: no database here; run `according ingest` first, or give --db / $ACCORDING_DB"
            )
    try:
        current = current_revision(engine)
        if current is None:
            with_retry(
                lambda: _upgrade_once(engine, create=create_schema), what=f"{where}: creating the schema"
            )
        elif current != head_revision():
            _check_known(engine, current)
            raise StoreError(
                f"{where}: database schema is at {current}, this version needs "
                f"{head_revision()}; run `according db upgrade --db {where}`"
            )
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"{where}: cannot open database ({_short(exc)}){_hint(engine, exc)}") from exc
    return engine


def _hint(engine: Engine, exc: DBAPIError) -> str:
    if engine.dialect.name == "sqlite" and "not a database" in str(exc.orig or exc).lower():
        return "; this file is not a SQLite database: pick another --db"
    return ""


_PG_WRITE_LOCK = 0x61636364  # one advisory lock: PostgreSQL writers take turns, like SQLite's
_PG_MIGRATION_LOCK = 0x61636365  # and one for creating or upgrading the schema


def lock_writers(session: Session) -> None:
    """Serialise writers for the rest of the transaction (SQLite's BEGIN IMMEDIATE did already)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})


def _short(exc: DBAPIError) -> str:
    text = str(exc.orig).strip() if exc.orig else str(exc)
    return (text.splitlines() or [type(exc).__name__])[0]


def is_retryable(exc: DBAPIError) -> bool:
    """Lock contention that a retry of the whole transaction can get past."""
    text = str(exc.orig or exc).lower()
    return any(
        marker in text
        for marker in (
            "database is locked",
            "deadlock detected",
            "could not serialize",
            "database table is locked",
            "database schema is locked",
        )
    )


def with_retry(work: Callable[[], T], *, attempts: int = 6, what: str = "write") -> T:
    """Run ``work`` (one whole transaction) again when it lost a lock race."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == attempts or not is_retryable(exc):
                raise StoreError(f"{what}: {_short(exc)}") from exc
            delay = 0.05 * 2**attempt
            log.info("%s: lock contention, retry %d in %.2fs", what, attempt, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")
