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

import numpy as np
from spacy.tokens import Doc, DocBin, Token

from ..document import Attribution, Document
from ..eval.metrics import Item, Scores, exact_key, gold_items, is_direct, predicted_items, score_items, trim
from ..eval.polnear import GoldArticle, load_split
from ..eval.run import polnear_article
from ..nlp.apostrophes import parse_text

WINDOW = 10  # words either side of the predicted edge
SETTINGS = ((100, 0.1, 15), (200, 0.05, 31), (300, 0.05, 15))  # (trees, learning rate, leaves)
_WORDS = (
    ",",
    ".",
    "and",
    "but",
    "because",
    "after",
    "when",
    "while",
    "as",
    "if",
    "in",
    "on",
    "at",
    "for",
    "to",
    "--",
    "-",
    "—",
    ";",
    ":",
    "who",
    "which",
    "that",
    "with",
    "by",
    "from",
    "since",
    "before",
    "until",
    "so",
    "or",
    "according",
    "said",
    "says",
)
_POS = (
    "NOUN",
    "VERB",
    "ADJ",
    "ADV",
    "PROPN",
    "PRON",
    "ADP",
    "DET",
    "PUNCT",
    "NUM",
    "AUX",
    "CCONJ",
    "SCONJ",
    "PART",
)
_DEP = (
    "ccomp",
    "xcomp",
    "advcl",
    "conj",
    "ROOT",
    "relcl",
    "dobj",
    "pobj",
    "prep",
    "nsubj",
    "mark",
    "cc",
    "punct",
    "advmod",
    "acl",
    "npadvmod",
    "appos",
    "attr",
    "amod",
    "compound",
)
_QUOTES = "\"“”‘’'«»"
_WH = frozenset(
    {"which", "who", "whom", "what", "whose", "how", "why", "where", "when", "whatever", "whoever"}
)


@dataclass
class Predicted:
    """One gold article with the extractor's document and the spaCy parse it described."""

    gold: GoldArticle
    document: Document
    parse: Doc


def predict(root: str | Path, split: str, cache: Path, model: str = "default") -> list[Predicted]:
    """The extractor's documents and parses for a split, read from ``cache`` when there."""
    from spacy import blank

    golds = load_split(root, split)
    folder = cache / f"{model}-{split}"
    if not (folder / "docs.json").is_file():
        from ..attribution import load_extractor

        extractor = load_extractor(model)
        parses, documents = DocBin(store_user_data=False), []
        articles = [polnear_article(g, split) for g in golds]
        nlp = extractor.nlp  # type: ignore[attr-defined]
        for article, doc in zip(articles, nlp.pipe(parse_text(a.text) for a in articles), strict=True):
            documents.append(extractor.extract_doc(doc, article).to_json())  # type: ignore[attr-defined]
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


def _onehot(value: str, vocabulary: tuple[str, ...]) -> list[float]:
    return [float(value == v) for v in vocabulary]


def _features(
    parse: Doc,
    text: str,
    anchor: Token,
    word: Token,
    side: str,
    cue: tuple[int, int],
    direct: bool,
    edges: set[int],
) -> list[float]:
    """What the parse says about ending (or starting) the content at ``word``."""
    out = [float(word.i - anchor.i), float(abs(word.i - anchor.i)), float(word is anchor)]
    out += _onehot(word.pos_, _POS) + _onehot(word.dep_, _DEP)
    step = 1 if side == "end" else -1
    near = parse[word.i + step] if 0 <= word.i + step < len(parse) else None
    if near is None:
        out += [0.0] * (len(_WORDS) + len(_POS) + len(_DEP)) + [1.0, 1.0, 0.0]
    else:
        first, second = (word, near) if side == "end" else (near, word)
        out += _onehot(near.text.lower(), _WORDS) + _onehot(near.pos_, _POS) + _onehot(near.dep_, _DEP)
        out += [float(bool(second.is_sent_start)), float("\n" in text[first.idx : second.idx + 1])]
        out += [float(near.text in _QUOTES)]
    edge = word.right_edge if side == "end" else word.left_edge
    head_edge = word.head.right_edge if side == "end" else word.head.left_edge
    out += [float(word.i in edges), float(edge.i == word.i), float(head_edge.i == word.i), float(direct)]
    out += [float(cue[0] > word.idx)]
    low, high = sorted((anchor.i, word.i))
    moved = parse[low + 1 : high + 1]
    out += [float(sum(t.pos_ == "VERB" for t in moved)), float(sum(t.text == "," for t in moved))]
    out += [float(any(t.is_sent_start for t in moved))]
    return out


