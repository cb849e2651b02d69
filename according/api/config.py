"""How a server runs: one configuration object, built by ``according serve`` or by a test."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.similarity import DEFAULT_METHOD
from ..ingest import IngestOptions

TOKEN_VAR = "ACCORDING_TOKEN"
#: How ``serve --workers N`` hands its configuration to the worker processes it starts.
CONFIG_VAR = "ACCORDING_SERVE_CONFIG"
#: Requests a worker computes at once (see ``ServeConfig.threads``).
DEFAULT_THREADS = 2


@dataclass(frozen=True)
class ServeConfig:
    """Everything ``create_app`` needs.

    Writes (``POST /api/v1/articles``, the "store this" form) are allowed only when the server is
    not ``read_only`` *and* a ``token`` is set (``$ACCORDING_TOKEN``): read-only is the default.
    ``read`` says how submitted articles and URLs are read (size cap, the SSRF guard's
    ``allow_private`` switch — only tests turn it on —, the download cache). ``max_body`` caps a
    request body (default: the article cap plus room for form or JSON framing).
    ``extract_rate`` is extractions per client per minute (0: no limit) with ``extract_burst``
    allowed at once. The last ``recent_documents`` documents shown (at most ``recent_bytes`` of
    text) are held so "store this" stores exactly what was shown. ``state_dir`` holds what the
    server's worker processes share (``api.shared``); None: a temporary directory of its own.
    ``page_cache_bytes`` bounds each worker's cache of GET answers (``api.pagecache``; 0: off).
    ``threads`` is how many requests each worker computes at once (store reads, pages): they
    are Python work under one interpreter lock, so more threads than that only make every
    request slower — each row SQLite hands back waits for the lock again — and the rest wait
    their turn on the event loop, which costs nothing. Waiting work (downloads, writes, the
    extraction worker) has threads of its own (``Context.blocking``).
    """

    database: str | None = None
    read_only: bool = False
    token: str | None = None
    model: str | None = None
    spacy_model: str | None = None
    similarity: str = DEFAULT_METHOD
    read: IngestOptions = field(default_factory=lambda: IngestOptions(cache=False))
    max_body: int | None = None
    extract_rate: float = 30.0
    extract_burst: int = 10
    recent_documents: int = 64
    recent_bytes: int = 32 * 1024 * 1024
    state_dir: str | None = None
    page_cache_bytes: int = 32 * 1024 * 1024
    threads: int = DEFAULT_THREADS

    @property
    def writable(self) -> bool:
        return not self.read_only and bool(self.token)

    @property
    def body_limit(self) -> int:
        return self.max_body or self.read.max_bytes * 2 + 64 * 1024

    @classmethod
    def token_from_env(cls) -> str | None:
        return os.environ.get(TOKEN_VAR) or None

    def to_env(self) -> str:
        """This configuration as JSON for the workers' environment; the token is left out (the
        workers read ``$ACCORDING_TOKEN`` themselves, as the command did)."""
        data = dataclasses.asdict(self)
        data.pop("token")
        data["read"]["cache_dir"] = str(self.read.cache_dir) if self.read.cache_dir else None
        return json.dumps(data)

    @classmethod
    def from_env(cls, value: str | None = None) -> ServeConfig:
        data = json.loads(value if value is not None else os.environ[CONFIG_VAR])
        read = data.pop("read")
        read["cache_dir"] = Path(read["cache_dir"]) if read.get("cache_dir") else None
        return cls(**data, read=IngestOptions(**read), token=cls.token_from_env())
