"""Query results as CSV: one flattening rule for every door (CLI ``--format csv``, API, web)."""

from __future__ import annotations

import csv
import io
import itertools
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


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: TextIO) -> int:
    """A header (the first row's keys, else ``columns`` for an empty result) and one line per
    row, written as the rows come (an export of every row never holds them all); the count."""
    it = iter(rows)
    first = next(it, None)
    writer = csv.DictWriter(stream, fieldnames=list(first.keys()) if first else list(columns))
    writer.writeheader()
    count = 0
    for row in itertools.chain([first], it) if first is not None else ():
        writer.writerow({k: cell(v) if isinstance(v, list | tuple | dict) else v for k, v in row.items()})
        count += 1
    return count


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO(newline="")
    write_csv(list(rows), columns, out)
    return out.getvalue()
