"""Measure the claim-grouping decision on labelled pairs: precision and recall of "same claim".

Each JSONL line: ``{"a": {"speaker", "text", "outlet"}, "b": {...}, "same": bool}``. Speakers
are canonicalised as the store would (so "Mr X" and "Jane X" meet the same rules), then the
store's own ``same_claim`` decides. Run:

    python -m according.eval.claim_pairs --similarity lexical   # pairs: according/eval/data/claim_pairs.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis.claims import same_claim
from ..analysis.similarity import METHODS, Similarity, load_similarity, negated
from ..analysis.speakers import parse_name

DEFAULT_PAIRS = Path(__file__).resolve().parent / "data" / "claim_pairs.jsonl"


@dataclass(frozen=True)
class PairScores:
    method: str
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "pairs": self.tp + self.fp + self.fn + self.tn,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


def load_pairs(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _speaker_id(name: str | None, ids: dict[str, int]) -> int | None:
    if not name:
        return None
    key = parse_name(name, "person").key
    return ids.setdefault(key, len(ids))


def score_pairs(
    pairs: list[dict[str, Any]], similarity: Similarity
) -> tuple[PairScores, list[dict[str, Any]]]:
    """Scores plus the misjudged pairs (for reading, not tuning)."""
    tp = fp = fn = tn = 0
    wrong = []
    ids: dict[str, int] = {}
    for pair in pairs:
        a, b = pair["a"], pair["b"]
        va, vb = similarity.encode([a["text"], b["text"]])
        sim = similarity.score(va, vb)
        decided = same_claim(
            sim,
            similarity.thresholds,
            _speaker_id(a.get("speaker"), ids),
            _speaker_id(b.get("speaker"), ids),
            negated(a["text"]),
            negated(b["text"]),
        )
        gold = bool(pair["same"])
        tp += decided and gold
        fp += decided and not gold
        fn += gold and not decided
        tn += not gold and not decided
        if decided != gold:
            wrong.append({**pair, "similarity": round(sim, 3)})
    return PairScores(similarity.name, tp, fp, fn, tn), wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="?", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--similarity", choices=METHODS, default="auto")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    scores, wrong = score_pairs(load_pairs(args.pairs), load_similarity(args.similarity))
    print(json.dumps(scores.to_json()))
    if args.show_errors:
        for pair in wrong:
            print(json.dumps(pair, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
