"""A live count of processed articles on stderr, for batches run at a terminal.

Only when stderr is a terminal (logs and pipes stay clean) and stdout is not (a table printed
to the same screen would tear the live line apart; there the tables themselves show progress).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress_wanted() -> bool:
    return sys.stderr.isatty() and not sys.stdout.isatty()


def tracked(items: Iterable[T], description: str = "inputs done", enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items`` unchanged while a spinner, count and elapsed time show on stderr."""
    if not (progress_wanted() if enabled is None else enabled):
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed:.0f} {task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)
        for item in items:
            bar.advance(task)
            yield item


def summary_line(read: int, errors: int, skipped: dict[str, int], attributions: int, seconds: float) -> str:
    """ "12 articles read, 3 skipped (2 duplicate, 1 error), 57 attributions, 4.2s"."""
    reasons = dict(skipped)
    if errors:
        reasons["error" if errors == 1 else "errors"] = errors
    total = sum(reasons.values())
    why = f" ({', '.join(f'{n} {reason}' for reason, n in reasons.items())})" if total else ""
    return f"{read} articles read, {total} skipped{why}, {attributions} attributions, {seconds:.1f}s"
