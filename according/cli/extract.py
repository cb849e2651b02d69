"""``according extract``: print the attributions of articles."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Annotated

import typer

from ..batch import ExtractOptions, run
from ..document import Document
from ..errors import InputError
from ..ingest import DEFAULT_MAX_BYTES, IngestStats
from .app import app
from .ingest_options import (
    AllowPrivateOption,
    InputFormatOption,
    MaxBytesOption,
    NoCacheOption,
    SourcesArgument,
    ingest_options,
)
from .output import FORMATS, default_format, write_documents
from .progress import summary_line, tracked


@app.command()
def extract(
    sources: SourcesArgument,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="table | json | jsonl (default: table on a terminal, else json)."
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", "-m", help="'rules', 'default' (the shipped trained model) or a model directory."
        ),
    ] = None,
    spacy_model: Annotated[
        str | None,
        typer.Option("--spacy-model", help="spaCy pipeline name or path (default: en_core_web_sm)."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (and parallel downloads).")
    ] = 1,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    input_format: InputFormatOption = None,
    allow_private: AllowPrivateOption = False,
    no_cache: NoCacheOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Extract who claims what from news articles."""
    fmt = fmt or default_format()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}; choose one of {', '.join(FORMATS)}", param_hint="--format")
    ingest = ingest_options(max_bytes, input_format, allow_private, no_cache, jobs)
    stats = IngestStats()
    errors: list[InputError] = []
    started = time.perf_counter()
    found = 0

    def documents() -> Iterator[Document]:
        nonlocal found
        for item in tracked(run(sources, ingest, ExtractOptions(model, spacy_model, jobs), stats)):
            if isinstance(item, InputError):
                errors.append(item)
                typer.echo(f"according: error: {item}", file=sys.stderr)  # above a progress line
                continue
            found += len(item.attributions)
            yield item

    count = write_documents(documents(), fmt, sys.stdout)  # a model that cannot load ends the run
    if not quiet and (count + len(errors) + sum(stats.skipped.values())) > 1:
        line = summary_line(count, len(errors), stats.skipped, found, time.perf_counter() - started)
        typer.echo(f"according: {line}", err=True)
    if errors:
        raise typer.Exit(1)
