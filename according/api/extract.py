"""``POST /api/v1/extract`` (read and extract, store nothing) and ``POST /api/v1/articles``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..store.ingest import Ingest, IngestConfig
from .context import Ctx, Submission
from .models import DocumentOut, ExtractRequest, StoredOut, error_responses
from .security import bearer, check_token

router = APIRouter(tags=["extract"])

ERRORS = error_responses(400, 413, 422, 429, 503)


def _submission(body: ExtractRequest) -> Submission:
    name = body.url or ("<html>" if body.html is not None else "<text>")
    return Submission(
        text=body.text,
        html=body.html,
        url=body.url,
        name=name,
        title=body.title,
        outlet=body.outlet,
        published=body.published,
    )


@router.post("/extract", response_model=DocumentOut, responses=ERRORS)
async def extract(body: ExtractRequest, request: Request, ctx: Ctx) -> dict:
    """Extract the attributions of one article (text, HTML or a URL) and return its
    ``according/1`` document. Nothing is stored."""
    ctx.check_rate(request)
    doc = await ctx.extract(_submission(body))
    return doc.to_json()


@router.post(
    "/articles",
    response_model=StoredOut,
    status_code=201,
    responses={**ERRORS, 401: {"description": "No or wrong token."}, 403: {"description": "Writes are off."}},
)
async def store_article(body: ExtractRequest, request: Request, ctx: Ctx) -> JSONResponse:
    """Extract one article and store it (needs ``Authorization: Bearer <ACCORDING_TOKEN>``).
    An article already stored with the same text is not extracted again (status ``unchanged``)."""
    check_token(ctx.config, bearer(request))
    store = ctx.require_store()
    ctx.check_rate(request)
    article = await ctx.blocking(ctx.read, _submission(body))
    run = Ingest(store, IngestConfig(), extractor=ctx.extraction.as_extractor())
    await ctx.blocking(lambda: list(run.articles([article])))
    report = run.report
    if report.errors:
        raise report.errors[0]
    status: Literal["new", "updated", "unchanged"] = (
        "new" if report.new else "updated" if report.updated else "unchanged"
    )
    out = StoredOut(
        id=report.articles[0],
        status=status,
        attributions=report.attributions,
        url=f"/api/v1/articles/{report.articles[0]}",
        page=f"/articles/{report.articles[0]}",
    )
    return JSONResponse(
        out.model_dump(), status_code=201 if status == "new" else 200, headers={"Location": out.url}
    )
