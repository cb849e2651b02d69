"""``GET /api/v1/speakers`` and ``GET /api/v1/speakers/{id}`` with their claims over time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ..store import queries
from . import paging
from .context import Ctx
from .filters import KindParam, StanceParam, Text, TypeParam, blank
from .models import Page, SpeakerAttribution, SpeakerDetail, SpeakerSummary, error_responses

router = APIRouter(tags=["speakers"], responses=error_responses(400, 404, 405, 422, 503))
SPEAKER_COLUMNS = ("id", "name", "type", "claims", "aliases", "outlets")
ATTRIBUTION_COLUMNS = (
    "id",
    "date",
    "outlet",
    "article",
    "claim",
    "kind",
    "stance",
    "cue",
    "content",
    "channel",
    "title",
)
SpeakerId = Path(ge=1, le=2**31 - 1)


@router.get("/speakers", response_model=Page[SpeakerSummary], responses=paging.DOWNLOAD_RESPONSES)
def list_speakers(
    request: Request,
    ctx: Ctx,
    search: Text = None,
    type: TypeParam = None,
    limit: paging.Limit = 50,
    offset: paging.Offset = 0,
    format: paging.Format = None,
) -> dict[str, Any] | Response:
    """Speakers, most claims first, with aliases, type and claims per outlet.
    ``search`` matches the name or an alias."""
    page = queries.speakers_page(
        ctx.require_store(), search=blank(search), type_=type, limit=limit, offset=offset
    )
    return paging.respond(request, page, format, "speakers", SPEAKER_COLUMNS)


@router.get("/speakers/{speaker_id}", response_model=SpeakerDetail)
def get_speaker(ctx: Ctx, speaker_id: int = SpeakerId) -> dict[str, Any]:
    """One speaker: aliases, type, and claims by outlet, by month and by month and outlet."""
    item = queries.speaker(ctx.require_store(), str(speaker_id), limit=0)
    item["attributions"] = f"/api/v1/speakers/{speaker_id}/attributions"
    return item


@router.get(
    "/speakers/{speaker_id}/attributions",
    response_model=Page[SpeakerAttribution],
    responses=paging.DOWNLOAD_RESPONSES,
)
def speaker_attributions(
    request: Request,
    ctx: Ctx,
    speaker_id: int = SpeakerId,
    stance: StanceParam = None,
    kind: KindParam = None,
    limit: paging.Limit = 50,
    offset: paging.Offset = 0,
    format: paging.Format = None,
) -> dict[str, Any] | Response:
    """What the speaker said, latest first, optionally of one stance and kind."""
    page = queries.speaker_attributions(
        ctx.require_store(), str(speaker_id), stance=stance, kind=kind, limit=limit, offset=offset
    )
    return paging.respond(request, page, format, f"speaker-{speaker_id}", ATTRIBUTION_COLUMNS)
