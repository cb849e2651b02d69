"""The JSON API in process (httpx TestClient), on SQLite and on a throwaway PostgreSQL.

The read endpoints must give what the CLI's library calls give (one function behind both),
every list pages with a total and a next link, every error has one shape and a 4xx status.
"""

from __future__ import annotations

import asyncio
import csv
import http.server
import io
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pg_cluster import db_url, pg_cluster  # noqa: F401  (fixtures)
from serve_support import SaidFinder, seed

from according.api import ServeConfig, create_app
from according.ingest import IngestOptions
from according.store import queries
from according.store.repository import Store

TOKEN = "s3cret-token"


@pytest.fixture
def seeded(db_url: str) -> tuple[str, dict[str, int]]:  # noqa: F811
    return db_url, seed(db_url)


def client(url: str, **config: object) -> TestClient:
    settings = {"database": url, "similarity": "lexical", **config}
    return TestClient(create_app(ServeConfig(**settings), extractor=SaidFinder()))  # type: ignore[arg-type]


def test_lists_page_with_totals_and_links(seeded: tuple[str, dict[str, int]]) -> None:
    url, _ = seeded
    with client(url) as c:
        for path, total in (("/api/v1/articles", 6), ("/api/v1/attributions", 13)):
            first = c.get(path, params={"limit": 4}).json()
            assert first["total"] == total and len(first["items"]) == 4 and first["previous"] is None
            seen = [x["id"] for x in first["items"]]
            page = first
            while page["next"]:
                page = c.get(page["next"]).json()
                seen += [x["id"] for x in page["items"]]
            assert len(seen) == len(set(seen)) == total  # every item once: nothing silently cut
        past = c.get("/api/v1/claims", params={"offset": 1000}).json()
        assert past["items"] == [] and past["total"] > 0 and past["next"] is None
        speakers = c.get("/api/v1/speakers", params={"limit": 1}).json()
        assert speakers["items"][0]["name"] == "Vladimir Osechkin" and speakers["next"].endswith("offset=1")


def test_claims_search_and_claim_travels_match_the_library(seeded: tuple[str, dict[str, int]]) -> None:
    url, ids = seeded
    with client(url) as c:
        found = c.get("/api/v1/claims", params={"search": "recruited jails", "speaker": "Mr Osechkin"}).json()
        [claim] = found["items"]
        with Store(url, create=False, similarity="lexical") as store:
            library = queries.claims(
                store, queries.ClaimFilter(search="recruited jails", speaker="Mr Osechkin")
            )
            assert found["items"] == library
        detail = c.get(f"/api/v1/claims/{claim['id']}").json()
        assert detail["first_appearance"]["outlet"] == "The Times"
        assert detail["echoed_by"] == ["LBC", "The Guardian"]
        assert detail["chain"] == ["The Times", "Vladimir Osechkin"]
        lbc = next(a for a in detail["appearances"] if a["outlet"] == "LBC")
        assert lbc["chain"] == ["LBC", "Vladimir Osechkin", "The Times"] and lbc["article"] == ids["LBC"]
        rows = list(
            csv.DictReader(io.StringIO(c.get(f"/api/v1/claims/{claim['id']}/appearances?format=csv").text))
        )
        assert [r["outlet"] for r in rows] == ["The Times", "LBC", "The Guardian"]
        # most echoed first: the claim three outlets carry heads the list, as in the library
        echoed = c.get("/api/v1/claims", params={"order": "echoed"}).json()["items"]
        assert echoed[0]["id"] == claim["id"] and echoed[0]["appearances"] == 3
        recent = c.get("/api/v1/claims").json()["items"]
        assert recent[0]["id"] != claim["id"] and sorted(r["id"] for r in recent) == sorted(
            e["id"] for e in echoed
        )
        assert c.get("/api/v1/claims", params={"order": "loudest"}).status_code == 422
        denial = c.get("/api/v1/claims", params={"stance": "denial"}).json()["items"]
        assert [d["speaker"] for d in denial] == ["Kremlin"]  # the canonical name drops "The"
        dated = c.get("/api/v1/claims", params={"since": "2024-03-02", "until": "2024-03-03"}).json()
        assert {x["speaker"] for x in dated["items"]} >= {"Anna Osechkin"}


