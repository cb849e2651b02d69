"""Char spans <-> wordpiece BIO tags, article windows and their stitching, BIO-valid decoding."""

from __future__ import annotations

import numpy as np
import pytest

from according.attribution import SHIPPED_MODEL_DIR
from according.attribution.pieces import PieceTokenizer
from according.attribution.tagging import (
    LABEL_ID,
    LABELS,
    decode_labels,
    encode_labels,
    make_windows,
    predict_pieces,
    stitch,
    viterbi,
)

TEXT = 'Ms. Ortiz said the bridge "will reopen in May."\n\nThe council, officials believe, has no money.'


@pytest.fixture(scope="module")
def tokenizer() -> PieceTokenizer:
    return PieceTokenizer(SHIPPED_MODEL_DIR / "tokenizer.json")


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_round_trip_char_spans_to_tags_and_back(tokenizer):
    gold = {
        "Source": [span(TEXT, "Ms. Ortiz"), span(TEXT, "officials")],
        "Cue": [span(TEXT, "said"), span(TEXT, "believe")],
        "Content": [
            span(TEXT, 'the bridge "will reopen in May."'),
            span(TEXT, "The council"),
            span(TEXT, "has no money"),
        ],
    }
    pieces = tokenizer.encode(TEXT)
    labels = encode_labels(pieces.offsets, gold)
    decoded = decode_labels(labels, pieces.offsets)
    found = {(role, off) for role, off, _ in decoded}
    assert found == {(role, off) for role, spans in gold.items() for off in spans}
    # Offsets index the original text, whatever the tokenizer normalised.
    assert TEXT[slice(*span(TEXT, "Ms. Ortiz"))] == "Ms. Ortiz"


def test_paragraph_break_becomes_a_piece(tokenizer):
    pieces = tokenizer.encode(TEXT)
    breaks = [off for tid, off in zip(pieces.ids, pieces.offsets, strict=True) if tid == tokenizer.break_id]
    assert breaks == [(TEXT.index("\n"), TEXT.index("\n") + 1)]


def test_adjacent_spans_of_one_role_stay_apart(tokenizer):
    text = "Two claims: alpha beta gamma delta."
    gold = {"Content": [span(text, "alpha beta"), span(text, "gamma delta")]}
    pieces = tokenizer.encode(text)
    decoded = decode_labels(encode_labels(pieces.offsets, gold), pieces.offsets)
    assert [off for _, off, _ in decoded] == gold["Content"]


@pytest.mark.parametrize("n", [1, 5, 10, 11, 37, 100])
def test_windows_cover_every_piece_once(n):
    windows = make_windows(n, 10, 4)
    kept = [i for w in windows for i in range(w.keep_start, w.keep_end)]
    assert kept == list(range(n))
    assert all(w.start <= w.keep_start <= w.keep_end <= w.end and w.end - w.start <= 10 for w in windows)


def test_stitch_keeps_the_central_prediction():
    n, size, stride = 30, 10, 5
    windows = make_windows(n, size, stride)
    # Each window scores its pieces with its own index: the stitched result shows who won.
    scores = [np.full((w.end - w.start, 2), k, dtype=np.float32) for k, w in enumerate(windows)]
    out = stitch(windows, scores, n)
    for k, w in enumerate(windows):
        assert (out[w.keep_start : w.keep_end] == k).all()


def test_predict_pieces_sees_each_window_wrapped_in_cls_sep():
    ids = np.arange(100, 150)
    seen = []

    def forward(batch, mask):
        seen.extend(row[: m.sum()] for row, m in zip(batch, mask, strict=True))
        logits = np.zeros(batch.shape + (len(LABELS),), dtype=np.float32)
        logits[..., LABEL_ID["B-Cue"]] = (batch % 2 == 0) * 5.0  # even ids look like cues
        return logits

    logp = predict_pieces(ids, forward, size=12, stride=5, cls_id=1, sep_id=2, pad_id=0, batch_size=3)
    assert logp.shape == (50, len(LABELS))
    assert all(row[0] == 1 and row[-1] == 2 and len(row) <= 12 for row in seen)
    assert (logp.argmax(1) == np.where(ids % 2 == 0, LABEL_ID["B-Cue"], 0)).all()


def test_viterbi_never_starts_inside_a_span():
    logp = np.log(np.full((3, len(LABELS)), 0.01))
    logp[0, LABEL_ID["I-Cue"]] = np.log(0.9)  # most likely alone, but invalid at the start
    logp[1, LABEL_ID["I-Cue"]] = np.log(0.9)
    logp[2, LABEL_ID["B-Source"]] = np.log(0.9)
    path = [LABELS[i] for i in viterbi(logp)]
    assert path[0] != "I-Cue" and path[2] == "B-Source"
    assert path[:2] == ["B-Cue", "I-Cue"]
