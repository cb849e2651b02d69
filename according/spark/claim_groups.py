"""Claim groups across the corpus, decided group by group as the store decides them.

The store puts a content into a claim by ``analysis.claims.best_claim`` over the wordings its
search returns (stored contents sharing distinctive words, the same article's earlier
contents sharing one of its distinctive words, and for a paraphrase-aware similarity the
speaker's latest wordings). A content joins a claim, or answers one, only through a wording
it is related to (``relation``: same claim, denial, contradiction), and a claim's wordings are
joined by such relations. So the connected components of the related pairs are parts no
decision crosses: the corpus stage finds candidate pairs (the store's search terms, MinHash,
the speaker's window), keeps the related ones, and ``group_component`` replays the store's
choice inside each component in corpus order, with the store's search over the component.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from ..analysis.claims import Wording, best_claim, relation
from ..analysis.similarity import Polarity, Similarity, has_substance, is_quote, polarity
from ..document import Document
from ..store.linking import LOCAL_TERMS, SPEAKER_WORDINGS, final_claim
from ..store.search import distinctive
from .replay import FullText, stable_id
from .speaker_blocks import SpeakerAt

__all__ = [
    "ClaimItem",
    "claim_items",
    "group_component",
    "local_words",
    "prepared",
    "related",
    "singleton",
    "speaker_windows",
]


@dataclass(frozen=True)
class ClaimItem:
    """One attribution content with substance, as claim grouping sees it."""

    node: str  # "<article id>:<position>"
    order: tuple[str, str, int]  # its article's order, then its position
    speaker_id: int | None  # its final canonical speaker
    text: str
    denial: bool
    vector: bytes | None = None  # the encode stage's vector (None: recomputed from the text)
    # A bare surname's speaker that held it until the article of order ``merged`` took it in
    # (``speaker_blocks.SpeakerAt``): what claim grouping compared before then.
    first_speaker: int | None = None
    merged: tuple[str, str] | None = None
    # The order of the oldest of its speaker's latest contents in earlier articles when it is
    # grouped (``speaker_windows``; None: none).
    since: tuple[str, str, int] | None = None
    # Computed once (``prepared``) for the many pairs an item is scored in.
    encoded: Any = None
    polarity: Polarity | None = None

    @property
    def article(self) -> str:
        return self.node.rpartition(":")[0]

    def speaker_at(self, when: tuple[Any, ...]) -> int | None:
        """Its speaker when the contents of the article of order ``when`` are grouped."""
        if self.merged is not None and tuple(when[:2]) < self.merged:
            return self.first_speaker
        return self.speaker_id


def claim_items(
    article_id: str, order: tuple[str, str], doc: Document, speaker_of: dict[int, SpeakerAt]
) -> list[ClaimItem]:
    """The article's contents worth grouping (``has_substance``), in position order."""
    out = []
    for p, a in enumerate(doc.attributions):
        if not has_substance(a.content.text):
            continue
        s = speaker_of.get(p)
        speaker, first, merged = (s.final, s.first, s.merged) if s is not None else (None, None, None)
        out.append(
            ClaimItem(
                f"{article_id}:{p}",
                (*order, p),
                speaker,
                a.content.text,
                a.stance == "denial",
                first_speaker=first,
                merged=merged,
            )
        )
    return out


def local_words(text: str) -> set[str]:
    """The words by which a content meets the earlier contents of its own article."""
    return set(distinctive(text, LOCAL_TERMS))


def prepared(item: ClaimItem, sim: Similarity) -> ClaimItem:
    """``item`` with its vector decoded (or computed) and its polarity, ready to be scored."""
    if item.encoded is not None:
        return item
    return replace(item, encoded=_vector(item, sim), polarity=polarity(item.text))


def _vector(item: ClaimItem, sim: Similarity) -> Any:
    if item.encoded is not None:
        return item.encoded
    decoded = sim.from_bytes(item.vector)
    return decoded if decoded is not None else sim.encode([item.text])[0]


def _wording(item: ClaimItem, vector: Any, when: tuple[Any, ...], claim: int = 0) -> Wording:
    """``item`` as a wording when the article of order ``when`` is grouped."""
    said = item.polarity if item.polarity is not None else polarity(item.text)
    return Wording(claim, item.speaker_at(when), vector, said, item.denial, is_quote(item.text))


def related(a: ClaimItem, b: ClaimItem, sim: Similarity) -> bool:
    """Whether one of the two could join or answer the other's claim (when the later of the
    two is grouped: their speakers then)."""
    va, vb = _vector(a, sim), _vector(b, sim)
    when = max(a.order, b.order)
    found = relation(sim.score(va, vb), sim.thresholds, _wording(a, va, when), _wording(b, vb, when))
    return found is not None


def _claim_row(first: ClaimItem, vector: bytes | None, members: list[ClaimItem]) -> dict[str, Any]:
    article_id, _, position = first.node.rpartition(":")
    return {
        "claim_id": stable_id("claim", first.node),
        "text": first.text,
        "speaker_id": first.speaker_id,
        "vector": vector,
        "response_to": None,
        "response_kind": None,
        "attributions": len(members),
        "articles": len({m.article for m in members}),
        "first_article_id": article_id,
        "first_position": int(position),
    }


def singleton(item: ClaimItem, sim: Similarity) -> tuple[list[tuple[str, int]], list[dict[str, Any]]]:
    """A content related to no other: a claim of its own."""
    row = _claim_row(item, item.vector, [item])
    return [(item.node, row["claim_id"])], [row]


