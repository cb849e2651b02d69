"""Read the record: speakers, a speaker's claims over time, claims, one claim's travels, an article.

Every function returns plain dicts/lists (JSON-ready) so the CLI, a future HTTP API and the
exports render the same data. Dates are ISO strings.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from ..analysis.claims import article_chains, chain
from ..analysis.speakers import fold, parse_name
from ..errors import AmbiguousError, NotFoundError
from .models import MAX_ID, AliasRow, ArticleRow, AttributionRow, ClaimRow, ClaimStatsRow, SpeakerRow
from .repository import Store
from .search import contains, matches
from .sqlfuncs import month


@dataclass(frozen=True)
class ClaimFilter:
    search: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    since: _dt.date | None = None
    until: _dt.date | None = None
    stance: str | None = None
    kind: str | None = None
    limit: int | None = 50  # None: every match
    offset: int = 0
    article: int | None = None
    order: str = "recent"  # claims only: ``CLAIM_ORDERS``


#: How ``claims_page`` orders claims: last seen, latest first; or most echoed first (most
#: appearances, then most outlets), what a fact-checker looks for in a new corpus.
CLAIM_ORDERS = ("recent", "echoed")


@dataclass(frozen=True)
class Page:
    """One page of a list and how many items the whole list has, so no interface truncates
    silently: ``offset + len(items) < total`` means there is more."""

    items: list[dict[str, Any]]
    total: int
    limit: int | None
    offset: int

    @property
    def next_offset(self) -> int | None:
        end = self.offset + len(self.items)
        return end if end < self.total else None


@dataclass(frozen=True)
class ArticleFilter:
    search: str | None = None  # words in the title
    outlet: str | None = None
    since: _dt.date | None = None
    until: _dt.date | None = None
    limit: int | None = 50  # None: every match
    offset: int = 0


def _page(
    s: Session,
    rows: Sequence[Any],
    total_of: Any,
    limit: int | None,
    offset: int,
    items: list[dict[str, Any]],
) -> Page:
    """A Page from rows carrying a ``total`` window column; past the end, count separately."""
    if rows:
        return Page(items, int(rows[0].total), limit, offset)
    total = s.scalar(
        select(func.count()).select_from(total_of.order_by(None).limit(None).offset(None).subquery())
    )
    return Page(items, int(total or 0), limit, offset)


def _iso(value: _dt.date | None) -> str | None:
    return value.isoformat() if value else None


def find_speaker(s: Session, name: str) -> SpeakerRow:
    """A speaker by canonical name, alias or id; one clear error when none or several fit."""
    name = name.strip()
    if name.isdigit() and 0 < int(name) <= MAX_ID:
        found = s.get(SpeakerRow, int(name))
        if found:
            return found
    parsed = parse_name(name)
    key = parsed.key
    conditions = [
        func.lower(SpeakerRow.name) == name.lower(),
        SpeakerRow.id.in_(select(AliasRow.speaker_id).where(func.lower(AliasRow.alias) == name.lower())),
        or_(
            SpeakerRow.key == key,
            SpeakerRow.key == fold(name),
            SpeakerRow.id.in_(select(AliasRow.speaker_id).where(AliasRow.key == key)),
        ),
    ]
    if parsed.surname and not parsed.full:  # "Achterberg" finds the one David Achterberg
        conditions.append(SpeakerRow.surname == parsed.surname)
    for condition in conditions:
        rows = s.scalars(select(SpeakerRow).where(condition).order_by(SpeakerRow.id)).all()
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            listed = "; ".join(f"{r.id}: {r.name}" for r in rows[:6])
            raise AmbiguousError(
                f"speaker {name!r}: several speakers fit ({listed}); give the full name or the id"
            )
    raise NotFoundError(f"speaker {name!r}: not found; `according speakers` lists the known speakers")


def _aliases(s: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for speaker_id, alias in s.execute(
        select(AliasRow.speaker_id, AliasRow.alias).where(AliasRow.speaker_id.in_(ids)).order_by(AliasRow.id)
    ):
        out[speaker_id].append(alias)
    return out


def _outlet_counts(s: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    rows = s.execute(
        select(AttributionRow.speaker_id, ArticleRow.outlet, func.count())
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .where(AttributionRow.speaker_id.in_(ids))
        .group_by(AttributionRow.speaker_id, ArticleRow.outlet)
    )
    for speaker_id, outlet, n in rows:
        if speaker_id is not None:
            out[speaker_id][outlet] = n
    return out


def speakers(
    store: Store, *, search: str | None = None, type_: str | None = None, limit: int | None = 100
) -> list[dict[str, Any]]:
    """Speakers with their aliases, type and number of claims (attributions) by outlet."""
    return speakers_page(store, search=search, type_=type_, limit=limit).items


def speakers_page(
    store: Store,
    *,
    search: str | None = None,
    type_: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> Page:
    """One page of ``speakers`` (most claims first) and how many speakers match."""
    with store.session() as s:
        counts = (
            select(AttributionRow.speaker_id, func.count().label("n"))
            .where(AttributionRow.speaker_id.is_not(None))
            .group_by(AttributionRow.speaker_id)
            .subquery()
        )
        query = select(SpeakerRow, counts.c.n, func.count().over().label("total")).join(
            counts, counts.c.speaker_id == SpeakerRow.id
        )
        if search:
            query = query.where(
                or_(
                    SpeakerRow.name.ilike(contains(search), escape="\\"),
                    SpeakerRow.id.in_(
                        select(AliasRow.speaker_id).where(AliasRow.alias.ilike(contains(search), escape="\\"))
                    ),
                )
            )
        if type_:
            query = query.where(SpeakerRow.type == type_)
        query = query.order_by(counts.c.n.desc(), SpeakerRow.name, SpeakerRow.id).limit(limit).offset(offset)
        rows = s.execute(query).all()
        ids = [r[0].id for r in rows]
        aliases, outlets = _aliases(s, ids), _outlet_counts(s, ids)
        items = [_speaker_json(r, n, aliases[r.id], outlets[r.id]) for r, n, _ in rows]
        return _page(s, rows, query, limit, offset, items)


def _speaker_json(row: SpeakerRow, n: int, aliases: list[str], outlets: dict[str, int]) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "type": row.type,
        "ambiguous": bool(row.ambiguous),
        "aliases": aliases,
        "claims": n,
        "outlets": dict(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def speaker(store: Store, name: str, *, limit: int | None = 200) -> dict[str, Any]:
    """One speaker: claims per outlet, per month and per month and outlet over all time, the
    names it was seen under and why each joined it, and the latest ``limit`` attributions in
    date order (a prolific speaker has thousands; None: all of them)."""
    with store.session() as s:
        return _speaker_detail(s, find_speaker(s, name), limit)


def speaker_page(
    store: Store,
    name: str,
    *,
    stance: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[dict[str, Any], Page]:
    """``speaker`` (without its latest list) and one page of ``speaker_attributions``, from one
    session and one lookup of the speaker: what a speaker's web page shows."""
    with store.session() as s:
        row = find_speaker(s, name)
        detail = _speaker_detail(s, row, 0)
        every = detail["claims"] if not stance and not kind else None
        return detail, _attributions_page(s, row.id, stance, kind, limit, offset, total=every)


