"""Command-line interface: parses arguments, calls the library, renders results and errors.

No logic lives here that another interface would need.
"""

from __future__ import annotations

from . import (  # noqa: F401  (registers commands)
    batch,
    benchmark,
    benchmark_ingest,
    benchmark_serve,
    evaluate,
    extract,
    records,
    serve,
    speakers,
    store,
    train,
)
from .app import app, main

__all__ = ["app", "main"]
