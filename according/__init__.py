"""according: who claims what, how firmly, through whom — attribution extraction for news.

>>> import according
>>> doc = according.extract('"We will win," the minister said.')
>>> doc.attributions[0].cue.text
'said'
"""

from __future__ import annotations

import logging
from functools import lru_cache

from .attribution import Extractor, load_extractor
from .document import SCHEMA, Article, Attribution, Content, Document, Span, Speaker
from .errors import AccordingError, InputError, LimitError, ModelError, StoreError

__all__ = [
    "SCHEMA",
    "AccordingError",
    "Article",
    "Attribution",
    "Content",
    "Document",
    "Extractor",
    "InputError",
    "LimitError",
    "ModelError",
    "Span",
    "Speaker",
    "StoreError",
    "extract",
    "load_extractor",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


@lru_cache(maxsize=4)
def _extractor(model: str | None) -> Extractor:
    from .limits import limited

    return limited(load_extractor(model))


def extract(text: str | Article, model: str | None = None) -> Document:
    """Extract the attributions of one article (plain text, kept exactly as given).

    The per-document limits of ``according.limits`` apply: a long text is extracted in parts,
    an over-long or over-slow one raises ``LimitError``. Lone surrogates (from a bad decode)
    are replaced by U+FFFD, one character each, so offsets are unchanged."""
    from .ingest.text import clean_surrogates

    article = text if isinstance(text, Article) else Article(text=text)
    if not isinstance(article.text, str):
        raise InputError("<text>", f"expected text (str), got {type(article.text).__name__}")
    cleaned = clean_surrogates(article.text)
    if cleaned is not article.text:
        from dataclasses import replace

        article = replace(article, text=cleaned)
    return _extractor(model).extract(article)
