"""An article's text cut into pieces, each knowing which attributions (as source, cue or
content) and which residue cover it, so the template can mark every attribution in place.

Works on the ``according/1`` JSON of a document (stored or not), so both views draw the same
way. Offsets outside the text are clipped rather than trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Piece:
    text: str
    source: tuple[int, ...] = ()  # attributions whose source this is
    cue: tuple[int, ...] = ()
    content: tuple[int, ...] = ()  # outermost first
    residue: bool = False
    target: int | None = None  # the attribution a click on this piece selects

    @property
    def attributions(self) -> tuple[int, ...]:
        return tuple(sorted({*self.source, *self.cue, *self.content}))

    @property
    def classes(self) -> str:
        names = ["hl"]
        if self.source:
            names.append("src")
        if self.cue:
            names.append("cue")
        if self.content:
            names.append(f"cnt d{min(len(self.content), 3)}")
        if self.residue:
            names.append("res")
        return " ".join(names)


def role_spans(a: dict[str, Any]) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    if a.get("source"):
        spans.append(("source", int(a["source"]["start"]), int(a["source"]["end"])))
    spans.append(("cue", int(a["cue"]["start"]), int(a["cue"]["end"])))
    spans.extend(("content", int(s), int(e)) for s, e in a["content"]["spans"])
    return spans


def pieces(text: str, attributions: list[dict[str, Any]], residue: list[list[int]]) -> list[Piece]:
    """The text in order, cut wherever an attribution span or a residue range starts or ends."""
    n = len(text)
    spans = [
        (i, role, max(0, min(s, n)), max(0, min(e, n)))
        for i, a in enumerate(attributions)
        for role, s, e in role_spans(a)
    ]
    spans = [x for x in spans if x[3] > x[2]]
    ranges = [(max(0, min(int(s), n)), max(0, min(int(e), n))) for s, e in residue]
    cuts = sorted({0, n, *(x[2] for x in spans), *(x[3] for x in spans), *(p for r in ranges for p in r)})
    extent = {i: _extent(a) for i, a in enumerate(attributions)}
    out: list[Piece] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if end <= start:
            continue
        covering = [(i, role) for i, role, s, e in spans if s <= start and end <= e]
        by_role = {role: tuple(dict.fromkeys(i for i, r in covering if r == role)) for role in ROLES}
        content = tuple(sorted(by_role["content"], key=lambda i: -extent[i]))  # outermost first
        named = by_role["cue"] + by_role["source"]
        target = named[-1] if named else (content[-1] if content else None)
        out.append(
            Piece(
                text=text[start:end],
                source=by_role["source"],
                cue=by_role["cue"],
                content=content,
                residue=any(s <= start and end <= e for s, e in ranges),
                target=target,
            )
        )
    return out


def _extent(a: dict[str, Any]) -> int:
    return sum(int(e) - int(s) for s, e in a["content"]["spans"])
