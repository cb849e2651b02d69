"""Where results are written: a file path is checked before anything is written to it, so a
typo in ``--output`` is one line naming the path and the fix, not a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from .errors import AccordingError


def check_output(path: str | Path) -> Path:
    """``path`` as a Path, if a file can be written there; raises AccordingError otherwise."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise AccordingError(f"{path}: is a directory; give a file name to write to")
    if not parent.is_dir():
        raise AccordingError(f"{path}: cannot write: directory {parent} does not exist; create it first")
    return path


def open_output(path: str | Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """Open ``path`` for writing after ``check_output``; an OS refusal becomes AccordingError."""
    path = check_output(path)
    try:
        return path.open(mode, **kwargs)
    except OSError as exc:
        raise AccordingError(f"{path}: cannot write: {exc.strerror or exc}") from None
