"""Full-text search over attribution content: SQLite FTS5 or PostgreSQL tsvector.

Both sides take the same user text (words, "quoted phrases", ``OR``); a result has every word
unless OR is used. Stemming is English on both (FTS5 porter, to_tsvector('english')).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, column, func, literal_column, text
from sqlalchemy.orm import Session

from .models import AttributionRow

_TERM = re.compile(r'"([^"]+)"|(\S+)')
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fts5_query(user_text: str, *, any_term: bool = False) -> str:
    """A safe FTS5 MATCH expression: every term quoted, so user punctuation is never syntax."""
    parts: list[str] = []
    for phrase, word in _TERM.findall(user_text):
        if word == "OR" and not phrase:
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        words = _WORD.findall(phrase or word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    return (" OR " if any_term else " ").join(p for p in parts if not (any_term and p == "OR"))


def matches(dialect: str, user_text: str, *, any_term: bool = False) -> ColumnElement[bool]:
    """A WHERE clause on ``attributions`` for rows whose content matches ``user_text``."""
    if dialect == "sqlite":
        query = fts5_query(user_text, any_term=any_term) or '""'
        ids = text("SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :fts_query").bindparams(
            fts_query=query
        )
        return AttributionRow.id.in_(ids.columns(column("rowid")))
    if any_term:
        words = [w.lower() for w in _WORD.findall(user_text)]
        tsquery = func.to_tsquery("english", " | ".join(words) or "''")
    else:
        tsquery = func.websearch_to_tsquery("english", user_text)
    return literal_column("attributions.search").op("@@")(tsquery)


def distinctive(content: str, terms: int) -> list[str]:
    """The longest words of a content: the rarest, roughly, without a frequency table."""
    words = {w.lower() for w in _WORD.findall(content) if len(w) > 3}
    return sorted(words, key=lambda w: (-len(w), w))[:terms]


def similar_wordings(session: Session, content: str, *, limit: int = 20, terms: int = 8) -> list[Any]:
    """Grouped attributions (id, claim_id, speaker_id, content_text, stance) whose content
    shares the most distinctive words with ``content``, in one query: the candidate pool for
    claim grouping, so grouping stays fast on a large store."""
    words = distinctive(content, terms)
    if not words:
        return []
    columns = "a.id, a.claim_id, a.speaker_id, a.content_text, a.stance"
    if session.get_bind().dialect.name == "sqlite":
        query = " OR ".join(f'"{w}"' for w in words)
        sql = (
            f"SELECT {columns} FROM attributions_fts JOIN attributions a ON a.id = attributions_fts.rowid "
            "WHERE attributions_fts MATCH :q AND a.claim_id IS NOT NULL ORDER BY rank LIMIT :n"
        )
    else:
        query = " | ".join(words)
        sql = (
            f"SELECT {columns} FROM attributions a, to_tsquery('english', :q) q "
            "WHERE a.search @@ q AND a.claim_id IS NOT NULL ORDER BY ts_rank(a.search, q) DESC LIMIT :n"
        )
    return list(session.execute(text(sql), {"q": query, "n": limit}))


def similar_ids(session: Session, content: str, *, limit: int = 20, terms: int = 8) -> list[int]:
    """Attribution ids whose content shares the most distinctive words with ``content``."""
    words = distinctive(content, terms)
    if not words:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        query = " OR ".join(f'"{w}"' for w in words)
        rows = session.execute(
            text("SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :q ORDER BY rank LIMIT :n"),
            {"q": query, "n": limit},
        )
    else:
        rows = session.execute(
            text(
                "SELECT id FROM attributions, to_tsquery('english', :q) q WHERE search @@ q "
                "ORDER BY ts_rank(search, q) DESC LIMIT :n"
            ),
            {"q": " | ".join(words), "n": limit},
        )
    return [r[0] for r in rows]
