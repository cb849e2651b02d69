"""The web pages: server-rendered with Jinja2, styled and scripted only by files shipped here.

Every page works without JavaScript; ``static/according.js`` only adds hover highlighting.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from .templating import render
from .views import articles, claims, docs, read, speakers

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    for module in (read, articles, speakers, claims, docs):
        app.include_router(module.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for it even on JSON pages
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


def render_error(request: Request, status: int, code: str, message: str, headers: dict[str, str]) -> Response:
    return render(
        request, "error.html", {"status": status, "code": code, "message": message}, status, headers
    )


__all__ = ["install", "render_error"]
