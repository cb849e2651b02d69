"""The speaker gate: resolution on the hand-labelled speaker set must not fall below the floors
pinned in speaker_floors.json (compared only on the data they were measured on).

Needs PolNeAR (found as the PolNeAR gate finds it): skipped without it, failed under CI=true.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from according.attribution import default_model
from according.eval.speakers import GATED, data_sha256, evaluate_speakers

pytestmark = pytest.mark.gate

FLOORS = Path(__file__).resolve().with_name("speaker_floors.json")


def test_default_speakers_clear_their_floors(polnear_dir: Path) -> None:
    model = default_model()
    gates = json.loads(FLOORS.read_text(encoding="utf-8"))["gates"]
    if model not in gates:
        pytest.skip(f"no speaker floors pinned for {model!r} in {FLOORS.name}")
    gate = gates[model]
    sha = data_sha256(polnear_dir)
    if sha != gate["data_sha256"]:
        pytest.skip(
            f"speaker set or PolNeAR texts differ from those the floors were measured on (sha256 "
            f"{sha[:12]} vs {gate['data_sha256'][:12]}); re-pin with `python -m according.eval.speakers`"
        )
    figures = evaluate_speakers(polnear_dir, model=model).overall.figures()
    failures = [
        f"{name} {figures[name]:.4f} < floor {gate['floors'][name]:.4f}"
        for name in GATED
        if figures[name] < gate["floors"][name]
    ]
    assert not failures, "speaker resolution fell below its floors: " + "; ".join(failures)
