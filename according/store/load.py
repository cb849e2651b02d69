"""Bulk-load a batch output (``according batch --out DIR``) into the store.

Articles, attributions, canonical speakers (with their aliases, the reason each name joined,
ambiguity and evidence) and claims (with the claims they deny or contradict) go in as the
batch computed them, so the CLI, API and web UI see batch results like ingested articles. Rows are
built by the same mapping as ``Store.save`` (``repository._fill_article`` /
``_attribution_row``), then written by PostgreSQL ``COPY`` or SQLite batched inserts, one
transaction per chunk of articles under the store's writer lock.

Idempotent and resumable without any bookkeeping of its own: an article whose key is stored
with the same text is skipped, and the batch speakers and claims that earlier chunks created
are found again through the stored attributions that refer to them (every speaker and claim is
written in the transaction of its first attribution). A batch speaker joins a speaker that was
in the store before when exactly one has its normalised name and type; batch claims are kept
as the batch grouped them.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, insert, select, text

from ..errors import AccordingError
from . import db
from .models import AliasRow, ArticleRow, AttributionRow, ClaimRow, SpeakerRow, utcnow
from .repository import Store, _attribution_row, _fill_article, content_hash

log = logging.getLogger(__name__)

__all__ = ["LoadReport", "load_batch"]

CHUNK = 500
#: The corpus tables' layout this loader reads (``spark.corpus.VERSION``, kept in step by a test).
CORPUS_VERSION = 3


@dataclass
class LoadReport:
    new: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)  # keys stored with another text
    attributions: int = 0
    speakers: int = 0
    claims: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "conflicts": list(self.conflicts),
            "attributions": self.attributions,
            "speakers": self.speakers,
            "claims": self.claims,
            "seconds": round(self.seconds, 3),
        }


class _Batch:
    """The tables of a batch output, read with pyarrow month by month."""

    def __init__(self, root: str) -> None:
        self.root = Path(root).expanduser()
        manifest = self.root / "_manifest.json"
        if not manifest.is_file():
            raise AccordingError(
                f"{root}: not a batch output (no _manifest.json); give a directory "
                "written by `according batch --out`"
            )
        data = json.loads(manifest.read_text(encoding="utf-8"))
        self.runs = [r["run"] for r in data.get("runs") or []]
        corpus = data.get("corpus") or {}
        if not self.runs:
            raise AccordingError(f"{root}: no finished batch run to load; run `according batch` first")
        if corpus.get("runs") != self.runs or corpus.get("version") != CORPUS_VERSION:
            why = "do not cover every run" if corpus.get("runs") != self.runs else "are of an older version"
            raise AccordingError(
                f"{root}: speakers and claims {why}; "
                f"run `according batch --resume --out {root}` (same inputs) to rebuild them"
            )
        try:
            import pyarrow.dataset as ds
        except ImportError as exc:
            raise AccordingError("according load needs pyarrow: pip install 'according[spark]'") from exc
        self._ds = ds
        self.empty = not (data.get("counts") or {}).get("articles")

    def _dataset(self, table: str) -> Any:
        return self._ds.dataset(str(self.root / table), format="parquet", partitioning="hive")

    def _rows(self, table: str, condition: Any = None) -> list[dict[str, Any]]:
        data = self._dataset(table)
        return data.to_table(filter=condition).to_pylist()

    def months(self) -> list[str]:
        data = self._dataset("articles")
        field_ = self._ds.field
        table = data.to_table(columns=["published_month"], filter=field_("run").isin(self.runs))
        return sorted(set(table.column("published_month").to_pylist()))

    def month(self, month: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        f = self._ds.field
        runs = f("run").isin(self.runs)
        in_month = f("published_month") == month
        articles = self._rows("articles", runs & in_month)
        attributions = self._rows("attributions", runs & in_month)
        links = self._rows("attribution_links", in_month)
        return articles, attributions, links

    def speakers(self) -> dict[int, dict[str, Any]]:
        return {r["speaker_id"]: r for r in self._rows("speakers")}

    def claims(self, ids: set[int]) -> dict[int, dict[str, Any]]:
        if not ids:
            return {}
        rows = self._rows("claims", self._ds.field("claim_id").isin(sorted(ids)))
        return {r["claim_id"]: r for r in rows}


def load_batch(root: str, store: Store, *, chunk: int = CHUNK) -> LoadReport:
    """Load the batch output at ``root`` into ``store``; safe to run again after a stop."""
    from ..spark.rows import document_from_rows

    batch = _Batch(root)
    report = LoadReport()
    if batch.empty:
        return report
    started = time.perf_counter()
    speakers = batch.speakers()
    loader = _Loader(store, report, speakers)
    for month in batch.months():
        articles, attributions, links = batch.month(month)
        by_article: dict[str, list[dict[str, Any]]] = {}
        for row in attributions:
            by_article.setdefault(row["article_id"], []).append(row)
        link_of = {(r["article_id"], r["position"]): r for r in links}
        articles.sort(key=lambda r: (str(r["published"] or ""), r["key"]))
        for start in range(0, len(articles), chunk):
            part = articles[start : start + chunk]
            docs = [(a, document_from_rows(a, by_article.get(a["id"], []))) for a in part]
            claim_ids = {
                link["claim_id"]
                for a in part
                for r in by_article.get(a["id"], [])
                if (link := link_of.get((a["id"], r["position"]))) and link["claim_id"] is not None
            }
            loader.chunk(docs, link_of, batch.claims(claim_ids - set(loader.claim_map)))
    report.seconds = time.perf_counter() - started
    return report


class _Loader:
    """Writes chunks of articles; remembers which store rows the batch speakers and claims became."""

    def __init__(self, store: Store, report: LoadReport, speakers: dict[int, dict[str, Any]]) -> None:
        self.store = store
        self.report = report
        self.speakers = speakers
        self.speaker_map: dict[int, int] = {}  # batch speaker id -> store speaker id
        self.claim_map: dict[int, int] = {}  # batch claim id -> store claim id

    def chunk(
        self, docs: list[tuple[dict[str, Any], Any]], links: dict[Any, Any], claims: dict[int, Any]
    ) -> None:
        speakers, claims_before = dict(self.speaker_map), dict(self.claim_map)

        def attempt() -> None:
            try:
                self._chunk(docs, links, claims)
            except Exception:
                self.speaker_map, self.claim_map = dict(speakers), dict(claims_before)  # rolled back
                raise

        db.with_retry(attempt, what=f"{self.store.url}: loading a batch")

    def _chunk(
        self, docs: list[tuple[dict[str, Any], Any]], links: dict[Any, Any], claims: dict[int, Any]
    ) -> None:
        with self.store.write_session() as session, session.begin():
            db.lock_writers(session)
            conn = session.connection()
            keys = [row["key"] for row, _ in docs]
            query = select(ArticleRow.key, ArticleRow.id, ArticleRow.content_hash).where(
                ArticleRow.key.in_(keys)
            )
            stored = {key: (article_id, digest) for key, article_id, digest in conn.execute(query)}
            fresh = []
            for row, doc in docs:
                found = stored.get(row["key"])
                if found is None:
                    fresh.append((row, doc))
                elif found[1] == content_hash(doc.article.text):
                    self.report.unchanged += 1
                    self._recover(conn, found[0], row["id"], links)
                else:
                    self.report.conflicts.append(row["key"])
            if fresh:
                self._insert(conn, fresh, links, claims)

    def _recover(self, conn: Connection, article_id: int, batch_id: str, links: dict[Any, Any]) -> None:
        """Map this article's batch speakers and claims to the rows a previous load made."""
        query = select(AttributionRow.position, AttributionRow.speaker_id, AttributionRow.claim_id).where(
            AttributionRow.article_id == article_id
        )
        for position, speaker_id, claim_id in conn.execute(query):
            link = links.get((batch_id, position)) or {}
            if link.get("speaker_id") is not None and speaker_id is not None:
                self.speaker_map.setdefault(link["speaker_id"], speaker_id)
            if link.get("claim_id") is not None and claim_id is not None:
                self.claim_map.setdefault(link["claim_id"], claim_id)

    def _speaker(self, conn: Connection, batch_id: int | None, pending: dict[int, None]) -> Any:
        """The store id of a batch speaker, or a placeholder until its row is written."""
        if batch_id is None:
            return None
        if batch_id in self.speaker_map:
            return self.speaker_map[batch_id]
        if batch_id not in pending:
            row = self.speakers[batch_id]
            known = (
                conn.execute(
                    select(SpeakerRow.id)
                    .where(SpeakerRow.key == row["key"], SpeakerRow.type == row["type"])
                    .limit(2)
                )
                .scalars()
                .all()
            )
            if len(known) == 1 and known[0] not in set(self.speaker_map.values()):
                self.speaker_map[batch_id] = known[0]
                return known[0]
            pending[batch_id] = None
        return _Pending("speaker", batch_id)

    def _claim(self, batch_id: int | None, pending: dict[int, None]) -> Any:
        if batch_id is None:
            return None
        if batch_id in self.claim_map:
            return self.claim_map[batch_id]
        pending[batch_id] = None
        return _Pending("claim", batch_id)

    def _insert(
        self, conn: Connection, fresh: list[Any], links: dict[Any, Any], claims: dict[int, Any]
    ) -> None:
        new_speakers: dict[int, None] = {}
        new_claims: dict[int, None] = {}
        article_rows, attribution_rows = [], []
        for (row, doc), store_id in zip(
            fresh, _allocate(conn, ArticleRow.__table__, len(fresh)), strict=True
        ):
            article = ArticleRow(id=store_id, key=row["key"], ingested_at=utcnow())
            _fill_article(article, doc.article, content_hash(doc.article.text))
            article_rows.append(_values(article))
            for position, attribution in enumerate(doc.attributions):
                link = links.get((row["id"], position)) or {}
                speaker = self._speaker(conn, link.get("speaker_id"), new_speakers)
                named = (
                    {(attribution.speaker.name, attribution.speaker.type): speaker}
                    if attribution.speaker
                    else {}
                )
                values = _values(_attribution_row(store_id, position, attribution, named))
                values["claim_id"] = self._claim(link.get("claim_id"), new_claims)
                attribution_rows.append(values)
        claim_speakers = {b: self._speaker(conn, claims[b]["speaker_id"], new_speakers) for b in new_claims}
        if new_speakers:
            ids = _allocate(conn, SpeakerRow.__table__, len(new_speakers))
            self.speaker_map.update(zip(new_speakers, ids, strict=True))
            _write(conn, SpeakerRow.__table__, [self._speaker_values(b) for b in new_speakers])
            _write(conn, AliasRow.__table__, [a for b in new_speakers for a in self._alias_values(b)])
            self.report.speakers += len(new_speakers)
        if new_claims:
            ids = _allocate(conn, ClaimRow.__table__, len(new_claims))
            self.claim_map.update(zip(new_claims, ids, strict=True))
            rows = []
            for b in new_claims:
                claim = claims[b]
                target = claim["response_to"]
                answers = self.claim_map.get(target) if target is not None else None
                rows.append(
                    _values(
                        ClaimRow(
                            id=self.claim_map[b],
                            text=claim["text"],
                            speaker_id=self._final(claim_speakers[b]),
                            vector=claim["vector"],
                            response_to=answers,
                            response_kind=claim["response_kind"] if answers is not None else None,
                            created_at=utcnow(),
                        )
                    )
                )
            _write(conn, ClaimRow.__table__, rows)
            self.report.claims += len(new_claims)
        _write(conn, ArticleRow.__table__, article_rows)
        for values, store_id in zip(
            attribution_rows, _allocate(conn, AttributionRow.__table__, len(attribution_rows)), strict=True
        ):
            values["id"] = store_id
            values["speaker_id"] = self._final(values["speaker_id"])
            values["claim_id"] = self._final(values["claim_id"])
        _write(conn, AttributionRow.__table__, attribution_rows)
        self.report.new += len(article_rows)
        self.report.attributions += len(attribution_rows)

    def _final(self, value: Any) -> int | None:
        if isinstance(value, _Pending):
            return (self.speaker_map if value.kind == "speaker" else self.claim_map)[value.batch_id]
        return value

    def _speaker_values(self, batch_id: int) -> dict[str, Any]:
        row = self.speakers[batch_id]
        speaker = SpeakerRow(
            id=self.speaker_map[batch_id],
            name=row["name"],
            type=row["type"],
            key=row["key"],
            surname=row["surname"],
            initials=row["initials"],
            ambiguous=row["ambiguous"],
            evidence=json.loads(row["evidence"]) if row["evidence"] else None,
            created_at=utcnow(),
        )
        return _values(speaker)

    def _alias_values(self, batch_id: int) -> list[dict[str, Any]]:
        speaker_id = self.speaker_map[batch_id]
        return [
            _values(
                AliasRow(
                    speaker_id=speaker_id,
                    alias=a["alias"],
                    key=a["key"],
                    manual=False,
                    reason=a["reason"],
                    type=a["type"],
                    origin=a["origin"],
                )
            )
            for a in self.speakers[batch_id]["aliases"]
        ]


