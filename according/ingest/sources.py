"""Dispatch inputs to readers: files, directories, stdin, URLs; text, HTML, feeds, WARC, gzip.

The format is detected from the content first (a WARC header, a feed or HTML root element),
then the file extension or HTTP content type; ``IngestOptions.input_format`` overrides both.
Each input yields Articles or an ``InputError`` naming it, and the run goes on.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import io
import logging
import os
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..document import Article
from ..errors import InputError, UnexpectedError
from .dedup import Deduplicator
from .feeds import looks_like_feed, read_feed
from .fetch import Fetched, Fetcher, map_ordered
from .filemeta import SIDECAR_SUFFIX
from .html import html_to_article
from .options import INPUT_FORMATS, IngestOptions, IngestStats
from .residue import scan
from .text import clean_article, decode_text
from .warc import looks_like_warc, read_warc

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".arc": "warc",
}
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta ", b"<title")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def detect_format(head: bytes, name: str = "", content_type: str | None = None) -> str:
    """``text``, ``html``, ``feed`` or ``warc`` for (decompressed) content starting with ``head``."""
    if looks_like_warc(head):
        return "warc"
    sample = head[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # sniff UTF-16 pages as text
        sample = sample.decode("utf-16", errors="ignore").encode("utf-8")
    sample = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if looks_like_feed(sample):
        return "feed"
    if any(mark in sample[:1024] for mark in _HTML_MARKS):
        return "html"
    lowered = name.lower().split("?")[0]
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    suffix = Path(lowered).suffix
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if "rss" in mime or "atom" in mime or mime in ("application/xml", "text/xml", "application/rdf+xml"):
        return "feed"
    return "text"


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_ONLY = "only regular files, directories, URLs and - (stdin) are read"


def _not_regular(mode: int) -> str:
    what = next((label for test, label in _NOT_REGULAR if test(mode)), "a special file")
    return f"not a regular file: it is {what}; {_ONLY}"


def file_kind(path: Path) -> str:
    """``"file"``, ``"directory"``, or the one-line reason ``path`` cannot be read."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points (through other links) back to itself"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if path.is_symlink():
                return f"broken symbolic link (to {os.readlink(path)}, which does not exist)"
            return "no such file or directory"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISREG(mode):
        return "file"
    return _not_regular(mode)


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file, checked on the open file itself
    (opening a FIFO does not wait for a writer), so a FIFO or device swapped in is refused."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(str(path), _not_regular(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_big(name: str, size: int | None, limit: int, what: str = "file") -> InputError:
    shown = f" is {size:,} bytes," if size is not None else " is"
    return InputError(name, f"{what}{shown} over the {limit:,}-byte limit (raise it with --max-bytes)")


def _gunzip(data: bytes, name: str, limit: int) -> bytes:
    try:
        out = gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(name, f"damaged gzip data: {exc}") from None
    if len(out) > limit:
        raise _too_big(name, None, limit, "decompressed input")
    return out


@dataclass(frozen=True)
class InMemory:
    """Bytes already in hand, read as a file named ``name`` would be (``fmt`` forces a format)."""

    name: str
    data: bytes
    fmt: str | None = None


