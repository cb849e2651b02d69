"""Speakers on the command line: list them, show one, merge two, split one.

Parsing and rendering only; the queries live in ``according.store.queries`` and the
corrections in ``according.store.corrections``.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ..document import SPEAKER_TYPES
from ..store import queries
from ..store.corrections import merge_speakers, split_speaker
from .app import app
from .listing import (
    AllOption,
    FormatOption,
    LimitOption,
    OffsetOption,
    OutputOption,
    choice,
    emit,
    open_store,
)
from .render import table, write_item
from .store import DbOption

SPEAKER_COLUMNS = ("id", "name", "type", "claims", "aliases", "outlets")
SPEAKER_ROWS = ("date", "outlet", "claim", "stance", "cue", "content")

speakers_app = typer.Typer(
    help="Canonical speakers across articles; merge or split them.", invoke_without_command=True
)
app.add_typer(speakers_app, name="speakers")


@speakers_app.callback()
def speakers_list(
    ctx: typer.Context,
    database: DbOption = None,
    fmt: FormatOption = "table",
    search: Annotated[str | None, typer.Option("--search", "-s", help="Name or alias contains this.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="person | organization | group.")] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    everything: AllOption = False,
    output: OutputOption = None,
) -> None:
    """List speakers (most claims first) with aliases, type and claims per outlet; a speaker
    marked ambiguous is a bare surname nothing tied to one person (merge it when you know)."""
    if ctx.invoked_subcommand is not None:
        return
    kind = choice(type_, tuple(t for t in SPEAKER_TYPES if t != "none"), "--type")
    with open_store(database) as store:
        emit(
            lambda n, skip: queries.speakers_page(store, search=search, type_=kind, limit=n, offset=skip),
            fmt,
            (*SPEAKER_COLUMNS[:3], "ambiguous", *SPEAKER_COLUMNS[3:]),
            "speakers",
            output=output,
            limit=limit,
            offset=offset,
            everything=everything,
        )


@speakers_app.command("merge")
def speakers_merge(
    keep: Annotated[str, typer.Argument(help="Speaker to keep (name, alias or id).")],
    other: Annotated[str, typer.Argument(help="Speaker folded into it (name, alias or id).")],
    database: DbOption = None,
) -> None:
    """Merge OTHER into KEEP: their claims and names become one speaker's. Undo it with
    `according speakers split KEEP OTHER`."""
    with open_store(database) as store:
        result = merge_speakers(store, keep, other)
    typer.echo(
        f"merged {result['merged']!r} into {result['kept']!r} "
        f"({result['attributions_moved']} attributions moved); "
        f"undo: according speakers split {result['kept_id']} {result['merged']!r}"
    )


@speakers_app.command("split")
def speakers_split(
    name: Annotated[str, typer.Argument(help="Speaker to split (name, alias or id).")],
    other: Annotated[
        str | None,
        typer.Argument(
            help="The name that is someone else (an alias, or a speaker merged in).", show_default=False
        ),
    ] = None,
    alias: Annotated[str | None, typer.Option("--alias", "-a", hidden=True)] = None,
    database: DbOption = None,
) -> None:
    """Split OTHER (a name of the speaker, and what was said under it) off NAME into a speaker
    of its own; after `speakers merge KEEP OTHER`, `speakers split KEEP OTHER` gives OTHER back
    as it was, type included."""
    wanted = other or alias
    if not wanted:
        raise typer.BadParameter("give the name to split off: according speakers split NAME OTHER")
    with open_store(database) as store:
        result = split_speaker(store, name, wanted)
    typer.echo(
        f"split {', '.join(result['aliases'])!s} off {result['from']!r} as new speaker {result['new']!r} "
        f"({result['type']}, id {result['new_id']}, {result['attributions_moved']} attributions moved)"
    )


def _speaker_table(item: dict[str, Any]) -> None:
    flag = ", ambiguous: a bare surname not tied to one person" if item.get("ambiguous") else ""
    typer.echo(f"{item['name']} ({item['type']}{flag}), {item['claims']} claims")
    typer.echo("by outlet: " + ", ".join(f"{k} {v}" for k, v in item["outlets"].items()))
    typer.echo("by month: " + ", ".join(f"{k} {v}" for k, v in item["by_month"].items()))
    table(item["names"], ("name", "reason"), "names seen, and why they are this speaker", sys.stdout)
    shown, total = len(item["attributions"]), item["claims"]
    title = f"latest {shown} of {total} attributions" if shown < total else "attributions"
    table(item["attributions"], SPEAKER_ROWS, title, sys.stdout)
    if shown < total:
        typer.echo(
            f"according: {total - shown:,} earlier attributions not shown; --limit N for more, "
            "or --format csv|jsonl|parquet for all of them",
            err=True,
        )


@app.command("speaker")
def speaker_show(
    name: Annotated[str, typer.Argument(help="Canonical name, alias or id.")],
    database: DbOption = None,
    fmt: FormatOption = "table",
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, help="Latest attributions (default: 200 in a table, all else)."),
    ] = None,
    output: OutputOption = None,
) -> None:
    """One speaker's claims over time, by outlet, with the names it was seen under and why
    (csv/jsonl/parquet: its attributions, one per row)."""
    if limit is None and fmt == "table" and output is None:
        limit = 200
    with open_store(database) as store:
        item = queries.speaker(store, name, limit=limit)
    write_item(item, fmt, _speaker_table, "attributions", SPEAKER_ROWS, output)
