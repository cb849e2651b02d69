"""Query the record from the command line: speakers, a speaker, claims, a claim, an article.

Parsing and rendering only; the queries live in ``according.store.queries``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from ..document import KINDS, STANCES
from ..store import queries
from ..store.corrections import merge_speakers, split_speaker
from ..store.repository import Store
from .app import app
from .render import table, write_item, write_rows
from .store import DbOption

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table | json | csv | jsonl | parquet.")]
ItemFormat = Annotated[str, typer.Option("--format", "-f", help="table | json.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many rows.")]


def _open(database: str | None) -> Store:
    return Store(database, create=False, similarity="lexical")


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-03-01", param_hint=option) from None


def _choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in allowed:
        raise typer.BadParameter(f"{value!r}; choose one of {', '.join(allowed)}", param_hint=option)
    return value


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
    limit: LimitOption = 100,
    output: OutputOption = None,
) -> None:
    """List speakers (most claims first) with aliases, type and claims per outlet."""
    if ctx.invoked_subcommand is not None:
        return
    with _open(database) as store:
        rows = queries.speakers(store, search=search, type_=type_, limit=limit)
        write_rows(
            rows, fmt, ("id", "name", "type", "claims", "aliases", "outlets"), title="speakers", output=output
        )


@speakers_app.command("merge")
def speakers_merge(
    keep: Annotated[str, typer.Argument(help="Speaker to keep (name, alias or id).")],
    other: Annotated[str, typer.Argument(help="Speaker folded into it.")],
    database: DbOption = None,
) -> None:
    """Merge OTHER into KEEP: their claims and aliases become one speaker's."""
    with _open(database) as store:
        result = merge_speakers(store, keep, other)
    typer.echo(
        f"merged {result['merged']!r} into {result['kept']!r} "
        f"({result['attributions_moved']} attributions moved)"
    )


@speakers_app.command("split")
def speakers_split(
    name: Annotated[str, typer.Argument(help="Speaker to split (name, alias or id).")],
    alias: Annotated[str, typer.Option("--alias", "-a", help="The alias that is someone else.")],
    database: DbOption = None,
) -> None:
    """Split an alias (and what was said under it) off a speaker into a new speaker."""
    with _open(database) as store:
        result = split_speaker(store, name, alias)
    typer.echo(
        f"split {', '.join(result['aliases'])!s} off {result['from']!r} as new speaker {result['new']!r} "
        f"(id {result['new_id']}, {result['attributions_moved']} attributions moved)"
    )


def _speaker_table(item: dict[str, Any]) -> None:
    import sys

    typer.echo(
        f"{item['name']} ({item['type']}), {item['claims']} claims; aliases: {', '.join(item['aliases'])}"
    )
    typer.echo("by outlet: " + ", ".join(f"{k} {v}" for k, v in item["outlets"].items()))
    typer.echo("by month: " + ", ".join(f"{k} {v}" for k, v in item["by_month"].items()))
    table(item["attributions"], ("date", "outlet", "claim", "stance", "cue", "content"), None, sys.stdout)


@app.command("speaker")
def speaker_show(
    name: Annotated[str, typer.Argument(help="Canonical name, alias or id.")],
    database: DbOption = None,
    fmt: ItemFormat = "table",
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Latest claims shown.")] = 200,
) -> None:
    """One speaker's claims over time, by outlet."""
    with _open(database) as store:
        write_item(queries.speaker(store, name, limit=limit), fmt, _speaker_table)


def _filter(search, speaker, outlet, since, until, stance, kind, limit) -> queries.ClaimFilter:  # type: ignore[no-untyped-def]
    return queries.ClaimFilter(
        search=search,
        speaker=speaker,
        outlet=outlet,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        stance=_choice(stance, STANCES, "--stance"),
        kind=_choice(kind, KINDS, "--kind"),
        limit=limit,
    )


