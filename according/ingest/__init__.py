"""Turn what users have (files, directories, stdin, ...) into Articles.

Every source yields either an ``Article`` or an ``InputError`` naming it, so a batch can go
on past a bad item and report it at the end.
"""

from __future__ import annotations

from .sources import IngestOptions, read_sources

__all__ = ["IngestOptions", "read_sources"]
