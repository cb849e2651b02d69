"""The page queries the server leans on give what the plain way gives, on SQLite and PostgreSQL.

A speaker's month-by-outlet totals are grouped by the database (``sqlfuncs.month``), a speaker's
list finds its order on narrow rows and reads only the page, a claim search orders by the
totals the database keeps in ``claim_stats``: each is checked here against a reference that
fetches every row and groups, filters and sorts it in Python (what the queries did before),
over a generated store with skewed speakers, echoed claims and some undated articles; and
``claim_stats`` against its definition after every kind of write.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import pytest
from pg_cluster import db_url, pg_cluster  # noqa: F401  (fixtures)
from sqlalchemy import delete, func, select, text, update
from store_docs import document, osechkin_documents

from according.eval.store_bench import generate
from according.store import queries
from according.store.corrections import merge_speakers
from according.store.models import ArticleRow, AttributionRow, ClaimRow, ClaimStatsRow, SpeakerRow
from according.store.repository import Store
from according.store.search import matches


@pytest.fixture
def store(db_url: str) -> Any:  # noqa: F811
    generate(db_url, 1500, speakers=40)
    with Store(db_url, create=False, similarity="lexical") as opened:
        with opened.write_session() as s, s.begin():
            s.execute(update(ArticleRow).where(ArticleRow.id % 17 == 0).values(published=None))
        yield opened


def _rows(store: Store) -> list[Any]:
    with store.session() as s:
        return list(
            s.execute(
                select(
                    AttributionRow.id,
                    AttributionRow.speaker_id,
                    AttributionRow.claim_id,
                    AttributionRow.stance,
                    AttributionRow.kind,
                    ArticleRow.published,
                    ArticleRow.outlet,
                ).join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            )
        )


def _latest_first(rows: list[Any]) -> list[Any]:
    dated = sorted((r for r in rows if r.published), key=lambda r: (r.published, r.id), reverse=True)
    return dated + sorted((r for r in rows if not r.published), key=lambda r: r.id, reverse=True)


def test_speaker_totals_by_month_and_outlet_equal_grouping_every_row(store: Store) -> None:
    rows = _rows(store)
    busiest = Counter(r.speaker_id for r in rows).most_common()
    for speaker_id, n in busiest[:3] + busiest[-2:]:
        mine = [r for r in rows if r.speaker_id == speaker_id]
        by_month_outlet: dict[str, Counter[str]] = defaultdict(Counter)
        for r in mine:
            by_month_outlet[r.published.strftime("%Y-%m") if r.published else "undated"][r.outlet] += 1
        item = queries.speaker(store, str(speaker_id), limit=7)
        assert item["claims"] == n == len(mine)
        assert item["outlets"] == dict(Counter(r.outlet for r in mine))
        assert item["by_month"] == {m: sum(c.values()) for m, c in sorted(by_month_outlet.items())}
        assert item["by_month_outlet"] == {m: dict(c) for m, c in by_month_outlet.items()}
        assert list(item["by_month_outlet"]) == sorted(by_month_outlet)
        for outlets in item["by_month_outlet"].values():  # most first, then by name
            assert list(outlets.items()) == sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))
        latest = _latest_first(mine)[:7]
        assert [a["id"] for a in item["attributions"]] == [r.id for r in reversed(latest)]
        every = queries.speaker(store, str(speaker_id), limit=None)["attributions"]
        assert [a["id"] for a in every] == [r.id for r in reversed(_latest_first(mine))]
    assert any("undated" in queries.speaker(store, str(s), limit=0)["by_month"] for s, _ in busiest[:3])


@pytest.mark.parametrize(("stance", "kind"), [(None, None), ("denial", None), (None, "direct")])
def test_speaker_attribution_pages_equal_sorting_every_row(
    store: Store, stance: str | None, kind: str | None
) -> None:
    rows = _rows(store)
    speaker_id = Counter(r.speaker_id for r in rows).most_common(1)[0][0]
    expected = _latest_first(
        [
            r
            for r in rows
            if r.speaker_id == speaker_id and stance in (None, r.stance) and kind in (None, r.kind)
        ]
    )
    seen: list[int] = []
    offset = 0
    while True:
        page = queries.speaker_attributions(
            store, str(speaker_id), stance=stance, kind=kind, limit=9, offset=offset
        )
        assert page.total == len(expected)
        seen += [a["id"] for a in page.items]
        if page.next_offset is None:
            break
        offset = page.next_offset
    assert seen == [r.id for r in expected]
    past = queries.speaker_attributions(store, str(speaker_id), stance=stance, kind=kind, offset=10_000)
    assert past.items == [] and past.total == len(expected)


@pytest.mark.parametrize(
    ("stance", "kind", "offset"), [(None, None, 0), (None, None, 40), ("report", "indirect", 3)]
)
def test_speaker_page_is_the_speaker_and_a_page_of_what_they_said(
    store: Store, stance: str | None, kind: str | None, offset: int
) -> None:
    speaker_id = str(Counter(r.speaker_id for r in _rows(store)).most_common(1)[0][0])
    detail, page = queries.speaker_page(store, speaker_id, stance=stance, kind=kind, limit=20, offset=offset)
    assert detail == queries.speaker(store, speaker_id, limit=0)
    assert page == queries.speaker_attributions(
        store, speaker_id, stance=stance, kind=kind, limit=20, offset=offset
    )


@pytest.mark.parametrize(
    "f",
    [
        queries.ClaimFilter(search="government", limit=25),
        queries.ClaimFilter(search="bridge OR river", stance="denial", limit=10, offset=5),
        queries.ClaimFilter(outlet="bbc", since=dt.date(2024, 1, 1), limit=30),
        queries.ClaimFilter(kind="direct", limit=40, offset=3000),
    ],
    ids=["word", "or-stance-offset", "outlet-since", "past-the-end"],
)
def test_claim_search_pages_equal_grouping_every_row(store: Store, f: queries.ClaimFilter) -> None:
    rows = _rows(store)
    with store.session() as s:
        found = select(AttributionRow.id).where(matches(store.dialect, f.search)) if f.search else None
        hits = set(s.scalars(found)) if found is not None else None
        texts = {i: t for i, t in s.execute(select(ClaimRow.id, ClaimRow.text))}
        speaker_of = {i: n for i, n in s.execute(select(ClaimRow.id, SpeakerRow.name).join(SpeakerRow))}
    wanted = {
        r.claim_id
        for r in rows
        if r.claim_id is not None
        and (hits is None or r.id in hits)
        and (f.outlet is None or r.outlet.lower() == f.outlet.lower())
        and (f.since is None or (r.published is not None and r.published >= f.since))
        and f.stance in (None, r.stance)
        and f.kind in (None, r.kind)
    }
    groups: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        if r.claim_id in wanted:
            groups[r.claim_id].append(r)
    dated = [c for c in groups if any(r.published for r in groups[c])]
    last = {c: max(r.published for r in groups[c] if r.published) for c in dated}
    order = sorted(dated, key=lambda c: (last[c], c), reverse=True) + sorted(
        (c for c in groups if c not in last), reverse=True
    )
    page = queries.claims_page(store, f)
    assert page.total == len(wanted)
    expected = order[f.offset : f.offset + (f.limit or len(order))]
    assert [c["id"] for c in page.items] == expected
    for item in page.items:
        appearances = groups[item["id"]]
        dates = sorted(r.published for r in appearances if r.published)
        assert item["text"] == texts[item["id"]] and item["speaker"] == speaker_of.get(item["id"])
        assert item["appearances"] == len(appearances)
        assert item["outlets"] == len({r.outlet for r in appearances})
        assert item["first_seen"] == (dates[0].isoformat() if dates else None)
        assert item["last_seen"] == (dates[-1].isoformat() if dates else None)
    if f.offset >= len(wanted):
        assert page.items == [] and page.next_offset is None


def _claim_totals(store: Store) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """(kept by the triggers, worked out from every row): appearances, outlets, first, last."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for r in _rows(store):
        if r.claim_id is not None:
            groups[r.claim_id].append(r)
    expected = {}
    for claim_id, rows in groups.items():
        dates = sorted(r.published for r in rows if r.published)
        first, last = (dates[0], dates[-1]) if dates else (None, None)
        expected[claim_id] = (len(rows), len({r.outlet for r in rows}), first, last)
    with store.session() as s:
        kept = {
            r.claim_id: (r.appearances, r.outlets, r.first_seen, r.last_seen)
            for r in s.scalars(select(ClaimStatsRow))
        }
    return kept, expected


