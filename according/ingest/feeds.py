"""RSS / Atom feeds -> one article per item, with feedparser.

An item that carries the full story (``content:encoded``, Atom ``content``) is read from the
feed; one that only has a teaser summary is read from its link, since a two-line summary is not
the article. Feed metadata (item title, author, date, the feed's title as site) fills what the
page does not give.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..document import Article
from ..errors import InputError, UnexpectedError
from .fetch import map_ordered
from .html import html_to_article

log = logging.getLogger(__name__)

# Below this many characters of text an item's content is taken for a teaser, not the story.
FULL_TEXT_CHARS = 500

OpenUrl = Callable[[str], list["Article | InputError"]]


# Character references that name no character (UTF-16 surrogates such as &#xD800;, numbers past
# U+10FFFF such as &#99999999999;) crash feedparser (UnicodeEncodeError, OverflowError), so they
# become U+FFFD references before it sees them.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _invalid_to_fffd(match: re.Match[bytes]) -> bytes:
    digits = match[1] or match[2]
    if len(digits.lstrip(b"0")) > 8:
        return b"&#xFFFD;"
    value = int(match[1], 16) if match[1] else int(match[2])
    return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else match[0]


def without_invalid_char_refs(data: bytes) -> bytes:
    return _CHAR_REF.sub(_invalid_to_fffd, data) if b"&#" in data else data


def looks_like_feed(head: bytes) -> bool:
    sample = head[:2048].lower()
    return any(tag in sample for tag in (b"<rss", b"<rdf:rdf", b"<feed")) and b"<html" not in sample


def _entry_date(entry: Any) -> _dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return _dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _with_feed_metadata(article: Article, entry: Any, feed: Any, from_feed: bool) -> Article:
    """Fill the article's metadata from the item; the item's own wins for content it carried."""
    item: dict[str, Any] = {
        "url": entry.get("link") or None,
        "title": entry.get("title") or None,
        "byline": entry.get("author") or None,
        "published": _entry_date(entry),
        "site": feed.get("title") or None,
        "language": (feed.get("language") or "").split("-")[0].lower() or None,
    }
    if from_feed:
        merged = {key: value or getattr(article, key) for key, value in item.items()}
    else:
        merged = {key: getattr(article, key) or value for key, value in item.items()}
    return replace(article, **merged)


def _content(entry: Any) -> tuple[str | None, str | None]:
    """(full content HTML or None, summary HTML or None) of an item."""
    full = None
    for part in entry.get("content") or ():
        if part.get("value", "").strip():
            full = part["value"]
            break
    return full, entry.get("summary") or None


def read_feed(data: bytes, source: str, open_url: OpenUrl, jobs: int = 1) -> Iterator[Article | InputError]:
    """Yield the articles of a feed; items without full content are read through ``open_url``."""
    import feedparser

    try:
        parsed = feedparser.parse(without_invalid_char_refs(data))
    except (ValueError, UnicodeError, OverflowError, RecursionError) as exc:
        yield InputError(source, f"not a readable RSS/Atom feed ({type(exc).__name__}: {exc})")
        return
    if not parsed.entries:
        reason = (
            f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
            if parsed.bozo
            else "feed has no items"
        )
        yield InputError(source, reason)
        return
    feed = parsed.feed

    def item(numbered: tuple[int, Any]) -> list[Article | InputError]:
        number, entry = numbered
        name = f"{source}#item{number}"
        link = entry.get("link")
        full, summary = _content(entry)
        if full is not None:
            try:
                article = html_to_article(_wrap(full), source=name, url=link)
                if len(article.text) >= FULL_TEXT_CHARS or not link:
                    return [_with_feed_metadata(article, entry, feed, from_feed=True)]
            except InputError:
                if not link:
                    raise
        if link:
            pages = open_url(link)
            return [
                _with_feed_metadata(a, entry, feed, False) if isinstance(a, Article) else a for a in pages
            ]
        if summary:
            return [_with_feed_metadata(html_to_article(_wrap(summary), source=name), entry, feed, True)]
        return [InputError(name, "feed item has neither content nor a link")]

    def safe(numbered: tuple[int, Any]) -> list[Article | InputError]:
        try:
            return item(numbered)
        except InputError as exc:
            return [exc]
        except Exception as exc:  # noqa: BLE001 - one item's failure is that item's error line
            log.debug("%s#item%d: unexpected error", source, numbered[0], exc_info=True)
            return [
                UnexpectedError(
                    f"{source}#item{numbered[0]}",
                    f"could not be read ({type(exc).__name__}: {exc}); please report it",
                )
            ]

    for results in map_ordered(safe, enumerate(parsed.entries, start=1), jobs):
        yield from results


def _wrap(fragment: str) -> str:
    return f"<html><body><article>{fragment}</article></body></html>"
