"""``according benchmark-serve``: the server under load, p50/p95/p99 and errors per page."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..eval.serve_bench import SAMPLES, SCENARIOS, ServeBenchReport, run_serve_benchmark
from .app import app
from .store import DbOption


def render(report: ServeBenchReport) -> None:
    from rich.console import Console
    from rich.table import Table

    cache = "" if report.page_cache_mb is None else f" --page-cache {report.page_cache_mb}"
    title = f"according serve --workers {report.workers}{cache} on {report.attributions:,} attributions"
    table = Table(title=f"{title} ({report.store})")
    for header in ("scenario", "clients", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s"):
        table.add_column(header, justify="left" if header == "scenario" else "right")
    for r in report.results:
        table.add_row(
            r.scenario,
            str(r.clients),
            str(r.requests),
            str(r.errors),
            f"{r.p50_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.p99_ms:.1f}",
            f"{r.per_second:.1f}",
        )
    console = Console()
    console.print(table)
    if report.extract_cli_articles_per_s is not None:
        console.print(
            f"`according extract` on the same texts, in process: "
            f"{report.extract_cli_articles_per_s} articles/s"
        )


@app.command("benchmark-serve")
def benchmark_serve(
    database: DbOption = None,
    attributions: Annotated[
        int, typer.Option("--attributions", min=10, help="Synthetic attributions when the store is empty.")
    ] = 100_000,
    clients: Annotated[
        list[int] | None, typer.Option("--clients", "-c", min=1, help="Concurrent clients (repeatable).")
    ] = None,
    requests: Annotated[
        int, typer.Option("--requests", min=1, help="Requests per page scenario and level.")
    ] = 400,
    extract_requests: Annotated[
        int, typer.Option("--extract-requests", min=1, help="Requests to the extract API per level.")
    ] = 40,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", "-s", help=f"Run only these: {', '.join(SCENARIOS)}.")
    ] = None,
    texts: Annotated[
        list[str] | None,
        typer.Option("--texts", help="Articles (.txt files or directories) for the extract API."),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Extractor the server loads.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Server processes (default: one per core, as in production)."
        ),
    ] = None,
    page_cache: Annotated[
        int | None,
        typer.Option(
            "--page-cache", min=0, help="The server's page cache in MB (0: off; default: the server's)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Load-test `according serve` on loopback: article page, search, speaker page, extract API.

    With no --db, a store of --attributions synthetic rows is generated in a temporary directory;
    an empty --db is filled the same way. The server and the clients use 127.0.0.1 only.
    """
    report = run_serve_benchmark(
        database,
        attributions=attributions,
        clients=clients or [20, 200],
        requests=requests,
        extract_requests=extract_requests,
        scenarios=scenario or SCENARIOS,
        texts=texts or [str(SAMPLES)],
        model=model,
        workers=workers,
        page_cache_mb=page_cache,
    )
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        render(report)
