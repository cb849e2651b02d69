"""Query parameters shared by the API and the web pages, parsed once into library filters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Depends, Query

from ..store.queries import ArticleFilter, ClaimFilter
from . import paging
from .errors import ApiError

Text = Annotated[str | None, Query(max_length=500)]
Search = Annotated[str | None, Query(max_length=500, description="Full-text search of what was claimed.")]
SpeakerParam = Annotated[str | None, Query(max_length=300, description="Speaker name, alias or id.")]
Outlet = Annotated[str | None, Query(max_length=300, description="Outlet (site) name.")]
_DATE = {"format": "date"}
Since = Annotated[
    str | None, Query(json_schema_extra=_DATE, description="Published on or after, YYYY-MM-DD.")
]
Until = Annotated[
    str | None, Query(json_schema_extra=_DATE, description="Published on or before, YYYY-MM-DD.")
]


def day(value: str | None, name: str) -> dt.date | None:
    """A YYYY-MM-DD parameter as a date; one that matches the pattern but is no day is a 422."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            422, "invalid_request", f"query parameter {name!r}: {value!r} is not a date like 2024-03-01"
        ) from None


StanceParam = Annotated[
    Literal["report", "assert", "distance", "belief", "speculation", "factive", "denial"] | None, Query()
]
KindParam = Annotated[Literal["direct", "indirect", "mixed", "unattributed"] | None, Query()]
TypeParam = Annotated[Literal["person", "organization", "group", "none"] | None, Query()]


def blank(value: str | None) -> str | None:
    """Empty form fields mean "no filter"."""
    return value.strip() or None if value is not None else None


async def claim_filter(
    search: Search = None,
    speaker: SpeakerParam = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    stance: StanceParam = None,
    kind: KindParam = None,
    limit: paging.Limit = 50,
    offset: paging.Offset = 0,
) -> ClaimFilter:
    """The claim filters of ``GET /claims`` and ``GET /attributions`` (a FastAPI dependency;
    async, so resolving it costs no trip to a thread)."""
    return ClaimFilter(
        search=blank(search),
        speaker=blank(speaker),
        outlet=blank(outlet),
        since=day(since, "since"),
        until=day(until, "until"),
        stance=stance or None,
        kind=kind or None,
        limit=limit,
        offset=offset,
    )


ClaimQuery = Annotated[ClaimFilter, Depends(claim_filter)]


def article_filter(
    search: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
) -> ArticleFilter:
    return ArticleFilter(
        search=blank(search),
        outlet=blank(outlet),
        since=day(since, "since"),
        until=day(until, "until"),
        limit=limit,
        offset=offset,
    )