@dataclass
class Choice:
    """One candidate edge of one predicted content: its features and where the edge would be."""

    group: int
    attribution: Attribution
    spans: tuple[tuple[int, int], ...]
    features: list[float]
    right: bool
    moved: bool  # the edge differs from the extractor's once punctuation is trimmed


def edge_choices(predicted: list[Predicted], side: str) -> list[Choice]:
    """Every candidate edge of every outermost predicted content, labelled by the gold edge of
    the gold content it overlaps most."""
    choices: list[Choice] = []
    group = 0
    for p in predicted:
        text, parse = p.gold.text, p.parse
        gold = [exact_key(text, g.content) for g in gold_items(p.gold)]
        for a in outermost(p.document):
            spans = tuple(a.content.spans)
            start, end = spans[-1] if side == "end" else spans[0]
            words = [t for t in parse if start <= t.idx and t.idx + len(t.text) <= end and not t.is_punct]
            if not words or not words[-1].text.strip():
                continue
            anchor = words[-1] if side == "end" else words[0]
            key = exact_key(text, spans)
            best = max(gold, key=lambda g: len(g & key), default=frozenset())
            gold_edge = (max(best) + 1 if side == "end" else min(best)) if best & key else None
            line_start = text.rfind("\n", 0, anchor.idx) + 1
            line_end = _line_end(text, anchor.idx)
            heads = [t for t in parse if start <= t.idx < end and not start <= t.head.idx < end]
            edges = {(t.right_edge if side == "end" else t.left_edge).i for t in heads}
            cue, direct = (a.cue.start, a.cue.end), is_direct(text, spans)
            own = trim(text, start, end)[1 if side == "end" else 0]
            for word in parse[max(0, anchor.i - WINDOW) : anchor.i + WINDOW + 1]:
                low, high = sorted((anchor.idx, word.idx))
                if word.is_punct or word.is_space or not line_start <= word.idx < line_end:
                    continue
                if low < cue[1] and cue[0] <= high:  # never across the cue
                    continue
                if side == "end":
                    if word.idx < start:
                        continue
                    piece = (start, word.idx + len(word.text))
                    edge = trim(text, *piece)[1]
                    new = (*spans[:-1], piece)
                else:
                    if word.idx + len(word.text) > end:
                        continue
                    piece = (word.idx, end)
                    edge = trim(text, *piece)[0]
                    new = (piece, *spans[1:])
                features = _features(parse, text, anchor, word, side, cue, direct, edges)
                kept = word is anchor
                choices.append(
                    Choice(group, a, spans if kept else new, features, edge == gold_edge, edge != own)
                )
            group += 1
    return choices


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
    from sklearn.ensemble import HistGradientBoostingClassifier

    fit = edge_choices(train, side)
    test = edge_choices(dev, side)
    x, y = np.array([c.features for c in fit]), np.array([float(c.right) for c in fit])
    reachable = {c.group for c in test if c.right}
    already = {c.group for c in test if c.right and not c.moved}
    print(
        f"{side}: {len({c.group for c in test})} dev contents; the gold {side} is among the candidates "
        f"of {len(reachable)}, and already the extractor's in {len(already)}"
    )
    out = []
    for trees, rate, leaves in SETTINGS:
        model = HistGradientBoostingClassifier(
            max_iter=trees, learning_rate=rate, max_leaf_nodes=leaves, random_state=13
        ).fit(x, y)
        probability = model.predict_proba(np.array([c.features for c in test]))[:, 1]
        best: dict[int, tuple[float, Choice]] = {}
        for p, choice in zip(probability, test, strict=True):
            if choice.group not in best or p > best[choice.group][0]:
                best[choice.group] = (float(p), choice)
        replaced = {id(c.attribution): c.spans for _, c in best.values() if c.moved}
        out.append((f"{trees} trees, rate {rate}, {leaves} leaves", score(dev, replaced), len(replaced)))
    return out


Spans = tuple[tuple[int, int], ...]
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
    if spans[-1][1] > start or "," not in between or between.strip().strip(_QUOTES) not in (",", ""):
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
        ch in _QUOTES for ch in text[max(0, spans[0][0] - 1) : spans[-1][1] + 2]
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
    args = parser.parse_args(argv)
    train, dev = (predict(args.polnear, s, args.cache, args.model) for s in ("train", "dev"))
    base = score(dev)
    print("content edges of the predicted (outermost) contents on dev:", dict(error_kinds(dev)))
    rows = [("extractor as shipped", base, 0)]
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
