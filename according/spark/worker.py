"""Executor side of the batch job: read files, extract articles, emit table rows.

Every function here runs inside ``mapPartitions`` on an executor's Python worker. The
extractor (spaCy pipeline and model) is loaded once per worker process and kept in a module
global, so the many tasks a worker runs (Spark reuses Python workers) share it; articles go
through ``extract_many`` in chunks exactly as ``according extract`` sends them.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from ..attribution import Extractor, load_extractor
from ..batch import ExtractOptions, extract_articles
from ..document import Article, Document
from ..errors import InputError
from ..ingest import IngestOptions, IngestStats
from ..ingest.dedup import normalize_url, text_key
from ..ingest.filemeta import MetadataOptions
from . import rows
from .inputs import read_file

log = logging.getLogger(__name__)

# Tags of the tuples that flow between stages.
ARTICLE, ATTRIBUTION, REJECT, SKIP = "article", "attribution", "reject", "skip"

_extractors: dict[tuple[str | None, str | None], Extractor] = {}


def extractor(model: str | None, spacy_model: str | None) -> Extractor:
    """The worker's extractor, loaded on first use."""
    key = (model, spacy_model)
    if key not in _extractors:
        from . import corpus_claims

        corpus_claims.release()  # one large model per worker at a time
        os.environ["OMP_NUM_THREADS"] = str(_task_cpus())  # the model's threads: this task's cores
        _extractors[key] = load_extractor(model, spacy_model)
    return _extractors[key]


def _task_cpus() -> int:
    """Cores Spark gave this task (``spark.task.cpus``, 1 unless the cluster says otherwise)."""
    from pyspark import TaskContext

    context = TaskContext.get()
    try:
        return max(1, int(context.cpus())) if context is not None else 1
    except (AttributeError, TypeError, ValueError):
        return 1


def release() -> None:
    """Drop the worker's extractors (the corpus stages load their own model)."""
    _extractors.clear()
    gc.collect()


def read_units(
    units: Iterable[tuple[int, str, bytes | None]],
    options: IngestOptions,
    metadata: MetadataOptions | None = None,
) -> Iterator[tuple[Any, ...]]:
    """``(index, unit, bytes or None)`` -> ``(ARTICLE, unit, order, article json, dedup keys)``,
    ``(REJECT, unit, order, source, reason)`` and ``(SKIP, unit, reason, count)``. Articles
    get the outlet, date and title ``metadata`` gives them, as ``ingest`` does."""
    for index, unit, data in units:
        stats = IngestStats()
        for record in read_file(unit, options, stats, data):
            order = (index, record.seq)
            item = record.item
            if metadata is not None and isinstance(item, Article):
                try:
                    item = metadata.apply(item)
                except InputError as exc:  # a damaged sidecar: this article is a reject
                    item = InputError(item.source or unit, str(exc))
            if isinstance(item, InputError):
                yield (REJECT, unit, order, item.source, item.reason)
            else:
                data_json = item.to_json()
                data_json["source"] = item.source
                url = normalize_url(item.canonical_url) if item.canonical_url else None
                yield (ARTICLE, unit, order, data_json, text_key(item.text), url)
        for reason, count in stats.skipped.items():
            yield (SKIP, unit, reason, count)


def first_of(group: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Keep the earliest article (input order) of a group sharing a dedup key; the others are
    rejects of kind ``duplicate`` naming the article they repeat."""
    ordered = sorted(group, key=lambda t: t[2])
    keep = ordered[0]
    yield keep
    first = keep[3]["source"]
    for dup in ordered[1:]:
        yield (REJECT + ":duplicate", dup[1], dup[2], dup[3]["source"], f"same article as {first}")


def spread(order: tuple[int, int]) -> int:
    """Which extraction task an article goes to (modulo the tasks), from its place in the
    input: a mixed hash, so that tasks get alike shares of long and short articles. Spark's
    default hash of a tuple of integers keeps their parity, so two tasks split a crawl into
    odd and even records, and a crawl where every fourth page is long (the benchmark's
    generated WARC) gave all the long ones to one task, which the other then waited for."""
    return int.from_bytes(hashlib.blake2b(repr(order).encode(), digest_size=8).digest(), "big")


def extract_partition(
    items: Iterable[tuple[Any, ...]], model: str | None, spacy_model: str | None, run: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Articles -> ``(ARTICLE, row)`` + ``(ATTRIBUTION, row)``…, or ``(REJECT, row)`` when
    extraction fails; the order of the partition is kept."""
    items = iter(items)
    head = next(items, None)
    if head is None:
        return  # an empty partition loads no model
    items = chain([head], items)
    units: deque[str] = deque()

    def articles() -> Iterator[Article]:
        for t in items:
            units.append(t[1])
            yield Article.from_json(t[3])

    loaded = extractor(model, spacy_model)
    for result in extract_articles(articles(), ExtractOptions(model, spacy_model), extractor=loaded):
        unit = units.popleft()
        if isinstance(result, InputError):
            yield (REJECT, rows.reject_row(result, unit, run))
            continue
        yield from document_rows(result, unit, run)


def document_rows(doc: Document, unit: str, run: str) -> Iterator[tuple[str, dict[str, Any]]]:
    yield (ARTICLE, rows.article_row(doc.article, unit, run, len(doc.attributions)))
    for row in rows.attribution_rows(doc, run):
        yield (ATTRIBUTION, row)