def _speaker_detail(s: Session, row: SpeakerRow, limit: int | None) -> dict[str, Any]:
    outlets: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    by_month_outlet: dict[str, dict[str, int]] = defaultdict(dict)
    for when, outlet, n in _month_outlet_totals(s, row.id):
        when = when or "undated"
        outlets[outlet] += n
        by_month[when] += n
        by_month_outlet[when][outlet] = n
    latest = _speaker_latest(s, row.id, limit=limit, offset=0) if limit is None or limit > 0 else []
    # One read gives the aliases (in ``_aliases``' order) and why each joined.
    seen = s.execute(
        select(AliasRow.alias, AliasRow.reason, AliasRow.manual, AliasRow.type)
        .where(AliasRow.speaker_id == row.id)
        .order_by(AliasRow.id)
    ).all()
    out = _speaker_json(row, sum(outlets.values()), [r.alias for r in seen], dict(outlets))
    out["names"] = [
        {"name": alias, "reason": reason, "manual": bool(manual), "type": type_}
        for alias, reason, manual, type_ in seen
    ]
    out["by_month"] = dict(sorted(by_month.items()))
    out["by_month_outlet"] = {
        m: dict(sorted(by_month_outlet[m].items(), key=lambda kv: (-kv[1], kv[0])))
        for m in sorted(by_month_outlet)
    }
    out["attributions"] = list(reversed(latest))
    return out


