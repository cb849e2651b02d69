"""``according ingest`` (extract and store articles) and ``according db`` (schema upgrades)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from ..batch import ExtractOptions, extract_articles
from ..document import Article, Document
from ..errors import AccordingError, InputError
from ..ingest import DEFAULT_MAX_BYTES, INPUT_FORMATS, IngestOptions, read_sources
from ..store import db
from ..store.repository import Store
from .app import app, fail
from .progress import tracked

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a SQLite path or postgresql://… (default: $ACCORDING_DB, else ./according.db).",
    ),
]


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into the one-line message and exit code every command uses."""
    try:
        yield
    except AccordingError as exc:
        raise fail(str(exc)) from None


def read_documents(sources: list[str]) -> Iterator[Document | InputError]:
    """Read ``according extract`` JSON / JSON Lines output back as Documents."""
    for source in sources:
        path = Path(source)
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield InputError(source, f"cannot read: {exc}")
            continue
        try:
            items = _parse_json_or_lines(raw)
        except json.JSONDecodeError as exc:
            yield InputError(
                source,
                f"not according JSON/JSONL ({exc.msg} at line {exc.lineno}); "
                "give files written by `according extract --format json` or `--format jsonl`",
            )
            continue
        for i, item in enumerate(items):
            try:
                yield Document.from_json(item)
            except (ValueError, KeyError, TypeError) as exc:
                yield InputError(f"{source}#{i}", f"not an according/1 document ({exc})")


def _parse_json_or_lines(raw: str) -> list:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return [json.loads(line) for line in raw.splitlines() if line.strip()]
    return data if isinstance(data, list) else [data]


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
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet name for articles that carry none.")
    ] = None,
    similarity: Annotated[
        str,
        typer.Option(
            "--similarity", help="Claim grouping: auto (embeddings if installed), embeddings, lexical."
        ),
    ] = "auto",
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract and re-store articles already stored.")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse larger inputs.")
    ] = DEFAULT_MAX_BYTES,
    input_format: Annotated[
        str | None,
        typer.Option("--input-format", help=f"Force the input format: {' | '.join(INPUT_FORMATS)}."),
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow URLs on loopback, private and link-local addresses."),
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the download cache.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Extract attributions from articles and keep them in the database (re-runs resume)."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise typer.BadParameter(
            f"{input_format!r}; choose one of {', '.join(INPUT_FORMATS)}", param_hint="--input-format"
        )
    options = IngestOptions(
        max_bytes=max_bytes,
        input_format=input_format,
        allow_private=allow_private,
        cache=not no_cache,
        jobs=jobs,
    )
    errors: list[InputError] = []
    tally = {"new": 0, "updated": 0, "unchanged": 0}
    found = 0
    started = time.perf_counter()
    with user_errors(), Store(database, similarity=similarity) as store:

        def pending() -> Iterator[Article | InputError]:
            for item in read_sources(sources, options):
                if isinstance(item, Article):
                    item = replace(item, site=item.site or outlet)
                    if not force and store.is_stored(item):
                        tally["unchanged"] += 1
                        continue
                yield item

        stream = (
            read_documents(sources)
            if documents
            else extract_articles(pending(), ExtractOptions(model, spacy_model, jobs))
        )
        for item in tracked(stream, enabled=sys.stderr.isatty()):
            if isinstance(item, InputError):
                errors.append(item)
                typer.echo(f"according: error: {item}", err=True)
                continue
            if outlet and not item.article.site:
                item = replace(item, article=replace(item.article, site=outlet))
            result = store.save(item, force=force)
            tally[result.status] += 1
            found += result.attributions
        seconds = time.perf_counter() - started
        if not quiet:
            stored = tally["new"] + tally["updated"]
            typer.echo(
                f"according: {store.url}: {tally['new']} new, {tally['updated']} updated, "
                f"{tally['unchanged']} unchanged, "
                f"{len(errors)} skipped; {found} attributions; {seconds:.1f}s"
                + (f" ({stored / seconds:.2f} articles/s)" if stored and seconds else ""),
                err=True,
            )
    if errors:
        raise typer.Exit(1)


db_app = typer.Typer(help="Database housekeeping: schema upgrades and a summary.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(database: DbOption = None) -> None:
    """Bring an existing database's schema up to this version (safe to repeat)."""
    with user_errors():
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
    with user_errors(), Store(database, create=False, similarity="lexical") as store:
        counts = store.counts()
        revision = db.current_revision(store.engine)
    typer.echo(f"{store.url} (schema {revision}): " + ", ".join(f"{v} {k}" for k, v in counts.items()))
