"""Hostile inputs end in one line each and the batch goes on: devices, FIFOs, link loops, lone
surrogates, truncated WARC records, pages in languages written without spaces, slow-drip servers,
credentials in messages."""

from __future__ import annotations

import io
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from according.document import Article
from according.errors import InputError, StoreError, redact
from according.ingest import IngestOptions, read_sources
from according.ingest.dedup import normalize_url
from according.store.repository import outlet_of

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
STORY = b"The council has confirmed that the bridge will close for six weeks, officials said.\n"


def _one(sources: list[str], **options: object) -> list[Article | InputError]:
    return list(read_sources(sources, IngestOptions(**options)))  # type: ignore[arg-type]


def test_devices_are_refused_in_one_line_without_reading() -> None:
    started = time.monotonic()
    (zero,) = _one(["/dev/zero"])
    assert isinstance(zero, InputError)
    assert str(zero) == (
        "/dev/zero: not a regular file: it is a character device; "
        "only regular files, directories, URLs and - (stdin) are read"
    )
    assert time.monotonic() - started < 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_instead_of_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "story.txt").write_bytes(STORY)
    result: list[list[Article | InputError]] = []
    worker = threading.Thread(target=lambda: result.append(_one([str(fifo), str(tmp_path / "story.txt")])))
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO hung")
    refused, story = result[0]
    assert isinstance(refused, InputError) and "it is a FIFO (named pipe)" in str(refused)
    assert isinstance(story, Article)


def test_symlink_loops_and_broken_links_are_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "gone").symlink_to(tmp_path / "missing.txt")
    loop, broken, missing = _one([str(tmp_path / "a"), str(tmp_path / "gone"), str(tmp_path / "nope")])
    assert isinstance(loop, InputError) and "symbolic link loop" in str(loop)
    assert isinstance(broken, InputError) and "broken symbolic link" in str(broken)
    assert isinstance(missing, InputError) and "no such file or directory" in str(missing)


def test_a_directory_with_a_link_loop_inside_ends(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes(STORY)
    (tmp_path / "self").symlink_to(tmp_path)
    items = _one([str(tmp_path)])
    assert [type(i).__name__ for i in items] == ["Article"]


def test_stdin_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    class Endless(io.RawIOBase):
        read_total = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            Endless.read_total += len(buffer)
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    (error,) = _one(["-"], max_bytes=10_000)
    assert isinstance(error, InputError) and "<stdin>" in str(error) and "--max-bytes" in str(error)
    assert Endless.read_total < 100_000


def test_lone_surrogate_references_in_a_feed_give_articles_not_a_traceback(tmp_path: Path) -> None:
    body = "".join(
        f"<p>The mayor said &#xD800; that section {i} of the bridge would close for repairs.</p>"
        for i in range(12)
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>T&#xD800;wn &#55296;News</title><item><title>Bridge &#xDFFF;</title>"
        f"<content:encoded>{body}</content:encoded></item></channel></rss>"
    )
    path = tmp_path / "feed.rss"
    path.write_text(feed, encoding="utf-8")
    (article,) = _one([str(path)])
    assert isinstance(article, Article), article
    article.text.encode("utf-8")
    assert article.title == "Bridge \ufffd" and article.site == "T\ufffdwn \ufffdNews"


def test_lone_surrogates_through_the_python_api(monkeypatch: pytest.MonkeyPatch) -> None:
    from test_limits import SaidExtractor

    import according
    from according.limits import LimitedExtractor

    monkeypatch.setattr(according, "_extractor", lambda model: LimitedExtractor(SaidExtractor()))
    doc = according.extract("The mayor said \ud800 the pier would reopen.")
    assert doc.text == "The mayor said \ufffd the pier would reopen."
    assert doc.attributions[0].content.text.startswith("\ufffd the pier")
    import json

    json.dumps(doc.to_json(), ensure_ascii=False).encode("utf-8")


def _warc(records: int = 2, payload: bytes | None = None, uri: str = "https://courier.example/{}") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for i in range(records):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri.format(i),
                "response",
                payload=io.BytesIO(payload or (FIXTURES / "harbour.html").read_bytes()),
                http_headers=headers,
            )
        )
    return out.getvalue()


def test_a_truncated_warc_record_is_reported_not_stored_as_complete(tmp_path: Path) -> None:
    data = _warc()
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 900])
    first, second = _one([str(path)], dedup=False)
    assert isinstance(first, Article)
    assert isinstance(second, InputError)
    assert "record is truncated" in str(second) and "https://courier.example/1" in str(second)
    path.write_bytes(data)
    assert all(isinstance(i, Article) for i in _one([str(path)], dedup=False))


@pytest.mark.parametrize("page", ["ja-harbour.html", "zh-library.html"])
def test_pages_in_languages_written_without_spaces_keep_their_text(page: str) -> None:
    (article,) = _one([str(FIXTURES / page)])
    assert isinstance(article, Article), article
    assert len(article.text) > 100 and article.language in ("ja", "zh")
    html = (FIXTURES / page).read_text(encoding="utf-8")
    last_paragraph = html.split("<p>")[-1].split("</p>")[0]
    assert last_paragraph in article.text