def test_article_is_the_according_document_with_ids_and_chains(seeded: tuple[str, dict[str, int]]) -> None:
    url, ids = seeded
    with client(url) as c:
        data = c.get(f"/api/v1/articles/{ids['nested']}").json()
        assert data["schema"] == "according/1" and data["outlet"] == "Harbour Post"
        outer, inner, third = data["attributions"]
        text = data["document"]["text"]
        assert text[inner["cue"]["start"] : inner["cue"]["end"]] == "claimed" and inner["parent"] == 0
        assert inner["chain"] == ["Harbour Post", "The minister", "the mayor"]
        assert outer["claim_id"] and third["claim_id"] and outer["canonical_speaker"] is None  # unnamed
        listed = c.get("/api/v1/articles", params={"outlet": "harbour post"}).json()["items"]
        assert [(a["id"], a["attributions"], a["speakers"]) for a in listed] == [(ids["nested"], 3, 0)]
        rows = list(
            csv.DictReader(
                io.StringIO(c.get(f"/api/v1/articles/{ids['nested']}/attributions?format=csv").text)
            )
        )
        assert [r["cue"] for r in rows] == ["said", "claimed", "warned"]


def test_speaker_claims_over_time_and_filters(seeded: tuple[str, dict[str, int]]) -> None:
    url, _ = seeded
    with client(url) as c:
        sid = c.get("/api/v1/speakers", params={"search": "Vladimir"}).json()["items"][0]["id"]
        item = c.get(f"/api/v1/speakers/{sid}").json()
        assert item["by_month"] == {"2024-02": 2, "2024-03": 3}
        assert item["by_month_outlet"]["2024-03"] == {"LBC": 2, "The Guardian": 1}
        assert "Mr Osechkin" in item["aliases"]
        said = c.get(item["attributions"], params={"kind": "indirect", "limit": 2}).json()
        assert said["total"] == 5 and len(said["items"]) == 2 and said["items"][0]["date"] == "2024-03-02"
        warned = c.get(item["attributions"], params={"stance": "denial"}).json()
        assert warned["total"] == 0 and warned["items"] == []


def test_downloads_carry_total_and_next(seeded: tuple[str, dict[str, int]]) -> None:
    url, _ = seeded
    with client(url) as c:
        r = c.get("/api/v1/attributions", params={"format": "csv", "limit": 5})
        assert r.headers["content-type"].startswith("text/csv") and r.headers["x-total-count"] == "13"
        assert 'rel="next"' in r.headers["link"] and "offset=5" in r.headers["link"]
        assert "attachment" in r.headers["content-disposition"]
        assert len(list(csv.DictReader(io.StringIO(r.text)))) == 5
        whole = c.get("/api/v1/speakers", params={"format": "json", "limit": 100})
        assert "attachment" in whole.headers["content-disposition"] and whole.json()["next"] is None


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "words"),
    [
        ("get", "/api/v1/claims/999999", None, 404, "not_found", "claim 999999: not found"),
        ("get", "/api/v1/articles/999999", None, 404, "not_found", "article 999999"),
        ("get", "/api/v1/speakers/999999", None, 404, "not_found", "not found"),
        ("get", "/api/v1/claims?stance=shouting", None, 422, "invalid_request", "stance"),
        ("get", "/api/v1/claims?limit=0", None, 422, "invalid_request", "'limit'"),
        ("get", "/api/v1/claims?since=yesterday", None, 422, "invalid_request", "since"),
        ("get", "/api/v1/nothing-here", None, 404, "not_found", "/api/v1/docs"),
        ("delete", "/api/v1/claims/1", None, 405, "method_not_allowed", "method"),
        (
            "post",
            "/api/v1/extract",
            {"text": "a", "url": "http://x.example/"},
            422,
            "invalid_request",
            "exactly one",
        ),
        ("post", "/api/v1/extract", {}, 422, "invalid_request", "exactly one"),
        ("post", "/api/v1/extract", {"text": ""}, 422, "bad_input", "empty"),
        ("post", "/api/v1/extract", {"text": "x", "extra": 1}, 422, "invalid_request", "extra"),
        ("post", "/api/v1/extract", {"url": "ftp://example.org/a"}, 422, "bad_input", "http"),
        ("post", "/api/v1/extract", {"url": "http://127.0.0.1:9/"}, 422, "bad_input", "loopback"),
        ("post", "/api/v1/extract", {"url": "http://169.254.169.254/latest"}, 422, "bad_input", "link-local"),
    ],
)
def test_errors_have_one_shape_and_a_4xx(
    seeded: tuple[str, dict[str, int]],
    method: str,
    path: str,
    body: object,
    status: int,
    code: str,
    words: str,
) -> None:
    url, _ = seeded
    with client(url) as c:
        r = c.request(method.upper(), path, json=body)
    assert r.status_code == status, r.text
    assert r.json() == {"error": {"code": code, "message": r.json()["error"]["message"]}}
    assert words.lower() in r.json()["error"]["message"].lower()
    assert "Traceback" not in r.text


