"""Run an extractor over a PolNeAR split and score it; write its errors for reading.

The extractor sees exactly what a user's article would give it (``Article(text=...)``), so the
numbers measure the same path as ``according extract``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..attribution import Extractor, default_model, load_extractor
from ..document import Article, Document
from .metrics import ArticleErrors, Scores, SpanError, article_errors, predicted_items, score_article
from .polnear import GoldArticle, load_split

log = logging.getLogger(__name__)


@dataclass
class EvalReport:
    """Scores of one extractor on one split, plus what it missed and invented per article."""

    split: str
    model: str
    articles: int
    gold_attributions: int
    predicted_attributions: int
    seconds: float
    scores: Scores
    errors: list[ArticleErrors] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "model": self.model,
            "articles": self.articles,
            "gold_attributions": self.gold_attributions,
            "predicted_attributions": self.predicted_attributions,
            "seconds": round(self.seconds, 2),
            "scores": self.scores.to_json(),
        }


def polnear_article(gold: GoldArticle, split: str) -> Article:
    """The article as the extractor should see it: the gold text, untouched."""
    return Article(text=gold.text, source=f"polnear:{split}/{gold.name}")


Track = Callable[[Iterator[Document]], Iterator[Document]]


def _untracked(documents: Iterator[Document]) -> Iterator[Document]:
    return documents


def evaluate_articles(
    golds: Sequence[GoldArticle], extractor: Extractor, split: str, model: str, track: Track = _untracked
) -> EvalReport:
    """Extract from every gold article (in one ``extract_many`` stream) and score the result.

    ``track`` wraps the stream of documents, e.g. to show progress."""
    started = time.perf_counter()
    scores = Scores()
    errors: list[ArticleErrors] = []
    predicted = 0
    documents = track(iter(extractor.extract_many(polnear_article(g, split) for g in golds)))
    for gold, document in zip(golds, documents, strict=True):
        scores.add(score_article(gold, document))
        errors.append(article_errors(gold, document))
        predicted += len(predicted_items(document))
    return EvalReport(
        split=split,
        model=model,
        articles=len(golds),
        gold_attributions=sum(len(g.attributions) for g in golds),
        predicted_attributions=predicted,
        seconds=time.perf_counter() - started,
        scores=scores,
        errors=errors,
    )


def evaluate_polnear(
    root: str | os.PathLike[str],
    split: str = "dev",
    model: str | None = None,
    spacy_model: str | None = None,
    limit: int | None = None,
    track: Track = _untracked,
) -> EvalReport:
    """Score ``model`` (``rules``, ``default`` or a model directory) on a PolNeAR split.

    ``limit`` takes the first N articles by name, so a limited run is always the same subset.
    """
    golds = load_split(root, split, limit=limit)
    name = model or default_model()
    extractor = load_extractor(name, spacy_model)
    log.info("evaluating %s on %d %s articles", name, len(golds), split)
    return evaluate_articles(golds, extractor, split, name, track)


def _markdown_item(e: SpanError) -> str:
    text = " ".join(e.text.split())
    quoted = " (direct)" if e.direct else ""
    return f"- **{e.role}** `{e.start}-{e.end}`{quoted}: {text}"


def write_errors(report: EvalReport, path: str | os.PathLike[str]) -> Path:
    """Write misses and false alarms per article: Markdown for ``.md``, else JSON Lines.

    Articles without any error are left out so the file is about what went wrong.
    """
    out = Path(path)
    wanted = [e for e in report.errors if e.misses or e.false_alarms]
    with out.open("w", encoding="utf-8") as stream:
        if out.suffix.lower() in (".md", ".markdown"):
            stream.write(f"# Errors of `{report.model}` on PolNeAR {report.split}\n\n")
            stream.write("Misses: gold spans not predicted. False alarms: predicted spans not in gold.\n")
            for errs in wanted:
                stream.write(f"\n## {errs.name}\n")
                for title, items in (("Misses", errs.misses), ("False alarms", errs.false_alarms)):
                    if items:
                        stream.write(f"\n### {title} ({len(items)})\n\n")
                        stream.writelines(_markdown_item(e) + "\n" for e in items)
        else:
            for errs in wanted:
                record = {
                    "article": errs.name,
                    "misses": [e.to_json() for e in errs.misses],
                    "false_alarms": [e.to_json() for e in errs.false_alarms],
                }
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out
