"""Tie a new article into the record: its speakers to canonical speakers, its contents to claims.

Runs inside ``Store.save``'s transaction. The decisions are ``according.analysis``'s
(``identity.decide``, ``claims.best_claim``); this module fetches what they compare against,
with a few indexed queries per article, and writes what they decide, reasons included.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from ..analysis.claims import Wording, best_claim
from ..analysis.identity import Candidate, opening_word
from ..analysis.mentions import (
    COSPEAKER_ARTICLES,
    ECHO_CONTENTS,
    ArticleMention,
    SpeakerKey,
    absorbed,
    article_mentions,
    evidence_of,
    fuller_name,
    link_mention,
    lookup_keys,
    new_aliases,
    remembered,
    repeats,
    speaker_key,
    stored_person,
    with_cospeakers,
)
from ..analysis.similarity import Similarity, has_substance, is_quote, polarity
from ..analysis.speakers import ParsedName, initials, is_acronym, parse_name
from ..document import Document
from .models import AliasRow, AttributionRow, ClaimRow, SpeakerRow, stored_alias, utcnow
from .search import distinctive, similar_ids, similar_wordings

log = logging.getLogger(__name__)

__all__ = [
    "ClaimGrouper",
    "SpeakerKey",
    "SpeakerLinker",
    "final_claim",
    "new_speaker",
    "speaker_key",
    "tidy_claims",
]

#: A speaker's latest wordings compared with a new content when the similarity understands
#: paraphrase (the words alone would not find them).
SPEAKER_WORDINGS = 100
#: Distinctive words that decide which earlier contents of the same article a content is
#: compared with.
LOCAL_TERMS = 8


class SpeakerLinker:
    """Maps each (name, type) of one article to a canonical speaker id (None: nobody).

    The decisions are ``analysis.mentions.link_mention``'s; this class answers its questions
    about the record with indexed queries and writes what it decides."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._names: dict[int, set[str]] = {}  # speaker id -> alias names known

    def link(self, doc: Document) -> dict[SpeakerKey, int | None]:
        out: dict[SpeakerKey, int | None] = {}
        for mention in article_mentions(doc):
            out[mention.key] = self._link_one(mention) if mention.named else None
        return out

    def _link_one(self, m: ArticleMention) -> int:
        candidates, manual = self._lookup(lookup_keys(m.resolved), m.resolved.name)
        linked = link_mention(m, candidates, self, manual)
        name, decision = linked.mention.name, linked.decision
        speaker_id = manual if decision is None else decision.speaker_id
        if speaker_id is None:
            speaker_id = new_speaker(self.s, name, ambiguous=bool(decision and decision.ambiguous)).id
        elif decision is not None and decision.retype:
            retyped = self.s.get_one(SpeakerRow, speaker_id)
            retyped.type, retyped.surname = decision.retype, name.surname
        speaker = self.s.get_one(SpeakerRow, speaker_id)
        fuller = fuller_name(speaker.name, speaker.type, speaker.ambiguous, name)
        if fuller is not None:
            speaker.name, speaker.key, speaker.initials = fuller
        evidence = remembered(speaker.evidence, linked.evidence)
        if evidence is not None:
            speaker.evidence = evidence
        why = linked.reason
        # compared as stored: names that differ only past the column's cut or in characters the
        # store cleans (NUL, lone surrogates) are one alias
        known = self._names.setdefault(speaker_id, set())
        for alias, key in new_aliases(linked, known, stored_alias):
            self.s.add(
                AliasRow(
                    speaker_id=speaker_id,
                    alias=alias,
                    key=key,
                    manual=False,
                    reason=why,
                    type=linked.mention.type,
                )
            )
        if evidence is not None or (decision is not None and decision.speaker_id is None):
            ambiguous = bool(speaker.ambiguous)
            person = stored_person(speaker_id, speaker.name, speaker.type, speaker.evidence, ambiguous)
            for other, reason in absorbed(m, linked, person, candidates, self):
                self._absorb(speaker, other, reason)
        return speaker_id

    def _absorb(self, speaker: SpeakerRow, other_id: int, reason: str) -> None:
        """Fold the bare-surname speaker ``other_id`` into ``speaker`` (``mentions.absorbed``):
        its attributions, claims, evidence and names move, each name with the reason and the
        name it came from, so ``speakers split`` gives it back as it was."""
        other = self.s.get_one(SpeakerRow, other_id)
        log.info("speaker %s: %s", speaker.name, reason)
        self.s.execute(
            update(AttributionRow).where(AttributionRow.speaker_id == other.id).values(speaker_id=speaker.id)
        )
        self.s.execute(update(ClaimRow).where(ClaimRow.speaker_id == other.id).values(speaker_id=speaker.id))
        evidence = remembered(speaker.evidence, evidence_of(other.evidence))
        if evidence is not None:
            speaker.evidence = evidence
        known = self._names.setdefault(speaker.id, set())
        names = select(AliasRow).where(AliasRow.speaker_id == other.id).order_by(AliasRow.id)
        for alias in self.s.scalars(names).all():
            if alias.alias in known:
                self.s.delete(alias)
                continue
            known.add(alias.alias)
            alias.speaker_id, alias.reason, alias.origin = speaker.id, reason, alias.origin or other.name
            alias.type = alias.type or other.type
        self.s.flush()
        self._names.pop(other.id, None)
        self.s.delete(other)
        self.s.flush()

    def _lookup(self, keys: tuple[str, ...], name: ParsedName) -> tuple[list[Candidate], int | None]:
        """Stored speakers that share a key, an alias key or the surname (two queries), and the
        speaker a user's correction (a manual alias) assigns the name to, which wins over
        every heuristic."""
        spelled = initials(name.display) if not name.is_person else None
        names = (*keys, spelled) if spelled else keys
        by_alias = select(AliasRow.speaker_id).where(AliasRow.key.in_(names))
        condition = or_(SpeakerRow.key.in_(names), SpeakerRow.id.in_(by_alias))
        if not name.is_person and is_acronym(name.display):
            condition = or_(condition, SpeakerRow.initials == name.key)
        if name.surname:
            condition = or_(condition, (SpeakerRow.surname == name.surname) & (SpeakerRow.type == "person"))
        word = opening_word(name)
        if word is not None:  # "Pew": the bodies whose names open with it, people of that surname
            opens = (SpeakerRow.type == name.type) & SpeakerRow.key.startswith(word + " ", autoescape=True)
            condition = or_(condition, opens, (SpeakerRow.surname == word) & (SpeakerRow.type == "person"))
        speakers = self.s.scalars(select(SpeakerRow).where(condition).order_by(SpeakerRow.id)).all()
        if not speakers:
            return [], None
        alias_keys: dict[int, set[str]] = {sp.id: {sp.key} for sp in speakers}
        types = {sp.id: sp.type for sp in speakers}
        manual: list[tuple[int, int]] = []
        for alias_id, speaker_id, alias, key, is_manual in self.s.execute(
            select(AliasRow.id, AliasRow.speaker_id, AliasRow.alias, AliasRow.key, AliasRow.manual).where(
                AliasRow.speaker_id.in_(list(alias_keys))
            )
        ):
            alias_keys[speaker_id].add(key)
            self._names.setdefault(speaker_id, set()).add(alias)
            if is_manual and key in keys and types[speaker_id] == name.type:
                manual.append((alias_id, speaker_id))
        candidates = [
            Candidate(
                id=sp.id,
                name=parse_name(sp.name, sp.type),
                alias_keys=frozenset(alias_keys[sp.id]),
                evidence=evidence_of(sp.evidence),
                ambiguous=bool(sp.ambiguous),
            )
            for sp in speakers
        ]
        return candidates, min(manual)[1] if manual else None

    def echoes(self, contents: Sequence[str], speakers: set[int]) -> frozenset[int]:
        """Which of ``speakers`` are on record with nearly the words of ``contents``."""
        found: set[int] = set()
        for content in contents[:ECHO_CONTENTS]:
            ids = similar_ids(self.s, content)
            if not ids:
                continue
            for speaker_id, text in self.s.execute(
                select(AttributionRow.speaker_id, AttributionRow.content_text).where(
                    AttributionRow.id.in_(ids), AttributionRow.speaker_id.in_(speakers)
                )
            ):
                if speaker_id is not None and repeats(content, text):
                    found.add(speaker_id)
        return frozenset(found)

    def with_cospeakers(self, candidates: list[Candidate]) -> list[Candidate]:
        """The speakers quoted in the same articles as each candidate."""
        out = []
        for c in candidates:
            articles = (
                select(AttributionRow.article_id)
                .where(AttributionRow.speaker_id == c.id)
                .distinct()
                .order_by(AttributionRow.article_id.desc())
                .limit(COSPEAKER_ARTICLES)
                .subquery()
            )
            others = frozenset(
                self.s.scalars(
                    select(SpeakerRow.key)
                    .join(AttributionRow, AttributionRow.speaker_id == SpeakerRow.id)
                    .where(
                        AttributionRow.article_id.in_(select(articles.c.article_id)),
                        AttributionRow.speaker_id != c.id,
                    )
                    .distinct()
                )
            )
            out.append(with_cospeakers(c, others))
        return out


