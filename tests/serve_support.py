"""Shared by the server tests: a stand-in extractor, a seeded store, a live server, a browser.

The stand-in finds "<Source> said|told|claimed|warned [that] <content>." with a regular
expression: enough to give pages real highlights without loading spaCy, and deterministic.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from store_docs import attribution, document, osechkin_documents

from according.document import Article, Attribution, Content, Document, Span, Speaker
from according.store.repository import Store

_SAID = re.compile(
    r"(?P<src>[A-Z][\w'<>=/\"()-]*(?: [\w<][\w'<>=/\"()-]*){0,3}) (?P<cue>said|says|told|claimed|warned)"
    r"(?: that)? (?P<cnt>[^.]+)\."
)


class SaidFinder:
    """A deterministic stand-in extractor (see module docstring); counts its calls."""

    name = "said-finder"

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls = 0

    def extract(self, article: Article) -> Document:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        found = []
        for m in _SAID.finditer(article.text):
            kind = "direct" if m.group("cnt").startswith(('"', "“")) else "indirect"
            found.append(
                Attribution(
                    kind=kind,  # type: ignore[arg-type]
                    cue=Span.of(article.text, *m.span("cue")),
                    content=Content.of(article.text, [m.span("cnt")]),
                    source=Span.of(article.text, *m.span("src")),
                    speaker=Speaker(m.group("src"), "person"),
                    confidence=0.9,
                )
            )
        return Document(article=article, attributions=tuple(found))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        return map(self.extract, articles)


PWNED = "window.__pwned = (window.__pwned || 0) + 1"
HOSTILE_TITLE = f'Mayor resigns <script>{PWNED}</script><img src=x onerror="{PWNED}">'
HOSTILE_TEXT = (
    f"The mayor said <script>{PWNED}</script> the budget was fine. "
    f'Critics claimed that <img src=x onerror="{PWNED}"> hid a deficit. '
    '<a href="javascript:window.__pwned=1">click here</a> for more.'
)


def hostile_document() -> Document:
    text = HOSTILE_TEXT
    return document(
        text,
        [
            ("The mayor", f"<script>{PWNED}</script> the budget was fine", "said"),
            ("Critics", f'<img src=x onerror="{PWNED}"> hid a deficit', "claimed"),
        ],
        outlet='Evil <b onmouseover="alert(1)">News</b>',
        url="javascript:alert(document.cookie)",
        title=HOSTILE_TITLE,
    )


def nested_document() -> Document:
    """A claim inside a claim: the minister said that the mayor claimed that …"""
    text = (
        "The minister said that the mayor claimed that the harbour bridge would reopen in May. "
        "Residents warned that traffic was already worse."
    )
    outer = attribution(
        text, "The minister", "that the mayor claimed that the harbour bridge would reopen in May", "said"
    )
    inner = attribution(text, "the mayor", "the harbour bridge would reopen in May", "claimed", parent=0)
    third = attribution(text, "Residents", "traffic was already worse", "warned", type_="group")
    base = document(
        text,
        [],
        outlet="Harbour Post",
        url="https://harbour.example/bridge",
        published="2024-03-05",
        title="Bridge to reopen in May, minister says",
    )
    return base.with_attributions([outer, inner, third])


def seed(url: str) -> dict[str, int]:
    """Store the Osechkin articles, a nested one and a hostile one; returns their ids by name."""
    ids: dict[str, int] = {}
    with Store(url, similarity="lexical") as store:
        for doc in osechkin_documents():
            ids[doc.article.site or "?"] = store.save(doc).article_id
        ids["nested"] = store.save(nested_document()).article_id
        ids["hostile"] = store.save(hostile_document()).article_id
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def _binary(name: str, fallback: str) -> str | None:
    found = shutil.which(name) or (fallback if os.access(fallback, os.X_OK) else None)
    return found


@contextmanager
def chromium() -> Iterator[Any]:
    """Selenium on Debian's chromium + chromedriver (never a downloaded browser). Missing
    pieces skip the browser tests on a developer machine and fail them in CI."""
    browser = _binary("chromium", "/usr/bin/chromium")
    driver_path = _binary("chromedriver", "/usr/bin/chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        browser = None
    if not browser or not driver_path:
        message = "browser tests need selenium and Debian's chromium + chromium-driver (apt-get install)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {message}")
        pytest.skip(message)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser
    profile = tempfile.mkdtemp(prefix="according-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot_dir() -> Path:
    path = Path(os.environ.get("ACCORDING_SCREENSHOTS") or tempfile.mkdtemp(prefix="according-shots-"))
    path.mkdir(parents=True, exist_ok=True)
    return path
