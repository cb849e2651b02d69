"""``GET /api/v1/claims`` (search and filters), ``GET /api/v1/claims/{id}`` (first appearance,
echoes, chain) and ``GET /api/v1/attributions`` (the flat rows behind them, for exports)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from ..store import queries
from ..store.queries import Page as QueryPage
from . import paging
from .context import Ctx
from .filters import ClaimQuery
from .models import Appearance, AttributionRow, ClaimDetail, ClaimSummary, Page, error_responses

router = APIRouter(tags=["claims"], responses=error_responses(400, 404, 405, 422, 503))
CLAIM_COLUMNS = ("id", "speaker", "speaker_id", "text", "appearances", "outlets", "first_seen", "last_seen")
ROW_COLUMNS = (
    "id",
    "article",
    "date",
    "outlet",
    "url",
    "speaker",
    "speaker_name",
    "kind",
    "stance",
    "cue",
    "content",
    "channel",
    "claim",
)
APPEARANCE_COLUMNS = (
    "date",
    "outlet",
    "article",
    "position",
    "attribution",
    "title",
    "url",
    "speaker",
    "cue",
    "content",
    "kind",
    "stance",
    "channel",
    "chain",
)
ClaimId = Path(ge=1, le=2**31 - 1)
Order = Annotated[
    Literal["recent", "echoed"],
    Query(description="recent: last seen, latest first; echoed: most appearances, then most outlets."),
]


@router.get("/claims", response_model=Page[ClaimSummary], responses=paging.DOWNLOAD_RESPONSES)
def list_claims(
    request: Request, ctx: Ctx, f: ClaimQuery, format: paging.Format = None, order: Order = "recent"
) -> dict[str, Any] | Response:
    """Claims (one claim however many articles carry it) with an attribution that passes every
    filter, most recently seen first (``order=echoed``: most appearances, then outlets, first)."""
    page = queries.claims_page(ctx.require_store(), replace(f, order=order))
    return paging.respond(request, page, format, "claims", CLAIM_COLUMNS)


@router.get("/claims/{claim_id}", response_model=ClaimDetail)
def get_claim(ctx: Ctx, claim_id: int = ClaimId) -> dict[str, Any]:
    """A claim's first appearance, the outlets that echoed it, and each appearance's chain."""
    return queries.claim(ctx.require_store(), claim_id)


@router.get(
    "/claims/{claim_id}/appearances", response_model=Page[Appearance], responses=paging.DOWNLOAD_RESPONSES
)
def claim_appearances(
    request: Request,
    ctx: Ctx,
    claim_id: int = ClaimId,
    limit: paging.Limit = 500,
    offset: paging.Offset = 0,
    format: paging.Format = None,
) -> dict[str, Any] | Response:
    """Every appearance of the claim in date order (first appearance first), with its chain."""
    rows = queries.claim(ctx.require_store(), claim_id)["appearances"]
    page = QueryPage(rows[offset : offset + limit], len(rows), limit, offset)
    return paging.respond(request, page, format, f"claim-{claim_id}-appearances", APPEARANCE_COLUMNS)


@router.get("/attributions", response_model=Page[AttributionRow], responses=paging.DOWNLOAD_RESPONSES)
def list_attributions(
    request: Request, ctx: Ctx, f: ClaimQuery, format: paging.Format = None
) -> dict[str, Any] | Response:
    """Every stored attribution passing the filters as a flat row, in id order."""
    page = queries.attribution_rows_page(ctx.require_store(), f)
    return paging.respond(request, page, format, "attributions", ROW_COLUMNS)