def new_speaker(s: Session, name: ParsedName, *, ambiguous: bool = False) -> SpeakerRow:
    speaker = SpeakerRow(
        name=name.display,
        type=name.type,
        key=name.key,
        surname=name.surname,
        initials=None if name.is_person else initials(name.display),
        ambiguous=ambiguous,
        created_at=utcnow(),
    )
    s.add(speaker)
    s.flush()
    return speaker


@dataclass
class _Cached:
    text: str
    wording: Wording


class ClaimGrouper:
    """Puts each attribution with substance into a claim: the claim of the most similar
    wording that passes (stored, or earlier in the same article), else a new claim (linked
    to the claim it denies or contradicts, if any). Encodings are cached by attribution id
    across articles; the store is asked once per content (a full-text search for wordings
    that share its rarest words)."""

    def __init__(self, similarity: Similarity, cache_size: int = 50_000) -> None:
        self.similarity = similarity
        self._cache: dict[int, _Cached] = {}
        self._anchor_cache: dict[str, Any] = {}  # claim text -> its encoding
        self._cache_size = cache_size

    def group(self, s: Session, rows: list[AttributionRow]) -> None:
        sim = self.similarity
        grouped = [r for r in rows if has_substance(r.content_text)]
        vectors = sim.encode([r.content_text for r in grouped])
        new_claims: dict[int, ClaimRow] = {}  # temporary (negative) id -> claim made here
        local: dict[str, list[Wording]] = {}  # this article's wordings so far, by distinctive word
        chosen: list[tuple[AttributionRow, int]] = []
        merged: dict[int, int] = {}  # claim id -> the claim it was found to be one with
        with s.no_autoflush:
            for row, vector in zip(grouped, vectors, strict=True):
                said, denial = row.content_text, row.stance == "denial"
                new = Wording(0, row.speaker_id, vector, polarity(said), denial, is_quote(said))
                words = set(distinctive(row.content_text, LOCAL_TERMS))
                # Sorted: the order breaks ties between equally good wordings, so it must not
                # depend on the hash seed of the process.
                earlier = {id(w): w for word in sorted(words) for w in local.get(word, ())}
                stored, texts = self._wordings(s, row)
                candidates = stored + list(earlier.values())
                candidates = [replace(w, claim_id=final_claim(merged, w.claim_id)) for w in candidates]
                texts.update((c, claim.text) for c, claim in new_claims.items())
                match = best_claim(new, candidates, sim, self._anchors(s, candidates, texts))
                if match is not None and match.relation == "same":
                    claim_id = _merge(merged, match.claim_id, match.merge)
                else:
                    claim_id = -1 - len(new_claims)
                    new_claims[claim_id] = ClaimRow(
                        text=row.content_text,
                        speaker_id=row.speaker_id,
                        vector=sim.to_bytes(vector),
                        response_kind=match.relation if match else None,
                        created_at=utcnow(),
                    )
                    if match is not None:
                        new_claims[claim_id].response_to = match.claim_id
                wording = Wording(claim_id, new.speaker_id, vector, new.polarity, new.denial)
                for word in words:
                    local.setdefault(word, []).append(wording)
                chosen.append((row, claim_id))
                self._put(row.id, row.content_text, replace(wording, claim_id=0))
        for gone in merged:
            new_claims.pop(gone, None)
        s.add_all(new_claims.values())
        s.flush()

        def final(claim_id: int) -> int:
            claim_id = final_claim(merged, claim_id)
            return new_claims[claim_id].id if claim_id < 0 else claim_id

        for claim in new_claims.values():
            if claim.response_to is not None:
                claim.response_to = final(claim.response_to)
            if claim.response_to == claim.id:  # it answered a claim it turned out to be
                claim.response_to, claim.response_kind = None, None
        for row, claim_id in chosen:
            row.claim_id = final(claim_id)
        _merge_stored(s, {gone: final(gone) for gone in merged if gone > 0})

    def _anchors(self, s: Session, wordings: list[Wording], texts: dict[int, str]) -> dict[int, Any]:
        """The first wording (the claim's text) of each claim in ``wordings``, encoded, from
        ``texts`` (what the search read with them, and this article's new claims) or, for a
        claim merged into since, one query. Encodings are cached by text, since a claim id can
        be reused once its claim merged into another."""
        ids = {w.claim_id for w in wordings}
        missing_ids = [c for c in ids if c > 0 and c not in texts]
        if missing_ids:
            rows = s.execute(select(ClaimRow.id, ClaimRow.text).where(ClaimRow.id.in_(missing_ids)))
            texts.update((claim_id, text) for claim_id, text in rows)
        wanted = {c: texts[c] for c in ids if c in texts}
        missing = [t for t in dict.fromkeys(wanted.values()) if t not in self._anchor_cache]
        if missing:
            if len(self._anchor_cache) + len(missing) > self._cache_size:
                self._anchor_cache.clear()
            self._anchor_cache.update(zip(missing, self.similarity.encode(missing), strict=True))
        return {c: self._anchor_cache[t] for c, t in wanted.items()}

    def _wordings(self, s: Session, row: AttributionRow) -> tuple[list[Wording], dict[int, str]]:
        """Stored wordings that share distinctive words with the content, plus (when the
        similarity understands paraphrase) the speaker's latest ones; and the text of the
        claims the search found them in."""
        found = {r.id: r for r in similar_wordings(s, row.content_text)}
        texts = {r.claim_id: r.claim_text for r in found.values()}
        if row.speaker_id is not None and self.similarity.paraphrase:
            own = s.execute(
                select(
                    AttributionRow.id,
                    AttributionRow.claim_id,
                    AttributionRow.speaker_id,
                    AttributionRow.content_text,
                    AttributionRow.stance,
                )
                .where(AttributionRow.speaker_id == row.speaker_id, AttributionRow.claim_id.is_not(None))
                .order_by(AttributionRow.id.desc())
                .limit(SPEAKER_WORDINGS)
            )
            found.update((r.id, r) for r in own)
        rows = [r for r in found.values() if r.claim_id is not None]
        self._encode_missing(rows)
        wordings = [
            replace(self._cache[r.id].wording, claim_id=r.claim_id, speaker_id=r.speaker_id) for r in rows
        ]
        return wordings, texts

    def _encode_missing(self, rows: list[Any]) -> None:
        """Encode (in one batch) and cache the stored contents not encoded yet."""
        missing = [r for r in rows if (c := self._cache.get(r.id)) is None or c.text != r.content_text]
        vectors = self.similarity.encode([r.content_text for r in missing]) if missing else []
        for r, vector in zip(missing, vectors, strict=True):
            wording = Wording(0, None, vector, polarity(r.content_text), r.stance == "denial")
            self._put(r.id, r.content_text, wording)

    def _put(self, attribution_id: int, text: str, wording: Wording) -> None:
        if len(self._cache) >= self._cache_size:
            self._cache.pop(next(iter(self._cache)))
        self._cache[attribution_id] = _Cached(text, wording)


