"""Paging and downloads shared by every list: limit/offset in, total and next/previous links out.

A list is never cut silently: each page says how many items there are in all and links the
next page; a CSV download carries the same as ``X-Total-Count`` and a ``Link: rel="next"`` header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import JSONResponse, Response

from ..store.export import csv_text
from ..store.queries import Page

LIMIT_MAX = 10_000

Limit = Annotated[int, Query(ge=1, le=LIMIT_MAX, description=f"Items per page (at most {LIMIT_MAX:,}).")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="How many items to skip.")]
Format = Annotated[
    Literal["csv", "json"] | None,
    Query(description="Download the page as a CSV or JSON file instead of the JSON envelope."),
]
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


def link(request: Request, offset: int | None) -> str | None:
    """The same request at another offset, as a path with its query (never an absolute URL)."""
    if offset is None:
        return None
    url = request.url.include_query_params(offset=offset)
    return f"{url.path}?{url.query}"


def envelope(request: Request, page: Page) -> dict[str, Any]:
    previous = max(0, page.offset - (page.limit or page.offset)) if page.offset > 0 else None
    return {
        "items": page.items,
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "next": link(request, page.next_offset),
        "previous": link(request, previous),
    }


def respond(
    request: Request, page: Page, fmt: str | None, name: str, columns: Sequence[str]
) -> dict[str, Any] | Response:
    """The JSON envelope, or the page as a downloadable CSV / JSON file named ``name``."""
    body = envelope(request, page)
    if fmt is None:
        return body
    headers = {"X-Total-Count": str(page.total)}
    if body["next"]:
        headers["Link"] = f'<{body["next"]}>; rel="next"'
    part = f"-{page.offset + 1}-{page.offset + len(page.items)}" if page.offset or body["next"] else ""
    headers["Content-Disposition"] = f'attachment; filename="{name}{part}.{fmt}"'
    if fmt == "csv":
        return Response(csv_text(page.items, columns), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(body, headers=headers)
