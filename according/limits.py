"""Per-document limits: how long a text may be, how it is cut into parts, how long it may take.

spaCy's parser refuses a text over ``nlp.max_length`` (1,000,000 characters, error E088) and,
by its own account, needs roughly 1 GB of temporary memory per 100,000 characters. A long
document is therefore extracted in parts of at most ``PART_CHARS`` characters, cut at paragraph
breaks (else line breaks, sentence ends, spaces): each part is extracted as an article of its own
and the offsets are shifted back, so the result indexes the whole text exactly as a one-piece
extraction would. Parts of a bounded size also keep time and memory linear in the length. Only an
attribution that runs across a cut (a quote over the paragraph break where a part ends) can be
lost, and cuts fall only in documents longer than almost any news article.

A document over ``MAX_CHARS`` is refused, and each document gets a wall-clock budget
(``BASE_SECONDS`` plus ``SECONDS_PER_1000_CHARS`` per thousand characters); both raise
``LimitError`` naming the document, so a batch reports it and goes on.

``LimitedExtractor`` wraps any extractor with these limits; ``according.batch`` and
``according.extract`` use it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from .document import Article, Attribution, Content, Document, Span
from .errors import LimitError

log = logging.getLogger(__name__)

#: The most characters one document may have (about 800,000 words; the 5 MB input limit, in characters).
MAX_CHARS = 5_000_000
#: The most characters spaCy parses at once: a twentieth of its ``max_length``, half a gigabyte of
#: parser memory by spaCy's estimate; longer than almost every news article.
PART_CHARS = 50_000
BASE_SECONDS = 60.0
SECONDS_PER_1000_CHARS = 1.0
#: Documents handed to the wrapped ``extract_many`` at once (spaCy batches them).
BATCH = 16

#: The longest stretch without a sentence end or line break extracted in one piece (a real sentence
#: is far shorter; the rule finder's work grows with the square of a sentence's length).
RUN_CHARS = 3_000

_SENTENCE_END = re.compile(r"[.?!。！？][\"'”’)\]]*\s+|[。！？]")
_BOUNDARY = re.compile(r"[.?!;:\n。！？]")


@dataclass(frozen=True)
class Limits:
    """The per-document limits in force; one object so they travel to worker processes."""

    max_chars: int = MAX_CHARS
    part_chars: int = PART_CHARS
    run_chars: int = RUN_CHARS
    base_seconds: float = BASE_SECONDS
    seconds_per_1000_chars: float = SECONDS_PER_1000_CHARS

    def budget(self, chars: int) -> float:
        """Wall-clock seconds a document of ``chars`` characters may take."""
        return self.base_seconds + self.seconds_per_1000_chars * chars / 1000


def name_of(article: Article) -> str:
    return article.source or article.path or article.url or "<text>"


# -- cutting into parts -------------------------------------------------------------------------


def _cut(text: str, start: int, end: int) -> int:
    """Where to end the part that starts at ``start`` and may reach ``end``: after the last
    paragraph break, else line break, sentence end or space in its second half, else at ``end``."""
    floor = start + (end - start) // 2
    for pattern in ("\n\n", "\n"):
        at = text.rfind(pattern, floor, end)
        if at >= 0:
            return at + len(pattern)
    last = None
    for match in _SENTENCE_END.finditer(text, floor, end):
        last = match.end()
    if last is not None:
        return last
    for at in range(end - 1, floor - 1, -1):
        if text[at].isspace():
            return at + 1
    return end


def _runs(text: str, run_chars: int) -> list[tuple[int, int]]:
    """Stretches longer than ``run_chars`` with no sentence end or line break: not prose, and
    the rules' per-sentence work grows with the square of a sentence's length."""
    out = []
    previous = 0
    for match in _BOUNDARY.finditer(text):
        if match.start() - previous > run_chars:
            out.append((previous, match.start()))
        previous = match.end()
    if len(text) - previous > run_chars:
        out.append((previous, len(text)))
    return out


def needs_parts(text: str, limits: Limits) -> bool:
    return len(text) > limits.part_chars or bool(_runs(text, limits.run_chars))


def split_parts(
    text: str, part_chars: int = PART_CHARS, run_chars: int | None = None
) -> list[tuple[int, int]]:
    """Contiguous ``(start, end)`` ranges covering ``text``, each at most ``part_chars`` long and
    none holding more than ``run_chars`` characters of a stretch without a sentence end."""
    if part_chars < 1:
        raise ValueError("part_chars must be at least 1")
    run_chars = run_chars or RUN_CHARS
    runs = _runs(text, run_chars)
    parts: list[tuple[int, int]] = []
    start = 0
    r = 0
    while start < len(text):
        while r < len(runs) and runs[r][1] <= start:
            r += 1
        end = min(len(text), start + part_chars)
        if r < len(runs) and runs[r][0] < end:
            run_start, run_end = runs[r]
            if run_start > start:  # the prose before a long run is a part of its own
                end = run_start
            else:  # inside the run: slices of run_chars, cut at a space where there is one
                end = min(run_end, start + run_chars)
                if end < run_end:
                    end = _cut(text, start, end)
        elif end < len(text):
            end = _cut(text, start, end)
        parts.append((start, end))
        start = end
    return parts or [(0, 0)]


def part_article(article: Article, start: int, end: int) -> Article:
    """The article restricted to ``text[start:end]``, its residue ranges clipped and shifted."""
    residue = tuple(
        (max(s, start) - start, min(e, end) - start) for s, e in article.residue if s < end and e > start
    )
    return replace(article, text=article.text[start:end], residue=residue)


def _shift_span(span: Span, by: int) -> Span:
    return replace(span, start=span.start + by, end=span.end + by)


def _shift(a: Attribution, by: int, first: int) -> Attribution:
    """Every offset the attribution carries, moved from its part to the whole text."""
    speaker = a.speaker
    if speaker is not None and speaker.mentions:
        speaker = replace(speaker, mentions=tuple((s + by, e + by) for s, e in speaker.mentions))
    return replace(
        a,
        cue=_shift_span(a.cue, by),
        source=None if a.source is None else _shift_span(a.source, by),
        speaker=speaker,
        content=Content(a.content.text, tuple((s + by, e + by) for s, e in a.content.spans)),
        parent=None if a.parent is None else a.parent + first,
    )


def merge_parts(article: Article, parts: Iterable[tuple[int, Document]]) -> Document:
    """One Document over the whole ``article`` from (part start, part Document) pairs."""
    attributions: list[Attribution] = []
    for start, doc in parts:
        first = len(attributions)
        attributions.extend(_shift(a, start, first) for a in doc.attributions)
    return Document(article=article, attributions=tuple(attributions))


# -- languages ------------------------------------------------------------------------------------


def unsupported_script(text: str, sample: int = 20_000) -> str | None:
    """Why the English extractor cannot read ``text`` (most letters outside the Latin script),
    or None. Declared languages are often wrong, so the letters themselves decide."""
    latin = other = 0
    scripts: dict[str, int] = {}
    for ch in text[:sample]:
        if not ch.isalpha():
            continue
        if ch.isascii():
            latin += 1
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            latin += 1
        else:
            other += 1
            script = name.split(" ")[0] if name else "unknown"
            scripts[script] = scripts.get(script, 0) + 1
    if other < 20 or other <= latin:
        return None
    main = max(scripts, key=lambda k: scripts[k])
    main = main if len(main) <= 3 else main.title()
    return f"its text is mostly in the {main} script; attribution extraction supports English only"


# -- the wall-clock budget -------------------------------------------------------------------------


class _Clock:
    """A deadline checked between parts, and enforced by SIGALRM where signals can be used
    (the main thread of a process: the CLI and every batch worker). A C call (one spaCy parse of
    at most ``PART_CHARS``) finishes before the alarm's exception is raised."""

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds = seconds
        self.what = what
        self.deadline = time.monotonic() + seconds

    def error(self) -> LimitError:
        return LimitError(
            self.what,
            f"extraction took over its {_seconds(self.seconds)} budget; the document was abandoned "
            "(split it into smaller files if it is real text)",
        )

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.error()