def final_claim(merged: dict[int, int], claim_id: int) -> int:
    """The claim ``claim_id`` is now, after the merges in ``merged`` (claim -> claim it joined)."""
    while claim_id in merged:
        claim_id = merged[claim_id]
    return claim_id


def _merge(merged: dict[int, int], claim_id: int, others: Iterable[int]) -> int:
    """Make ``claim_id`` and ``others`` one claim: the oldest survives (a stored claim, lowest
    id, before one made in this article, whose ids are negative)."""
    ids = {final_claim(merged, c) for c in (claim_id, *others)}
    survivor = min(ids, key=lambda c: (c < 0, abs(c)))
    for c in ids - {survivor}:
        merged[c] = survivor
    return survivor


def _merge_stored(s: Session, into: dict[int, int]) -> None:
    """Fold stored claims into the claim they were found to be one with: their appearances
    and the responses to them move, and they are removed."""
    for gone, survivor in into.items():
        log.debug("claim %d is claim %d: merged", gone, survivor)
        s.execute(update(AttributionRow).where(AttributionRow.claim_id == gone).values(claim_id=survivor))
        # the survivor never answers itself: its answer to the claim it turns out to be goes first
        s.execute(update(ClaimRow).where(ClaimRow.id == survivor, ClaimRow.response_to == gone).values(
            response_to=None, response_kind=None
        ))
        s.execute(update(ClaimRow).where(ClaimRow.response_to == gone).values(response_to=survivor))
        s.execute(delete(ClaimRow).where(ClaimRow.id == gone))


def tidy_claims(s: Session, claim_ids: Iterable[int], similarity: Similarity) -> None:
    """After an update: drop claims left with no appearance (and responses' links to them),
    and re-word the others from their earliest remaining appearance."""
    ids = set(claim_ids)
    for claim in s.scalars(select(ClaimRow).where(ClaimRow.id.in_(ids))).all():
        first = s.scalar(
            select(AttributionRow.content_text)
            .where(AttributionRow.claim_id == claim.id)
            .order_by(AttributionRow.id)
            .limit(1)
        )
        if first is None:
            for answer in s.scalars(select(ClaimRow).where(ClaimRow.response_to == claim.id)):
                answer.response_to, answer.response_kind = None, None
            s.delete(claim)
        elif first != claim.text:
            claim.text = first
            claim.vector = similarity.to_bytes(similarity.encode([first])[0])
