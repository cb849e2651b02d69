"""The text spaCy parses: typographic apostrophes written as the ASCII one the models know.

The small English pipelines were trained on text with ``'``: given "Trump’s Son" or "Fox News’
Bret Baier" they tag ``’`` as a closing quotation mark and lose the possessive, so "Trump’s Son"
reads as Trump and "Fox News’ Bret Baier" as Fox News. The replacement keeps every offset (one
character for one), and spans are always cut from the article's own text, so only the parse sees
it. A ``’`` that may close a quotation ("‘fake news’ he said") is left alone.
"""

from __future__ import annotations

import re

#: ``’`` (and the modifier letter ``ʼ``) inside a word: "don’t", "O’Brien", "Trump’s".
_INSIDE = re.compile(r"(?<=\w)[\u2019\u02bc](?=\w)")
#: A plural possessive before a name or noun ("Fox News’ Bret Baier", "the senators’ votes").
_PLURAL = re.compile(r"(?<=[sS])\u2019(?=[ \t]+\w)")
#: Where an open single quotation makes ``’`` a likely closing mark instead.
_OPEN_SINGLE = "\u2018"


def parse_text(text: str) -> str:
    """``text`` with its apostrophes made ASCII for the parser; same length, same offsets."""
    if "\u2019" not in text and "\u02bc" not in text:
        return text
    text = _INSIDE.sub("'", text)
    return _PLURAL.sub(lambda m: m.group(0) if _inside_single_quote(text, m.start()) else "'", text)


def _inside_single_quote(text: str, position: int) -> bool:
    """A ‘ opened earlier in the paragraph and not yet closed: the ’ may close it."""
    start = text.rfind("\n", 0, position) + 1
    opened = text.count(_OPEN_SINGLE, start, position)
    closed = text.count("\u2019", start, position)
    return opened > closed
