"""Score floors: the quality a change may not lose, pinned with the data they were measured on.

``tests/gate_floors.json`` holds, per extractor, the split and article limit evaluated, the
sha256 of exactly the PolNeAR files read, the figures measured when pinned and the floors
(F1 per metric). Comparing against floors only means something on the same data, so when the
hash differs the gate reports that instead of comparing (as trafilatura's evaluation does).
Floors are only ever raised; lowering one is a deliberate, reviewed edit of that file.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .metrics import Scores
from .polnear import load_split

# Metric names as used in the floors file: "<metric>/<role>" over all attributions.
GATED = (
    "exact/source",
    "exact/cue",
    "exact/content",
    "overlap/source",
    "overlap/cue",
    "overlap/content",
    "exact/attribution",
)


def data_sha256(root: str | os.PathLike[str], split: str, limit: int | None = None) -> str:
    """sha256 over the name and bytes of every text and .ann file the evaluation reads, in order."""
    digest = hashlib.sha256()
    base = Path(root) / split
    for article in load_split(root, split, limit=limit):
        for path in (
            base / "text" / f"{article.name}.txt",
            base / "attributions" / f"{article.name}_{article.annotator}.ann",
        ):
            digest.update(f"{path.parent.name}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def f1_figures(scores: Scores) -> dict[str, float]:
    """The gated F1 figures of a run, rounded as stored in the floors file."""
    out = {}
    for name in GATED:
        metric, role = name.split("/")
        out[name] = round(scores.f1(metric, role), 4)
    return out


def below_floors(scores: Scores, floors: dict[str, float]) -> list[str]:
    """One message per figure under its floor; empty when the run clears every floor."""
    figures = f1_figures(scores)
    return [
        f"{name} F1 {figures[name]:.4f} < floor {floor:.4f}"
        for name, floor in sorted(floors.items())
        if figures[name] < floor
    ]


@dataclass(frozen=True)
class Gate:
    """One extractor's entry in the floors file."""

    model: str
    split: str
    limit: int | None
    data_sha256: str
    floors: dict[str, float]

    @classmethod
    def from_json(cls, model: str, data: dict[str, Any]) -> Gate:
        floors = {k: float(v) for k, v in data["floors"].items()}
        unknown = set(floors) - set(GATED)
        if unknown:
            raise ValueError(f"{model}: unknown gated metrics {sorted(unknown)}; known: {', '.join(GATED)}")
        return cls(model, data["split"], data.get("limit"), data["data_sha256"], floors)


def load_gates(path: str | os.PathLike[str]) -> dict[str, Gate]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {model: Gate.from_json(model, entry) for model, entry in data["gates"].items()}


def pin(scores: Scores, margin: float = 0.01) -> dict[str, float]:
    """Floors for a fresh measurement: each F1 minus ``margin`` (about a point), never below 0."""
    return {name: round(max(0.0, value - margin), 4) for name, value in f1_figures(scores).items()}


POLICY = (
    "Score floors for tests/test_gate_polnear.py. Floors are only ever raised: "
    "`python -m according.eval.gate MODEL` re-measures and keeps max(old floor, measured - 0.01). "
    "Lowering a floor is a deliberate edit that must be explained in its commit message."
)


def update_floors(
    path: str | os.PathLike[str],
    model: str,
    scores: Scores,
    sha256: str,
    split: str,
    limit: int | None,
) -> dict[str, float]:
    """Record a measurement in the floors file, raising floors only (unless the data changed,
    in which case old floors mean nothing and are replaced). Returns the new floors."""
    file = Path(path)
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
    gates = data.setdefault("gates", {})
    old = gates.get(model, {})
    fresh = pin(scores)
    same_data = old.get("data_sha256") == sha256 and old.get("split") == split and old.get("limit") == limit
    if same_data:
        fresh = {k: max(v, float(old.get("floors", {}).get(k, 0.0))) for k, v in fresh.items()}
    gates[model] = {
        "split": split,
        "limit": limit,
        "data_sha256": sha256,
        "measured": f1_figures(scores),
        "floors": fresh,
    }
    data = {"policy": POLICY, "gates": dict(sorted(gates.items()))}
    file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return fresh


def _main() -> None:
    """``python -m according.eval.gate MODEL [--limit N] [--floors FILE]``: measure and pin."""
    import argparse

    from .polnear import find_polnear
    from .run import evaluate_polnear

    parser = argparse.ArgumentParser(prog="python -m according.eval.gate", description=_main.__doc__)
    parser.add_argument("model", help="rules, default or a model directory")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--polnear", default=None)
    parser.add_argument("--floors", default="tests/gate_floors.json")
    args = parser.parse_args()
    root = find_polnear(args.polnear)
    if root is None:
        parser.error("PolNeAR not found: pass --polnear DIR or set ACCORDING_POLNEAR")
    report = evaluate_polnear(root, args.split, model=args.model, limit=args.limit)
    floors = update_floors(
        args.floors,
        args.model,
        report.scores,
        data_sha256(root, args.split, args.limit),
        args.split,
        args.limit,
    )
    print(f"{args.model} on {report.articles} {args.split} articles in {report.seconds:.1f}s")
    print(json.dumps({"measured": f1_figures(report.scores), "floors": floors}, indent=2))


if __name__ == "__main__":
    _main()
