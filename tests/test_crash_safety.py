"""Ingest killed with SIGKILL at random points, on SQLite and PostgreSQL: no partial article,
no duplicate, no orphan claim, the full-text index in step, and a rerun that loses nothing.
A few kills here; ``python -m according.eval.crash --kills 100`` is the full run."""

from __future__ import annotations

from pathlib import Path

from pg_cluster import db_url, pg_cluster  # noqa: F401  (fixtures)
from sqlalchemy import delete, select

from according.eval import crash
from according.store.models import AttributionRow
from according.store.repository import Store


def test_killed_ingests_leave_a_sound_store_and_a_rerun_completes(db_url: str, tmp_path: Path) -> None:  # noqa: F811
    lines: list[str] = []
    violations = crash.run(
        db_url, kills=3, articles=16, extractor="said", seed=5, workdir=tmp_path, log=lines.append
    )
    assert violations == [], violations
    assert lines[-1].endswith("0 violations; rerun complete: 16 articles, 0 lost or different")


def test_the_checker_finds_a_partial_article(tmp_path: Path) -> None:
    expected = crash.write_corpus(tmp_path / "corpus", 4)
    db = str(tmp_path / "c.db")
    crash.worker(db, str(tmp_path / "corpus"), "said")
    assert crash.check(db, expected) == []
    with Store(db, similarity="lexical") as store, store.session() as s:
        last = s.scalar(select(AttributionRow.id).order_by(AttributionRow.id.desc()).limit(1))
        s.execute(delete(AttributionRow).where(AttributionRow.id == last))
        s.commit()
    problems = crash.check(db, expected)
    assert any("its text gives" in p for p in problems) or any("positions" in p for p in problems), problems
