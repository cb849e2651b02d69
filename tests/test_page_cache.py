"""The page cache never shows a page older than the store: any commit, from this server or from
another process, makes the next view a fresh one; only plain 200 answers are kept."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi.testclient import TestClient
from serve_support import SaidFinder, osechkin_documents, seed

from according.api import ServeConfig, create_app
from according.api.pagecache import Entry, Pages, SqliteRevision
from according.document import Article, Document
from according.store.repository import Store

TOKEN = "cache-token"


def _client(url: str, **settings: object) -> TestClient:
    config = ServeConfig(database=url, similarity="lexical", token=TOKEN, **settings)  # type: ignore[arg-type]
    return TestClient(create_app(config, extractor=SaidFinder()))


def test_repeated_views_are_served_until_another_process_writes(tmp_path: Path) -> None:
    url = str(tmp_path / "c.db")
    seed(url)
    with _client(url) as c:
        pages = c.app.state.according.pages  # type: ignore[attr-defined]
        speaker = c.get("/api/v1/speakers?search=Osechkin").json()["items"][0]
        path = f"/speakers/{speaker['id']}"
        first = c.get(path)
        again = c.get(path)
        assert pages.hits >= 1 and again.text == first.text
        assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
        before = c.get("/api/v1/articles").json()["total"]
        with Store(url, create=False, similarity="lexical") as other:  # as `according ingest` would
            other.save(_osechkin_again())
        hits = pages.hits
        after = c.get("/api/v1/articles").json()
        assert after["total"] == before + 1 and pages.hits == hits  # a fresh answer, not the kept one
        fresh = c.get(path).text
        assert fresh != first.text and "Metro" in fresh  # the speaker's new claim is on his page


def _osechkin_again() -> Document:
    text = "Vladimir Osechkin said the new prison rules would be published in June."
    return SaidFinder().extract(Article(text=text, title="Prison rules", site="Metro", published=None))


def test_a_write_through_the_server_shows_at_once(tmp_path: Path) -> None:
    url = str(tmp_path / "c.db")
    with _client(url) as c:
        assert c.get("/articles").status_code == 200 and c.get("/articles").status_code == 200
        doc = osechkin_documents()[0]
        made = c.post(
            "/api/v1/articles",
            json={"text": doc.article.text, "title": "A fresh title for the cache test"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert made.status_code == 201
        assert "A fresh title for the cache test" in c.get("/articles").text


def test_only_plain_successes_are_kept(tmp_path: Path) -> None:
    url = str(tmp_path / "c.db")
    seed(url)
    with _client(url) as c:
        pages = c.app.state.according.pages  # type: ignore[attr-defined]
        for _ in range(2):
            assert c.get("/articles/999999").status_code == 404
            assert c.get("/healthz").status_code == 200
            assert c.get("/static/according.css").status_code == 200
            c.post("/read", data={"text": "The mayor said the bridge would close."})  # sets a cookie
        assert pages.hits == 0 and not any(
            path.startswith(("/static", "/healthz")) for path, _ in pages.entries
        )
        c.get("/claims?search=jails")
        c.get("/claims?search=recruited")
        assert {q for p, q in pages.entries if p == "/claims"} == {b"search=jails", b"search=recruited"}
    with _client(url, page_cache_bytes=0) as off:
        off.get("/articles")
        off.get("/articles")
        assert off.app.state.according.pages.hits == 0  # type: ignore[attr-defined]


def test_a_page_built_while_a_write_landed_is_not_served(tmp_path: Path) -> None:
    """The answer is kept under the revision read before it was built: a commit meanwhile
    moves the revision on, so the answer is never served."""
    url = str(tmp_path / "c.db")
    seed(url)
    with Store(url, create=False, similarity="lexical") as store:
        revision = SqliteRevision(store.engine.url.database or "")
        before = revision()
        pages = Pages(revision, 10_000)
        start = {"type": "http.response.start", "status": 200, "headers": []}
        pages.put(("/articles", b""), Entry(before, start, b"old"))
        assert pages.get(("/articles", b""), revision()) is not None
        store.save(_osechkin_again())
        assert revision() != before and pages.get(("/articles", b""), revision()) is None
        revision.close()


def test_bounded_in_bytes_least_recently_used_first() -> None:
    pages = Pages(lambda: 1, 10)
    start = {"type": "http.response.start", "status": 200, "headers": []}
    for name in "abc":
        pages.put((name, b""), Entry(1, start, b"1234"))
    assert [k for k, _ in pages.entries] == ["b", "c"] and pages.size == 8
    pages.get(("b", b""), 1)
    pages.put(("d", b""), Entry(1, start, b"1234"))
    assert [k for k, _ in pages.entries] == ["b", "d"]
    pages.put(("big", b""), Entry(1, start, b"x" * 11))
    assert ("big", b"") not in pages.entries


def test_postgresql_and_storeless_servers_have_no_cache(tmp_path: Path) -> None:
    app = create_app(ServeConfig(database=str(tmp_path / "missing" / "x.db")), extractor=SaidFinder())
    assert not app.state.according.pages.enabled
    asyncio.run(asyncio.sleep(0))
    app.state.according.close()


def test_an_app_started_again_after_shutdown_still_serves(tmp_path: Path) -> None:
    url = str(tmp_path / "c.db")
    seed(url)
    app = create_app(ServeConfig(database=url, similarity="lexical", token=TOKEN), extractor=SaidFinder())
    for _ in range(2):  # each `with` runs the lifespan: start, then close everything
        with TestClient(app) as c:
            assert c.get("/articles").status_code == 200 and c.get("/articles").status_code == 200
            shown = c.post("/read", data={"text": "The mayor said the bridge would close."})
            assert shown.status_code == 200 and 'name="key"' in shown.text
