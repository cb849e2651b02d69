"""Process the same article once per run, however it was reached.

The same story arrives twice when a feed and a directory overlap, a WARC holds two captures,
or URLs differ only by tracking parameters. Two articles are the same when their canonical
URLs agree (after normalising scheme/host case, fragments, tracking parameters and trailing
slashes) or when their main text is identical up to whitespace.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..document import Article

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_medium", "at_campaign")


def normalize_url(url: str) -> str:
    """The URL as a dedup key: tracking parameters, default ports and trailing slashes gone.
    A malformed URL ("http://[::1/x") is its own key, as written."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    path = parts.path.rstrip("/") or "/"
    netloc = parts.netloc.lower()
    scheme = parts.scheme.lower()
    if (scheme, netloc.rsplit(":", 1)[-1]) in (("http", "80"), ("https", "443")):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit(
        ("https" if scheme in ("http", "https") else scheme, netloc, path, urlencode(query), "")
    )


def text_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


class Deduplicator:
    """Remembers what a run has read; ``seen`` says which earlier input an article repeats."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def seen_url(self, url: str) -> str | None:
        """The earlier input this URL (before download) repeats, if any."""
        return self._first.get("url:" + normalize_url(url))

    def seen(self, article: Article) -> str | None:
        """The earlier input ``article`` repeats, or None (and it is remembered)."""
        keys = ["text:" + text_key(article.text)]
        keys += ["url:" + normalize_url(u) for u in (article.canonical_url, article.url) if u]
        for key in keys:
            if key in self._first:
                return self._first[key]
        name = article.source or article.path or article.url or "<article>"
        for key in keys:
            self._first[key] = name
        return None
