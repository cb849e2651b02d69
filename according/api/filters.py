"""Query parameters shared by the API and the web pages, parsed once into library filters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Query

from ..store.queries import ArticleFilter, ClaimFilter

Text = Annotated[str | None, Query(max_length=500)]
Search = Annotated[str | None, Query(max_length=500, description="Full-text search of what was claimed.")]
SpeakerParam = Annotated[str | None, Query(max_length=300, description="Speaker name, alias or id.")]
Outlet = Annotated[str | None, Query(max_length=300, description="Outlet (site) name.")]
Since = Annotated[dt.date | None, Query(description="Published on or after (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Published on or before (YYYY-MM-DD).")]
StanceParam = Annotated[
    Literal["report", "assert", "distance", "belief", "speculation", "factive", "denial"] | None, Query()
]
KindParam = Annotated[Literal["direct", "indirect", "mixed", "unattributed"] | None, Query()]
TypeParam = Annotated[Literal["person", "organization", "group", "none"] | None, Query()]


def blank(value: str | None) -> str | None:
    """Empty form fields mean "no filter"."""
    return value.strip() or None if value is not None else None


def claim_filter(
    search: str | None,
    speaker: str | None,
    outlet: str | None,
    since: dt.date | None,
    until: dt.date | None,
    stance: str | None,
    kind: str | None,
    limit: int,
    offset: int,
) -> ClaimFilter:
    return ClaimFilter(
        search=blank(search),
        speaker=blank(speaker),
        outlet=blank(outlet),
        since=since,
        until=until,
        stance=stance or None,
        kind=kind or None,
        limit=limit,
        offset=offset,
    )


def article_filter(
    search: str | None,
    outlet: str | None,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
    offset: int,
) -> ArticleFilter:
    return ArticleFilter(
        search=blank(search), outlet=blank(outlet), since=since, until=until, limit=limit, offset=offset
    )
