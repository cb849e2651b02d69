"""One error shape for every failure: ``{"error": {"code", "message"}}`` with the right status.

The status is carried by the exception's class (datasette's way): library errors map through
``STATUS``, HTTP-level refusals raise ``ApiError`` with their own. Web pages get the same
code and message rendered as a page; nothing ever shows a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import AccordingError, AmbiguousError, InputError, ModelError, NotFoundError, StoreError

log = logging.getLogger(__name__)

#: Most specific first: the first class an error is an instance of decides status and code.
STATUS: tuple[tuple[type[AccordingError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (AmbiguousError, 400, "ambiguous"),
    (InputError, 422, "bad_input"),
    (ModelError, 503, "model_unavailable"),
    (StoreError, 503, "store_unavailable"),
    (AccordingError, 400, "bad_request"),
)
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
}


class ApiError(Exception):
    """An HTTP-level refusal (no token, too many requests, body too large, …)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def classify(exc: BaseException) -> tuple[int, str, str]:
    """(status, code, message) for any exception; unexpected ones get a message without internals."""
    if isinstance(exc, ApiError):
        return exc.status, exc.code, exc.message
    if isinstance(exc, AccordingError):
        for cls, status, code in STATUS:
            if isinstance(exc, cls):
                return status, code, str(exc)
    if isinstance(exc, RequestValidationError):
        return 422, "invalid_request", validation_message(exc.errors())
    if isinstance(exc, StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such page; the API is under /api/v1 (see /api/v1/docs)"
        return exc.status_code, code, detail
    return 500, "internal", "internal error: the server logged it; please report it"


def validation_message(errors: Any) -> str:
    """``query parameter 'limit': Input should be greater than 0; …`` from pydantic's list."""
    parts = []
    for err in list(errors)[:5]:
        where = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        place = {"query": "query parameter", "path": "path parameter", "header": "header"}.get(
            where[0] if where else "", "field"
        )
        name = ".".join(where[1:] if where and where[0] in ("query", "path", "header") else where)
        parts.append(f"{place} {name!r}: {err.get('msg', 'invalid')}" if name else err.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def wants_html(request: Request) -> bool:
    """Pages get an HTML error page, the API and health check JSON."""
    path = request.url.path
    return not (path.startswith("/api/") or path == "/healthz")


def install(app: FastAPI, render_page: Any) -> None:
    """Route every exception through one handler; ``render_page(request, status, code, message)``
    draws the HTML version."""

    async def handle(request: Request, exc: Exception) -> Response:
        status, code, message = classify(exc)
        if status >= 500 and code == "internal":
            log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        headers = dict(getattr(exc, "headers", None) or {})
        if status == 405 and (methods := allowed_methods(request)):
            headers["Allow"] = ", ".join(methods)
        if wants_html(request):
            return render_page(request, status, code, message, headers)
        return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)

    for cls in (ApiError, AccordingError, RequestValidationError, StarletteHTTPException):
        app.add_exception_handler(cls, handle)
    app.state.error_handler = handle


def allowed_methods(request: Request) -> list[str]:
    """Every method the OpenAPI schema gives this path (Starlette's 405 names only the first
    route's, and a path such as ``/api/v1/articles`` has a GET and a POST route)."""
    import re

    methods: set[str] = set()
    for path, operations in request.app.openapi().get("paths", {}).items():
        pattern = "^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(path)) + "$"
        if re.match(pattern, request.url.path):
            methods |= {m.upper() for m in operations}
    return sorted(methods)


class CatchAll:
    """ASGI middleware: an exception no handler took becomes the same 500 response (inside the
    security headers, unlike Starlette's outermost error middleware), never a traceback."""

    def __init__(self, app: Any, handler: Any) -> None:
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:
                raise
            response = await self.handler(Request(scope), exc)
            await response(scope, receive, send)
