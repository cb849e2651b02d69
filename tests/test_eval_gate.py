"""Gate mechanics on a corpus written for the tests: data hash, floors check, raise-only pinning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from according.attribution import Extractor
from according.eval.gate import (
    EPSILON,
    FLOORS,
    GATED,
    POLICY,
    DataChangedError,
    below_floors,
    check,
    data_sha256,
    f1_figures,
    floors_from,
    load_gates,
    update_floors,
)
from according.eval.metrics import Scores
from according.eval.polnear import load_split
from according.eval.run import evaluate_articles
from tests.eval_fakes import NothingExtractor, OracleExtractor, write_corpus


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "polnear", annotators=("a", "b"))


def scores_of(extractor: Extractor, root: Path) -> Scores:
    return evaluate_articles(load_split(root, "dev"), extractor, "dev", "x").scores


def test_hash_covers_the_files_read_and_only_those(corpus: Path) -> None:
    before = data_sha256(corpus, "dev")
    assert before == data_sha256(corpus, "dev")
    assert data_sha256(corpus, "dev", limit=1) != before
    ann_dir = corpus / "dev" / "attributions"
    # the second annotator's file is not read, so changing it changes nothing
    (ann_dir / "daily_2020-01-01_pier_b.ann").write_text("T1\tCue 0 3\tThe\n", encoding="utf-8")
    assert data_sha256(corpus, "dev") == before
    (ann_dir / "daily_2020-01-01_pier_a.ann").write_text("T1\tCue 0 3\tThe\n", encoding="utf-8")
    assert data_sha256(corpus, "dev") != before


def test_floors_pass_for_oracle_and_fail_for_nothing(corpus: Path) -> None:
    floors = {name: 0.5 for name in GATED}
    assert below_floors(scores_of(OracleExtractor.of(corpus), corpus), floors) == []
    failures = below_floors(scores_of(NothingExtractor(), corpus), floors)
    assert len(failures) == len(GATED)
    assert "exact/cue F1 0.0000 < floor 0.5000" in failures


def test_update_floors_only_raises(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    sha = data_sha256(corpus, "dev")
    good = scores_of(OracleExtractor.of(corpus), corpus)
    bad = scores_of(NothingExtractor(), corpus)
    assert update_floors(path, "rules", good, sha, "dev", None)["exact/cue"] == pytest.approx(0.997)
    # a worse run on the same data keeps the old floors
    assert update_floors(path, "rules", bad, sha, "dev", None)["exact/cue"] == pytest.approx(0.997)
    gate = load_gates(path)["rules"]
    assert gate.data_sha256 == sha and gate.floors["exact/cue"] == pytest.approx(0.997)
    data = json.loads(path.read_text())
    assert data["policy"] == POLICY
    assert data["gates"]["rules"]["measured"] == f1_figures(bad)
    # on different data the old floors mean nothing: the explicit re-pin replaces them
    assert update_floors(path, "rules", bad, "other", "dev", None)["exact/cue"] == 0.0


def test_a_drop_of_more_than_epsilon_fails() -> None:
    floors = floors_from({"exact/cue": 0.7250})
    assert floors == {"exact/cue": round(0.7250 - EPSILON, 4)}
    assert EPSILON == 0.003  # 0.3 F1 points
    assert floors_from({"exact/cue": 0.70}, old_floors={"exact/cue": 0.71}) == {"exact/cue": 0.71}


def test_changed_data_fails_naming_the_repin_command(corpus: Path, tmp_path: Path, stand_in) -> None:
    oracle = stand_in(OracleExtractor.of(corpus))
    path = tmp_path / "floors.json"
    update_floors(
        path, oracle, scores_of(OracleExtractor.of(corpus), corpus), data_sha256(corpus, "dev"), "dev", None
    )
    assert check(corpus, oracle, path) == []
    nothing = stand_in(NothingExtractor())
    update_floors(
        path, nothing, scores_of(OracleExtractor.of(corpus), corpus), data_sha256(corpus, "dev"), "dev", None
    )
    assert len(check(corpus, nothing, path)) == len(GATED)
    text = next((corpus / "dev" / "text").glob("*.txt"))
    text.write_text(text.read_text() + "More.\n")
    with pytest.raises(
        DataChangedError, match=rf"re-pin explicitly: `according evaluate --model {oracle} .*--pin`"
    ):
        check(corpus, oracle, path)
    # and nothing was re-pinned by the failed check
    assert load_gates(path)[oracle].data_sha256 != data_sha256(corpus, "dev")


def test_committed_floors_file_is_well_formed() -> None:
    data = json.loads(FLOORS.read_text())
    assert data["policy"] == POLICY
    for model, gate in load_gates(FLOORS).items():
        assert len(gate.data_sha256) == 64, model
        measured = data["gates"][model]["measured"]
        for name, floor in gate.floors.items():
            assert 0.0 <= floor <= measured[name], (model, name)
            assert measured[name] - floor <= EPSILON + 1e-9, (model, name)
