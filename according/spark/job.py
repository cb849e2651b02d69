"""The batch job: inputs -> records -> de-duplicated articles -> extraction -> Parquet tables.

Stages (each a Spark stage, none a loop on the driver):

1. *read*: one task per input file runs the project's ingest code over it (``inputs``);
2. *dedup*: articles sharing a text hash, then a canonical URL, keep the first in input order
   (the others become ``duplicate`` rejects), as ``according extract`` drops them in one run;
3. *extract*: articles spread over ``partitions`` tasks; each worker loads the extractor once
   and sends its articles through ``extract_many`` (``worker``);
4. *write*: ``articles`` and ``attributions`` partitioned by published month, ``rejects``,
   under ``<table>/run=<id>/``; then the per-input counts, checked so that every record read
   is an article or a reject, and the manifest;
5. *corpus*: speakers and claims over every committed run (``corpus``).
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AccordingError, InputError
from . import manifest as mf
from . import schemas
from .config import CORPUS_TABLES, TABLES, BatchConfig
from .fs import OutputDir
from .inputs import expand_local, is_local
from .worker import ARTICLE, ATTRIBUTION, REJECT, SKIP, extract_partition, first_of, read_units, spread

log = logging.getLogger(__name__)

DUPLICATE = REJECT + ":duplicate"
#: Set in the driver's environment when spark-submit launched it (its --master then applies).
SUBMITTED = "PYSPARK_GATEWAY_PORT"
LOG_CONFIG = Path(__file__).resolve().parent / "log4j2.properties"


@dataclass(frozen=True)
class BatchResult:
    out: str
    run: str | None  # None: nothing left to read (a resume of a finished output)
    manifest: mf.Manifest
    skipped_inputs: int  # inputs a resume found complete

    @property
    def counts(self) -> dict[str, Any]:
        return self.manifest.totals()


def spark_session(config: BatchConfig) -> Any:
    """A SparkSession for ``config.master`` (an active one is reused, e.g. under spark-submit)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise AccordingError("according batch needs PySpark: pip install 'according[spark]'") from exc
    master = config.master or (None if SUBMITTED in os.environ else "local[*]")
    if master and local_cores(master):
        # Local workers run this interpreter (and its packages), and talk on loopback only. On
        # a cluster, spark.pyspark.python (a packed venv) says which Python executors run.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName("according batch")
    if master:
        builder = builder.master(master)
    builder = (
        builder.config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{LOG_CONFIG}")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    cores = local_cores(master) if master else None
    if cores:
        # Spark's defaults (200 shuffle partitions, joins as wide as their widest input) make
        # hundreds of tiny Python tasks on one machine; a few per core is enough there.
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")  # local mode talks to itself on loopback only
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.default.parallelism", str(cores))
            .config("spark.sql.shuffle.partitions", str(config.partitions or 2 * cores))
        )
    for key, value in config.spark_conf:
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - Java missing, bad master URL: one line for the user
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise AccordingError(
            f"cannot start Spark with master {master or 'from spark-submit'!r} ({first}); "
            "is Java 17 installed (java -version) and the master URL right?"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def local_cores(master: str) -> int | None:
    """Cores of a ``local``/``local[N]``/``local[*]`` master; None for a cluster."""
    if master == "local":
        return 1
    if master.startswith("local[") and master.endswith("]"):
        inner = master[6:-1].split(",")[0]
        return os.cpu_count() or 1 if inner == "*" else int(inner) if inner.isdigit() else None
    return None


def run_batch(config: BatchConfig, spark: Any = None) -> BatchResult:
    """Run the whole job; ``spark`` is an existing session (tests, notebooks) or None."""
    spark = spark or spark_session(config)
    out = OutputDir(config.out, spark)
    manifest = _open_output(out, config)
    units, missing = _list_inputs(config.inputs, spark)
    done = set(manifest.inputs)
    todo = [u for u in units if u not in done]
    skipped = len(units) - len(todo)
    run_id: str | None = None
    if todo or missing:
        run_id = mf.new_run_id()
        started = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        counts = _extract(spark, config, out, run_id, todo, missing)
        manifest.inputs.update(counts)
        manifest.runs.append(
            {
                "run": run_id,
                "started": started,
                "finished": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                "master": spark.sparkContext.master,
                "model": config.model or "default",
                "inputs": len(counts),
            }
        )
        manifest.corpus = None  # the corpus tables no longer cover every run
        mf.write(out, manifest)
    if config.corpus and manifest.runs and not _corpus_current(manifest):
        from .corpus import VERSION, build_corpus

        if manifest.totals()["articles"]:
            manifest.corpus = build_corpus(spark, out, manifest.committed_runs, config.similarity)
        else:  # nothing was read: no speakers, no claims, and no tables to read them from
            manifest.corpus = {
                "runs": manifest.committed_runs,
                "speakers": 0,
                "claims": 0,
                "similarity": None,
                "version": VERSION,
            }
        mf.write(out, manifest)
    return BatchResult(out.root, run_id, manifest, skipped)


def _corpus_current(manifest: mf.Manifest) -> bool:
    """Whether the corpus tables cover every committed run, in this version's layout."""
    from .corpus import VERSION

    corpus = manifest.corpus or {}
    return corpus.get("runs") == manifest.committed_runs and corpus.get("version") == VERSION


def _open_output(out: OutputDir, config: BatchConfig) -> mf.Manifest:
    """The manifest of ``out`` (a new one for a new output), after removing what unfinished
    runs left; refuses a directory that is someone else's, or a finished output without --resume."""
    existing = mf.read(out)
    ours = {*TABLES, *CORPUS_TABLES, f".{mf.NAME}.tmp"}
    if existing is None:
        entries = out.listdir()
        if entries and not (config.resume and set(entries) <= ours):
            hint = (
                " (add --resume to continue a run that stopped before finishing)"
                if set(entries) <= ours
                else ""
            )
            raise AccordingError(f"{out.root}: exists and is not a batch output{hint}; choose another --out")
        existing = mf.Manifest()
    elif not config.resume:
        raise AccordingError(
            f"{out.root}: already holds a batch output; add --resume to continue it, or choose another --out"
        )
    committed = set(existing.committed_runs)
    for table in (*TABLES, *CORPUS_TABLES):
        for entry in out.listdir(table):
            if entry.startswith("run=") and entry[4:] not in committed:
                log.info("%s: removing %s/%s left by an unfinished run", out.root, table, entry)
                out.delete(table, entry)
    return existing


def _list_inputs(sources: tuple[str, ...], spark: Any) -> tuple[list[str], list[InputError]]:
    """Every input file, in argument order (directories sorted), and the sources not found."""
    units: list[str] = []
    missing: list[InputError] = []
    for source in sources:
        found = expand_local(source) if is_local(source) else _list_uri(source, spark)
        if isinstance(found, InputError):
            missing.append(found)
        else:
            units += [u for u in found if u not in units]
    return units, missing


def _list_uri(uri: str, spark: Any) -> list[str] | InputError:
    """Files under a URI through Hadoop's FileSystem (recursively; hidden and ``_`` names skipped)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    try:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        fs = path.getFileSystem(conf)
        if not fs.exists(path):
            return InputError(uri, "no such file or directory")
        if fs.getFileStatus(path).isFile():
            return [str(fs.makeQualified(path).toString())]
        found = []
        files = fs.listFiles(path, True)
        while files.hasNext():
            status = files.next()
            qualified = status.getPath()
            relative = str(qualified.toString())[len(str(fs.makeQualified(path).toString())) :]
            if not any(part.startswith((".", "_")) for part in relative.split("/") if part):
                found.append(str(qualified.toString()))
        return sorted(found)
    except Exception as exc:  # noqa: BLE001 - a py4j error naming a missing connector, bad host…
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        return InputError(uri, f"cannot list ({first}); does the cluster have the connector for this scheme?")


def _extract(
    spark: Any, config: BatchConfig, out: OutputDir, run: str, units: list[str], missing: list[InputError]
) -> dict[str, mf.InputCounts]:
    sc = spark.sparkContext
    read_options, metadata = config.read, config.metadata
    index = {u: i for i, u in enumerate(units)}
    local = [(index[u], u, None) for u in units if is_local(u)]
    remote = [u for u in units if not is_local(u)]
    parts = []
    if local:
        parts.append(sc.parallelize(local, max(1, len(local))))
    if remote:
        files = sc.binaryFiles(",".join(remote), minPartitions=len(remote))
        parts.append(files.map(lambda pair: (index.get(pair[0], -1), pair[0], bytes(pair[1]))))
    read = (sc.union(parts) if len(parts) > 1 else parts[0]) if parts else sc.emptyRDD()
    read = read.mapPartitions(lambda it: read_units(it, read_options, metadata)).persist(_disk(spark))

    articles = read.filter(lambda t: t[0] == ARTICLE)
    by_text = articles.keyBy(lambda t: t[4]).groupByKey().flatMap(lambda kv: first_of(kv[1]))
    kept = by_text.filter(lambda t: t[0] == ARTICLE)
    with_url = kept.filter(lambda t: t[5] is not None).keyBy(lambda t: t[5]).groupByKey()
    deduped = with_url.flatMap(lambda kv: first_of(kv[1])).union(kept.filter(lambda t: t[5] is None))
    duplicates = by_text.filter(lambda t: t[0] == DUPLICATE).union(
        deduped.filter(lambda t: t[0] == DUPLICATE)
    )

    # One task per core by default: Spark hands tasks to its idle Python workers in turn, and
    # each worker that gets one loads an extractor, so more tasks than cores means more models.
    partitions = config.partitions or max(1, sc.defaultParallelism)
    model, spacy_model = config.model, config.spacy_model
    extracted = (
        deduped.filter(lambda t: t[0] == ARTICLE)
        .map(lambda t: (t[2], t))
        # Spread by a mixed hash of the place (``spread``), in input order within each task
        # (spilling to disk past spark.python.worker.memory).
        .repartitionAndSortWithinPartitions(partitions, spread)
        .mapPartitions(lambda it: extract_partition((t for _, t in it), model, spacy_model, run))
        .persist(_disk(spark))
    )
    read_rejects = read.filter(lambda t: t[0] == REJECT).map(
        lambda t: (REJECT, {"input": t[1], "record": t[3], "reason": t[4], "kind": "error"})
    )
    dup_rejects = duplicates.map(
        lambda t: (REJECT, {"input": t[1], "record": t[3], "reason": t[4], "kind": "duplicate"})
    )
    driver_rejects = sc.parallelize(
        [
            (REJECT, {"input": e.source, "record": e.source, "reason": e.reason, "kind": "error"})
            for e in missing
        ],
        1,
    )
    others = sc.union([read_rejects, dup_rejects, driver_rejects]).persist(_disk(spark))
    results = sc.union([extracted, others])

    # Articles and attributions are written from the extraction tasks alone: a stage that also
    # held the small reject partitions ran those first (their input is cached where the task
    # runs, and Spark schedules such tasks before shuffle reads), so extraction started late.
    articles_path = out.path("articles", f"run={run}")
    _write(spark, extracted, ARTICLE, schemas.articles(), articles_path, "published_month")
    _write(
        spark,
        extracted,
        ATTRIBUTION,
        schemas.attributions(),
        out.path("attributions", f"run={run}"),
        "published_month",
    )
    _write(spark, results, REJECT, schemas.rejects(), out.path("rejects", f"run={run}"), None)
    counts = _count(read, results, run, units, missing)
    for done in (read, extracted, others):
        done.unpersist()
    lost = {u: c.lost for u, c in counts.items() if c.lost}
    if lost:  # a bug, not bad input: say so loudly and do not commit the run
        raise AccordingError(f"records lost between reading and writing (a bug; please report it): {lost}")
    return counts


def _disk(spark: Any) -> Any:
    from pyspark import StorageLevel

    return StorageLevel.DISK_ONLY


def _write(spark: Any, results: Any, tag: str, schema: Any, path: str, partition: str | None) -> None:
    names = set(schema.fieldNames())
    data = results.filter(lambda t: t[0] == tag).map(lambda t: {k: v for k, v in t[1].items() if k in names})
    frame = spark.createDataFrame(data, schema)
    writer = frame.write.mode("overwrite")
    if partition:
        writer = writer.partitionBy(partition)
    writer.parquet(path)


def _count(
    read: Any, results: Any, run: str, units: list[str], missing: list[InputError]
) -> dict[str, mf.InputCounts]:
    """Per input, in one Spark job: records read at stage 1, skipped records by reason, and the
    articles (with their attributions), rejects and duplicates written."""

    def tally_read(t: tuple[Any, ...]) -> tuple[tuple[str, str], int]:
        if t[0] == SKIP:
            return (t[1], "skipped:" + t[2]), t[3]
        return (t[1], "records"), 1

    def tally_written(t: tuple[str, dict[str, Any]]) -> list[tuple[tuple[str, str], int]]:
        tag, row = t
        if tag == ARTICLE:
            return [((row["input"], "articles"), 1), ((row["input"], "attributions"), row["attributions"])]
        return [((row["input"], "duplicates" if row.get("kind") == "duplicate" else "rejects"), 1)]

    tallies = read.map(tally_read).union(results.filter(lambda t: t[0] != ATTRIBUTION).flatMap(tally_written))
    counts = {u: mf.InputCounts(run) for u in units}
    counts.update({e.source: mf.InputCounts(run, records=1) for e in missing})
    for (unit, name), n in tallies.reduceByKey(lambda a, b: a + b).collect():
        entry = counts.setdefault(unit, mf.InputCounts(run))
        if name.startswith("skipped:"):
            entry.skipped[name.removeprefix("skipped:")] = n
        else:
            setattr(entry, name, getattr(entry, name) + n)
    return counts
