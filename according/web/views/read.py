"""Read an article: paste text, upload a file or give a URL; see it highlighted; store it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from ...api.context import Context, Submission, context
from ...api.errors import ApiError
from ...api.security import check_token, set_csrf_cookie
from ...store import queries
from ...store.ingest import Ingest, IngestConfig
from ..present import article_view
from ..templating import render

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    ctx = context(request)
    counts = ctx.store.counts() if ctx.store is not None else None
    recent = (
        queries.articles(ctx.store, queries.ArticleFilter(limit=8)).items if ctx.store is not None else []
    )
    return render(
        request, "home.html", {"counts": counts, "recent": recent, "max_bytes": ctx.config.read.max_bytes}
    )


@router.post("/read")
async def read(request: Request) -> Response:
    """The form's one input (text, file or URL) read, extracted and shown; nothing stored."""
    ctx = context(request)
    ctx.check_rate(request)
    form = await request.form(max_files=1, max_fields=10)
    sub = await _submission(form)
    doc = await ctx.extract(sub)
    key = ctx.remember(doc)
    return _show(request, ctx, doc.to_json(), key)


def _show(request: Request, ctx: Context, data: dict[str, Any], key: str) -> Response:
    token, nonce = ctx.csrf.issue(request)
    response = render(
        request,
        "article.html",
        {"view": article_view(data), "stored_id": None, "store_key": key, "csrf": token},
    )
    set_csrf_cookie(response, nonce)
    return response


async def _submission(form: Any) -> Submission:
    text = (form.get("text") or "").strip("\ufeff")
    url = (form.get("url") or "").strip()
    upload = form.get("file")
    given = []
    if text.strip():
        given.append("text")
    if url:
        given.append("url")
    data = b""
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        given.append("file")
    if len(given) != 1:
        raise ApiError(
            400,
            "bad_request",
            "give one thing to read: paste text, choose a file or type a URL"
            + (f" (the form had {', '.join(given)})" if given else ""),
        )
    meta = {k: str(form.get(k) or "").strip() or None for k in ("title", "outlet", "published")}
    if given == ["text"]:
        sub = Submission(text=text, name="<pasted text>")
    elif given == ["url"]:
        sub = Submission(url=url, name=url)
    else:
        name = upload.filename if isinstance(upload, UploadFile) and upload.filename else "<upload>"
        sub = Submission(data=data, name=name)
    sub.title, sub.outlet, sub.published = meta["title"], meta["outlet"], meta["published"]
    return sub


@router.post("/store")
async def store(request: Request) -> Response:
    """Store the document just shown (needs the server's token, typed into the form)."""
    ctx = context(request)
    form = await request.form(max_files=0, max_fields=10)
    ctx.csrf.check(request, str(form.get("csrf") or ""))
    check_token(ctx.config, str(form.get("token") or "") or None)
    doc = ctx.recall(str(form.get("key") or ""))
    target = ctx.require_store()
    run = Ingest(target, IngestConfig())
    await ctx.blocking(lambda: list(run.documents([doc])))
    if run.report.errors or not run.report.articles:
        raise ApiError(400, "bad_request", "the article could not be stored")
    return RedirectResponse(f"/articles/{run.report.articles[0]}", status_code=303)
