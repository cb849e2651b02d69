"""How fast and how big: bare spaCy parsing versus the full extraction path, on the same texts.

The spaCy pass is the floor any spaCy-based extractor pays (run in the batch size the extractor
declares); the **speed ratio**, extraction's articles/s over the bare parse's, says how much of
spaCy's speed the full extraction keeps (the one figure README and docs quote).
Peak memory comes from ``resource.getrusage`` (the process high-water mark). The memory probe
runs extraction over a fixed number of articles in a fresh process, so its figure is what a
user's own process needs to extract that many, undisturbed by this one.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from itertools import cycle, islice
from multiprocessing import get_context
from typing import Any

from ..attribution import batch_size_of, default_model, load_extractor
from ..document import Article
from ..nlp.pipeline import load_spacy
from .polnear import GoldArticle, load_split
from .run import polnear_article

log = logging.getLogger(__name__)


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def own_peak_rss_mb() -> float:
    """Peak RSS of this process's own memory since it started its program.

    Linux carries ``ru_maxrss`` over from the parent across fork+exec, so a fresh child would
    report its parent's peak; ``VmHWM`` in /proc is per address space and does not."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


@dataclass(frozen=True)
class Pass:
    """One timed pass over the texts: wall-clock seconds (what a user waits) and CPU seconds of
    this process (what the work costs, much less disturbed by other programs on the machine)."""

    seconds: float
    cpu_seconds: float
    articles: int
    words: int

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "articles": self.articles,
            "words": self.words,
            "articles_per_second": round(self.articles_per_second, 3),
            "words_per_second": round(self.words_per_second, 1),
        }


@dataclass(frozen=True)
class MemoryProbe:
    """Peak RSS of a fresh process after loading the extractor, then after extracting N articles."""

    articles: int
    loaded_mb: float
    peak_mb: float
    attributions: int

    def to_json(self) -> dict[str, Any]:
        return {k: round(v, 1) if isinstance(v, float) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class BenchmarkReport:
    split: str
    model: str
    spacy_model: str
    load_seconds: float
    spacy: Pass
    extract: Pass
    attributions: int
    peak_rss_mb: float
    memory: MemoryProbe | None

    @property
    def speed_ratio(self) -> float:
        """Extraction's speed as a fraction of bare spaCy parsing on the same texts: articles/s of
        extraction over articles/s of the parse (wall clock; 0.5 = extraction takes twice as long
        as parsing alone). The two passes alternate batch by batch, so load from other programs
        falls on both alike; CPU seconds are reported beside it."""
        return self.spacy.seconds / self.extract.seconds if self.extract.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "model": self.model,
            "spacy_model": self.spacy_model,
            "load_seconds": round(self.load_seconds, 2),
            "spacy": self.spacy.to_json(),
            "extract": self.extract.to_json(),
            "attributions": self.attributions,
            "speed_ratio": round(self.speed_ratio, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "memory": self.memory.to_json() if self.memory else None,
        }


def _probe(model: str, spacy_model: str | None, texts: Sequence[str], split: str) -> MemoryProbe:
    """Run in a fresh process: load, note peak RSS, extract every text, note peak RSS again."""
    extractor = load_extractor(model, spacy_model)
    loaded = own_peak_rss_mb()
    articles = (Article(text=t, source=f"polnear:{split}/probe-{i}") for i, t in enumerate(texts))
    found = sum(len(doc.attributions) for doc in extractor.extract_many(articles))
    return MemoryProbe(articles=len(texts), loaded_mb=loaded, peak_mb=own_peak_rss_mb(), attributions=found)


def memory_probe(model: str, spacy_model: str | None, texts: Sequence[str], split: str) -> MemoryProbe:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_probe, model, spacy_model, list(texts), split).result()


def run_benchmark(
    root: str | os.PathLike[str],
    split: str = "dev",
    model: str | None = None,
    spacy_model: str | None = None,
    limit: int | None = None,
    memory_articles: int = 100,
) -> BenchmarkReport:
    """Time ``nlp.pipe`` and ``extractor.extract_many`` over the same PolNeAR texts, in one process.

    ``memory_articles`` > 0 also runs the memory probe on that many articles (the split's texts
    repeated if it has fewer).
    """
    golds = load_split(root, split, limit=limit)
    texts = [g.text for g in golds]
    words = sum(len(t.split()) for t in texts)
    name = model or default_model()

    started = time.perf_counter()
    nlp = load_spacy(spacy_model)
    extractor = load_extractor(name, spacy_model)
    load_seconds = time.perf_counter() - started

    if texts:  # first calls pay one-off set-up; keep it out of both timings
        nlp(texts[0][:2000])
        extractor.extract(Article(text=texts[0][:2000]))

    # Parse in the batches the extractor uses, so the ratio measures extraction, not batching;
    # alternate which pass goes first chunk by chunk, so neither pays for warming the process up.
    batch_size = batch_size_of(extractor)
    timing = {"spacy": [0.0, 0.0], "extract": [0.0, 0.0]}
    found = 0

    def parse(chunk: Sequence[GoldArticle]) -> None:
        for _ in nlp.pipe((g.text for g in chunk), batch_size=batch_size):
            pass

    def extract(chunk: Sequence[GoldArticle]) -> None:
        nonlocal found
        for doc in extractor.extract_many(polnear_article(g, split) for g in chunk):
            found += len(doc.attributions)

    for i in range(0, len(golds), batch_size):
        chunk = golds[i : i + batch_size]
        passes = [("spacy", parse), ("extract", extract)]
        for key, step in passes if (i // batch_size) % 2 == 0 else reversed(passes):
            started, cpu = time.perf_counter(), time.process_time()
            step(chunk)
            timing[key][0] += time.perf_counter() - started
            timing[key][1] += time.process_time() - cpu
    spacy_pass = Pass(timing["spacy"][0], timing["spacy"][1], len(texts), words)
    extract_pass = Pass(timing["extract"][0], timing["extract"][1], len(texts), words)
    log.info("%d articles: parse %.1fs, extract %.1fs", len(texts), spacy_pass.seconds, extract_pass.seconds)

    probe = None
    if memory_articles > 0 and texts:
        probe = memory_probe(name, spacy_model, list(islice(cycle(texts), memory_articles)), split)
    return BenchmarkReport(
        split=split,
        model=name,
        spacy_model=spacy_model or f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}",
        load_seconds=load_seconds,
        spacy=spacy_pass,
        extract=extract_pass,
        attributions=found,
        peak_rss_mb=peak_rss_mb(),
        memory=probe,
    )
