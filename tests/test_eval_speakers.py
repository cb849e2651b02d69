"""The speaker evaluation: name comparison, matching gold sources to extracted ones, the report
and the `according evaluate --speakers` command, on a small set written here over a sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from according.cli import app
from according.document import Attribution, Content, Span, Speaker
from according.errors import InputError
from according.eval.speakers import (
    SAMPLES,
    GoldSpeaker,
    affiliation_right,
    load_speaker_set,
    match,
    normalise,
    role_right,
)

SAMPLE = "harbour-bridge-closure"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Washington Post", "Washington Post"),
        ("Mr. Obama", "Obama"),
        ("Hillary Clinton’s campaign", "hillary clinton's campaign"),
        ("José Álvarez", "Jose Alvarez"),
        ("a spokesperson for the council", "A spokesperson for the council"),
    ],
)
def test_names_compare_without_case_accents_determiners_titles(a, b):
    assert normalise(a) == normalise(b)


def test_role_and_affiliation_leniency():
    assert role_right("former Democratic tax aide", "tax aide")
    assert role_right(None, None)
    assert not role_right("governor", None)
    assert affiliation_right("Justice Department", "the U.S. Justice Department")
    assert not affiliation_right("Republican", "Democratic")


def _gold(source, cue, name="Jo Bell", type_="person") -> GoldSpeaker:
    return GoldSpeaker("sample:x", source, "", cue, name, (), type_, None, None, "full_name")


def _attribution(source, cue, speaker) -> Attribution:
    text = "x" * 100
    return Attribution(
        kind="indirect",
        cue=Span.of(text, *cue),
        content=Content.of(text, [(60, 80)]),
        source=Span.of(text, *source),
        speaker=speaker,
    )


def test_match_prefers_the_same_cue():
    gold = _gold((0, 10), (11, 15))
    other = _attribution((0, 10), (40, 45), Speaker("Someone Else", "person"))
    same = _attribution((5, 10), (11, 15), Speaker("Jo Bell", "person"))
    item = match(gold, (other, same))
    assert item.matched and item.right
    assert not match(_gold((90, 95), None), (same,)).matched


def test_a_broken_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "set.jsonl"
    bad.write_text('{"doc": "sample:x", "name": "A"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="set.jsonl:1"):
        load_speaker_set(bad)


@pytest.fixture()
def small_set(tmp_path) -> Path:
    """Two gold sources of a shipped sample, labelled for this test."""
    text = (SAMPLES / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    lines = []
    for source, cue, name in (("Ms Okafor", "told", "Margaret Okafor"), ("he", "said", "Tom Reilly")):
        start = text.index(
            source, text.index("We have known") if source == "Ms Okafor" else text.index("kept one")
        )
        cue_start = text.index(cue, start)
        lines.append(
            {
                "doc": f"sample:{SAMPLE}",
                "source": [start, start + len(source)],
                "source_text": source,
                "cue": [cue_start, cue_start + len(cue)],
                "name": name,
                "also": [],
                "type": "person",
                "role": None,
                "affiliation": None,
                "mention": "surname_title" if source != "he" else "pronoun",
            }
        )
    lines.append({"doc": f"sample:{SAMPLE}", "source": [0, 1], "source_text": "H", "name": None})
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_evaluate_speakers_command(small_set, tmp_path):
    errors = tmp_path / "errors.md"
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "--speakers",
            "--speaker-set",
            str(small_set),
            "--model",
            "rules",
            "--json",
            "--errors",
            str(errors),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["items"] == 2 and report["matched"] == 2
    assert report["overall"]["accuracy"] == 1.0
    assert set(report["by_mention"]) == {"surname_title", "pronoun"}
    assert errors.read_text(encoding="utf-8").startswith("# Speaker errors")


def test_evaluate_speakers_refuses_a_missing_polnear(small_set, tmp_path):
    result = CliRunner().invoke(
        app, ["evaluate", "--speakers", "--speaker-set", str(small_set), "--polnear", str(tmp_path / "nope")]
    )
    assert result.exit_code != 0
    assert "no such directory" in result.output and "Traceback" not in result.output
