"""What every worker process of one server must see alike, in one small SQLite file.

``according serve --workers N`` runs N processes; a browser's next request may reach any of
them. So the state a request leaves for a later one lives here, not in process memory:

- the documents shown by the read form, so "store this" stores exactly what was shown
  (whichever worker shows the page and whichever gets the click);
- the extraction rate limit's token buckets, so a client gets the configured rate from the
  server as a whole, not that rate from each worker;
- the secret that signs CSRF tokens, so a form issued by one worker is accepted by another.

The file lives in a directory the server owns for its lifetime (``ServeConfig.state_dir``, made
by ``serve`` before the workers start; a temporary one when an app is created without it). It
is not the store: a read-only server or one without a database has it too. Writes are short
``BEGIN IMMEDIATE`` transactions (WAL), so workers queue on the lock instead of failing.
"""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import sqlite3
import tempfile
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..document import Document

log = logging.getLogger(__name__)

FILE = "serve-state.db"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE NOT NULL, chars INTEGER NOT NULL,
    document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS buckets (client TEXT PRIMARY KEY, tokens REAL NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS buckets_at ON buckets (at);
"""


class SharedState:
    """The server's shared file; ``owned`` directories are removed by ``close``."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.owned = directory is None
        self.directory = Path(directory or tempfile.mkdtemp(prefix="according-serve-"))
        self.path = self.directory / FILE
        self._cleanup: weakref.finalize[Any, SharedState] | None = None
        self._create()

    def _create(self) -> None:
        """Make the directory and tables (again, after ``close``: an app may be started anew).
        An owned directory is removed by ``close``, or when this object goes or the
        interpreter exits, so an app dropped without closing leaves nothing behind."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.owned and (self._cleanup is None or not self._cleanup.alive):
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.directory, ignore_errors=True)
        # executescript commits as it goes: run outside ``transaction``; IF NOT EXISTS makes
        # it safe for several workers at once.
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(_SCHEMA)
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; workers take turns on SQLite's lock."""
        if not self.path.exists():
            self._create()
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    # -- the CSRF signing secret -----------------------------------------------------------
    def secret(self) -> bytes:
        """The server's secret: made by the first worker to ask, read by the others."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('csrf_secret', ?)",
                (secrets.token_bytes(32),),
            )
            (value,) = db.execute("SELECT value FROM meta WHERE name = 'csrf_secret'").fetchone()
        return bytes(value)

    # -- documents shown but not stored --------------------------------------------------
    def remember(self, doc: Document, *, documents: int, chars: int) -> str:
        """Hold ``doc`` under a new unguessable key: the latest ``documents`` at most, and no
        more than ``chars`` of article text in all (the newest is always kept)."""
        key = secrets.token_urlsafe(16)
        data = json.dumps(doc.to_json(), ensure_ascii=False)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO pending (key, chars, document) VALUES (?, ?, ?)",
                (key, len(doc.article.text), data),
            )
            kept, total, drop = 0, 0, []
            for seq, size in db.execute("SELECT seq, chars FROM pending ORDER BY seq DESC"):
                kept, total = kept + 1, total + size
                if kept > 1 and (kept > documents or total > chars):
                    drop.append((seq,))
            db.executemany("DELETE FROM pending WHERE seq = ?", drop)
        return key

    def recall(self, key: str) -> Document | None:
        with self.transaction() as db:
            row = db.execute("SELECT document FROM pending WHERE key = ?", (key,)).fetchone()
        return Document.from_json(json.loads(row[0])) if row else None

    # -- rate limiting ---------------------------------------------------------------------
    def take(self, client: str, *, rate: float, burst: int, clients: int) -> float:
        """Take one token from ``client``'s bucket (``burst`` at most, refilled at ``rate`` per
        second); returns 0 when taken, else the seconds until one is there. The least recently
        seen buckets beyond ``clients`` are forgotten, so many addresses cannot fill the file."""
        now = time.time()
        with self.transaction() as db:
            row = db.execute("SELECT tokens, at FROM buckets WHERE client = ?", (client,)).fetchone()
            tokens, last = row if row else (float(burst), now)
            tokens = min(float(burst), tokens + max(0.0, now - last) * rate)
            wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / rate
            if not wait:
                tokens -= 1.0
            db.execute(
                "INSERT OR REPLACE INTO buckets (client, tokens, at) VALUES (?, ?, ?)", (client, tokens, now)
            )
            (count,) = db.execute("SELECT count(*) FROM buckets").fetchone()
            if count > clients:
                db.execute(
                    "DELETE FROM buckets WHERE client IN (SELECT client FROM buckets ORDER BY at LIMIT ?)",
                    (count - clients,),
                )
        return wait

    def close(self) -> None:
        if self._cleanup is not None:
            self._cleanup()
