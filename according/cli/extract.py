"""``according extract``: print the attributions of articles."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Annotated

import typer

from ..batch import ExtractOptions, run
from ..document import Document
from ..errors import AccordingError, InputError
from ..ingest import IngestOptions
from ..ingest.sources import DEFAULT_MAX_BYTES
from .app import app, fail
from .output import FORMATS, default_format, write_documents


@app.command()
def extract(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.", show_default=False)],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="table | json | jsonl (default: table on a terminal, else json)."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="'rules', 'default' (the shipped trained model) or a model directory."),
    ] = None,
    spacy_model: Annotated[
        str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path (default: en_core_web_sm).")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this many bytes.")
    ] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Extract who claims what from news articles."""
    fmt = fmt or default_format()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}; choose one of {', '.join(FORMATS)}", param_hint="--format")
    errors: list[InputError] = []
    started = time.perf_counter()
    found = 0

    def documents() -> Iterator[Document]:
        nonlocal found
        for item in run(sources, IngestOptions(max_bytes=max_bytes), ExtractOptions(model, spacy_model, jobs)):
            if isinstance(item, InputError):
                errors.append(item)
                typer.echo(f"according: error: {item}", err=True)
                continue
            found += len(item.attributions)
            yield item

    try:
        count = write_documents(documents(), fmt, sys.stdout)
    except AccordingError as exc:  # a model that cannot load fails the whole run, not one input
        raise fail(str(exc)) from None
    if not quiet and (count + len(errors)) > 1:
        typer.echo(
            f"according: {count} articles read, {len(errors)} skipped, {found} attributions, "
            f"{time.perf_counter() - started:.1f}s",
            err=True,
        )
    if errors:
        raise typer.Exit(1)
