"""The app factory a worker process of ``according serve --workers N`` imports (Uvicorn starts
workers from an import string): the configuration comes from the command, through
``$ACCORDING_SERVE_CONFIG``; what workers share lives in ``api.shared``."""

from __future__ import annotations

from fastapi import FastAPI

from .app import create_app
from .config import ServeConfig


def app() -> FastAPI:
    """One worker's app, its extractor loading in the background from the start."""
    return create_app(ServeConfig.from_env(), warm=True)
