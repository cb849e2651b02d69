"""Render store query results (lists of flat dicts, or one nested dict) as table/json/csv/jsonl/parquet."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from ..errors import AccordingError
from ..outputs import check_output, open_output
from ..store.export import cell, write_csv

LIST_FORMATS = ("table", "json", "csv", "jsonl", "parquet")
ITEM_FORMATS = ("table", "json")


def _short(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None, stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Table(title=title, expand=True)
    for name in columns:
        out.add_column(name, overflow="fold", no_wrap=name in ("id", "claims", "date"))
    for row in rows:
        out.add_row(*(_short(cell(row.get(c))) for c in columns))
    Console(file=stream, soft_wrap=False).print(out)


def _parquet(rows: Sequence[dict[str, Any]], target: BinaryIO | str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise AccordingError(
            "--format parquet needs pyarrow: pip install 'according[parquet]' (or use csv/jsonl)"
        ) from exc
    flat = [
        {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v) for k, v in r.items()}
        for r in rows
    ]
    pq.write_table(pa.Table.from_pylist(flat), target)


def write_rows(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    title: str | None = None,
    output: Path | None = None,
) -> None:
    """Write a list result; ``output`` (a file) is required for parquet on a terminal."""
    if fmt not in LIST_FORMATS:
        raise AccordingError(f"--format {fmt}: choose one of {', '.join(LIST_FORMATS)}")
    if fmt == "parquet":
        if output is None and sys.stdout.isatty():
            raise AccordingError("--format parquet writes binary; give --output FILE or redirect stdout")
        _parquet(rows, str(check_output(output)) if output else sys.stdout.buffer)
        return
    stream: TextIO = (
        cast(TextIO, open_output(output, "w", encoding="utf-8", newline="")) if output else sys.stdout
    )
    try:
        if fmt == "table":
            table(rows, columns, title, stream)
        elif fmt == "json":
            stream.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
        elif fmt == "jsonl":
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            write_csv(rows, columns, stream)
    finally:
        if output:
            stream.close()


def write_item(item: dict[str, Any], fmt: str, render_table: Any) -> None:
    """Write one nested result: JSON as is, or the command's own table layout."""
    if fmt == "json":
        sys.stdout.write(json.dumps(item, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "table":
        render_table(item)
    else:
        raise AccordingError(f"--format {fmt}: choose one of {', '.join(ITEM_FORMATS)} for a single record")
