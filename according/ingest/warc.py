"""WARC / WARC.gz web archives -> one article per HTML response record, with warcio.

Archives are read as a stream (they are often far larger than one article), so the size cap
applies to each record rather than to the file. Records that are not successful HTML
responses (requests, metadata, images, redirects) are passed over and counted, not errors.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from ..document import Article
from ..errors import InputError
from .html import html_to_article
from .options import IngestStats

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def looks_like_warc(head: bytes) -> bool:
    return head.lstrip()[:5] == b"WARC/"


def read_warc(
    stream: BinaryIO, name: str, max_bytes: int, stats: IngestStats | None = None
) -> Iterator[Article | InputError]:
    """Yield an Article (or InputError) per HTML response record; ``source`` is ``warc:<file>#<n>``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        records = ArchiveIterator(stream)
        records.INC_RECORD = ""  # warcio writes this warning to stderr itself; we log it instead
        for record in records:
            number += 1
            if records.err_count:
                log.warning("%s: a record before record %d is not followed by a blank line", name, number)
                records.err_count = 0
            if record.rec_type not in ("response", "resource"):
                continue
            source = f"warc:{name}#{number}"
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type == "response":
                if record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type") or ""
                if status != "200":
                    _skip(stats, f"WARC record HTTP {status}")
                    continue
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
            if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                _skip(stats, "WARC record not HTML")
                continue
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield InputError(
                    source, f"record is over the {max_bytes:,}-byte limit (raise it with --max-bytes)"
                )
                continue
            missing = _missing_bytes(record)
            if missing:
                where = f"{source} ({uri})" if uri else source
                yield InputError(
                    where,
                    f"record is truncated: the WARC file ends {missing:,} bytes before the record does "
                    "(an interrupted download or copy?); the partial page is not stored",
                )
                continue
            try:
                yield html_to_article(data, source=source, url=uri, path=name)
            except InputError as exc:
                yield InputError(f"{source} ({uri})" if uri else source, exc.reason)
    except ArchiveLoadFailed as exc:
        yield InputError(name, f"not a readable WARC file after record {number}: {_first_line(exc)}")
    except (OSError, EOFError, ValueError) as exc:
        yield InputError(name, f"damaged WARC file after record {number}: {_first_line(exc)}")


def _missing_bytes(record) -> int:  # type: ignore[no-untyped-def]
    """Bytes of the record's declared block that the file does not hold (0 when complete).

    warcio stops quietly at the end of the file, so a record cut off by a truncated download
    would read as a shorter page; its raw stream still expects the declared length."""
    raw = record.raw_stream
    while raw.read(64 * 1024):
        pass
    return int(getattr(raw, "limit", 0) or 0)


def _skip(stats: IngestStats | None, reason: str) -> None:
    if stats is not None:
        stats.skip(reason)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
