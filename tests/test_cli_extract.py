"""`according extract` end to end, in process: formats, many files, bad inputs, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from according.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "according" / "samples"
GOOD = '"We will rebuild the pier," the mayor said on Tuesday.\n'


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_help(runner: CliRunner) -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name!r} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_json_output_follows_the_contract(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(f), "--format", "json", "--model", "rules"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "according/1"
    assert data["document"]["text"] == GOOD
    assert data["document"]["path"] == str(f)
    (attribution,) = data["attributions"]
    assert attribution["cue"]["text"] == "said"
    assert attribution["kind"] == "direct"
    for key in ("kind", "source", "speaker", "cue", "content", "channel", "stance", "parent"):
        assert key in attribution
    s, e = attribution["content"]["spans"][0]
    assert "We will rebuild the pier" in GOOD[s:e]


def test_jsonl_keeps_input_order_and_table_is_readable(runner: CliRunner) -> None:
    files = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    result = runner.invoke(app, ["extract", *files, "--format", "jsonl", "--model", "rules"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["document"]["path"] for d in lines] == files
    assert all(d["attributions"] for d in lines)
    table = runner.invoke(app, ["extract", files[0], "--format", "table", "--model", "rules"])
    assert table.exit_code == 0
    for header in ("speaker", "cue", "content", "kind", "stance"):
        assert header in table.stdout


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--format", "json", "--model", "rules"], input=GOOD)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["attributions"]


def test_bad_inputs_are_reported_and_good_ones_still_processed(runner: CliRunner, tmp_path: Path) -> None:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_binary.bin").write_bytes(bytes(range(256)) * 8)
    (d / "d_latin1.txt").write_bytes(
        '"Le port rouvrira," a déclaré le maire, the mayor said.'.encode("latin-1")
    )
    (d / "e_utf16.txt").write_bytes('"The ferry is late," a passenger said.\n'.encode("utf-16"))
    (d / "f_huge.txt").write_text(GOOD * 2000, encoding="utf-8")
    result = runner.invoke(
        app, ["extract", str(d), "--format", "jsonl", "--model", "rules", "--max-bytes", "50000"]
    )
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(x["document"]["path"]).name for x in docs] == ["a_good.txt", "d_latin1.txt", "e_utf16.txt"]
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 3
    assert any("b_empty.txt" in e and "empty" in e for e in errors)
    assert any("c_binary.bin" in e and "binary" in e for e in errors)
    assert any("f_huge.txt" in e and "--max-bytes" in e for e in errors)
    assert "Traceback" not in result.output


def test_missing_file_and_unknown_model(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), "--model", "rules", "-f", "json"])
    assert result.exit_code == 1
    assert "nope.txt: no such file or directory" in result.stderr
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(f), "--model", str(tmp_path / "no-model")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_jobs_gives_the_same_output(runner: CliRunner) -> None:
    files = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    one = runner.invoke(app, ["extract", *files, "-f", "jsonl", "--model", "rules"])
    two = runner.invoke(app, ["extract", *files, "-f", "jsonl", "--model", "rules", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
