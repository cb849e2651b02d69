"""Download articles and feeds politely and safely.

Safety: a URL given to a server-side tool can point at the machine's own services
(127.0.0.1, a cloud metadata endpoint at 169.254.169.254, the office network). Every hop
(first request and each redirect) is resolved, every address checked, and the connection made
to the checked address itself, so a DNS answer cannot change between check and connect.
Politeness: an honest User-Agent, timeouts, retries with backoff, a size cap, an on-disk cache.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urljoin

import urllib3

from .. import __version__
from ..errors import InputError
from .options import IngestOptions

log = logging.getLogger(__name__)

PROJECT_URL = "https://pypi.org/project/according/"
USER_AGENT = f"according/{__version__} (+{PROJECT_URL})"
ACCEPTED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
    }
)
READ_SIZE = 16 * 1024  # one socket read at most: the deadline is checked between reads
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class Fetched:
    """A downloaded body and where it finally came from."""

    url: str
    final_url: str
    content_type: str | None
    data: bytes
    from_cache: bool = False


class _Retry(Exception):
    """A transient failure worth another try."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def resolve(host: str, port: int) -> list[str]:
    """All addresses ``host`` resolves to (an IP literal resolves to itself, without DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_problem(ip: str) -> str | None:
    """Why connecting to ``ip`` is refused by default (None when it is a public address)."""
    address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for label, flag in (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return f"{ip} is a {label} address"
    return None if address.is_global else f"{ip} is not a public address"


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("according")) / "http"


class Fetcher:
    """Fetches URLs under one ``IngestOptions``; ``resolver`` is injectable for tests."""

    def __init__(self, options: IngestOptions, resolver: Resolver = resolve) -> None:
        self.options = options
        self.resolver = resolver
        self.cache_dir = (options.cache_dir or default_cache_dir()) if options.cache else None

    # -- public -------------------------------------------------------------------------------
    def fetch(self, url: str) -> Fetched:
        """Download ``url`` following redirects; raises InputError naming the URL on any failure."""
        cached = self._cache_get(url)
        if cached is not None:
            return cached
        current = url
        for _hop in range(self.options.max_redirects + 1):
            status, headers, data = self._with_retries(url, current)
            if status in (301, 302, 303, 307, 308):
                location = headers.get("location")
                if not location:
                    raise InputError(url, f"HTTP {status} redirect without a Location header")
                try:
                    current = urljoin(current, location.strip())
                except ValueError:
                    raise InputError(url, f"HTTP {status} redirect to a malformed address") from None
                log.debug("%s: redirected to %s", url, current)
                continue
            if status != 200:
                raise InputError(
                    url, f"HTTP {status}" + (f" (after redirects, at {current})" if current != url else "")
                )
            content_type = headers.get("content-type")
            mime = content_type.split(";")[0].strip().lower() if content_type else None
            if mime and mime not in ACCEPTED_TYPES:
                raise InputError(url, f"content type {mime} is not a web page, text or feed")
            fetched = Fetched(url=url, final_url=current, content_type=content_type, data=data)
            self._cache_put(fetched)
            return fetched
        raise InputError(url, f"more than {self.options.max_redirects} redirects")

    # -- one request --------------------------------------------------------------------------
    def _with_retries(self, url: str, current: str) -> tuple[int, dict[str, str], bytes]:
        attempt = 0
        while True:
            try:
                status, headers, data = self._request(url, current)
                if status in RETRY_STATUSES:
                    raise _Retry(f"HTTP {status}", _retry_after(headers.get("retry-after")))
                return status, headers, data
            except _Retry as exc:
                if attempt >= self.options.retries:
                    raise InputError(url, f"{exc.reason} (gave up after {attempt + 1} tries)") from None
                wait = exc.wait if exc.wait is not None else self.options.backoff * (2**attempt)
                log.info("%s: %s; retrying in %.1fs", url, exc.reason, wait)
                time.sleep(min(wait, 30.0))
                attempt += 1

    def _request(self, url: str, current: str) -> tuple[int, dict[str, str], bytes]:
        parts = urllib3.util.parse_url(current)
        if parts.scheme not in ("http", "https") or not parts.host:
            raise InputError(url, f"cannot fetch {current!r}: only http:// and https:// URLs are supported")
        host = parts.host.strip("[]")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        ip = self._checked_address(url, current, host, port)
        return self._send(url, ip, port, host, parts)

    def _send(
        self, url: str, ip: str, port: int, host: str, parts: urllib3.util.Url
    ) -> tuple[int, dict[str, str], bytes]:
        """One GET to the vetted address ``ip``, naming ``host`` in the Host header and for TLS."""
        host_header = f"[{host}]" if ":" in host else host
        if parts.port:
            host_header += f":{parts.port}"
        headers = {
            "Host": host_header,
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
            "application/xml;q=0.9,text/plain;q=0.8",
        }
        limit = self.options.response_deadline
        deadline = time.monotonic() + limit
        timeout = urllib3.Timeout(
            connect=min(10.0, self.options.timeout, limit), read=min(self.options.timeout, limit), total=limit
        )
        pool: urllib3.HTTPConnectionPool
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                ip,
                port,
                timeout=timeout,
                retries=False,
                maxsize=1,
                cert_reqs="CERT_REQUIRED",
                server_hostname=host,
                assert_hostname=host,
            )
        else:
            pool = urllib3.HTTPConnectionPool(ip, port, timeout=timeout, retries=False, maxsize=1)
        try:
            response = pool.urlopen(
                "GET",
                parts.request_uri,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
            try:
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                data = (
                    b""
                    if response.status in (301, 302, 303, 307, 308)
                    else self._read_capped(url, response, deadline)
                )
            finally:
                response.release_conn()
        except urllib3.exceptions.SSLError as exc:
            raise InputError(url, f"TLS error: {_short(exc)}") from None
        except (
            urllib3.exceptions.TimeoutError,
            urllib3.exceptions.ProtocolError,
            urllib3.exceptions.NewConnectionError,
        ) as exc:
            raise _Retry(_short(exc)) from None
        except urllib3.exceptions.HTTPError as exc:
            raise InputError(url, _short(exc)) from None
        finally:
            pool.close()
        return response.status, response_headers, data

    def _checked_address(self, url: str, current: str, host: str, port: int) -> str:
        """Resolve and vet the host; returns the address to connect to."""
        try:
            addresses = self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise _Retry(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}") from None
        if not addresses:
            raise InputError(url, f"cannot resolve {host}")
        if not self.options.allow_private:
            for ip in addresses:
                problem = address_problem(ip)
                if problem:
                    where = "" if current == url else f"redirect to {current} "
                    raise InputError(url, f"{where}refused: {problem} (pass --allow-private to fetch it)")
        return addresses[0]

    def _read_capped(self, url: str, response: urllib3.BaseHTTPResponse, deadline: float) -> bytes:
        """The body, at most ``max_bytes`` (decompressed), arriving before ``deadline``.

        Reads are small (``READ_SIZE``, one socket read each) and each may wait only until the
        deadline, so a server that drips a byte per read timeout is cut off on time."""
        limit = self.options.max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise InputError(
                url,
                f"response is {int(declared):,} bytes, over the {limit:,}-byte limit "
                "(raise it with --max-bytes)",
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._late(url)
            _sock_timeout(response, min(self.options.timeout, remaining))
            try:
                chunk = response.read1(READ_SIZE, decode_content=True)
            except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
                if time.monotonic() >= deadline:
                    raise self._late(url) from None
                raise
            if not chunk:  # read1 returns b"" only at the end of the body
                break
            total += len(chunk)
            if total > limit:
                raise InputError(
                    url, f"response is over the {limit:,}-byte limit (raise it with --max-bytes)"
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _late(self, url: str) -> InputError:
        # Not retried: a server this slow is not going to be faster a second time.
        return InputError(
            url,
            f"response took over {self.options.response_deadline:g}s to arrive (too slow; try again later)",
        )

    # -- cache --------------------------------------------------------------------------------
    def _cache_paths(self, url: str) -> tuple[Path, Path]:
        assert self.cache_dir is not None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.cache_dir / f"{key}.body", self.cache_dir / f"{key}.json"

    def _cache_get(self, url: str) -> Fetched | None:
        if self.cache_dir is None:
            return None
        body, meta = self._cache_paths(url)
        try:
            info = json.loads(meta.read_text("utf-8"))
            if time.time() - float(info["fetched_at"]) > self.options.cache_ttl:
                return None
            if info.get("private") and not self.options.allow_private:
                return None
            data = body.read_bytes()
        except (OSError, ValueError, KeyError):
            return None
        if len(data) > self.options.max_bytes:
            return None
        log.debug("%s: from cache", url)
        return Fetched(
            url=url,
            final_url=info["final_url"],
            content_type=info.get("content_type"),
            data=data,
            from_cache=True,
        )

    def _cache_put(self, fetched: Fetched) -> None:
        if self.cache_dir is None:
            return
        body, meta = self._cache_paths(fetched.url)
        info = {
            "url": fetched.url,
            "final_url": fetched.final_url,
            "content_type": fetched.content_type,
            "fetched_at": time.time(),
            "private": self.options.allow_private,
        }
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            for path, payload in ((body, fetched.data), (meta, json.dumps(info).encode("utf-8"))):
                partial = path.with_suffix(path.suffix + f".{os.getpid()}.part")
                partial.write_bytes(payload)
                os.replace(partial, path)
        except OSError as exc:
            log.warning("cannot write the download cache at %s: %s", self.cache_dir, exc)


def _sock_timeout(response: urllib3.BaseHTTPResponse, seconds: float) -> None:
    """Let the next socket read wait at most ``seconds``."""
    connection = getattr(response, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(0.01, seconds))
        except OSError:
            pass


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _short(exc: BaseException) -> str:
    """urllib3 messages repeat the pool and object reprs; keep the last, meaningful part."""
    text = str(getattr(exc, "reason", None) or exc)
    return " ".join(text.split(": ")[-1].split())[:200] or type(exc).__name__


T = TypeVar("T")
R = TypeVar("R")


def map_ordered(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``map`` on ``jobs`` threads (downloads wait on the network, not the CPU), results in input order."""
    if jobs <= 1:
        yield from map(fn, items)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = []
        for item in items:
            pending.append(pool.submit(fn, item))
            while len(pending) > jobs * 2:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()
