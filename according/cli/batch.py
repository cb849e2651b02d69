"""``according batch`` (extraction on Spark to Parquet) and ``according load`` (into the store).

Option parsing and the summary only: the job is ``according.spark``, the load
``according.store.load``.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..analysis.similarity import DEFAULT_METHOD
from ..errors import AccordingError
from ..ingest import DEFAULT_MAX_BYTES
from .app import app
from .ingest_options import (
    MaxBytesOption,
    MetadataOption,
    NamePatternOption,
    OutletOption,
    PublishedOption,
    SimilarityOption,
    ingest_options,
    metadata_options,
)
from .store import DbOption


def _conf(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(
                f"{pair!r}; write KEY=VALUE, e.g. spark.executor.memory=4g", param_hint="--conf"
            )
        out.append((key.strip(), value.strip()))
    return tuple(out)


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="WARC/WARC.gz files, directories of HTML or text, according/1 JSONL; "
            "local paths or URIs Spark can read (hdfs://, s3a://).",
            show_default=False,
        ),
    ],
    out: Annotated[str, typer.Option("--out", "-o", help="Output directory (local path or URI).")],
    master: Annotated[
        str | None,
        typer.Option(
            "--master",
            help="Spark master: local[*], local[N], spark://host:7077, yarn "
            "(default: spark-submit's when launched by it, else local[*]).",
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="'rules', 'default' or a model directory.")
    ] = None,
    spacy_model: Annotated[
        str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path.")
    ] = None,
    partitions: Annotated[
        int | None, typer.Option("--partitions", min=1, help="Extraction tasks (default: one per core).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an output: skip inputs a previous run completed.")
    ] = False,
    similarity: SimilarityOption = DEFAULT_METHOD,
    outlet: OutletOption = None,
    published: PublishedOption = None,
    name_pattern: NamePatternOption = None,
    metadata: MetadataOption = None,
    no_corpus: Annotated[
        bool, typer.Option("--no-corpus", help="Skip the corpus stages (speakers, claims) for now.")
    ] = False,
    conf: Annotated[
        list[str] | None, typer.Option("--conf", help="Extra Spark setting KEY=VALUE (repeatable).")
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
) -> None:
    """Extract attributions from a crawl on Apache Spark into Parquet tables."""
    from ..spark import BatchConfig, run_batch

    config = BatchConfig(
        inputs=tuple(inputs),
        out=out,
        master=master,
        model=model,
        spacy_model=spacy_model,
        partitions=partitions,
        resume=resume,
        read=ingest_options(max_bytes),
        similarity=similarity,
        metadata=metadata_options(outlet, published, name_pattern, metadata),
        corpus=not no_corpus,
        spark_conf=_conf(conf or []),
    )
    result = run_batch(config)
    counts = result.counts
    if not quiet:
        done = f"; {result.skipped_inputs} inputs already complete" if result.skipped_inputs else ""
        corpus = result.manifest.corpus or {}
        speakers = f"; {corpus['speakers']} speakers, {corpus['claims']} claims" if corpus else ""
        typer.echo(
            f"according: {result.out}: {counts['articles']} articles, {counts['attributions']} attributions, "
            f"{counts['rejects']} rejects, {counts['duplicates']} duplicates from {counts['records']} records"
            f"{speakers}{done}" + (f" (rejects: {result.out}/rejects)" if counts["rejects"] else ""),
            err=True,
        )
    if counts["rejects"]:
        raise typer.Exit(1)


@app.command()
def load(
    directory: Annotated[str, typer.Argument(help="A directory written by `according batch --out`.")],
    database: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the load report as JSON.")] = False,
) -> None:
    """Bulk-load a batch output into the store (PostgreSQL by COPY); safe to rerun."""
    from ..store.load import load_batch
    from ..store.repository import Store

    with Store(database, similarity="lexical") as store:
        report = load_batch(directory, store)
        where = store.url
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        typer.echo(
            f"according: {where}: {report.new} new, {report.unchanged} already loaded; "
            f"{report.attributions} attributions, {report.speakers} speakers, {report.claims} claims; "
            f"{report.seconds:.1f}s",
            err=True,
        )
    if report.conflicts:
        shown = ", ".join(report.conflicts[:3])
        raise AccordingError(
            f"{len(report.conflicts)} articles are stored with other text under the same key ({shown}…); "
            "they were left as stored"
        )


@app.command("benchmark-batch")
def benchmark_batch(
    records: Annotated[
        int, typer.Option("--records", "-n", min=1, help="Pages in the generated WARC.")
    ] = 200,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="'rules', 'default' or a model directory.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Articles/s of single-process extract, local[1] and local[2] on one generated WARC."""
    from ..spark.benchmark import run_batch_benchmark

    report = run_batch_benchmark(records, model)
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
        return
    for p in report.passes:
        memory = f"; peak RSS driver {p.peak_driver_mb:.0f} MB"
        if p.peak_jvm_mb:
            memory += (
                f", JVM {p.peak_jvm_mb:.0f} MB, Python workers {p.peak_workers_mb:.0f} MB; lost {p.lost}"
            )
        rate = f"{p.articles} articles in {p.seconds:.1f}s = {p.per_second:.2f} articles/s"
        typer.echo(f"{p.label:>15}: {rate}{memory}")
    typer.echo(f"local[1] / single process = {report.overhead_ratio:.2f} (target >= 0.8)")
    typer.echo(f"local[2] / local[1] = {report.scaling:.2f} (target >= 1.7)")
    if report.corpus:
        c = report.corpus
        typer.echo(
            f"corpus stages (speakers, claims) on local[2]: {c.seconds:.1f}s; peak RSS driver "
            f"{c.peak_driver_mb:.0f} MB, JVM {c.peak_jvm_mb:.0f} MB, "
            f"Python workers {c.peak_workers_mb:.0f} MB"
        )
    estimate = report.estimate()
    if estimate:
        hours = ", ".join(f"{h} h on {c} cores" for c, h in estimate["hours_by_cores"].items())
        typer.echo(
            f"one month of English CC-NEWS ({estimate['articles_per_month']:,} articles) at "
            f"{estimate['per_core_articles_per_second']} articles/s per core: "
            f"{estimate['core_hours']} core-hours; {hours}"
        )
