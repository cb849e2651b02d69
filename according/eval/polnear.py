"""Read the PolNeAR corpus (brat standoff) into gold attributions.

PolNeAR ships, per split, ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``.
A few articles were annotated by several annotators; we always use the file of the
annotator whose id sorts first, so every run scores against the same gold.
Spans may be discontinuous (``Content 10 20;25 40``). Stray lines that some .ann files
carry (annotator notes, pasted text) are skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

SPLITS = ("train", "dev", "test")
#: PolNeAR names its files ``<outlet>_<YYYY-MM-DD>_<slug>``: a ``--name-pattern`` for them.
POLNEAR_NAMES = r"^(?P<outlet>[^_]+)_(?P<published>\d{4}-\d{2}-\d{2})_(?P<title>[^.]*)"
ENV_VAR = "ACCORDING_POLNEAR"

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    cue: Spans
    content: Spans
    source: Spans = ()


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    annotator: str


def find_polnear(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The PolNeAR directory: explicit path, ``$ACCORDING_POLNEAR``, or ``../shared/data/polnear``
    relative to the working directory or to this checkout or any directory above it (so git
    worktrees nested deeper find it too). None when nowhere to be found.

    An explicit path is final: a wrong ``--polnear DIR`` must fail, not silently fall back to
    another copy (and, say, start training on a corpus the user did not name)."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    elif os.environ.get(ENV_VAR):
        candidates.append(Path(os.environ[ENV_VAR]))
    if not explicit:
        here = Path(__file__).resolve()
        candidates.append(Path.cwd() / "../shared/data/polnear")
        candidates += [parent / "shared/data/polnear" for parent in here.parents[3:]]
    for c in candidates:
        if (c / "train").is_dir() or (c / "dev").is_dir():
            return c.resolve()
    return None


def _parse_spans(field: str) -> Spans:
    spans = []
    for part in field.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return tuple(sorted(spans))


def parse_ann(content: str) -> tuple[GoldAttribution, ...]:
    """Parse one .ann file into attributions (one per ``E`` line)."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, list[str]]] = []
    for line in content.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0]:
            continue
        ident = parts[0]
        if ident.startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            if label in ("Source", "Cue", "Content"):
                try:
                    spans[ident] = _parse_spans(offsets)
                except ValueError:
                    continue
        elif ident.startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append(roles)
    out = []
    for roles in events:

        def collect(role: str, roles: dict[str, list[str]] = roles) -> Spans:
            found: list[tuple[int, int]] = []
            for ref in roles.get(role, []):
                found.extend(spans.get(ref, ()))
            return tuple(sorted(found))

        cue, said = collect("Cue"), collect("Content")
        if not cue or not said:
            continue
        out.append(GoldAttribution(cue=cue, content=said, source=collect("Source")))
    out.sort(key=lambda a: a.cue)
    return tuple(out)


def load_split(root: str | os.PathLike[str], split: str, limit: int | None = None) -> list[GoldArticle]:
    """All articles of one split, sorted by name; ``limit`` takes the first N."""
    base = Path(root) / split
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(str(base), f"no PolNeAR {split!r} split here (expected text/ and attributions/)")
    anns: dict[str, list[Path]] = {}
    for ann in ann_dir.glob("*.ann"):
        name, _, annotator = ann.stem.rpartition("_")
        anns.setdefault(name, []).append(ann)
    articles = []
    for txt in sorted(text_dir.glob("*.txt")):
        files = sorted(anns.get(txt.stem, []))
        if not files:
            continue
        ann = files[0]
        text = txt.read_text(encoding="utf-8")
        articles.append(
            GoldArticle(
                name=txt.stem,
                text=text,
                attributions=parse_ann(ann.read_text(encoding="utf-8")),
                annotator=ann.stem.rpartition("_")[2],
            )
        )
        if limit is not None and len(articles) >= limit:
            break
    return articles
