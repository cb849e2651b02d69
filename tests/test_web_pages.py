"""The web pages in process: escaping of hostile articles, the read and store forms (token and
CSRF), filters, paging and downloads, and the highlighting cut (a property test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from serve_support import HOSTILE_TITLE, PWNED, SaidFinder, seed

from according.api import ServeConfig, create_app
from according.web.highlight import pieces

TOKEN = "page-token"


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[str, dict[str, int]]:
    url = str(tmp_path / "pages.db")
    return url, seed(url)


def client(url: str, **config: object) -> TestClient:
    settings_ = {"database": url, "similarity": "lexical", **config}
    return TestClient(create_app(ServeConfig(**settings_), extractor=SaidFinder()))  # type: ignore[arg-type]


def test_hostile_article_is_text_not_markup(seeded: tuple[str, dict[str, int]]) -> None:
    url, ids = seeded
    with client(url) as c:
        html = c.get(f"/articles/{ids['hostile']}").text
    assert f"<script>{PWNED}" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html
    assert (
        'href="javascript:' not in html and "javascript:alert(document.cookie)" in html
    )  # shown, not linked
    assert "<b onmouseover" not in html and "Evil &lt;b onmouseover" in html
    assert [s for s in re.findall(r"<script[^>]*>", html)] == ['<script src="/static/according.js" defer>']
    assert "Mayor resigns &lt;script&gt;" in html and HOSTILE_TITLE not in html


def test_article_page_marks_every_attribution(seeded: tuple[str, dict[str, int]]) -> None:
    url, ids = seeded
    with client(url) as c:
        html = c.get(f"/articles/{ids['nested']}").text
        data = c.get(f"/api/v1/articles/{ids['nested']}").json()
    for i, a in enumerate(data["attributions"]):
        cue = re.findall(rf'data-cue="[^"]*\b{i}\b[^"]*"[^>]*>([^<]*)</a>', html)
        assert "".join(cue) == a["cue"]["text"]
        assert f'id="a{i}"' in html
    assert 'class="hl cnt d2' in html  # the claim inside the claim is shaded deeper
    assert "Harbour Post → The minister → the mayor" in re.sub(r"</?span>", "", html)


def test_read_form_paste_upload_and_errors(tmp_path: Path) -> None:
    with client(str(tmp_path / "none.db")) as c:
        r = c.post("/read", data={"text": "The harbour master said the ferry will run all winter."})
        assert r.status_code == 200 and 'data-cue="0"' in r.text and "Not stored" in r.text
        page = b"<html><head><title>Ferry news</title></head><body><p>The mayor said ferries run.</p></body>"
        up = c.post("/read", files={"file": ("story.html", page, "text/html")})
        assert up.status_code == 200 and "<h1>Ferry news</h1>" in up.text
        both = c.post("/read", data={"text": "x", "url": "https://example.org/"})
        assert (
            both.status_code == 400
            and "give one thing to read" in both.text
            and "text/html" in both.headers["content-type"]
        )
        empty = c.post("/read", data={"text": "  "})
        assert empty.status_code == 400
        refused = c.post("/read", data={"url": "http://10.0.0.1/internal"})
        assert refused.status_code == 422 and "private address" in refused.text
        feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
        not_one = c.post("/read", files={"file": ("feed.xml", feed, "application/rss+xml")})
        assert not_one.status_code == 422 and "not one article" in not_one.text


def test_store_this_needs_csrf_and_the_token(tmp_path: Path) -> None:
    url = str(tmp_path / "w.db")
    with client(url, token=TOKEN) as c:
        shown = c.post("/read", data={"text": "The harbour master said the ferry will run all winter."})
        key = re.search(r'name="key" value="([^"]+)"', shown.text)[1]  # type: ignore[index]
        csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)[1]  # type: ignore[index]
        assert c.cookies.get("according_csrf") == csrf.split(".")[0]
        forged = c.post("/store", data={"key": key, "csrf": csrf.split(".")[0] + ".bad", "token": TOKEN})
        assert forged.status_code == 403 and "reload the page" in forged.text
        no_token = c.post("/store", data={"key": key, "csrf": csrf, "token": "wrong"})
        assert no_token.status_code == 401
        stored = c.post("/store", data={"key": key, "csrf": csrf, "token": TOKEN}, follow_redirects=False)
        assert stored.status_code == 303 and re.fullmatch(r"/articles/\d+", stored.headers["location"])
        view = c.get(stored.headers["location"])
        assert "stored as article" in view.text and 'name="key"' not in view.text
        gone = c.post("/store", data={"key": "nope", "csrf": csrf, "token": TOKEN})
        assert gone.status_code == 410
    c2 = TestClient(create_app(ServeConfig(database=url), extractor=SaidFinder()))
    shown = c2.post("/read", data={"text": "The harbour master said the ferry will run all winter."})
    assert 'action="/store"' not in shown.text and "read-only" in shown.text  # no token: no button


def test_lists_filter_page_and_download(seeded: tuple[str, dict[str, int]]) -> None:
    url, ids = seeded
    with client(url) as c:
        articles = c.get("/articles", params={"limit": 2})
        assert (
            "1–2 of 6 articles" in articles.text
            and 'rel="next" href="?limit=2&amp;offset=2"' in articles.text
        )
        assert 'href="/api/v1/articles?limit=6&amp;format=csv&amp;offset=0"' in articles.text
        bbc = c.get("/articles", params={"outlet": "BBC", "since": "", "until": ""})
        assert "1–1 of 1 articles" in bbc.text and f'href="/articles/{ids["BBC"]}"' in bbc.text
        claims = c.get(
            "/claims", params={"search": "recruited", "stance": "", "kind": "indirect", "speaker": ""}
        )
        assert claims.status_code == 200 and "prisoners were being recruited" in claims.text
        assert "format=csv" in claims.text and "search=recruited" in claims.text
        bad = c.get("/claims", params={"since": "soon"})
        assert bad.status_code == 400 and "not a date like 2024-03-01" in bad.text
        speakers = c.get("/speakers", params={"search": "osechkin"})
        assert "Vladimir Osechkin" in speakers.text and "Anna Osechkin" in speakers.text
        sid = re.search(r'href="/speakers/(\d+)">Vladimir Osechkin', speakers.text)[1]  # type: ignore[index]
        speaker = c.get(f"/speakers/{sid}", params={"stance": "report"})
        assert (
            speaker.status_code == 200 and '<svg class="bars"' in speaker.text and "LBC (2)" in speaker.text
        )
        claim_id = re.search(r'href="/claims/(\d+)"', speaker.text)[1]  # type: ignore[index]
        claim = c.get(f"/claims/{claim_id}")
        assert "First appearance" in claim.text and '<svg class="timeline"' in claim.text
        assert 'marker-end="url(#arrow)"' in claim.text
        assert c.get("/speakers/999999").status_code == 404
        assert c.get("/nowhere").status_code == 404 and "no such page" in c.get("/nowhere").text


def test_claims_page_orders_by_most_echoed(seeded: tuple[str, dict[str, int]]) -> None:
    """The recruitment claim (3 appearances in 3 outlets, last seen 2024-03-02) is older than the
    harbour article's claims (2024-03-05): it leads only when the page is asked for the echoed."""
    url, _ = seeded
    echoed, recent = "prisoners were being recruited", "traffic was already worse"
    with client(url) as c:
        latest = c.get("/claims").text
        assert latest.index(recent) < latest.index(echoed)
        assert '<option value="recent" selected>Latest first</option>' in latest
        most = c.get("/claims", params={"order": "echoed", "limit": 2})
        assert most.status_code == 200 and most.text.index(echoed) < most.text.index("harbour bridge")
        assert recent not in most.text  # one of the 9 claims seen once: not on the first page of 2
        assert '<option value="echoed" selected>Most echoed</option>' in most.text
        assert "<title>Most echoed claims · according</title>" in most.text
        assert 'rel="next" href="?order=echoed&amp;limit=2&amp;offset=2"' in most.text
        assert 'href="/api/v1/claims?order=echoed&amp;limit=9&amp;format=csv&amp;offset=0"' in most.text
        searched = c.get("/claims", params={"search": "recruited", "order": "echoed"})
        assert "1–3 of 3 claims" in searched.text and "search=recruited&amp;order=echoed" in searched.text
        bad = c.get("/claims", params={"order": "loudest"})
        assert bad.status_code == 400 and "order &#39;loudest&#39;: choose one of recent, echoed" in bad.text
        home = c.get("/").text
        assert 'href="/claims?order=echoed">most echoed first</a>' in home


