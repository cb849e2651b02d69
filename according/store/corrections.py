"""A user's corrections to the speaker record: merge two speakers, split an alias off one.

Both leave *manual* aliases behind, which the resolver consults before any heuristic, so a
correction holds for articles ingested later too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select, update

from ..analysis.speakers import parse_name
from ..errors import StoreError
from . import db
from .models import AliasRow, AttributionRow, ClaimRow
from .queries import find_speaker
from .repository import Store, new_speaker


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
            for alias in s.scalars(select(AliasRow).where(AliasRow.speaker_id == source.id)).all():
                if alias.alias in names:
                    s.delete(alias)
                else:
                    alias.speaker_id, alias.manual = target.id, True
                    names.add(alias.alias)
            if source.name not in names:
                s.add(AliasRow(speaker_id=target.id, alias=source.name, key=source.key, manual=True))
            s.flush()
            merged = {"kept": target.name, "merged": source.name, "attributions_moved": moved}
            s.delete(source)
            return merged

    return db.with_retry(work, what=f"{store.url}: merge")


def split_speaker(store: Store, name: str, alias: str) -> dict[str, Any]:
    """Move alias ``alias`` of speaker ``name`` (and the attributions made under it) to a new speaker."""

    def work() -> dict[str, Any]:
        with store.write_session() as s, s.begin():
            db.lock_writers(s)
            speaker = find_speaker(s, name)
            rows = s.scalars(select(AliasRow).where(AliasRow.speaker_id == speaker.id)).all()
            wanted = alias.strip().lower()
            key = parse_name(alias, speaker.type).key
            moving = [a for a in rows if a.alias.lower() == wanted] or [a for a in rows if a.key == key]
            if not moving:
                listed = ", ".join(a.alias for a in rows)
                raise StoreError(f"speaker {speaker.name!r} has no alias {alias!r}; its aliases: {listed}")
            if len(moving) == len(rows):
                raise StoreError(
                    f"{alias!r} is every name of {speaker.name!r}; nothing would be left to split from"
                )
            new = new_speaker(s, replace(parse_name(moving[0].alias, speaker.type), type=speaker.type))
            for row in moving:
                row.speaker_id, row.manual = new.id, True
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
                "aliases": [a.alias for a in moving],
                "attributions_moved": moved,
            }

    return db.with_retry(work, what=f"{store.url}: split")