@dataclass(frozen=True)
class _Pending:
    kind: str
    batch_id: int


def _values(row: Any) -> dict[str, Any]:
    """Column values of an ORM row built by the store's own mapping, defaults filled in; a
    column left unset that the database defaults itself is left out for it to fill."""
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key, None)
        if value is None and column.primary_key:
            continue  # the database numbers it
        if value is None and column.default is not None and not column.primary_key:
            default = column.default.arg  # type: ignore[attr-defined]
            value = default(None) if callable(default) else default
        if value is None and column.server_default is not None:
            continue
        out[column.key] = value
    return out


def _allocate(conn: Connection, table: Any, count: int) -> list[int]:
    """``count`` fresh ids for ``table`` (writers hold the store's lock, so nobody else takes them)."""
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        sequence = conn.execute(text(f"SELECT pg_get_serial_sequence('{table.name}', 'id')")).scalar_one()
        rows = conn.execute(
            text("SELECT nextval(:s) FROM generate_series(1, :n)"), {"s": sequence, "n": count}
        )
        return [int(r[0]) for r in rows]
    top = conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar() or 0
    return list(range(top + 1, top + 1 + count))


def _write(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy(conn, table, rows)
    else:
        conn.execute(insert(table), rows)


def _copy(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL ``COPY … FROM STDIN`` (CSV), the fastest way in; JSON columns as JSON text."""
    columns = [c.key for c in table.columns if c.key in rows[0]]
    json_columns = {c.key for c in table.columns if isinstance(c.type, JSON)}
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])
