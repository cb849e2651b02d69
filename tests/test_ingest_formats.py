"""Reading news as it comes: HTML, feeds, WARC, gzip, directories, stdin; detection and dedup."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import sys
from pathlib import Path

import pytest

from according.document import Article
from according.errors import InputError
from according.ingest import IngestOptions, IngestStats, detect_format, read_sources

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
HARBOUR = FIXTURES / "harbour.html"
LIBRARY = FIXTURES / "library.html"

STORY = (
    "<p>The regional water company will spend four hundred million pounds on new sewage storage tanks "
    "over the next five years, its chief executive announced on Wednesday.</p>"
    "<p>\u201cOur rivers deserve better and we have heard that message loud and clear,\u201d said "
    "Priya Nair, who took over the company in the spring.</p>"
    "<p>Read more: How the drought changed the reservoirs</p>"
    "<p>Campaigners said the plan came years too late. A spokesperson for the Clean Rivers Trust said spills "
    "had doubled since 2016 and that the regulator had failed to act.</p>"
)


def _articles(items: list) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _feed(items: str, rss: bool = True) -> bytes:
    if rss:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>River Post</title><link>https://river.example/</link><language>en-gb</language>"
            f"{items}</channel></rss>"
        ).encode()
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>River Post</title>{items}</feed>"
    ).encode()


RSS_ITEM = (
    "<item><title>Water company to spend 400m on sewage tanks</title>"
    "<link>https://river.example/news/sewage-tanks</link><dc:creator>Owen Blake</dc:creator>"
    "<pubDate>Wed, 06 Sep 2023 09:15:00 +0000</pubDate>"
    f"<description>The company will build new tanks.</description><content:encoded><![CDATA[{STORY}]]>"
    "</content:encoded></item>"
)


def test_html_page_main_text_and_metadata() -> None:
    (article,) = read_sources([str(HARBOUR)])
    assert article.title == "Harbour bridge to close for a year, council confirms"
    assert article.byline == "Maria Okafor"
    assert article.published == dt.date(2024, 2, 13)
    assert article.site == "The Northport Courier"
    assert article.language == "en"
    assert article.canonical_url == "https://courier.example/news/2024/harbour-bridge-closure"
    assert article.path == str(HARBOUR)
    assert "Petra Lindqvist said the decision" in article.text
    for boilerplate in ("Sport", "Weather", "Most read", "All rights reserved", "We use cookies"):
        assert boilerplate not in article.text
    # what trafilatura leaves behind is residue, and the repeated headline too
    residue = [article.text[s:e] for s, e in article.residue]
    assert "Read more: Northport ferry timetable to be expanded this spring" in residue
    assert "Advertisement" in residue
    assert article.title in residue
    assert not article.in_residue(article.text.index("Petra"), article.text.index("Petra") + 5)


def test_html_timestamp_line_and_og_url() -> None:
    (article,) = read_sources([str(LIBRARY)])
    assert article.published == dt.date(2023, 5, 4)
    assert article.canonical_url == "https://gazette.example/2023/05/library-saved"
    residue = [article.text[s:e] for s, e in article.residue]
    assert {
        "Published 4 May 2023",
        "Share this article",
        "Related: Mobile library service to end in the valley",
    } <= set(residue)


def test_rss_items_with_full_content_are_articles(tmp_path: Path) -> None:
    second = RSS_ITEM.replace("sewage-tanks", "tanks-2").replace("four hundred", "five hundred")
    f = tmp_path / "river.rss"
    f.write_bytes(_feed(RSS_ITEM + second))
    first, other = read_sources([str(f)])
    assert first.title == "Water company to spend 400m on sewage tanks"
    assert first.byline == "Owen Blake"
    assert first.published == dt.date(2023, 9, 6)
    assert first.site == "River Post"
    assert first.language == "en"
    assert first.url == "https://river.example/news/sewage-tanks"
    assert "Priya Nair" in first.text
    assert "Read more: How the drought changed the reservoirs" in [first.text[s:e] for s, e in first.residue]
    assert "five hundred" in other.text


def test_atom_feed_detected_without_extension(tmp_path: Path) -> None:
    entry = (
        "<entry><title>Tanks</title><link href='https://river.example/a'/><updated>2023-09-06T09:00:00Z</updated>"
        f"<author><name>Owen Blake</name></author><content type='html'><![CDATA[{STORY}]]></content></entry>"
    )
    f = tmp_path / "feed"
    f.write_bytes(_feed(entry, rss=False))
    assert detect_format(f.read_bytes()[:4096], "feed") == "feed"
    (article,) = read_sources([str(f)])
    assert article.byline == "Owen Blake" and article.published == dt.date(2023, 9, 6)


def test_feed_item_without_content_or_link_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "empty-items.xml"
    f.write_bytes(_feed("<item><title>Nothing here</title></item>"))
    (error,) = read_sources([str(f)])
    assert isinstance(error, InputError)
    assert "item1" in str(error) and "neither content nor a link" in str(error)


def _warc(path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        pages = [
            (
                "https://courier.example/news/2024/harbour-bridge-closure",
                HARBOUR.read_bytes(),
                "text/html; charset=utf-8",
            ),
            ("https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
            ("https://gazette.example/2023/05/library-saved", LIBRARY.read_bytes(), "text/html"),
        ]
        for uri, body, ctype in pages:
            request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_become_articles(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(path, gz)
    stats = IngestStats()
    items = list(read_sources([str(path)], stats=stats))
    assert all(isinstance(i, Article) for i in items)
    harbour, library = items
    assert harbour.url == "https://courier.example/news/2024/harbour-bridge-closure"
    assert harbour.source.startswith(f"warc:{path}#")
    assert harbour.title == "Harbour bridge to close for a year, council confirms"
    assert library.published == dt.date(2023, 5, 4)
    assert stats.articles == 2 and stats.skipped["WARC record not HTML"] == 1


def test_gzip_files_of_any_kind(tmp_path: Path) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(HARBOUR.read_bytes()))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(b'"We will rebuild the pier," the mayor said.\n'))
    (tmp_path / "c.rss.gz").write_bytes(gzip.compress(_feed(RSS_ITEM)))
    harbour, pier, feed_item = read_sources([str(tmp_path)])
    assert harbour.title.startswith("Harbour bridge")
    assert pier.text == '"We will rebuild the pier," the mayor said.\n'
    assert "Priya Nair" in feed_item.text


def test_gzip_bomb_and_damaged_gzip_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 200_000))
    (tmp_path / "broken.gz").write_bytes(gzip.compress(b"hello there " * 50)[:30])
    bomb, broken = read_sources([str(tmp_path)], IngestOptions(max_bytes=100_000))
    assert isinstance(bomb, InputError) and "bomb.txt.gz" in str(bomb) and "--max-bytes" in str(bomb)
    assert isinstance(broken, InputError) and "broken.gz" in str(broken)


def test_input_format_overrides_detection(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_bytes(HARBOUR.read_bytes())
    (as_html,) = read_sources([str(f)])
    assert "<p>" not in as_html.text  # detected from content despite .txt
    (as_text,) = read_sources([str(f)], IngestOptions(input_format="text"))
    assert "<p>" in as_text.text
    with pytest.raises(ValueError):
        list(read_sources([str(f)], IngestOptions(input_format="pdf")))


def test_stdin_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(LIBRARY.read_bytes()))))
    (article,) = read_sources(["-"])
    assert article.source == "<stdin>" and article.title == "Village library saved by volunteers"


def test_duplicates_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "same.html").write_bytes(HARBOUR.read_bytes())
    # same canonical URL, different wording
    (tmp_path / "edited.html").write_bytes(HARBOUR.read_bytes().replace(b"twelve months", b"a year"))
    (tmp_path / "note.txt").write_text("The mayor said the pier would reopen.\n")
    (tmp_path / "note-again.txt").write_text("The mayor said the pier\nwould reopen.\n")
    stats = IngestStats()
    items = list(read_sources([str(HARBOUR), str(tmp_path)], stats=stats))
    assert [Path(a.source).name for a in items] == ["harbour.html", "note-again.txt"]
    assert stats.skipped["duplicate"] == 3 and stats.articles == 2
    everything = list(read_sources([str(HARBOUR), str(tmp_path)], IngestOptions(dedup=False)))
    assert len(everything) == 5


def test_mixed_directory_reports_bad_files_and_reads_good_ones(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_bytes(LIBRARY.read_bytes())
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    (tmp_path / "nav-only.html").write_bytes(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "latin1.txt").write_bytes("Le maire a déclaré que le port rouvrirait.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("The mayor said the port would reopen.".encode("utf-16"))
    (tmp_path / "huge.txt").write_text("The mayor said so. " * 10_000)
    items = list(read_sources([str(tmp_path)], IngestOptions(max_bytes=100_000)))
    by_name = {Path(i.path if isinstance(i, Article) else i.source).name: i for i in items}
    assert isinstance(by_name["good.html"], Article)
    assert by_name["latin1.txt"].text.startswith("Le maire a déclaré")
    assert by_name["utf16.txt"].text == "The mayor said the port would reopen."
    for bad, why in (
        ("empty.html", "empty"),
        ("photo.jpg", "binary"),
        ("nav-only.html", "no article text"),
        ("huge.txt", "--max-bytes"),
    ):
        error = by_name[bad]
        assert isinstance(error, InputError), bad
        assert why in str(error) and "\n" not in str(error)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_html_in_other_encodings(tmp_path: Path, encoding: str) -> None:
    page = (
        f'<html><head><meta charset="{encoding}"><title>Caf\u00e9 to close</title></head><body><article>'
        "<p>The caf\u00e9 in the square will close next month after forty years, its owner said.</p>"
        "</article></body></html>"
    )
    f = tmp_path / "cafe"  # no extension: detected from the content
    f.write_bytes(page.encode(encoding))
    (article,) = read_sources([str(f)])
    assert article.title == "Caf\u00e9 to close"
    assert article.text.startswith("The caf\u00e9 in the square")
