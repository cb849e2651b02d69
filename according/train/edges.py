"""Measure ways of fixing content edges after the extractor: the numbers behind docs/model.md.

Content exact F1 lags content overlap by ~25 points: the right words, the wrong edges. This
module measures, on what the shipped extractor predicts, how far two post-hoc fixes get:

* **edge rankers**: for each predicted content, the word boundaries within ``WINDOW`` words of
  its end (or start), in the same paragraph and not across its cue, are scored by a
  gradient-boosted classifier over parse features (the word's part of speech and dependency,
  the next word, whether a clause's subtree ends there, sentence and quote marks, how far it
  moved); the best-scoring boundary wins. Fitted on PolNeAR train predictions, scored on dev;
* **completion rules**: PolNeAR writes "A, he said, B" as one content of two pieces, and
  "which he says B" with the "which". Each rule adds the missing piece; it is counted on train
  (and dev) as contents it made exact minus contents it broke.

``python -m according.train.edges --polnear DIR --cache DIR`` extracts both splits once (about
six minutes on two cores), then prints the tables. Needs the ``train`` extra (scikit-learn).
Development tooling: nothing at run time reads it.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin

from ..attribution.edges import QUOTE_MARKS, ContentEnds, Spans, Trees
from ..attribution.edges import edge_choices as candidate_edges
from ..document import Attribution, Document
from ..eval.metrics import Item, Scores, exact_key, gold_items, predicted_items, score_items
from ..eval.polnear import GoldArticle, load_split
from ..eval.run import polnear_article
from ..nlp.apostrophes import parse_text
from ..spans import is_direct, trim

SETTINGS = ((100, 0.1, 15), (200, 0.05, 31), (300, 0.05, 15))  # (trees, learning rate, leaves)
#: The shipped content-end stage: the first of ``SETTINGS`` (all three scored the same on dev).
SHIPPED = {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 15}
_WH = frozenset(
    {"which", "who", "whom", "what", "whose", "how", "why", "where", "when", "whatever", "whoever"}
)


@dataclass
class Predicted:
    """One gold article with the extractor's document and the spaCy parse it described."""

    gold: GoldArticle
    document: Document
    parse: Doc


def extract(articles: list[GoldArticle], split: str, model: str) -> Iterator[tuple[Document, Doc]]:
    """Each article's document and the parse it was described from, by ``model`` without its
    content-end stage (what the stage is fitted on and measured against)."""
    from ..attribution import load_extractor

    extractor = load_extractor(model)
    extractor.content_ends = None  # type: ignore[attr-defined]
    nlp = extractor.nlp  # type: ignore[attr-defined]
    texts = (parse_text(g.text) for g in articles)
    for gold, doc in zip(articles, nlp.pipe(texts), strict=True):
        yield extractor.extract_doc(doc, polnear_article(gold, split)), doc  # type: ignore[attr-defined]


def predict(root: str | Path, split: str, cache: Path, model: str = "default") -> list[Predicted]:
    """The extractor's documents and parses for a split, read from ``cache`` when there."""
    from spacy import blank

    golds = load_split(root, split)
    folder = cache / f"{Path(model).name}-{split}"
    if not (folder / "docs.json").is_file():
        parses, documents = DocBin(store_user_data=False), []
        for document, doc in extract(golds, split, model):
            documents.append(document.to_json())
            parses.add(doc)
        folder.mkdir(parents=True, exist_ok=True)
        parses.to_disk(folder / "parses.spacy")
        (folder / "docs.json").write_text(json.dumps(documents), encoding="utf-8")
    vocab = blank("en").vocab
    docs = [Document.from_json(d) for d in json.loads((folder / "docs.json").read_text(encoding="utf-8"))]
    parses_ = DocBin().from_disk(folder / "parses.spacy").get_docs(vocab)
    return [Predicted(g, d, p) for g, d, p in zip(golds, docs, parses_, strict=True)]


def outermost(document: Document) -> Iterator[Attribution]:
    return (a for a in document.attributions if a.parent is None)


