"""Render store query results (lists of flat dicts, or one nested dict) as table/json/csv/jsonl/parquet."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from ..errors import AccordingError
from ..outputs import check_output, open_output
from ..store.export import cell, write_csv

LIST_FORMATS = ("table", "json", "csv", "jsonl", "parquet")


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


def _parquet(rows: Iterable[dict[str, Any]], target: BinaryIO | str) -> int:
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
    return len(flat)


def write_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    title: str | None = None,
    output: Path | None = None,
) -> int:
    """Write a list result as the rows come (JSON, JSON Lines and CSV stream, so an export of
    every row never holds them all); ``output`` (a file) is required for parquet on a
    terminal. Returns the number of rows written."""
    if fmt not in LIST_FORMATS:
        raise AccordingError(f"--format {fmt}: choose one of {', '.join(LIST_FORMATS)}")
    if fmt == "parquet":
        if output is None and sys.stdout.isatty():
            raise AccordingError("--format parquet writes binary; give --output FILE or redirect stdout")
        return _parquet(rows, str(check_output(output)) if output else sys.stdout.buffer)
    stream: TextIO = (
        cast(TextIO, open_output(output, "w", encoding="utf-8", newline="")) if output else sys.stdout
    )
    count = 0
    try:
        if fmt == "table":
            listed = list(rows)
            table(listed, columns, title, stream)
            count = len(listed)
        elif fmt == "json":
            stream.write("[")
            for row in rows:
                stream.write(("," if count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
                count += 1
            stream.write("\n]\n" if count else "]\n")
        elif fmt == "jsonl":
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        else:
            count = write_csv(rows, columns, stream)
    finally:
        if output:
            stream.close()
    return count


def write_item(
    item: dict[str, Any],
    fmt: str,
    render_table: Any,
    rows: str,
    columns: Sequence[str],
    output: Path | None = None,
) -> None:
    """Write one nested result: JSON as is, the command's own table layout, or (csv, jsonl,
    parquet) its list ``rows`` (a speaker's attributions, a claim's appearances) flat."""
    if fmt not in LIST_FORMATS:
        raise AccordingError(f"--format {fmt}: choose one of {', '.join(LIST_FORMATS)}")
    if fmt == "json":
        text = json.dumps(item, ensure_ascii=False, indent=2) + "\n"
        if output:
            with open_output(output, "w", encoding="utf-8") as stream:
                stream.write(text)
        else:
            sys.stdout.write(text)
    elif fmt == "table" and output is None:
        render_table(item)
    else:
        write_rows(item[rows], fmt, columns, title=rows, output=output)
