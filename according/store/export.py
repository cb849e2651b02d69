"""Query results as CSV: one flattening rule for every door (CLI ``--format csv``, API, web)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, TextIO


def cell(value: Any) -> str:
    """A CSV cell: lists joined with "; ", mappings as "key: value, …", None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], stream: TextIO) -> None:
    """A header (the rows' keys, else ``columns`` for an empty result) and one line per row."""
    writer = csv.DictWriter(stream, fieldnames=list(rows[0].keys()) if rows else list(columns))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(v) if isinstance(v, list | tuple | dict) else v for k, v in row.items()})


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO(newline="")
    write_csv(list(rows), columns, out)
    return out.getvalue()
