"""Write and load articles: one transaction per article, keyed so a re-ingest updates.

``Store.save`` stores a Document with its speakers and claims in one transaction, so a
killed ingest leaves either the whole article or none of it, and a rerun skips what is
already stored (same key, same text). Writers are serialised per database (SQLite
``BEGIN IMMEDIATE`` + busy timeout, PostgreSQL advisory lock) and retried on lock
contention, so two ingests into one database lose nothing.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..analysis.similarity import DEFAULT_METHOD, Similarity, load_similarity
from ..document import Article, Attribution, Content, Document, Span, Speaker
from ..errors import NotFoundError
from . import db
from .linking import ClaimGrouper, SpeakerKey, SpeakerLinker, speaker_key, tidy_claims
from .models import MAX_ID, ArticleRow, AttributionRow, ClaimRow, SpeakerRow, utcnow

log = logging.getLogger(__name__)

KEY_LENGTH: int = getattr(ArticleRow.__table__.c.key.type, "length", None) or 1000


@dataclass(frozen=True)
class SaveResult:
    article_id: int
    status: str  # "new" | "updated" | "unchanged"
    attributions: int


def content_hash(text: str) -> str:
    # surrogatepass: a text read back from JSON may hold lone surrogates (stored as U+FFFD).
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def article_key(article: Article) -> str:
    """The canonical URL when the page named one, else the hash of the text. A canonical URL
    too long for the key column is keyed by its hash, so two long URLs never share a key."""
    url = article.canonical_url
    if url and len(url) > KEY_LENGTH:
        return f"url-sha256:{content_hash(url)}"
    return url or f"sha256:{content_hash(article.text)}"


def outlet_of(article: Article) -> str:
    """The site name, else the host of the (canonical) URL, else "unknown"."""
    if article.site:
        return article.site
    for url in (article.canonical_url, article.url):
        try:
            host = urlsplit(url).hostname if url else None
        except ValueError:  # a malformed address names no host
            continue
        if host:
            return host.removeprefix("www.")
    return "unknown"


class Store:
    """The record across articles, on SQLite or PostgreSQL."""

    def __init__(
        self, url: str | None = None, *, similarity: Similarity | str = DEFAULT_METHOD, create: bool = True
    ):
        self.engine = db.open_engine(url, create_schema=create)
        self.url = db.describe(str(self.engine.url))
        self.dialect = self.engine.dialect.name
        self._writer = self.engine.execution_options(according_write=True)
        self._similarity = similarity
        self._grouper: ClaimGrouper | None = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def similarity(self) -> Similarity:
        if isinstance(self._similarity, str):
            self._similarity = load_similarity(self._similarity)
        return self._similarity

    @property
    def grouper(self) -> ClaimGrouper:
        if self._grouper is None:
            self._grouper = ClaimGrouper(self.similarity)
        return self._grouper

    def session(self) -> Session:
        return Session(self.engine)

    def write_session(self) -> Session:
        return Session(self._writer, expire_on_commit=False)

    # ---- writing -------------------------------------------------------------------------

    def is_stored(self, article: Article) -> bool:
        """True when this exact article text is already stored under its key (resume skip)."""
        with self.session() as s:
            stored = s.scalar(select(ArticleRow.content_hash).where(ArticleRow.key == article_key(article)))
        return stored == content_hash(article.text)

    def save(self, doc: Document, *, force: bool = False) -> SaveResult:
        where = doc.article.source or doc.article.path or doc.article.url or "<article>"
        return db.with_retry(lambda: self._save_once(doc, force), what=f"{self.url}: storing {where}")

    def _save_once(self, doc: Document, force: bool) -> SaveResult:
        article = doc.article
        key, digest = article_key(article), content_hash(article.text)
        with self.write_session() as s, s.begin():
            db.lock_writers(s)
            row = s.scalar(select(ArticleRow).where(ArticleRow.key == key))
            if row is not None and row.content_hash == digest and not force:
                return SaveResult(row.id, "unchanged", 0)
            status = "new" if row is None else "updated"
            old_claims: set[int] = set()
            if row is None:
                row = ArticleRow(key=key, ingested_at=utcnow())
                s.add(row)
            else:
                old_claims = set(
                    s.scalars(
                        select(AttributionRow.claim_id).where(
                            AttributionRow.article_id == row.id, AttributionRow.claim_id.is_not(None)
                        )
                    )
                )
                s.execute(delete(AttributionRow).where(AttributionRow.article_id == row.id))
            _fill_article(row, article, digest)
            s.flush()
            speakers = SpeakerLinker(s).link(doc)
            rows = [_attribution_row(row.id, i, a, speakers) for i, a in enumerate(doc.attributions)]
            s.add_all(rows)
            s.flush()
            self.grouper.group(s, rows)
            if old_claims:
                tidy_claims(s, old_claims, self.similarity)
            return SaveResult(row.id, status, len(rows))

    # ---- loading -------------------------------------------------------------------------

    def load(self, article_id: int) -> Document:
        """The stored Document, exactly as it was saved."""
        with self.session() as s:
            row = s.get(ArticleRow, article_id) if 0 < article_id <= MAX_ID else None
            if row is None:
                raise NotFoundError(
                    f"article {article_id}: not in {self.url}; see `according claims` for ids"
                )
            attributions = s.scalars(
                select(AttributionRow)
                .where(AttributionRow.article_id == article_id)
                .order_by(AttributionRow.position)
            ).all()
            return Document(article=_article(row), attributions=tuple(_attribution(a) for a in attributions))

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            return {
                name: s.scalar(select(func.count()).select_from(table)) or 0
                for name, table in (
                    ("articles", ArticleRow),
                    ("attributions", AttributionRow),
                    ("speakers", SpeakerRow),
                    ("claims", ClaimRow),
                )
            }


def _fill_article(row: ArticleRow, article: Article, digest: str) -> None:
    row.content_hash = digest
    row.outlet = outlet_of(article)
    row.url, row.canonical_url, row.title, row.byline = (
        article.url,
        article.canonical_url,
        article.title,
        article.byline,
    )
    row.published, row.site, row.language = article.published, article.site, article.language
    row.path, row.source, row.text = article.path, article.source, article.text
    row.residue = [[s, e] for s, e in article.residue]
    row.updated_at = utcnow()


def _attribution_row(
    article_id: int, position: int, a: Attribution, speakers: dict[SpeakerKey, int | None]
) -> AttributionRow:
    key = speaker_key(a.speaker)
    return AttributionRow(
        article_id=article_id,
        position=position,
        kind=a.kind,
        stance=a.stance,
        cue_text=a.cue.text,
        cue_start=a.cue.start,
        cue_end=a.cue.end,
        content_text=a.content.text,
        content_spans=[[s, e] for s, e in a.content.spans],
        source_text=a.source.text if a.source else None,
        source_start=a.source.start if a.source else None,
        source_end=a.source.end if a.source else None,
        speaker_name=a.speaker.name if a.speaker else None,
        speaker_type=a.speaker.type if a.speaker else None,
        speaker_role=a.speaker.role if a.speaker else None,
        speaker_affiliation=a.speaker.affiliation if a.speaker else None,
        speaker_mentions=[[s, e] for s, e in a.speaker.mentions] if a.speaker else None,
        channel=a.channel,
        parent=a.parent,
        confidence=a.confidence,
        speaker_id=speakers.get(key) if key else None,
    )


def _article(row: ArticleRow) -> Article:
    return Article(
        text=row.text,
        path=row.path,
        url=row.url,
        canonical_url=row.canonical_url,
        title=row.title,
        byline=row.byline,
        published=row.published,
        site=row.site,
        language=row.language,
        residue=tuple((int(s), int(e)) for s, e in row.residue or ()),
        source=row.source,
    )


def _attribution(row: AttributionRow) -> Attribution:
    source = None
    if row.source_text is not None and row.source_start is not None and row.source_end is not None:
        source = Span(row.source_text, row.source_start, row.source_end)
    speaker = (
        Speaker(
            row.speaker_name,
            row.speaker_type,  # type: ignore[arg-type]
            tuple((int(s), int(e)) for s, e in row.speaker_mentions or ()),
            row.speaker_role,
            row.speaker_affiliation,
        )
        if row.speaker_name is not None and row.speaker_type != "none"
        else None
    )
    return Attribution(
        kind=row.kind,  # type: ignore[arg-type]
        cue=Span(row.cue_text, row.cue_start, row.cue_end),
        content=Content(row.content_text, tuple((int(s), int(e)) for s, e in row.content_spans)),
        source=source,
        speaker=speaker,
        channel=row.channel,
        stance=row.stance,  # type: ignore[arg-type]
        parent=row.parent,
        confidence=row.confidence,
    )
