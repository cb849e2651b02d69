"""The ``according`` spaCy component: ``nlp.add_pipe("according")`` fills ``doc._.attributions``.

For users who already run spaCy. The component takes the extractor as configuration, the same
names the CLI's ``--model`` takes (``nlp.add_pipe("according", config={"model": "rules"})``;
``"default"``, the shipped trained model, unless told otherwise), and works from the parse already
in the pipeline (no second parse). The result is the same ``Attribution`` records ``according
extract`` prints, with offsets into ``doc.text``. Registered both by import and through the
``spacy_factories`` entry point.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..attribution import DocExtractor, default_model, load_extractor
from ..document import Article
from ..errors import ModelError

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=())


class AccordingComponent:
    """Finds attributions in a parsed Doc; needs a dependency parser earlier in the pipeline."""

    def __init__(self, nlp: Language, name: str, model: str | None = None) -> None:
        self.name = name
        if "parser" not in nlp.pipe_names:
            raise ModelError(f"{name}: the according component needs a pipeline with a 'parser'")
        self.model = model or default_model()
        extractor = load_extractor(self.model)
        if not hasattr(extractor, "extract_doc"):
            raise ModelError(
                f"{name}: extractor {self.model!r} cannot work from a spaCy parse (it has no extract_doc); "
                "choose another model"
            )
        self.extractor: DocExtractor = extractor  # type: ignore[assignment]

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = self.extractor.extract_doc(doc, Article(text=doc.text)).attributions
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("according", default_config={"model": "default"})
def make_according(nlp: Language, name: str, model: str) -> AccordingComponent:
    return AccordingComponent(nlp, name, model)
