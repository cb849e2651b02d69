"""The store under hostile values and concurrency, alike on SQLite and PostgreSQL: over-long
fields, NUL characters, three first ingests at once, LIKE wildcards, search operators, bad ids
and bad database URLs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pg_cluster import db_url, pg_cluster  # noqa: F401  (fixtures)
from store_docs import document
from store_writer import synthetic

from according.document import Speaker
from according.errors import NoStoreYetError, StoreError
from according.store import queries
from according.store.db import open_engine
from according.store.repository import Store

WRITER = Path(__file__).resolve().parent / "store_writer.py"


@pytest.fixture
def store(db_url: str):  # noqa: F811
    with Store(db_url, similarity="lexical") as s:
        yield s


def test_over_long_fields_are_cut_to_the_schema_on_both_backends(store: Store) -> None:
    text = "The mayor said the pier would reopen. Officials said costs had doubled."
    long_url = "https://news.example/" + "p" * 1200
    doc = document(text, [("The mayor", "the pier would reopen", "said")], url=long_url)
    a = doc.attributions[0]
    doc = replace(
        doc,
        article=replace(doc.article, language="x" * 40, site="S" * 400, title="T" * 5000),
        attributions=(replace(a, speaker=Speaker("N" * 400, "person"), channel="C" * 400),),
    )
    other = replace(doc, article=replace(doc.article, canonical_url=long_url + "q", text=text + " More."))
    first, second = store.save(doc), store.save(other)  # PostgreSQL refused these: "value too long"
    assert first.article_id != second.article_id  # long canonical URLs keep distinct keys
    loaded = store.load(first.article_id)
    assert loaded.article.language is not None and len(loaded.article.language) <= 20
    assert loaded.article.site is not None and len(loaded.article.site) == 300
    assert loaded.article.title == "T" * 5000 and loaded.article.canonical_url == long_url
    assert loaded.attributions[0].channel is not None and len(loaded.attributions[0].channel) == 300
    assert store.save(doc).status == "unchanged"  # a rerun recognises it


def test_nul_characters_are_stored_on_both_backends(store: Store) -> None:
    text = "The mayor said the pier\x00 would reopen."
    doc = document(text, [("The mayor", "the pier\x00 would reopen", "said")], url="https://n.example/nul")
    loaded = store.load(store.save(doc).article_id)
    assert loaded.article.text == text.replace("\x00", "\ufffd")
    assert loaded.attributions[0].content.spans == doc.attributions[0].content.spans


def test_three_first_ingests_into_a_fresh_database_store_the_union(db_url: str) -> None:  # noqa: F811
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), db_url, str(first), "8"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (0, 4, 8)
    ]  # 0..7, 4..11, 8..15: overlapping, 16 articles in all
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0, 0, 0], [err[-800:] for _, err in results]
    with Store(db_url, similarity="lexical") as store:
        assert store.counts()["articles"] == 16 and store.counts()["attributions"] == 48


def test_like_wildcards_in_speaker_search_match_only_themselves(store: Store) -> None:
    for i, name in enumerate(["Ninety Percent% Group", "Anna_Petrova", "Boris Johnson"]):
        text = f"{name} said the plan number {i} was fine."
        url = f"https://x.example/{i}"
        store.save(document(text, [(name, f"the plan number {i} was fine", "said")], url=url))
    # Before: "%" and "_" matched every speaker.
    assert [s["aliases"][0] for s in queries.speakers(store, search="%")] == ["Ninety Percent% Group"]
    assert [s["aliases"][0] for s in queries.speakers(store, search="_")] == ["Anna_Petrova"]
    assert len(queries.speakers(store, search="o")) == 3


def test_a_dash_in_search_means_the_same_on_both_backends(store: Store) -> None:
    # (three words at least: fewer make no claim to search)
    for i, content in enumerate(["the bridge closure was delayed", "the old bridge was repainted"]):
        text = f"Officials said {content}."
        store.save(document(text, [("Officials", content, "said")], url=f"https://b.example/{i}"))
    found = queries.claims(store, queries.ClaimFilter(search="bridge -closure"))
    assert [c["text"] for c in found] == ["the bridge closure was delayed"]
    assert len(queries.claims(store, queries.ClaimFilter(search="bridge OR nothing"))) == 2
    assert queries.claims(store, queries.ClaimFilter(search='"closure" "-" & | ! :*')) != []


def test_ids_beyond_any_row_are_not_found_not_overflows(store: Store) -> None:
    store.save(synthetic(1))
    for call in (
        lambda: queries.claim(store, 99999999999999999999999),
        lambda: queries.article(store, 2**63),
        lambda: queries.speaker(store, "99999999999999999999999"),
    ):
        with pytest.raises(StoreError, match="not found|not in"):
            call()


def test_bad_database_urls_and_files_are_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="names no database file"):
        Store("sqlite:///")
    notes = tmp_path / "notes.db"
    notes.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(str(notes))
    with pytest.raises(StoreError) as caught:
        Store("postgresql://me:hunter2@127.0.0.1:9/news?password=hunter2")
    assert "hunter2" not in str(caught.value)


def test_lone_surrogates_from_json_documents_are_stored(store: Store) -> None:
    text = "The mayor said the pier \ud800 would reopen."
    doc = document(text, [("The mayor", "the pier \ud800 would reopen", "said")], url="https://n.example/s")
    first = store.save(doc)
    loaded = store.load(first.article_id)
    assert loaded.article.text == text.replace("\ud800", "\ufffd")
    assert store.is_stored(doc.article) and store.save(doc).status == "unchanged"


def test_reading_a_store_nothing_was_stored_in_says_so_on_both_backends(db_url: str) -> None:  # noqa: F811
    """No file, or an empty database (a first ingest killed before its schema committed), is
    "nothing stored yet" (the crash check counts it as no loss), not a damaged store."""
    if db_url.startswith("postgresql"):
        # the database exists but holds nothing: what a kill before the first commit leaves
        with pytest.raises(NoStoreYetError, match="empty database"):
            open_engine(db_url, create_schema=False)
    else:
        with pytest.raises(NoStoreYetError, match="no database here"):
            open_engine(db_url, create_schema=False)
        sqlite3.connect(db_url).close()  # an empty file
        with pytest.raises(NoStoreYetError, match="empty database"):
            open_engine(db_url, create_schema=False)
