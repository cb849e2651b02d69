"""What every request handler reaches: the config, the store, the extractor, the guards."""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import functools
import gc
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from ..document import Article, Document
from ..errors import AccordingError, InputError, StoreError
from ..ingest import read_one
from ..store.repository import Store
from .config import ServeConfig
from .errors import ApiError
from .extraction import Extraction
from .pagecache import Pages, pages_for
from .security import Csrf, RateLimiter, client_of
from .shared import SharedState

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Threads for work that waits rather than computes (downloads, a store write queued on the
#: lock, an ingest waiting on the extraction worker): kept off the page threads.
BLOCKING_THREADS = 32


@dataclass
class Submission:
    """One article as sent: exactly one of text, html, raw bytes (an upload) or a URL."""

    text: str | None = None
    html: str | None = None
    data: bytes | None = None
    url: str | None = None
    name: str = "<text>"
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass
class Context:
    config: ServeConfig
    store: Store | None
    store_problem: str | None
    extraction: Extraction
    shared: SharedState
    limiter: RateLimiter
    csrf: Csrf
    pages: Pages
    _blocking: ThreadPoolExecutor | None = field(default=None, repr=False)

    @classmethod
    def open(cls, config: ServeConfig, extraction: Extraction) -> Context:
        store, problem = open_store(config)
        shared = SharedState(config.state_dir)
        limiter = RateLimiter(config.extract_rate, config.extract_burst, shared)
        pages = pages_for(store, config.page_cache_bytes)
        return cls(config, store, problem, extraction, shared, limiter, Csrf(shared.secret()), pages)

    def require_store(self) -> Store:
        if self.store is None:
            raise StoreError(self.store_problem or "no database")
        return self.store

    # -- reading and extracting submissions ----------------------------------------------
    def check_rate(self, request: Request) -> None:
        self.limiter.check(client_of(request))

    def read(self, sub: Submission) -> Article:
        """The Article a submission holds (blocking: downloads; call from a thread)."""
        options = self.config.read
        if sub.url is not None:
            article = read_one(None, sub.url, options, url=sub.url.strip())
        elif sub.html is not None:
            article = read_one(sub.html.encode("utf-8"), sub.name, options, fmt="html")
        elif sub.text is not None:
            article = read_one(sub.text.encode("utf-8"), sub.name, options, fmt="text")
        elif sub.data is not None:
            article = read_one(sub.data, sub.name, options)
        else:
            raise InputError(sub.name, "nothing to read: give text, HTML, a file or a URL")
        return _with_metadata(article, sub)

    async def extract(self, sub: Submission) -> Document:
        article = await self.blocking(self.read, sub)
        return await self.extraction.extract(article)

    async def blocking(self, work: Callable[..., T], *args: object) -> T:
        """Run ``work`` on a thread pool of its own: what may wait for seconds (a download, the
        store's write lock, the extraction worker) must not hold one of the few threads that
        serve the pages (``ServeConfig.threads``), or a handful of slow uploads would stall
        every reader."""
        if self._blocking is None:
            self._blocking = ThreadPoolExecutor(BLOCKING_THREADS, thread_name_prefix="according-blocking")
        loop = asyncio.get_running_loop()
        call = functools.partial(contextvars.copy_context().run, work, *args)
        return await loop.run_in_executor(self._blocking, call)

    # -- documents shown but not stored, so "store this" stores exactly what was shown ------
    def remember(self, doc: Document) -> str:
        """Hold a shown document for "store this" (in the shared state, so any worker can
        store it): the latest ``recent_documents``, and no more than ``recent_bytes`` of text in
        all, so big pastes cannot pile up."""
        return self.shared.remember(
            doc, documents=self.config.recent_documents, chars=self.config.recent_bytes
        )

    def recall(self, key: str) -> Document:
        doc = self.shared.recall(key)
        if doc is None:
            raise ApiError(
                410, "gone", "that extraction is no longer held by the server; read the article again"
            )
        return doc

    def close(self) -> None:
        if self._blocking is not None:
            self._blocking.shutdown(wait=False, cancel_futures=True)
            self._blocking = None
        self.extraction.close()
        if self.store is not None:
            self.store.close()
        self.shared.close()
        self.pages.close()


def open_store(config: ServeConfig) -> tuple[Store | None, str | None]:
    """The store, or None and why: a server starts without a database (reading articles needs
    none) and a writable one creates it."""
    try:
        return Store(config.database, create=config.writable, similarity=config.similarity), None
    except StoreError as exc:
        log.warning("serving without a store: %s", exc)
        return None, str(exc)


def _with_metadata(article: Article, sub: Submission) -> Article:
    published = article.published
    if sub.published and not published:
        try:
            published = dt.date.fromisoformat(sub.published)
        except ValueError as exc:
            raise InputError(sub.name, f"published {sub.published!r} is not a date like 2024-03-01") from exc
    return replace(
        article,
        title=article.title or (sub.title or None),
        site=article.site or (sub.outlet or None),
        published=published,
    )


def context(request: Request) -> Context:
    ctx: Context = request.app.state.according
    return ctx


async def wait_warm(ctx: Context) -> None:
    """Load the extractor at start-up, then settle the heap (``settle_heap``)."""
    try:
        await asyncio.wrap_future(ctx.extraction.warm())
    except AccordingError as exc:
        log.warning("the extractor did not load: %s", exc)
    settle_heap()


def settle_heap() -> None:
    """Take what start-up loaded (the extraction model is hundreds of thousands of objects,
    kept for the life of the process) out of the garbage collector's sight: each full
    collection walked all of it — about 140 ms with the default model — in the middle of
    whichever request happened to trigger it, and every request queued behind that one."""
    gc.collect()
    gc.freeze()


async def _context(request: Request) -> Context:
    """``context`` as a dependency; async, so resolving it costs no trip to a thread."""
    return context(request)


Ctx = Annotated[Context, Depends(_context)]
