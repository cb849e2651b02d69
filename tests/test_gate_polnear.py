"""The score gate: extractors on PolNeAR must not fall below the floors pinned in gate_floors.json.

Floors are compared only on the exact data they were measured on (sha256 of the files read);
on other data the test says so and skips. PolNeAR is found via $ACCORDING_POLNEAR or
../shared/data/polnear; without it the test skips with that reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from according.attribution import shipped_model_available
from according.eval.gate import Gate, below_floors, data_sha256, load_gates
from according.eval.run import evaluate_polnear

pytestmark = pytest.mark.gate

FLOORS = Path(__file__).resolve().with_name("gate_floors.json")


def gate_for(model: str) -> Gate:
    gates = load_gates(FLOORS)
    if model not in gates:
        pytest.skip(f"no floors pinned for {model!r} in {FLOORS.name}")
    return gates[model]


def check(model: str, root: Path) -> None:
    gate = gate_for(model)
    sha = data_sha256(root, gate.split, gate.limit)
    if sha != gate.data_sha256:
        pytest.skip(
            f"PolNeAR {gate.split} files at {root} differ from those the floors were measured on "
            f"(sha256 {sha[:12]} vs pinned {gate.data_sha256[:12]}): not comparing; "
            f"re-pin with `python -m according.eval.gate {model}` if the data change is intended"
        )
    report = evaluate_polnear(root, gate.split, model=model, limit=gate.limit)
    failures = below_floors(report.scores, gate.floors)
    assert not failures, f"{model} on PolNeAR {gate.split} fell below its floors: " + "; ".join(failures)


def test_rules_clear_their_floors(polnear_dir: Path) -> None:
    check("rules", polnear_dir)


def test_default_model_clears_its_floors(polnear_dir: Path) -> None:
    if not shipped_model_available():
        pytest.skip("no trained model shipped: the default extractor is the rules, gated above")
    check("default", polnear_dir)
