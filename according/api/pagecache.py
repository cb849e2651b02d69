"""Answers to repeated GETs kept until the store changes: a speaker's page, a search, a claim.

A fact-checker's day is many views of the same few speakers and searches; each costs queries
and rendering though nothing changed. A GET answer depends only on its path and query, the
server's configuration and the store's contents, so it may be reused until *anything* commits
to the store — from this server, another worker, or an `according ingest` in another process.

The store revision is SQLite's ``PRAGMA data_version`` on a connection of the cache's own: it
changes whenever another connection commits, in any process. An answer is kept under the
revision read *before* it was computed, and served only while the revision is still that one,
so a write that lands while a page is being built invalidates that page too. A PostgreSQL store
has no such cheap signal here: there the cache is off. Each worker has its own cache (memory),
bounded in bytes; only complete 200 answers that set no cookie are kept.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store.repository import Store

log = logging.getLogger(__name__)

#: Not cached: the health check reports live state; static files are cheap already.
SKIP_PREFIXES = ("/healthz", "/static/")
MAX_ENTRY = 1024 * 1024


class SqliteRevision:
    """A number that changes whenever another connection commits to the SQLite file."""

    def __init__(self, database: str) -> None:
        self.database = database
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            if self._db is None:  # first use, or again after ``close`` (an app restarted)
                self._db = sqlite3.connect(self.database, check_same_thread=False, isolation_level=None)
            return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def revision_of(store: Store | None) -> SqliteRevision | None:
    """The store's revision signal, or None when there is none to trust (no store, an
    in-memory database, PostgreSQL)."""
    if store is None or store.dialect != "sqlite":
        return None
    database = store.engine.url.database or ""
    if not database or database == ":memory:":
        return None
    return SqliteRevision(database)


@dataclass
class Entry:
    revision: int
    start: Message
    body: bytes


class Pages:
    """The answers held, least recently used first, ``limit`` bytes of bodies at most."""

    def __init__(self, revision: Callable[[], int] | None, limit: int) -> None:
        self.revision = revision
        self.limit = limit
        self.entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.revision is not None and self.limit > 0

    def get(self, key: tuple[str, bytes], revision: int) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None or entry.revision != revision:
            if entry is not None:
                self._drop(key)
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, key: tuple[str, bytes], entry: Entry) -> None:
        if len(entry.body) > min(MAX_ENTRY, self.limit):
            return
        if key in self.entries:
            self._drop(key)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.limit:
            self._drop(next(iter(self.entries)))

    def _drop(self, key: tuple[str, bytes]) -> None:
        self.size -= len(self.entries.pop(key).body)

    def close(self) -> None:
        self.entries.clear()
        self.size = 0
        closer = getattr(self.revision, "close", None)
        if closer is not None:
            closer()


class PageCache:
    """ASGI middleware serving GETs from ``Pages`` (the app's ``state.according.pages``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        pages: Pages | None = getattr(scope["app"].state.according, "pages", None)
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or pages is None
            or not pages.enabled
            or path.startswith(SKIP_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        assert pages.revision is not None
        key = (path, scope.get("query_string", b""))
        revision = pages.revision()
        entry = pages.get(key, revision)
        if entry is not None:
            await send(entry.start)
            await send({"type": "http.response.body", "body": entry.body, "more_body": False})
            return
        start: Message | None = None
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message.get("headers", []))}
                keep = message["status"] == 200 and not any(
                    name.lower() == b"set-cookie" for name, _ in message.get("headers", [])
                )
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > MAX_ENTRY:
                    keep = False
                elif not message.get("more_body", False) and start is not None:
                    pages.put(key, Entry(revision, start, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)


def pages_for(store: Store | None, limit: int) -> Pages:
    return Pages(revision_of(store) if limit > 0 else None, limit)
