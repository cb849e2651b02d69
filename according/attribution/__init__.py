"""Where attributions are born: extractors turn an Article into a Document.

Two families share one interface: ``rules`` (patterns over the spaCy parse) and the trained
model shipped in the package. Extractors are built by name from one registry
(``extractors``, spaCy's ``catalogue`` style: versioned names such as ``according.rules.v1``,
plugins through the ``according_extractors`` entry point), so the CLI, the spaCy component, the
server, the store and the evaluation all get the same extractor for the same name and never care
which is in use. Tests register stand-ins there instead of patching the loaders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import catalogue

from ..document import Article, Document
from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.tokens import Doc

SHIPPED_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"

#: Articles an extractor takes at once by default: spaCy parses them as one batch, and the
#: batch runner, the server's worker and the per-document limits all hand over this many.
DEFAULT_BATCH_SIZE = 16


class Extractor(Protocol):
    name: str

    @property
    def batch_size(self) -> int:
        """Articles ``extract_many`` works on at once; every caller that batches reads this."""
        ...

    def extract(self, article: Article) -> Document: ...

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]: ...


class DocExtractor(Extractor, Protocol):
    """An extractor that can work from a spaCy parse made elsewhere (the spaCy component)."""

    def extract_doc(self, doc: Doc, article: Article) -> Document: ...


def batch_size_of(extractor: object) -> int:
    """The extractor's declared batch size (``DEFAULT_BATCH_SIZE`` for one that declares none)."""
    size = getattr(extractor, "batch_size", None)
    return int(size) if isinstance(size, int) and size > 0 else DEFAULT_BATCH_SIZE


#: name -> factory(spacy_model=None) -> Extractor
extractors = catalogue.create("according", "extractors", entry_points=True)

#: The names users type, for the versioned names they stand for.
ALIASES = {"rules": "according.rules.v1", "default": "according.model.v1"}


@extractors.register("according.rules.v1")
def make_rules(spacy_model: str | None = None) -> Extractor:
    """Patterns over the spaCy parse; no trained weights."""
    from .rules import RuleExtractor

    return RuleExtractor(spacy_model=spacy_model)


@extractors.register("according.model.v1")
def make_model(spacy_model: str | None = None, path: str | Path = SHIPPED_MODEL_DIR) -> Extractor:
    """A model directory written by ``according train`` (the shipped one by default)."""
    path = Path(path)
    if not (path / "config.json").is_file():
        raise ModelError(
            f"{path}: not an according model directory (no config.json); "
            "use --model rules, --model default, or a directory written by `according train`"
        )
    from .learned import LearnedExtractor

    return LearnedExtractor(path, spacy_model=spacy_model)


def shipped_model_available() -> bool:
    return (SHIPPED_MODEL_DIR / "config.json").is_file()


def default_model() -> str:
    """The trained model when the package ships one, else the rules."""
    return "default" if shipped_model_available() else "rules"


def registered_names() -> list[str]:
    return sorted({*ALIASES, *extractors.get_all()})


def load_extractor(model: str | None = None, spacy_model: str | None = None) -> Extractor:
    """The extractor ``model`` names: an alias (``rules``, ``default``), a registered name
    (``according.rules.v1``, a plugin's, a test's stand-in) or a model directory."""
    model = model or default_model()
    if model == "default" and not shipped_model_available():
        raise ModelError("default: this installation ships no trained model; use --model rules")
    name = ALIASES.get(model, model)
    factories: dict[str, Callable[..., Any]] = extractors.get_all()
    if name in factories:
        extractor: Extractor = factories[name](spacy_model=spacy_model)
        return extractor
    path = Path(model)
    if path.is_dir():
        return make_model(spacy_model=spacy_model, path=path)
    raise ModelError(
        f"{model}: neither a registered extractor ({', '.join(registered_names())}) nor a model directory; "
        "use --model rules, --model default, or a directory written by `according train`"
    )