def error_kinds(predicted: list[Predicted]) -> Counter[str]:
    """Each scored content: exact, wrong start, wrong end, both, pieces grouped differently, or a
    false alarm (overlaps no gold content)."""
    kinds: Counter[str] = Counter()
    for p in predicted:
        text = p.gold.text
        gold = [exact_key(text, g.content) for g in gold_items(p.gold)]
        for item in predicted_items(p.document):
            key = exact_key(text, item.content)
            best = max(gold, key=lambda g: len(g & key), default=frozenset())
            if key in gold:
                kinds["exact"] += 1
            elif not best & key:
                kinds["false alarm"] += 1
            else:
                start, end = min(key) != min(best), max(key) != max(best)
                kinds[
                    "start and end" if start and end else "start" if start else "end" if end else "pieces"
                ] += 1
    return kinds


@dataclass
class Choice:
    """One candidate edge of one predicted content, labelled by the gold edge."""

    group: int
    attribution: Attribution
    spans: Spans
    features: list[float]
    right: bool
    moved: bool  # the edge differs from the extractor's once punctuation is trimmed


def edge_choices(predicted: list[Predicted], side: str) -> list[Choice]:
    """Every candidate edge of every outermost predicted content, labelled by the gold edge of
    the gold content it overlaps most."""
    choices: list[Choice] = []
    group = 0
    for p in predicted:
        text = p.gold.text
        gold = [exact_key(text, g.content) for g in gold_items(p.gold)]
        for a in outermost(p.document):
            options = candidate_edges(p.parse, text, a, side)
            if not options:
                continue
            key = exact_key(text, a.content.spans)
            best = max(gold, key=lambda g: len(g & key), default=frozenset())
            gold_edge = (max(best) + 1 if side == "end" else min(best)) if best & key else None
            choices += [Choice(group, a, c.spans, c.features, c.edge == gold_edge, c.moved) for c in options]
            group += 1
    return choices


def fit_trees(choices: list[Choice], max_iter: int, learning_rate: float, max_leaf_nodes: int) -> Trees:
    """Gradient-boosted trees telling the right edge from the others (seeded: reproducible)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        max_iter=max_iter,
        learning_rate=learning_rate,
        max_leaf_nodes=max_leaf_nodes,
        early_stopping=False,
        random_state=13,
    ).fit(np.array([c.features for c in choices]), np.array([float(c.right) for c in choices]))
    return trees_from_sklearn(model)


def trees_from_sklearn(model: Any) -> Trees:
    """Flatten a fitted binary ``HistGradientBoostingClassifier`` into numpy-only ``Trees``."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    for (predictor,) in model._predictors:
        offset = len(feature)
        roots.append(offset)
        for node in predictor.nodes:
            leaf = bool(node["is_leaf"])
            feature.append(-1 if leaf else int(node["feature_idx"]))
            threshold.append(0.0 if leaf else float(node["num_threshold"]))
            left.append(-1 if leaf else offset + int(node["left"]))
            right.append(-1 if leaf else offset + int(node["right"]))
            value.append(float(node["value"]) if leaf else 0.0)
    return Trees(
        feature=np.asarray(feature, dtype=np.int64),
        threshold=np.asarray(threshold),
        left=np.asarray(left, dtype=np.int64),
        right=np.asarray(right, dtype=np.int64),
        value=np.asarray(value),
        roots=np.asarray(roots, dtype=np.int64),
        baseline=float(np.ravel(model._baseline_prediction)[0]),
    )


def write_content_ends(model_dir: Path, stage: ContentEnds) -> None:
    """Put the stage into a model directory's ``config.json`` (key ``content_end``)."""
    path = model_dir / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["content_end"] = stage.to_config()
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def fit_content_ends(train: list[Predicted]) -> ContentEnds:
    """The shipped content-end stage, fitted on the extractor's predictions on train."""
    return ContentEnds(fit_trees(edge_choices(train, "end"), **SHIPPED))  # type: ignore[arg-type]


def add_content_ends(model_dir: str | Path, train_articles: list[GoldArticle]) -> ContentEnds | None:
    """Fit the content-end stage of an exported model on its own extractions of the train
    articles (840: about six minutes on two cores) and write it into its ``config.json``; None
    (and nothing written) when those give no choice to learn."""
    extracted = extract(train_articles, "train", str(model_dir))
    predicted = [Predicted(g, d, p) for g, (d, p) in zip(train_articles, extracted, strict=True)]
    choices = edge_choices(predicted, "end")
    if len({c.right for c in choices}) < 2:
        return None
    stage = ContentEnds(fit_trees(choices, **SHIPPED))  # type: ignore[arg-type]
    write_content_ends(Path(model_dir), stage)
    return stage


