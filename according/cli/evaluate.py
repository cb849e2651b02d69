"""``according evaluate``: score an extractor against PolNeAR and show P/R/F1."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import AccordingError
from ..eval.metrics import ATTRIBUTION, ROLES, Scores
from ..eval.polnear import SPLITS, find_polnear
from ..eval.record import evaluate_record, write_wrong
from ..eval.run import EvalReport, evaluate_polnear, write_errors
from ..eval.speakers import DATA, MIN_KIND_ITEMS, SpeakerReport, evaluate_speakers, write_speaker_errors
from .app import app
from .progress import tracked
from .record_eval import render as render_record

PolnearOption = Annotated[
    Path | None,
    typer.Option(
        "--polnear",
        help="PolNeAR directory (with train/, dev/). Default: $ACCORDING_POLNEAR or ../shared/data/polnear.",
    ),
]
SplitOption = Annotated[str, typer.Option("--split", help="train | dev | test.")]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="'rules', 'default' (the shipped trained model) or a model directory."
    ),
]
SpacyOption = Annotated[
    str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path (default: en_core_web_sm).")
]
LimitOption = Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N articles by name.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the results as JSON.")]


def resolve_polnear(polnear: Path | None, split: str) -> Path:
    """The PolNeAR root to use, or a one-line failure naming what is wrong."""
    if split not in SPLITS:
        raise AccordingError(f"--split {split!r}: choose one of {', '.join(SPLITS)}")
    root = polnear or find_polnear()
    if root is None:
        raise AccordingError("PolNeAR not found: pass --polnear DIR or set ACCORDING_POLNEAR")
    if not (root / split).is_dir():
        raise AccordingError(
            f"{root}: no PolNeAR {split!r} split here (expected {root / split}/text and attributions)"
        )
    return root


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def render(report: EvalReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    scores: Scores = report.scores
    console.print(
        f"PolNeAR {report.split}: {report.articles} articles, {report.gold_attributions} gold and "
        f"{report.predicted_attributions} predicted attributions; model [bold]{report.model}[/]; "
        f"{report.seconds:.1f}s"
    )
    table = Table(
        title="Micro P / R / F1 (%)",
        caption="exact: same span after trimming (counts spans); overlap: shared words (counts tokens)",
    )
    for header in ("role", "match", "P", "R", "F1", "gold", "predicted"):
        table.add_column(header, justify="left" if header in ("role", "match") else "right")
    for role in (*ROLES, ATTRIBUTION):
        for metric in ("exact", "overlap"):
            if role == ATTRIBUTION and metric == "overlap":
                continue
            c = scores.get("all", metric, role)
            table.add_row(
                role if metric == "exact" else "",
                metric,
                _pct(c.precision),
                _pct(c.recall),
                f"[bold]{_pct(c.f1)}[/]",
                str(c.gold),
                str(c.predicted),
                end_section=metric == "overlap" or role == ATTRIBUTION,
            )
    console.print(table)

    split_table = Table(title="F1 (%): direct (quoted) vs indirect attributions")
    for header in ("role", "match", "direct F1", "gold", "indirect F1", "gold"):
        split_table.add_column(header, justify="left" if header in ("role", "match") else "right")
    for role in (*ROLES, ATTRIBUTION):
        for metric in ("exact", "overlap"):
            if role == ATTRIBUTION and metric == "overlap":
                continue
            d, i = scores.get("direct", metric, role), scores.get("indirect", metric, role)
            split_table.add_row(
                role if metric == "exact" else "",
                metric,
                _pct(d.f1),
                str(d.gold),
                _pct(i.f1),
                str(i.gold),
                end_section=metric == "overlap" or role == ATTRIBUTION,
            )
    console.print(split_table)


def render_speakers(report: SpeakerReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    overall = report.overall
    console.print(
        f"Speaker set: {report.documents} articles, {overall.items} gold sources, {overall.matched} matched "
        f"by an extracted source; model [bold]{report.model}[/]; {report.seconds:.1f}s"
    )
    table = Table(
        title="Canonical speaker (%) over matched sources",
        caption=f"right = name and type; kinds under {MIN_KIND_ITEMS} items are too few to weigh",
    )
    for header in ("mention", "items", "coverage", "right", "name", "role", "affiliation"):
        table.add_column(header, justify="left" if header == "mention" else "right")
    rows = [*report.by_kind().items(), ("all", overall)]
    for kind, tally in rows:
        f = tally.figures()
        table.add_row(
            kind,
            str(tally.items),
            _pct(f["coverage"]),
            f"[bold]{_pct(f['accuracy'])}[/]",
            _pct(f["name_accuracy"]),
            _pct(f["role_accuracy"]),
            _pct(f["affiliation_accuracy"]),
            end_section=kind == rows[-2][0],
        )
    console.print(table)


def _report(
    report: Any,
    write: Callable[[Any, Path], Any],
    show: Callable[[Any], None],
    errors: Path | None,
    as_json: bool,
) -> None:
    """Write a report's errors file and print it, the same for both kinds of evaluation."""
    if errors is not None:
        try:
            write(report, errors)
        except OSError as exc:
            raise AccordingError(f"{errors}: cannot write errors file: {exc.strerror}") from exc
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        show(report)
    if errors is not None:
        typer.echo(f"according: errors written to {errors}", err=True)


@app.command()
def evaluate(
    polnear: PolnearOption = None,
    split: SplitOption = "dev",
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors", help="Write misses and false alarms per article here (.md: Markdown, else JSONL)."
        ),
    ] = None,
    speakers: Annotated[
        bool,
        typer.Option(
            "--speakers",
            help="Score speaker resolution on the hand-labelled speaker set instead "
            "(coverage, canonical speaker right, by mention kind).",
        ),
    ] = False,
    speaker_set: Annotated[
        Path,
        typer.Option("--speaker-set", help="The speaker set to score with --speakers (JSON Lines)."),
    ] = DATA,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="Score speaker identity and claim grouping on the hand-labelled record pairs."
        ),
    ] = False,
    similarity: Annotated[
        str | None, typer.Option("--similarity", help="With --record: claim similarity to group with.")
    ] = None,
) -> None:
    """Score an extractor against the PolNeAR gold attributions (exact and token-overlap P/R/F1),
    with --speakers its speaker resolution against the hand-labelled speaker set, or with
    --record the record built from it (same speaker? same claim?) on the hand-labelled pairs."""
    if errors is not None and not errors.resolve().parent.is_dir():  # fail before a long run, not after
        raise AccordingError(f"{errors}: cannot write errors file: no directory {errors.resolve().parent}")
    track = lambda docs: tracked(docs, "articles scored", enabled=sys.stderr.isatty())  # noqa: E731
    if record:
        root = resolve_polnear(polnear, "train")
        built: Any = evaluate_record(
            root, model=model, spacy_model=spacy_model, similarity=similarity, track=track
        )
        return _report(built, write_wrong, render_record, errors, as_json)
    if speakers:
        if polnear is not None and not polnear.is_dir():
            raise AccordingError(f"--polnear {polnear}: no such directory")
        report: Any = evaluate_speakers(
            polnear or find_polnear(), model=model, spacy_model=spacy_model, data=speaker_set, track=track
        )
        return _report(report, write_speaker_errors, render_speakers, errors, as_json)
    root = resolve_polnear(polnear, split)
    report = evaluate_polnear(root, split, model=model, spacy_model=spacy_model, limit=limit, track=track)
    _report(report, write_errors, render, errors, as_json)
