"""Outlet, date and title for articles that carry none: plain text files above all.

An HTML page names its site and date; a ``.txt`` file does not, and without them the record
cannot say who published a claim first. A user gives them, from the most specific to the
least:

1. a sidecar beside the file, ``<file>.meta.json`` or ``<stem>.meta.json``
   (``{"outlet": "NYT", "published": "2016-10-14", "title": "…"}``), or a row for the file in
   a metadata table (``--metadata FILE``: CSV, TSV or JSON Lines with a ``file`` column);
2. a pattern over the file name, a regular expression with named groups ``outlet``,
   ``published`` and ``title`` (``--name-pattern``), e.g. PolNeAR's
   ``nyt_2016-10-14_…``: ``(?P<outlet>[^_]+)_(?P<published>\\d{4}-\\d{2}-\\d{2})_``;
3. what the article itself carries (an HTML page's site name and date);
4. ``--outlet`` / ``--published``, for every article still without one.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..document import Article
from ..errors import InputError

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.json"
PATTERN_GROUPS = ("outlet", "published", "title")
# The names a metadata table or sidecar may use for each field (PolNeAR's metadata.tsv says
# "publisher" and "publication_date").
_ALIASES = {
    "outlet": ("outlet", "site", "publisher", "source"),
    "published": ("published", "date", "publication_date", "pubdate"),
    "title": ("title", "headline"),
    "byline": ("byline", "author", "authors"),
    "url": ("url", "link"),
}
_FILE_COLUMNS = ("file", "filename", "name", "path")


def parse_date(value: str, where: str) -> _dt.date:
    """A date written 2016-10-14, 20161014 or 2016/10/14 (a timestamp's date part is used)."""
    text = value.strip()
    for candidate in (text[:10], text):
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"):
            try:
                return _dt.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    raise InputError(where, f"{value!r} is not a date; write it like 2016-10-14")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A ``--name-pattern``: a valid regex whose named groups are among ``PATTERN_GROUPS``."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise InputError("--name-pattern", f"not a regular expression ({exc})") from None
    unknown = set(compiled.groupindex) - set(PATTERN_GROUPS)
    if not compiled.groupindex or unknown:
        raise InputError(
            "--name-pattern",
            "name its groups after what they capture, (?P<outlet>…), (?P<published>…) or (?P<title>…)"
            + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else ""),
        )
    return compiled


def _fields(record: dict[str, Any], where: str) -> dict[str, Any]:
    """The metadata of one sidecar or table row, under our field names, dates parsed."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    out: dict[str, Any] = {}
    for name, aliases in _ALIASES.items():
        value = next((lowered[a] for a in aliases if lowered.get(a) not in (None, "")), None)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(where, f"{name} must be text, not {type(value).__name__}")
        out[name] = parse_date(value, where) if name == "published" else value.strip()
    return out


def load_table(path: str | Path) -> dict[str, dict[str, Any]]:
    """A metadata table: rows keyed by file name (and stem), from CSV, TSV or JSON Lines."""
    where = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(where, f"cannot read metadata table: {exc}") from None
    rows: list[dict[str, Any]]
    if raw.lstrip().startswith("{"):
        try:
            rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(where, f"not JSON Lines ({exc.msg} at line {exc.lineno})") from None
    else:
        dialect = "excel-tab" if "\t" in raw.splitlines()[0] else "excel"
        rows = list(csv.DictReader(io.StringIO(raw), dialect=dialect))
    table: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(rows, 2):
        lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        name = next((lowered[c] for c in _FILE_COLUMNS if lowered.get(c)), None)
        if not name:
            columns = " or ".join(_FILE_COLUMNS)
            raise InputError(f"{where}:{i}", f"no file name; give a column named {columns}")
        fields = _fields(row, f"{where}:{i}")
        base = Path(str(name)).name
        for key in (str(name), base, Path(base).stem):
            table.setdefault(key, fields)
    if not table:
        raise InputError(where, "metadata table has no rows")
    return table


def _sidecar(path: Path) -> dict[str, Any] | None:
    names = (path.name + SIDECAR_SUFFIX, path.stem + SIDECAR_SUFFIX)
    for candidate in (path.with_name(n) for n in names):
        if candidate.is_file():
            where = str(candidate)
            try:
                data = json.loads(candidate.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InputError(where, f"not a JSON metadata sidecar ({exc})") from None
            if not isinstance(data, dict):
                example = '{"outlet": "…", "published": "2016-10-14"}'
                raise InputError(where, f"a sidecar is one JSON object, like {example}")
            return _fields(data, where)
    return None


def is_sidecar(path: Path) -> bool:
    """Sidecars sit among the articles but are not articles."""
    return path.name.endswith(SIDECAR_SUFFIX)


@dataclass(frozen=True)
class MetadataOptions:
    """What the user says about articles' outlet, date and title (see the module docstring)."""

    outlet: str | None = None
    published: _dt.date | None = None
    name_pattern: re.Pattern[str] | None = None
    table: dict[str, dict[str, Any]] = field(default_factory=dict)
    sidecars: bool = True

    def from_name(self, name: str) -> dict[str, Any]:
        if self.name_pattern is None:
            return {}
        match = self.name_pattern.search(name)
        if match is None:
            log.info("%s: the name pattern does not match; no metadata from the name", name)
            return {}
        found = {k: v for k, v in match.groupdict().items() if v}
        if "title" in found:
            # a title group that ran to the end of the name leaves the file's extension out
            title = found["title"].removesuffix(Path(name).suffix) if Path(name).suffix else found["title"]
            found["title"] = " ".join(re.split(r"[-_]+", title)).strip()
        if "published" in found:
            found["published"] = parse_date(found["published"], name)
        return found

    def apply(self, article: Article) -> Article:
        """``article`` with the metadata the user gave for it filled in or overriding."""
        path = Path(article.path) if article.path else None
        explicit: dict[str, Any] = {}
        pattern: dict[str, Any] = {}
        if path is not None:
            if self.sidecars:
                explicit = _sidecar(path) or {}
            if not explicit:
                explicit = next(
                    (self.table[k] for k in (str(path), path.name, path.stem) if k in self.table), {}
                )
            pattern = self.from_name(path.name)
        fallback = {"outlet": self.outlet, "published": self.published}
        values: dict[str, Any] = {}
        for name, current in (
            ("outlet", article.site),
            ("published", article.published),
            ("title", article.title),
            ("byline", article.byline),
            ("url", article.url),
        ):
            values[name] = explicit.get(name) or pattern.get(name) or current or fallback.get(name)
        return replace(
            article,
            site=values["outlet"],
            published=values["published"],
            title=values["title"],
            byline=values["byline"],
            url=values["url"],
        )
