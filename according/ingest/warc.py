"""WARC / WARC.gz web archives -> one article per HTML response record, with warcio.

Archives are read as a stream (they are often far larger than one article), so the size cap
applies to each record rather than to the file. Records that are not successful HTML
responses (requests, metadata, images, redirects) are passed over and counted, not errors.
"""

from __future__ import annotations

import logging
import zlib
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
    records = ArchiveIterator(stream)
    records.INC_RECORD = ""  # warcio writes this warning to stderr itself; we log it instead
    stream_of = iter(records)
    while True:
        try:  # warcio's own parsing: on a damaged file it raises many kinds of exception
            number += 1
            record = next(stream_of)
            page = _html_record(record, max_bytes, stats)
        except StopIteration:
            return
        except ArchiveLoadFailed as exc:
            yield InputError(name, f"not a readable WARC file after record {number - 1}: {_first_line(exc)}")
            return
        except _WARCIO_FAILURES as exc:
            detail = (
                _first_line(exc)
                if isinstance(exc, OSError | EOFError | ValueError)
                else "a header is missing"
            )
            yield InputError(name, f"damaged WARC file at record {number}: {detail}")
            return
        if records.err_count:
            log.warning("%s: a record before record %d is not followed by a blank line", name, number)
            records.err_count = 0
        if page is None:
            continue
        uri, data, missing = page
        source = f"warc:{name}#{number}"
        where = f"{source} ({uri})" if uri else source
        if data is None:
            yield InputError(
                source, f"record is over the {max_bytes:,}-byte limit (raise it with --max-bytes)"
            )
        elif missing:
            yield InputError(
                where,
                f"record is truncated: the WARC file ends {missing:,} bytes before the record does "
                "(an interrupted download or copy?); the partial page is not stored",
            )
        else:
            try:
                yield html_to_article(data, source=source, url=uri, path=name)
            except InputError as exc:
                yield InputError(where, exc.reason)


# What warcio raises on a damaged archive besides its own ArchiveLoadFailed (a missing header
# read as None, a bad length, a short gzip member, ...).
_WARCIO_FAILURES = (
    OSError,
    EOFError,
    ValueError,
    AttributeError,
    TypeError,
    KeyError,
    IndexError,
    zlib.error,
)


def _html_record(record, max_bytes: int, stats: IngestStats | None):  # type: ignore[no-untyped-def]
    """(uri, body or None when over ``max_bytes``, bytes missing) of an HTML response record,
    or None for a record that is not one (counted in ``stats``)."""
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode()
        content_type = record.http_headers.get_header("Content-Type") or ""
        if status != "200":
            _skip(stats, f"WARC record HTTP {status}")
            return None
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        _skip(stats, "WARC record not HTML")
        return None
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return uri, None, 0
    return uri, data, _missing_bytes(record)


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
