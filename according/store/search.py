"""Full-text search over attribution content: SQLite FTS5 or PostgreSQL tsvector.

Both sides take the same user text (words, "quoted phrases", ``OR``) and read it the same way:
a result has every word unless OR is used; punctuation, ``-`` included, is never an operator.
Stemming is English on both (FTS5 porter, to_tsvector('english')).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, column, func, literal_column, text
from sqlalchemy.orm import Session

from ..analysis.similarity import STOP_WORDS, quoted_pieces
from .models import AttributionRow

#: The SQLite full-text index's tokenizer (migration 0001): English (Porter) stems.
FTS5_TOKENIZE = "porter unicode61"
#: Distinctive words a content is searched with, and wordings the search returns.
SEARCH_TERMS, SEARCH_LIMIT = 8, 20

_TERM = re.compile(r'"([^"]+)"|(\S+)')
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _terms(user_text: str) -> list[str | tuple[str, ...]]:
    """The query as "OR" markers and word tuples (a phrase, or one word), punctuation dropped."""
    parts: list[str | tuple[str, ...]] = []
    for phrase, word in _TERM.findall(user_text):
        if word == "OR" and not phrase:
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        words = tuple(_WORD.findall(phrase or word))
        if words:
            parts.append(words)
    while parts and parts[-1] == "OR":
        parts.pop()
    return parts


def fts5_query(user_text: str, *, any_term: bool = False) -> str:
    """A safe FTS5 MATCH expression: every term quoted, so user punctuation is never syntax."""
    return _render(user_text, any_term, _fts5_phrase, " ", " OR ")


def _fts5_phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'


def _ts_phrase(words: tuple[str, ...]) -> str:
    return "(" + " <-> ".join(w.lower() for w in words) + ")"


def tsquery_text(user_text: str, *, any_term: bool = False) -> str:
    """The same query for PostgreSQL's ``to_tsquery``: words are letters and digits only."""
    return _render(user_text, any_term, _ts_phrase, " & ", " | ")


def _render(
    user_text: str, any_term: bool, phrase: Callable[[tuple[str, ...]], str], and_: str, or_: str
) -> str:
    out: list[str] = []
    for part in _terms(user_text):
        if isinstance(part, str):  # "OR"
            if not any_term and out:
                out.append(or_)
            continue
        if out and out[-1] != or_:
            out.append(or_ if any_term else and_)
        out.append(phrase(part))
    return "".join(out)


def matches(dialect: str, user_text: str, *, any_term: bool = False) -> ColumnElement[bool]:
    """A WHERE clause on ``attributions`` for rows whose content matches ``user_text``."""
    if dialect == "sqlite":
        query = fts5_query(user_text, any_term=any_term) or '""'
        ids = text("SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :fts_query").bindparams(
            fts_query=query
        )
        return AttributionRow.id.in_(ids.columns(column("rowid")))
    tsquery = func.to_tsquery("english", tsquery_text(user_text, any_term=any_term) or "''")
    return literal_column("attributions.search").op("@@")(tsquery)


def contains(user_text: str, escape: str = "\\") -> str:
    """A LIKE pattern for "contains ``user_text``": its ``%`` and ``_`` match only themselves."""
    escaped = user_text.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")
    return f"%{escaped}%"


def distinctive(content: str, terms: int) -> list[str]:
    """The longest words of a content: the rarest, roughly, without a frequency table; the
    words it quotes first, since a quote is what other outlets repeat while each frames it
    in words of its own ("The Republican candidate asserted his leadership by saying, “…”").
    Stop words never count ("that", "this", "have"): every content has them, so searching
    with them fills the candidates with wordings that share nothing else."""
    quoted = _longest(" ".join(quoted_pieces(content)))
    return list(dict.fromkeys(quoted + _longest(content)))[:terms]


def _longest(text: str) -> list[str]:
    words = {w for w in (w.lower() for w in _WORD.findall(text) if len(w) > 3) if w not in STOP_WORDS}
    return sorted(words, key=lambda w: (-len(w), w))


def fts5_any(words: list[str]) -> str:
    """The FTS5 query for contents with any of ``words`` (each quoted: never syntax)."""
    return " OR ".join(f'"{w}"' for w in words)


def similar_wordings(
    session: Session, content: str, *, limit: int = SEARCH_LIMIT, terms: int = SEARCH_TERMS
) -> list[Any]:
    """Grouped attributions (id, claim_id, speaker_id, content_text, stance, claim_text: the
    claim's first wording) whose content shares the most distinctive words with ``content``,
    in one query: the candidate pool for claim grouping, so grouping stays fast on a large
    store."""
    words = distinctive(content, terms)
    if not words:
        return []
    columns = "a.id, a.claim_id, a.speaker_id, a.content_text, a.stance, c.text AS claim_text"
    if session.get_bind().dialect.name == "sqlite":
        query = fts5_any(words)
        sql = (
            f"SELECT {columns} FROM attributions_fts JOIN attributions a ON a.id = attributions_fts.rowid "
            "JOIN claims c ON c.id = a.claim_id WHERE attributions_fts MATCH :q ORDER BY rank LIMIT :n"
        )
    else:
        query = " | ".join(words)
        sql = (
            f"SELECT {columns} FROM attributions a JOIN claims c ON c.id = a.claim_id, "
            "to_tsquery('english', %(q)s) q WHERE a.search @@ q "
            "ORDER BY ts_rank(a.search, q) DESC LIMIT %(n)s"
        )
    # Straight to the driver: it runs once per content stored, and the words are bound, not spliced.
    return list(session.connection().exec_driver_sql(sql, {"q": query, "n": limit}))


def similar_ids(
    session: Session, content: str, *, limit: int = SEARCH_LIMIT, terms: int = SEARCH_TERMS
) -> list[int]:
    """Attribution ids whose content shares the most distinctive words with ``content``."""
    words = distinctive(content, terms)
    if not words:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        query = fts5_any(words)
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
