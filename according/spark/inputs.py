"""What a batch reads: expanding INPUT arguments into files, and reading one file's records.

Local paths are expanded on the driver (directories walked like ``according extract`` walks
them) and each executor opens its files itself, streaming WARC archives record by record.
Any other URI (``hdfs://``, ``s3a://``, ``file://``) is listed through Hadoop's FileSystem and
its bytes reach the executor through ``binaryFiles``, so whatever connector the cluster has
works; such a file is held in executor memory whole while it is read.

Reading a file uses the project's ingest code (``read_sources`` with de-duplication left to
the job, which de-duplicates across the whole corpus), and ``read_documents`` for
``according/1`` JSON Lines, whose articles are extracted again.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..document import Article
from ..errors import InputError
from ..ingest import IngestOptions, IngestStats, detect_format, read_sources
from ..ingest.filemeta import is_sidecar
from ..store.ingest import read_documents

log = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Record:
    """One item read from an input file, in file order: an Article or why there is none."""

    seq: int
    item: Article | InputError


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def is_local(uri: str) -> bool:
    """A plain path, not a URI (``hdfs://…``, ``s3a://…``, and Hadoop's qualified ``file:/…``)."""
    return not _SCHEME.match(uri)


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def expand_local(source: str) -> list[str] | InputError:
    """Absolute paths of the regular files ``source`` names (a directory: every non-hidden file)."""
    path = Path(source).expanduser()
    if path.is_dir():
        found = []
        for folder, dirs, files in os.walk(path, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [
                str((Path(folder) / f).resolve())
                for f in sorted(files)
                if not f.startswith(".") and not is_sidecar(Path(f))  # metadata, not an article
            ]
        return found
    if path.is_file():
        return [str(path.resolve())]
    return InputError(source, "no such file or directory")


def strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def is_jsonl(name: str) -> bool:
    return strip_gz(name).lower().endswith(JSONL_SUFFIXES)


def read_file(
    unit: str, options: IngestOptions, stats: IngestStats, data: bytes | None = None
) -> Iterator[Record]:
    """The records of one input file (a local path, or a URI whose bytes are ``data``).

    Never raises for bad content: an unreadable file or record comes out as an InputError.
    """
    if data is None:
        yield from _read_path(unit, unit, options, stats)
        return
    suffix = "".join(Path(unit.split("?")[0]).suffixes[-2:])
    with tempfile.TemporaryDirectory(prefix="according-batch-") as tmp:
        local = os.path.join(tmp, "input" + suffix)
        with open(local, "wb") as handle:
            handle.write(data)
        for record in _read_path(local, unit, options, stats):
            yield replace(record, item=_renamed(record.item, local, unit))


def _read_path(path: str, name: str, options: IngestOptions, stats: IngestStats) -> Iterator[Record]:
    try:
        fmt = _format(path)
    except InputError as exc:
        yield Record(0, InputError(name, exc.reason))
        return
    if fmt == "jsonl":
        items: Iterator[Any] = (_article_of(d, path, i) for i, d in enumerate(read_documents([path])))
    elif fmt == "feed":
        items = iter(
            [
                InputError(
                    name,
                    "a news feed: batch runs read pages and archives, not feeds "
                    "(they link to pages to download); use `according ingest` for feeds",
                )
            ]
        )
    else:
        items = read_sources([path], replace(options, dedup=False), stats)
    seq = 0
    for item in items:
        seq += 1
        yield Record(seq, item)


def _format(path: str) -> str:
    """The reader for ``path``: JSON Lines by name, else what ``detect_format`` sees in the
    (decompressed) head. A damaged file is left for the reader to report in its own words."""
    if is_jsonl(path):
        return "jsonl"
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(47).decompress(head, 4096)  # 47: gzip header, first member
        except zlib.error:
            return "text"  # read_sources reports the damaged gzip data
    return detect_format(head[:4096], strip_gz(path))


def _article_of(item: Any, path: str, index: int) -> Article | InputError:
    """The article of an ``according/1`` document line; its attributions are extracted anew."""
    if isinstance(item, InputError):
        return item
    article = item.article
    return article if article.source else replace(article, source=f"{path}#{index}")


def _renamed(item: Article | InputError, local: str, unit: str) -> Article | InputError:
    """Name a record by its URI rather than the temporary file it was read from."""
    if isinstance(item, InputError):
        return InputError(item.source.replace(local, unit), item.reason)
    return replace(
        item,
        source=item.source.replace(local, unit) if item.source else unit,
        path=unit if item.path == local else item.path,
    )