def score(
    predicted: list[Predicted], replaced: dict[int, tuple[tuple[int, int], ...]] | None = None
) -> Scores:
    """The usual exact / overlap scores, with some contents replaced (by attribution id)."""
    replaced = replaced or {}
    total = Scores()
    for p in predicted:
        text = p.gold.text
        items = [
            Item(
                cue=((a.cue.start, a.cue.end),),
                content=replaced.get(id(a), tuple(a.content.spans)),
                source=((a.source.start, a.source.end),) if a.source else (),
                direct=is_direct(text, tuple(a.content.spans)),
            )
            for a in outermost(p.document)
        ]
        total.add(score_items(text, gold_items(p.gold), items))
    return total


def rank_edges(train: list[Predicted], dev: list[Predicted], side: str) -> list[tuple[str, Scores, int]]:
    """Dev scores of the edge ranker at each of ``SETTINGS``, fitted on train predictions; with
    how many contents it moved."""
    fit = edge_choices(train, side)
    test = edge_choices(dev, side)
    reachable = {c.group for c in test if c.right}
    already = {c.group for c in test if c.right and not c.moved}
    print(
        f"{side}: {len({c.group for c in test})} dev contents; the gold {side} is among the candidates "
        f"of {len(reachable)}, and already the extractor's in {len(already)}"
    )
    rows = np.array([c.features for c in test])
    out = []
    for trees, rate, leaves in SETTINGS:
        score_of = fit_trees(fit, trees, rate, leaves).decision(rows)
        best: dict[int, tuple[float, Choice]] = {}
        for value, choice in zip(score_of, test, strict=True):
            if choice.group not in best or value > best[choice.group][0]:
                best[choice.group] = (float(value), choice)
        replaced = {id(c.attribution): c.spans for _, c in best.values() if c.moved}
        out.append((f"{trees} trees, rate {rate}, {leaves} leaves", score(dev, replaced), len(replaced)))
    return out


Rule = Callable[[str, Doc, Attribution, list[Attribution]], Spans | None]


def _block(a: Attribution) -> tuple[int, int]:
    parts = [(a.cue.start, a.cue.end)] + ([(a.source.start, a.source.end)] if a.source else [])
    return min(s for s, _ in parts), max(e for _, e in parts)


def _free(a: Attribution, others: list[Attribution], start: int, end: int) -> bool:
    """No other attribution's cue or content touches ``start..end``."""
    return not any(
        s < end and start < e
        for o in others
        if o is not a
        for s, e in (*o.content.spans, (o.cue.start, o.cue.end))
    )


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _sentence(parse: Doc, at: int) -> tuple[int, int] | None:
    return next(((s.start_char, s.end_char) for s in parse.sents if s.start_char <= at < s.end_char), None)


def before_parenthetical(text: str, parse: Doc, a: Attribution, others: list[Attribution]) -> Spans | None:
    """ "A, Mr. X argues, B" with content B: add A."""
    spans = a.content.spans
    start, end = _block(a)
    sentence = _sentence(parse, start)
    if spans[0][0] < end or text[end : spans[0][0]].strip() != "," or sentence is None:
        return None
    before = text[sentence[0] : start].rstrip()
    if not before.endswith(","):
        return None
    piece = trim(text, sentence[0], sentence[0] + len(before))
    return (piece, *spans) if piece[1] - piece[0] > 1 and _free(a, others, *piece) else None


def relative_word(text: str, parse: Doc, a: Attribution, others: list[Attribution]) -> Spans | None:
    """ "which Mr. X says B" with content B: add the wh-word."""
    spans = a.content.spans
    start, end = _block(a)
    found = re.search(r"(\w+)\s*$", text[max(0, start - 20) : start])
    if spans[0][0] < end or not found or found.group(1).lower() not in _WH:
        return None
    word_start = max(0, start - 20) + found.start(1)
    piece = (word_start, word_start + len(found.group(1)))
    return (piece, *spans) if _free(a, others, *piece) else None


