"""Page furniture in scraped text is found as ranges (never cut), header lines become metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from according.ingest import read_sources
from according.ingest.residue import furniture, parse_byline, parse_date, scan

SCRAPED = """Ferry operator 'to cut winter sailings' as fuel costs soar

3 November 2023, 14:05

Passengers wait at the terminal in Portmore, the operator has said
Passengers wait at the terminal in Portmore, the operator has said. Picture: Alamy

By Hannah Greer

The Portmore ferry operator will cut its winter timetable by a third, its chief executive said on Friday.

Listen to this article

Loading audio...

Read more: Bus fares in the county to rise in January, council says

"We cannot run empty boats through the winter," Daniel Obi told reporters.

Advertisement

Share this article

We use cookies to give you the best experience. Accept all cookies or manage your preferences.

Also read: Harbour master warns of storm damage, officials claim

Island residents said the cuts would leave them cut off for days at a time.
"""


def _residue_lines(text: str) -> list[str]:
    return [text[s:e] for s, e in scan(text).residue]


def test_scraped_text_keeps_every_character_and_reports_furniture() -> None:
    found = scan(SCRAPED)
    lines = [SCRAPED[s:e] for s, e in found.residue]
    for expected in (
        "Ferry operator 'to cut winter sailings' as fuel costs soar",
        "3 November 2023, 14:05",
        "Passengers wait at the terminal in Portmore, the operator has said",
        "Passengers wait at the terminal in Portmore, the operator has said. Picture: Alamy",
        "By Hannah Greer",
        "Listen to this article",
        "Loading audio...",
        "Read more: Bus fares in the county to rise in January, council says",
        "Advertisement",
        "Share this article",
        "We use cookies to give you the best experience. Accept all cookies or manage your preferences.",
        "Also read: Harbour master warns of storm damage, officials claim",
    ):
        assert expected in lines, expected
    reporting = [line for line in SCRAPED.splitlines() if line and line not in lines]
    assert reporting == [
        "The Portmore ferry operator will cut its winter timetable by a third, its chief executive said "
        "on Friday.",
        '"We cannot run empty boats through the winter," Daniel Obi told reporters.',
        "Island residents said the cuts would leave them cut off for days at a time.",
    ]
    assert found.title == "Ferry operator 'to cut winter sailings' as fuel costs soar"
    assert found.byline == "Hannah Greer"
    assert found.published == dt.date(2023, 11, 3)
    # ranges are sorted, disjoint and index the untouched text
    assert list(found.residue) == sorted(found.residue)
    assert all(
        a_end < b_start for (_, a_end), (b_start, _) in zip(found.residue, found.residue[1:], strict=False)
    )


def test_plain_prose_has_no_residue_and_no_invented_title() -> None:
    text = (
        '"We will rebuild the pier," the mayor said on Tuesday.\n\n'
        "By Thursday, officials said, the first barges would arrive.\n\n"
        "Related costs were not disclosed, a spokesperson said.\n"
    )
    found = scan(text)
    assert found.residue == ()
    assert found.title is None and found.byline is None and found.published is None


@pytest.mark.parametrize(
    "line",
    [
        "Watch: Minister questioned over rail delays",
        "Photograph: Ben Stansall/AFP via Getty Images",
        "Protesters outside parliament on Monday / Getty Images",
        "Advertisement - scroll to continue",
        "Story continues below advertisement",
        "Facebook Twitter Email",
        "Sign up to our morning newsletter",
        "Listen to this article",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert furniture(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "He posted an image: the flag of Ukraine.",
        "Copyright laws were changed, the minister said.",
        "Reuters reported that talks had stalled, citing two sources.",
        "Related to the case, police said they had arrested two men.",
        "The advertisement was banned after complaints, the regulator said.",
    ],
)
def test_reporting_lines_are_not_furniture(line: str) -> None:
    assert furniture(line) is None


def test_dates_and_bylines() -> None:
    assert parse_date("Thu 24 Mar 2022 10.08 GMT") == dt.date(2022, 3, 24)
    assert parse_date("Updated: 2021-05-05") == dt.date(2021, 5, 5)
    assert parse_date("May 5, 2021 at 3:00 p.m. ET") == dt.date(2021, 5, 5)
    assert parse_date("In March 2022 he resigned") is None
    assert parse_date("The vote on 4 May 2023 was close") is None
    assert parse_byline("By Jane Roe, Political Editor") == "Jane Roe"
    assert parse_byline("By Jane Roe and Sam Lee") == "Jane Roe and Sam Lee"
    assert parse_byline("By Tuesday, ministers said the deal would be done.") is None
    assert parse_byline("By the end of the year prices had doubled") is None


def test_plain_text_files_carry_residue_and_header_metadata(tmp_path: Path) -> None:
    f = tmp_path / "ferry.txt"
    f.write_text(SCRAPED, encoding="utf-8")
    (article,) = read_sources([str(f)])
    assert article.text == SCRAPED
    assert article.title.startswith("Ferry operator")
    assert article.byline == "Hannah Greer"
    assert article.in_residue(SCRAPED.index("Read more"), SCRAPED.index("Read more") + 9)
    assert not article.in_residue(SCRAPED.index("We cannot"), SCRAPED.index("We cannot") + 9)


def test_seed_article(seed_article: Path) -> None:
    """The real scraped article: header metadata recovered, furniture and caption claims in residue."""
    (article,) = read_sources([str(seed_article)])
    text = seed_article.read_text(encoding="utf-8")
    assert article.text == text
    assert article.byline == "Will Taylor"
    assert article.published == dt.date(2022, 3, 24)
    assert article.title and article.title == text.splitlines()[0].strip()
    covered = {text[s:e] for s, e in article.residue}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("Read more:", "Listen to", "Loading audio", "By ")) or "Picture:" in stripped:
            assert stripped in covered, stripped
    # the caption (a claim, "it's been claimed") is residue in both its copies
    captions = [line for line in text.splitlines() if "Picture:" in line]
    for caption in captions:
        plain = caption.split(". Picture:")[0]
        assert all(
            any(s <= m and m + len(plain) <= e for s, e in article.residue) for m in _all_indexes(text, plain)
        )
    # body paragraphs are untouched
    assert sum(e - s for s, e in article.residue) < len(text) // 4


def _all_indexes(text: str, needle: str) -> list[int]:
    out, start = [], text.find(needle)
    while start != -1:
        out.append(start)
        start = text.find(needle, start + 1)
    return out


def test_headlines_listed_under_a_heading_are_residue() -> None:
    text = (
        "The port will reopen on Monday, the harbour master said.\n\n"
        "Most read\n\n"
        "Mayor says tram line will be finished by 2027\n\n"
        "Union claims drivers were never consulted\n\n"
        "Read more\n"
        "Council denies it sold the park\n\n"
        "Fishermen said the closure had cost them thousands of pounds.\n"
    )
    lines = _residue_lines(text)
    assert lines == [
        "Most read",
        "Mayor says tram line will be finished by 2027",
        "Union claims drivers were never consulted",
        "Read more",
        "Council denies it sold the park",
    ]
