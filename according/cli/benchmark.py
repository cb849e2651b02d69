"""``according benchmark``: speed of bare spaCy parsing vs full extraction, and memory."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..eval.benchmark import BenchmarkReport, run_benchmark
from .app import app
from .evaluate import (
    JsonOption,
    LimitOption,
    ModelOption,
    PolnearOption,
    SpacyOption,
    SplitOption,
    resolve_polnear,
)


def render(report: BenchmarkReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"PolNeAR {report.split}: model {report.model}, spaCy {report.spacy_model}")
    for header in ("pass", "articles", "words", "seconds", "CPU s", "articles/s", "words/s"):
        table.add_column(header, justify="left" if header == "pass" else "right")
    for label, p in (("spaCy parse", report.spacy), ("extraction", report.extract)):
        table.add_row(
            label,
            str(p.articles),
            str(p.words),
            f"{p.seconds:.2f}",
            f"{p.cpu_seconds:.2f}",
            f"{p.articles_per_second:.2f}",
            f"{p.words_per_second:,.0f}",
        )
    console.print(table)
    console.print(
        f"speed ratio (extraction articles/s / bare spaCy articles/s): [bold]{report.speed_ratio:.2f}x[/]; "
        f"{report.attributions} attributions; models loaded in {report.load_seconds:.1f}s"
    )
    console.print(f"peak RSS of this run: {report.peak_rss_mb:.0f} MiB")
    if report.memory:
        m = report.memory
        console.print(
            f"memory probe (fresh process): {m.loaded_mb:.0f} MiB after loading, "
            f"{m.peak_mb:.0f} MiB peak after extracting {m.articles} articles"
        )


@app.command()
def benchmark(
    polnear: PolnearOption = None,
    split: SplitOption = "dev",
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    limit: LimitOption = None,
    memory_articles: Annotated[
        int, typer.Option("--memory-articles", min=0, help="Articles for the memory probe (0: skip it).")
    ] = 100,
    as_json: JsonOption = False,
) -> None:
    """Time bare spaCy parsing and full extraction on the same PolNeAR texts; report peak memory."""
    root = resolve_polnear(polnear, split)
    report = run_benchmark(root, split, model, spacy_model, limit, memory_articles)
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        render(report)
