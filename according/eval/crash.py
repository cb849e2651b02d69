"""Crash safety of ingest: kill it with SIGKILL at random points, then check the store.

``python -m according.eval.crash --db according-crash.db --kills 100`` writes a corpus of
articles, then 100 times starts an ingest of it into ``--db`` (a path or ``postgresql://…``) and
kills it with SIGKILL (no cleanup, possibly mid-transaction) at a random point: after a random
number of stored articles plus a random few milliseconds, or at a random time; every third ingest
re-stores what is there (``--force``: updates, which delete and rewrite an article's rows). After every kill
the store must hold no partial article (each article has exactly the attributions its text
gives, in positions 0..n-1), no duplicate, no claim without an appearance, and a full-text index
that agrees with the attributions (SQLite FTS5 ``integrity-check``; PostgreSQL's search column
set on every row). A last ingest runs to the end and must leave every article stored exactly
once, equal to a reference ingest without kills. It prints one line per kill and a summary::

    crash: sqlite 100 kills (83 mid-ingest), 0 violations; rerun complete: 320 articles, 0 lost or different

The extractor is a fast, deterministic stand-in (``--extractor said``: each "X said Y." is an
attribution), so the run measures the store's transactions, not the parser; ``--extractor rules``
or ``default`` runs the real ones (each restart then reloads spaCy).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..document import Article, Attribution, Content, Document, Span, Speaker
from ..errors import NoStoreYetError

PEOPLE = ["Vladimir Osechkin", "Anna Petrova", "Boris Johnson", "Maria Lopez", "The council", "Officials"]
TOPICS = ["the bridge", "the budget", "the hospital", "the harbour", "the prison", "the river", "the school"]
_SAID = re.compile(r"(?m)^([^.\n]+?) said (?:that )?([^.\n]+)\.")


class SaidExtractor:
    """A deterministic stand-in extractor: every sentence "X said Y." is one attribution."""

    name = "said"

    def extract(self, article: Article) -> Document:
        text = article.text
        found = []
        for m in _SAID.finditer(text):
            speaker = m[1].strip()
            cue = m.start() + len(m[1]) + 1
            found.append(
                Attribution(
                    kind="indirect",
                    cue=Span.of(text, cue, cue + 4),
                    content=Content.of(text, [m.span(2)]),
                    source=Span.of(text, m.start(1), m.end(1)),
                    speaker=Speaker(
                        speaker, "group" if speaker[0].islower() or speaker == "Officials" else "person"
                    ),
                )
            )
        return Document(article=article, attributions=tuple(found))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        return (self.extract(a) for a in articles)


def write_corpus(folder: Path, count: int, seed: int = 1) -> dict[str, int]:
    """``count`` article files; returns file name -> number of attributions its text gives."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for i in range(count):
        lines = [f"Story {i}: a report on {rng.choice(TOPICS)}", ""]
        n = rng.randint(1, 8)
        for k in range(n):
            who, what = rng.choice(PEOPLE), rng.choice(TOPICS)
            lines.append(f"{who} said that {what} would change in week {i}-{k} of the plan.")
            lines.append("")
        name = f"story-{i:04d}.txt"
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
        expected[name] = n
    return expected


def worker(db: str, inputs: str, extractor_name: str, force: bool = False) -> None:
    """Ingest every file of ``inputs`` not yet stored (all of them, as updates, with ``force``)
    through the library's one ingest pipeline; prints "stored NAME" after each commit."""
    from ..batch import ExtractOptions
    from ..ingest import IngestOptions
    from ..store.ingest import Ingest, IngestConfig
    from ..store.repository import SaveResult, Store

    config = IngestConfig(
        read=IngestOptions(cache=False), extract=ExtractOptions(extractor_name), force=force
    )
    with Store(db, similarity="lexical") as store:
        run = Ingest(store, config, extractor=SaidExtractor() if extractor_name == "said" else None)
        for result in run.stream([inputs]):
            if isinstance(result, SaveResult):
                print(f"stored {result.article_id}", flush=True)


def check(db: str, expected: dict[str, int] | None) -> list[str]:
    """What is wrong with the store after a kill (empty when nothing is)."""
    from sqlalchemy import func, select, text

    from ..store.models import ArticleRow, AttributionRow, ClaimRow
    from ..store.repository import Store

    problems = []
    with Store(db, similarity="lexical", create=False) as store, store.session() as s:
        rows = s.execute(select(ArticleRow.id, ArticleRow.path, ArticleRow.content_hash)).all()
        hashes = [r.content_hash for r in rows]
        if len(hashes) != len(set(hashes)):
            problems.append(f"{len(hashes) - len(set(hashes))} duplicate articles")
        positions: dict[int, list[int]] = {}
        for article_id, position in s.execute(select(AttributionRow.article_id, AttributionRow.position)):
            positions.setdefault(article_id, []).append(position)
        for article_id, path, _ in rows:
            have = sorted(positions.get(article_id, []))
            if have != list(range(len(have))):
                problems.append(f"article {article_id}: attribution positions {have[:8]} are not 0..n-1")
            name = Path(path or "").name
            if expected is not None and expected.get(name, len(have)) != len(have):
                problems.append(
                    f"article {name}: {len(have)} attributions stored, its text gives {expected[name]}"
                )
        orphans = s.scalar(
            select(func.count())
            .select_from(ClaimRow)
            .where(
                ClaimRow.id.not_in(
                    select(AttributionRow.claim_id).where(AttributionRow.claim_id.is_not(None))
                )
            )
        )
        if orphans:
            problems.append(f"{orphans} claims without any appearance")
        if store.dialect == "sqlite":
            try:
                s.execute(text("INSERT INTO attributions_fts(attributions_fts) VALUES ('integrity-check')"))
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                problems.append(f"FTS index disagrees with the attributions: {exc}")
            s.rollback()
        else:
            missing = s.scalar(text("SELECT count(*) FROM attributions WHERE search IS NULL"))
            if missing:
                problems.append(f"{missing} attributions without a search vector")
    return problems


