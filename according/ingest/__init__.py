"""Turn what users have (files, directories, stdin, URLs, feeds, web archives) into Articles.

Stages, one module each: ``sources`` (detect and dispatch), ``text`` (decode bytes),
``html`` (main text and metadata), ``feeds`` (RSS/Atom items), ``warc`` (web archives),
``fetch`` (safe downloads), ``residue`` (page furniture in the text), ``dedup`` (once per run).
Every source yields either an ``Article`` or an ``InputError`` naming it, so a batch can go
on past a bad item and report it at the end.
"""

from __future__ import annotations

from .options import DEFAULT_MAX_BYTES, INPUT_FORMATS, IngestOptions, IngestStats
from .sources import detect_format, read_one, read_sources

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INPUT_FORMATS",
    "IngestOptions",
    "IngestStats",
    "detect_format",
    "read_one",
    "read_sources",
]
