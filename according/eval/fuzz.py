"""A fuzzer for every input format: hostile bytes in, only Articles or one-line errors out.

``python -m according.eval.fuzz --format html --runs 100000`` feeds that many inputs to the
reader of one format (``text``, ``html``, ``feed``, ``warc``, ``store``; ``all`` splits the runs
between them) and counts what must never happen:

- a crash: any exception escaping a reader, an ``UnexpectedError`` (an exception no reader
  expects, which the error boundary turned into the input's line), or an invariant broken (a
  residue range outside the text, a lone surrogate left in a text, a stored document that does
  not load back equal);
- a hang: one input taking over ``--hang-seconds`` (10 s), stopped by an alarm and counted.

Inputs are mutations of a seed corpus written for the project (well-formed pages, feeds, WARC
records, texts; plus ``tests/fixtures/ingest`` when present): bytes flipped, inserted, deleted,
duplicated and truncated, and hostile tokens spliced in (lone-surrogate references, NULs, BOMs,
deep nesting, huge numbers, odd encodings, CDATA, entities). Each run is seeded (``--seed``), so a
crash is reproduced by its seed and index; crashing inputs are written to ``--crashes DIR``.
The last line is a summary the long run is reported from::

    fuzz: html 100000 inputs, 0 crashes, 0 hangs (slowest 0.41s), 812s
"""

from __future__ import annotations

import argparse
import io
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("text", "html", "feed", "warc", "store")
HANG_SECONDS = 10.0

_TOKENS = [
    b"&#xD800;",
    b"&#55296;",
    b"&#xDFFF;",
    b"&#0;",
    b"&#x110000;",
    b"&#99999999999;",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xed\xa0\x80",
    b"\xc3",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<div>" * 50,
    b"</div>" * 50,
    b"&amp;" * 20,
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
    b"&a;",
    b'<meta charset="utf-16">',
    b'<html lang="' + b"x" * 40 + b'">',
    b'<link rel="canonical" href="https://e.example/' + b"p" * 1200 + b'">',
    b'<meta property="og:site_name" content="' + b"S" * 400 + b'">',
    b"\r\n\r\n",
    b"WARC/1.0\r\n",
    b"Content-Length: 99999999999\r\n",
    b"Content-Length: -1\r\n",
    b"\x1f\x8b\x08\x00",
    b'"',
    b"\xe2\x80\x9c",
    b"said ",
    b"\n\n",
    "。".encode(),
    "記者会見で首相は語った。".encode(),
]

_HTML = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council confirms closure</title>
<meta property="og:site_name" content="The Courier"><link rel="canonical" href="https://courier.example/a">
</head><body><nav><a href="/">Home</a></nav><article><h1>Council confirms closure</h1>
<p>The council has confirmed that the bridge will close for six weeks, officials said on Tuesday.</p>
<p>"We have known for some time that the bridge needed work," the council leader told the Courier.</p>
<p>Local traders have claimed that the closure could cost them thousands of pounds.</p>
</article></body></html>"""
_FEED = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Courier</title><language>en-gb</language>
<item><title>Bridge</title><pubDate>Tue, 13 Feb 2024 10:00:00 GMT</pubDate><author>Maria</author>
<content:encoded><![CDATA[<p>The council has confirmed that the bridge will close for six weeks,
officials said on Tuesday, and that ferries would run twice an hour while engineers replace its cables.</p>
<p>"We have known for some time that the bridge needed work," the council leader told the Courier,
adding that nobody wanted to see the town cut in two but that safety had to come first.</p>
<p>Local traders have claimed that the closure could cost them thousands of pounds in lost business.</p>]]>
</content:encoded></item></channel></rss>"""
_TEXT = (
    b"Bridge to close, council confirms\nBy Maria Okafor\n13 February 2024\n\n"
    b'The council has confirmed that the bridge will close. "We have known for some time," she said.\n\n'
    b"Read more: Ferry timetable changes\n\nLocal traders have claimed that the closure could cost them.\n"
)


def _warc_seed() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for i in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://courier.example/{i}", "response", payload=io.BytesIO(_HTML), http_headers=headers
            )
        )
    return out.getvalue()


