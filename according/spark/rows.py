"""Documents as flat table rows and back: the one mapping between ``according/1`` and Parquet.

The batch job writes these rows and ``according load`` reads them back into Documents, so a
field added to the document model is added here once. Speakers go through ``to_json`` /
``from_json`` so the rows carry whatever the document model knows of a speaker (name, type,
role, affiliation, mentions) and read back with defaults when a field is absent.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Any

from ..document import Article, Attribution, Document, Speaker
from ..errors import InputError
from ..ingest.dedup import normalize_url, text_key
from ..store.repository import article_key, content_hash, outlet_of

__all__ = [
    "UNDATED",
    "article_id",
    "article_row",
    "attribution_rows",
    "document_from_rows",
    "month_of",
    "reject_row",
]

#: ``published_month`` of articles without a publication date.
UNDATED = "undated"


def month_of(published: _dt.date | None) -> str:
    return published.strftime("%Y-%m") if published else UNDATED


def article_id(article: Article) -> str:
    """Stable across runs and machines: the store's article key, hashed (a join key, not a URL)."""
    return hashlib.sha256(article_key(article).encode("utf-8")).hexdigest()[:32]


def article_row(article: Article, unit: str, run: str, attributions: int) -> dict[str, Any]:
    return {
        "id": article_id(article),
        "key": article_key(article),
        "input": unit,
        "record": article.source,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "outlet": outlet_of(article),
        "site": article.site,
        "title": article.title,
        "byline": article.byline,
        "published": article.published,
        "published_month": month_of(article.published),
        "language": article.language,
        "path": article.path,
        "text_hash": content_hash(article.text),
        "dedup_text": text_key(article.text),
        "dedup_url": normalize_url(article.canonical_url) if article.canonical_url else None,
        "residue": [[s, e] for s, e in article.residue],
        "text": article.text,
        "attributions": attributions,
        "run": run,
    }


def attribution_rows(doc: Document, run: str) -> list[dict[str, Any]]:
    aid = article_id(doc.article)
    month = month_of(doc.article.published)
    return [_attribution_row(aid, i, a, month, run) for i, a in enumerate(doc.attributions)]


def _attribution_row(aid: str, position: int, a: Attribution, month: str, run: str) -> dict[str, Any]:
    speaker = a.speaker.to_json() if a.speaker else {}
    return {
        "article_id": aid,
        "position": position,
        "kind": a.kind,
        "stance": a.stance,
        "channel": a.channel,
        "parent": a.parent,
        "confidence": a.confidence,
        "cue_text": a.cue.text,
        "cue_start": a.cue.start,
        "cue_end": a.cue.end,
        "content_text": a.content.text,
        "content_spans": [[s, e] for s, e in a.content.spans],
        "source_text": a.source.text if a.source else None,
        "source_start": a.source.start if a.source else None,
        "source_end": a.source.end if a.source else None,
        "speaker_name": speaker.get("name"),
        "speaker_type": speaker.get("type"),
        "speaker_role": speaker.get("role"),
        "speaker_affiliation": speaker.get("affiliation"),
        "speaker_mentions": [[int(s), int(e)] for s, e in speaker.get("mentions") or ()],
        "published_month": month,
        "run": run,
    }


def reject_row(error: InputError, unit: str, run: str, kind: str = "error") -> dict[str, Any]:
    """``kind``: ``error`` (the record could not be read or extracted) or ``duplicate``."""
    return {"input": unit, "record": error.source, "reason": error.reason, "kind": kind, "run": run}


def document_from_rows(article: dict[str, Any], attributions: list[dict[str, Any]]) -> Document:
    """The Document an ``articles`` row and its ``attributions`` rows were written from."""
    published = article.get("published")
    if isinstance(published, str):
        published = _dt.date.fromisoformat(published)
    art = Article(
        text=article["text"],
        path=article.get("path"),
        url=article.get("url"),
        canonical_url=article.get("canonical_url"),
        title=article.get("title"),
        byline=article.get("byline"),
        published=published,
        site=article.get("site"),
        language=article.get("language"),
        residue=tuple((int(s), int(e)) for s, e in article.get("residue") or ()),
        source=article.get("record"),
    )
    ordered = sorted(attributions, key=lambda r: r["position"])
    return Document(
        article=art, attributions=tuple(Attribution.from_json(_attribution_json(r)) for r in ordered)
    )


def _attribution_json(row: dict[str, Any]) -> dict[str, Any]:
    source = None
    if row.get("source_text") is not None:
        source = {"text": row["source_text"], "start": row["source_start"], "end": row["source_end"]}
    speaker = None
    if row.get("speaker_name") is not None:
        speaker = {
            "name": row["speaker_name"],
            "type": row["speaker_type"],
            "role": row.get("speaker_role"),
            "affiliation": row.get("speaker_affiliation"),
            "mentions": [list(m) for m in row.get("speaker_mentions") or ()],
        }
    return {
        "kind": row["kind"],
        "source": source,
        "speaker": speaker,
        "cue": {"text": row["cue_text"], "start": row["cue_start"], "end": row["cue_end"]},
        "content": {"text": row["content_text"], "spans": [list(s) for s in row["content_spans"]]},
        "channel": row.get("channel"),
        "stance": row.get("stance", "report"),
        "parent": row.get("parent"),
        "confidence": row.get("confidence"),
    }


def speaker_of(row: dict[str, Any]) -> Speaker | None:
    """The Speaker of an attribution row (None when it has none)."""
    return Attribution.from_json(_attribution_json(row)).speaker
