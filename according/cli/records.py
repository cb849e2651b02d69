"""Query the record from the command line: claims, a claim, attributions, articles, an article.

Parsing and rendering only; the queries live in ``according.store.queries``. Every command
takes the same ``--format`` (table, json, jsonl, csv, parquet) and ``--output``, and none
truncates silently (see ``listing``). Speakers are in ``cli.speakers``.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Annotated, Any

import typer

from ..document import KINDS, STANCES
from ..store import queries
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
    parse_date,
)
from .render import table, write_item
from .store import DbOption

CLAIM_COLUMNS = ("id", "speaker", "text", "appearances", "outlets", "first_seen", "last_seen", "response")
ATTRIBUTION_COLUMNS = ("id", "date", "outlet", "speaker", "stance", "content", "claim")
APPEARANCE_COLUMNS = ("date", "outlet", "article", "chain", "stance", "content")
ARTICLE_COLUMNS = ("id", "date", "outlet", "title", "attributions", "claims", "speakers")

SearchOption = Annotated[str | None, typer.Option("--search", "-s", help="Full-text search of the content.")]
SpeakerOption = Annotated[str | None, typer.Option("--speaker", help="Speaker name, alias or id.")]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Outlet (site) name.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Published on or after (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Published on or before (YYYY-MM-DD).")]
StanceOption = Annotated[str | None, typer.Option("--stance", help=" | ".join(STANCES))]
KindOption = Annotated[str | None, typer.Option("--kind", help=" | ".join(KINDS))]


def _filter(search, speaker, outlet, since, until, stance, kind) -> queries.ClaimFilter:  # type: ignore[no-untyped-def]
    return queries.ClaimFilter(
        search=search,
        speaker=speaker,
        outlet=outlet,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        stance=choice(stance, STANCES, "--stance"),
        kind=choice(kind, KINDS, "--kind"),
    )


OrderOption = Annotated[
    str,
    typer.Option("--order", help="recent (last seen, latest first) | echoed (most appearances first)"),
]


@app.command("claims")
def claims_list(
    database: DbOption = None,
    fmt: FormatOption = "table",
    order: OrderOption = "recent",
    search: SearchOption = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    stance: StanceOption = None,
    kind: KindOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    everything: AllOption = False,
    output: OutputOption = None,
) -> None:
    """Claims (grouped across articles and outlets), most recent first or (--order echoed) most
    echoed first; a denial or contradiction shows the claim it answers under "responds_to"."""
    choice(order, queries.CLAIM_ORDERS, "--order")
    f = replace(_filter(search, speaker, outlet, since, until, stance, kind), order=order)
    with open_store(database) as store:
        emit(
            lambda n, skip: queries.claims_page(store, _with(f, n, skip)),
            fmt,
            CLAIM_COLUMNS,
            "claims",
            output=output,
            limit=limit,
            offset=offset,
            everything=everything,
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
    article: Annotated[int | None, typer.Option("--article", help="Only this article's.")] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    everything: AllOption = False,
    output: OutputOption = None,
) -> None:
    """Every stored attribution as a flat row with its offsets, source span, article title,
    outlet and date, confidence and claim (for exports: --format csv|jsonl|parquet)."""
    f = _filter(search, speaker, outlet, since, until, stance, kind)
    f = queries.ClaimFilter(**{**f.__dict__, "article": article})
    with open_store(database) as store:
        emit(
            lambda n, skip: queries.attribution_rows_page(store, _with(f, n, skip)),
            fmt,
            ATTRIBUTION_COLUMNS,
            "attributions",
            output=output,
            limit=limit,
            offset=offset,
            everything=everything,
        )


def _with(f: queries.ClaimFilter, limit: int | None, offset: int) -> queries.ClaimFilter:
    return queries.ClaimFilter(**{**f.__dict__, "limit": limit, "offset": offset})


@app.command("articles")
def articles_list(
    database: DbOption = None,
    fmt: FormatOption = "table",
    search: Annotated[str | None, typer.Option("--search", "-s", help="Words in the title.")] = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    everything: AllOption = False,
    output: OutputOption = None,
) -> None:
    """Stored articles, latest first, with their outlet and publication date and how many
    attributions, claims and speakers each holds."""
    base = queries.ArticleFilter(
        search=search, outlet=outlet, since=parse_date(since, "--since"), until=parse_date(until, "--until")
    )
    with open_store(database) as store:
        emit(
            lambda n, skip: queries.articles(
                store, queries.ArticleFilter(**{**base.__dict__, "limit": n, "offset": skip})
            ),
            fmt,
            ARTICLE_COLUMNS,
            "articles",
            output=output,
            limit=limit,
            offset=offset,
            everything=everything,
        )


def _claim_table(item: dict[str, Any]) -> None:
    typer.echo(f"claim {item['id']}: {item['text']}")
    typer.echo(f"speaker: {item['speaker'] or '—'}")
    if item["responds_to"]:
        answered = item["responds_to"]
        typer.echo(f"a {answered['kind']} of claim {answered['id']}: {answered['text']}")
    first = item["first_appearance"]
    if first:
        typer.echo(
            f"first appearance: {first['date'] or 'undated'} in {first['outlet']} "
            f"(article {first['article']})"
        )
    typer.echo(f"echoed by: {', '.join(item['echoed_by']) or 'no other outlet'}")
    typer.echo(f"chain: {' -> '.join(item['chain'])}")
    rows = [dict(x, chain=" -> ".join(x["chain"])) for x in item["appearances"]]
    table(rows, APPEARANCE_COLUMNS, "appearances", sys.stdout)
    if item["responses"]:
        table(item["responses"], ("id", "kind", "speaker", "text"), "answered by", sys.stdout)


@app.command("claim")
def claim_show(
    claim_id: Annotated[int, typer.Argument(help="Claim id (from `according claims`).")],
    database: DbOption = None,
    fmt: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """A claim's first appearance, the outlets that echoed it, its chain of attribution and
    the denials or contradictions that answer it (csv/jsonl/parquet: its appearances)."""
    with open_store(database) as store:
        item = queries.claim(store, claim_id)
    write_item(item, fmt, _claim_table, "appearances", APPEARANCE_COLUMNS, output)


def _article_table(item: dict[str, Any]) -> None:
    doc = item["document"]
    typer.echo(
        f"article {item['id']}: {doc.get('title') or doc.get('source') or ''} — {item['outlet']}"
        f"{', ' + doc['published'] if doc.get('published') else ''}"
    )
    typer.echo(doc["text"])
    columns = ("position", "speaker", "cue", "content", "kind", "stance", "claim")
    table(item["rows"], columns, "attributions", sys.stdout)


@app.command("article")
def article_show(
    article_id: Annotated[int, typer.Argument(help="Article id (from `according articles` or `claim`).")],
    database: DbOption = None,
    fmt: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """An article's text with its attributions and their speaker and claim ids (csv, jsonl,
    parquet: its attributions as `according attributions` writes them)."""
    with open_store(database) as store:
        item = queries.article(store, article_id)
        if fmt != "json":
            rows = queries.attribution_rows_page(store, queries.ClaimFilter(article=article_id, limit=None))
            item["rows"] = rows.items
    write_item(item, fmt, _article_table, "rows", ATTRIBUTION_COLUMNS, output)
