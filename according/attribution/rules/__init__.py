"""Rule-based attribution finder: patterns over the spaCy parse, no trained weights.

``find_candidates(doc)`` is the core, shared by ``RuleExtractor``, the spaCy component and
the trained model (as features/fallback). It returns ``Candidate`` spans only; describing
them (kind, stance, speaker, channel, nesting) is ``according.attribution.enrich``'s job.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ...document import Article, Document
from ...nlp.apostrophes import parse_text
from ...nlp.pipeline import load_spacy
from .. import DEFAULT_BATCH_SIZE
from ..candidates import Candidate
from .continuation import attach_continuations
from .draft import Draft, SentenceContext
from .others import other_drafts
from .punctuation import punctuation_drafts
from .quotes import QuoteIndex, find_quotes
from .spans import datelines
from .verbs import verb_drafts

log = logging.getLogger(__name__)

__all__ = ["RuleExtractor", "drop_nested", "find_candidates"]


def find_candidates(doc: Doc) -> list[Candidate]:
    """Every attribution the rules find in a parsed ``doc``, nested ones included, in text order."""
    text = doc.text
    quotes = QuoteIndex(find_quotes(text))
    furniture = datelines(text)
    drafts: list[Draft] = []
    for sent in doc.sents:
        ctx = SentenceContext(sent, text, quotes, furniture)
        found = verb_drafts(ctx) + other_drafts(ctx)
        drafts.extend(_resolve_same_sentence(found))
    drafts.extend(_not_covering(punctuation_drafts(doc, quotes), drafts))
    drafts = attach_continuations(text, quotes, drafts)
    drafts.sort(key=lambda d: d.cue)
    return [Candidate(cue=(d.cue,), content=d.content, source=d.source, finder="rules") for d in drafts]


def _resolve_same_sentence(drafts: list[Draft]) -> list[Draft]:
    """One attribution per cue; a cue found by two rules keeps the first (verbs come first)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for d in drafts:
        if d.cue in seen:
            continue
        seen.add(d.cue)
        out.append(d)
    return out


def _not_covering(weak: list[Draft], strong: list[Draft]) -> list[Draft]:
    """Punctuation cues are the weakest evidence: one whose content would swallow a cue that has
    its own speaker ("Here is the answer: Graham said ...") gives way to that cue. A quotation
    signed with a dash ("“... Trump said ...” ― Pamela Padilla") is bounded by its own quotation
    marks, and a transcript turn by its paragraph, so the cues inside them are nested claims,
    not rivals."""
    taken = {d.cue for d in strong}
    spoken = [d.cue for d in strong if d.source]
    bounded = ("dash", "turn")
    return [
        w
        for w in weak
        if w.cue not in taken and (w.lemma in bounded or not any(_inside(cue, w.content) for cue in spoken))
    ]


def _inside(inner: tuple[int, int], pieces: tuple[tuple[int, int], ...]) -> bool:
    return any(s <= inner[0] and inner[1] <= e for s, e in pieces)


def drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """Only outermost attributions (PolNeAR annotates no nesting): drop any candidate whose cue
    lies inside another candidate's content."""
    return [c for c in candidates if not any(o is not c and _inside(c.cue[0], o.content) for o in candidates)]


class RuleExtractor:
    """The ``rules`` extractor: spaCy parse + ``find_candidates`` + the shared describing step."""

    name = "rules"

    def __init__(self, spacy_model: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.spacy_model = spacy_model
        self.batch_size = batch_size
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """Loaded on first use: the spaCy component passes its own parse and never needs it."""
        if self._nlp is None:
            self._nlp = load_spacy(self.spacy_model)
        return self._nlp

    def extract(self, article: Article) -> Document:
        return self.extract_doc(self.nlp(parse_text(article.text)), article)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        pairs = ((parse_text(a.text), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self.extract_doc(doc, article)

    def extract_doc(self, doc: Doc, article: Article) -> Document:
        """The attributions of ``article`` from its parse ``doc`` (made by this or any pipeline)."""
        from ..enrich import finalize  # imported late: enrich reads this package's lexicon

        return Document(article=article, attributions=finalize(doc, article, find_candidates(doc)))