def test_claim_stats_follow_every_write(store: Store) -> None:
    kept, expected = _claim_totals(store)
    assert kept == expected and len(kept) > 500  # generated in bulk, some dates removed after
    with store.write_session() as s, s.begin():
        busy = s.scalars(select(ClaimStatsRow.claim_id).where(ClaimStatsRow.appearances > 2)).first()
        moved = s.scalars(select(AttributionRow.id).where(AttributionRow.claim_id == busy)).all()
        s.execute(update(AttributionRow).where(AttributionRow.id == moved[0]).values(claim_id=1))
        s.execute(update(AttributionRow).where(AttributionRow.id == moved[1]).values(claim_id=None))
        s.execute(update(ArticleRow).where(ArticleRow.id.in_([2, 3])).values(outlet="Elsewhere"))
        s.execute(update(ArticleRow).where(ArticleRow.id == 4).values(published=dt.date(2030, 1, 1)))
        s.execute(delete(ArticleRow).where(ArticleRow.id == 5))  # its attributions go with it
        s.execute(update(AttributionRow).where(AttributionRow.claim_id == 7).values(claim_id=None))
        s.execute(delete(ClaimRow).where(ClaimRow.id == 7))
        gone = s.scalar(select(AttributionRow.claim_id).where(AttributionRow.article_id == 6))
        s.execute(delete(ClaimRow).where(ClaimRow.id == gone))  # attributions still on it: SET NULL
    kept, expected = _claim_totals(store)
    assert kept == expected
    assert 7 not in kept and gone not in kept
    # the store's own write path: new articles grouped into claims, a re-ingest, a merge
    docs = osechkin_documents()
    for doc in docs:
        store.save(doc)
    changed = document(
        docs[0].article.text,
        [("Vladimir Osechkin", "prisoners were being recruited from jails across the country", "told")],
        outlet="Another Outlet",
        url=docs[0].article.canonical_url,
        published="2031-05-05",
    )
    assert store.save(changed, force=True).status == "updated"
    people = [str(p["id"]) for p in queries.speakers(store, search="Osechkin")]
    assert len(people) > 1
    merge_speakers(store, people[0], people[1])
    kept, expected = _claim_totals(store)
    assert kept == expected
    assert any(last == dt.date(2031, 5, 5) for _, _, _, last in kept.values())


