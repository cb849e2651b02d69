"""The one ingest pipeline: read → skip what is stored → extract → save → count.

``according ingest``, the store benchmark and the HTTP API all store articles through
``Ingest``, so a fix to the loop (what counts as "unchanged", where the outlet comes from, how
a bad input is reported) reaches every door at once. Bad inputs never stop a run: each comes
out of ``Ingest.stream`` as an ``InputError`` in its place and is counted in the report.

    >>> report = ingest(["articles/"], store, IngestConfig(outlet="Gazette"))
    >>> report.new, report.unchanged, len(report.errors)
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..attribution import Extractor
from ..batch import ExtractOptions, extract_articles
from ..document import Article, Document
from ..errors import InputError
from ..ingest import IngestOptions, IngestStats, read_sources
from ..ingest.filemeta import MetadataOptions
from .models import ArticleRow
from .repository import SaveResult, Store, article_key, content_hash

log = logging.getLogger(__name__)

__all__ = ["IngestConfig", "IngestReport", "Ingest", "ingest", "read_documents"]


@dataclass(frozen=True)
class IngestConfig:
    """Everything an ingest run can be told, in one object.

    ``read`` says how inputs are read (size cap, format, private URLs, cache, download jobs);
    ``extract`` which extractor runs and on how many processes. ``documents`` means the sources
    are ``according extract`` JSON/JSONL to store as they are, without extracting. ``outlet`` is
    given to articles that carry no site name. ``metadata`` fills in outlet, date and title
    from sidecars, a metadata table or the file name (``according.ingest.filemeta``).
    ``force`` re-extracts and re-stores articles already stored with the same text.
    """

    read: IngestOptions = field(default_factory=IngestOptions)
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    documents: bool = False
    outlet: str | None = None
    force: bool = False
    metadata: MetadataOptions = field(default_factory=MetadataOptions)


@dataclass
class IngestReport:
    """What a run did: articles new / updated / unchanged, the inputs it could not use, and the
    attributions it stored. ``skipped`` counts what the reader passed over (duplicates, …)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    attributions: int = 0
    errors: list[InputError] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    articles: list[int] = field(default_factory=list)  # ids of the articles stored or found unchanged

    @property
    def stored(self) -> int:
        return self.new + self.updated

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "attributions": self.attributions,
            "errors": [{"input": e.source, "reason": e.reason} for e in self.errors],
            "skipped": dict(self.skipped),
            "seconds": round(self.seconds, 3),
            "articles": list(self.articles),
        }


class Ingest:
    """One run of the pipeline into ``store``; ``report`` fills in as ``stream`` is consumed.

    ``extractor`` is an already-loaded extractor to use instead of loading the one that
    ``config.extract`` names (a long-running server loads its model once).
    """

    def __init__(
        self, store: Store, config: IngestConfig | None = None, *, extractor: Extractor | None = None
    ):
        self.store = store
        self.config = config or IngestConfig()
        self.extractor = extractor
        self.report = IngestReport()
        self._stats = IngestStats()

    def stream(self, sources: Sequence[str]) -> Iterator[SaveResult | InputError]:
        """Read ``sources`` (files, directories, URLs, ``-``) and store each article."""
        if self.config.documents:
            return self._save(read_documents(sources))
        return self.articles(read_sources(sources, self.config.read, self._stats))

    def articles(self, items: Iterable[Article | InputError]) -> Iterator[SaveResult | InputError]:
        """Skip what is stored, extract the rest, store it: for articles already read."""
        return self._save(
            extract_articles(self._pending(items), self.config.extract, extractor=self.extractor)
        )

    def documents(self, items: Iterable[Document | InputError]) -> Iterator[SaveResult | InputError]:
        """Store already-extracted documents (what ``--documents`` and the benchmark do)."""
        return self._save(items)

    def _pending(self, items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
        for item in items:
            if isinstance(item, Article):
                try:
                    item = self._with_outlet(item)
                except InputError as exc:
                    yield exc
                    continue
                stored = None if self.config.force else stored_id(self.store, item)
                if stored is not None:
                    self.report.unchanged += 1
                    self.report.articles.append(stored)
                    log.info("%s: already stored, skipped", item.source or item.url or "<article>")
                    continue
            yield item

    def _save(self, items: Iterable[Document | InputError]) -> Iterator[SaveResult | InputError]:
        started = time.perf_counter()
        try:
            for item in items:
                if isinstance(item, InputError):
                    self.report.errors.append(item)
                    yield item
                    continue
                try:
                    item = replace(item, article=self._with_outlet(item.article))
                except InputError as exc:
                    self.report.errors.append(exc)
                    yield exc
                    continue
                result = self.store.save(item, force=self.config.force)
                setattr(self.report, result.status, getattr(self.report, result.status) + 1)
                self.report.attributions += result.attributions
                self.report.articles.append(result.article_id)
                yield result
        finally:
            self.report.seconds += time.perf_counter() - started
            self.report.skipped = dict(self._stats.skipped)

    def _with_outlet(self, article: Article) -> Article:
        article = self.config.metadata.apply(article)
        if self.config.outlet and not article.site:
            return replace(article, site=self.config.outlet)
        return article


def ingest(
    sources: Sequence[str],
    store: Store,
    config: IngestConfig | None = None,
    *,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Run the whole pipeline over ``sources`` and return what it did."""
    run = Ingest(store, config, extractor=extractor)
    for _ in run.stream(sources):
        pass
    return run.report


def stored_id(store: Store, article: Article) -> int | None:
    """The id of this exact article (same key, same text) when it is stored already."""
    with store.session() as s:
        row = s.execute(
            select(ArticleRow.id, ArticleRow.content_hash).where(ArticleRow.key == article_key(article))
        ).first()
    return row.id if row is not None and row.content_hash == content_hash(article.text) else None


def read_documents(sources: Sequence[str]) -> Iterator[Document | InputError]:
    """Read ``according extract`` JSON / JSON Lines output back as Documents."""
    for source in sources:
        path = Path(source)
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield InputError(source, f"cannot read: {exc}")
            continue
        try:
            items = _parse_json_or_lines(raw)
        except json.JSONDecodeError as exc:
            yield InputError(
                source,
                f"not according JSON/JSONL ({exc.msg} at line {exc.lineno}); "
                "give files written by `according extract --format json` or `--format jsonl`",
            )
            continue
        for i, item in enumerate(items):
            try:
                yield Document.from_json(item)
            except (ValueError, KeyError, TypeError) as exc:
                yield InputError(f"{source}#{i}", f"not an according/1 document ({exc})")


def _parse_json_or_lines(raw: str) -> list[Any]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return [json.loads(line) for line in raw.splitlines() if line.strip()]
    return data if isinstance(data, list) else [data]
