"""How rare each word is in news: what a shared word says about two contents being one claim.

Two of a speaker's contents that share "the United States" share little: news writes it
everywhere. Two that share "waterboarding" or "peanuts" very likely report one claim. Claim
grouping's lexical cosine (``similarity.LexicalSimilarity``) weighs every word by its inverse
document frequency, ``log((N + 1) / (df + 1)) + 1``, so that one common phrase no longer chains
a speaker's unrelated claims into one group ("ban Muslims from entering the United States",
"attack the oil that funds the Islamic State", "Obama was born in the United States").

Source: the document frequencies of the stemmed content words (``similarity.content_words``)
of the PolNeAR training articles (840 US political news articles, 2015-2016, seven outlets).
The table holds counts only, no text; words seen in one article or none are left out and
weigh as the rarest. ``python -m according.analysis.rarity PATH/TO/polnear/train/text``
rebuilds ``data/word_rarity.tsv.gz``.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

TABLE = Path(__file__).resolve().parent.parent / "data" / "word_rarity.tsv.gz"
#: Words in fewer articles than this are left out of the table (they weigh as the rarest).
MIN_DOCUMENTS = 2


@lru_cache(maxsize=1)
def _table() -> tuple[int, dict[str, int]]:
    """(articles counted, document frequency by stemmed word)."""
    try:
        with gzip.open(TABLE, "rt", encoding="utf-8") as stream:
            header = stream.readline().rstrip("\n").split("\t")
            rows = (line.rstrip("\n").split("\t") for line in stream if line.strip())
            counts = {word: int(n) for word, n in rows}
            return int(header[1]), counts
    except (OSError, ValueError, IndexError) as exc:  # a broken install: every word weighs alike
        log.warning("word rarity table %s unreadable (%s): claim words weigh alike", TABLE, exc)
        return 0, {}


@lru_cache(maxsize=1 << 16)
def weight(stem: str) -> float:
    """The inverse document frequency of a stemmed word: 1.0 for a word in every article,
    about 7 for one the table has not seen twice (1.0 for every word without a table)."""
    documents, counts = _table()
    if not documents:
        return 1.0
    return math.log((documents + 1) / (counts.get(stem, 1) + 1)) + 1


def count(texts: list[str]) -> Counter[str]:
    """Document frequencies of the stemmed content words of ``texts``."""
    from .similarity import content_words  # the words claim grouping compares

    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(content_words(text)))
    return df


def build(directory: Path, out: Path = TABLE) -> int:
    """Count the ``*.txt`` articles of ``directory`` into ``out``; returns the words written."""
    paths = sorted(directory.glob("*.txt"))
    if not paths:
        raise SystemExit(f"{directory}: no .txt articles to count")
    df = count([p.read_text(encoding="utf-8", errors="replace") for p in paths])
    kept = sorted((w, n) for w, n in df.items() if n >= MIN_DOCUMENTS)
    lines = [f"#documents\t{len(paths)}\n", *(f"{w}\t{n}\n" for w, n in kept)]
    out.write_bytes(gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0))  # reproducible
    return len(kept)


def _main() -> None:
    parser = argparse.ArgumentParser(description="Rebuild the word rarity table from plain-text articles.")
    parser.add_argument("articles", type=Path, help="a directory of .txt articles (PolNeAR train/text)")
    args = parser.parse_args()
    print(f"{build(args.articles)} words written to {TABLE}")


if __name__ == "__main__":
    _main()
