"""The options every command that reads articles shares, so they read the same everywhere."""

from __future__ import annotations

from typing import Annotated

import typer

from ..ingest import DEFAULT_MAX_BYTES, INPUT_FORMATS, IngestOptions
from ..ingest.filemeta import MetadataOptions, compile_pattern, load_table, parse_date

SourcesArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files (text, HTML, RSS/Atom, WARC, .gz), directories, http(s) URLs, or - for stdin.",
        show_default=False,
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", min=1, help="Refuse inputs (files, downloads, records) larger than this."),
]
InputFormatOption = Annotated[
    str | None, typer.Option("--input-format", help=f"Force the input format: {' | '.join(INPUT_FORMATS)}.")
]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Allow URLs on loopback, private and link-local addresses.")
]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the download cache.")]
OutletOption = Annotated[
    str | None, typer.Option("--outlet", help="Outlet name for articles that carry none.")
]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date (YYYY-MM-DD) for articles that carry none."),
]
NamePatternOption = Annotated[
    str | None,
    typer.Option(
        "--name-pattern",
        help="Regex over file names with groups outlet, published, title, e.g. "
        r"'(?P<outlet>[^_]+)_(?P<published>\d{4}-\d{2}-\d{2})_'.",
    ),
]
MetadataOption = Annotated[
    str | None,
    typer.Option(
        "--metadata", help="CSV/TSV/JSONL table of outlet, published, title per file (column: file)."
    ),
]
SimilarityOption = Annotated[
    str,
    typer.Option(
        "--similarity",
        help="Claim grouping: lexical (default, fast) or embeddings (MiniLM via PyTorch, "
        "needs according[embeddings], several times slower).",
    ),
]


def metadata_options(
    outlet: str | None, published: str | None, name_pattern: str | None, metadata: str | None
) -> MetadataOptions:
    """What the user said about articles' outlet, date and title (sidecars are always read)."""
    return MetadataOptions(
        outlet=outlet,
        published=parse_date(published, "--published") if published else None,
        name_pattern=compile_pattern(name_pattern) if name_pattern else None,
        table=load_table(metadata) if metadata else {},
    )


def ingest_options(
    max_bytes: int = DEFAULT_MAX_BYTES,
    input_format: str | None = None,
    allow_private: bool = False,
    no_cache: bool = False,
    jobs: int = 1,
) -> IngestOptions:
    """IngestOptions from the shared command-line options (a bad --input-format is a usage error)."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise typer.BadParameter(
            f"{input_format!r}; choose one of {', '.join(INPUT_FORMATS)}", param_hint="--input-format"
        )
    return IngestOptions(
        max_bytes=max_bytes,
        input_format=input_format,
        allow_private=allow_private,
        cache=not no_cache,
        jobs=jobs,
    )