def _month_outlet_totals(s: Session, speaker_id: int) -> Sequence[Any]:
    """(month 'YYYY-MM' or None, outlet, attributions) for one speaker, grouped by the database:
    a prolific speaker's thousands of rows never reach Python."""
    when = month(ArticleRow.published)
    return s.execute(
        select(when, ArticleRow.outlet, func.count())
        .select_from(AttributionRow)
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .where(AttributionRow.speaker_id == speaker_id)
        .group_by(when, ArticleRow.outlet)
    ).all()


def _speaker_rows(speaker_id: int) -> Any:
    """The columns a speaker's list shows (not whole rows: spans and mentions are JSON to parse)."""
    a = AttributionRow
    return (
        select(
            a.id,
            a.article_id,
            a.position,
            a.claim_id,
            a.kind,
            a.stance,
            a.cue_text,
            a.content_text,
            a.channel,
            ArticleRow.outlet,
            ArticleRow.published,
            ArticleRow.title,
        )
        .join(ArticleRow, ArticleRow.id == a.article_id)
        .where(a.speaker_id == speaker_id)
    )


def _speaker_latest(
    s: Session,
    speaker_id: int,
    *,
    limit: int | None,
    offset: int,
    stance: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """A page of a speaker's attributions, latest first. The order is found on narrow rows
    (id and date) and only the page's rows are read whole: sorting thousands of full rows
    (content, spans) to keep fifty was most of a speaker page's time."""
    order = (
        select(AttributionRow.id)
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .where(AttributionRow.speaker_id == speaker_id)
    )
    if stance:
        order = order.where(AttributionRow.stance == stance)
    if kind:
        order = order.where(AttributionRow.kind == kind)
    latest_first = (ArticleRow.published.desc().nulls_last(), AttributionRow.id.desc())
    if limit is None:  # every row is read whole anyway (and the ids could be too many to bind)
        whole = _speaker_rows(speaker_id).where(AttributionRow.id.in_(order)).order_by(*latest_first)
        return [_speaker_row_json(r) for r in s.execute(whole.offset(offset))]
    ids = list(s.scalars(order.order_by(*latest_first).limit(limit).offset(offset)))
    if not ids:
        return []
    rows = {r.id: r for r in s.execute(_speaker_rows(speaker_id).where(AttributionRow.id.in_(ids)))}
    return [_speaker_row_json(rows[i]) for i in ids]


def _speaker_row_json(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "date": _iso(r.published),
        "outlet": r.outlet,
        "article": r.article_id,
        "position": r.position,
        "claim": r.claim_id,
        "kind": r.kind,
        "stance": r.stance,
        "cue": r.cue_text,
        "content": r.content_text,
        "channel": r.channel,
        "title": r.title,
    }


def speaker_attributions(
    store: Store,
    name: str,
    *,
    stance: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """A speaker's attributions, latest first, optionally of one stance and kind."""
    with store.session() as s:
        return _attributions_page(s, find_speaker(s, name).id, stance, kind, limit, offset)


def _attributions_page(
    s: Session,
    speaker_id: int,
    stance: str | None,
    kind: str | None,
    limit: int,
    offset: int,
    total: int | None = None,
) -> Page:
    """A page of a speaker's attributions; ``total``, when the caller knows it, is not counted."""
    items = _speaker_latest(s, speaker_id, limit=limit, offset=offset, stance=stance, kind=kind)
    if total is None:
        query = select(func.count()).where(AttributionRow.speaker_id == speaker_id)
        if stance:
            query = query.where(AttributionRow.stance == stance)
        if kind:
            query = query.where(AttributionRow.kind == kind)
        total = int(s.scalar(query) or 0)
    return Page(items, total, limit, offset)


def _filtered(store: Store, f: ClaimFilter, s: Session, *, grouped: bool = True) -> Any:
    """Attributions passing the filter (``grouped``: only those in a claim, as claims need)."""
    query = select(AttributionRow.claim_id)
    if f.outlet or f.since or f.until:  # every attribution has its article: join only to filter
        query = query.join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
    if grouped:
        query = query.where(AttributionRow.claim_id.is_not(None))
    if f.article is not None:
        query = query.where(AttributionRow.article_id == f.article)
    if f.search:
        query = query.where(matches(store.dialect, f.search))
    if f.speaker:
        query = query.where(AttributionRow.speaker_id == find_speaker(s, f.speaker).id)
    query = _in_outlet_and_dates(query, f.outlet, f.since, f.until)
    if f.stance:
        query = query.where(AttributionRow.stance == f.stance)
    if f.kind:
        query = query.where(AttributionRow.kind == f.kind)
    return query


def _in_outlet_and_dates(
    query: Any, outlet: str | None, since: _dt.date | None, until: _dt.date | None
) -> Any:
    """The article filters claims and articles share: outlet (any case) and publication dates."""
    if outlet:
        query = query.where(func.lower(ArticleRow.outlet) == outlet.lower())
    if since:
        query = query.where(ArticleRow.published >= since)
    if until:
        query = query.where(ArticleRow.published <= until)
    return query


def claims(store: Store, f: ClaimFilter) -> list[dict[str, Any]]:
    """Claims with an attribution that passes every filter, in ``f.order``."""
    return claims_page(store, f).items


def claims_page(store: Store, f: ClaimFilter) -> Page:
    """One page of ``claims`` (``f.limit`` from ``f.offset``) and how many claims match.

    The order (``f.order``: last seen, latest first, or most echoed first) and each claim's
    totals come from ``claim_stats``, which the database keeps on every write (migration
    0004): a popular search word matches thousands of claims, and working their totals out
    here read every appearance of each to show fifty. Only the page's claims are read whole."""
    if f.order not in CLAIM_ORDERS:
        raise ValueError(f"claim order {f.order!r}: one of {', '.join(CLAIM_ORDERS)}")
    with store.session() as s:
        wanted = _filtered(store, f, s)
        st = ClaimStatsRow
        recent = (st.last_seen.desc().nulls_last(), st.claim_id.desc())
        order = (st.appearances.desc(), st.outlets.desc(), *recent) if f.order == "echoed" else recent
        ranked = s.execute(
            select(st.claim_id, func.count().over().label("total"))
            .where(st.claim_id.in_(wanted))
            .order_by(*order)
            .limit(f.limit)
            .offset(f.offset)
        ).all()
        if not ranked:
            total = s.scalar(select(func.count()).select_from(wanted.distinct().subquery()))
            return Page([], int(total or 0), f.limit, f.offset)
        rows = {
            r.id: r
            for r in s.execute(
                select(
                    ClaimRow.id,
                    ClaimRow.text,
                    ClaimRow.speaker_id,
                    ClaimRow.response_to,
                    ClaimRow.response_kind,
                    SpeakerRow.name,
                    st.appearances,
                    st.outlets,
                    st.first_seen,
                    st.last_seen,
                )
                .join(st, st.claim_id == ClaimRow.id)
                .outerjoin(SpeakerRow, SpeakerRow.id == ClaimRow.speaker_id)
                .where(ClaimRow.id.in_([r.claim_id for r in ranked]))
            )
        }
        items = [
            {
                "id": r.id,
                "speaker": r.name,
                "speaker_id": r.speaker_id,
                "text": r.text,
                "appearances": r.appearances,
                "outlets": r.outlets,
                "first_seen": _iso(r.first_seen),
                "last_seen": _iso(r.last_seen),
                "responds_to": r.response_to,
                "response": r.response_kind,
            }
            for claim_id, _ in ranked
            if (r := rows.get(claim_id)) is not None
        ]
        return Page(items, int(ranked[0].total), f.limit, f.offset)


def _reporters(s: Session, a: AttributionRow) -> list[str]:
    """Speakers of the enclosing attributions, outermost first."""
    names: list[str] = []
    parent, seen = a.parent, set()
    while parent is not None and parent not in seen:
        seen.add(parent)
        row = s.execute(
            select(
                AttributionRow.speaker_name,
                AttributionRow.source_text,
                AttributionRow.parent,
                SpeakerRow.name,
            )
            .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
            .where(AttributionRow.article_id == a.article_id, AttributionRow.position == parent)
        ).first()
        if row is None:
            break
        names.insert(0, row[3] or row[0] or row[1] or "?")
        parent = row[2]
    return names


def claim(store: Store, claim_id: int) -> dict[str, Any]:
    """A claim's first appearance, the outlets that echoed it, and each appearance's chain."""
    with store.session() as s:
        row = s.get(ClaimRow, claim_id) if 0 < claim_id <= MAX_ID else None
        if row is None:
            raise NotFoundError(f"claim {claim_id}: not found; `according claims` lists claim ids")
        items = s.execute(
            select(
                AttributionRow,
                ArticleRow.outlet,
                ArticleRow.published,
                ArticleRow.title,
                ArticleRow.url,
                SpeakerRow.name,
            )
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
            .where(AttributionRow.claim_id == claim_id)
            .order_by(
                ArticleRow.published.is_(None),
                ArticleRow.published,
                ArticleRow.ingested_at,
                AttributionRow.id,
            )
        ).all()
        appearances = []
        for a, outlet, published, title, url, canonical in items:
            who = canonical or a.speaker_name or a.source_text
            appearances.append(
                {
                    "date": _iso(published),
                    "outlet": outlet,
                    "article": a.article_id,
                    "attribution": a.id,
                    "position": a.position,
                    "title": title,
                    "url": url,
                    "speaker": who,
                    "cue": a.cue_text,
                    "content": a.content_text,
                    "kind": a.kind,
                    "stance": a.stance,
                    "channel": a.channel,
                    "chain": chain(outlet, _reporters(s, a), who, a.channel),
                }
            )
        speaker_row = s.get(SpeakerRow, row.speaker_id) if row.speaker_id else None
        first = appearances[0] if appearances else None
        first_outlet = first["outlet"] if first else None
        echoes = [x for x in appearances[1:] if x["outlet"] != first_outlet]
        answers = s.execute(
            select(ClaimRow.id, ClaimRow.text, ClaimRow.response_kind, SpeakerRow.name)
            .outerjoin(SpeakerRow, SpeakerRow.id == ClaimRow.speaker_id)
            .where(ClaimRow.response_to == row.id)
            .order_by(ClaimRow.id)
        ).all()
        answered = s.get(ClaimRow, row.response_to) if row.response_to else None
        return {
            "id": row.id,
            "text": row.text,
            "speaker": speaker_row.name if speaker_row else None,
            "responds_to": (
                {"id": answered.id, "text": answered.text, "kind": row.response_kind} if answered else None
            ),
            "responses": [
                {"id": i, "text": text, "kind": kind, "speaker": who} for i, text, kind, who in answers
            ],
            "first_appearance": first,
            "echoed_by": list(dict.fromkeys(x["outlet"] for x in echoes)),
            "echoes": echoes,
            "appearances": appearances,
            "chain": first["chain"] if first else [],
        }


def article(store: Store, article_id: int) -> dict[str, Any]:
    """The stored document (``according/1`` JSON) with each attribution's speaker and claim ids."""
    document = store.load(article_id)
    with store.session() as s:
        row = s.get_one(ArticleRow, article_id)
        links = s.execute(
            select(
                AttributionRow.position, AttributionRow.speaker_id, SpeakerRow.name, AttributionRow.claim_id
            )
            .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
            .where(AttributionRow.article_id == article_id)
        ).all()
    data = document.to_json()
    data["id"] = article_id
    data["outlet"] = row.outlet
    by_position = {p: (sid, name, cid) for p, sid, name, cid in links}
    for i, item in enumerate(data["attributions"]):
        sid, name, cid = by_position.get(i, (None, None, None))
        item["speaker_id"], item["canonical_speaker"], item["claim_id"] = sid, name, cid
    add_chains(data, row.outlet)
    return data


def add_chains(data: dict[str, Any], outlet: str | None) -> dict[str, Any]:
    """Give each attribution of an ``according/1`` document its chain (outlet → reporters →
    speaker → channel), for stored and unstored documents alike."""
    items = data["attributions"]
    names = [
        (
            a.get("canonical_speaker")
            or (a.get("speaker") or {}).get("name")
            or (a.get("source") or {}).get("text"),
            a.get("channel"),
            a.get("parent"),
        )
        for a in items
    ]
    for item, links in zip(items, article_chains(outlet, names), strict=True):
        item["chain"] = links
    return data


def attribution_rows(store: Store, f: ClaimFilter) -> list[dict[str, Any]]:
    """Flat attribution records for exports (one row per attribution, filters as for claims)."""
    return attribution_rows_page(store, f).items


def attribution_rows_page(store: Store, f: ClaimFilter) -> Page:
    """One page of ``attribution_rows`` (in id order) and how many attributions match, with
    everything an export needs: offsets, the source span, the article's title, outlet and date,
    the confidence, and the claim (None for a fragment that makes no claim)."""
    with store.session() as s:
        query = (
            select(
                AttributionRow,
                ArticleRow.outlet,
                ArticleRow.published,
                ArticleRow.url,
                SpeakerRow.name,
                ArticleRow.title,
                func.count().over().label("total"),
            )
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
            .where(
                AttributionRow.id.in_(
                    _filtered(store, f, s, grouped=False).with_only_columns(AttributionRow.id)
                )
            )
            .order_by(AttributionRow.id)
            .limit(f.limit)
            .offset(f.offset)
        )
        rows = s.execute(query).all()
        items = [
            {
                "id": a.id,
                "article": a.article_id,
                "position": a.position,
                "date": _iso(published),
                "outlet": outlet,
                "title": title,
                "url": url,
                "speaker": name,
                "speaker_id": a.speaker_id,
                "speaker_name": a.speaker_name,
                "speaker_type": a.speaker_type,
                "source": a.source_text,
                "source_start": a.source_start,
                "source_end": a.source_end,
                "cue": a.cue_text,
                "cue_start": a.cue_start,
                "cue_end": a.cue_end,
                "content": a.content_text,
                "content_spans": [[int(x), int(y)] for x, y in a.content_spans],
                "kind": a.kind,
                "stance": a.stance,
                "channel": a.channel,
                "parent": a.parent,
                "confidence": a.confidence,
                "claim": a.claim_id,
            }
            for a, outlet, published, url, name, title, _ in rows
        ]
        return _page(s, rows, query, f.limit, f.offset, items)


def articles(store: Store, f: ArticleFilter) -> Page:
    """Stored articles, latest published first, with how many attributions, claims and
    speakers each holds."""
    with store.session() as s:
        query = select(
            ArticleRow.id,
            ArticleRow.title,
            ArticleRow.outlet,
            ArticleRow.published,
            ArticleRow.url,
            ArticleRow.source,
            func.substr(ArticleRow.text, 1, 200).label("lead"),
            func.count().over().label("total"),
        )
        if f.search:
            for word in f.search.split():
                query = query.where(ArticleRow.title.ilike(contains(word), escape="\\"))
        query = _in_outlet_and_dates(query, f.outlet, f.since, f.until)
        query = (
            query.order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.id.desc())
            .limit(f.limit)
            .offset(f.offset)
        )
        rows = s.execute(query).all()
        counts = {
            article_id: (n, claims_n, speakers_n)
            for article_id, n, claims_n, speakers_n in s.execute(
                select(
                    AttributionRow.article_id,
                    func.count(),
                    func.count(func.distinct(AttributionRow.claim_id)),
                    func.count(func.distinct(AttributionRow.speaker_id)),
                )
                .where(AttributionRow.article_id.in_([r.id for r in rows]))
                .group_by(AttributionRow.article_id)
            )
        }
        items = [
            {
                "id": r.id,
                "title": r.title,
                "outlet": r.outlet,
                "date": _iso(r.published),
                "url": r.url,
                "source": r.source,
                "lead": r.lead,
                "attributions": counts.get(r.id, (0, 0, 0))[0],
                "claims": counts.get(r.id, (0, 0, 0))[1],
                "speakers": counts.get(r.id, (0, 0, 0))[2],
            }
            for r in rows
        ]
        return _page(s, rows, query, f.limit, f.offset, items)


def outlets(store: Store) -> list[str]:
    """Every outlet name in the store, for filter menus (every search page shows one).

    Found by hopping through the outlet index, one seek per outlet (a recursive query: the
    next outlet after the last one found), not by reading every article's entry as
    ``DISTINCT`` does: a store has a few hundred outlets and may have millions of articles."""
    with store.session() as s:
        return list(s.scalars(_OUTLETS))


_OUTLETS = text(
    "WITH RECURSIVE found(outlet) AS (SELECT min(outlet) FROM articles UNION ALL "
    "SELECT (SELECT min(outlet) FROM articles WHERE outlet > found.outlet) FROM found "
    "WHERE found.outlet IS NOT NULL) "
    "SELECT outlet FROM found WHERE outlet IS NOT NULL ORDER BY outlet"
)
