"""A tiny PolNeAR-shaped corpus written for the tests, and fake extractors to score on it.

The fakes make the evaluation plumbing testable without any real extractor: an oracle that
returns the gold (every score 1.0), one that finds nothing (every score 0.0).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from according.document import Article, Attribution, Content, Document, Span
from according.eval.polnear import GoldArticle, load_split

ARTICLES = {
    "daily_2020-01-01_pier": (
        'The council met on Monday. "We will rebuild the pier," the mayor said.\n'
        "Residents say the repairs are overdue.\n",
        # (source, cue, content) phrases; content may be discontinuous (list)
        [
            ("the mayor", "said", ['"We will rebuild the pier,"']),
            ("Residents", "say", ["the repairs are overdue"]),
        ],
    ),
    "daily_2020-01-02_study": (
        "A study found that the river is cleaner. Officials claimed credit, according to the paper.\n",
        [
            ("A study", "found", ["that the river is cleaner"]),
            ("Officials", "claimed", ["credit"]),
        ],
    ),
}


def write_corpus(root: Path, split: str = "dev", annotators: tuple[str, ...] = ("ann1",)) -> Path:
    """Write the corpus in brat standoff under ``root/split`` and return ``root``."""
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    text_dir.mkdir(parents=True, exist_ok=True)
    ann_dir.mkdir(parents=True, exist_ok=True)
    for name, (text, attributions) in ARTICLES.items():
        (text_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        lines: list[str] = []
        t = 0
        for i, (source, cue, contents) in enumerate(attributions, 1):
            refs = []
            for label, phrase in (("Source", source), ("Cue", cue)):
                t += 1
                s = text.index(phrase)
                lines.append(f"T{t}\t{label} {s} {s + len(phrase)}\t{phrase}")
                refs.append(f"{label}:T{t}")
            t += 1
            spans = ";".join(f"{text.index(c)} {text.index(c) + len(c)}" for c in contents)
            lines.append(f"T{t}\tContent {spans}\t{' '.join(contents)}")
            refs.append(f"Content:T{t}")
            lines.append(f"E{i}\tAttribution:T{t} " + " ".join(refs))
        for annotator in annotators:
            (ann_dir / f"{name}_{annotator}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


class OracleExtractor:
    """Returns the gold attributions of the corpus under ``root`` for any text it knows."""

    name = "oracle"

    def __init__(self, golds: Iterable[GoldArticle]) -> None:
        self.by_text = {g.text: g for g in golds}

    @classmethod
    def of(cls, root: Path, split: str = "dev") -> OracleExtractor:
        return cls(load_split(root, split))

    def extract(self, article: Article) -> Document:
        gold = self.by_text.get(article.text)
        found = []
        for a in gold.attributions if gold else ():
            (cue,) = a.cue
            found.append(
                Attribution(
                    kind="indirect",
                    cue=Span.of(article.text, *cue),
                    content=Content.of(article.text, a.content),
                    source=Span.of(article.text, *a.source[0]) if a.source else None,
                )
            )
        return Document(article, tuple(found))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        return (self.extract(a) for a in articles)


class NothingExtractor(OracleExtractor):
    name = "nothing"

    def __init__(self) -> None:
        super().__init__(())
