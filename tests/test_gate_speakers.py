"""The speaker gate: resolution on the hand-labelled speaker set must not fall below the floors
pinned in according/eval/data/speaker_floors.json (on other data the gate fails and names the re-pin).

Needs PolNeAR (found as the PolNeAR gate finds it): skipped without it, failed under CI=true.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from according.attribution import default_model
from according.eval.gate import DataChangedError, require_same_data, shortfalls
from according.eval.speakers import FLOORS, GATED, data_sha256, evaluate_speakers

pytestmark = pytest.mark.gate


def test_default_speakers_clear_their_floors(polnear_dir: Path) -> None:
    model = default_model()
    gates = json.loads(FLOORS.read_text(encoding="utf-8"))["gates"]
    if model not in gates:
        pytest.skip(f"no speaker floors pinned for {model!r} in {FLOORS.name}")
    gate = gates[model]
    try:
        require_same_data(
            gate["data_sha256"],
            data_sha256(polnear_dir),
            "The speaker set or the PolNeAR texts",
            f"`python -m according.eval.speakers {model}`",
        )
    except DataChangedError as exc:
        pytest.fail(str(exc))
    figures = evaluate_speakers(polnear_dir, model=model).overall.figures()
    failures = shortfalls(figures, {name: gate["floors"][name] for name in GATED})
    assert not failures, "speaker resolution fell below its floors: " + "; ".join(failures)
