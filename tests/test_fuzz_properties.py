"""Property tests over every input format and the store: whatever the bytes, a reader yields
Articles (with sound offsets and encodable text) or one-line InputErrors, and a stored document
loads back as it was saved. Bounded to a few seconds each; ``python -m according.eval.fuzz``
runs the long version."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from according.document import Article, Attribution, Content, Document, Span, Speaker
from according.errors import InputError
from according.eval import fuzz
from according.ingest.options import IngestOptions, IngestStats
from according.ingest.sources import _Reader

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_CHAR = st.characters(codec=None, categories=None)  # surrogates, NUL and controls included
WORDS = st.sampled_from(
    [
        "said",
        "the",
        "mayor",
        '"',
        "“",
        "”",
        "&#xD800;",
        "&amp;",
        "\n",
        "\n\n",
        "。",
        "記者",
        "<b>",
        "</p>",
        " ",
    ]
)


def _read(data: bytes, fmt: str | None) -> list[Article | InputError]:
    reader = _Reader(IngestOptions(max_bytes=200_000, cache=False), IngestStats())
    reader.open_link = lambda link: []  # type: ignore[method-assign]
    items = reader.read_bytes(data, "prop", fmt)
    for item in items:
        assert isinstance(item, (Article, InputError))
        if isinstance(item, Article):
            fuzz._check_article(item)
        else:
            assert "\n" not in str(item) and str(item).startswith(("prop", "warc:prop"))
    return items


@FAST
@given(
    st.binary(max_size=3000)
    | st.text(ANY_CHAR, max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_text_of_any_bytes(data: bytes) -> None:
    for item in _read(data, "text"):
        if isinstance(item, Article):
            assert item.text  # empty input is an error, never an empty article


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["p", "div", "h1", "article", "script", "nav", "li"]),
            st.lists(WORDS, max_size=30),
        ),
        max_size=12,
    ),
    st.sampled_from(["en", "ja", "x" * 30, "", "zh-Hant-TW"]),
)
def test_html_built_from_hostile_pieces(blocks: list[tuple[str, list[str]]], lang: str) -> None:
    body = "".join(f"<{tag}>{''.join(words)}</{tag}>" for tag, words in blocks)
    title = "".join(blocks[0][1]) if blocks else ""
    page = f'<html lang="{lang}"><head><title>{title}</title></head><body>{body}</body></html>'
    _read(page.encode("utf-8", "surrogatepass"), "html")


@FAST
@given(
    st.lists(st.tuples(st.lists(WORDS, max_size=10), st.lists(WORDS, max_size=60)), min_size=1, max_size=4)
)
def test_feeds_built_from_hostile_items(items: list[tuple[list[str], list[str]]]) -> None:
    entries = "".join(
        f"<item><title>{''.join(t)}</title><description>{''.join(d)}</description></item>" for t, d in items
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T&#xD800;</title>{entries}</channel></rss>'
    )
    _read(feed.encode("utf-8"), "feed")


@FAST
@given(st.integers(min_value=0, max_value=10**9), st.lists(st.binary(max_size=400), max_size=3))
def test_warc_cut_anywhere_or_with_garbage(cut: int, garbage: list[bytes]) -> None:
    data = fuzz.seeds("warc")[0]
    data = data[: cut % (len(data) + 1)] + b"".join(garbage)
    items = _read(data, "warc")
    complete = [i for i in items if isinstance(i, Article)]
    if cut % (len(data) + 1) < len(fuzz.seeds("warc")[0]) // 2:
        assert len(complete) <= 1  # a record cut short is never an article


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(ANY_CHAR, min_size=1, max_size=400).filter(lambda t: t.strip()))
    text = text.encode("utf-8", "replace").decode("utf-8")  # what ingest hands over: no surrogates
    n = len(text)
    attributions = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        a, b = sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n))))
        c, d = sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n))))
        attributions.append(
            Attribution(
                kind=draw(st.sampled_from(["direct", "indirect", "mixed", "unattributed"])),
                cue=Span.of(text, a, b),
                content=Content.of(text, [(c, d)] if d > c else [(0, n)]),
                speaker=draw(
                    st.none() | st.builds(Speaker, st.text(max_size=50).filter(str.strip), st.just("person"))
                ),
                channel=draw(st.none() | st.text(max_size=30)),
            )
        )
    article = Article(
        text=text,
        canonical_url=draw(st.none() | st.text(max_size=40).map(lambda s: "https://p.example/" + s)),
        language=draw(st.none() | st.text(max_size=30)),
        site=draw(st.none() | st.text(max_size=30)),
        source="prop",
    )
    return Document(article=article, attributions=tuple(attributions))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents(), min_size=1, max_size=3))
def test_store_saves_and_loads_back_any_document(docs: list[Document]) -> None:
    from according.store.repository import Store

    with Store("sqlite:///:memory:", similarity="lexical") as store:
        for doc in docs:
            loaded = store.load(store.save(doc, force=True).article_id)
            assert loaded.article.text == doc.article.text.replace("\x00", "\ufffd")
            assert [a.cue.start for a in loaded.attributions] == [a.cue.start for a in doc.attributions]
            assert [a.content.spans for a in loaded.attributions] == [
                a.content.spans for a in doc.attributions
            ]


def test_the_fuzz_harness_runs_and_counts(capsys) -> None:  # type: ignore[no-untyped-def]
    assert fuzz.main(["--format", "all", "--runs", "50", "--seed", "3"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("fuzz: text+html+feed+warc+store 50 inputs, 0 crashes, 0 hangs")
