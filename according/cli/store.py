"""``according ingest`` (extract and store articles) and ``according db`` (schema upgrades).

Option parsing and the summary line only: the pipeline is ``according.store.ingest``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..analysis.similarity import DEFAULT_METHOD
from ..batch import ExtractOptions
from ..errors import AccordingError, InputError
from ..ingest import DEFAULT_MAX_BYTES
from ..store import db
from ..store.ingest import Ingest, IngestConfig, IngestReport
from ..store.repository import Store
from .app import app
from .ingest_options import (
    AllowPrivateOption,
    InputFormatOption,
    MaxBytesOption,
    MetadataOption,
    NamePatternOption,
    NoCacheOption,
    OutletOption,
    PublishedOption,
    SimilarityOption,
    ingest_options,
    metadata_options,
)
from .progress import tracked

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a SQLite path or postgresql://… (default: $ACCORDING_DB, else ./according.db).",
    ),
]


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files (text, HTML, feeds, WARC, .gz), directories, URLs, or -.", show_default=False
        ),
    ],
    database: DbOption = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="'rules', 'default' or a model directory.")
    ] = None,
    spacy_model: Annotated[
        str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Extraction worker processes.")] = 1,
    documents: Annotated[
        bool,
        typer.Option(
            "--documents", help="Sources are `according extract` JSON/JSONL output: store, don't extract."
        ),
    ] = False,
    outlet: OutletOption = None,
    published: PublishedOption = None,
    name_pattern: NamePatternOption = None,
    metadata: MetadataOption = None,
    similarity: SimilarityOption = DEFAULT_METHOD,
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract and re-store articles already stored.")
    ] = False,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    input_format: InputFormatOption = None,
    allow_private: AllowPrivateOption = False,
    no_cache: NoCacheOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Extract attributions from articles and keep them in the database (re-runs resume)."""
    config = IngestConfig(
        read=ingest_options(max_bytes, input_format, allow_private, no_cache, jobs),
        extract=ExtractOptions(model, spacy_model, jobs),
        documents=documents,
        outlet=outlet,
        force=force,
        metadata=metadata_options(outlet, published, name_pattern, metadata),
    )
    with Store(database, similarity=similarity) as store:
        run = Ingest(store, config)
        for item in tracked(run.stream(sources), enabled=sys.stderr.isatty()):
            if isinstance(item, InputError):
                typer.echo(f"according: error: {item}", err=True)
        if not quiet:
            grouped = f"; claims grouped by {store.similarity.name} similarity"
            typer.echo(f"according: {store.url}: {_summary(run.report)}{grouped}", err=True)
    if run.report.errors:
        raise typer.Exit(1)


def _summary(report: IngestReport) -> str:
    """ "2 new, 0 updated, 1 unchanged, 0 skipped; 14 attributions; 3.1s (0.65 articles/s)"."""
    duplicates = report.skipped.get("duplicate", 0)
    rate = f" ({report.stored / report.seconds:.2f} articles/s)" if report.stored and report.seconds else ""
    return (
        f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.errors)} skipped"
        + (f", {duplicates} duplicate" if duplicates else "")
        + f"; {report.attributions} attributions; {report.seconds:.1f}s{rate}"
    )


db_app = typer.Typer(help="Database housekeeping: schema upgrades and a summary.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(database: DbOption = None) -> None:
    """Bring an existing database's schema up to this version (safe to repeat)."""
    engine = db.create(database)
    try:
        before, after = db.upgrade(engine)
    except Exception as exc:  # alembic wraps driver errors in many types
        raise AccordingError(f"{db.describe(str(engine.url))}: upgrade failed ({exc})") from exc
    finally:
        engine.dispose()
    typer.echo(f"{db.describe(str(engine.url))}: schema {before or 'empty'} -> {after}")


@db_app.command("info")
def db_info(database: DbOption = None) -> None:
    """Where the database is, its schema revision and how much it holds."""
    with Store(database, create=False, similarity="lexical") as store:
        counts = store.counts()
        revision = db.current_revision(store.engine)
    typer.echo(f"{store.url} (schema {revision}): " + ", ".join(f"{v} {k}" for k, v in counts.items()))