def group_component(
    members: Iterable[ClaimItem], sim: Similarity
) -> tuple[list[tuple[str, int]], list[dict[str, Any]]]:
    """(node, claim id) for every member and the claim rows, deciding content by content in
    corpus order as ``store.linking.ClaimGrouper.group`` does."""
    items = sorted((prepared(m, sim) for m in members), key=lambda i: i.order)
    vectors = [_vector(i, sim) for i in items]
    fulltext = FullText()
    rows: list[int] = []  # full-text row -> item (earlier articles' contents)
    by_speaker: dict[int, list[int]] = {}  # earlier articles' contents of each speaker
    claim_of: dict[int, int] = {}  # item -> claim (index of its first item)
    responses: dict[int, tuple[int, str]] = {}
    merged: dict[int, int] = {}  # claim -> the claim it was found to be one with
    for _, article in groupby(range(len(items)), key=lambda i: items[i].order[:2]):
        done = list(article)
        local: dict[str, list[int]] = {}
        for i in done:
            item = items[i]
            when = item.order
            pool = [rows[r] for r in fulltext.search(item.text)]
            if sim.paraphrase and item.speaker_id is not None:
                pool += [j for j in reversed(_window(item, items, by_speaker)) if j not in pool]
            words = local_words(item.text)
            earlier = dict.fromkeys(j for word in sorted(words) for j in local.get(word, ()))
            seen = (*pool, *earlier)
            wordings = [_wording(items[j], vectors[j], when, final_claim(merged, claim_of[j])) for j in seen]
            # a claim is numbered by its first content, the text the store keeps as the claim's
            anchors = {w.claim_id: vectors[w.claim_id] for w in wordings}
            match = best_claim(_wording(item, vectors[i], when), wordings, sim, anchors)
            if match is not None and match.relation == "same":
                # as ``store.linking._merge``: the oldest claim survives (claims are numbered
                # by their first content, in corpus order, as the store numbers them)
                ids = {final_claim(merged, c) for c in (match.claim_id, *match.merge)}
                claim_of[i] = min(ids)
                merged.update((c, claim_of[i]) for c in ids - {claim_of[i]})
            else:
                claim_of[i] = i
                if match is not None:
                    responses[i] = (match.claim_id, match.relation)
            for word in words:
                local.setdefault(word, []).append(i)
        rows += done
        fulltext.add(items[i].text for i in done)
        for i in done:
            if items[i].speaker_id is not None:
                by_speaker.setdefault(items[i].speaker_id, []).append(i)  # type: ignore[arg-type]
    fulltext.close()
    finals = {i: final_claim(merged, c) for i, c in claim_of.items()}
    answers = {c: (final_claim(merged, t), kind) for c, (t, kind) in responses.items() if c not in merged}
    return _output(items, vectors, finals, {c: a for c, a in answers.items() if a[0] != c}, sim)



def _window(item: ClaimItem, items: Sequence[ClaimItem], by_speaker: dict[int, list[int]]) -> list[int]:
    """The component's contents in ``item``'s speaker window (``speaker_windows``)."""
    if item.since is None or item.speaker_id is None:
        return []
    now, since = item.speaker_at(item.order), item.since
    own = by_speaker.get(item.speaker_id, ())  # earlier articles' contents of its final speaker
    return [j for j in own if items[j].order >= since and items[j].speaker_at(item.order) == now]


def speaker_windows(group: Iterable[ClaimItem]) -> Iterator[tuple[ClaimItem, list[ClaimItem]]]:
    """Each content of one final speaker with its speaker window, newest first: the latest
    ``SPEAKER_WORDINGS`` contents of earlier articles that were its speaker's when it was
    grouped (the store's ``ClaimGrouper._wordings``). A bare surname's speaker merged into
    this one later had its own contents until then, and this one had not yet got them."""
    ordered = sorted(group, key=lambda i: i.order)
    renamed = any(i.merged is not None for i in ordered)
    start = 0  # where the item's article starts
    for n, item in enumerate(ordered):
        if n and ordered[n - 1].order[:2] != item.order[:2]:
            start = n
        if not renamed:
            yield item, ordered[max(0, start - SPEAKER_WORDINGS) : start][::-1]
            continue
        now, window = item.speaker_at(item.order), []
        for earlier in reversed(ordered[:start]):
            if earlier.speaker_at(item.order) == now:
                window.append(earlier)
                if len(window) == SPEAKER_WORDINGS:
                    break
        yield item, window


def _output(
    items: Sequence[ClaimItem],
    vectors: Sequence[Any],
    claim_of: dict[int, int],
    responses: dict[int, tuple[int, str]],
    sim: Similarity,
) -> tuple[list[tuple[str, int]], list[dict[str, Any]]]:
    members: dict[int, list[ClaimItem]] = {}
    for i, first in claim_of.items():
        members.setdefault(first, []).append(items[i])
    claims = {}
    for first, joined in members.items():
        claims[first] = _claim_row(items[first], sim.to_bytes(vectors[first]), joined)
    for first, (target, kind) in responses.items():
        claims[first]["response_to"] = claims[target]["claim_id"]
        claims[first]["response_kind"] = kind
    links = [(items[i].node, claims[first]["claim_id"]) for i, first in claim_of.items()]
    return links, list(claims.values())
