"""The CLI's one error boundary: every command's failures become one line, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from according.cli import app
from according.errors import StoreError

CLI = Path(__file__).resolve().parent.parent / "according" / "cli"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_library_errors_in_nested_commands_are_one_line_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.db")
    for args in (
        ["db", "info", "--db", missing],
        ["speakers", "--db", missing],
        ["claim", "1", "--db", missing],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.strip().splitlines() == [
            f"according: error: {missing}: no database here; "
            "run `according ingest` first, or give --db / $ACCORDING_DB"
        ]


def test_an_unexpected_exception_is_one_line_naming_it_exit_1(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("surprise\nsecond line")

    monkeypatch.setattr("according.cli.records.open_store", broken)
    result = runner.invoke(app, ["claims", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("according: error: unexpected KeyError: 'surprise") and "ACCORDING_DEBUG=1" in line
    assert "Traceback" not in result.output

    monkeypatch.setenv("ACCORDING_DEBUG", "1")
    debug = runner.invoke(app, ["claims", "--db", str(tmp_path / "x.db")])
    assert isinstance(debug.exception, KeyError)  # the developer gets the real exception


def test_usage_errors_stay_clicks_own(runner: CliRunner) -> None:
    result = runner.invoke(app, ["claims", "--limit", "0"])
    assert result.exit_code == 2 and "--limit" in result.output and "according: error" not in result.output


def test_commands_do_not_translate_errors_themselves() -> None:
    """One boundary: no command module catches AccordingError to print it."""
    offenders = [
        path.name
        for path in CLI.glob("*.py")
        if path.name != "app.py"
        and re.search(r"except\s+\(?[^)\n]*(AccordingError|StoreError)", path.read_text())
    ]
    assert offenders == []


def test_store_error_message_is_the_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise StoreError("db.sqlite: locked by another writer; try again")

    monkeypatch.setattr("according.cli.speakers.open_store", refuse)
    result = runner.invoke(app, ["speaker", "Anyone"])
    assert result.exit_code == 2
    assert result.stderr == "according: error: db.sqlite: locked by another writer; try again\n"
