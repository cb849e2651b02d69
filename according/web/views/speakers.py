"""Speakers: the list, and one speaker's claims over time by month and outlet."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ...api.context import context
from ...document import KINDS, SPEAKER_TYPES, STANCES
from ...store import queries
from .. import params
from ..charts import month_chart
from ..templating import render

router = APIRouter()


@router.get("/speakers")
def speakers(request: Request) -> Response:
    store = context(request).require_store()
    limit, offset = params.paging(request.query_params)
    search = params.text(request.query_params, "search")
    type_ = params.speaker_type(request.query_params)
    page = queries.speakers_page(store, search=search, type_=type_, limit=limit, offset=offset)
    return render(
        request,
        "speakers.html",
        {"page": page, "search": search, "type": type_, "types": SPEAKER_TYPES, "api": "/api/v1/speakers"},
    )


@router.get("/speakers/{speaker_id}")
def speaker(request: Request, speaker_id: int = Path(ge=1, le=2**31 - 1)) -> Response:
    store = context(request).require_store()
    q = request.query_params
    stance, kind = params.choice(q, "stance", STANCES), params.choice(q, "kind", KINDS)
    limit, offset = params.paging(q)
    item, page = queries.speaker_page(
        store, str(speaker_id), stance=stance, kind=kind, limit=limit, offset=offset
    )
    return render(
        request,
        "speaker.html",
        {
            "speaker": item,
            "chart": month_chart(item["by_month_outlet"]),
            "page": page,
            "stance": stance,
            "kind": kind,
            "stances": STANCES,
            "kinds": KINDS,
            "api": f"/api/v1/speakers/{speaker_id}/attributions",
        },
    )
