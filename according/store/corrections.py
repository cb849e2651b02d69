"""A user's corrections to the speaker record: merge two speakers, split a name off one.

Both leave *manual* aliases behind, which the resolver consults before any heuristic, so a
correction holds for articles ingested later too. A merge is reversible: every alias the
merged speaker brings keeps its type and the canonical name it came from (``origin``), and
``split KEEP OTHER`` with that name gives back the speaker as it was, type included.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from ..analysis.speakers import fold, parse_name
from ..errors import StoreError
from . import db
from .linking import new_speaker
from .models import AliasRow, AttributionRow, ClaimRow
from .queries import find_speaker
from .repository import Store


def merge_speakers(store: Store, keep: str, other: str) -> dict[str, Any]:
    """Fold speaker ``other`` into ``keep``: attributions, claims and aliases move over."""

    def work() -> dict[str, Any]:
        with store.write_session() as s, s.begin():
            db.lock_writers(s)
            target, source = find_speaker(s, keep), find_speaker(s, other)
            if target.id == source.id:
                raise StoreError(f"speakers {keep!r} and {other!r} are already one speaker ({target.name})")
            moved = s.execute(
                update(AttributionRow)
                .where(AttributionRow.speaker_id == source.id)
                .values(speaker_id=target.id)
            ).rowcount  # type: ignore[attr-defined]
            s.execute(update(ClaimRow).where(ClaimRow.speaker_id == source.id).values(speaker_id=target.id))
            names = {a.alias for a in s.scalars(select(AliasRow).where(AliasRow.speaker_id == target.id))}
            reason = f"merged by hand into {target.name}"
            for alias in s.scalars(select(AliasRow).where(AliasRow.speaker_id == source.id)).all():
                if alias.alias in names:
                    s.delete(alias)
                    continue
                alias.speaker_id, alias.manual, alias.reason = target.id, True, reason
                alias.type = alias.type or source.type
                alias.origin = alias.origin or source.name
                names.add(alias.alias)
            if source.name not in names:
                s.add(
                    AliasRow(
                        speaker_id=target.id,
                        alias=source.name,
                        key=source.key,
                        manual=True,
                        reason=reason,
                        type=source.type,
                        origin=source.name,
                    )
                )
            s.flush()
            merged = {
                "kept": target.name,
                "kept_id": target.id,
                "merged": source.name,
                "merged_id": source.id,
                "attributions_moved": moved,
            }
            s.delete(source)
            return merged

    return db.with_retry(work, what=f"{store.url}: merge")


def split_speaker(store: Store, name: str, alias: str) -> dict[str, Any]:
    """Move the name ``alias`` of speaker ``name`` (and what was said under it) to a new
    speaker. When ``alias`` is the name of a speaker merged into it, every name that speaker
    brought goes back with it, with its type."""

    def work() -> dict[str, Any]:
        with store.write_session() as s, s.begin():
            db.lock_writers(s)
            speaker = find_speaker(s, name)
            rows = s.scalars(select(AliasRow).where(AliasRow.speaker_id == speaker.id)).all()
            wanted = fold(alias)
            moving = [a for a in rows if fold(a.origin or "") == wanted]
            if not moving:
                moving = [a for a in rows if fold(a.alias) == wanted]
            if not moving:
                key = parse_name(alias, speaker.type).key
                moving = [a for a in rows if a.key == key]
            if not moving:
                listed = ", ".join(a.alias for a in rows)
                raise StoreError(f"speaker {speaker.name!r} has no name {alias!r}; its names: {listed}")
            if len(moving) == len(rows):
                raise StoreError(
                    f"{alias!r} is every name of {speaker.name!r}; nothing would be left to split from"
                )
            type_ = next((a.type for a in moving if a.type), speaker.type)
            display = next((a.origin for a in moving if a.origin), None) or moving[0].alias
            new = new_speaker(s, parse_name(display, type_))
            for row in moving:
                row.speaker_id, row.manual = new.id, True
                row.reason = f"split by hand from {speaker.name}"
                row.origin = None
            moved = s.execute(
                update(AttributionRow)
                .where(
                    AttributionRow.speaker_id == speaker.id,
                    AttributionRow.speaker_name.in_([a.alias for a in moving]),
                )
                .values(speaker_id=new.id)
            ).rowcount  # type: ignore[attr-defined]
            # A claim follows its speaker when all its attributions moved.
            claim_ids = set(
                s.scalars(select(AttributionRow.claim_id).where(AttributionRow.speaker_id == new.id))
            )
            for claim in s.scalars(select(ClaimRow).where(ClaimRow.id.in_(claim_ids))):
                speakers = set(
                    s.scalars(select(AttributionRow.speaker_id).where(AttributionRow.claim_id == claim.id))
                )
                if speakers == {new.id}:
                    claim.speaker_id = new.id
            return {
                "from": speaker.name,
                "new": new.name,
                "new_id": new.id,
                "type": new.type,
                "aliases": [a.alias for a in moving],
                "attributions_moved": moved,
            }

    return db.with_retry(work, what=f"{store.url}: split")
