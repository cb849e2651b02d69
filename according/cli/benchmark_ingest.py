"""``according benchmark-ingest``: pages/s and WARC records/s, beside trafilatura alone."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from ..eval.ingest_speed import IngestSpeedReport, run_ingest_benchmark
from .app import app


def render(report: IngestSpeedReport) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"ingest speed: {report.pages} HTML pages ({report.page_bytes:,} bytes) x {report.repeat}"
    )
    for header in ("pass", "items", "seconds", "items/s"):
        table.add_column(header, justify="left" if header == "pass" else "right")
    for p in report.passes:
        table.add_row(p.label, str(p.items), f"{p.seconds:.2f}", f"{p.per_second:.1f}")
    Console().print(table)


@app.command("benchmark-ingest")
def benchmark_ingest(
    paths: Annotated[
        list[str], typer.Argument(help="HTML files or directories of them.", show_default=False)
    ],
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Times each page is processed.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Time HTML -> text and WARC -> articles, beside trafilatura alone on the same pages."""
    report = run_ingest_benchmark(paths, repeat)
    if as_json:
        data = asdict(report)
        for p in data["passes"]:
            p["per_second"] = round(p["items"] / p["seconds"], 2) if p["seconds"] else 0.0
        typer.echo(json.dumps(data, indent=2))
    else:
        render(report)
