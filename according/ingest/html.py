"""HTML page -> main text and metadata, with trafilatura.

trafilatura strips navigation, comments and boilerplate and reads title, author, site name,
canonical URL and publication date (through htmldate, which it calls with original-date search).
What it leaves behind (teasers, "Advertisement", photo credits) is marked by the residue scan.
Paragraphs are joined by blank lines so the extracted text reads like a plain-text article.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from typing import Any
from urllib.parse import urljoin

from ..document import Article
from ..errors import InputError
from .residue import scan

log = logging.getLogger(__name__)

# trafilatura logs parse failures at ERROR; our InputError already says it in one line.
_trafilatura_log = logging.getLogger("trafilatura")
if _trafilatura_log.level == logging.NOTSET:
    _trafilatura_log.setLevel(logging.CRITICAL)

# The primary subtag of a BCP 47 tag ("en" of "en-GB"); anything else is not a language code.
_LANGUAGE_CODE = re.compile(r"([A-Za-z]{2,8})(?:-[A-Za-z0-9]{1,8})*$")
# A line of article text: five words, or (for scripts written without spaces, such as Chinese
# and Japanese) fifteen letters outside the ASCII range.
MIN_WORDS = 5
MIN_UNSPACED_LETTERS = 15

# Dates only from the page's markup and URL: a year in the body text ("since 2016") is not one.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _language(tree) -> str | None:
    """The page's declared language ("en" from ``<html lang="en-GB">`` or a content-language meta)."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content"
    )
    candidates += tree.xpath("//meta[@property='og:locale']/@content")
    for value in candidates:
        code = _LANGUAGE_CODE.match(str(value or "").strip().replace("_", "-"))
        if code:
            return code[1].lower()
    return None


def _canonical(tree, base: str | None) -> str | None:
    """The page's own idea of its address: ``<link rel=canonical>``, else ``og:url``."""
    for href in tree.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
    ) + tree.xpath("//meta[@property='og:url']/@content"):
        href = href.strip()
        if not href:
            continue
        try:
            return urljoin(base, href) if base else href
        except ValueError:  # "http://[::1/x": a malformed address is no address
            continue
    return None


def _date(value: str | None) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def has_text(body: str | None) -> bool:
    """Whether extracted text holds at least one line of prose, in any script."""
    return bool(body) and any(
        len(line.split()) >= MIN_WORDS
        or sum(1 for ch in line if ch.isalpha() and not ch.isascii()) >= MIN_UNSPACED_LETTERS
        for line in (body or "").splitlines()
    )


def _extract(data: bytes | str, tree, url: str | None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """trafilatura's text and metadata; when its precise pass keeps no prose, its recall-oriented
    pass, then its baseline (every paragraph of the page), so its text is never thrown away."""
    import trafilatura

    meta: dict[str, Any] = {}
    for recall in (False, True):
        result = trafilatura.bare_extraction(
            trafilatura.load_html(data) if recall else tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=DATE_PARAMS,
            favor_recall=recall,
        )
        found = result if isinstance(result, dict) else result.as_dict() if result is not None else {}
        meta = {
            **found,
            **{k: v for k, v in meta.items() if v is not None and not (isinstance(v, str) and not v)},
        }
        if has_text(found.get("text")):
            meta["text"] = found["text"]
            return meta
    _tree, text, _length = trafilatura.baseline(data)
    if has_text(text):
        meta["text"] = text
    return meta


def html_to_article(
    data: bytes | str, source: str, url: str | None = None, path: str | None = None
) -> Article:
    """Extract one article from an HTML page; raises InputError when there is no main text."""
    import trafilatura

    if not data.strip():
        raise InputError(source, "empty input: nothing to read")
    tree = trafilatura.load_html(data)
    if tree is None:
        raise InputError(source, "not an HTML page that can be parsed")
    language = _language(tree)
    canonical = _canonical(tree, url)
    meta = _extract(data, tree, url)
    body = meta.get("text") or ""
    if not has_text(body):
        raise InputError(source, "no article text found in the HTML page")
    text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    title = meta.get("title") or None
    found = scan(text, known_title=title)
    return Article(
        text=text,
        path=path,
        url=url,
        canonical_url=canonical,
        title=title or found.title,
        byline=meta.get("author") or found.byline,
        published=_date(meta.get("date")) or found.published,
        site=meta.get("sitename") or None,
        language=language or _language_of(meta.get("language")),
        residue=found.residue,
        source=source,
    )


def _language_of(value: object) -> str | None:
    code = _LANGUAGE_CODE.match(str(value or "").strip().replace("_", "-"))
    return code[1].lower() if code else None
