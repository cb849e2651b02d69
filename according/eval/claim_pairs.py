"""The claim-grouping decision alone, on short labelled text pairs the project wrote.

Each JSONL line: ``{"a": {"speaker", "text", "outlet"}, "b": {...}, "same": bool}``. Speakers
are canonicalised as the store would (so "Mr X" and "Jane X" meet the same rules), then the
store's own ``same_claim`` decides. A quick check of the rule itself; the record evaluation
(``according evaluate --record``, ``according.eval.record``) measures grouping end to end on
real articles. Run:

    python -m according.eval.claim_pairs tests/data/claim_pairs.jsonl --similarity lexical
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..analysis.claims import same_claim
from ..analysis.similarity import DEFAULT_METHOD, METHODS, Similarity, load_similarity, polarity
from ..analysis.speakers import parse_name
from .record import PairScores

DEFAULT_PAIRS = Path(__file__).resolve().parents[2] / "tests" / "data" / "claim_pairs.jsonl"


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
    scores = PairScores()
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
            polarity(a["text"]),
            polarity(b["text"]),
        )
        gold = bool(pair["same"])
        scores = scores.add(decided, gold)
        if decided != gold:
            wrong.append({**pair, "similarity": round(sim, 3)})
    return scores, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="?", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--similarity", choices=METHODS, default=DEFAULT_METHOD)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    similarity = load_similarity(args.similarity)
    scores, wrong = score_pairs(load_pairs(args.pairs), similarity)
    print(json.dumps({"method": similarity.name, **scores.to_json()}))
    if args.show_errors:
        for pair in wrong:
            print(json.dumps(pair, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
