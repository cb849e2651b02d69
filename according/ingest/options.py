"""The one configuration object of ingest, and the counters a run reports at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
INPUT_FORMATS = ("text", "html", "feed", "warc")
BODY_TIMEOUTS = 4  # by default a whole response may take this many read timeouts


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs; one object so new options do not ripple through signatures.

    ``input_format`` forces a reader (one of ``INPUT_FORMATS``) instead of detecting it.
    ``max_bytes`` caps a file, a download, a decompressed file and a WARC record alike.
    ``jobs`` downloads that many URLs at once. ``cache_dir`` None means the user cache dir.
    ``timeout`` bounds each wait on the network; ``deadline`` (default: four timeouts) the whole
    of one response, headers and body, however slowly a server drips it.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: str | None = None
    allow_private: bool = False
    cache: bool = True
    cache_dir: Path | None = None
    cache_ttl: float = 24 * 3600.0
    timeout: float = 20.0
    deadline: float | None = None
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    jobs: int = 1
    dedup: bool = True


    @property
    def response_deadline(self) -> float:
        return self.deadline if self.deadline is not None else BODY_TIMEOUTS * self.timeout


@dataclass
class IngestStats:
    """What a run read and what it passed over (duplicates, non-HTML WARC records), by reason."""

    articles: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1
