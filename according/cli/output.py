"""Render documents as a table for people or JSON / JSON Lines for machines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from ..document import Document

FORMATS = ("table", "json", "jsonl")


def default_format(stream: TextIO = sys.stdout) -> str:
    return "table" if stream.isatty() else "json"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(doc: Document, stream: TextIO = sys.stdout) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, soft_wrap=False)
    title = doc.article.title or doc.article.source or doc.article.path or "<text>"
    table = Table(title=f"{title} — {len(doc.attributions)} attributions", show_lines=False)
    # Fixed widths for the short columns so the content column gets whatever the terminal has
    # left; Rich's own balancing squeezes cues to one letter on narrow terminals.
    wide = console.width >= 120
    fixed = {"#": 3, "speaker": 24 if wide else 16, "cue": 16 if wide else 10}
    fixed["kind · stance"] = 24 if wide else 12
    content_width = max(16, console.width - sum(fixed.values()) - 3 * (len(fixed) + 1) - 1)
    for name in ("#", "speaker", "cue"):
        table.add_column(name, width=fixed[name], justify="right" if name == "#" else "left")
    table.add_column("content", width=content_width)
    table.add_column("kind · stance", width=fixed["kind · stance"])
    for i, a in enumerate(doc.attributions):
        speaker = a.speaker.name if a.speaker else (a.source.text if a.source else "—")
        if a.channel:
            speaker += f" → {a.channel}"
        nested = f"↳{a.parent} " if a.parent is not None else ""
        content = nested + _short(a.content.text, 160)
        table.add_row(str(i), _short(speaker, 40), a.cue.text, content, f"{a.kind} · {a.stance}")
    console.print(table)


def write_documents(docs: Iterable[Document], fmt: str, stream: TextIO = sys.stdout) -> int:
    """Write documents as they come (so a long batch shows output early); returns the count.

    ``json`` writes one object for a single input and an array for several.
    """
    count = 0
    if fmt == "table":
        for doc in docs:
            render_table(doc, stream)
            count += 1
    elif fmt == "jsonl":
        for doc in docs:
            stream.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
            stream.flush()
            count += 1
    elif fmt == "json":
        items = [doc.to_json() for doc in docs]
        count = len(items)
        payload = items[0] if count == 1 else items
        stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return count
