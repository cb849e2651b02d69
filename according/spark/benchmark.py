"""``according benchmark-batch``: Spark's overhead and scaling on one generated WARC.

Writes a WARC of ``records`` distinct pages (``corpus_gen``), extracts it once in a single
process (what ``according extract`` does, on one thread as a Spark task runs) and then with
``according batch`` on ``local[1]`` and ``local[2]`` (each in a fresh process with its own JVM,
the corpus stages timed apart), sampling the resident memory of the driver, the JVM and the Python workers
meanwhile (in local mode the executor runs inside the driver's JVM: the JVM and the Python
workers are what an executor would hold), for each pass and for the corpus stages apart. The
report carries the targets and the CC-NEWS estimate computed from the measured per-core rate,
so the numbers in docs/scale.md are this command's output.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.similarity import DEFAULT_METHOD
from ..batch import ExtractOptions, run
from ..document import Document
from .config import BatchConfig
from .corpus_gen import pages, write_warc

#: English CC-NEWS articles a month: 63 million English articles from Sep 2016 to Feb 2019
#: (30 months), as counted for RoBERTa (Liu et al., 2019, section 3.2).
CCNEWS_MONTH = 2_100_000
CLUSTER_CORES = (64, 256, 1024)


@dataclass
class Pass:
    label: str
    articles: int
    seconds: float
    peak_driver_mb: float = 0.0
    peak_jvm_mb: float = 0.0
    peak_workers_mb: float = 0.0
    lost: int = 0
    rejects: int = 0

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass
class BatchBenchReport:
    records: int
    model: str
    passes: list[Pass] = field(default_factory=list)
    corpus: Pass | None = None  # the speakers and claims stages after local[2]

    @property
    def corpus_seconds(self) -> float:
        return self.corpus.seconds if self.corpus else 0.0

    def rate(self, label: str) -> float:
        return next((p.per_second for p in self.passes if p.label == label), 0.0)

    @property
    def overhead_ratio(self) -> float:
        """local[1] / single process (target at least 0.8)."""
        single = self.rate("single process")
        return self.rate("local[1]") / single if single else 0.0

    @property
    def scaling(self) -> float:
        """local[2] / local[1] (target at least 1.7 on 2 cores)."""
        one = self.rate("local[1]")
        return self.rate("local[2]") / one if one else 0.0

    def estimate(self) -> dict[str, Any]:
        """Hours for one month of English CC-NEWS at the measured per-core rate."""
        per_core = self.rate("local[1]")
        if not per_core:
            return {}
        core_hours = CCNEWS_MONTH / per_core / 3600
        return {
            "articles_per_month": CCNEWS_MONTH,
            "per_core_articles_per_second": round(per_core, 3),
            "core_hours": round(core_hours, 1),
            "hours_by_cores": {str(c): round(core_hours / c, 2) for c in CLUSTER_CORES},
        }

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for p, raw in zip(self.passes, data["passes"], strict=True):
            raw["per_second"] = round(p.per_second, 3)
        data.update(
            corpus_seconds=round(self.corpus_seconds, 1),
            overhead_ratio=round(self.overhead_ratio, 3),
            scaling=round(self.scaling, 3),
            targets={"overhead_ratio": 0.8, "scaling": 1.7, "lost": 0},
            estimate=self.estimate(),
        )
        return data


class _MemorySampler:
    """Peak resident memory of this process (the driver) and of its descendants: the JVM and
    the Python workers, while the block runs."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.driver = 0
        self.jvm = 0
        self.workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            jvm, workers = 0, 0
            for _pid, name, rss in _descendants(os.getpid()):
                if "java" in name:
                    jvm += rss
                elif "python" in name:
                    workers += rss
            self.jvm, self.workers = max(self.jvm, jvm), max(self.workers, workers)
            self.driver = max(self.driver, _rss(os.getpid()))
            self._stop.wait(self.interval)


