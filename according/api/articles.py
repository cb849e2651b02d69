"""``GET /api/v1/articles`` (list, filters, paging) and ``GET /api/v1/articles/{id}``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ..store import queries
from ..store.queries import Page as QueryPage
from . import paging
from .context import Ctx
from .filters import Outlet, Since, Text, Until, article_filter
from .models import ArticleSummary, Page, StoredDocumentOut, error_responses

router = APIRouter(tags=["articles"], responses=error_responses(400, 404, 405, 422, 503))
ARTICLE_COLUMNS = (
    "id",
    "title",
    "outlet",
    "date",
    "url",
    "source",
    "lead",
    "attributions",
    "claims",
    "speakers",
)
ATTRIBUTION_COLUMNS = ("position", "speaker", "kind", "stance", "cue", "content", "channel", "claim_id")
ArticleId = Path(ge=1, le=2**31 - 1)


@router.get("/articles", response_model=Page[ArticleSummary], responses=paging.DOWNLOAD_RESPONSES)
def list_articles(
    request: Request,
    ctx: Ctx,
    search: Text = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    limit: paging.Limit = 50,
    offset: paging.Offset = 0,
    format: paging.Format = None,
) -> dict[str, Any] | Response:
    """Stored articles, latest published first, with their attribution, claim and speaker counts.
    ``search`` matches words in the title."""
    page = queries.articles(ctx.require_store(), article_filter(search, outlet, since, until, limit, offset))
    return paging.respond(request, page, format, "articles", ARTICLE_COLUMNS)


@router.get("/articles/{article_id}", response_model=StoredDocumentOut)
def get_article(ctx: Ctx, article_id: int = ArticleId) -> dict[str, Any]:
    """One stored article as an ``according/1`` document; each attribution also carries its
    canonical speaker id, claim id and chain of attribution."""
    return queries.article(ctx.require_store(), article_id)


@router.get(
    "/articles/{article_id}/attributions",
    response_model=Page[dict[str, Any]],
    responses=paging.DOWNLOAD_RESPONSES,
)
def article_attributions(
    request: Request,
    ctx: Ctx,
    article_id: int = ArticleId,
    limit: paging.Limit = 500,
    offset: paging.Offset = 0,
    format: paging.Format = None,
) -> dict[str, Any] | Response:
    """The article's attributions as flat rows, in text order."""
    rows = attribution_rows(queries.article(ctx.require_store(), article_id))
    page = QueryPage(rows[offset : offset + limit], len(rows), limit, offset)
    return paging.respond(request, page, format, f"article-{article_id}-attributions", ATTRIBUTION_COLUMNS)


def attribution_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per attribution of a stored article (for its CSV and the web list)."""
    return [
        {
            "position": i,
            "speaker": a.get("canonical_speaker") or (a.get("speaker") or {}).get("name"),
            "speaker_id": a.get("speaker_id"),
            "kind": a["kind"],
            "stance": a["stance"],
            "cue": a["cue"]["text"],
            "content": a["content"]["text"],
            "channel": a.get("channel"),
            "parent": a.get("parent"),
            "claim_id": a.get("claim_id"),
            "chain": a.get("chain", []),
        }
        for i, a in enumerate(data["attributions"])
    ]
