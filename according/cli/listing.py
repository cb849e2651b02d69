"""The options and the output rule every query command shares, so none truncates silently.

Exports (``--format json|jsonl|csv|parquet``) write every matching row unless ``--limit``
says otherwise, page by page so a large store is never held in memory at once. A table on the
terminal shows one page and says how many rows there are and how to get the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated

import typer

from ..store.queries import Page
from ..store.repository import Store
from .render import LIST_FORMATS, write_rows

#: Rows a terminal table shows unless --limit or --all says otherwise.
TABLE_PAGE = 50
#: Rows fetched per query while exporting everything.
EXPORT_CHUNK = 2000

FormatOption = Annotated[str, typer.Option("--format", "-f", help=" | ".join(LIST_FORMATS) + ".")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=1,
        help=f"At most this many rows (default: every row; a table shows {TABLE_PAGE}).",
    ),
]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Skip this many rows first.")]
AllOption = Annotated[bool, typer.Option("--all", help="A table shows every row, not one page.")]

Fetch = Callable[[int | None, int], Page]


def open_store(database: str | None) -> Store:
    """A store for reading: never created, never grouping anything."""
    return Store(database, create=False, similarity="lexical")


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-03-01", param_hint=option) from None


def choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in allowed:
        raise typer.BadParameter(f"{value!r}; choose one of {', '.join(allowed)}", param_hint=option)
    return value


def _every(fetch: Fetch, offset: int, first: Page) -> Iterator[dict]:  # type: ignore[type-arg]
    page = first
    while True:
        yield from page.items
        if not page.items or page.next_offset is None:
            return
        offset = page.next_offset
        page = fetch(EXPORT_CHUNK, offset)


def emit(
    fetch: Fetch,
    fmt: str,
    columns: Sequence[str],
    title: str,
    *,
    output: Path | None,
    limit: int | None,
    offset: int,
    everything: bool = False,
) -> None:
    """Run a paged query and write it by the shared rule (see the module docstring)."""
    terminal_table = fmt == "table" and output is None
    if terminal_table and limit is None and not everything:
        limit = TABLE_PAGE
    if limit is not None:
        page = fetch(limit, offset)
        write_rows(page.items, fmt, columns, title=title, output=output)
        shown = len(page.items)
        if page.total > offset + shown:
            more = (
                f"--offset {offset + shown} for the next page, --all for every row, "
                "or --format csv|jsonl|parquet -o FILE to export them all"
                if terminal_table
                else "drop --limit to export them all"
            )
            typer.echo(
                f"according: {title}: rows {offset + 1 if shown else 0}-{offset + shown} "
                f"of {page.total:,}; {more}",
                err=True,
            )
        return
    first = fetch(EXPORT_CHUNK, offset)
    written = write_rows(_every(fetch, offset, first), fmt, columns, title=title, output=output)
    if output is not None:
        typer.echo(f"according: {title}: {written:,} rows written to {output}", err=True)
