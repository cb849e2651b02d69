"""Score speaker resolution against the hand-labelled speaker set (``eval/data/speakers.jsonl``).

Each line of the set is one gold source mention in a PolNeAR dev article or a shipped sample,
with the canonical speaker the article gives it (see ``eval/data/README.md``). Every labelled
article is extracted as a user's would be; each gold source is matched to the extracted
attribution whose source overlaps it (the one with the same cue first), and the speaker of that
attribution is compared with the gold one:

* **right**: normalised name equal to the gold ``name`` or one of its ``also`` forms, and the
  same type. Names are compared case-folded, with accents, punctuation, apostrophe style and
  leading determiners or courtesy titles ("the", "a", "Mr.") set aside.
* **role** and **affiliation** (reported apart): right when both are empty, or when the roles
  share their head noun ("former Democratic tax aide" / "tax aide") and the affiliations are
  equal or one holds the other ("Justice Department" / "the U.S. Justice Department").

Coverage is the share of gold sources matched at all; accuracies are over matched ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..attribution import default_model, load_extractor
from ..document import Article, Attribution, Document, Speaker
from ..errors import InputError
from ..lexicon import COURTESY, DETERMINERS

DATA = Path(__file__).resolve().parent / "data" / "speakers.jsonl"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KINDS = ("full_name", "surname_title", "pronoun", "description", "acronym", "first_person", "other")
#: Kinds with fewer items than this are shown but not held to the per-kind target.
MIN_KIND_ITEMS = 30


@dataclass(frozen=True)
class GoldSpeaker:
    """One labelled source mention."""

    doc: str
    source: tuple[int, int]
    source_text: str
    cue: tuple[int, int] | None
    name: str
    also: tuple[str, ...]
    type: str
    role: str | None
    affiliation: str | None
    mention: str

    @property
    def names(self) -> set[str]:
        return {normalise(n) for n in (self.name, *self.also)}


def load_speaker_set(path: str | os.PathLike[str] = DATA) -> list[GoldSpeaker]:
    """The labelled lines of a speaker set; lines whose name is null are skipped."""
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(file), f"cannot read the speaker set ({exc.strerror})") from exc
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if row.get("name") is None:
                continue
            cue = row.get("cue")
            out.append(
                GoldSpeaker(
                    doc=row["doc"],
                    source=(int(row["source"][0]), int(row["source"][1])),
                    source_text=row["source_text"],
                    cue=(int(cue[0]), int(cue[1])) if cue else None,
                    name=row["name"],
                    also=tuple(row.get("also") or ()),
                    type=row["type"],
                    role=row.get("role"),
                    affiliation=row.get("affiliation"),
                    mention=row.get("mention") or "other",
                )
            )
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise InputError(
                f"{file}:{number}", f"not a speaker-set line ({exc}); see {DATA.parent}/README.md"
            ) from exc
    return out


def doc_path(doc: str, polnear: Path | None) -> Path:
    """Where the text of a labelled document lives: ``polnear:<split>:<name>`` in the user's
    PolNeAR copy, ``sample:<name>`` among the shipped samples."""
    kind, _, rest = doc.partition(":")
    if kind == "sample":
        return SAMPLES / f"{rest}.txt"
    if kind == "polnear":
        split, _, name = rest.partition(":")
        if polnear is None:
            raise InputError(doc, "PolNeAR not found: pass --polnear DIR or set ACCORDING_POLNEAR")
        return polnear / split / "text" / f"{name}.txt"
    raise InputError(doc, "unknown document kind; expected 'polnear:<split>:<name>' or 'sample:<name>'")


_PUNCT = re.compile(r"[^\w\s]")
_LEADING = DETERMINERS | COURTESY


def normalise(name: str | None) -> str:
    """A name as compared: case-folded, no accents, no punctuation, no leading determiner or
    courtesy title ("The Washington Post" = "Washington Post", "Mr. Obama" = "Obama")."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = _PUNCT.sub(" ", text.replace("'s ", "s ")).split()
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    return " ".join(words)


def role_right(gold: str | None, predicted: str | None) -> bool:
    """Both empty, or the same head noun (last word)."""
    g, p = normalise(gold).split(), normalise(predicted).split()
    return (not g and not p) or (bool(g) and bool(p) and g[-1] == p[-1])


