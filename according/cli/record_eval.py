"""How ``according evaluate --record`` shows its pairwise scores of speaker identity and claim
grouping (the evaluation is ``according.eval.record``)."""

from __future__ import annotations

from ..eval.record import RecordReport, TaskReport


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def render(report: RecordReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"Record pairs over {report.articles} PolNeAR articles ingested in publication order; "
        f"model [bold]{report.model}[/], similarity [bold]{report.similarity}[/]; {report.seconds:.1f}s"
    )
    table = Table(
        title="Pairwise precision / recall / F1 (%) of \"same\"",
        caption="record: pairs whose both spans map to an extracted attribution; "
        "end to end: every pair, an unmapped span counting as 'not the same'",
    )
    for header in ("task", "scope", "pairs", "P", "R", "F1", "coverage"):
        table.add_column(header, justify="left" if header in ("task", "scope") else "right")
    for task, part in (("speakers", report.speakers), ("claims", report.claims)):
        for scope, scores in (("record", part.record), ("end to end", part.end_to_end)):
            table.add_row(
                task if scope == "record" else "",
                scope,
                str(scores.pairs),
                _pct(scores.precision),
                _pct(scores.recall),
                f"[bold]{_pct(scores.f1)}[/]",
                _pct(part.coverage) if scope == "record" else "",
                end_section=scope != "record",
            )
    console.print(table)
    for task, part in (("speakers", report.speakers), ("claims", report.claims)):
        console.print(_by_label(task, part))
        if part.misses:
            why = ", ".join(f"{n} {category}" for category, n in part.misses.most_common())
            console.print(f"{task} misjudged (record scope), by why: {why} (each pair: --errors FILE)")
    for failure in report.failed:
        console.print(f"[bold]the extractor failed[/] (stored without attributions): {failure}")


def _by_label(task: str, part: TaskReport):  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(title=f"{task} by {'category' if task == 'speakers' else 'relation'} (record scope)")
    for header in ("label", "same pairs", "found", "different pairs", "joined"):
        table.add_column(header, justify="left" if header == "label" else "right")
    for label, s in sorted(part.by_label.items()):
        table.add_row(label, str(s.tp + s.fn), str(s.tp), str(s.fp + s.tn), str(s.fp))
    return table