SearchOption = Annotated[str | None, typer.Option("--search", "-s", help="Full-text search of the content.")]
SpeakerOption = Annotated[str | None, typer.Option("--speaker", help="Speaker name, alias or id.")]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Outlet (site) name.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Published on or after (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Published on or before (YYYY-MM-DD).")]
StanceOption = Annotated[str | None, typer.Option("--stance", help=" | ".join(STANCES))]
KindOption = Annotated[str | None, typer.Option("--kind", help=" | ".join(KINDS))]


@app.command("claims")
def claims_list(
    database: DbOption = None,
    fmt: FormatOption = "table",
    search: SearchOption = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    stance: StanceOption = None,
    kind: KindOption = None,
    limit: LimitOption = 50,
    output: OutputOption = None,
) -> None:
    """Claims (grouped across articles and outlets), most recent first."""
    f = _filter(search, speaker, outlet, since, until, stance, kind, limit)
    with _open(database) as store:
        rows = queries.claims(store, f)
        write_rows(
            rows,
            fmt,
            ("id", "speaker", "text", "appearances", "outlets", "first_seen", "last_seen"),
            title="claims",
            output=output,
        )


@app.command("attributions")
def attributions_list(
    database: DbOption = None,
    fmt: FormatOption = "table",
    search: SearchOption = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    stance: StanceOption = None,
    kind: KindOption = None,
    limit: LimitOption = 1000,
    output: OutputOption = None,
) -> None:
    """Every stored attribution as a flat row (for exports: --format csv|jsonl|parquet)."""
    f = _filter(search, speaker, outlet, since, until, stance, kind, limit)
    with _open(database) as store:
        rows = queries.attribution_rows(store, f)
        write_rows(
            rows,
            fmt,
            ("id", "date", "outlet", "speaker", "stance", "content", "claim"),
            title="attributions",
            output=output,
        )


def _claim_table(item: dict[str, Any]) -> None:
    import sys

    typer.echo(f"claim {item['id']}: {item['text']}")
    typer.echo(f"speaker: {item['speaker'] or '—'}")
    first = item["first_appearance"]
    if first:
        typer.echo(
            f"first appearance: {first['date'] or 'undated'} in {first['outlet']} "
            f"(article {first['article']})"
        )
    typer.echo(f"echoed by: {', '.join(item['echoed_by']) or 'no other outlet'}")
    typer.echo(f"chain: {' -> '.join(item['chain'])}")
    rows = [dict(x, chain=" -> ".join(x["chain"])) for x in item["appearances"]]
    table(rows, ("date", "outlet", "article", "chain", "stance", "content"), "appearances", sys.stdout)


@app.command("claim")
def claim_show(
    claim_id: Annotated[int, typer.Argument(help="Claim id (from `according claims`).")],
    database: DbOption = None,
    fmt: ItemFormat = "table",
) -> None:
    """A claim's first appearance, the outlets that echoed it and its chain of attribution."""
    with _open(database) as store:
        write_item(queries.claim(store, claim_id), fmt, _claim_table)


def _article_table(item: dict[str, Any]) -> None:
    import sys

    doc = item["document"]
    typer.echo(
        f"article {item['id']}: {doc.get('title') or doc.get('source') or ''} — {item['outlet']}"
        f"{', ' + doc['published'] if doc.get('published') else ''}"
    )
    typer.echo(doc["text"])
    rows = [
        {
            "#": i,
            "speaker": a["canonical_speaker"] or (a["speaker"] or {}).get("name"),
            "cue": a["cue"]["text"],
            "content": a["content"]["text"],
            "kind": a["kind"],
            "stance": a["stance"],
            "claim": a["claim_id"],
        }
        for i, a in enumerate(item["attributions"])
    ]
    table(rows, ("#", "speaker", "cue", "content", "kind", "stance", "claim"), "attributions", sys.stdout)


@app.command("article")
def article_show(
    article_id: Annotated[int, typer.Argument(help="Article id (from `according claim` or `attributions`).")],
    database: DbOption = None,
    fmt: ItemFormat = "table",
) -> None:
    """An article's text with its attributions and their speaker and claim ids."""
    with _open(database) as store:
        write_item(queries.article(store, article_id), fmt, _article_table)
