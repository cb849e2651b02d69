"""The Jinja environment: autoescaping always on, so article text and metadata are never markup."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"


def safe_url(value: str | None) -> str | None:
    """A link target only for http(s) URLs: an article's ``javascript:`` URL stays text."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def headline(title: str | None, text: str | None, fallback: str = "Untitled article") -> str:
    """The title, else the text's first line (news text usually opens with its headline)."""
    if title and title.strip():
        return title.strip()
    for line in (text or "").splitlines():
        if line.strip():
            line = " ".join(line.split())
            return line if len(line) <= 120 else line[:119] + "…"
    return fallback


_CODE = re.compile(r"``([^`]+)``|`([^`]+)`")
_QUOTES = "\"“'‘«"


def code_spans(text: str) -> Markup:
    """Docstring-style `code` as <code>, everything else escaped (API descriptions)."""
    escaped = str(escape(text))
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1) or m.group(2)}</code>", escaped))


def quoted(text: str) -> Markup:
    """``<q>text</q>``, unless the text brings its own quotation marks."""
    if text[:1] in _QUOTES:
        return Markup(escape(text))
    return Markup("<q>") + escape(text) + Markup("</q>")


def number(value: int) -> str:
    return f"{value:,}"


def query(request: Request, **changes: Any) -> str:
    """This page's query string with some parameters changed (None drops one); empty form
    fields are left out, so links carry only the filters in use."""
    params = {k: v for k, v in request.query_params.items() if v.strip()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return urlencode(params)


env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    # The templates ship inside the package and change only with it: no file check per page.
    auto_reload=False,
)
env.filters["safe_url"] = safe_url
env.filters["number"] = number
env.filters["code_spans"] = code_spans
env.filters["quoted"] = quoted
env.globals["headline"] = headline
env.globals["version"] = __version__
env.globals["query"] = query


def compile_all() -> None:
    """Compile every template now (a server's start-up), not on the first page that uses it."""
    for name in env.list_templates():
        env.get_template(name)


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    ctx = request.app.state.according
    values = {
        "request": request,
        "writable": ctx.config.writable and ctx.store is not None,
        "has_store": ctx.store is not None,
        "store_problem": ctx.store_problem,
        "path": request.url.path,
        **context,
    }
    return HTMLResponse(env.get_template(name).render(values), status_code=status, headers=headers)
