"""Load benchmark of ``according serve``: latency percentiles and errors under concurrent clients.

The server runs as its own process (``python -m according serve``) on 127.0.0.1 over a store of
``attributions`` synthetic rows (``store_bench.generate``); clients are asyncio connections on
loopback, each sending its next request as soon as the last answer arrived (keep-alive). Each
scenario — the article page, a claim search, a speaker page and the extract API — runs at each
concurrency level, and reports p50 / p95 / p99 in milliseconds, requests per second and errors
(any status other than 200, or a broken connection). The extract scenario also reports articles
per second beside ``according extract``'s own rate on the same texts in this process.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import AccordingError
from .store_bench import WORDS, _skewed, generate

log = logging.getLogger(__name__)

SCENARIOS = ("article", "search", "speaker", "extract")
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@dataclass
class Result:
    scenario: str
    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float


@dataclass
class ServeBenchReport:
    store: str
    articles: int
    attributions: int
    workers: int = 1
    page_cache_mb: int | None = None  # None: the server's default
    results: list[Result] = field(default_factory=list)
    extract_cli_articles_per_s: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


WARM_UP = 10  # requests per page scenario and worker before anything is timed


def _warm_up(
    port: int,
    scenarios: Sequence[str],
    counts: dict[str, int],
    bodies: list[str],
    workers: int,
    rng: random.Random,
) -> None:
    """A few untimed requests of each page kind on other draws than the timed ones: a server's
    first answers pay once for connections, compiled queries and memory-mapped pages, which a
    server that has been up for a while has paid long ago."""
    pages = [s for s in scenarios if s != "extract"]
    plans = [
        _targets(s, rng, WARM_UP, counts["articles"], max(1, counts["speakers"]), bodies)
        for s in pages
        for _ in range(workers)
    ]
    if plans:
        asyncio.run(_run(port, plans))


def _percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return 0.0
    return round(ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))], 1)


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, target: str, body: bytes
) -> int:
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while (size := int((await reader.readline()).strip() or b"0", 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(length)
    return status


async def _client(
    port: int, plan: list[tuple[str, str, bytes]], times: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for method, target, body in plan:
            started = time.perf_counter()
            try:
                status = await _request(reader, writer, method, target, body)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError):
                errors.append(0)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def _run(port: int, plans: list[list[tuple[str, str, bytes]]]) -> tuple[list[float], list[int], float]:
    times: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    await asyncio.gather(*(_client(port, plan, times, errors) for plan in plans))
    return times, errors, time.perf_counter() - started


def _targets(
    scenario: str, rng: random.Random, n: int, articles: int, speakers: int, texts: list[str]
) -> list[tuple[str, str, bytes]]:
    out = []
    for _ in range(n):
        if scenario == "article":
            out.append(("GET", f"/articles/{rng.randint(1, articles)}", b""))
        elif scenario == "search":
            words = " ".join(rng.choice(WORDS) for _ in range(rng.choice([1, 1, 2])))
            out.append(("GET", f"/claims?search={quote(words)}", b""))
        elif scenario == "speaker":
            out.append(("GET", f"/speakers/{_skewed(rng, speakers) + 1}", b""))
        else:
            out.append(("POST", "/api/v1/extract", json.dumps({"text": rng.choice(texts)}).encode()))
    return out


def default_workers() -> int:
    """One server process per core this process may use, as ``serve --workers`` advises."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(
    port: int, process: subprocess.Popen[bytes], extractor: bool, workers: int = 1, timeout: float = 180.0
) -> None:
    """Until /healthz answers and, when the extract API is measured, the extractor is loaded
    (so no scenario pays for loading the model). Each check is a new connection, which any
    worker may take: ``3 * workers`` ready answers in a row stand for every worker."""
    import urllib.request

    deadline = time.monotonic() + timeout
    ready = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AccordingError(f"the benchmark server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                ready = ready + 1 if not extractor or json.load(r).get("extractor") == "ready" else 0
        except OSError:
            ready = 0
        if ready >= 3 * workers:
            return
        time.sleep(0.5 if not ready else 0.05)
    raise AccordingError(f"the benchmark server did not become ready in {timeout:.0f}s")


def _cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by ``pid`` and its children (the server's workers), from /proc;
    None where there is no /proc."""
    if not Path(f"/proc/{pid}/stat").exists():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        p = pending.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            tasks = Path(f"/proc/{p}/task").iterdir()
            pending += [int(c) for t in tasks for c in (t / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue  # a worker that ended meanwhile
    return total


def _settle(pid: int, timeout: float = 120.0, window: float = 0.5, busy: float = 0.1) -> None:
    """Until the server's processes are nearly idle: workers still loading their extraction
    model (in the background, as a server does) would take the cores from the first scenario."""
    deadline = time.monotonic() + timeout
    last = _cpu_seconds(pid)
    while last is not None and time.monotonic() < deadline:
        time.sleep(window)
        now = _cpu_seconds(pid)
        if now is None or now - last < busy * window:
            return
        last = now


def _texts(paths: Sequence[str]) -> list[str]:
    files = [
        p for src in paths for p in (sorted(Path(src).glob("*.txt")) if Path(src).is_dir() else [Path(src)])
    ]
    texts = [f.read_text(encoding="utf-8") for f in files]
    if not texts:
        raise AccordingError(f"{', '.join(paths)}: no .txt articles to send to the extract API")
    return texts


def _cli_rate(texts: list[str], model: str | None) -> float:
    """``according extract``'s own articles/s on the same texts (models loaded beforehand)."""
    from ..batch import ExtractOptions, extract_articles
    from ..document import Article

    articles = [Article(text=t, source=f"<text {i}>") for i, t in enumerate(texts)]
    options = ExtractOptions(model=model)
    from ..attribution import load_extractor

    extractor = load_extractor(model)
    list(extract_articles(articles[:1], options, extractor=extractor))
    started = time.perf_counter()
    done = sum(1 for _ in extract_articles(articles, options, extractor=extractor))
    return round(done / (time.perf_counter() - started), 2)


def run_serve_benchmark(
    database: str | None = None,
    *,
    attributions: int = 100_000,
    clients: Sequence[int] = (20, 200),
    requests: int = 400,
    extract_requests: int = 40,
    scenarios: Sequence[str] = SCENARIOS,
    texts: Sequence[str] = (str(SAMPLES),),
    model: str | None = None,
    seed: int = 5,
    workers: int | None = None,
    page_cache_mb: int | None = None,
) -> ServeBenchReport:
    """Generate (or reuse) a store, start the server as production would (``workers``
    processes; default one per core), load it, return the percentiles."""
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        raise AccordingError(f"--scenario {', '.join(sorted(unknown))}: choose from {', '.join(SCENARIOS)}")
    from ..store.repository import Store

    workdir = tempfile.mkdtemp(prefix="according-serve-bench-")
    url = database or str(Path(workdir) / "bench.db")
    with Store(url, similarity="lexical") as store:
        counts = store.counts()
    if not counts["articles"]:
        log.info("generating %d attributions into %s", attributions, url)
        generate(url, attributions)
        with Store(url, create=False, similarity="lexical") as store:
            counts = store.counts()
    bodies = _texts(texts)
    workers = workers or default_workers()
    report = ServeBenchReport(url, counts["articles"], counts["attributions"], workers, page_cache_mb)
    if "extract" in scenarios:
        report.extract_cli_articles_per_s = _cli_rate(bodies, model)
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "according",
        "serve",
        "--db",
        url,
        "--port",
        str(port),
        "--extract-rate",
        "0",
        "--workers",
        str(workers),
    ]
    if model:
        command += ["--model", model]
    if page_cache_mb is not None:
        command += ["--page-cache", str(page_cache_mb)]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy()
    )
    rng = random.Random(seed)
    try:
        _wait_ready(port, server, extractor="extract" in scenarios, workers=workers)
        _settle(server.pid)
        _warm_up(port, scenarios, counts, bodies, workers, random.Random(seed + 1))
        for n in clients:
            for scenario in scenarios:
                total = extract_requests if scenario == "extract" else requests
                per_client = max(1, total // n)
                plans = [
                    _targets(
                        scenario, rng, per_client, counts["articles"], max(1, counts["speakers"]), bodies
                    )
                    for _ in range(n)
                ]
                times, errors, seconds = asyncio.run(_run(port, plans))
                ordered = sorted(times)
                report.results.append(
                    Result(
                        scenario=scenario,
                        clients=n,
                        requests=len(times) + errors.count(0),
                        errors=len(errors),
                        seconds=round(seconds, 2),
                        p50_ms=round(statistics.median(ordered), 1) if ordered else 0.0,
                        p95_ms=_percentile(ordered, 0.95),
                        p99_ms=_percentile(ordered, 0.99),
                        per_second=round(len(times) / seconds, 2) if seconds else 0.0,
                    )
                )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    return report
