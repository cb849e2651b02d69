"""Downloading: a local server on 127.0.0.1 for the real path, and the guard against private addresses.

No test sends traffic anywhere but 127.0.0.1: the guard tests refuse before connecting, and the
one that needs a public first hop replaces the sending step with a stub.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from according.document import Article
from according.errors import InputError
from according.ingest import IngestOptions, IngestStats, read_sources
from according.ingest.fetch import USER_AGENT, Fetcher, address_problem

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


class _Site:
    """What the local server serves and what it saw."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.base = ""

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{title}</title><link>{self.base}{path}</link>"
            "<description>Short teaser.</description></item>"
            for title, path in (
                ("Bridge", "/harbour.html"),
                ("Library", "/library.html"),
                ("Again", "/moved"),
            )
        )
        channel = f"<channel><title>Local</title>{items}</channel>"
        return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


class _Handler(BaseHTTPRequestHandler):
    site: _Site

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        site = self.site
        site.hits[self.path] += 1
        site.agents.append(self.headers.get("User-Agent", ""))
        if self.path in ("/harbour.html", "/library.html"):
            self._send(200, (FIXTURES / self.path[1:]).read_bytes(), "text/html; charset=utf-8")
        elif self.path == "/moved":
            self._send(302, Location="/harbour.html")
        elif self.path == "/loop":
            self._send(302, Location="/loop")
        elif self.path == "/big":
            self._send(200, b"<html><body>" + b"<p>word </p>" * 20_000 + b"</body></html>")
        elif self.path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png")
        elif self.path == "/flaky":
            if site.hits[self.path] == 1:
                self._send(503, b"busy", "text/plain", Retry_After="0")
            else:
                self._send(200, b"The mayor said the pier would reopen in May.\n", "text/plain")
        elif self.path == "/feed.xml":
            self._send(200, site.feed(), "application/rss+xml")
        elif self.path == "/drip":  # each byte well within the read timeout, the whole far beyond
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late", "text/plain")
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def site() -> Iterator[_Site]:
    state = _Site()
    handler = type("Handler", (_Handler,), {"site": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def local(tmp_path: Path) -> IngestOptions:
    return IngestOptions(allow_private=True, cache_dir=tmp_path / "cache", backoff=0.01, timeout=5.0)


def test_page_is_fetched_with_an_honest_user_agent(site: _Site, local: IngestOptions) -> None:
    (article,) = read_sources([f"{site.base}/harbour.html"], local)
    assert isinstance(article, Article)
    assert article.title == "Harbour bridge to close for a year, council confirms"
    assert article.url == f"{site.base}/harbour.html"
    assert article.source == f"{site.base}/harbour.html"
    assert site.agents[-1] == USER_AGENT and USER_AGENT.startswith("according/")


def test_redirects_retries_and_failures(site: _Site, local: IngestOptions) -> None:
    sources = [f"{site.base}/{p}" for p in ("moved", "loop", "big", "image.png", "flaky", "missing")]
    small = IngestOptions(**{**local.__dict__, "max_bytes": 100_000})
    moved, loop, big, image, flaky, missing = read_sources(sources, small)
    assert isinstance(moved, Article) and moved.url == f"{site.base}/harbour.html"
    assert isinstance(loop, InputError) and "more than 5 redirects" in str(loop)
    assert isinstance(big, InputError) and "--max-bytes" in str(big)
    assert isinstance(image, InputError) and "image/png" in str(image)
    assert isinstance(flaky, Article) and site.hits["/flaky"] == 2
    assert isinstance(missing, InputError) and "HTTP 404" in str(missing)
    for error in (loop, big, image, missing):
        assert str(error).startswith(site.base) and "\n" not in str(error)


def test_unreachable_and_slow_servers_end_in_one_line(site: _Site, local: IngestOptions) -> None:
    quick = IngestOptions(**{**local.__dict__, "timeout": 0.3, "retries": 1})
    closed, slow, drip = read_sources(
        ["http://127.0.0.1:9/x", f"{site.base}/slow", f"{site.base}/drip"], quick
    )
    assert isinstance(closed, InputError) and "gave up after 2 tries" in str(closed)
    assert isinstance(slow, InputError) and "timed out" in str(slow).lower()
    assert isinstance(drip, InputError) and "took over 1.2s" in str(drip)


def test_cache_and_no_cache(site: _Site, tmp_path: Path) -> None:
    options = IngestOptions(allow_private=True, cache_dir=tmp_path / "c", dedup=False)
    url = f"{site.base}/library.html"
    before = site.hits["/library.html"]
    first, second = read_sources([url, url], options)
    assert first.text == second.text
    assert site.hits["/library.html"] == before + 1
    assert any((tmp_path / "c").glob("*.body"))
    list(read_sources([url], IngestOptions(allow_private=True, cache=False)))
    assert site.hits["/library.html"] == before + 2
    # a page cached with --allow-private is not served from the cache without it
    (refused,) = read_sources([url], IngestOptions(cache_dir=tmp_path / "c"))
    assert isinstance(refused, InputError) and "loopback" in str(refused)


def test_feed_url_items_are_read_from_their_links_once(site: _Site, local: IngestOptions) -> None:
    stats = IngestStats()
    options = IngestOptions(**{**local.__dict__, "jobs": 2})
    items = list(read_sources([f"{site.base}/feed.xml", f"{site.base}/harbour.html"], options, stats))
    # pages read through a link keep their own metadata; the feed only fills gaps
    assert [a.title for a in items] == [
        "Harbour bridge to close for a year, council confirms",
        "Village library saved by volunteers",
    ]
    assert items[0].byline == "Maria Okafor" and items[0].site == "The Northport Courier"
    assert items[1].site == "Valley Gazette" and items[1].source == f"{site.base}/library.html"
    assert stats.skipped["duplicate"] == 2  # "/moved" redirects to the same page; the URL given again


def test_parallel_downloads_keep_input_order(site: _Site, local: IngestOptions) -> None:
    urls = [f"{site.base}/library.html", f"{site.base}/missing", f"{site.base}/harbour.html"]
    options = IngestOptions(**{**local.__dict__, "jobs": 3})
    library, missing, harbour = read_sources(urls, options)
    assert library.title.startswith("Village") and isinstance(missing, InputError)
    assert harbour.title.startswith("Harbour")


# -- the guard -------------------------------------------------------------------------------


def _no_sending(*args: object, **kwargs: object) -> None:
    raise AssertionError("the guard let a request through")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1/admin", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:8080/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
    ],
)
def test_private_addresses_are_refused_before_connecting(
    url: str, why: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(Fetcher, "_send", _no_sending)
    (error,) = read_sources([url], IngestOptions(cache=False))
    assert isinstance(error, InputError)
    assert str(error).startswith(url) and why in str(error) and "--allow-private" in str(error)


def test_names_resolving_to_private_addresses_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Fetcher, "_send", _no_sending)
    resolver = {"intranet.example": ["10.1.2.3"], "mixed.example": ["93.184.216.34", "192.168.0.7"]}
    fetcher = Fetcher(IngestOptions(cache=False), resolver=lambda host, port: resolver[host])
    for host in resolver:
        with pytest.raises(InputError, match="private address"):
            fetcher.fetch(f"http://{host}/page")


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:8000/",
        "http://10.0.0.1/internal",
        "http://169.254.169.254/latest/meta-data/",
        "http://intranet.example/",
    ],
)
def test_redirects_to_private_addresses_are_refused(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop is 'public' (a stub answers it, nothing is sent); its redirect must not be followed."""
    sent: list[str] = []

    def fake_send(self: Fetcher, url: str, ip: str, port: int, host: str, parts: object):
        sent.append(ip)
        assert ip == "93.184.216.34", f"connected to {ip}"
        return 302, {"location": target}, b""

    monkeypatch.setattr(Fetcher, "_send", fake_send)
    addresses = {"news.example": ["93.184.216.34"], "intranet.example": ["10.9.8.7"]}
    fetcher = Fetcher(IngestOptions(cache=False), resolver=lambda host, port: addresses.get(host, [host]))
    with pytest.raises(InputError) as info:
        fetcher.fetch("http://news.example/story")
    assert f"redirect to {target} refused" in str(info.value)
    assert sent == ["93.184.216.34"]


def test_only_http_and_https(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        Fetcher,
        "_send",
        lambda self, url, ip, port, host, parts: (301, {"location": "file:///etc/passwd"}, b""),
    )
    fetcher = Fetcher(IngestOptions(cache=False), resolver=lambda host, port: ["93.184.216.34"])
    with pytest.raises(InputError, match="only http:// and https://"):
        fetcher.fetch("http://news.example/")


def test_address_problem() -> None:
    assert address_problem("93.184.216.34") is None
    assert address_problem("2606:4700::1111") is None
    for ip in (
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
    ):
        assert address_problem(ip), ip


# -- TLS: certificates are verified against the host name, while connecting to the vetted address ---


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl not available to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    state = _Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"site": state}))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"localhost:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_https_checks_the_certificate(tls_site: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    host, cert = tls_site
    options = IngestOptions(allow_private=True, cache=False, retries=0)
    loopback = lambda name, port: ["127.0.0.1"]  # noqa: E731
    with pytest.raises(InputError, match="TLS error") as info:  # self-signed: not trusted
        Fetcher(options, resolver=loopback).fetch(f"https://{host}/library.html")
    assert "\n" not in str(info.value)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now trusted, for the name "localhost" only
    fetched = Fetcher(options, resolver=loopback).fetch(f"https://{host}/library.html")
    assert b"Village library" in fetched.data
    wrong_name = f"https://127.0.0.1:{host.rsplit(':', 1)[1]}/library.html"
    with pytest.raises(InputError, match="TLS error"):
        Fetcher(options, resolver=loopback).fetch(wrong_name)
