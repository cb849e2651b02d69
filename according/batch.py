"""Run ingest + extraction over many inputs, in order, optionally on several processes.

Shared by every command that reads articles (``extract``, ``ingest``, benchmarks) so batching,
parallelism and error collection exist once. Bad items come out as ``InputError`` in their
place in the stream; the caller reports them and carries on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .attribution import Extractor, load_extractor
from .document import Article, Document
from .errors import AccordingError, InputError
from .ingest import IngestOptions, IngestStats, read_sources

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtractOptions:
    model: str | None = None
    spacy_model: str | None = None
    jobs: int = 1


_worker_extractor: Extractor | None = None
#: Articles handed to ``extract_many`` at once in a single process, so spaCy and the model see
#: batches (as the benchmark measures) while output still streams.
CHUNK = 16


def _init_worker(model: str | None, spacy_model: str | None) -> None:
    global _worker_extractor
    _worker_extractor = load_extractor(model, spacy_model)


def _extract_safely(extractor: Extractor, article: Article) -> Document | InputError:
    """One article; a failure becomes that article's InputError instead of ending the batch."""
    try:
        return extractor.extract(article)
    except AccordingError as exc:
        return InputError(article.source or article.path or "<article>", str(exc))


def _extract_one(article: Article) -> Document | InputError:
    assert _worker_extractor is not None
    return _extract_safely(_worker_extractor, article)


def _extract_chunk(extractor: Extractor, chunk: list[Article | InputError]) -> list[Document | InputError]:
    """Batch the chunk's articles through ``extract_many``; if the batch fails, retry one by one
    so only the bad article is reported. InputErrors keep their place."""
    articles = [item for item in chunk if not isinstance(item, InputError)]
    results: list[Document | InputError]
    try:
        results = list(extractor.extract_many(articles))
    except AccordingError:
        results = [_extract_safely(extractor, a) for a in articles]
    docs = iter(results)
    return [item if isinstance(item, InputError) else next(docs) for item in chunk]


def extract_articles(
    items: Iterable[Article | InputError], options: ExtractOptions, *, extractor: Extractor | None = None
) -> Iterator[Document | InputError]:
    """Extract attributions from each Article, passing InputErrors through in place.

    ``extractor``: one already loaded (a server keeps its model); it runs in this process.
    """
    if extractor is not None or options.jobs <= 1:
        extractor = extractor or load_extractor(options.model, options.spacy_model)
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
        initargs=(options.model, options.spacy_model),
    ) as pool:
        pending: deque = deque()
        window = options.jobs * 4
        for item in items:
            pending.append(item if isinstance(item, InputError) else pool.submit(_extract_one, item))
            while len(pending) > window:
                head = pending.popleft()
                yield head if isinstance(head, InputError) else head.result()
        for head in pending:
            yield head if isinstance(head, InputError) else head.result()


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
