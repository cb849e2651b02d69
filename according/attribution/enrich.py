"""Turn found spans into described attributions — the step shared by every finder.

Finders (rules, trained model) only say *where* cue, content and source are. ``finalize``
describes each claim the same way whatever found it: kind (direct/mixed/indirect/
unattributed), stance of the cue, the speaker the source resolves to within the article,
the channel ("told The Times"), and nesting (a claim reported inside another's content).
Candidates touching page furniture (``Article.residue``) are dropped here, once, for all.
"""

from __future__ import annotations

import logging

from spacy.tokens import Doc

from ..document import Article, Attribution, Content, Span, Speaker
from .candidates import Candidate
from .channel import channel_of
from .kind import Quotations
from .speakers import SpeakerIndex
from .stance import stance_of
from .tokens import Offsets, clean_phrase, tokens_in

log = logging.getLogger(__name__)


def _valid(candidate: Candidate, length: int) -> bool:
    pieces = candidate.cue + candidate.content + candidate.source
    return (
        bool(candidate.cue)
        and any(e > s for s, e in candidate.content)
        and all(0 <= s <= e <= length for s, e in pieces)
    )


def _touches_residue(article: Article, candidate: Candidate) -> bool:
    pieces = candidate.cue + candidate.content + candidate.source
    return any(article.in_residue(s, e) for s, e in pieces)


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per (cue, content, source); the most confident wins."""
    best: dict[tuple, Candidate] = {}
    for c in candidates:
        key = (c.cue, tuple(sorted(c.content)), c.source)
        kept = best.get(key)
        if kept is None or (c.confidence or 0.0) > (kept.confidence or 0.0):
            best[key] = c
    return list(best.values())


def _bounds(spans: tuple[Offsets, ...]) -> Offsets:
    return min(s for s, _ in spans), max(e for _, e in spans)


def _inside(spans: tuple[Offsets, ...], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def nesting(candidates: list[Candidate]) -> list[int | None]:
    """For each candidate (already sorted by cue), the index of the innermost other candidate
    whose content contains its cue. Mutual containment (bad spans) never forms a cycle: the
    claim with the smaller content is the nested one."""
    cues = [_bounds(c.cue) for c in candidates]
    extent = [sum(e - s for s, e in c.content) for c in candidates]
    parents: list[int | None] = []
    for i, (start, end) in enumerate(cues):
        best: int | None = None
        for j, other in enumerate(candidates):
            if j == i or not _inside(other.content, start, end):
                continue
            mutual = _inside(candidates[i].content, *cues[j])
            if mutual and (extent[j], j) <= (extent[i], i):
                continue
            if best is None or extent[j] < extent[best]:  # innermost enclosing claim
                best = j
        parents.append(best)
    # A longer cycle can only come from contradictory spans; cut it where found.
    for i in range(len(parents)):
        seen = {i}
        up = parents[i]
        while up is not None:
            if up in seen:
                parents[i] = None
                break
            seen.add(up)
            up = parents[up]
    return parents


def finalize(doc: Doc, article: Article, candidates: list[Candidate]) -> tuple[Attribution, ...]:
    """Describe ``candidates`` found in ``article`` (parsed as ``doc``), sorted by cue start."""
    text = article.text
    kept = [c for c in candidates if _valid(c, len(text))]
    if len(kept) < len(candidates):
        log.debug("%s: dropped %d malformed candidates", article.source, len(candidates) - len(kept))
    kept = [c for c in kept if not _touches_residue(article, c)]
    kept = sorted(_unique(kept), key=lambda c: (*_bounds(c.cue), min(c.content)))
    if not kept:
        return ()

    quotes = Quotations(text)
    demoted = quotes.spans + [span for c in kept for span in c.content]
    index = SpeakerIndex(doc, demoted, byline=article.byline)
    parents = nesting(kept)

    out: list[Attribution] = []
    speakers: list[Speaker] = []
    for i, c in enumerate(kept):
        cue_tokens = tokens_in(doc, c.cue)
        source_tokens = tokens_in(doc, c.source)
        parent = parents[i]
        # Parents whose cue comes later in the text are resolved later; "I" then falls back.
        parent_speaker = speakers[parent] if parent is not None and parent < i else None
        speaker = index.resolve(source_tokens, parent_speaker) if c.source else Speaker("", "none")
        if c.source:
            index.remember(c.source[0][0], speaker)
        speakers.append(speaker)
        if c.channel is not None:
            channel: str | None = clean_phrase(text[c.channel[0] : c.channel[1]]) or None
        else:
            excluded = {t.i for t in tokens_in(doc, c.content + c.source)}
            channel = channel_of([t for t in cue_tokens if t.i not in excluded], excluded)
        cue_start, cue_end = _bounds(c.cue)
        source = None
        if c.source:
            source = Span.of(text, *_bounds(c.source))
        out.append(
            Attribution(
                kind=quotes.kind(c.content, bool(c.source)),
                cue=Span.of(text, cue_start, cue_end),
                content=Content.of(text, c.content),
                source=source,
                speaker=speaker,
                channel=channel,
                stance=stance_of(cue_tokens),
                parent=parent,
                confidence=c.confidence,
            )
        )
    return tuple(out)
