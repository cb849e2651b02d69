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
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from ..analysis.claims import ClaimCandidate, best_claim
from ..analysis.similarity import Similarity, load_similarity, negated
from ..analysis.speakers import Candidate, ParsedName, better_display, choose, parse_name, resolve_in_article
from ..document import Article, Attribution, Content, Document, Span, Speaker
from ..errors import NotFoundError
from . import db
from .models import MAX_ID, AliasRow, ArticleRow, AttributionRow, ClaimRow, SpeakerRow, utcnow
from .search import similar_ids

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

    def __init__(self, url: str | None = None, *, similarity: Similarity | str = "auto", create: bool = True):
        self.engine = db.open_engine(url, create_schema=create)
        self.url = db.describe(str(self.engine.url))
        self.dialect = self.engine.dialect.name
        self._writer = self.engine.execution_options(according_write=True)
        self._similarity = similarity
        self._vectors: dict[int, tuple[str, Any, bool]] = {}  # claim id -> (text, encoding, negated)

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
            speakers = self._resolve_speakers(s, doc)
            rows = [_attribution_row(row.id, i, a, speakers) for i, a in enumerate(doc.attributions)]
            s.add_all(rows)
            s.flush()
            self._group_claims(s, rows)
            if old_claims:
                self._tidy_claims(s, old_claims)
            return SaveResult(row.id, status, len(rows))

    def _tidy_claims(self, s: Session, claim_ids: set[int]) -> None:
        """After an update: drop claims left with no appearance, and re-word the others from
        their earliest remaining appearance (the old wording may be gone)."""
        for claim in s.scalars(select(ClaimRow).where(ClaimRow.id.in_(claim_ids))).all():
            first = s.scalar(
                select(AttributionRow.content_text)
                .where(AttributionRow.claim_id == claim.id)
                .order_by(AttributionRow.id)
                .limit(1)
            )
            if first is None:
                s.delete(claim)
            elif first != claim.text:
                claim.text = first
                claim.vector = self.similarity.to_bytes(self.similarity.encode([first])[0])

    def _resolve_speakers(self, s: Session, doc: Document) -> dict[tuple[str, str], int | None]:
        """Map each (name, type) of the article to a canonical speaker id (None: unnamed)."""
        names = sorted(
            {
                (a.speaker.name, a.speaker.type)
                for a in doc.attributions
                if a.speaker and a.speaker.name.strip()
            }
        )
        parsed = resolve_in_article(names)
        out: dict[tuple[str, str], int | None] = {}
        for item in names:
            mention = parsed[item]
            if not mention.named:
                out[item] = None
                continue
            raw_key = parse_name(*item).key
            speaker_id = None
            for key in dict.fromkeys((mention.key, raw_key)):
                speaker_id = speaker_id or s.scalar(
                    select(AliasRow.speaker_id)
                    .where(AliasRow.key == key, AliasRow.manual.is_(True))
                    .order_by(AliasRow.id)
                    .limit(1)
                )
            if speaker_id is None:
                speaker_id = choose(mention, _candidates(s, mention.key, mention.surname))
            if speaker_id is None:
                speaker_id = new_speaker(s, mention).id
            else:
                speaker = s.get_one(SpeakerRow, speaker_id)
                if better_display(parse_name(speaker.name, speaker.type), mention):
                    speaker.name, speaker.key = mention.display, mention.key
            for alias in dict.fromkeys((item[0].strip(), mention.display)):
                _add_alias(s, speaker_id, alias, parse_name(alias, item[1]).key)
            out[item] = speaker_id
        return out

    def _group_claims(self, s: Session, rows: list[AttributionRow]) -> None:
        sim = self.similarity
        vectors = sim.encode([r.content_text for r in rows])
        for row, vector in zip(rows, vectors, strict=True):
            if not row.content_text.strip():
                continue
            candidates = self._claim_candidates(s, row)
            found = best_claim(vector, row.speaker_id, candidates, sim, negated(row.content_text))
            if found is None:
                claim = ClaimRow(
                    text=row.content_text,
                    speaker_id=row.speaker_id,
                    vector=sim.to_bytes(vector),
                    created_at=utcnow(),
                )
                s.add(claim)
                s.flush()
                found = claim.id
            row.claim_id = found  # flushed by the next query's autoflush, or the commit

    def _claim_candidates(self, s: Session, row: AttributionRow) -> list[ClaimCandidate]:
        """The speaker's most recent claims plus claims whose wording shares rare words."""
        columns = select(ClaimRow.id, ClaimRow.speaker_id, ClaimRow.text, ClaimRow.vector)
        claims: dict[int, Any] = {}
        if row.speaker_id is not None:
            own = columns.where(ClaimRow.speaker_id == row.speaker_id).order_by(ClaimRow.id.desc()).limit(150)
            claims.update((c.id, c) for c in s.execute(own))
        similar = similar_ids(s, row.content_text)
        if similar:
            by_words = columns.where(
                ClaimRow.id.in_(select(AttributionRow.claim_id).where(AttributionRow.id.in_(similar)))
            )
            claims.update((c.id, c) for c in s.execute(by_words))
        return [self._candidate(c) for c in claims.values()]

    def _candidate(self, claim: Any) -> ClaimCandidate:
        """A claim ready for comparison; encodings are cached by claim id (lexical ones are
        not stored, and a prolific speaker's claims are compared again and again)."""
        cached = self._vectors.get(claim.id)
        if cached is None or cached[0] != claim.text:
            sim = self.similarity
            vector = sim.from_bytes(claim.vector)
            if vector is None:
                vector = sim.encode([claim.text])[0]
            cached = (claim.text, vector, negated(claim.text))
            if len(self._vectors) >= 50_000:
                self._vectors.pop(next(iter(self._vectors)))
            self._vectors[claim.id] = cached
        return ClaimCandidate(claim.id, claim.speaker_id, cached[1], cached[2])

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