def _start(db: str, inputs: Path, extractor: str, force: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "according.eval.crash", "--worker", "--db", db, "--inputs", str(inputs)]
        + ["--extractor", extractor]
        + (["--force"] if force else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_at_random(proc: subprocess.Popen[str], rng: random.Random, total: int, max_wait: float) -> int:
    """SIGKILL ``proc`` after a random number of stored articles (plus a few ms) or a random time;
    returns how many it reported stored."""
    assert proc.stdout is not None
    stored = 0
    if rng.random() < 0.3:
        time.sleep(rng.uniform(0, max_wait))
    else:
        target = rng.randint(0, min(8, total))
        deadline = time.monotonic() + max_wait * 4
        while stored < target and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            stored += line.startswith("stored")
        time.sleep(rng.uniform(0, 0.03))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return stored


def run(db: str, kills: int, articles: int, extractor: str, seed: int, workdir: Path, log=print) -> list[str]:  # type: ignore[no-untyped-def]
    """The whole exercise; returns every violation found (empty: crash safe)."""
    rng = random.Random(seed)
    inputs = workdir / "corpus"
    expected = write_corpus(inputs, articles, seed) if extractor == "said" else None
    if expected is None:
        write_corpus(inputs, articles, seed)
    violations: list[str] = []
    mid = 0
    for k in range(1, kills + 1):
        proc = _start(db, inputs, extractor, force=k % 3 == 0)  # every third run re-stores (updates)
        stored = _kill_at_random(proc, rng, articles, max_wait=1.5 if extractor == "said" else 8.0)
        mid += stored > 0
        try:
            found = check(db, expected)
        except NoStoreYetError:
            found = []  # killed before the first schema committed: nothing stored, nothing lost
        except Exception as exc:  # noqa: BLE001 - a store that cannot even be opened is a finding
            found = [f"cannot open the store after the kill: {exc}"]
        violations += [f"kill {k}: {p}" for p in found]
        log(f"kill {k}: {stored} stored in that run, {len(found)} violations")
    done = _start(db, inputs, extractor)
    _, err = done.communicate(timeout=1800)
    if done.returncode != 0:
        violations.append(f"the final ingest failed: {err.strip()[-500:]}")
    violations += [f"after the rerun: {p}" for p in check(db, expected)]
    reference = _reference(workdir, inputs, extractor, db)
    lost = _compare(db, reference)
    violations += lost
    backend = "postgresql" if db.startswith("postgres") else "sqlite"
    log(
        f"crash: {backend} {kills} kills ({mid} mid-ingest), {len(violations)} violations; "
        f"rerun complete: {len(reference)} articles, {len(lost)} lost or different"
    )
    return violations


def _counts(db: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from ..store.models import ArticleRow, AttributionRow
    from ..store.repository import Store

    with Store(db, similarity="lexical", create=False) as store, store.session() as s:
        return {
            key: n
            for key, n in s.execute(
                select(ArticleRow.content_hash, func.count(AttributionRow.id))
                .outerjoin(AttributionRow, AttributionRow.article_id == ArticleRow.id)
                .group_by(ArticleRow.content_hash)
            )
        }


def _reference(workdir: Path, inputs: Path, extractor: str, db: str) -> dict[str, int]:
    reference = str(workdir / "reference.db")
    done = _start(reference, inputs, extractor)
    done.communicate(timeout=1800)
    return _counts(reference)


def _compare(db: str, reference: dict[str, int]) -> list[str]:
    have = _counts(db)
    out = [f"article {k[:12]}: missing after the rerun" for k in reference if k not in have]
    out += [
        f"article {k[:12]}: {have[k]} attributions, {n} without kills"
        for k, n in reference.items()
        if k in have and have[k] != n
    ]
    out += [f"article {k[:12]}: stored but not in the corpus" for k in have if k not in reference]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m according.eval.crash", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", help="a SQLite path or postgresql://… (default: a new file in a temp dir)")
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--articles", type=int, help="corpus size (default: 3 per kill, plus 20)")
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--extractor", default="said", help="said (fast stand-in) | rules | default")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.db, args.inputs, args.extractor, args.force)
        return 0
    articles = args.articles or 3 * args.kills + 20
    with tempfile.TemporaryDirectory(prefix="according-crash-") as tmp:
        db = args.db or str(Path(tmp) / "crash.db")
        violations = run(db, args.kills, articles, args.extractor, args.seed, Path(tmp))
    for line in violations[:50]:
        print(f"  {line}")
    return 1 if violations else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
