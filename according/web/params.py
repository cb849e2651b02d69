"""Form fields to library filters. Forms send empty fields for "any", so empty means no filter;
a bad value is a 400 naming the field and what it accepts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..api.errors import ApiError
from ..document import KINDS, SPEAKER_TYPES, STANCES
from ..store.queries import CLAIM_ORDERS, ArticleFilter, ClaimFilter

PAGE = 50
#: What the claims page's Order control says for each of the library's ``CLAIM_ORDERS``
#: (an order missing here is offered under its own name).
ORDER_LABELS = {"recent": "Latest first", "echoed": "Most echoed"}


def text(params: Mapping[str, str], name: str, max_length: int = 500) -> str | None:
    value = (params.get(name) or "").strip()
    if len(value) > max_length:
        raise ApiError(400, "bad_request", f"{name}: at most {max_length} characters")
    return value or None


def choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    value = text(params, name)
    if value is not None and value not in allowed:
        raise ApiError(400, "bad_request", f"{name} {value!r}: choose one of {', '.join(allowed)}")
    return value


def date(params: Mapping[str, str], name: str) -> dt.date | None:
    value = text(params, name)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, "bad_request", f"{name} {value!r}: not a date like 2024-03-01") from None


def number(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = text(params, name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise ApiError(400, "bad_request", f"{name} {value!r}: a whole number from {low} to {high}")
    return int(value)


def paging(params: Mapping[str, str]) -> tuple[int, int]:
    return number(params, "limit", PAGE, 1, 500), number(params, "offset", 0, 0, 10**9)


def claim_filter(params: Mapping[str, str]) -> ClaimFilter:
    limit, offset = paging(params)
    return ClaimFilter(
        search=text(params, "search"),
        speaker=text(params, "speaker", 300),
        outlet=text(params, "outlet", 300),
        since=date(params, "since"),
        until=date(params, "until"),
        stance=choice(params, "stance", STANCES),
        kind=choice(params, "kind", KINDS),
        limit=limit,
        offset=offset,
        order=choice(params, "order", CLAIM_ORDERS) or "recent",
    )


def article_filter(params: Mapping[str, str]) -> ArticleFilter:
    limit, offset = paging(params)
    return ArticleFilter(
        search=text(params, "search"),
        outlet=text(params, "outlet", 300),
        since=date(params, "since"),
        until=date(params, "until"),
        limit=limit,
        offset=offset,
    )


def speaker_type(params: Mapping[str, str]) -> str | None:
    return choice(params, "type", SPEAKER_TYPES)


__all__ = ["CLAIM_ORDERS", "KINDS", "ORDER_LABELS", "STANCES", "SPEAKER_TYPES"]
