"""The one configuration object of a batch run."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.similarity import DEFAULT_METHOD
from ..ingest import IngestOptions
from ..ingest.filemeta import MetadataOptions

TABLES = ("articles", "attributions", "rejects")
CORPUS_TABLES = ("speakers", "claims", "attribution_links")


@dataclass(frozen=True)
class BatchConfig:
    """What ``according batch`` was told.

    ``inputs``: local paths or URIs Spark can read. ``out``: the output directory (local path or
    URI). ``partitions``: extraction tasks (default: one per core; each Python worker
    that runs one loads an extractor). ``resume``: skip inputs a previous run into ``out`` completed.
    ``similarity``: how claims are grouped, as in the store (``lexical`` or ``embeddings``).
    ``metadata``: outlet, date and title for articles that carry none, as ``ingest`` takes them
    (sidecars beside local files, a metadata table, a file-name pattern, fallbacks).
    ``corpus``: run the corpus-level stages (speakers, claims) after extraction.
    ``spark_conf``: extra Spark settings (``spark.executor.memory`` …).
    """

    inputs: tuple[str, ...]
    out: str
    master: str | None = None  # None: spark-submit's --master when launched by it, else local[*]
    model: str | None = None
    spacy_model: str | None = None
    partitions: int | None = None
    resume: bool = False
    read: IngestOptions = field(default_factory=IngestOptions)
    similarity: str = DEFAULT_METHOD
    metadata: MetadataOptions = field(default_factory=MetadataOptions)
    corpus: bool = True
    spark_conf: tuple[tuple[str, str], ...] = ()