def _descendants(root: int) -> list[tuple[int, str, int]]:
    """(pid, command name, RSS bytes) of every process under ``root`` (Linux /proc)."""
    parents: dict[int, int] = {}
    info: dict[int, tuple[str, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss = int(fields.get("VmRSS", "0 kB").strip().split()[0]) * 1024
        info[int(entry)] = (fields.get("Name", "").strip(), rss)
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid:
                frontier.append(child)
                found.append((child, *info[child]))
    return found


def _rss(pid: int) -> int:
    """Resident bytes of ``pid`` now (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) * 1024


def _measured(label: str, articles: int, seconds: float, memory: _MemorySampler, **counts: int) -> Pass:
    mb = 2**20
    return Pass(label, articles, seconds, memory.driver / mb, memory.jvm / mb, memory.workers / mb, **counts)


def _single_process(warc: str, model: str) -> tuple[int, float, float]:
    """What ``according extract`` does with the WARC: articles, seconds, peak RSS (MB)."""
    started = time.perf_counter()
    articles = sum(1 for d in run([warc], options=ExtractOptions(model=model)) if isinstance(d, Document))
    return articles, time.perf_counter() - started, _driver_mb()


def _driver_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_batch_benchmark(
    records: int, model: str | None = None, work_dir: Path | None = None
) -> BatchBenchReport:
    model = model or "default"
    report = BatchBenchReport(records=records, model=model)
    with tempfile.TemporaryDirectory(prefix="according-bench-", dir=work_dir) as tmp:
        warc = Path(tmp) / "generated.warc.gz"
        write_warc(warc, pages(records))
        # On one thread, as a local[1] task runs, so the ratio measures Spark and not thread counts.
        saved = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = "1"
        try:
            single, seconds, peak = _in_child(_single_process, str(warc), model)
        finally:
            if saved is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = saved
        report.passes.append(Pass("single process", single, seconds, peak))
        for cores in (1, 2):
            measured, corpus = _in_child(
                _spark_pass, str(warc), str(Path(tmp) / f"out-{cores}"), cores, model
            )
            report.passes.append(measured)
            report.corpus = corpus or report.corpus
    return report


def _in_child(function: Any, *args: Any) -> Any:
    """``function(*args)`` in a fresh process: each pass's driver memory is its own, and each
    Spark pass starts its own JVM (in one process a later pass would reuse the JVM, its loaded
    classes and compiled code, that an earlier pass warmed up)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def _spark_pass(warc: str, out: str, cores: int, model: str) -> tuple[Pass, Pass | None]:
    """``according batch`` on ``local[cores]``, extraction timed alone; after ``local[2]`` the
    corpus stages, timed and sampled apart."""
    from .job import run_batch, spark_session

    master = f"local[{cores}]"
    config = BatchConfig(inputs=(warc,), out=out, master=master, model=model, corpus=False)
    spark = spark_session(config)
    try:
        with _MemorySampler() as memory:
            started = time.perf_counter()
            result = run_batch(config, spark)
            seconds = time.perf_counter() - started
        totals = result.manifest.totals()
        measured = _measured(
            master, totals["articles"], seconds, memory, lost=totals["lost"], rejects=totals["rejects"]
        )
        corpus = None
        if cores == 2:
            corpus = _corpus_pass(spark, out, result.manifest.committed_runs, totals["articles"])
    finally:
        spark.stop()
    return measured, corpus


def _corpus_pass(spark: Any, out: str, runs: list[str], articles: int) -> Pass:
    """The speakers and claims stages over the extracted output, timed and sampled apart."""
    from .corpus import build_corpus
    from .fs import OutputDir

    with _MemorySampler() as memory:
        started = time.perf_counter()
        build_corpus(spark, OutputDir(out), runs, DEFAULT_METHOD)
        seconds = time.perf_counter() - started
    return _measured("corpus stages", articles, seconds, memory)
