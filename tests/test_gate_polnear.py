"""The score gate: extractors on PolNeAR must not fall below the floors pinned in
``according/eval/data/polnear_floors.json`` (each the measured F1 minus 0.3 points).

Floors are compared only on the exact data they were measured on (sha256 of the files read): on
other data the gate fails and names the explicit re-pin command. PolNeAR is found via
$ACCORDING_POLNEAR or ../shared/data/polnear; without it the test skips (and fails under CI).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from according.attribution import shipped_model_available
from according.eval.gate import FLOORS, DataChangedError, check, load_gates

pytestmark = pytest.mark.gate


def _check(model: str, root: Path) -> None:
    if model not in load_gates(FLOORS):
        pytest.fail(f"no floors pinned for {model!r} in {FLOORS}: pin them with `according evaluate --pin`")
    try:
        failures = check(root, model)
    except DataChangedError as exc:
        pytest.fail(str(exc))
    assert not failures, f"{model} on PolNeAR fell below its floors: " + "; ".join(failures)


def test_rules_clear_their_floors(polnear_dir: Path) -> None:
    _check("rules", polnear_dir)


def test_default_model_clears_its_floors(polnear_dir: Path) -> None:
    if not shipped_model_available():
        pytest.skip("no trained model shipped: the default extractor is the rules, gated above")
    _check("default", polnear_dir)
