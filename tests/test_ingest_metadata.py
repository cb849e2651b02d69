"""Outlet, date and title for plain-text articles: sidecars, a metadata table, a file-name
pattern and the --outlet/--published fallbacks, in that order of precedence."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from according.document import Article
from according.errors import InputError
from according.ingest import read_sources
from according.ingest.filemeta import MetadataOptions, compile_pattern, load_table, parse_date

POLNEAR = r"^(?P<outlet>[^_]+)_(?P<published>\d{4}-\d{2}-\d{2})_(?P<title>.*)\.txt$"


def _article(path: Path, **kw) -> Article:  # type: ignore[no-untyped-def]
    return Article(text="The mayor said the pier would reopen.", path=str(path), source=str(path), **kw)


def test_name_pattern_gives_outlet_date_and_title(tmp_path: Path) -> None:
    options = MetadataOptions(name_pattern=compile_pattern(POLNEAR))
    got = options.apply(_article(tmp_path / "nyt_2016-10-14_keep-the-returns.txt"))
    assert (got.site, got.published, got.title) == ("nyt", dt.date(2016, 10, 14), "keep the returns")
    untouched = options.apply(_article(tmp_path / "notes.txt"))
    assert untouched.site is None and untouched.published is None
    # a title group that runs to the end of the name leaves the extension out
    greedy_pattern = r"(?P<outlet>[^_]+)_(?P<published>[\d-]+)_(?P<title>.+)"
    greedy = MetadataOptions(name_pattern=compile_pattern(greedy_pattern))
    named = greedy.apply(_article(tmp_path / "nyt_2016-10-14_keep-the-returns.txt"))
    assert named.title == "keep the returns"


def test_sidecar_and_table_win_over_the_pattern_and_fallbacks_fill_the_rest(tmp_path: Path) -> None:
    story = tmp_path / "nyt_2016-10-14_story.txt"
    (tmp_path / "nyt_2016-10-14_story.txt.meta.json").write_text(
        json.dumps({"outlet": "The New York Times", "published": "2016-10-15"}), encoding="utf-8"
    )
    options = MetadataOptions(
        outlet="Fallback", published=dt.date(2020, 1, 1), name_pattern=compile_pattern(POLNEAR)
    )
    got = options.apply(_article(story))
    assert (got.site, got.published, got.title) == ("The New York Times", dt.date(2016, 10, 15), "story")
    plain = options.apply(_article(tmp_path / "plain.txt"))
    assert (plain.site, plain.published) == ("Fallback", dt.date(2020, 1, 1))
    own = options.apply(_article(tmp_path / "plain.txt", site="Page Site", published=dt.date(2019, 5, 5)))
    assert (own.site, own.published) == ("Page Site", dt.date(2019, 5, 5))  # the page's own beats a default


def test_a_polnear_style_metadata_table(tmp_path: Path) -> None:
    table = tmp_path / "metadata.tsv"
    table.write_text(
        "filename\tpublisher\tpublication_date\ttitle\n"
        "nyt_2016-09-08_obama\tnyt\t2016-09-08\tObama on Climate Change\n",
        encoding="utf-8",
    )
    options = MetadataOptions(table=load_table(table))
    got = options.apply(_article(tmp_path / "text" / "nyt_2016-09-08_obama.txt"))
    assert (got.site, got.published, got.title) == ("nyt", dt.date(2016, 9, 8), "Obama on Climate Change")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(unclosed", "not a regular expression"),
        (r"(?P<when>\d+)", "unknown: when"),
        (r"\d+", "name its groups"),
    ],
)
def test_bad_patterns_say_how_to_write_one(pattern: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        compile_pattern(pattern)


def test_bad_dates_and_sidecars_name_the_file(tmp_path: Path) -> None:
    assert parse_date("20161014", "x") == parse_date("2016/10/14", "x") == dt.date(2016, 10, 14)
    with pytest.raises(InputError, match="write it like 2016-10-14"):
        parse_date("last Tuesday", "--published")
    story = tmp_path / "story.txt"
    (tmp_path / "story.meta.json").write_text('{"published": "soon"}', encoding="utf-8")
    with pytest.raises(InputError, match="story.meta.json"):
        MetadataOptions().apply(_article(story))
    (tmp_path / "story.meta.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="one JSON object"):
        MetadataOptions().apply(_article(story))
    bad_table = tmp_path / "t.csv"
    bad_table.write_text("outlet,published\nNYT,2016-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="column named file"):
        load_table(bad_table)


def test_directories_skip_sidecars(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The mayor said the pier would reopen soon.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"outlet": "Gazette"}', encoding="utf-8")
    read = [item for item in read_sources([str(tmp_path)]) if isinstance(item, Article)]
    assert [Path(a.path or "").name for a in read] == ["a.txt"]
