"""``according serve``: the API and web pages over the store the other commands use."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import json
import logging
from typing import Annotated, Any

import typer

from ..ingest import DEFAULT_MAX_BYTES, IngestOptions
from .app import app
from .store import DbOption

log = logging.getLogger(__name__)


@app.command()
def serve(
    database: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Refuse every write, even with $ACCORDING_TOKEN set.")
    ] = False,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="'rules', 'default' or a model directory.")
    ] = None,
    spacy_model: Annotated[
        str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest article accepted (text, file or download).")
    ] = DEFAULT_MAX_BYTES,
    extract_rate: Annotated[
        float, typer.Option("--extract-rate", min=0, help="Extractions per client per minute (0: no limit).")
    ] = 30.0,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            max=64,
            help="Server processes (one per core for production; each loads its own extraction model).",
        ),
    ] = 1,
    page_cache: Annotated[
        int,
        typer.Option(
            "--page-cache",
            min=0,
            help="MB of answers to repeated GETs each worker keeps until the store changes (0: off).",
        ),
    ] = 32,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            min=1,
            max=256,
            help="Requests each worker computes at once (default 2); the rest wait their turn.",
        ),
    ] = None,
    get: Annotated[
        str | None,
        typer.Option(
            "--get", help="Run one GET request (e.g. /api/v1/claims?search=x) and print it; no server."
        ),
    ] = None,
) -> None:
    """Serve the JSON API (/api/v1) and the web pages: read articles highlighted, browse the record.

    Read-only unless $ACCORDING_TOKEN is set: then POST /api/v1/articles and the "store this"
    button store articles, given that token.
    """
    from ..api import ServeConfig, create_app
    from ..api.runner import run_server

    config = ServeConfig(
        database=database,
        read_only=read_only,
        token=ServeConfig.token_from_env(),
        model=model,
        spacy_model=spacy_model,
        read=IngestOptions(max_bytes=max_bytes, cache=False),
        extract_rate=extract_rate,
        page_cache_bytes=page_cache * 1024 * 1024,
    )
    if threads is not None:
        config = dataclasses.replace(config, threads=threads)
    if get is not None:
        status, body = asyncio.run(_get(create_app(config), get))
        typer.echo(body)
        if status >= 400:
            raise typer.Exit(1)
        return
    if not _loopback(host):
        log.warning("listening on %s: anyone who can reach this address can use the server", host)
    run_server(
        config, host=host, port=port, workers=workers, announce=lambda line: typer.echo(line, err=True)
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _get(asgi: Any, target: str) -> tuple[int, str]:
    """One GET through the app in process (datasette's ``serve --get``): no socket, no server."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path if path.startswith("/") else "/" + path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 0),
        "server": ("localhost", 80),
        "root_path": "",
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await asgi(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode("utf-8")
    state = getattr(asgi, "state", None)
    if state is not None and hasattr(state, "according"):
        state.according.close()
    if body.startswith(("{", "[")):
        try:
            body = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
        except ValueError:
            pass
    return status, body
