"""Claims across outlets: when two attributions carry one claim, and how a claim travelled.

The grouping decision depends on what is known about the speakers: the same canonical speaker
saying similar things is one claim at a modest similarity; when one side's speaker is unknown
(an outlet re-reporting a quote without naming the source) it takes more; two different known
speakers are joined only for near-verbatim content (e.g. "Peskov said" / "the Kremlin said").
Whatever the similarity, content with a negation never joins content without one: "will
resign" and "will not resign" share nearly every word and are opposite claims.
The chain of attribution reads outward-in: outlet -> reporting speakers -> speaker -> channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .similarity import Similarity, Thresholds


def threshold(thresholds: Thresholds, a_speaker: int | None, b_speaker: int | None) -> float:
    if a_speaker is not None and a_speaker == b_speaker:
        return thresholds.same_speaker
    if a_speaker is None or b_speaker is None:
        return thresholds.unknown_speaker
    return thresholds.other_speaker


def same_claim(
    similarity: float,
    thresholds: Thresholds,
    a_speaker: int | None,
    b_speaker: int | None,
    a_negated: bool = False,
    b_negated: bool = False,
) -> bool:
    """The grouping decision for one pair (what ``according.eval.claim_pairs`` measures);
    ``best_claim`` applies the same rule to a new attribution against stored claims."""
    return a_negated == b_negated and similarity >= threshold(thresholds, a_speaker, b_speaker)


@dataclass(frozen=True)
class ClaimCandidate:
    id: int
    speaker_id: int | None
    vector: Any
    negated: bool = False


def best_claim(
    vector: Any,
    speaker_id: int | None,
    candidates: Sequence[ClaimCandidate],
    similarity: Similarity,
    is_negated: bool = False,
) -> int | None:
    """The stored claim this content joins (the most similar one that passes), or None."""
    best: tuple[float, int] | None = None
    for cand in candidates:
        score = similarity.score(vector, cand.vector)
        margin = score - threshold(similarity.thresholds, speaker_id, cand.speaker_id)
        thresholds = similarity.thresholds
        joins = same_claim(score, thresholds, speaker_id, cand.speaker_id, is_negated, cand.negated)
        if joins and (best is None or margin > best[0]):
            best = (margin, cand.id)
    return best[1] if best else None


def chain(
    outlet: str | None, reporters: Sequence[str], speaker: str | None, channel: str | None
) -> list[str]:
    """``["LBC", "Vladimir Osechkin", "The Times"]`` for "LBC reports Osechkin told The Times".

    ``reporters`` are the speakers of the enclosing (parent) attributions, outermost first.
    """
    links = [outlet, *reporters, speaker, channel]
    out: list[str] = []
    for link in links:
        if link and (not out or out[-1] != link):
            out.append(link)
    return out


def article_chains(
    outlet: str | None, attributions: Sequence[tuple[str | None, str | None, int | None]]
) -> list[list[str]]:
    """The chain of every attribution of one article, from its ``(speaker, channel, parent)``.

    ``parent`` indexes ``attributions``; the reporters of an attribution are the speakers of its
    enclosing attributions, outermost first (a parent loop is cut where it repeats).
    """
    out = []
    for speaker, channel, parent in attributions:
        reporters: list[str] = []
        seen: set[int] = set()
        while parent is not None and 0 <= parent < len(attributions) and parent not in seen:
            seen.add(parent)
            reporters.insert(0, attributions[parent][0] or "?")
            parent = attributions[parent][2]
        out.append(chain(outlet, reporters, speaker, channel))
    return out