def affiliation_right(gold: str | None, predicted: str | None) -> bool:
    """Both empty, or equal, or one holds the other."""
    g, p = normalise(gold), normalise(predicted)
    return g == p or (bool(g) and bool(p) and (f" {g} " in f" {p} " or f" {p} " in f" {g} "))


@dataclass(frozen=True)
class Item:
    """A gold source and what the extractor made of it (``speaker`` None: unmatched or no
    speaker)."""

    gold: GoldSpeaker
    matched: bool
    speaker: Speaker | None = None
    source: str | None = None

    @property
    def name_right(self) -> bool:
        return self.speaker is not None and normalise(self.speaker.name) in self.gold.names

    @property
    def right(self) -> bool:
        return self.name_right and self.speaker is not None and self.speaker.type == self.gold.type

    @property
    def role_right(self) -> bool:
        return role_right(self.gold.role, self.speaker.role if self.speaker else None)

    @property
    def affiliation_right(self) -> bool:
        return affiliation_right(self.gold.affiliation, self.speaker.affiliation if self.speaker else None)

    def to_json(self) -> dict[str, Any]:
        g, s = self.gold, self.speaker
        return {
            "doc": g.doc,
            "source": list(g.source),
            "source_text": g.source_text,
            "mention": g.mention,
            "gold": {
                "name": g.name,
                "also": list(g.also),
                "type": g.type,
                "role": g.role,
                "affiliation": g.affiliation,
            },
            "matched": self.matched,
            "predicted_source": self.source,
            "predicted": s.to_json() if s else None,
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: GoldSpeaker, attributions: tuple[Attribution, ...]) -> Item:
    """The extracted attribution for a gold source: its source overlaps the gold one; one with
    an overlapping cue first, then the largest overlap."""
    best: tuple[tuple[int, int], Attribution] | None = None
    for a in attributions:
        if a.source is None:
            continue
        shared = _overlap(gold.source, (a.source.start, a.source.end))
        if not shared:
            continue
        same_cue = int(gold.cue is not None and _overlap(gold.cue, (a.cue.start, a.cue.end)) > 0)
        key = (same_cue, shared)
        if best is None or key > best[0]:
            best = (key, a)
    if best is None:
        return Item(gold, matched=False)
    a = best[1]
    return Item(gold, matched=True, speaker=a.speaker, source=a.source.text if a.source else None)


@dataclass(frozen=True)
class Tally:
    items: int = 0
    matched: int = 0
    right: int = 0
    name_right: int = 0
    role_right: int = 0
    affiliation_right: int = 0

    def add(self, item: Item) -> Tally:
        m = item.matched
        return Tally(
            self.items + 1,
            self.matched + m,
            self.right + (m and item.right),
            self.name_right + (m and item.name_right),
            self.role_right + (m and item.role_right),
            self.affiliation_right + (m and item.affiliation_right),
        )

    def share(self, count: int) -> float:
        return count / self.matched if self.matched else 0.0

    @property
    def coverage(self) -> float:
        return self.matched / self.items if self.items else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "coverage": round(self.coverage, 4),
            "accuracy": round(self.share(self.right), 4),
            "name_accuracy": round(self.share(self.name_right), 4),
            "role_accuracy": round(self.share(self.role_right), 4),
            "affiliation_accuracy": round(self.share(self.affiliation_right), 4),
        }


@dataclass
class SpeakerReport:
    model: str
    documents: int
    seconds: float
    items: list[Item] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        tally = Tally()
        for item in self.items:
            tally = tally.add(item)
        return tally

    def by_kind(self) -> dict[str, Tally]:
        tallies: dict[str, Tally] = {}
        for item in self.items:
            tallies[item.gold.mention] = tallies.get(item.gold.mention, Tally()).add(item)
        return {k: tallies[k] for k in sorted(tallies, key=lambda k: KINDS.index(k) if k in KINDS else 99)}

    @property
    def errors(self) -> list[Item]:
        return [i for i in self.items if not (i.matched and i.right)]

    def to_json(self) -> dict[str, Any]:
        overall = self.overall
        return {
            "model": self.model,
            "documents": self.documents,
            "items": overall.items,
            "matched": overall.matched,
            "seconds": round(self.seconds, 2),
            "overall": overall.figures(),
            "by_mention": {
                k: {"items": t.items, "matched": t.matched, **t.figures()} for k, t in self.by_kind().items()
            },
        }


Track = Callable[[Iterator[Document]], Iterator[Document]]


