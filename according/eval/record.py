"""Score the record on hand-labelled pairs: is it one speaker, is it one claim?

``according/eval/data/record_speakers.jsonl`` and ``record_claims.jsonl`` pair gold PolNeAR
spans from two articles and say whether they are the same person (or body) and the same
claim. The evaluation does what a user does: it ingests every article involved, in order of
publication, with the default extractor, into a fresh SQLite store (outlet and date from the
PolNeAR file name; the text read as ``according ingest`` reads a file, mojibake repaired, with
the gold offsets moved along), then maps each gold span to the extracted attribution that overlaps it and
compares the canonical speaker ids (claim ids). Two figures per task:

- **record**: pairs whose two sides both map to an attribution; this measures identity and
  grouping, the store's decisions.
- **end to end**: all pairs, an unmapped side counting as "not the same"; this adds what
  extraction missed. ``coverage`` is the share of pairs that map.

Run ``according evaluate --record`` (``--json`` for the figures, ``--errors FILE`` for the
misjudged pairs).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import difflib
import hashlib
import json
import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ..analysis.claims import NEVER, threshold
from ..analysis.similarity import DEFAULT_METHOD, Similarity
from ..attribution import Extractor
from ..batch import ExtractOptions
from ..document import Article, Document
from ..errors import InputError
from ..ingest.filemeta import MetadataOptions, compile_pattern
from ..ingest.text import decode_text
from ..store.models import AttributionRow, ClaimRow, SpeakerRow
from ..store.repository import Store
from .doccache import DocumentCache, extract_cached
from .polnear import POLNEAR_NAMES

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
SPEAKER_PAIRS = DATA / "record_speakers.jsonl"
CLAIM_PAIRS = DATA / "record_claims.jsonl"
_NAMES = compile_pattern(POLNEAR_NAMES)

Span = tuple[int, int]


@dataclass(frozen=True)
class PairScores:
    """Pairwise precision / recall of "same" decisions."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def pairs(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: bool, gold: bool) -> PairScores:
        return PairScores(
            self.tp + (predicted and gold),
            self.fp + (predicted and not gold),
            self.fn + (gold and not predicted),
            self.tn + (not gold and not predicted),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Side:
    """One side of a pair: a gold span (source, or content pieces) in one article."""

    doc: str
    spans: tuple[Span, ...]

    @property
    def split(self) -> str:
        return self.doc.split(":")[1]

    @property
    def name(self) -> str:
        return self.doc.split(":", 2)[2]


@dataclass(frozen=True)
class Pair:
    a: Side
    b: Side
    same: bool
    label: str  # category (speakers) or relation (claims)
    line: int
    raw: dict[str, Any] = field(hash=False, compare=False)


def _side(data: dict[str, Any], key: str, where: str) -> Side:
    doc = data.get("doc", "")
    if not doc.startswith("polnear:") or doc.count(":") < 2:
        raise InputError(where, f"doc {doc!r} is not polnear:<split>:<name>")
    value = data.get(key)
    if value is None:
        spans: tuple[Span, ...] = ()
    elif key == "source":
        spans = ((int(value[0]), int(value[1])),)
    else:
        spans = tuple((int(s), int(e)) for s, e in value)
    return Side(doc, spans)


def load_pairs(path: Path, key: str) -> list[Pair]:
    """Pairs from a record file; ``key`` is ``source`` (speakers) or ``content`` (claims)."""
    label = "category" if key == "source" else "relation"
    pairs = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{i}"
        try:
            data = json.loads(line)
            pairs.append(
                Pair(
                    _side(data["a"], key, where),
                    _side(data["b"], key, where),
                    bool(data["same"]),
                    str(data.get(label, "")),
                    i,
                    data,
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(where, f"not a record pair ({exc})") from None
    return pairs


def data_sha256(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\n" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Source:
    """A PolNeAR article as a user's ingest reads it, and its file's own text, which the gold
    offsets count in."""

    article: Article
    raw: str

    def moved(self, span: Span) -> Span:
        """``span`` of the file's text, in the article's text (the same unless ingest repaired
        mojibake: "PeÃ±a" is two letters longer than "Peña")."""
        if self.article.text == self.raw:
            return span
        return self._moves(span)

    @cached_property
    def _moves(self) -> Callable[[Span], Span]:
        """Aligned once per article: a pair file moves many spans of the same text."""
        return _offsets(self.raw, self.article.text)


def _offsets(raw: str, text: str) -> Callable[[Span], Span]:
    """Where the offsets of ``raw`` fall in ``text``, its repaired copy: unchanged runs move by
    their shift; a span edge inside a repaired run goes to that run's edge."""
    blocks = _matching_blocks(raw, text)
    starts = [a for a, _, _ in blocks]

    def at(offset: int, end: bool) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0:
            a, b, size = blocks[i]
            if offset < a + size or (end and offset == a + size):
                return b + offset - a
            return b + size  # inside a repaired run: its edge
        return 0

    return lambda span: (at(span[0], False), at(span[1], True))


def _matching_blocks(raw: str, text: str) -> list[tuple[int, int, int]]:
    """difflib's matching blocks of ``raw`` in ``text``, line by line when the repair kept the
    lines (it mends letters, never line breaks): difflib over a whole article is quadratic,
    seconds an article, over one line it is instant."""
    raw_lines, lines = raw.split("\n"), text.split("\n")
    if len(raw_lines) != len(lines):
        whole = difflib.SequenceMatcher(None, raw, text, autojunk=False)
        return [(a, b, size) for a, b, size in whole.get_matching_blocks()]
    blocks: list[tuple[int, int, int]] = []
    a0 = b0 = 0
    for old, new in zip(raw_lines, lines, strict=True):
        if old == new:
            blocks.append((a0, b0, len(old) + 1))
        else:
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            blocks.extend((a0 + a, b0 + b, size) for a, b, size in matcher.get_matching_blocks() if size)
            blocks.append((a0 + len(old), b0 + len(new), 1))  # the line break
        a0, b0 = a0 + len(old) + 1, b0 + len(new) + 1
    return blocks


def read_articles(root: Path, docs: Iterable[str]) -> dict[str, Source]:
    """The PolNeAR articles, read as ``according ingest`` reads a text file (mojibake
    repaired), with outlet, date and title from their file names."""
    metadata = MetadataOptions(name_pattern=_NAMES)
    out = {}
    for doc in sorted(set(docs)):
        _, split, name = doc.split(":", 2)
        path = root / split / "text" / f"{name}.txt"
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = f"cannot read the PolNeAR article ({exc.strerror}); check --polnear"
            raise InputError(str(path), reason) from None
        text = decode_text(data, str(path))
        article = Article(text=text, path=str(path), source=f"polnear:{split}/{name}")
        out[doc] = Source(metadata.apply(article), data.decode("utf-8", errors="replace"))
    return out


def check_texts(pairs: Iterable[Pair], sources: dict[str, Source]) -> list[Pair]:
    """The pairs with their offsets moved into the texts as ingest reads them; refuses a
    PolNeAR copy whose texts are not the ones the pairs were labelled on."""
    moved = []
    for pair in pairs:
        for side, raw in ((pair.a, pair.raw["a"]), (pair.b, pair.raw["b"])):
            expected = raw.get("source_text")
            if expected is None or not side.spans or "content" in raw:
                continue
            s, e = side.spans[0]
            if sources[side.doc].raw[s:e] != expected:
                raise InputError(
                    side.doc,
                    f"text at {s}-{e} is not {expected!r}: this PolNeAR copy differs from the one "
                    "the record pairs were labelled on",
                )
        a, b = (Side(x.doc, tuple(sources[x.doc].moved(sp) for sp in x.spans)) for x in (pair.a, pair.b))
        moved.append(Pair(a, b, pair.same, pair.label, pair.line, pair.raw))
    return moved


def publication_order(articles: dict[str, Article]) -> list[str]:
    """Documents in the order a newsroom archive would be ingested: by date, then name."""
    return sorted(articles, key=lambda d: (articles[d].published or _dt.date.min, d))


@dataclass(frozen=True)
class Mapped:
    """What the store made of one gold span: the attribution it maps to and its links."""

    attribution: int | None
    speaker_id: int | None = None
    claim_id: int | None = None
    speaker: str | None = None
    content: str | None = None
    name: str | None = None  # the speaker's name in its article, as the extractor resolved it


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _mapped(row: Any) -> Mapped:
    return Mapped(row.id, row.speaker_id, row.claim_id, row.speaker, row.content_text, row.speaker_name)


Explain = Callable[[Mapped, Mapped, bool], str]


def speaker_miss(a: Mapped, b: Mapped, gold: bool) -> str:
    """Why the record misjudged a speaker pair, as ``category: detail`` (see ``MISSES``)."""
    if a.attribution is None or b.attribution is None:
        return "unmapped: no extracted source overlaps a gold span"
    if not gold:
        return f"merged: one canonical speaker {a.speaker!r} for {a.name!r} and {b.name!r}"
    if a.speaker_id is None or b.speaker_id is None:
        unnamed = a.name if a.speaker_id is None else b.name
        return f"no canonical speaker: {unnamed!r} names nobody (a pronoun, a description or nothing)"
    return f"different speakers: {a.speaker!r} (as {a.name!r}) and {b.speaker!r} (as {b.name!r})"


def claim_miss(similarity: Similarity) -> Explain:
    """Why the record misjudged a claim pair, as ``category: detail`` (see ``MISSES``)."""

    def explain(a: Mapped, b: Mapped, gold: bool) -> str:
        if a.attribution is None or b.attribution is None:
            return "unmapped: no extracted content overlaps a gold span"
        if not gold:
            return f"grouped: claim {a.claim_id}, speakers {a.speaker!r} and {b.speaker!r}"
        if a.claim_id is None or b.claim_id is None:
            return "no substance: a content too short to make a claim group"
        va, vb = similarity.encode([a.content or "", b.content or ""])
        score = similarity.score(va, vb)
        needs = threshold(similarity.thresholds, a.speaker_id, b.speaker_id)
        if a.speaker_id is not None and b.speaker_id is not None and a.speaker_id != b.speaker_id:
            apart = "never joined" if needs == NEVER else f"< {needs:.2f}" if score < needs else "but apart"
            return f"different speakers: {a.speaker!r} and {b.speaker!r} (similarity {score:.2f} {apart})"
        who = "same speaker" if a.speaker_id == b.speaker_id else "one speaker unknown"
        if score < needs:
            return f"{who}, dissimilar: similarity {score:.2f} < {needs:.2f}"
        return (
            f"{who}, similar but apart: similarity {score:.2f} >= {needs:.2f} (not among the wordings "
            "searched, the claim's wordings disagree on average, or a response)"
        )

    return explain


#: The misjudged pairs' categories, as ``--errors`` and the JSON report count them.
MISSES = (
    "unmapped",
    "merged",
    "no canonical speaker",
    "different speakers",
    "grouped",
    "no substance",
    "same speaker, dissimilar",
    "same speaker, similar but apart",
    "one speaker unknown, dissimilar",
    "one speaker unknown, similar but apart",
)


class Located:
    """The stored attributions of one article, to map gold spans onto."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def source(self, span: Span) -> Mapped:
        best = max(
            (r for r in self.rows if r.source_start is not None),
            key=lambda r: _overlap([span], [(r.source_start, r.source_end)]),
            default=None,
        )
        if best is None or not _overlap([span], [(best.source_start, best.source_end)]):
            return Mapped(None)
        return _mapped(best)

    def content(self, spans: Sequence[Span]) -> Mapped:
        best = max(self.rows, key=lambda r: _overlap(spans, r.content_spans), default=None)
        if best is None or not _overlap(spans, best.content_spans):
            return Mapped(None)
        return _mapped(best)


@dataclass
class TaskReport:
    """Scores of one task (speakers or claims) and the pairs it got wrong."""

    record: PairScores = field(default_factory=PairScores)
    end_to_end: PairScores = field(default_factory=PairScores)
    by_label: dict[str, PairScores] = field(default_factory=dict)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def misses(self) -> Counter[str]:
        """The misjudged pairs counted by why (``MISSES``), over the pairs that map."""
        return Counter(w["why"].split(":")[0] for w in self.wrong if w["mapped"])

    @property
    def coverage(self) -> float:
        return self.record.pairs / self.end_to_end.pairs if self.end_to_end.pairs else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "record": self.record.to_json(),
            "end_to_end": self.end_to_end.to_json(),
            "coverage": round(self.coverage, 4),
            "by_label": {k: v.to_json() for k, v in sorted(self.by_label.items())},
            "misses": dict(sorted(self.misses.items())),
        }


def _landed(side: Side, mapped: Mapped, link: str) -> dict[str, Any]:
    return {
        "doc": side.doc,
        "speaker": mapped.speaker,
        "name": mapped.name,
        link: getattr(mapped, link),
        "content": mapped.content,
    }


def score(
    pairs: Iterable[Pair], locate: Callable[[Side], Mapped], link: str, explain: Explain = speaker_miss
) -> TaskReport:
    """Score ``pairs`` given where each side landed; ``link`` is ``speaker_id`` or ``claim_id``;
    ``explain`` says why a pair was misjudged."""
    report = TaskReport()
    for pair in pairs:
        a, b = locate(pair.a), locate(pair.b)
        ida, idb = getattr(a, link), getattr(b, link)
        predicted = ida is not None and ida == idb
        mapped = a.attribution is not None and b.attribution is not None
        report.end_to_end = report.end_to_end.add(predicted, pair.same)
        if mapped:
            report.record = report.record.add(predicted, pair.same)
            label = report.by_label.get(pair.label, PairScores())
            report.by_label[pair.label] = label.add(predicted, pair.same)
        if predicted != pair.same:
            report.wrong.append(
                {
                    "line": pair.line,
                    "same": pair.same,
                    "label": pair.label,
                    "mapped": mapped,
                    "why": explain(a, b, pair.same),
                    "a": _landed(pair.a, a, link),
                    "b": _landed(pair.b, b, link),
                    "note": pair.raw.get("note"),
                }
            )
    return report


@dataclass
class RecordReport:
    model: str
    similarity: str
    articles: int
    seconds: float
    data_sha256: str
    speakers: TaskReport
    claims: TaskReport
    failed: list[str] = field(default_factory=list)  # articles the extractor broke on

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "similarity": self.similarity,
            "articles": self.articles,
            "failed": self.failed,
            "seconds": round(self.seconds, 1),
            "data_sha256": self.data_sha256,
            "speakers": self.speakers.to_json(),
            "claims": self.claims.to_json(),
        }

    def figures(self) -> dict[str, float]:
        """The gated figures, named as in the floors file."""
        out = {}
        for task, report in (("speakers", self.speakers), ("claims", self.claims)):
            for scope, scores in (("record", report.record), ("end_to_end", report.end_to_end)):
                for metric in ("precision", "recall", "f1"):
                    out[f"{task}/{scope}/{metric}"] = round(getattr(scores, metric), 4)
        return out


Track = Callable[[Iterator[Document]], Iterator[Document]]


def _untracked(documents: Iterator[Document]) -> Iterator[Document]:
    return documents


def evaluate_record(
    root: str | os.PathLike[str],
    *,
    model: str | None = None,
    spacy_model: str | None = None,
    similarity: str | None = None,
    speaker_pairs: Path = SPEAKER_PAIRS,
    claim_pairs: Path = CLAIM_PAIRS,
    cache: DocumentCache | None = None,
    keep: Path | None = None,
    track: Track = _untracked,
    extractor: Extractor | None = None,
    jobs: int = 1,
) -> RecordReport:
    """Ingest every article the pairs use into a temporary store (``keep``: into this new
    SQLite file, left for reading) and score both tasks.

    Extraction streams into the store: with ``jobs`` worker processes extracting ahead while
    this process stores in publication order. ``cache``: documents already extracted by the
    same extractor (a test session's, or ``--cache DIR``'s) are read back, not extracted."""
    started = time.perf_counter()
    speakers = load_pairs(speaker_pairs, "source")
    claims = load_pairs(claim_pairs, "content")
    sources = read_articles(Path(root), (s.doc for p in [*speakers, *claims] for s in (p.a, p.b)))
    speakers, claims = check_texts(speakers, sources), check_texts(claims, sources)
    articles = {doc: source.article for doc, source in sources.items()}
    order = publication_order(articles)
    with tempfile.TemporaryDirectory(prefix="according-record-") as tmp:
        if keep is not None and keep.exists():
            raise InputError(str(keep), "already exists; --keep writes a new database")
        where = str(keep) if keep is not None else str(Path(tmp) / "record.db")
        with Store(where, similarity=similarity or DEFAULT_METHOD) as store:
            ids: dict[str, int] = {}
            failed: list[str] = []
            options = ExtractOptions(model=model, spacy_model=spacy_model, jobs=jobs)
            documents = extract_cached(
                [articles[d] for d in order], options, cache, extractor=extractor, failed=failed
            )
            for doc_id, document in zip(order, track(documents), strict=True):
                ids[doc_id] = store.save(document).article_id
            located = _locate_all(store, ids)
            grouping = store.similarity
        speaker_report = score(speakers, lambda s: located[s.doc].source(s.spans[0]), "speaker_id")
        claim_report = score(
            claims, lambda s: located[s.doc].content(s.spans), "claim_id", claim_miss(grouping)
        )
    return RecordReport(
        model=extractor.name if extractor else model or "default",
        similarity=grouping.name,
        articles=len(articles),
        seconds=time.perf_counter() - started,
        data_sha256=data_sha256(speaker_pairs, claim_pairs),
        speakers=speaker_report,
        claims=claim_report,
        failed=failed,
    )


def _locate_all(store: Store, ids: dict[str, int]) -> dict[str, Located]:
    by_article: dict[int, list[Any]] = {i: [] for i in ids.values()}
    with store.session() as s:
        rows = s.execute(
            select(
                AttributionRow.id,
                AttributionRow.article_id,
                AttributionRow.source_start,
                AttributionRow.source_end,
                AttributionRow.content_spans,
                AttributionRow.content_text,
                AttributionRow.speaker_id,
                AttributionRow.claim_id,
                AttributionRow.speaker_name,
                SpeakerRow.name.label("speaker"),
                ClaimRow.id.label("claim"),
            )
            .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
            .outerjoin(ClaimRow, ClaimRow.id == AttributionRow.claim_id)
            .where(AttributionRow.article_id.in_(list(ids.values())))
        ).all()
    for row in rows:
        by_article[row.article_id].append(row)
    return {doc: Located(by_article[i]) for doc, i in ids.items()}


def labels_counted(pairs: Iterable[Pair]) -> Counter[str]:
    return Counter(p.label for p in pairs)


def write_wrong(report: RecordReport, path: Path) -> None:
    """The misjudged pairs as JSON Lines, with what each side mapped to, for reading."""
    with path.open("w", encoding="utf-8") as stream:
        for task, part in (("speakers", report.speakers), ("claims", report.claims)):
            for wrong in part.wrong:
                stream.write(json.dumps({"task": task, **wrong}, ensure_ascii=False) + "\n")


FLOORS_POLICY = (
    "Score floors for tests/test_gate_record.py. Floors are only ever raised: "
    "`python -m according.eval.record --pin tests/record_floors.json` re-measures and keeps "
    "max(old floor, measured - 0.01) while the record data is unchanged. Lowering a floor is a "
    "deliberate edit that must be explained in its commit message."
)


def below_floors(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One message per figure under its floor (a figure missing from the run counts as 0)."""
    return [
        f"{name} {figures.get(name, 0.0):.4f} < floor {floor:.4f}"
        for name, floor in sorted(floors.items())
        if figures.get(name, 0.0) < floor
    ]


def pin_floors(path: Path, report: RecordReport, margin: float = 0.01) -> dict[str, float]:
    """Record a measurement in the floors file, raising floors only while the data is the same."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    same = old.get("data_sha256") == report.data_sha256 and old.get("model") == report.model
    measured = report.figures()
    floors = {k: round(max(0.0, v - margin), 4) for k, v in measured.items()}
    if same:
        floors = {k: max(v, float(old.get("floors", {}).get(k, 0.0))) for k, v in floors.items()}
    data = {
        "policy": FLOORS_POLICY,
        "model": report.model,
        "similarity": report.similarity,
        "data_sha256": report.data_sha256,
        "measured": measured,
        "floors": floors,
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return floors


def _main() -> None:
    """``python -m according.eval.record [--polnear DIR] [--cache FILE] [--pin FLOORS]``."""
    import argparse

    from .polnear import find_polnear

    parser = argparse.ArgumentParser(prog="python -m according.eval.record", description=_main.__doc__)
    parser.add_argument("--polnear", default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--similarity", default=None)
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep extracted documents here and reuse them (keyed by the extractor's code and model)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="extraction worker processes (default 2)")
    parser.add_argument("--errors", type=Path, default=None, help="write the misjudged pairs here")
    parser.add_argument("--pin", type=Path, default=None, help="raise the floors in this file")
    parser.add_argument("--keep", type=Path, default=None, help="build the store in this new SQLite file")
    parser.add_argument("--audit", default=None, metavar="DB", help="only check a store of real articles")
    args = parser.parse_args()
    if args.audit:
        with Store(args.audit, create=False, similarity="lexical") as store:
            print(json.dumps(audit(store), indent=2, ensure_ascii=False))
        return
    root = find_polnear(args.polnear)
    if root is None:
        parser.error("PolNeAR not found: pass --polnear DIR or set ACCORDING_POLNEAR")
    cache = DocumentCache(args.cache) if args.cache else None
    report = evaluate_record(
        root, model=args.model, similarity=args.similarity, cache=cache, keep=args.keep, jobs=args.jobs
    )
    print(json.dumps(report.to_json(), indent=2))
    if args.errors:
        write_wrong(report, args.errors)
    if args.pin:
        print(json.dumps({"floors": pin_floors(args.pin, report)}, indent=2))



def audit(store: Store, examples: int = 5) -> dict[str, Any]:
    """What the issue's checks on a store of real articles look for, counted with examples:
    speakers joining a name with a suffix and one without (each with the recorded reason, to
    check it is one person and not a father and son), a pronoun or determiner as a canonical
    speaker, claims under a bare-surname speaker in an article that names exactly one person of
    that surname in full, and claim groups of fewer than three words seen three times or more."""
    from ..analysis.speakers import NOT_NAMES, entities, full_names_in_text, parse_name, same_person_name
    from ..store.models import AliasRow, ArticleRow

    found: dict[str, list[Any]] = {"suffix": [], "pronoun": [], "surname_named": [], "short_group": []}
    with store.session() as s:
        names: dict[int, list[tuple[str, str | None]]] = {}
        for owner, alias, reason in s.execute(select(AliasRow.speaker_id, AliasRow.alias, AliasRow.reason)):
            names.setdefault(owner, []).append((alias, reason))
        speakers = {r.id: r for r in s.scalars(select(SpeakerRow))}
        for sid, row in speakers.items():
            parsed = parse_name(row.name, row.type)
            for alias, reason in names.get(sid, []):
                other = parse_name(alias)
                if row.type == "person" and other.full and other.surname == parsed.surname:
                    if other.suffix != parsed.suffix:
                        found["suffix"].append({"speaker": row.name, "name": alias, "reason": reason})
            if set(row.key.split()) <= NOT_NAMES:
                found["pronoun"].append(row.name)
        bare = [sid for sid, r in speakers.items() if r.type == "person" and not parse_name(r.name).full]
        for article_id, owner_id, text in s.execute(
            select(AttributionRow.article_id, AttributionRow.speaker_id, ArticleRow.text)
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .where(AttributionRow.speaker_id.in_(bare))
            .distinct()
        ):
            if owner_id is None:
                continue
            surname = parse_name(speakers[owner_id].name)
            named = entities(full_names_in_text(text, surname.display.split()[-1]))
            people = [p for p in named if same_person_name(p, surname)]
            if len(people) == 1:
                found["surname_named"].append(
                    {"article": article_id, "speaker": surname.display, "named": people[0].display}
                )
        for claim_id, claim_text, n in s.execute(
            select(ClaimRow.id, ClaimRow.text, func.count())
            .join(AttributionRow, AttributionRow.claim_id == ClaimRow.id)
            .group_by(ClaimRow.id, ClaimRow.text)
            .having(func.count() >= 3)
        ):
            if len(claim_text.split()) < 3:
                found["short_group"].append({"claim": claim_id, "text": claim_text, "appearances": n})
    return {k: {"count": len(v), "examples": v[:examples]} for k, v in found.items()}

if __name__ == "__main__":
    _main()
