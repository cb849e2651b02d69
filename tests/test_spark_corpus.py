"""The corpus stages on Spark decide speakers and claims as the store does, where its harder
rules decide (``record_docs``): written as a batch output without extraction, the record the
batch computes, loaded into SQLite and PostgreSQL, equals the record of a store that ingested
the same articles in corpus order, reasons, ambiguity, evidence and responses included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pg_cluster import pg_cluster  # noqa: F401  (fixture)
from record_docs import CANAL, JOBS, PORT, STRIKE, WATER, record_documents, wire_documents
from spark_support import ingested, record_of, spark, write_documents  # noqa: F401  (fixture)

from according.store.load import load_batch
from according.store.repository import Store


@pytest.fixture(scope="module")
def record(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:  # noqa: F811
    root = tmp_path_factory.mktemp("record")
    docs = record_documents()
    write_documents(spark, root / "out", docs)
    return {"out": root / "out", "expected": ingested(docs, str(root / "store.db"))}


def _loaded(out: Path, url: str) -> dict[str, Any]:
    with Store(url, similarity="lexical") as store:
        load_batch(str(out), store)
        return record_of(store)


def test_the_record_is_the_stores(record: dict[str, Any], tmp_path: Path) -> None:
    expected = record["expected"]
    got = _loaded(record["out"], str(tmp_path / "loaded.db"))
    assert got["speakers"] == expected["speakers"]
    assert got["claims"] == expected["claims"]
    # The articles put every kind of evidence to work (else this test would prove little).
    reasons = {alias[2] for *_, aliases in expected["speakers"].values() for alias in aliases}
    for reason in (
        "Obama taken as Barack Obama: quoted beside 2 of the same speakers",  # needs other blocks
        "Osechkin taken as Vladimir Osechkin: repeats words this person said",
        "RNC is the initials of Republican National Committee",
        "namesake of John Smith: other role and affiliation",
        "bare surname: no evidence ties it to one person",
        "Alvarez merged into Carlos Alvarez: repeats words this person said",
        "Lopez merged into Maria Lopez: same role (president)",
        "Harbour is Harbour Research Center, the one body on record named so first",
    ):
        assert reason in reasons
    names = sorted(name for name, *_ in expected["speakers"].values())
    assert {"Keel", "Keel Institute", "Keel Trust", "Brook", "Brook Foundation"} <= set(names)
    assert "Harbour" not in names  # one of Harbour Research Center's names
    assert sum(ambiguous for *_, ambiguous, _, _ in expected["speakers"].values()) == 1
    assert {kind for _, _, kind, _ in expected["claims"].values()} == {None, "denial"}
    trimmed = [places for places, (text, *_) in expected["claims"].items() if text == JOBS]
    assert len(trimmed) == 1 and len(trimmed[0]) == 2  # the unnamed officials' longer quote joined it
    # bare surnames merged into a person later: their claims apart until then
    sizes = sorted((text, len(places)) for places, (text, *_) in expected["claims"].items())
    assert [n for text, n in sizes if text in (PORT, STRIKE)] == [1, 1, 3]
    # ... unless the words are one passage word for word (six content words): "President Lopez"
    # was not yet Maria Lopez, but their canal claim is one claim
    assert [n for text, n in sizes if text in (CANAL, WATER)] == [2, 2]


def test_the_record_loads_into_postgresql(record: dict[str, Any], pg_cluster: Any) -> None:  # noqa: F811
    assert _loaded(record["out"], pg_cluster.new_database()) == record["expected"]


def test_a_wire_story_echoed_by_many_outlets_groups_as_the_store_does(
    spark: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Exact copies collapsed onto their first, a MinHash bucket larger than its window: the
    bounded candidates still give the store's claims."""
    docs = wire_documents()
    write_documents(spark, tmp_path / "out", docs)
    expected = ingested(docs, str(tmp_path / "store.db"))
    got = _loaded(tmp_path / "out", str(tmp_path / "loaded.db"))
    assert got["claims"] == expected["claims"]
    assert got["speakers"] == expected["speakers"]
    sizes = sorted(len(places) for places in expected["claims"])
    assert sizes[-1] >= 30  # the quote and its echoes: one claim across the outlets
    assert any(kind == "denial" for _, _, kind, _ in expected["claims"].values())
