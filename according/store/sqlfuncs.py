"""SQL expressions that SQLite and PostgreSQL spell differently, compiled per dialect, so a
query can group in the database instead of fetching rows to group them in Python."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class month(FunctionElement[str]):  # noqa: N801 - used like a SQL function: month(column)
    """``'YYYY-MM'`` of a date column (NULL for NULL)."""

    type = String()
    inherit_cache = True
    name = "month"


@compiles(month, "sqlite")
def _month_sqlite(element: month, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(month, "postgresql")
def _month_postgresql(element: month, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"