class _Reader:
    """Holds the options, download client and counters of one run."""

    def __init__(self, options: IngestOptions, stats: IngestStats) -> None:
        self.options = options
        self.stats = stats
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options)
        return self._fetcher

    # -- expanding sources into units (paths, URLs, stdin) ------------------------------------
    def units(self, sources: Sequence[str]) -> Iterator[str | Path | InputError]:
        for source in sources:
            if source == "-" or is_url(source):
                yield source
                continue
            path = Path(source)
            kind = file_kind(path)
            if kind == "directory":
                yield from self._walk(path)
            elif kind == "file":
                yield path
            else:
                yield InputError(source, kind)

    def _walk(self, root: Path) -> Iterator[Path | InputError]:
        """Regular files under ``root``, sorted, hidden ones skipped; symlinked directories are
        not followed (a link loop would never end). Other non-regular entries are skipped."""
        for folder, dirs, files in os.walk(root, onerror=None, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                    continue  # hidden files, and metadata sidecars (read beside their article)
                child = Path(folder) / name
                kind = file_kind(child)
                if kind == "file":
                    yield child
                elif kind != "directory" and "not a regular file" not in kind:
                    yield InputError(str(child), kind)

    def prefetch(self, unit: str | Path | InputError) -> str | Path | InputError | Fetched:
        """Download URL units (run on worker threads); other units pass through untouched."""
        if isinstance(unit, str) and is_url(unit):
            try:
                return self.fetcher.fetch(unit)
            except InputError as exc:
                return exc
        return unit

    # -- reading one unit ---------------------------------------------------------------------
    def read(self, unit: str | Path | InputError | Fetched | InMemory) -> Iterator[Article | InputError]:
        """The articles of one unit; any failure becomes that unit's InputError (the ingest
        side of the one error boundary: a bug or a library's own exception included)."""
        for item in self._read(unit):
            yield clean_article(item) if isinstance(item, Article) else item

    def read_bytes(self, data: bytes, name: str, fmt: str | None = None) -> list[Article | InputError]:
        """Read ``data`` as the content of a file called ``name``."""
        return list(self.read(InMemory(name, data, fmt)))

    def _read(self, unit: str | Path | InputError | Fetched | InMemory) -> Iterator[Article | InputError]:
        if isinstance(unit, Fetched):
            name = unit.url
        elif isinstance(unit, InMemory):
            name = unit.name
        else:
            name = "<stdin>" if unit == "-" else str(unit)
        try:
            if isinstance(unit, InputError):
                yield unit
            elif isinstance(unit, InMemory):
                data = unit.data
                if data.startswith(GZIP_MAGIC):
                    data = _gunzip(data, name, self.options.max_bytes)
                elif len(data) > self.options.max_bytes:
                    raise _too_big(name, len(data), self.options.max_bytes, "input")
                yield from self.parse(data, name, fmt=unit.fmt)
            elif isinstance(unit, Fetched):
                yield from self.parse(unit.data, unit.url, url=unit.final_url, content_type=unit.content_type)
            elif isinstance(unit, Path):
                yield from self.read_path(unit)
            else:
                yield from self.read_stdin()
        except InputError as exc:
            yield exc
        except RecursionError:
            yield InputError(name, "nested too deeply to parse")
        except Exception as exc:  # noqa: BLE001 - the per-input boundary
            log.debug("%s: unexpected error", name, exc_info=True)
            detail = " ".join(str(exc).split())[:200]
            reason = f"could not be read ({type(exc).__name__}: {detail}); please report it"
            yield UnexpectedError(name, reason)

    def read_stdin(self) -> Iterator[Article | InputError]:
        data = sys.stdin.buffer.read(self.options.max_bytes + 1)
        if len(data) > self.options.max_bytes:
            raise _too_big("<stdin>", None, self.options.max_bytes, "input")
        if data.startswith(GZIP_MAGIC):
            data = _gunzip(data, "<stdin>", self.options.max_bytes)
        yield from self.parse(data, "<stdin>")

    def read_path(self, path: Path) -> Iterator[Article | InputError]:
        name = str(path)
        limit = self.options.max_bytes
        try:
            with open_regular(path) as handle:
                head = handle.read(4096)
                compressed = head.startswith(GZIP_MAGIC)
                handle.seek(0)
                if compressed:
                    head = gzip.GzipFile(fileobj=handle).read(4096)
                    handle.seek(0)
                fmt = self.options.input_format or detect_format(head, name)
                if fmt == "warc":  # warcio reads plain and gzipped WARC alike, as a stream
                    yield from read_warc(handle, name, limit, self.stats)
                    return
                if compressed:
                    data = gzip.GzipFile(fileobj=handle).read(limit + 1)
                    if len(data) > limit:
                        raise _too_big(name, None, limit, "decompressed file")
                else:
                    size = os.fstat(handle.fileno()).st_size
                    if size > limit:
                        raise _too_big(name, size, limit)
                    data = handle.read(limit + 1)
                    if len(data) > limit:
                        raise _too_big(name, None, limit)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(name, f"damaged gzip file: {exc}") from None
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
        yield from self.parse(data, name, path=name, fmt=fmt)

    def parse(
        self,
        data: bytes,
        name: str,
        url: str | None = None,
        path: str | None = None,
        content_type: str | None = None,
        fmt: str | None = None,
        feeds: bool = True,
    ) -> Iterator[Article | InputError]:
        """Read decompressed bytes in their format (detected unless forced)."""
        fmt = fmt or self.options.input_format or detect_format(data[:4096], url or name, content_type)
        if fmt == "warc":
            yield from read_warc(io.BytesIO(data), name, self.options.max_bytes, self.stats)
        elif fmt == "feed":
            if not feeds:
                raise InputError(name, "a feed item links to another feed, not to an article")
            yield from read_feed(data, name, self.open_link, self.options.jobs)
        elif fmt == "html":
            yield html_to_article(data, source=name, url=url, path=path)
        else:
            text = decode_text(data, name)
            found = scan(text)
            yield Article(
                text=text,
                path=path,
                url=url,
                title=found.title,
                byline=found.byline,
                published=found.published,
                residue=found.residue,
                source=name,
            )

    def open_link(self, link: str) -> list[Article | InputError]:
        """Fetch and read a feed item's link (called from the feed reader's threads)."""
        try:
            fetched = self.fetcher.fetch(link)
            return list(
                self.parse(
                    fetched.data, link, url=fetched.final_url, content_type=fetched.content_type, feeds=False
                )
            )
        except InputError as exc:
            return [exc]


def read_sources(
    sources: Sequence[str], options: IngestOptions | None = None, stats: IngestStats | None = None
) -> Iterator[Article | InputError]:
    """Yield the Articles (or InputErrors explaining why not) of every input, in input order.

    Duplicates of an article already read in this run are dropped and counted in ``stats``.
    """
    options = options or IngestOptions()
    if options.input_format is not None and options.input_format not in INPUT_FORMATS:
        raise ValueError(
            f"unknown input format {options.input_format!r}; choose one of {', '.join(INPUT_FORMATS)}"
        )
    stats = stats if stats is not None else IngestStats()
    reader = _Reader(options, stats)
    dedup = Deduplicator() if options.dedup else None

    def units() -> Iterator[str | Path | InputError]:
        for unit in reader.units(sources):
            if dedup and isinstance(unit, str) and is_url(unit) and (first := dedup.seen_url(unit)):
                log.info("%s: skipped, same URL as %s", unit, first)
                stats.skip("duplicate")
                continue
            yield unit

    for unit in map_ordered(reader.prefetch, units(), options.jobs):
        for item in reader.read(unit):
            if isinstance(item, Article) and dedup and (first := dedup.seen(item)):
                log.info("%s: skipped, same article as %s", item.source, first)
                stats.skip("duplicate")
                continue
            if isinstance(item, Article):
                stats.articles += 1
            yield item


def read_one(
    data: bytes | None,
    name: str,
    options: IngestOptions | None = None,
    *,
    url: str | None = None,
    fmt: str | None = None,
) -> Article:
    """One article from bytes in hand (``data``) or downloaded from ``url`` (``data`` None):
    what a server is sent. The bytes are read exactly as a file would be (format detected
    unless ``fmt`` forces it, size cap, decoding, header metadata, residue); feeds and web
    archives hold many articles and are refused. Raises InputError naming ``name``."""
    options = options or IngestOptions()
    reader = _Reader(options, IngestStats())
    content_type = None
    if data is None:
        if url is None or not is_url(url):
            raise InputError(name, "give an http:// or https:// URL")
        fetched = reader.fetcher.fetch(url)
        data, url, content_type = fetched.data, fetched.final_url, fetched.content_type
    if len(data) > options.max_bytes:
        raise _too_big(name, len(data), options.max_bytes, "input")
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data, name, options.max_bytes)
    fmt = fmt or options.input_format or detect_format(data[:4096], url or name, content_type)
    if fmt in ("feed", "warc"):
        raise InputError(
            name,
            f"this is a {'web archive' if fmt == 'warc' else fmt}, not one article; "
            "use `according ingest` for feeds and web archives",
        )
    for item in reader.parse(data, name, url=url, content_type=content_type, fmt=fmt):
        if isinstance(item, InputError):
            raise item
        return item
    raise InputError(name, "no article found in it")