def test_junk_language_codes_are_dropped() -> None:
    from according.ingest.html import html_to_article

    page = (FIXTURES / "harbour.html").read_text(encoding="utf-8").replace('lang="en', 'lang="' + "x" * 40)
    assert html_to_article(page, source="p.html").language is None


def test_credentials_never_appear_in_messages() -> None:
    assert redact("postgresql://me:hunter2@db/x") == "postgresql://me:***@db/x"
    assert "hunter2" not in redact("postgresql://db/x?user=me&password=hunter2&sslmode=require")
    assert "hunter2" not in str(InputError("http://me:hunter2@127.0.0.1:9/x", "refused"))
    assert "hunter2" not in str(StoreError("host=db password=hunter2: cannot connect"))
    (error,) = _one(["http://me:hunter2@127.0.0.1:9/story"], retries=0, cache=False)
    assert isinstance(error, InputError) and "hunter2" not in str(error) and "me:***@" in str(error)


@pytest.fixture
def drip_server() -> Iterator[str]:
    """A server on 127.0.0.1 that sends headers, then one byte every 0.2 s for up to 30 s."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
                for _ in range(150):
                    if stop.is_set():
                        break
                    try:
                        conn.sendall(b"x")
                    except OSError:
                        break
                    time.sleep(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/story"
    stop.set()
    thread.join(timeout=5)
    server.close()


def test_a_slow_drip_download_is_cut_off_at_its_deadline(drip_server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    (error,) = _one(
        [drip_server], allow_private=True, cache=False, timeout=1.0, deadline=1.5, retries=2, backoff=0.01
    )
    took = time.monotonic() - started
    assert isinstance(error, InputError) and "took over 1.5s" in str(error)
    assert took < 3.0, f"the deadline was 1.5s but the fetch took {took:.1f}s"


def test_every_html_import_is_a_declared_dependency() -> None:
    # One fresh install lacked lxml_html_clean (only an lxml extra pulled it in), and every HTML
    # input then crashed: justext, trafilatura's fallback, imports lxml.html.clean.
    import tomllib

    import justext  # noqa: F401
    import lxml_html_clean  # noqa: F401

    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("[")[0].strip().lower() for d in declared}
    assert {"lxml", "lxml_html_clean", "trafilatura"} <= names


def test_character_references_past_unicode_in_a_feed(tmp_path: Path) -> None:
    # Found by the fuzzer: feedparser raised OverflowError on &#99999999999; (chr() of it).
    body = "".join(
        f"<p>Officials said &#99999999999; that item {i} &#x110000; would close.</p>" for i in range(20)
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>News &#99999999999999999999;</title><item><title>A</title>"
        f"<content:encoded>{body}</content:encoded></item></channel></rss>"
    )
    path = tmp_path / "feed.rss"
    path.write_text(feed, encoding="utf-8")
    (article,) = _one([str(path)])
    assert isinstance(article, Article), article
    assert "\ufffd" in article.text


def test_a_response_record_without_a_target_uri(tmp_path: Path) -> None:
    # Found by the fuzzer: warcio raised AttributeError (None.startswith) on such a record.
    data = _warc(1).replace(b"WARC-Target-URI", b"WARC-Target-XXX")
    path = tmp_path / "odd.warc"
    path.write_bytes(data)
    (error,) = _one([str(path)])
    assert type(error) is InputError and "damaged WARC file at record 1" in str(error)


def test_malformed_addresses_in_a_page_are_no_addresses(tmp_path: Path) -> None:
    # Found by the long fuzz run: urllib's "Invalid IPv6 URL" escaped from a WARC record's target
    # URI and a canonical link, and became an unexpected error instead of an article.
    html = (FIXTURES / "harbour.html").read_bytes().replace(
        b"<head>", b'<head><link rel="canonical" href="http://[::1/story">', 1
    )
    data = _warc(1, payload=html, uri="http://[courier/{}")
    path = tmp_path / "odd-address.warc"
    path.write_bytes(data)
    (article,) = _one([str(path)])
    assert isinstance(article, Article) and "bridge" in article.text
    assert normalize_url("http://[::1/x") == "http://[::1/x"
    assert outlet_of(Article(text="x", url="http://[bad/", canonical_url="https://[::1")) == "unknown"


def test_a_redirect_to_a_malformed_address_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from according.ingest.fetch import Fetcher

    monkeypatch.setattr(
        Fetcher, "_send", lambda self, url, ip, port, host, parts: (302, {"location": "http://[::1/x"}, b"")
    )
    fetcher = Fetcher(IngestOptions(cache=False), resolver=lambda host, port: ["93.184.216.34"])
    with pytest.raises(InputError, match="redirect to a malformed address"):
        fetcher.fetch("http://news.example/story")
