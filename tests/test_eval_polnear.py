"""The PolNeAR reader: brat lines, discontinuous spans, annotator choice, bad directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from according.errors import InputError
from according.eval.polnear import load_split, parse_ann
from tests.eval_fakes import write_corpus

ANN = """T1\tSource 0 9\tThe mayor
T2\tCue 10 14\tsaid
T3\tContent 15 20;30 40\tfirst second
T4\tAttribution 10 14\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
#1\tAnnotatorNotes T3\tpasted note
some stray pasted text
T5\tCue 50 53\tsay
T6\tContent 54 60\tthings
E2\tAttribution:T5 Cue:T5 Content:T6
E3\tAttribution:T4 Cue:T2
"""


def test_parse_ann_reads_events_with_discontinuous_content_and_skips_strays() -> None:
    first, second = parse_ann(ANN)
    assert first.source == ((0, 9),) and first.cue == ((10, 14),)
    assert first.content == ((15, 20), (30, 40))
    assert second.source == () and second.content == ((54, 60),)  # no source: unattributed


def test_first_annotator_wins(tmp_path: Path) -> None:
    root = write_corpus(tmp_path, annotators=("zed", "amy"))
    articles = load_split(root, "dev")
    assert [a.annotator for a in articles] == ["amy", "amy"]
    assert [a.name for a in articles] == sorted(a.name for a in articles)
    assert len(load_split(root, "dev", limit=1)) == 1


def test_missing_split_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="dev"):
        load_split(tmp_path, "dev")


def test_real_dev_split(polnear_dir: Path) -> None:
    articles = load_split(polnear_dir, "dev")
    assert len(articles) == 84
    assert sum(len(a.attributions) for a in articles) == 2192
    a = articles[0]
    for att in a.attributions:
        for s, e in att.cue + att.content + att.source:
            assert 0 <= s < e <= len(a.text)


def test_an_explicit_wrong_directory_never_falls_back(tmp_path, monkeypatch, polnear_dir):
    from according.eval.polnear import find_polnear

    monkeypatch.setenv("ACCORDING_POLNEAR", str(polnear_dir))
    assert find_polnear(tmp_path / "nowhere") is None
    assert find_polnear() == polnear_dir


def test_found_only_where_named_never_beside_the_installed_package(tmp_path, monkeypatch):
    from according.eval.polnear import ENV_VAR, find_polnear

    work = tmp_path / "work" / "checkout"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert find_polnear() is None  # wherever the package is installed
    beside = tmp_path / "work" / "shared" / "data" / "polnear" / "dev"
    beside.mkdir(parents=True)
    assert find_polnear() == beside.parent.resolve()  # ../shared/data/polnear from the working directory
    elsewhere = tmp_path / "corpus"
    (elsewhere / "train").mkdir(parents=True)
    monkeypatch.setenv(ENV_VAR, str(elsewhere))
    assert find_polnear() == elsewhere.resolve()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing"))
    assert find_polnear() is None  # the variable is final, as an explicit path is
