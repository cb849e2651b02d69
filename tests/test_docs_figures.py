"""The quality figures the README and docs/store.md print are the ones the gates pinned.

Each gate's floors file keeps the figures measured when it was pinned; a re-pin that changes them
without the docs (or the reverse) fails here, so the documents cannot drift from the measurement.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "according" / "eval" / "data"


def _rounded(value: float, places: int, scale: int = 1) -> str:
    """As the docs print it: ``value * scale`` rounded half up (0.7715 -> 77.2), computed from the
    figure as the floors file stores it (no binary floating-point in between)."""
    step = Decimal(1).scaleb(-places)
    return str((Decimal(str(value)) * scale).quantize(step, rounding=ROUND_HALF_UP))


def _cells(text: str, row_start: str) -> list[str]:
    (line,) = [line for line in text.splitlines() if line.startswith(row_start)]
    return [cell.strip().strip("*") for cell in line.strip("|").split("|")]


def test_readme_polnear_rows_are_the_pinned_measurements() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    gates = json.loads((DATA / "polnear_floors.json").read_text(encoding="utf-8"))["gates"]
    keys = [
        "exact/source",
        "exact/cue",
        "exact/content",
        "overlap/content",
        "overlap/source",
        "exact/attribution",
    ]
    for model, row in (("default", "| `default` (trained"), ("rules", "| `rules` | 7")):
        measured = gates[model]["measured"]
        expected = [_rounded(measured[k], 1, 100) for k in keys]
        assert _cells(readme, row)[1:] == expected, model


def test_readme_speaker_accuracy_is_the_pinned_measurement() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    measured = json.loads((DATA / "speaker_floors.json").read_text(encoding="utf-8"))["gates"]["default"][
        "measured"
    ]
    right = re.search(r"\| \*\*(\d+\.\d)\*\* \(1,244\) \|", readme)
    assert right is not None
    assert right.group(1) == _rounded(measured["accuracy"], 1, 100)
    assert f"Name alone: {_rounded(measured['name_accuracy'], 1, 100)};" in readme


def test_store_doc_record_table_is_the_pinned_measurement() -> None:
    doc = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    measured = json.loads((ROOT / "tests" / "record_floors.json").read_text(encoding="utf-8"))["measured"]
    for task, scope, row in (
        ("speakers", "record", "| speakers | record"),
        ("speakers", "end_to_end", "| speakers | end to end"),
        ("claims", "record", "| claims | record"),
        ("claims", "end_to_end", "| claims | end to end"),
    ):
        expected = [_rounded(measured[f"{task}/{scope}/{k}"], 3) for k in ("precision", "recall", "f1")]
        assert _cells(doc, row)[3:] == expected, (task, scope)


def test_readme_record_sentence_is_the_pinned_measurement() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    measured = json.loads((ROOT / "tests" / "record_floors.json").read_text(encoding="utf-8"))["measured"]
    figures = {k: _rounded(measured[k], 3) for k in measured}
    assert (
        f"speaker identity precision {figures['speakers/record/precision']}, "
        f"recall {figures['speakers/record/recall']}; claim grouping precision "
        f"{figures['claims/record/precision']}, recall {figures['claims/record/recall']} (lexical)"
    ) in readme


def test_model_docs_default_rows_are_the_pinned_measurements() -> None:
    """MODEL_CARD.md, docs/model.md and docs/evaluation.md print the default model's dev scores
    in their own tables; each must be the figure the PolNeAR gate pinned."""
    measured = json.loads((DATA / "polnear_floors.json").read_text(encoding="utf-8"))["gates"]["default"][
        "measured"
    ]

    def figure(key: str) -> str:
        return _rounded(measured[key], 1, 100)

    card = (ROOT / "MODEL_CARD.md").read_text(encoding="utf-8")
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for role, key in (
        ("source", "source"),
        ("cue", "cue"),
        ("content", "content"),
        ("whole attribution", "attribution"),
    ):
        assert _cells(card, f"| {role} | ")[3] == figure(f"exact/{key}"), role
        assert _cells(model, f"| {role} | ")[1] == figure(f"exact/{key}"), role
    assert _cells(card, "| content | ")[4] == figure("overlap/content")
    assert _cells(model, "| content | ")[2] == figure("overlap/content")
    evaluation = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    keys = ["exact/source", "exact/cue", "exact/content", "overlap/content", "overlap/source", "overlap/cue"]
    row = _cells(evaluation, "| `default` (trained")
    assert row[1:7] == [figure(k) for k in keys] and row[7] == figure("exact/attribution")
