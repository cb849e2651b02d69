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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from ..analysis.claims import Wording, best_claim, relation
from ..analysis.similarity import Polarity, Similarity, has_substance, polarity
from ..document import Document
from ..store.linking import LOCAL_TERMS, SPEAKER_WORDINGS
from ..store.search import distinctive
from .replay import FullText, stable_id

__all__ = ["ClaimItem", "claim_items", "group_component", "local_words", "prepared", "related", "singleton"]


@dataclass(frozen=True)
class ClaimItem:
    """One attribution content with substance, as claim grouping sees it."""

    node: str  # "<article id>:<position>"
    order: tuple[str, str, int]  # its article's order, then its position
    speaker_id: int | None
    text: str
    denial: bool
    vector: bytes | None = None  # the encode stage's vector (None: recomputed from the text)
    rank: int = 0  # its place among its speaker's contents (the speaker's window)
    before: int = 0  # its speaker's contents in earlier articles
    # Computed once (``prepared``) for the many pairs an item is scored in.
    encoded: Any = None
    polarity: Polarity | None = None

    @property
    def article(self) -> str:
        return self.node.rpartition(":")[0]


def claim_items(
    article_id: str, order: tuple[str, str], doc: Document, speaker_of: dict[int, int]
) -> list[ClaimItem]:
    """The article's contents worth grouping (``has_substance``), in position order."""
    return [
        ClaimItem(f"{article_id}:{p}", (*order, p), speaker_of.get(p), a.content.text, a.stance == "denial")
        for p, a in enumerate(doc.attributions)
        if has_substance(a.content.text)
    ]


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


def _wording(item: ClaimItem, vector: Any, claim: int = 0) -> Wording:
    said = item.polarity if item.polarity is not None else polarity(item.text)
    return Wording(claim, item.speaker_id, vector, said, item.denial)


def related(a: ClaimItem, b: ClaimItem, sim: Similarity) -> bool:
    """Whether one of the two could join or answer the other's claim."""
    va, vb = _vector(a, sim), _vector(b, sim)
    return relation(sim.score(va, vb), sim.thresholds, _wording(a, va), _wording(b, vb)) is not None


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
    for _, article in groupby(range(len(items)), key=lambda i: items[i].order[:2]):
        done = list(article)
        local: dict[str, list[int]] = {}
        for i in done:
            item = items[i]
            pool = [rows[r] for r in fulltext.search(item.text)]
            if sim.paraphrase and item.speaker_id is not None:
                latest = item.before - SPEAKER_WORDINGS
                own = [j for j in by_speaker.get(item.speaker_id, ()) if items[j].rank >= latest]
                pool += [j for j in reversed(own) if j not in pool]
            words = local_words(item.text)
            earlier = dict.fromkeys(j for word in sorted(words) for j in local.get(word, ()))
            wordings = [_wording(items[j], vectors[j], claim_of[j]) for j in (*pool, *earlier)]
            match = best_claim(_wording(item, vectors[i]), wordings, sim)
            if match is not None and match.relation == "same":
                claim_of[i] = match.claim_id
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
    return _output(items, vectors, claim_of, responses, sim)


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