def test_every_library_error_class_has_its_status() -> None:
    from according.api.errors import classify
    from according.errors import AmbiguousError, InputError, ModelError, NotFoundError, StoreError

    assert classify(AmbiguousError("speaker 'Osechkin': several speakers fit"))[:2] == (400, "ambiguous")
    assert classify(NotFoundError("claim 9: not found"))[:2] == (404, "not_found")
    assert classify(InputError("<text>", "empty"))[:2] == (422, "bad_input")
    assert classify(ModelError("no model"))[:2] == (503, "model_unavailable")
    assert classify(StoreError("locked"))[:2] == (503, "store_unavailable")
    assert classify(RuntimeError("secret internals")) == (
        500,
        "internal",
        "internal error: the server logged it; please report it",
    )


def test_malformed_json_and_wrong_content_type_are_422(tmp_path: Path) -> None:
    with client(str(tmp_path / "none.db")) as c:
        r = c.post("/api/v1/extract", content=b"{not json", headers={"content-type": "application/json"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
        r = c.post("/api/v1/extract", content=b"text=hello", headers={"content-type": "text/plain"})
        assert r.status_code == 422


def test_extract_text_html_and_a_loopback_url_with_the_guard_switch(tmp_path: Path) -> None:
    page = (
        b"<html><head><title>Bridge shut</title></head><body><article><p>The mayor said the bridge "
        b"would close for six weeks from April while engineers replace its cables.</p></article>"
        b"</body></html>"
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_address[1]}/story"
    try:
        options = IngestOptions(cache=False, allow_private=True)
        with client(str(tmp_path / "none.db"), read=options) as c:
            doc = c.post(
                "/api/v1/extract", json={"text": "Prices will rise, the bank said.", "outlet": "Wire"}
            ).json()
            assert (
                doc["document"]["text"] == "Prices will rise, the bank said."
                and doc["document"]["site"] == "Wire"
            )
            html = c.post("/api/v1/extract", json={"html": page.decode()}).json()
            assert (
                html["document"]["title"] == "Bridge shut"
                and html["attributions"][0]["cue"]["text"] == "said"
            )
            fetched = c.post("/api/v1/extract", json={"url": local}).json()
            assert fetched["document"]["url"] == local and fetched["attributions"]
        with client(str(tmp_path / "none.db")) as c:  # the default guard refuses loopback
            refused = c.post("/api/v1/extract", json={"url": local})
            assert refused.status_code == 422 and "--allow-private" in refused.json()["error"]["message"]
    finally:
        server.shutdown()


def test_body_cap_and_rate_limit(tmp_path: Path) -> None:
    with client(str(tmp_path / "none.db"), max_body=2000, extract_rate=60, extract_burst=2) as c:
        big = c.post("/api/v1/extract", json={"text": "word " * 1000})
        assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
        chunked = c.post(
            "/api/v1/extract",
            content=iter([b'{"text": "', b"x" * 3000, b'"}']),
            headers={"content-type": "application/json"},
        )
        assert chunked.status_code == 413
        codes = [c.post("/api/v1/extract", json={"text": "It rains, he said."}).status_code for _ in range(4)]
        assert codes[:1] == [200] and 429 in codes
        limited = c.post("/api/v1/extract", json={"text": "It rains, he said."})
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert c.get("/api/v1/articles").status_code != 429  # reading is not rate-limited


def test_writes_need_the_token(seeded: tuple[str, dict[str, int]]) -> None:
    url, _ = seeded
    body = {"text": "The harbour master said the ferry will run all winter.", "outlet": "Quay News"}
    with client(url) as c:  # no token configured: read-only
        r = c.post("/api/v1/articles", json=body)
        assert r.status_code == 403 and "ACCORDING_TOKEN" in r.json()["error"]["message"]
    with client(url, token=TOKEN, read_only=True) as c:
        assert (
            c.post("/api/v1/articles", json=body, headers={"authorization": f"Bearer {TOKEN}"}).status_code
            == 403
        )
    with client(url, token=TOKEN) as c:
        assert c.post("/api/v1/articles", json=body).status_code == 401
        wrong = c.post("/api/v1/articles", json=body, headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        auth = {"authorization": f"Bearer {TOKEN}"}
        created = c.post("/api/v1/articles", json=body, headers=auth)
        assert created.status_code == 201, created.text
        out = created.json()
        assert (
            out["status"] == "new" and out["attributions"] == 1 and created.headers["location"] == out["url"]
        )
        stored = c.get(out["url"]).json()
        assert stored["outlet"] == "Quay News" and stored["attributions"][0]["cue"]["text"] == "said"
        again = c.post("/api/v1/articles", json=body, headers=auth)
        assert again.status_code == 200 and again.json() == {**out, "status": "unchanged", "attributions": 0}


def test_security_headers_everywhere(tmp_path: Path) -> None:
    with client(str(tmp_path / "none.db")) as c:
        for path in ("/healthz", "/api/v1/articles", "/", "/static/according.css", "/nope"):
            r = c.get(path)
            csp = r.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
            assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


def test_server_without_a_database_still_reads_articles(tmp_path: Path) -> None:
    with client(str(tmp_path / "missing.db")) as c:
        health = c.get("/healthz").json()
        assert health["status"] == "degraded" and "no database here" in health["store"]
        r = c.get("/api/v1/claims")
        assert r.status_code == 503 and r.json()["error"]["code"] == "store_unavailable"
        assert "according ingest" in r.json()["error"]["message"]
        assert c.post("/api/v1/extract", json={"text": "It rains, he said."}).status_code == 200
        assert "There is no database" in c.get("/").text
    assert not (tmp_path / "missing.db").exists()  # a read-only server creates nothing


def test_health_and_openapi(tmp_path: Path) -> None:
    with client(str(tmp_path / "new.db"), token=TOKEN) as c:  # writable: the database is created
        health = c.get("/healthz").json()
        assert health == {**health, "status": "ok", "writable": True}
        spec = c.get("/api/v1/openapi.json").json()
        assert {"/api/v1/extract", "/api/v1/articles", "/api/v1/claims/{claim_id}", "/healthz"} <= set(
            spec["paths"]
        )
        docs = c.get("/api/v1/docs")
        assert docs.status_code == 200 and "/api/v1/claims/{claim_id}" in docs.text


def test_extraction_runs_off_the_event_loop(tmp_path: Path) -> None:
    """While a slow extraction runs, the same server still answers other requests at once."""
    app = create_app(ServeConfig(database=str(tmp_path / "none.db")), extractor=SaidFinder(delay=1.5))

    async def scenario() -> tuple[float, float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            loop = asyncio.get_running_loop()
            started = loop.time()
            slow = asyncio.create_task(c.post("/api/v1/extract", json={"text": "It rains, he said."}))
            await asyncio.sleep(0.1)
            health = await c.get("/healthz")
            health_at = loop.time() - started
            assert health.status_code == 200
            assert (await slow).status_code == 200
            return health_at, loop.time() - started

    health_at, slow_at = asyncio.run(scenario())
    assert health_at < 1.0 < slow_at


def test_start_up_leaves_what_it_loaded_out_of_the_collectors_sight(tmp_path: Path) -> None:
    import gc

    app = create_app(ServeConfig(database=str(tmp_path / "none.db")), extractor=SaidFinder(), warm=True)
    try:
        with TestClient(app) as c:
            for _ in range(100):
                if gc.get_freeze_count():
                    break
                time.sleep(0.05)
            assert c.get("/healthz").json()["extractor"] == "ready"
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_waiting_work_never_holds_the_page_threads(tmp_path: Path) -> None:
    """With one page thread, a store request waiting on a slow extraction leaves it free: the
    pages of the same server still answer at once."""
    from anyio import to_thread

    config = ServeConfig(database=str(tmp_path / "store.db"), token=TOKEN, threads=1)
    app = create_app(config, extractor=SaidFinder(delay=1.5))

    async def scenario() -> tuple[float, float]:
        async with app.router.lifespan_context(app):
            assert to_thread.current_default_thread_limiter().total_tokens == 1
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                loop = asyncio.get_running_loop()
                started = loop.time()
                body = {"text": "The bridge will close, the council said."}
                auth = {"authorization": f"Bearer {TOKEN}"}
                slow = asyncio.create_task(c.post("/api/v1/articles", json=body, headers=auth))
                await asyncio.sleep(0.1)
                page = await c.get("/api/v1/claims")
                page_at = loop.time() - started
                assert page.status_code == 200
                assert (await slow).status_code == 201
                return page_at, loop.time() - started

    page_at, slow_at = asyncio.run(scenario())
    assert page_at < 1.0 < slow_at


def test_serve_get_runs_one_request_through_the_app(seeded: tuple[str, dict[str, int]]) -> None:
    from typer.testing import CliRunner

    from according.cli import app

    url, _ = seeded
    result = CliRunner().invoke(app, ["serve", "--db", url, "--get", "/api/v1/claims?outlet=BBC"])
    assert result.exit_code == 0, result.output
    assert '"total": 2' in result.stdout
    missing = CliRunner().invoke(app, ["serve", "--db", url, "--get", "/api/v1/claims/999999"])
    assert missing.exit_code == 1 and '"not_found"' in missing.stdout


def test_pages_of_a_search_cover_exactly_the_library_result(seeded: tuple[str, dict[str, int]]) -> None:
    url, _ = seeded
    with client(url) as c, Store(url, create=False, similarity="lexical") as store:
        everything = queries.claims(store, queries.ClaimFilter(limit=1000))
        paged: list[dict[str, object]] = []
        next_link: str | None = "/api/v1/claims?limit=3"
        while next_link:
            page = c.get(next_link).json()
            paged += page["items"]
            next_link = page["next"]
        assert paged == everything
