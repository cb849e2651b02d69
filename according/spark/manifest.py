"""The run manifest, ``DIR/_manifest.json``: what each run read and wrote, and what is complete.

A run's tables live under ``<table>/run=<id>/`` and count only once the manifest lists the run
(written last, atomically), so a run killed half-way leaves nothing a reader or ``load``
takes for finished; ``--resume`` deletes its leftovers and skips the inputs the manifest
lists as complete.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..errors import AccordingError
from .fs import OutputDir

NAME = "_manifest.json"
SCHEMA = "according-batch/1"


@dataclass
class InputCounts:
    """One input file: records read, and where each went (``lost`` must stay 0)."""

    run: str
    records: int = 0
    articles: int = 0
    attributions: int = 0
    rejects: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def lost(self) -> int:
        return self.records - self.articles - self.rejects - self.duplicates

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "records": self.records,
            "articles": self.articles,
            "attributions": self.attributions,
            "rejects": self.rejects,
            "duplicates": self.duplicates,
            "lost": self.lost,
            "skipped": dict(self.skipped),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InputCounts:
        fields = ("run", "records", "articles", "attributions", "rejects", "duplicates", "skipped")
        return cls(**{k: data[k] for k in fields if k in data})


@dataclass
class Manifest:
    runs: list[dict[str, Any]] = field(default_factory=list)
    inputs: dict[str, InputCounts] = field(default_factory=dict)
    corpus: dict[str, Any] | None = None

    @property
    def committed_runs(self) -> list[str]:
        return [r["run"] for r in self.runs]

    def totals(self) -> dict[str, Any]:
        total: Counter[str] = Counter()
        skipped: Counter[str] = Counter()
        for counts in self.inputs.values():
            for name in ("records", "articles", "attributions", "rejects", "duplicates", "lost"):
                total[name] += getattr(counts, name)
            skipped.update(counts.skipped)
        return {"inputs": len(self.inputs), **{k: total[k] for k in sorted(total)}, "skipped": dict(skipped)}

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "counts": self.totals(),
            "runs": self.runs,
            "inputs": {unit: counts.to_json() for unit, counts in sorted(self.inputs.items())},
            "corpus": self.corpus,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> Manifest:
        if data.get("schema") != SCHEMA:
            raise AccordingError(f"{where}: not an according batch manifest (schema {data.get('schema')!r})")
        return cls(
            runs=list(data.get("runs") or []),
            inputs={u: InputCounts.from_json(c) for u, c in (data.get("inputs") or {}).items()},
            corpus=data.get("corpus"),
        )


def read(out: OutputDir) -> Manifest | None:
    text = out.read_text(NAME)
    if text is None:
        return None
    try:
        return Manifest.from_json(json.loads(text), out.path(NAME))
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise AccordingError(
            f"{out.path(NAME)}: damaged manifest ({exc}); remove the output and run again"
        ) from None


def write(out: OutputDir, manifest: Manifest) -> None:
    out.write_text(NAME, json.dumps(manifest.to_json(), indent=2, sort_keys=False) + "\n")


def new_run_id() -> str:
    now = _dt.datetime.now(_dt.UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}"