def seeds(fmt: str) -> list[bytes]:
    """The seed corpus of one format."""
    fixtures = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ingest"
    pages = [p.read_bytes() for p in sorted(fixtures.glob("*.html"))] if fixtures.is_dir() else []
    if fmt == "html":
        return [_HTML, *pages]
    if fmt == "feed":
        return [_FEED]
    if fmt == "warc":
        return [_warc_seed()]
    return [_TEXT, _HTML]  # text and store


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to eight random edits of ``data``."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(8)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip a byte
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:  # insert random bytes
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2 and buf:  # delete a range
            del buf[at : at + rng.randint(1, 64)]
        elif op == 3:  # splice a hostile token
            buf[at:at] = rng.choice(_TOKENS)
        elif op == 4 and buf:  # duplicate a range
            end = min(len(buf), at + rng.randint(1, 256))
            buf[at:at] = buf[at:end] * rng.randint(1, 8)
        elif op == 5:  # truncate
            del buf[at:]
        elif op == 6 and buf:  # set a range to one byte (long runs, no spaces)
            end = min(len(buf), at + rng.randint(1, 512))
            buf[at:end] = bytes([rng.choice(b'a<&\n \x00"')]) * (end - at)
        else:  # swap in a piece of another place
            src = rng.randrange(len(buf) + 1)
            buf[at:at] = buf[src : src + rng.randint(1, 128)]
    return bytes(buf)


class Broken(AssertionError):
    """An invariant the readers promise does not hold."""


def _check_article(article) -> None:  # type: ignore[no-untyped-def]
    text = article.text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Broken(f"unencodable text left in an article: {exc}") from None
    for start, end in article.residue:
        if not 0 <= start <= end <= len(text):
            raise Broken(f"residue range {(start, end)} outside a text of {len(text)} characters")
    for value in (article.title, article.byline, article.site, article.language, article.canonical_url):
        if value is not None:
            value.encode("utf-8")


def _reader():  # type: ignore[no-untyped-def]
    from ..ingest.options import IngestOptions, IngestStats
    from ..ingest.sources import _Reader

    options = IngestOptions(max_bytes=1_000_000, cache=False)
    reader = _Reader(options, IngestStats())
    reader.open_link = lambda link: []  # type: ignore[method-assign]  # no network while fuzzing
    return reader


