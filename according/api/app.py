"""The app factory: one FastAPI app serving the JSON API under ``/api/v1`` and the web pages.

    from according.api import ServeConfig, create_app
    app = create_app(ServeConfig(database="according.db"))

``extractor`` lets a caller hand in an already-loaded extractor (tests use a stand-in).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..attribution import Extractor
from . import articles, claims, errors, extract, speakers
from .config import ServeConfig
from .context import Context, Ctx, wait_warm
from .extraction import Extraction
from .models import Health, error_responses
from .pagecache import PageCache
from .security import BodyLimit, SecurityHeaders

log = logging.getLogger(__name__)

DESCRIPTION = """Who claims what, how firmly, through whom: the record `according` keeps across
articles, and extraction on demand. Lists are paged (`limit`, `offset`; each page says `total` and
links `next`), and download as CSV or JSON with `format=csv|json`. Errors are
`{"error": {"code", "message"}}`. Writes need `Authorization: Bearer <ACCORDING_TOKEN>`."""


def create_app(
    config: ServeConfig | None = None, *, extractor: Extractor | None = None, warm: bool = False
) -> FastAPI:
    """The whole server; ``warm`` loads the extraction model at start-up instead of on first use."""
    from .. import web

    config = config or ServeConfig()
    ctx = Context.open(config, Extraction(config.model, config.spacy_model, extractor=extractor))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync handlers (every page and API read) run on this loop's default thread pool.
        to_thread.current_default_thread_limiter().total_tokens = ctx.config.threads
        web.templating.compile_all()
        task = asyncio.create_task(wait_warm(ctx)) if warm else None
        yield
        if task is not None:
            task.cancel()
        ctx.close()

    app = FastAPI(
        title="according",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.according = ctx
    api = APIRouter(prefix="/api/v1")
    for module in (extract, articles, speakers, claims):
        api.include_router(module.router)
    app.include_router(api)
    app.add_api_route(
        "/healthz",
        health,
        methods=["GET"],
        response_model=Health,
        tags=["health"],
        responses=error_responses(405),
    )
    web.install(app)
    errors.install(app, web.render_error)
    app.add_middleware(PageCache)
    app.add_middleware(errors.CatchAll, handler=app.state.error_handler)
    app.add_middleware(BodyLimit, limit=config.body_limit)
    app.add_middleware(SecurityHeaders)
    return app


async def health(request: Request, ctx: Ctx) -> dict[str, Any]:
    """Liveness and what the server can do: its store, whether it takes writes, the extractor."""
    store, ok = await run_in_threadpool(_store_state, ctx)
    return {
        "status": "ok" if ok else "degraded",
        "version": __version__,
        "store": store,
        "writable": ctx.config.writable and ctx.store is not None,
        "extractor": ctx.extraction.state,
    }


def _store_state(ctx: Context) -> tuple[str, bool]:
    if ctx.store is None:
        return ctx.store_problem or "no database", False
    try:
        with ctx.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # the point of a health check: report, don't raise
        return f"{ctx.store.url}: unreachable ({type(exc).__name__})", False
    return ctx.store.url, True
