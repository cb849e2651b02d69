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
from .errors import AccordingError, InputError, ModelError, StoreError

__all__ = [
    "SCHEMA",
    "AccordingError",
    "Article",
    "Attribution",
    "Content",
    "Document",
    "Extractor",
    "InputError",
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
    return load_extractor(model)


def extract(text: str | Article, model: str | None = None) -> Document:
    """Extract the attributions of one article (plain text, kept exactly as given)."""
    article = text if isinstance(text, Article) else Article(text=text)
    return _extractor(model).extract(article)
