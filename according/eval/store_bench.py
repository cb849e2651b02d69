"""Store benchmarks: ingest rate beside extraction alone, and query latency on a large store.

    # extraction alone vs storing, same documents, same run (SQLite, then PostgreSQL if given)
    python -m according.eval.store_bench ingest --articles 40 --db /tmp/bench.db --db postgresql://…
    # a store of 100,000 attributions, then p50/p95 of `claims --search` and `speaker NAME`
    python -m according.eval.store_bench generate --db /tmp/big.db --attributions 100000
    python -m according.eval.store_bench queries --db /tmp/big.db --runs 200

``generate`` writes synthetic rows straight into the schema (bulk inserts, speakers and claim
groups assigned by the generator with Zipf-like popularity) because it measures *queries*;
the cost of the real write path is what ``ingest`` measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from ..analysis.similarity import DEFAULT_METHOD, METHODS
from ..document import Article, Document
from ..ingest.filemeta import MetadataOptions, compile_pattern
from ..store import queries
from ..store.models import AliasRow, ArticleRow, AttributionRow, ClaimRow, SpeakerRow, utcnow
from ..store.repository import Store
from .polnear import POLNEAR_NAMES

# An invented newsroom vocabulary; Zipf-weighted so some words are common, most are rare.
WORDS = """government minister council police report inquiry court judge budget hospital school bridge
harbour river water price energy tax wage strike union election vote campaign party leader senator
president spokesman company bank market shares jobs workers factory plant ferry rail road airport
flight border army troops ceasefire talks treaty sanctions prisoners prison recruit pardon families
letters warning engineers inspection closure repairs traffic pollution nitrates samples study scientists
vaccine trial volunteers virus outbreak doctors nurses patients beds waiting list funding cuts deficit
debt growth inflation interest rates housing rent tenants landlords planning permission developers
climate emissions flood drought harvest farmers fishing quota licence broadcast newspaper journalist
interview statement denial allegation evidence witness lawyer appeal sentence fine investigation
scandal resignation rumours cabinet treasury backbenchers memo leak briefing colleagues programme""".split()
FIRST = "Anna Boris Carla David Elena Farid Grace Hugo Ines Jonas Karin Lukas Maria Nadia Omar Priya".split()
LAST = "Osechkin Petrova Johnson Lopez Okafor Marsh Berg Nilsen Dubois Raman Reilly Achterberg Novak".split()
SYLLABLES = "ka ro vin sel mar to ne os ech kin pe tro va li an ber go da mi lu sa fe ri".split()
OUTLETS = ["LBC", "The Times", "The Guardian", "BBC", "Reuters", "AFP", "Sky", "Metro", "Daily Post", "Wire"]
STANCES = ["report", "report", "report", "assert", "belief", "denial", "speculation", "distance"]


def _skewed(rng: random.Random, n: int) -> int:
    """An index in [0, n) where low indexes are popular: the top 1% get ~10% of the draws."""
    return int(n * rng.random() ** 2)


def _vocabulary(rng: random.Random, size: int = 8000) -> list[str]:
    """The topical WORDS first (most frequent), then invented words for a realistic long tail."""
    tail = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)}
    return WORDS + sorted(tail - set(WORDS))[: size - len(WORDS)]


def _surname(rng: random.Random) -> str:
    """Real surnames plus invented ones ("Varokin"), so thousands of people can exist."""
    if rng.random() < 0.2:
        return rng.choice(LAST)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _sentence(rng: random.Random, vocabulary: list[str]) -> str:
    return " ".join(vocabulary[_skewed(rng, len(vocabulary))] for _ in range(rng.randint(6, 18)))


def generate(
    url: str, attributions: int, *, per_article: int = 10, speakers: int = 2000, seed: int = 7
) -> dict:
    """Fill an empty store with ``attributions`` rows; returns counts and seconds."""
    rng = random.Random(seed)
    started = time.perf_counter()
    now = utcnow()
    with Store(url, similarity="lexical") as store, store.write_session() as s, s.begin():
        if store.counts()["articles"]:
            raise SystemExit(f"{store.url}: not empty; generate into a new database")
        names = sorted({f"{rng.choice(FIRST)} {_surname(rng)}" for _ in range(speakers * 2)})[:speakers]
        s.execute(
            insert(SpeakerRow),
            [
                {
                    "id": i + 1,
                    "name": n,
                    "type": "person",
                    "key": n.lower(),
                    "surname": n.split()[-1].lower(),
                    "created_at": now,
                }
                for i, n in enumerate(names)
            ],
        )
        s.execute(
            insert(AliasRow),
            [
                {
                    "speaker_id": i + 1,
                    "alias": alias,
                    "key": alias.lower().removeprefix("mr "),
                    "manual": False,
                }
                for i, n in enumerate(names)
                for alias in (n, f"Mr {n.split()[-1]}")
            ],
        )
        vocabulary = _vocabulary(rng)
        n_articles = max(1, attributions // per_article)
        start_date = dt.date(2023, 1, 1)
        s.execute(
            insert(ArticleRow),
            [
                {
                    "id": a + 1,
                    "key": f"https://bench.example/{a}",
                    "content_hash": f"{a:064x}",
                    "outlet": OUTLETS[_skewed(rng, len(OUTLETS))],
                    "canonical_url": f"https://bench.example/{a}",
                    "title": f"Article {a}",
                    "published": start_date + dt.timedelta(days=rng.randrange(730)),
                    "text": f"Synthetic article {a}.",
                    "residue": [],
                    "ingested_at": now,
                    "updated_at": now,
                }
                for a in range(n_articles)
            ],
        )
        claims: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for i in range(attributions):
            speaker_id = _skewed(rng, len(names)) + 1
            if claims and rng.random() < 0.3:  # an echo of an earlier claim, in another article
                claim = claims[rng.randrange(max(0, len(claims) - 5000), len(claims))]
            else:
                claim = {
                    "id": len(claims) + 1,
                    "text": _sentence(rng, vocabulary),
                    "speaker_id": speaker_id,
                    "created_at": now,
                }
                claims.append(claim)
            rows.append(
                {
                    "article_id": i // per_article + 1,
                    "position": i % per_article,
                    "kind": rng.choice(["direct", "indirect", "indirect", "mixed"]),
                    "stance": rng.choice(STANCES),
                    "cue_text": "said",
                    "cue_start": 0,
                    "cue_end": 4,
                    "content_text": claim["text"],
                    "content_spans": [[0, len(claim["text"])]],
                    "speaker_name": names[claim["speaker_id"] - 1],
                    "speaker_type": "person",
                    "speaker_id": claim["speaker_id"],
                    "claim_id": claim["id"],
                }
            )
        s.execute(insert(ClaimRow), claims)
        for chunk in range(0, len(rows), 5000):
            s.execute(insert(AttributionRow), rows[chunk : chunk + 5000])
        if store.dialect == "postgresql":  # ids were given explicitly: move the sequences past them
            for table in ("speakers", "articles", "claims"):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    return {
        "articles": n_articles,
        "attributions": attributions,
        "claims": len(claims),
        "speakers": len(names),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _latencies(runs: int, call: Callable[[int], Any]) -> dict[str, float]:
    times = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (runs - 1))], 1),
        "max_ms": round(times[-1], 1),
    }


def query_latency(url: str, runs: int, seed: int = 11) -> dict[str, Any]:
    """p50/p95 of the library calls behind `according claims --search` and `according speaker`."""
    rng = random.Random(seed)
    with Store(url, create=False, similarity="lexical") as store:
        counts = store.counts()
        with store.session() as s:
            names = [
                n for (n,) in s.execute(SpeakerRow.__table__.select().with_only_columns(SpeakerRow.name))
            ]
        terms = [" ".join(rng.choice(WORDS) for _ in range(rng.choice([1, 1, 2]))) for _ in range(runs)]
        people = [names[_skewed(rng, len(names))] for _ in range(runs)]
        queries.claims(store, queries.ClaimFilter(search=terms[0]))  # warm the connection and caches
        search = _latencies(runs, lambda i: queries.claims(store, queries.ClaimFilter(search=terms[i])))
        speaker = _latencies(runs, lambda i: queries.speaker(store, people[i]))
    return {"store": store.url, **counts, "claims --search": search, "speaker NAME": speaker}


def ingest_rate(
    urls: Sequence[str],
    sources: Sequence[str],
    articles: int,
    model: str | None,
    similarities: Sequence[str] = (DEFAULT_METHOD,),
) -> dict[str, Any]:
    """Extraction alone, then the ingest pipeline storing those same Documents into each
    database, grouping claims with each similarity (``lexical`` is what ingest uses unless
    told otherwise)."""
    from ..batch import ExtractOptions, extract_articles
    from ..ingest import IngestOptions, read_sources
    from ..store.ingest import Ingest, IngestConfig

    items = [a for a in read_sources(list(sources), IngestOptions()) if isinstance(a, Article)][:articles]
    items = [_with_outlet(a) for a in items]
    docs: list[Document] = []
    extract = iter(extract_articles(items[:1], ExtractOptions(model=model)))  # load models outside the timing
    next(extract, None)
    started = time.perf_counter()
    docs = [d for d in extract_articles(items, ExtractOptions(model=model)) if isinstance(d, Document)]
    extract_s = time.perf_counter() - started
    out: dict[str, Any] = {
        "articles": len(docs),
        "attributions": sum(len(d.attributions) for d in docs),
        "extraction_articles_per_s": round(len(docs) / extract_s, 2),
    }
    for url in urls:
        for method in similarities:
            with Store(url, similarity=method) as store:
                store.similarity.encode(["warm up"])  # load a model outside the timing
                run = Ingest(store, IngestConfig(force=True))
                for _ in run.documents(docs):
                    pass
                store_s = run.report.seconds
                out[f"store {store.dialect} {method}"] = {
                    "store_articles_per_s": round(len(docs) / store_s, 2),
                    "ingest_articles_per_s": round(len(docs) / (extract_s + store_s), 2),
                    "ingest_vs_extract": round(extract_s / (extract_s + store_s), 2),
                }
    return out


def _with_outlet(article: Article) -> Article:
    """PolNeAR file names start with the outlet and the date (``breitbart_2016-09-12_…``)."""
    return MetadataOptions(name_pattern=compile_pattern(POLNEAR_NAMES)).apply(article)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="fill an empty store with synthetic attributions")
    gen.add_argument("--db", required=True)
    gen.add_argument("--attributions", type=int, default=100_000)
    q = sub.add_parser("queries", help="latency of claims --search and speaker NAME")
    q.add_argument("--db", required=True)
    q.add_argument("--runs", type=int, default=200)
    ing = sub.add_parser("ingest", help="extraction alone vs extraction + store")
    ing.add_argument("--db", action="append", required=True)
    ing.add_argument("--sources", nargs="+", default=[str(Path(__file__).resolve().parents[1] / "samples")])
    ing.add_argument("--articles", type=int, default=40)
    ing.add_argument("--model", default=None)
    ing.add_argument(
        "--similarity", action="append", choices=METHODS, help="claim grouping to time (repeatable)"
    )
    args = parser.parse_args(argv)
    if args.command == "generate":
        result = generate(args.db, args.attributions)
    elif args.command == "queries":
        result = query_latency(args.db, args.runs)
    else:
        methods = args.similarity or [DEFAULT_METHOD]
        result = ingest_rate(args.db, args.sources, args.articles, args.model, methods)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