def after_parenthetical(text: str, parse: Doc, a: Attribution, others: list[Attribution]) -> Spans | None:
    """ "A, he said, B" with content A: add the rest of the sentence."""
    spans = a.content.spans
    start, end = _block(a)
    between = text[spans[-1][1] : start]
    sentence = _sentence(parse, end - 1)
    if spans[-1][1] > start or "," not in between or between.strip().strip(QUOTE_MARKS) not in (",", ""):
        return None
    if sentence is None or not text[end : sentence[1]].lstrip().startswith(","):
        return None
    piece = trim(text, text.index(",", end) + 1, sentence[1])
    return (*spans, piece) if piece[1] - piece[0] > 2 and _free(a, others, *piece) else None


def quote_resumed(text: str, parse: Doc, a: Attribution, others: list[Attribution]) -> Spans | None:
    """'"Q1," he said. "Q2"' in one paragraph, with content Q1: add Q2."""
    spans = a.content.spans
    start, end = _block(a)
    if spans[-1][1] > start or not any(
        ch in QUOTE_MARKS for ch in text[max(0, spans[0][0] - 1) : spans[-1][1] + 2]
    ):
        return None
    line_end = _line_end(text, end)
    found = re.match(r"[^\"“]*?[.,]\s*([\"“])", text[end:line_end])
    if not found:
        return None
    opens = end + found.start(1)
    closes = re.search(r"[\"”]", text[opens + 1 : line_end])
    piece = (opens, opens + 1 + closes.end() if closes else line_end)
    return (*spans, piece) if _free(a, others, *piece) else None


RULES: dict[str, Rule] = {
    "A, he said, B: add A": before_parenthetical,
    "which he says B: add which": relative_word,
    "A, he said, B: add B": after_parenthetical,
    '"Q1," he said. "Q2": add Q2': quote_resumed,
}


def rule_gains(predicted: list[Predicted]) -> dict[str, Counter[str]]:
    """Per rule: how often it fired, and how many contents it made exact or broke."""
    out: dict[str, Counter[str]] = {name: Counter() for name in RULES}
    for p in predicted:
        text = p.gold.text
        gold = {exact_key(text, g.content) for g in gold_items(p.gold)}
        for a in outermost(p.document):
            for name, rule in RULES.items():
                new = rule(text, p.parse, a, list(p.document.attributions))
                if new is None:
                    continue
                before, after = exact_key(text, a.content.spans) in gold, exact_key(text, new) in gold
                out[name]["fired"] += 1
                out[name]["made exact"] += int(after and not before)
                out[name]["broke"] += int(before and not after)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", required=True)
    parser.add_argument("--cache", required=True, type=Path)
    parser.add_argument("--model", default="default")
    parser.add_argument(
        "--write",
        type=Path,
        metavar="MODEL_DIR",
        help="fit the content-end stage on train and write it there",
    )
    args = parser.parse_args(argv)
    if args.write:
        train_only = predict(args.polnear, "train", args.cache, args.model)
        write_content_ends(args.write, fit_content_ends(train_only))
        print(f"content-end stage written to {args.write / 'config.json'}")
        return
    train, dev = (predict(args.polnear, s, args.cache, args.model) for s in ("train", "dev"))
    base = score(dev)
    print("content edges of the predicted (outermost) contents on dev:", dict(error_kinds(dev)))
    rows = [("extractor without the content-end stage", base, 0)]
    rows += [
        (f"{side} ranker, {name}", s, n)
        for side in ("end", "start")
        for name, s, n in rank_edges(train, dev, side)
    ]
    print("\n| approach (dev) | content exact F1 | overlap | attribution | contents moved |")
    print("|---|---|---|---|---|")
    for name, s, moved in rows:
        print(
            f"| {name} | {100 * s.f1('exact', 'content'):.2f} | {100 * s.f1('overlap', 'content'):.2f} "
            f"| {100 * s.f1('exact', 'attribution'):.2f} | {moved} |"
        )
    print("\n| completion rule | train: fired / made exact / broke | dev: fired / made exact / broke |")
    print("|---|---|---|")
    train_gains, dev_gains = rule_gains(train), rule_gains(dev)
    for name in RULES:
        t, d = train_gains[name], dev_gains[name]
        counts = [" / ".join(str(c[k]) for k in ("fired", "made exact", "broke")) for c in (t, d)]
        print(f"| {name} | {counts[0]} | {counts[1]} |")


if __name__ == "__main__":
    main()