def _seconds(value: float) -> str:
    return f"{value:,.0f}s" if value >= 10 else f"{value:.2g}s"


@contextlib.contextmanager
def _alarm(clock: _Clock) -> Iterator[None]:
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:  # someone else's alarm: leave it
        yield
        return

    def on_alarm(_signum: int, _frame: object) -> None:
        raise clock.error()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(0.001, clock.seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- the wrapper -----------------------------------------------------------------------------------


class LimitedExtractor:
    """Any extractor, under the per-document limits; same ``extract`` / ``extract_many``."""

    def __init__(self, inner, limits: Limits | None = None) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.limits = limits or Limits()
        self.name = inner.name

    def _check(self, article: Article) -> None:
        if len(article.text) > self.limits.max_chars:
            raise LimitError(
                name_of(article),
                f"text is {len(article.text):,} characters, over the {self.limits.max_chars:,}-character "
                "limit per document; split it into several files",
            )

    def _unsupported(self, article: Article) -> Document | None:
        reason = unsupported_script(article.text)
        if reason is None:
            return None
        log.warning("%s: no attributions extracted: %s", name_of(article), reason)
        return Document(article=article)

    def extract(self, article: Article) -> Document:
        self._check(article)
        skipped = self._unsupported(article)
        if skipped is not None:
            return skipped
        clock = _Clock(self.limits.budget(len(article.text)), name_of(article))
        with _alarm(clock):
            if not needs_parts(article.text, self.limits):
                return self.inner.extract(article)
            done = []
            bounds = split_parts(article.text, self.limits.part_chars, self.limits.run_chars)
            log.info(
                "%s: %d characters, extracted in %d parts", name_of(article), len(article.text), len(bounds)
            )
            for start, end in bounds:
                clock.check()
                done.append((start, self.inner.extract(part_article(article, start, end))))
            return merge_parts(article, done)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        """Short articles go to the wrapped ``extract_many`` in batches (one budget, the sum of
        theirs); long ones, and any article of a batch that fails, one at a time."""
        batch: list[Article] = []
        for article in articles:
            if needs_parts(article.text, self.limits) or unsupported_script(article.text):
                yield from self._batch(batch)
                batch = []
                yield self.extract(article)
                continue
            batch.append(article)
            if len(batch) >= BATCH:
                yield from self._batch(batch)
                batch = []
        yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> list[Document]:
        if not batch:
            return []
        if len(batch) == 1:
            return [self.extract(batch[0])]
        seconds = sum(self.limits.budget(len(a.text)) for a in batch)
        clock = _Clock(seconds, f"a batch of {len(batch)} documents")
        with _alarm(clock):
            docs = list(self.inner.extract_many(batch))
        if len(docs) != len(batch):
            raise RuntimeError(f"{self.name}: extract_many returned {len(docs)} documents for {len(batch)}")
        return docs


def limited(extractor, limits: Limits | None = None) -> LimitedExtractor:  # type: ignore[no-untyped-def]
    """``extractor`` under ``limits`` (wrapping an already limited one replaces its limits)."""
    if isinstance(extractor, LimitedExtractor):
        extractor = extractor.inner
    return LimitedExtractor(extractor, limits)
