"""The HTTP API (``/api/v1``) and the app factory that also serves the web pages.

Handlers parse input, call the library (``according.store.queries``, ``according.store.ingest``,
the extractor) and shape the output; nothing here computes what the CLI computes elsewhere.
"""

from __future__ import annotations

from .app import create_app
from .config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