_SPAN = st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=0, max_size=60),
    raw=st.lists(st.tuples(_SPAN, _SPAN, st.lists(_SPAN, min_size=1, max_size=3)), max_size=4),
    residue=st.lists(_SPAN, max_size=2),
)
def test_pieces_rebuild_the_text_and_each_span(text: str, raw: list, residue: list) -> None:
    """The cut never loses or reorders text, and each role's pieces spell that span exactly."""
    attributions = [
        {
            "source": {"start": s[0], "end": s[1]},
            "cue": {"start": c[0], "end": c[1]},
            "content": {"spans": [list(x) for x in content]},
        }
        for s, c, content in raw
    ]
    cut = pieces(text, attributions, [list(r) for r in residue])
    assert "".join(p.text for p in cut) == text
    for i, (source, cue, content) in enumerate(raw):
        for role, spans in (("source", [source]), ("cue", [cue]), ("content", content)):
            wanted = "".join(text[s:e] for s, e in _merged(spans, len(text)))
            got = "".join(p.text for p in cut if i in getattr(p, role))
            assert got == wanted, (role, i)
        for p in cut:
            if i in p.attributions:
                assert p.target is not None


def _merged(spans: list, n: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted((min(s, n), min(e, n)) for s, e in spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def test_documents_held_for_store_this_are_bounded_in_bytes(tmp_path: Path) -> None:
    from according.api.errors import ApiError
    from according.document import Article, Document

    app = create_app(
        ServeConfig(database=str(tmp_path / "none.db"), recent_bytes=100), extractor=SaidFinder()
    )
    ctx = app.state.according
    keys = [ctx.remember(Document(Article(text=str(i) * 60))) for i in range(3)]
    assert ctx.recall(keys[-1]).article.text == "2" * 60
    with pytest.raises(ApiError) as gone:
        ctx.recall(keys[0])
    assert gone.value.status == 410



def test_every_template_compiles_at_start_up(monkeypatch) -> None:
    # the server compiles them in its lifespan, so no first visitor pays for reading and compiling
    from according.web.templating import compile_all, env

    compile_all()
    read: list[str] = []
    original = env.loader.get_source
    monkeypatch.setattr(env.loader, "get_source", lambda e, name: read.append(name) or original(e, name))
    for name in env.list_templates():
        env.get_template(name)
    assert env.list_templates() and read == []