def test_claim_stats_are_filled_for_a_store_made_before_them(db_url: str) -> None:  # noqa: F811
    from alembic import command

    from according.store import db

    generate(db_url, 300, speakers=10)
    engine = db.create(db_url)
    try:
        config = db._alembic_config(engine)
        with engine.begin() as conn:  # back to a store as 0003 made it: no claim_stats
            config.attributes["connection"] = conn
            command.downgrade(config, "0003")
        assert db.current_revision(engine) == "0003"
        assert db.upgrade(engine) == ("0003", db.head_revision())
    finally:
        engine.dispose()
    with Store(db_url, create=False, similarity="lexical") as store:
        kept, expected = _claim_totals(store)
        assert kept == expected and len(kept) > 100
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(ClaimStatsRow)) == len(expected)


def test_outlets_hop_through_the_index_and_miss_none(store: Store) -> None:
    with store.session() as s:
        every = list(s.scalars(select(ArticleRow.outlet).distinct().order_by(ArticleRow.outlet)))
    assert queries.outlets(store) == every and len(every) == 10
    with store.write_session() as s, s.begin():
        s.execute(update(ArticleRow).where(ArticleRow.id == 3).values(outlet="AAA first"))
        s.execute(update(ArticleRow).where(ArticleRow.id == 9).values(outlet="Zz last"))
    assert queries.outlets(store)[0] == "AAA first" and queries.outlets(store)[-1] == "Zz last"
    with store.write_session() as s, s.begin():
        s.execute(delete(ArticleRow))
    assert queries.outlets(store) == []


def test_claim_totals_refresh_is_planned_per_call_on_postgresql(db_url: str) -> None:  # noqa: F811
    """A plan cached while the table was small scanned it whole for every inserted row (a bulk
    load in one transaction went quadratic): the refresh must be planned at each call."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite plans its trigger statements at each run")
    with Store(db_url, similarity="lexical") as store, store.session() as s:
        settings = s.scalar(
            text("SELECT proconfig FROM pg_proc WHERE proname = 'according_claim_stats_refresh'")
        )
    assert settings == ["plan_cache_mode=force_custom_plan"]
