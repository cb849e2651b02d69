"""``according serve --workers N``: what one request leaves for a later one is seen by every worker.

A browser's "store this" click, its CSRF cookie and its rate-limit bucket may each reach a
different worker than the request before. Two apps on one state directory stand for two workers
in process; then the real command runs two worker processes and is driven over fresh
connections (each one may land on either worker).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from serve_support import SaidFinder, free_port

from according.api import ServeConfig, create_app
from according.api.shared import SharedState
from according.document import Article, Document
from according.ingest import IngestOptions

TOKEN = "w0rker-token"
TEXT = "The harbour master said the ferry will run all winter."


def _pair(tmp_path: Path, **settings: object) -> tuple[TestClient, TestClient]:
    config = ServeConfig(
        database=str(tmp_path / "w.db"),
        token=TOKEN,
        state_dir=str(tmp_path / "state"),
        **settings,  # type: ignore[arg-type]
    )
    return (
        TestClient(create_app(config, extractor=SaidFinder())),
        TestClient(create_app(config, extractor=SaidFinder())),
    )


def _form(page: str) -> tuple[str, str]:
    key = re.search(r'name="key" value="([^"]+)"', page)[1]  # type: ignore[index]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]  # type: ignore[index]
    return key, csrf


def test_store_this_works_when_another_worker_gets_the_click(tmp_path: Path) -> None:
    first, second = _pair(tmp_path)
    with first, second:
        shown = first.post("/read", data={"text": TEXT})
        key, csrf = _form(shown.text)
        second.cookies = first.cookies  # the same browser
        stored = second.post(
            "/store", data={"key": key, "csrf": csrf, "token": TOKEN}, follow_redirects=False
        )
        assert stored.status_code == 303, stored.text
        assert TEXT[:20] in first.get(stored.headers["location"]).text
        forged = second.post("/store", data={"key": key, "csrf": csrf.split(".")[0] + ".bad", "token": TOKEN})
        assert forged.status_code == 403  # the shared secret signs, it does not let anything through


def test_rate_limit_holds_across_workers(tmp_path: Path) -> None:
    first, second = _pair(tmp_path, extract_rate=1, extract_burst=3)
    with first, second:
        codes = [
            (first if i % 2 else second).post("/api/v1/extract", json={"text": TEXT}).status_code
            for i in range(6)
        ]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429, 429]  # 3 in all, not 3 each


def test_shared_state_bounds_what_it_holds(tmp_path: Path) -> None:
    one, two = SharedState(tmp_path), SharedState(tmp_path)
    assert one.secret() == two.secret() and len(one.secret()) == 32
    keys = [one.remember(Document(Article(text=str(i) * 60)), documents=64, chars=100) for i in range(3)]
    assert two.recall(keys[0]) is None and two.recall(keys[1]) is None  # 180 chars > 100: oldest go
    assert two.recall(keys[2]) == Document(Article(text="2" * 60))
    big = one.remember(Document(Article(text="x" * 500)), documents=64, chars=100)
    assert two.recall(big) is not None  # the newest is always kept
    many = [one.remember(Document(Article(text=str(i))), documents=2, chars=10**6) for i in range(4)]
    assert [two.recall(k) is not None for k in many] == [False, False, True, True]
    for _ in range(5):
        one.take(f"10.0.0.{_}", rate=1.0, burst=1, clients=3)
    with one.transaction() as db:
        assert db.execute("SELECT count(*) FROM buckets").fetchone()[0] == 3  # the oldest forgotten
    assert (tmp_path / "serve-state.db").is_file()
    one.close()
    assert (tmp_path / "serve-state.db").is_file()  # a directory given is not the state's to remove


def test_an_app_without_a_state_dir_cleans_up_its_own(tmp_path: Path) -> None:
    app = create_app(ServeConfig(database=str(tmp_path / "none.db")), extractor=SaidFinder())
    directory = app.state.according.shared.directory
    assert directory.is_dir()
    app.state.according.close()
    assert not directory.exists()


def test_config_reaches_the_workers_whole_but_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    config = ServeConfig(
        database="/tmp/x.db",
        read_only=True,
        token="not-passed",
        model="rules",
        read=IngestOptions(max_bytes=1234, cache=False, cache_dir=Path("/tmp/c")),
        extract_rate=0,
        state_dir="/tmp/s",
    )
    assert "not-passed" not in config.to_env()
    monkeypatch.setenv("ACCORDING_TOKEN", "from-env")
    back = ServeConfig.from_env(config.to_env())
    assert back == ServeConfig(**{**config.__dict__, "token": "from-env"})


def test_serve_with_two_workers(tmp_path: Path) -> None:
    """The real command: two worker processes; each flow (read, then store) uses new
    connections, so the click often reaches the other worker; every one must store."""
    port = free_port()
    env = {**os.environ, "ACCORDING_TOKEN": TOKEN}
    command = [
        sys.executable,
        "-m",
        "according",
        "serve",
        "--db",
        str(tmp_path / "w.db"),
        "--port",
        str(port),
    ]
    server = subprocess.Popen(
        [*command, "--workers", "2", "--model", "rules", "--extract-rate", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        ready = 0
        while ready < 6:  # six answers in a row on new connections: both workers are up
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            try:
                ready = ready + 1 if httpx.get(f"{base}/healthz").json()["extractor"] == "ready" else 0
            except httpx.HTTPError:
                ready = 0
                time.sleep(0.3)
        fresh = httpx.Limits(max_keepalive_connections=0)
        for i in range(8):
            with httpx.Client(base_url=base, limits=fresh) as c:
                shown = c.post("/read", data={"text": f"The mayor said bridge {i} would close in May."})
                key, csrf = _form(shown.text)
                stored = c.post(
                    "/store", data={"key": key, "csrf": csrf, "token": TOKEN}, follow_redirects=False
                )
                assert stored.status_code == 303, stored.text
        listed = httpx.get(f"{base}/api/v1/articles").json()
        assert listed["total"] == 8
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert b"2 workers" in err and b"Traceback" not in err
