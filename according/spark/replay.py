"""What the corpus stages share: stable ids, corpus order, and the store's full-text search
replayed over the part of the corpus one decision can see.

The store decides one article at a time against what it has stored (``store.linking``). The
batch job reaches the same answer by cutting the corpus into parts no decision crosses
(``speaker_blocks``, ``claim_groups``) and replaying the store's sequence inside each part,
in corpus order, through the same functions of ``according.analysis``. Where the store asks
its full-text index (SQLite FTS5) for the wordings that share a content's distinctive words,
a part asks the same question of an in-memory FTS5 index of its own rows (``FullText``):
same tokenizer, same query, same ranking, over the rows that part holds.

Pure Python (no Spark), so tests drive it directly.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from ..store.search import FTS5_TOKENIZE, SEARCH_LIMIT, SEARCH_TERMS, distinctive, fts5_any

__all__ = ["FullText", "UNDATED_ORDER", "article_order", "search_terms", "stable_id", "stems"]

#: Where an article without a date sorts: after every dated one (as the store's order puts it).
UNDATED_ORDER = "9999-99-99"


def stable_id(*parts: str) -> int:
    """A positive 63-bit id from ``parts``: the same on every machine and every rerun."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def article_order(published: Any, key: str) -> tuple[str, str]:
    """An article's place in the corpus: by date, then by its store key (the order in which
    a store ingesting the corpus would have stored it)."""
    return (str(published) if published else UNDATED_ORDER, key)


class FullText:
    """An in-memory FTS5 index answering the store's candidate search (``similar_ids``,
    ``similar_wordings``) over the rows added to it."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:")
        self._db.execute(f"CREATE VIRTUAL TABLE fts USING fts5(content, tokenize='{FTS5_TOKENIZE}')")
        self._rows = 0

    def add(self, texts: Iterable[str]) -> list[int]:
        """Index ``texts``; returns their row numbers (in order, from 0)."""
        start = self._rows
        rows = [(start + i, t) for i, t in enumerate(texts)]
        self._db.executemany("INSERT INTO fts(rowid, content) VALUES (?, ?)", rows)
        self._rows += len(rows)
        return [r for r, _ in rows]

    def search(self, content: str, limit: int = SEARCH_LIMIT) -> list[int]:
        """Rows sharing the most distinctive words with ``content``, best first."""
        words = distinctive(content, SEARCH_TERMS)
        if not words or not self._rows:
            return []
        query = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?"
        return [r for (r,) in self._db.execute(query, (fts5_any(words), limit))]

    def close(self) -> None:
        self._db.close()


def stems(texts: Sequence[str]) -> list[set[str]]:
    """The terms the full-text index keeps of each text (Porter stems, as FTS5 makes them)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(c, tokenize='{FTS5_TOKENIZE}')")
        db.executemany("INSERT INTO t(rowid, c) VALUES (?, ?)", list(enumerate(texts)))
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        out: list[set[str]] = [set() for _ in texts]
        for term, doc in db.execute("SELECT term, doc FROM v"):
            out[doc].add(term)
        return out
    finally:
        db.close()


def search_terms(texts: Sequence[str]) -> list[tuple[set[str], set[str]]]:
    """For each text: the stems its search asks for (its distinctive words) and the stems it
    can be found by (all its words). Two texts where one's first meets the other's second
    are what the store's search puts side by side."""
    queries = [" ".join(distinctive(t, SEARCH_TERMS)) for t in texts]
    found = stems([*queries, *texts])
    return list(zip(found[: len(texts)], found[len(texts) :], strict=True))
