"""The Typer application and the one error boundary every command goes through.

Commands raise ``according`` errors and never translate them; ``_Boundary.invoke`` wraps the
whole command tree (sub-apps such as ``db`` and ``speakers`` included), so a library error
reaches the user as one line ``according: error: …`` with exit status 2, and an unexpected
exception as one line naming it with exit status 1 — never a traceback, unless
``ACCORDING_DEBUG=1`` asks for one.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from ..errors import AccordingError

log = logging.getLogger(__name__)

DEBUG_VAR = "ACCORDING_DEBUG"
USER_ERROR = 2  # bad input, bad option, missing database: the user can fix it
INTERNAL_ERROR = 1  # a bug: the message says so


def _error(message: str) -> None:
    typer.echo(f"according: error: {message}", err=True)


class _Boundary(TyperGroup):
    """The root command group; its ``invoke`` runs every subcommand, so it is the one place
    where exceptions become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (vendored inside typer, no public name)
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # click renders usage errors and exits itself
        except AccordingError as exc:
            _error(str(exc))
            raise typer.Exit(USER_ERROR) from None
        except KeyboardInterrupt:
            typer.echo("according: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `according claims | head`: the reader left, nothing to say
            _silence_stdout()
            raise typer.Exit(INTERNAL_ERROR) from None
        except Exception as exc:
            if os.environ.get(DEBUG_VAR):
                raise
            log.debug("unexpected error", exc_info=True)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            _error(
                f"unexpected {type(exc).__name__}{': ' + first if first else ''} "
                f"(a bug in according; rerun with {DEBUG_VAR}=1 for the traceback and report it)"
            )
            raise typer.Exit(INTERNAL_ERROR) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (an in-process test runner)
        pass


app = typer.Typer(
    name="according",
    cls=_Boundary,
    help="Who claims what, how firmly, through whom: attribution extraction for news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="according: %(levelname)s: %(message)s")
    app()
