"""The ``according`` spaCy component: ``nlp.add_pipe("according")`` fills ``doc._.attributions``.

For users who already run spaCy: the rules read the parse that is already there (no second
parse) and the result is the same ``Attribution`` records the CLI prints, with offsets into
``doc.text``. Registered both by import and through the ``spacy_factories`` entry point.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..attribution.enrich import finalize
from ..attribution.rules import find_candidates
from ..document import Article

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=())


class AccordingComponent:
    """Finds attributions in a parsed Doc; needs a dependency parser earlier in the pipeline."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        if "parser" not in nlp.pipe_names:
            from ..errors import ModelError

            raise ModelError(f"{name}: the according component needs a pipeline with a 'parser'")

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = finalize(doc, Article(text=doc.text), find_candidates(doc))
        return doc


@Language.factory("according")
def make_according(nlp: Language, name: str) -> AccordingComponent:
    return AccordingComponent(nlp, name)
