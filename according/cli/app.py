"""The Typer application and the error boundary every command goes through."""

from __future__ import annotations

import logging
import sys

import typer

from ..errors import AccordingError

app = typer.Typer(
    name="according",
    help="Who claims what, how firmly, through whom: attribution extraction for news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    typer.echo(f"according: error: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="according: %(levelname)s: %(message)s")
    try:
        app()
    except AccordingError as exc:
        typer.echo(f"according: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("according: interrupted", err=True)
        sys.exit(130)
