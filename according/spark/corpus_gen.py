"""Generated news for benchmarks and tests: WARC files of distinct HTML articles.

Articles are the shipped samples (with a numbered line, so no two records are duplicates)
and reports built from templates in the style of political news (PolNeAR's kind of text:
named officials, direct and indirect quotes, organisations, stances), varied by a seeded
random generator so a run is reproducible. Nothing is downloaded.
"""

from __future__ import annotations

import datetime as _dt
import html
import io
import random
from collections.abc import Iterator
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

_FIRST = (
    "Maria James Ana Daniel Helen Victor Sofia Omar Grace Peter Lena Tomas Ruth Samuel Irene Paul".split()
)
_LAST = (
    "Okafor Lindqvist Moreau Hartley Brennan Castillo Novak Adeyemi Walsh Fischer Tanaka Reyes Kowalski"
).split()
_ROLES = ["Senator", "Governor", "Minister", "Mayor", "Representative", "Secretary"]
_ORGS = [
    "the Treasury",
    "the White House",
    "the Health Department",
    "the election commission",
    "the state police",
    "the central bank",
    "the city council",
    "the transport agency",
]
_TOPICS = [
    "the budget",
    "the new tax plan",
    "the border agreement",
    "the hospital closures",
    "the pension reform",
    "the bridge repairs",
    "the trade talks",
    "the school funding bill",
]
_JUDGEMENTS = ["premature", "overdue", "unlawful", "necessary"]
_VERBS = ["said", "told reporters", "argued", "claimed", "insisted", "warned", "suggested", "denied"]
_QUOTES = [
    "We will not accept a deal that leaves families worse off",
    "The figures show a clear improvement over last year",
    "Nobody in this building was told about the change in advance",
    "This is the most serious crisis the department has faced in a decade",
    "We expect the vote to pass by the end of the month",
    "There is no evidence that the money was misused",
    "The plan was rushed through without proper scrutiny",
    "Our priority remains the safety of the people who use these services",
]


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return f"{rng.choice(_ROLES)} {first} {last}", last


def generated_text(rng: random.Random, number: int) -> tuple[str, str]:
    """(title, body) of one report of a few paragraphs."""
    topic = rng.choice(_TOPICS)
    full, last = _person(rng)
    other, other_last = _person(rng)
    org = rng.choice(_ORGS)
    paragraphs = [
        f"{full} {rng.choice(_VERBS)} on {rng.choice(['Monday', 'Tuesday', 'Thursday'])} that {topic} "
        f"would be reviewed after {rng.randint(2, 40)} complaints, report number {number}.",
        f'"{rng.choice(_QUOTES)}," {last} said in a statement released by {org}.',
        f"{other} {rng.choice(_VERBS)} that the decision on {topic} was {rng.choice(_JUDGEMENTS)}.",
        f"According to {org}, {rng.randint(3, 900)} people had written to officials about {topic}.",
        f'"{rng.choice(_QUOTES)}," {other_last} told the Gazette, adding that talks would continue.',
    ]
    rng.shuffle(paragraphs[2:])
    title = f"{last} under pressure over {topic}"
    return title, "\n\n".join(paragraphs)


def _page(title: str, body: str, published: _dt.date) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n\n") if p.strip())
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f"</head><body><article><h1>{html.escape(title)}</h1>\n{paras}</article></body></html>"
    ).encode()


def pages(count: int, seed: int = 13) -> Iterator[tuple[str, bytes]]:
    """``count`` distinct (URL, HTML) pages: the shipped samples in turn with generated reports."""
    rng = random.Random(seed)
    samples = sorted(SAMPLES.glob("*.txt"))
    for n in range(count):
        published = _dt.date(2024, 1, 1) + _dt.timedelta(days=rng.randint(0, 180))
        if samples and n % 4 == 0:
            sample = samples[(n // 4) % len(samples)]
            title, _, body = sample.read_text(encoding="utf-8").partition("\n")
            body = body.strip() + f"\n\nThis is record {n} of the generated crawl."
            slug = sample.stem
        else:
            title, body = generated_text(rng, n)
            slug = "report"
        yield f"https://news.example/{published:%Y/%m}/{slug}-{n}", _page(title, body, published)


def write_warc(
    path: Path, items: Iterator[tuple[str, bytes]] | list[tuple[str, bytes]], gz: bool = True
) -> int:
    """Write (URL, HTML) pages as request + response records, as a crawler would; returns pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    count = 0
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for uri, body in items:
            request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
            count += 1
    return count
