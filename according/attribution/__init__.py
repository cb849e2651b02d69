"""Where attributions are born: extractors turn an Article into a Document.

Two families share one interface: ``rules`` (patterns over the spaCy parse) and the trained
model shipped in the package. ``load_extractor`` picks one by name or path so the CLI, the
spaCy component, the store and the evaluation never care which is in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from ..document import Article, Document
from ..errors import ModelError

SHIPPED_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"


class Extractor(Protocol):
    name: str

    def extract(self, article: Article) -> Document: ...

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]: ...


def shipped_model_available() -> bool:
    return (SHIPPED_MODEL_DIR / "config.json").is_file()


def default_model() -> str:
    """The trained model when the package ships one, else the rules."""
    return "default" if shipped_model_available() else "rules"


def load_extractor(model: str | None = None, spacy_model: str | None = None) -> Extractor:
    """``model``: ``"rules"``, ``"default"`` (shipped trained model) or a model directory."""
    model = model or default_model()
    if model == "rules":
        from .rules import RuleExtractor

        return RuleExtractor(spacy_model=spacy_model)
    path = SHIPPED_MODEL_DIR if model == "default" else Path(model)
    if not (path / "config.json").is_file():
        raise ModelError(
            f"{model}: not an according model directory (no config.json); "
            "use --model rules, --model default, or a directory written by `according train`"
        )
    from .learned import LearnedExtractor

    return LearnedExtractor(path, spacy_model=spacy_model)
