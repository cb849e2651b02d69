"""Article text -> wordpieces with character offsets, as the tagger sees it.

The uncased wordpiece tokenizer drops newlines, yet paragraph breaks matter for attribution
(a quote often runs to the end of its paragraph, or over several). So a reserved vocabulary
entry is inserted wherever the text breaks a line; its offsets cover the newline character.
Used identically at training and at run time — only ``tokenizers`` and numpy needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

BREAK_TOKEN = "[unused1]"


@dataclass(frozen=True)
class Pieces:
    ids: np.ndarray  # int64, one per wordpiece
    offsets: list[tuple[int, int]]  # character offsets into the article text


class PieceTokenizer:
    """Wraps a ``tokenizer.json`` (BERT wordpiece) for whole-article encoding."""

    def __init__(self, path: str | Path):
        self.tokenizer = Tokenizer.from_file(str(path))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls_id = self._id("[CLS]")
        self.sep_id = self._id("[SEP]")
        self.pad_id = self._id("[PAD]")
        self.break_id = self._id(BREAK_TOKEN)

    def _id(self, token: str) -> int:
        found = self.tokenizer.token_to_id(token)
        if found is None:
            raise ValueError(f"tokenizer has no {token!r} entry")
        return int(found)

    def encode(self, text: str) -> Pieces:
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        prev_end = 0
        for tid, (a, b) in zip(enc.ids, enc.offsets, strict=True):
            nl = text.find("\n", prev_end, a)
            if nl >= 0:
                ids.append(self.break_id)
                offsets.append((nl, nl + 1))
            ids.append(tid)
            offsets.append((a, b))
            prev_end = b
        return Pieces(np.asarray(ids, dtype=np.int64), offsets)
