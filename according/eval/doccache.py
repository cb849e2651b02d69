"""Extract once, score many times: documents cached by extractor and article text.

The record evaluation ingests ~370 PolNeAR articles; extracting them is nearly all of its cost,
while the identity and grouping decisions it measures take seconds. ``DocumentCache`` keeps
each extracted ``Document`` under a key made of the extractor's *fingerprint* (its name plus a
digest of the code and model files that decide its output) and the SHA-256 of the article text,
so

- a test session extracts an article once for every gate that needs it (a session-scoped
  fixture holds one in memory), and
- a developer iterating on the record (``python -m according.eval.record --cache DIR``) extracts
  once and then re-scores in seconds; a change to the extractor's code or model changes the
  fingerprint, so a stale document is never read back.

An article the extractor fails on is cached as failed, with its reason: a cached run never has
to load the extractor. Development tooling only: nothing here is used by ``ingest``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..attribution import SHIPPED_MODEL_DIR, Extractor, default_model
from ..batch import ExtractOptions, extract_articles
from ..document import Article, Document
from ..errors import InputError

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent.parent
#: What decides an extractor's output besides its model files: the code that runs it.
_CODE = ("attribution", "nlp", "lexicon.py", "document.py", "limits.py")


@lru_cache(maxsize=8)
def fingerprint(model: str | None, spacy_model: str | None = None) -> str:
    """A short digest naming what an extraction depends on: the extractor (``rules``, the
    shipped ``default`` model or a model directory, with its files' contents), the spaCy
    pipeline asked for, and the package's extraction code."""
    name = model or default_model()
    digest = hashlib.sha256(f"{name}\0{spacy_model or ''}\0".encode())
    files: list[Path] = []
    for part in _CODE:
        path = _PACKAGE / part
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    if name != "rules":
        directory = SHIPPED_MODEL_DIR if name == "default" else Path(name)
        files += sorted(p for p in directory.glob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(path.anchor)).encode() + b"\0")
        digest.update(path.read_bytes())
    return f"{_slug(name)}-{digest.hexdigest()[:16]}"


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(name).name or name)[:40]


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Failed:
    """The extractor broke on this article; ``reason`` says how."""

    reason: str


Cached = Document | Failed


class DocumentCache:
    """Documents by (fingerprint, text digest), in memory and, given ``directory``, on disk
    (one according/1 JSON file per article under ``directory/<fingerprint>/``)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._memory: dict[tuple[str, str], Cached] = {}

    def get(self, key: str, digest: str) -> Cached | None:
        found = self._memory.get((key, digest))
        if found is None and self.directory is not None:
            path = self.directory / key / f"{digest}.json"
            if path.is_file():
                data = json.loads(path.read_text(encoding="utf-8"))
                found = Failed(data["failed"]) if "failed" in data else Document.from_json(data)
                self._memory[(key, digest)] = found
        return found

    def put(self, key: str, digest: str, value: Cached) -> None:
        self._memory[(key, digest)] = value
        if self.directory is None:
            return
        folder = self.directory / key
        folder.mkdir(parents=True, exist_ok=True)
        data = {"failed": value.reason} if isinstance(value, Failed) else value.to_json()
        temporary = folder / f".{digest}.tmp"
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(folder / f"{digest}.json")  # a killed run leaves no half-written file


def extract_cached(
    articles: Sequence[Article],
    options: ExtractOptions,
    cache: DocumentCache | None = None,
    *,
    extractor: Extractor | None = None,
    failed: list[str] | None = None,
) -> Iterator[Document]:
    """A Document for each article, in order, streamed: cached ones read back, the others
    extracted through ``according.batch`` (``options.jobs`` worker processes; ``extractor``:
    one already loaded, run in this process), cached as they come.

    An article the extractor fails on comes out without attributions and is named in
    ``failed`` (and the log), so an evaluation still scores the rest and says what it lacked.
    """
    if extractor is not None:  # a stand-in or a loaded extractor: no fingerprint, so never kept
        cache, key = DocumentCache(), _slug(extractor.name)
    else:
        cache, key = cache or DocumentCache(), fingerprint(options.model, options.spacy_model)
    digests = [text_digest(a.text) for a in articles]
    missing = [a for a, d in zip(articles, digests, strict=True) if cache.get(key, d) is None]
    fresh = _extracted(missing, options, extractor)
    for article, digest in zip(articles, digests, strict=True):
        found = cache.get(key, digest)
        if found is None:
            found = next(fresh)
            cache.put(key, digest, found)
        if isinstance(found, Failed):
            log.warning("%s: the extractor failed (%s)", article.source, found.reason)
            if failed is not None:
                failed.append(f"{article.source}: {found.reason}")
            yield Document(article)
        else:
            yield Document(article, found.attributions)


def _extracted(
    articles: Iterable[Article], options: ExtractOptions, extractor: Extractor | None
) -> Iterator[Cached]:
    items = list(articles)
    if not items:
        return
    for result in extract_articles(items, options, extractor=extractor):
        if isinstance(result, InputError):
            yield Failed(result.reason)
        else:
            yield result
