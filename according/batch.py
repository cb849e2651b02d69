"""Run ingest + extraction over many inputs, in order, optionally on several processes.

Shared by every command that reads articles (``extract``, ``ingest``, benchmarks) so batching,
parallelism and error collection exist once. Bad items come out as ``InputError`` in their
place in the stream; the caller reports them and carries on.
"""

from __future__ import annotations

import importlib.util
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .attribution import Extractor, load_extractor
from .document import Article, Document
from .errors import AccordingError, InputError, ModelError, UnexpectedError
from .ingest import IngestOptions, IngestStats, read_sources
from .limits import Limits, limited, name_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtractOptions:
    model: str | None = None
    spacy_model: str | None = None
    jobs: int = 1
    limits: Limits = field(default_factory=Limits)


_worker_extractor: Extractor | None = None
_worker_failure: ModelError | None = None
#: Articles handed to ``extract_many`` at once in a single process, so spaCy and the model see
#: batches (as the benchmark measures) while output still streams.
CHUNK = 16


def load(options: ExtractOptions) -> Extractor:
    """The extractor ``options`` name, under its per-document limits, with its spaCy pipeline
    loaded now: a missing model fails the run once, before any input, not once per input."""
    extractor = limited(load_extractor(options.model, options.spacy_model), options.limits)
    getattr(extractor.inner, "nlp", None)  # the trained extractor loads spaCy lazily
    return extractor


def preflight(options: ExtractOptions) -> None:
    """Cheap checks in the parent before worker processes start (each would fail alike)."""
    name = options.spacy_model
    if name and not Path(name).exists() and not _installed(name):
        raise ModelError(
            f"spaCy pipeline {name!r}: not an installed package or a directory; "
            "pip install it, or pass --spacy-model with an installed name or a path"
        )


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _init_worker(options: ExtractOptions) -> None:
    global _worker_extractor, _worker_failure
    try:
        _worker_extractor = load(options)
    except ModelError as exc:  # raised with the first task, so the parent reports it once
        _worker_failure = exc


def _extract_safely(extractor: Extractor, article: Article) -> Document | InputError:
    """One article; a failure becomes that article's InputError instead of ending the batch.

    This is the batch's error boundary: an unexpected exception (a bug, a library's own error)
    is reported as this article's error line, with the traceback in the debug log. A model
    that cannot load is not the article's fault and ends the run (once)."""
    try:
        return extractor.extract(article)
    except ModelError:
        raise
    except InputError as exc:
        return exc if exc.source == name_of(article) else InputError(name_of(article), str(exc))
    except AccordingError as exc:
        return InputError(name_of(article), str(exc))
    except Exception as exc:  # noqa: BLE001 - the per-item boundary
        log.debug("%s: unexpected error", name_of(article), exc_info=True)
        return UnexpectedError(
            name_of(article), f"extraction failed unexpectedly ({_describe(exc)}); please report it"
        )


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _extract_one(article: Article) -> Document | InputError:
    if _worker_failure is not None:
        raise _worker_failure
    assert _worker_extractor is not None
    return _extract_safely(_worker_extractor, article)


def _result(head: Document | InputError | Future) -> Document | InputError:
    if not isinstance(head, Future):
        return head
    try:
        return head.result()
    except BrokenProcessPool as exc:
        raise AccordingError(
            f"an extraction worker process died ({exc}); the machine may be out of memory: try fewer --jobs"
        ) from None


def _extract_chunk(extractor: Extractor, chunk: list[Article | InputError]) -> list[Document | InputError]:
    """Batch the chunk's articles through ``extract_many``; if the batch fails, retry one by one
    so only the bad article is reported. InputErrors keep their place."""
    articles = [item for item in chunk if not isinstance(item, InputError)]
    results: list[Document | InputError]
    try:
        results = list(extractor.extract_many(articles))
    except ModelError:
        raise
    except Exception:  # noqa: BLE001 - retried one by one below, so only the bad article fails
        results = [_extract_safely(extractor, a) for a in articles]
    docs = iter(results)
    return [item if isinstance(item, InputError) else next(docs) for item in chunk]


def extract_articles(
    items: Iterable[Article | InputError], options: ExtractOptions, *, extractor: Extractor | None = None
) -> Iterator[Document | InputError]:
    """Extract attributions from each Article, passing InputErrors through in place.

    ``extractor``: one already loaded (a server keeps its model); it runs in this process,
    under the per-document limits of ``options``.
    """
    if extractor is not None:
        extractor = limited(extractor, options.limits)
    else:
        preflight(options)
    if extractor is not None or options.jobs <= 1:
        extractor = extractor or load(options)
        chunk: list[Article | InputError] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                yield from _extract_chunk(extractor, chunk)
                chunk = []
        if chunk:
            yield from _extract_chunk(extractor, chunk)
        return
    with ProcessPoolExecutor(
        max_workers=options.jobs,
        initializer=_init_worker,
        initargs=(options,),
    ) as pool:
        pending: deque = deque()
        window = options.jobs * 4
        for item in items:
            pending.append(item if isinstance(item, InputError) else pool.submit(_extract_one, item))
            while len(pending) > window:
                yield _result(pending.popleft())
        for head in pending:
            yield _result(head)


def run(
    sources: Sequence[str],
    ingest: IngestOptions | None = None,
    options: ExtractOptions | None = None,
    stats: IngestStats | None = None,
) -> Iterator[Document | InputError]:
    """Read every source and extract from each article, in input order.

    ``stats`` (optional) collects what ingest read and passed over, for a closing summary.
    """
    articles = read_sources(sources, ingest or IngestOptions(), stats)
    yield from extract_articles(articles, options or ExtractOptions())
