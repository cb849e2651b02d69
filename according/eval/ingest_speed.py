"""How fast ingest turns pages into articles, beside trafilatura alone on the same pages.

trafilatura does the heavy lifting; the rest of ingest (metadata, residue scan, WARC reading,
dedup) should cost little on top of it. Both are timed in the same run on the same bytes, so
the ratio means something on any machine.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..document import Article
from ..errors import InputError
from ..ingest import IngestOptions, read_sources
from ..ingest.html import DATE_PARAMS, html_to_article

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class SpeedPass:
    label: str
    items: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class IngestSpeedReport:
    pages: int
    page_bytes: int
    repeat: int
    passes: tuple[SpeedPass, ...]


def html_pages(paths: Sequence[str | Path]) -> list[tuple[str, bytes]]:
    """(name, bytes) of every HTML file under ``paths``."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        found += [p for p in candidates if p.is_file() and p.suffix.lower() in HTML_SUFFIXES]
    if not found:
        raise InputError(", ".join(map(str, paths)) or "<none>", "no .html files to benchmark")
    return [(str(p), p.read_bytes()) for p in found]


def _timed(label: str, work: Callable[[], int]) -> SpeedPass:
    """Run ``work`` (which returns how many items it produced) under the clock."""
    started = time.perf_counter()
    items = work()
    return SpeedPass(label, items, time.perf_counter() - started)


def _trafilatura(data: bytes) -> object:
    import trafilatura

    return trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=DATE_PARAMS,
    )


def _write_warc(path: Path, pages: list[tuple[str, bytes]], repeat: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for round_ in range(repeat):
            for number, (_name, data) in enumerate(pages):
                uri = f"https://bench.example/{round_}/{number}"
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1"
                )
                record = writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(data), http_headers=headers
                )
                writer.write_record(record)


def _warc_trafilatura(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                count += _trafilatura(record.content_stream().read()) is not None
    return count


def run_ingest_benchmark(paths: Sequence[str | Path], repeat: int = 20) -> IngestSpeedReport:
    """Time HTML -> text and WARC -> articles, each beside trafilatura alone on the same pages."""
    pages = html_pages(paths)
    batch = pages * repeat
    for name, data in pages[:1]:  # imports and lazy set-up out of the timings
        _trafilatura(data)
        html_to_article(data, source=name)

    def trafilatura_pages() -> int:
        return sum(_trafilatura(data) is not None for _, data in batch)

    def according_pages() -> int:
        return len([html_to_article(data, source=name) for name, data in batch])

    passes = [
        _timed("trafilatura alone (HTML pages)", trafilatura_pages),
        _timed("according HTML -> Article", according_pages),
    ]
    with tempfile.TemporaryDirectory(prefix="according-bench-") as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        _write_warc(warc, pages, repeat)
        options = IngestOptions(dedup=False, max_bytes=max(len(d) for _, d in pages) + 1)

        def according_warc() -> int:
            return sum(isinstance(item, Article) for item in read_sources([str(warc)], options))

        passes.append(_timed("trafilatura alone (WARC records)", lambda: _warc_trafilatura(warc)))
        passes.append(_timed("according WARC -> Articles", according_warc))
    return IngestSpeedReport(
        pages=len(pages), page_bytes=sum(len(d) for _, d in pages), repeat=repeat, passes=tuple(passes)
    )
