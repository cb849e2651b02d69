"""PolNeAR articles -> labelled wordpiece sequences and training windows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from ..attribution.pieces import Pieces, PieceTokenizer
from ..attribution.tagging import ROLES, make_windows
from ..eval.polnear import GoldArticle


@dataclass(frozen=True)
class Example:
    name: str
    pieces: Pieces
    labels: np.ndarray


def gold_spans(article: GoldArticle) -> dict[str, list[tuple[int, int]]]:
    """Character spans of every role over all attributions of the article."""
    spans: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    for att in article.attributions:
        spans["Source"].extend(att.source)
        spans["Cue"].extend(att.cue)
        spans["Content"].extend(att.content)
    return spans


def make_examples(articles: Iterable[GoldArticle], tokenizer: PieceTokenizer) -> list[Example]:
    from ..attribution.tagging import encode_labels

    out = []
    for art in articles:
        pieces = tokenizer.encode(art.text)
        out.append(Example(art.name, pieces, encode_labels(pieces.offsets, gold_spans(art))))
    return out


def training_windows(
    examples: list[Example], size: int, stride: int, shift: int = 0
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, labels) windows of at most ``size`` pieces; ``shift`` moves the window grid
    so that successive epochs see different cut points."""
    for ex in examples:
        n = len(ex.labels)
        if n == 0:
            continue
        offset = shift % stride if n > size else 0
        if offset:
            yield ex.pieces.ids[:offset], ex.labels[:offset]
        for w in make_windows(n - offset, size, stride):
            yield (
                ex.pieces.ids[offset + w.start : offset + w.end],
                ex.labels[offset + w.start : offset + w.end],
            )
