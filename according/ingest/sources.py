"""Dispatch inputs to readers: plain text files, directories (recursively) and stdin."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..document import Article
from ..errors import InputError
from .text import decode_text

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs; one object so new options do not ripple through signatures."""

    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: str | None = None


def _read_file(path: Path, options: IngestOptions) -> Article:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    if size > options.max_bytes:
        raise InputError(
            name,
            f"file is {size:,} bytes, over the {options.max_bytes:,}-byte limit "
            "(raise it with --max-bytes)",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    text = decode_text(data, name)
    return Article(text=text, path=name, source=name)


def _walk(path: Path) -> Iterator[Path]:
    for child in sorted(path.rglob("*")):
        if child.is_file() and not child.name.startswith("."):
            yield child


def read_sources(sources: Sequence[str], options: IngestOptions | None = None) -> Iterator[Article | InputError]:
    """Yield one Article (or the InputError explaining why not) per input, in input order."""
    options = options or IngestOptions()
    for source in sources:
        if source == "-":
            data = sys.stdin.buffer.read()
            try:
                if len(data) > options.max_bytes:
                    raise InputError("<stdin>", f"input is over the {options.max_bytes:,}-byte limit (raise it with --max-bytes)")
                yield Article(text=decode_text(data, "<stdin>"), source="<stdin>")
            except InputError as exc:
                yield exc
            continue
        path = Path(source)
        if path.is_dir():
            for child in _walk(path):
                try:
                    yield _read_file(child, options)
                except InputError as exc:
                    yield exc
            continue
        if not path.exists():
            yield InputError(source, "no such file or directory")
            continue
        try:
            yield _read_file(path, options)
        except InputError as exc:
            yield exc
