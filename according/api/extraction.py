"""Extraction off the event loop: one worker thread owns the model and batches what waits.

Requests hand their Article to ``Extraction.extract`` and await the Document; the worker takes
what has queued up (up to ``batch`` articles) and runs them through ``extract_many`` together,
as ``according extract`` batches a directory, so throughput under load matches the CLI's.
A failed batch is retried one article at a time so only the bad article gets the error.
The model is loaded once, on first use or by ``warm()`` at start-up.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass

from ..attribution import Extractor, load_extractor
from ..document import Article, Document
from ..errors import AccordingError
from ..limits import limited

log = logging.getLogger(__name__)

BATCH = 16  # as ``according.batch.CHUNK``: what spaCy and the model see at once


@dataclass
class _Job:
    article: Article
    future: Future[Document]



def load_limited(model: str | None, spacy_model: str | None) -> Extractor:
    """The named extractor under the per-document limits (``according.limits``): long texts in
    parts, over-long ones refused (in a thread the time budget is checked between parts)."""
    return limited(load_extractor(model, spacy_model))

class Extraction:
    """The server's extractor, behind a queue served by one daemon thread."""

    def __init__(
        self,
        model: str | None = None,
        spacy_model: str | None = None,
        *,
        extractor: Extractor | None = None,
        loader: Callable[[str | None, str | None], Extractor] = load_limited,
        batch: int = BATCH,
    ) -> None:
        self.model, self.spacy_model = model, spacy_model
        self._extractor = extractor
        self._loader = loader
        self._batch = batch
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.error: str | None = None

    @property
    def state(self) -> str:
        """``ready``, ``not loaded`` (loads on first use) or ``failed: <why>``."""
        if self.error:
            return f"failed: {self.error}"
        return "ready" if self._extractor is not None else "not loaded"

    @property
    def name(self) -> str | None:
        return getattr(self._extractor, "name", None)

    def _start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="according-extract", daemon=True)
                self._thread.start()

    def warm(self) -> Future[Document]:
        """Load the model now (in the worker) by extracting a one-line article."""
        return self.submit(Article(text="The model is loading, the server said.", source="<warm-up>"))

    def submit(self, article: Article) -> Future[Document]:
        self._start()
        future: Future[Document] = Future()
        self._queue.put(_Job(article, future))
        return future

    async def extract(self, article: Article) -> Document:
        """The Document for ``article``, computed in the worker thread; the loop stays free."""
        return await asyncio.wrap_future(self.submit(article))

    def as_extractor(self) -> Extractor:
        """An ``Extractor`` whose work runs in this worker (for the ingest pipeline, which is
        run from a request's thread and waits there, not on the event loop)."""
        return _ViaWorker(self)

    def close(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=10)

    # -- the worker --------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs = [job]
            while len(jobs) < self._batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                jobs.append(more)
            self._run(jobs)

    def _run(self, jobs: list[_Job]) -> None:
        jobs = [j for j in jobs if j.future.set_running_or_notify_cancel()]
        if not jobs:
            return
        try:
            if self._extractor is None:
                self._extractor = self._loader(self.model, self.spacy_model)
                self.error = None
            docs = list(self._extractor.extract_many([j.article for j in jobs]))
        except AccordingError as exc:
            if self._extractor is None:  # the model itself cannot load: every job fails alike
                self.error = str(exc)
                for j in jobs:
                    j.future.set_exception(exc)
                return
            self._one_by_one(jobs)
            return
        except Exception as exc:  # a bug must not kill the worker: fail these jobs, keep serving
            log.exception("extraction failed")
            for j in jobs:
                j.future.set_exception(exc)
            return
        for j, doc in zip(jobs, docs, strict=True):
            j.future.set_result(doc)

    def _one_by_one(self, jobs: list[_Job]) -> None:
        assert self._extractor is not None
        for j in jobs:
            try:
                j.future.set_result(self._extractor.extract(j.article))
            except Exception as exc:
                j.future.set_exception(exc)


class _ViaWorker:
    name = "server"

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction

    def extract(self, article: Article) -> Document:
        return self.extraction.submit(article).result()

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        futures = [self.extraction.submit(a) for a in articles]
        return (f.result() for f in futures)
