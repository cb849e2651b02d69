"""The articles list and a stored article's highlighted view."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ...api.context import context
from ...store import queries
from .. import params
from ..present import article_view
from ..templating import render

router = APIRouter()


@router.get("/articles")
def articles(request: Request) -> Response:
    ctx = context(request)
    store = ctx.require_store()
    f = params.article_filter(request.query_params)
    page = queries.articles(store, f)
    return render(
        request,
        "articles.html",
        {"page": page, "f": f, "outlets": queries.outlets(store), "api": "/api/v1/articles"},
    )


@router.get("/articles/{article_id}")
def article(request: Request, article_id: int = Path(ge=1, le=2**31 - 1)) -> Response:
    data = queries.article(context(request).require_store(), article_id)
    return render(
        request, "article.html", {"view": article_view(data), "stored_id": article_id, "store_key": None}
    )
