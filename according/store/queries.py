"""Read the record: speakers, a speaker's claims over time, claims, one claim's travels, an article.

Every function returns plain dicts/lists (JSON-ready) so the CLI, a future HTTP API and the
exports render the same data. Dates are ISO strings.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..analysis.claims import chain
from ..analysis.speakers import fold, parse_name
from ..errors import StoreError
from .models import MAX_ID, AliasRow, ArticleRow, AttributionRow, ClaimRow, SpeakerRow
from .repository import Store
from .search import contains, matches


@dataclass(frozen=True)
class ClaimFilter:
    search: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    since: _dt.date | None = None
    until: _dt.date | None = None
    stance: str | None = None
    kind: str | None = None
    limit: int = 50


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
            raise StoreError(
                f"speaker {name!r}: several speakers fit ({listed}); give the full name or the id"
            )
    raise StoreError(f"speaker {name!r}: not found; `according speakers` lists the known speakers")


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
    store: Store, *, search: str | None = None, type_: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Speakers with their aliases, type and number of claims (attributions) by outlet."""
    with store.session() as s:
        counts = (
            select(AttributionRow.speaker_id, func.count().label("n"))
            .where(AttributionRow.speaker_id.is_not(None))
            .group_by(AttributionRow.speaker_id)
            .subquery()
        )
        query = (
            select(SpeakerRow, counts.c.n)
            .join(counts, counts.c.speaker_id == SpeakerRow.id)
            .order_by(counts.c.n.desc(), SpeakerRow.name)
            .limit(limit)
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
        rows = s.execute(query).all()
        ids = [r.id for r, _ in rows]
        aliases, outlets = _aliases(s, ids), _outlet_counts(s, ids)
        return [_speaker_json(r, n, aliases[r.id], outlets[r.id]) for r, n in rows]


def _speaker_json(row: SpeakerRow, n: int, aliases: list[str], outlets: dict[str, int]) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "type": row.type,
        "aliases": aliases,
        "claims": n,
        "outlets": dict(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def speaker(store: Store, name: str, *, limit: int = 200) -> dict[str, Any]:
    """One speaker: claims per outlet and per month over all time, and the latest ``limit``
    attributions in date order (a prolific speaker has thousands)."""
    with store.session() as s:
        row = find_speaker(s, name)
        totals = s.execute(
            select(ArticleRow.published, ArticleRow.outlet, func.count())
            .select_from(AttributionRow)
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .where(AttributionRow.speaker_id == row.id)
            .group_by(ArticleRow.published, ArticleRow.outlet)
        ).all()
        outlets: Counter[str] = Counter()
        by_month: Counter[str] = Counter()
        for published, outlet, n in totals:
            outlets[outlet] += n
            by_month[published.strftime("%Y-%m") if published else "undated"] += n
        latest = s.execute(
            select(AttributionRow, ArticleRow.outlet, ArticleRow.published, ArticleRow.title)
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .where(AttributionRow.speaker_id == row.id)
            .order_by(ArticleRow.published.desc().nulls_last(), AttributionRow.id.desc())
            .limit(limit)
        ).all()
        out = _speaker_json(row, sum(outlets.values()), _aliases(s, [row.id])[row.id], dict(outlets))
        out["by_month"] = dict(sorted(by_month.items()))
        out["attributions"] = [
            {
                "date": _iso(published),
                "outlet": outlet,
                "article": a.article_id,
                "claim": a.claim_id,
                "kind": a.kind,
                "stance": a.stance,
                "cue": a.cue_text,
                "content": a.content_text,
                "channel": a.channel,
                "title": title,
            }
            for a, outlet, published, title in reversed(latest)
        ]
        return out


def _filtered(store: Store, f: ClaimFilter, s: Session) -> Any:
    query = (
        select(AttributionRow.claim_id)
        .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
        .where(AttributionRow.claim_id.is_not(None))
    )
    if f.search:
        query = query.where(matches(store.dialect, f.search))
    if f.speaker:
        query = query.where(AttributionRow.speaker_id == find_speaker(s, f.speaker).id)
    if f.outlet:
        query = query.where(func.lower(ArticleRow.outlet) == f.outlet.lower())
    if f.since:
        query = query.where(ArticleRow.published >= f.since)
    if f.until:
        query = query.where(ArticleRow.published <= f.until)
    if f.stance:
        query = query.where(AttributionRow.stance == f.stance)
    if f.kind:
        query = query.where(AttributionRow.kind == f.kind)
    return query


def claims(store: Store, f: ClaimFilter) -> list[dict[str, Any]]:
    """Claims with an attribution that passes every filter, most recent first."""
    with store.session() as s:
        wanted = _filtered(store, f, s).distinct().subquery()
        stats = (
            select(
                AttributionRow.claim_id,
                func.count().label("n"),
                func.count(func.distinct(ArticleRow.outlet)).label("outlets"),
                func.min(ArticleRow.published).label("first"),
                func.max(ArticleRow.published).label("last"),
            )
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .where(AttributionRow.claim_id.in_(select(wanted.c.claim_id)))
            .group_by(AttributionRow.claim_id)
            .subquery()
        )
        rows = s.execute(
            select(
                ClaimRow.id,
                ClaimRow.text,
                SpeakerRow.name,
                stats.c.n,
                stats.c.outlets,
                stats.c.first,
                stats.c.last,
            )
            .join(stats, stats.c.claim_id == ClaimRow.id)
            .outerjoin(SpeakerRow, SpeakerRow.id == ClaimRow.speaker_id)
            .order_by(stats.c.last.desc().nulls_last(), ClaimRow.id.desc())
            .limit(f.limit)
        ).all()
        return [
            {
                "id": r.id,
                "speaker": r.name,
                "text": r.text,
                "appearances": r.n,
                "outlets": r.outlets,
                "first_seen": _iso(r.first),
                "last_seen": _iso(r.last),
            }
            for r in rows
        ]


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
            raise StoreError(f"claim {claim_id}: not found; `according claims` lists claim ids")
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
        return {
            "id": row.id,
            "text": row.text,
            "speaker": speaker_row.name if speaker_row else None,
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
    return data


def attribution_rows(store: Store, f: ClaimFilter) -> list[dict[str, Any]]:
    """Flat attribution records for exports (one row per attribution, filters as for claims)."""
    with store.session() as s:
        query = (
            select(AttributionRow, ArticleRow.outlet, ArticleRow.published, ArticleRow.url, SpeakerRow.name)
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .outerjoin(SpeakerRow, SpeakerRow.id == AttributionRow.speaker_id)
            .where(AttributionRow.id.in_(_filtered(store, f, s).with_only_columns(AttributionRow.id)))
            .order_by(AttributionRow.id)
            .limit(f.limit)
        )
        return [
            {
                "id": a.id,
                "article": a.article_id,
                "date": _iso(published),
                "outlet": outlet,
                "url": url,
                "speaker": name,
                "speaker_name": a.speaker_name,
                "kind": a.kind,
                "stance": a.stance,
                "cue": a.cue_text,
                "content": a.content_text,
                "channel": a.channel,
                "claim": a.claim_id,
            }
            for a, outlet, published, url, name in s.execute(query)
        ]
