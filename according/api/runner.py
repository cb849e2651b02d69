"""Run the server: one Uvicorn process, or ``workers`` processes sharing one socket.

Page requests are CPU work in Python, so one process uses one core however many threads it
has; more processes use more cores. Each worker is a whole app (its own store connections and
its own extraction model, loaded in the background at start-up); what a later request may need
from an earlier one on another worker lives in ``api.shared``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..errors import AccordingError
from .config import CONFIG_VAR, ServeConfig
from .context import open_store


def run_server(
    config: ServeConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    announce: Callable[[str], None] = lambda line: None,
) -> None:
    """Serve until interrupted. With several workers the store is opened (a new one created)
    here first, so workers never race to make the schema, and their shared state goes in a
    directory made for this run and removed after it."""
    try:
        import uvicorn
    except ImportError as exc:  # pragma: no cover - uvicorn is a dependency
        raise AccordingError("serving needs uvicorn: pip install uvicorn") from exc
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": False,
        "server_header": False,
    }
    if workers == 1:
        from .app import create_app

        web = create_app(config, warm=True)
        state = web.state.according
        announce(_banner(config, state.store, state.store_problem, host, port, workers))
        uvicorn.run(web, **options)
        return
    store, problem = open_store(config)
    announce(_banner(config, store, problem, host, port, workers))
    if store is not None:
        store.close()
    state_dir = tempfile.mkdtemp(prefix="according-serve-")
    os.environ[CONFIG_VAR] = replace(config, state_dir=state_dir).to_env()
    try:
        uvicorn.run("according.api.worker:app", factory=True, workers=workers, **options)
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


def _banner(config: ServeConfig, store: Any, problem: str | None, host: str, port: int, workers: int) -> str:
    mode = "writes need $ACCORDING_TOKEN" if config.writable else "read-only"
    where = store.url if store is not None else f"no database ({problem})"
    shown = f"[{host}]" if ":" in host else host
    processes = f", {workers} workers" if workers > 1 else ""
    return f"according: serving {where} at http://{shown}:{port}/ ({mode}{processes}); Ctrl-C stops"
