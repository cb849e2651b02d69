"""Character spans <-> wordpiece BIO tags, windows over long articles, and decoding.

The trained model tags every wordpiece of an article as Outside or Begin/Inside of a Source,
Cue or Content span. PolNeAR is (almost) univocal — a token belongs to at most one role — so
one tag sequence per article suffices. Articles are longer than the encoder's window, so we
cut overlapping windows and keep, for each wordpiece, the prediction of the window in which
it sits most centrally (content spans cross sentences; context on both sides matters).

This module needs only numpy: it is shared by training (``according.train``) and by the
runtime extractor, which must not depend on torch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

ROLES = ("Source", "Cue", "Content")
LABELS = ("O",) + tuple(f"{p}-{r}" for r in ROLES for p in ("B", "I"))
LABEL_ID = {label: i for i, label in enumerate(LABELS)}
# Painting order: later roles win where gold spans overlap (a cue inside a long content).
_PAINT_ORDER = ("Content", "Source", "Cue")

Offsets = tuple[int, int]


@dataclass(frozen=True)
class Window:
    """Wordpieces ``start:end`` of the article, and the sub-range whose predictions we keep."""

    start: int
    end: int
    keep_start: int
    keep_end: int


def encode_labels(piece_offsets: Sequence[Offsets], spans: dict[str, Iterable[Offsets]]) -> np.ndarray:
    """BIO label ids per wordpiece for gold character ``spans`` by role.

    A piece belongs to a span when its first character lies inside it. Longer spans are
    painted first so a span nested in another one of the same role keeps its own B tag.
    """
    starts = np.array([s for s, _ in piece_offsets], dtype=np.int64)
    labels = np.zeros(len(piece_offsets), dtype=np.int64)
    for role in _PAINT_ORDER:
        for a, b in sorted(set(spans.get(role, ())), key=lambda ab: ab[0] - ab[1]):
            lo, hi = np.searchsorted(starts, a, "left"), np.searchsorted(starts, b, "left")
            if lo >= hi:
                continue
            labels[lo] = LABEL_ID[f"B-{role}"]
            labels[lo + 1 : hi] = LABEL_ID[f"I-{role}"]
    return labels


def _allowed_transitions() -> np.ndarray:
    """I-X may only follow B-X or I-X; everything else is free."""
    n = len(LABELS)
    allowed = np.ones((n, n), dtype=bool)
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            role = label[2:]
            for i, prev in enumerate(LABELS):
                allowed[i, j] = prev in (f"B-{role}", f"I-{role}")
    return allowed


_ALLOWED = _allowed_transitions()
_START_ALLOWED = np.array([not label.startswith("I-") for label in LABELS])


def viterbi(log_probs: np.ndarray) -> np.ndarray:
    """Most probable tag path that is valid BIO (no I-X after anything but B-X/I-X)."""
    n, k = log_probs.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    trans = np.where(_ALLOWED, 0.0, -1e9)
    score = np.where(_START_ALLOWED, log_probs[0], -1e9)
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + log_probs[t]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def decode_labels(
    labels: Sequence[int] | np.ndarray,
    piece_offsets: Sequence[Offsets],
    scores: Sequence[float] | np.ndarray | None = None,
) -> list[tuple[str, Offsets, float]]:
    """Tag ids -> (role, (start, end), mean score) spans in character offsets.

    A stray I-X (not after B-X/I-X) opens a new span, so decoding never loses tagged text.
    """
    out: list[tuple[str, Offsets, float]] = []
    role: str | None = None
    first = last = 0
    acc: list[float] = []

    def close() -> None:
        if role is not None:
            out.append((role, (piece_offsets[first][0], piece_offsets[last][1]), float(np.mean(acc))))

    for i, lab in enumerate(labels):
        tag = LABELS[int(lab)]
        score = 1.0 if scores is None else float(scores[i])
        if tag == "O":
            close()
            role = None
        elif tag.startswith("B-") or tag[2:] != role:
            close()
            role, first, last, acc = tag[2:], i, i, [score]
        else:
            last = i
            acc.append(score)
    close()
    return out


def make_windows(n_pieces: int, size: int, stride: int) -> list[Window]:
    """Overlapping windows of ``size`` pieces every ``stride`` pieces, covering all pieces.

    Each piece is kept from exactly one window: the one where it is furthest from an edge.
    """
    if n_pieces <= size:
        return [Window(0, n_pieces, 0, n_pieces)]
    starts = list(range(0, n_pieces - size, stride)) + [n_pieces - size]
    windows = []
    for i, s in enumerate(starts):
        e = s + size
        keep_s = s if i == 0 else (starts[i - 1] + size + s) // 2
        keep_e = e if i == len(starts) - 1 else (e + starts[i + 1]) // 2
        keep_s = max(keep_s, windows[-1].keep_end) if windows else keep_s
        windows.append(Window(s, e, keep_s, max(keep_s, keep_e)))
    return windows


def stitch(windows: Sequence[Window], window_scores: Sequence[np.ndarray], n_pieces: int) -> np.ndarray:
    """Per-piece scores of the whole article from per-window score arrays (pieces x labels)."""
    out = (
        np.zeros((n_pieces, window_scores[0].shape[-1]), dtype=np.float32)
        if window_scores
        else np.zeros((0, len(LABELS)), dtype=np.float32)
    )
    for w, sc in zip(windows, window_scores, strict=True):
        out[w.keep_start : w.keep_end] = sc[w.keep_start - w.start : w.keep_end - w.start]
    return out


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def predict_pieces(
    ids: np.ndarray,
    forward,
    *,
    size: int,
    stride: int,
    cls_id: int,
    sep_id: int,
    pad_id: int,
    batch_size: int = 16,
) -> np.ndarray:
    """Log-probabilities (pieces x labels) for a whole article.

    ``forward(input_ids, attention_mask) -> logits`` runs the encoder on a padded batch of
    windows (each wrapped in [CLS] ... [SEP]); windows are batched to amortise the call.
    """
    n = len(ids)
    if n == 0:
        return np.zeros((0, len(LABELS)), dtype=np.float32)
    windows = make_windows(n, size - 2, stride)
    scores: list[np.ndarray] = []
    for b in range(0, len(windows), batch_size):
        chunk = windows[b : b + batch_size]
        width = max(w.end - w.start for w in chunk) + 2
        input_ids = np.full((len(chunk), width), pad_id, dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        for i, w in enumerate(chunk):
            length = w.end - w.start
            input_ids[i, 0] = cls_id
            input_ids[i, 1 : length + 1] = ids[w.start : w.end]
            input_ids[i, length + 1] = sep_id
            mask[i, : length + 2] = 1
        logits = np.asarray(forward(input_ids, mask), dtype=np.float32)
        for i, w in enumerate(chunk):
            scores.append(log_softmax(logits[i, 1 : w.end - w.start + 1]))
    return stitch(windows, scores, n)
