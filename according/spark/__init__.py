"""Batch extraction on Apache Spark: WARC crawls, HTML/text directories and ``according/1``
JSON Lines in, Parquet tables out (``articles``, ``attributions``, ``rejects``, and the
corpus-level ``speakers`` and ``claims``), ready for ``according load`` into the store.

PySpark is the optional extra ``according[spark]``; nothing here imports it at module level
except where a Spark session is used.
"""

from __future__ import annotations

from .config import BatchConfig
from .job import BatchResult, run_batch, spark_session

__all__ = ["BatchConfig", "BatchResult", "run_batch", "spark_session"]