def new_speaker(s: Session, name: ParsedName) -> SpeakerRow:
    speaker = SpeakerRow(
        name=name.display, type=name.type, key=name.key, surname=name.surname, created_at=utcnow()
    )
    s.add(speaker)
    s.flush()
    return speaker


def _candidates(s: Session, key: str, surname: str | None) -> list[Candidate]:
    by_alias = select(AliasRow.speaker_id).where(AliasRow.key == key)
    condition = or_(SpeakerRow.key == key, SpeakerRow.id.in_(by_alias))
    if surname:
        condition = or_(condition, SpeakerRow.surname == surname)
    speakers = s.scalars(select(SpeakerRow).where(condition).order_by(SpeakerRow.id)).all()
    if not speakers:
        return []
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in s.execute(
        select(AliasRow.speaker_id, AliasRow.alias).where(AliasRow.speaker_id.in_([sp.id for sp in speakers]))
    ):
        aliases.setdefault(speaker_id, []).append(alias)
    out = []
    for sp in speakers:
        parsed_aliases = [parse_name(a, sp.type) for a in aliases.get(sp.id, [])]
        out.append(
            Candidate(
                id=sp.id,
                name=parse_name(sp.name, sp.type),
                alias_keys=frozenset({sp.key, *(p.key for p in parsed_aliases)}),
                genders=frozenset(p.gender for p in parsed_aliases if p.gender),
            )
        )
    return out


def _add_alias(s: Session, speaker_id: int, alias: str, key: str, manual: bool = False) -> None:
    exists = s.scalar(select(AliasRow.id).where(AliasRow.speaker_id == speaker_id, AliasRow.alias == alias))
    if exists is None:
        s.add(AliasRow(speaker_id=speaker_id, alias=alias, key=key, manual=manual))
        s.flush()


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
    article_id: int, position: int, a: Attribution, speakers: dict[tuple[str, str], int | None]
) -> AttributionRow:
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
        channel=a.channel,
        parent=a.parent,
        confidence=a.confidence,
        speaker_id=speakers.get((a.speaker.name, a.speaker.type)) if a.speaker else None,
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
    speaker = Speaker(row.speaker_name, row.speaker_type) if row.speaker_name is not None else None  # type: ignore[arg-type]
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
