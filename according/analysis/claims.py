"""Claims across outlets: when two attributions carry one claim, when one answers another, and
how a claim travelled.

A content becomes a claim only when it has substance (``has_substance``: three content words
and more than a name); a bare "Trump" or "that" stays on its attribution and groups nothing.
The grouping decision depends on what is known about the speakers: the same canonical speaker
saying similar things is one claim at a modest similarity; when one side's speaker is unknown
(an outlet re-reporting a quote without naming the source) it takes more; two different known
speakers share a claim only at the similarity's ``other_speaker`` threshold, which the lexical
similarity gives only to one passage word for word (``similarity.VERBATIM``): similar words
from someone else are a relay ("Klein quoted Trump's claim") or an agreement, not the original
claim, but the same long passage credited to two people is one claim with a speaker wrong.

A denial of a reported claim, or a content that says the opposite ("will resign" / "will not
resign"), shares nearly every word with what it answers and is never the same claim: it is
linked to that claim as a response. The chain of attribution reads outward-in:
outlet -> reporting speakers -> speaker -> channel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .similarity import Polarity, Similarity, Thresholds

Relation = Literal["same", "denial", "contradiction"]


NEVER = float("inf")
#: A claim agrees with a new wording when its wordings at hand do, on average. When one of
#: them is a close match (the similarity an unknown speaker needs), only the best few count:
#: a claim told many ways over many articles is then not outvoted by the wordings that share
#: fewer of the new one's words, while a middling match (a shared slogan) still needs the
#: whole claim behind it.
AGREEING_WORDINGS = 3


def threshold(thresholds: Thresholds, a_speaker: int | None, b_speaker: int | None) -> float:
    """The similarity two contents need to be one claim, given their speakers (``NEVER`` for
    two different known speakers unless the similarity allows it)."""
    if a_speaker is not None and a_speaker == b_speaker:
        return thresholds.same_speaker
    if a_speaker is None or b_speaker is None:
        return thresholds.unknown_speaker
    return NEVER if thresholds.other_speaker is None else thresholds.other_speaker


@dataclass(frozen=True)
class Wording:
    """One wording of a claim (or of a content not yet grouped): its encoding and what
    decides whether it can share a claim with another."""

    claim_id: int
    speaker_id: int | None
    vector: Any
    polarity: Polarity = Polarity(frozenset())
    denial: bool = False
    #: Whether it quotes the speaker (holds words in quotation marks): only a quote shows two
    #: claims to be one passage; a reporter's summary may list two claims in one sentence.
    quote: bool = False


def relation(similarity: float, thresholds: Thresholds, a: Wording, b: Wording) -> Relation | None:
    """How ``a`` relates to ``b``: the same claim, a denial or contradiction of it, or
    nothing. A response is usually by someone else, so it needs the unknown-speaker
    similarity whoever speaks; the same claim needs the threshold of its speakers."""
    if a.polarity.opposes(b.polarity) or a.denial != b.denial:
        if similarity < min(threshold(thresholds, a.speaker_id, b.speaker_id), thresholds.unknown_speaker):
            return None
        return "denial" if a.denial != b.denial else "contradiction"
    return "same" if similarity >= threshold(thresholds, a.speaker_id, b.speaker_id) else None


def same_claim(
    similarity: float,
    thresholds: Thresholds,
    a_speaker: int | None,
    b_speaker: int | None,
    a_polarity: Polarity | None = None,
    b_polarity: Polarity | None = None,
    a_denial: bool = False,
    b_denial: bool = False,
) -> bool:
    """The grouping decision for one pair; ``best_claim`` applies the same rule to a new
    attribution against stored wordings."""
    none = Polarity(frozenset())
    a = Wording(0, a_speaker, None, a_polarity or none, a_denial)
    b = Wording(0, b_speaker, None, b_polarity or none, b_denial)
    return relation(similarity, thresholds, a, b) == "same"


@dataclass(frozen=True)
class Match:
    claim_id: int
    relation: Relation
    score: float
    #: Other claims the new wording is as surely the same claim as, by the same known speaker:
    #: it shows them to be one claim ("A and B" quoted in full after "A" and "B" apart).
    merge: tuple[int, ...] = ()


def best_claim(
    new: Wording,
    wordings: Sequence[Wording],
    similarity: Similarity,
    anchors: Mapping[int, Any] | None = None,
) -> Match | None:
    """The claim ``new`` belongs to, else the claim it answers (a denial or contradiction),
    else None for a new claim.

    A claim is joined on its best-matching wording, provided the claim's wordings at hand
    agree on average (a content sharing a slogan with one wording of a prolific speaker's
    claim, "make America great again", does not chain unrelated claims together), the new
    wording, short of a close match, is as close to the claim's first wording (its encoding
    in ``anchors``, by claim id) as a join needs, and, for a
    known speaker, none of them is someone else's (short of one passage word for word): an
    unknown speaker's wording never bridges two people's claims. When the new wording is a
    quote, other claims of the same known speaker that it is a close match to as well (the
    unknown-speaker similarity; on the same conditions) are named in ``Match.merge``: the
    speaker's passage quoted whole shows its pieces, reported apart, to be one claim. A
    content that only resembles two claims ("build the wall and make America great again"),
    or a reporter's sentence listing two ("to build a wall and deport millions"), joins one
    of them and merges nothing."""
    best: dict[Relation, tuple[float, Match]] = {}
    scores: dict[int, list[float]] = {}
    own: dict[int, float] = {}  # claim -> best margin of a close "same" wording by the same speaker
    for w in wordings:
        score = similarity.score(new.vector, w.vector)
        scores.setdefault(w.claim_id, []).append(score)
        found = relation(score, similarity.thresholds, new, w)
        if found is None:
            continue
        margin = score - threshold(similarity.thresholds, new.speaker_id, w.speaker_id)
        if found not in best or margin > best[found][0]:
            best[found] = (margin, Match(w.claim_id, found, score))
        close = score >= similarity.thresholds.unknown_speaker
        if found == "same" and close and new.speaker_id is not None and w.speaker_id == new.speaker_id:
            own[w.claim_id] = max(margin, own.get(w.claim_id, margin))
    floor = threshold(similarity.thresholds, new.speaker_id, new.speaker_id)

    def agrees(claim_id: int) -> bool:
        members = sorted(scores[claim_id], reverse=True)
        close = members[0] >= similarity.thresholds.unknown_speaker
        # Anchored at its first wording, a claim cannot drift a step at a time, each middling
        # match close to one joined before, from the Muslim ban to the border wall; a close
        # match (a quote it holds already) is that claim whatever it drifted to.
        anchor = anchors.get(claim_id) if anchors else None
        if not close and anchor is not None and similarity.score(new.vector, anchor) < floor:
            return False
        if close:
            members = members[:AGREEING_WORDINGS]
            if 2 * sum(m >= floor for m in members) > len(members):
                return True  # most of the best few agree: one odd wording does not outvote them
        return sum(members) / len(members) >= floor

    def foreign(claim_id: int, score: float) -> bool:
        # joined through an unknown speaker's wording, a claim already held by someone else
        # stays theirs: "Clinton's use of a private email server" does not make Comey's
        # "extremely careless" and the State Department's "top secret" one claim
        other = similarity.thresholds.other_speaker
        if new.speaker_id is None or (other is not None and score >= other):
            return False
        return any(w.claim_id == claim_id and w.speaker_id not in (None, new.speaker_id) for w in wordings)

    if "same" in best:
        match = best["same"][1]
        if agrees(match.claim_id) and not foreign(match.claim_id, match.score):
            merge = tuple(sorted(c for c in own if c != match.claim_id and agrees(c))) if new.quote else ()
            return Match(match.claim_id, "same", match.score, merge)
        del best["same"]
    for kind in ("same", "denial", "contradiction"):
        if kind in best:
            return best[kind][1]  # type: ignore[index]
    return None


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