def target(fmt: str) -> Callable[[bytes], None]:
    """The function that reads one fuzzed input of ``fmt``; raises only on a real failure."""
    from ..document import Article
    from ..errors import InputError, UnexpectedError

    reader = _reader()

    def read(data: bytes) -> list:
        kind = None if fmt == "store" else fmt
        items = reader.read_bytes(data, "fuzz", kind)
        for item in items:
            if isinstance(item, UnexpectedError):  # the boundary caught what no reader expects
                raise Broken(str(item))
            if isinstance(item, Article):
                _check_article(item)
            elif not isinstance(item, InputError):
                raise Broken(f"reader yielded {type(item).__name__}")
        return [i for i in items if isinstance(i, Article)]

    if fmt != "store":
        return lambda data: None if read(data) is None else None

    from ..document import Attribution, Content, Document, Span, Speaker
    from ..store.repository import Store

    store = Store("sqlite:///:memory:", similarity="lexical")

    def save(data: bytes) -> None:
        for article in read(data)[:1]:
            text = article.text
            cue_at = max(0, min(len(text) - 1, len(text) // 3))
            attribution = Attribution(
                kind="indirect",
                cue=Span.of(text, cue_at, min(len(text), cue_at + 4)),
                content=Content.of(text, [(min(len(text), cue_at + 5), len(text))]),
                speaker=Speaker(text[:40].strip() or "x", "person"),
                channel=text[-60:],
            )
            doc = Document(article=article, attributions=(attribution,))
            stored = store.load(store.save(doc, force=True).article_id)
            if stored.article.text.replace("\x00", "\ufffd") != text.replace("\x00", "\ufffd"):
                raise Broken("stored text does not load back equal")

    return save


@dataclass
class Tally:
    fmt: str
    runs: int = 0
    crashes: int = 0
    hangs: int = 0
    slowest: float = 0.0
    first_failures: list[str] = field(default_factory=list)


class _Hang(Exception):
    pass


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _Hang


def fuzz(fmt: str, runs: int, seed: int, hang_seconds: float, crashes: Path | None) -> Tally:
    """Run ``runs`` mutated inputs through the reader of ``fmt``; never raises for an input."""
    import logging

    # Readers log every refused input; a million of those would drown the counts. Restored on
    # the way out so a caller's (or a test's) logging is left as it was.
    previous_disable = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    rng = random.Random(f"{fmt}:{seed}")
    corpus = seeds(fmt)
    run = target(fmt)
    tally = Tally(fmt)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for index in range(runs):
            data = mutate(rng.choice(corpus), rng)
            if rng.random() < 0.05:
                corpus.append(data)  # keep some mutants: mutations of mutations go deeper
                if len(corpus) > 200:
                    corpus.pop(rng.randrange(1, len(corpus)))
            started = time.perf_counter()
            failure = None
            signal.setitimer(signal.ITIMER_REAL, hang_seconds)
            try:
                run(data)
            except _Hang:
                tally.hangs += 1
                failure = f"hang over {hang_seconds:g}s"
            except Exception:  # noqa: BLE001 - counting crashes is the point
                tally.crashes += 1
                failure = traceback.format_exc(limit=6)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            tally.runs += 1
            tally.slowest = max(tally.slowest, time.perf_counter() - started)
            if failure is not None:
                label = f"{fmt} seed {seed} input {index}"
                if len(tally.first_failures) < 5:
                    tally.first_failures.append(f"{label}: {failure.strip().splitlines()[-1]}")
                if crashes is not None:
                    crashes.mkdir(parents=True, exist_ok=True)
                    (crashes / f"{fmt}-{seed}-{index}.bin").write_bytes(data)
                    (crashes / f"{fmt}-{seed}-{index}.txt").write_text(failure, encoding="utf-8")
    finally:
        signal.signal(signal.SIGALRM, previous)
        logging.disable(previous_disable)
    return tally


def _job(task: tuple[str, int, int, float, Path | None]) -> Tally:
    return fuzz(*task)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m according.eval.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--format", default="all", choices=(*FORMATS, "all"))
    parser.add_argument("--runs", type=int, default=10_000, help="inputs in total (split between formats)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="processes (each takes its own seed)")
    parser.add_argument("--hang-seconds", type=float, default=HANG_SECONDS)
    parser.add_argument("--crashes", type=Path, help="write failing inputs here")
    args = parser.parse_args(argv)
    formats = FORMATS if args.format == "all" else (args.format,)
    tasks = []
    for fmt in formats:
        share = args.runs // len(formats)
        for job in range(args.jobs):
            n = share // args.jobs + (1 if job < share % args.jobs else 0)
            if n:
                tasks.append((fmt, n, args.seed * 1000 + job, args.hang_seconds, args.crashes))
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            tallies = list(pool.map(_job, tasks))
    else:
        tallies = [_job(t) for t in tasks]
    total = Tally("all")
    for fmt in formats:
        mine = [t for t in tallies if t.fmt == fmt]
        runs, crashes, hangs = (sum(getattr(t, k) for t in mine) for k in ("runs", "crashes", "hangs"))
        slowest = max((t.slowest for t in mine), default=0.0)
        print(f"fuzz: {fmt} {runs} inputs, {crashes} crashes, {hangs} hangs (slowest {slowest:.2f}s)")
        for t in mine:
            for line in t.first_failures:
                print(f"  {line}")
        total.runs, total.crashes, total.hangs = (
            total.runs + runs,
            total.crashes + crashes,
            total.hangs + hangs,
        )
        total.slowest = max(total.slowest, slowest)
    print(
        f"fuzz: {'+'.join(formats)} {total.runs} inputs, {total.crashes} crashes, {total.hangs} hangs "
        f"(slowest {total.slowest:.2f}s), {time.perf_counter() - started:.0f}s"
    )
    return 1 if total.crashes or total.hangs else 0


if __name__ == "__main__":
    sys.exit(main())
