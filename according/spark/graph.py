"""Spark helpers the corpus stages share: disk persistence and connected components."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["components", "disk"]

MAX_ROUNDS = 60


def disk() -> Any:
    """Intermediate results go to local disk, not executor memory (a corpus is large)."""
    from pyspark import StorageLevel

    return StorageLevel.DISK_ONLY


def components(edges: Any) -> Any:
    """``(node, smallest node of its component)`` for every node with an edge: label
    propagation, one small Spark job per round until no label changes."""
    both = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).persist(disk())
    labels = both.reduceByKey(min).map(lambda kv: (kv[0], min(kv[0], kv[1]))).persist(disk())
    for _ in range(MAX_ROUNDS):
        spread = both.join(labels).map(lambda kv: (kv[1][0], kv[1][1]))
        new = labels.union(spread).reduceByKey(min).persist(disk())
        changed = new.join(labels).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = new
        if not changed:
            break
    else:
        log.warning("components still changing after %d rounds; joining what is joined", MAX_ROUNDS)
    both.unpersist()
    return labels
