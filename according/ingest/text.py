"""Decode bytes into text without guessing wrong silently.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such; other bytes that are
not UTF-8 but look like text are read as Windows-1252/Latin-1, the usual culprit in saved
news pages, and text double-encoded on its way (mojibake) is repaired. Binary data and empty
input are refused with a message naming the input.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import fields, replace
from typing import Any

from ftfy import fix_encoding

from ..document import Article
from ..errors import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")

_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))


def decode_text(data: bytes, name: str) -> str:
    """The text of ``data``, mojibake repaired: UTF-8 read as Windows-1252 somewhere upstream
    and saved again ("PeÃ±a" for "Peña") is put back by ftfy, which leaves text alone unless
    it is surely double-encoded (``readable``). A scraped name otherwise breaks in two at the
    garbled letters."""
    text = _decode(data, name)
    return text if text.isascii() else readable(text)


def readable(text: str) -> str:
    """``text`` composed (NFC) and with double-encoded UTF-8 repaired by ftfy ("Enrique PeÃ±a
    Nieto" -> "Enrique Peña Nieto", also when the "Ã" was decomposed into "A" and a combining
    tilde on its way): scraped text carries it, and the broken letters split a name in two."""
    return text if text.isascii() else fix_encoding(unicodedata.normalize("NFC", text))


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(name, "empty input: nothing to read")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    name, f"declares {encoding} by its byte-order mark but does not decode: {exc.reason}"
                ) from exc
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without a BOM shows as every other byte zero in ASCII-heavy text.
        zeros_even = sample[0::2].count(0)
        zeros_odd = sample[1::2].count(0)
        half = len(sample) / 2
        for zeros, encoding in ((zeros_odd, "utf-16-le"), (zeros_even, "utf-16-be")):
            if zeros > 0.4 * half:
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    break
        raise InputError(name, "binary data, not text (is this an image, PDF or archive?)")
    controls = sum(1 for b in sample if b in _CONTROL)
    if controls > 0.05 * len(sample):
        raise InputError(name, "binary data, not text (is this an image, PDF or archive?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def clean_surrogates(text: str) -> str:
    """``text`` with lone surrogates (``&#xD800;`` in a page, a bad decode) replaced by U+FFFD.

    They cannot be encoded to UTF-8, so they would break output, the store and feedparser; one
    character is replaced by one, so offsets into the text are unchanged. Returns ``text``
    itself when there is nothing to replace."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def clean_article(article: Article) -> Article:
    """The article with lone surrogates replaced in its text and every text field."""
    changes: dict[str, Any] = {}
    for f in fields(article):
        value = getattr(article, f.name)
        if isinstance(value, str):
            cleaned = clean_surrogates(value)
            if cleaned is not value:
                changes[f.name] = cleaned
    return replace(article, **changes) if changes else article