def evaluate_speakers(
    polnear: Path | None,
    model: str | None = None,
    spacy_model: str | None = None,
    data: str | os.PathLike[str] = DATA,
    track: Track | None = None,
) -> SpeakerReport:
    """Extract every labelled document with ``model`` and score its speakers."""
    golds = load_speaker_set(data)
    docs = sorted({g.doc for g in golds})
    articles = []
    for doc in docs:
        path = doc_path(doc, polnear)
        try:
            articles.append(Article(text=path.read_text(encoding="utf-8"), source=doc))
        except OSError as exc:
            raise InputError(str(path), f"cannot read the text of {doc} ({exc.strerror})") from exc
    name = model or default_model()
    started = time.perf_counter()
    documents = iter(load_extractor(name, spacy_model).extract_many(articles))
    extracted = {d.article.source: d for d in (track(documents) if track else documents)}
    items = [match(g, extracted[g.doc].attributions) for g in golds]
    return SpeakerReport(name, len(docs), time.perf_counter() - started, items)


def data_sha256(polnear: Path | None, data: str | os.PathLike[str] = DATA) -> str:
    """sha256 over the speaker set and every document text it reads, in order."""
    digest = hashlib.sha256(Path(data).read_bytes())
    for doc in sorted({g.doc for g in load_speaker_set(data)}):
        digest.update(doc.encode() + b"\n")
        digest.update(doc_path(doc, polnear).read_bytes())
    return digest.hexdigest()


def write_speaker_errors(report: SpeakerReport, path: str | os.PathLike[str]) -> Path:
    """Every gold source not matched or resolved wrong: Markdown for ``.md``, else JSON Lines."""
    out = Path(path)
    with out.open("w", encoding="utf-8") as stream:
        if out.suffix.lower() in (".md", ".markdown"):
            stream.write(f"# Speaker errors of `{report.model}`\n\n")
            counts = Counter(i.gold.mention for i in report.errors)
            stream.write(", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) + "\n")
            current = None
            for item in report.errors:
                if item.gold.doc != current:
                    current = item.gold.doc
                    stream.write(f"\n## {current}\n\n")
                stream.write(_markdown(item) + "\n")
        else:
            for item in report.errors:
                stream.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
    return out


def _markdown(item: Item) -> str:
    g, s = item.gold, item.speaker
    where = f"`{g.source[0]}-{g.source[1]}` {g.mention}: “{' '.join(g.source_text.split())}”"
    if not item.matched:
        return f"- {where} — not found (gold {g.name} [{g.type}])"
    got = f"{s.name} [{s.type}]" if s else "no speaker"
    return f"- {where} — got {got}, gold {g.name} [{g.type}]"


GATED = ("coverage", "accuracy", "name_accuracy")


def update_floors(
    path: str | os.PathLike[str], report: SpeakerReport, sha256: str, margin: float = 0.01
) -> dict:
    """Record a measurement in the speaker floors file: each gated figure minus ``margin``,
    floors only ever raised on the same data (replaced when the data changed)."""
    file = Path(path)
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
    old = data.get("gates", {}).get(report.model, {})
    measured = report.overall.figures()
    floors = {k: round(max(0.0, measured[k] - margin), 4) for k in GATED}
    if old.get("data_sha256") == sha256:
        floors = {k: max(v, float(old.get("floors", {}).get(k, 0.0))) for k, v in floors.items()}
    data.setdefault("gates", {})[report.model] = {
        "data_sha256": sha256,
        "measured": measured,
        "floors": floors,
    }
    data["policy"] = (
        "Floors for tests/test_gate_speakers.py, raised only: `python -m according.eval.speakers MODEL` "
        "re-measures and keeps max(old floor, measured - 0.01). Lowering one is a deliberate edit."
    )
    file.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return floors


def _main() -> None:
    """``python -m according.eval.speakers [MODEL] [--floors FILE]``: measure and pin floors."""
    import argparse

    from .polnear import find_polnear

    parser = argparse.ArgumentParser(prog="python -m according.eval.speakers", description=_main.__doc__)
    parser.add_argument("model", nargs="?", default="default")
    parser.add_argument("--polnear", default=None)
    parser.add_argument("--floors", default="tests/speaker_floors.json")
    args = parser.parse_args()
    root = find_polnear(args.polnear)
    report = evaluate_speakers(root, model=args.model)
    floors = update_floors(args.floors, report, data_sha256(root))
    print(json.dumps({"measured": report.overall.figures(), "floors": floors}, indent=2))


if __name__ == "__main__":
    _main()
