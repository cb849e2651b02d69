"""Turn found spans into described attributions — the step shared by every finder.

Finders (rules, trained model) only say *where* cue, content and source are. ``finalize``
describes each claim the same way whatever found it: kind (direct/mixed/indirect/
unattributed), stance of the cue, the speaker the source resolves to within the article,
the channel ("told The Times"), and nesting (a claim reported inside another's content).
Candidates touching page furniture (``Article.residue``) are dropped here, once, for all.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from spacy.tokens import Doc

from ..document import Article, Attribution, Content, Span, Speaker
from ..lexicon import FIRST_PERSON
from .candidates import Candidate
from .channel import addressee_between, channel_of
from .coref import Chains, Entity
from .kind import Quotations
from .speakers import Regions, SpeakerResolver
from .stance import stance_of
from .tokens import Offsets, clean_phrase, token_ids_in, tokens_in

log = logging.getLogger(__name__)


def _normalized(candidate: Candidate, text: str) -> Candidate | None:
    """The candidate with empty or punctuation-only pieces removed, or None when its offsets
    fall outside the text or nothing is left of its cue or content. A source left with no
    words is no source: the claim is unattributed."""
    if not all(0 <= s <= e <= len(text) for s, e in candidate.cue + candidate.content + candidate.source):
        return None

    def words(pieces: tuple[Offsets, ...]) -> tuple[Offsets, ...]:
        return tuple((s, e) for s, e in pieces if any(ch.isalnum() for ch in text[s:e]))

    # A cue may be punctuation alone (the colon of 'Osechkin: "..."'), so it only needs text.
    cue = tuple((s, e) for s, e in candidate.cue if text[s:e].strip())
    content = words(candidate.content)
    if not cue or not content:
        return None
    return replace(candidate, cue=cue, content=content, source=words(candidate.source))


def _touches_residue(article: Article, candidate: Candidate) -> bool:
    pieces = candidate.cue + candidate.content + candidate.source
    return any(article.in_residue(s, e) for s, e in pieces)


def _without_expletive(doc: Doc, candidate: Candidate) -> Candidate:
    """ "It has been claimed that ...", "there are fears that ...": a finder that hands over
    the dummy subject as a source still gets an unattributed claim."""
    words = [t for t in tokens_in(doc, candidate.source) if not t.is_punct]
    if len(words) == 1 and words[0].lower_ in ("it", "there") and words[0].dep_ in ("expl", "nsubjpass"):
        return replace(candidate, source=())
    return candidate


def _demonstrative(doc: Doc, candidate: Candidate) -> bool:
    """ "He claims this demonstrates how ...": a bare "this"/"that" heading a claim inside
    another claim is the reported claim's own argument, not a speaker."""
    words = [t for t in tokens_in(doc, candidate.source) if not t.is_punct]
    return len(words) == 1 and words[0].lower_ in ("this", "that", "these", "those")


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
    reach = [_bounds(c.content) for c in candidates]
    extent = [sum(e - s for s, e in c.content) for c in candidates]
    parents: list[int | None] = []
    for i, (start, end) in enumerate(cues):
        best: int | None = None
        for j, (low, high) in enumerate(reach):
            if j == i or start < low or end > high or not _inside(candidates[j].content, start, end):
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
    kept = [c for c in (_normalized(c, text) for c in candidates) if c is not None]
    if len(kept) < len(candidates):
        log.debug("%s: dropped %d malformed candidates", article.source, len(candidates) - len(kept))
    kept = [_without_expletive(doc, c) for c in kept if not _touches_residue(article, c)]
    kept = sorted(_unique(kept), key=lambda c: (*_bounds(c.cue), min(c.content)))
    if not kept:
        return ()

    parents = nesting(kept)
    kept = [c for i, c in enumerate(kept) if parents[i] is None or not _demonstrative(doc, c)]
    quotes = Quotations(text)
    resolver = SpeakerResolver(
        Chains(doc, article.residue),
        Regions(text, quotes.spans),
        quoted=lambda position: quotes.index.run_at(position) is not None,
        byline=article.byline,
    )
    parents = nesting(kept)
    speakers = _speakers(doc, kept, parents, resolver, quotes)
    return tuple(_describe(doc, text, c, speakers[i], parents[i], quotes) for i, c in enumerate(kept))


def _depth(parents: list[int | None], i: int) -> int:
    depth, up = 0, parents[i]
    while up is not None:
        depth, up = depth + 1, parents[up]
    return depth


def _speakers(
    doc: Doc, kept: list[Candidate], parents: list[int | None], resolver: SpeakerResolver, quotes: Quotations
) -> list[Speaker | None]:
    """Resolve every source, enclosing claims before the claims nested in them (so "he" in
    "Osechkin said he ..." can refer to its speaker), otherwise in text order; first-person
    sources last, once every quotation's speaker is known ("I" inside a quote is its speaker).
    Speakers are read off the entities at the end, when each chain is complete."""
    entities: list[Entity | None] = [None] * len(kept)
    order = sorted(range(len(kept)), key=lambda k: (_depth(parents, k), k))
    tokens = {i: tokens_in(doc, kept[i].source) for i in order if kept[i].source}
    first = {i for i, toks in tokens.items() if _first_person(toks)}
    owners: dict[int, Entity] = {}
    for i in [k for k in order if k in tokens and k not in first] + [k for k in order if k in first]:
        c = kept[i]
        parent = parents[i]
        owner = _quote_owner(quotes, owners, c.source[0][0]) if i in first else None
        found = resolver.resolve(tokens[i], entities[parent] if parent is not None else None, owner)
        if found is None:
            continue
        entity, unresolved = found
        entities[i] = entity
        resolver.remember(_bounds(c.source), entity, unresolved)
        for start, end in c.content:
            for k in quotes.index.runs_overlapping(start, end):
                owners.setdefault(k, entity)
    made: dict[int, Speaker] = {}
    return [made.setdefault(id(e), e.speaker()) if e is not None else None for e in entities]


def _first_person(tokens: list) -> bool:
    words = [t for t in tokens if not t.is_punct]
    return bool(words) and len(words) <= 2 and words[0].lower_ in FIRST_PERSON


def _quote_owner(quotes: Quotations, owners: dict[int, Entity], position: int) -> Entity | None:
    """Who speaks the quotation at ``position``: the speaker of a claim whose content holds it,
    else of the quotation just before it when only its own cue sentence lies between (a cue-less
    quote paragraph carries on the previous speaker's quote)."""
    k = quotes.index.run_at(position)
    if k is None:
        return None
    if k in owners:
        return owners[k]
    text = quotes.text
    runs = quotes.runs
    for back in range(k - 1, max(-1, k - 3), -1):
        if text.count("\n\n", runs[back].end, runs[k].start) > 1:
            break
        if back in owners:
            return owners[back]
    return None


def _describe(
    doc: Doc, text: str, c: Candidate, speaker: Speaker | None, parent: int | None, quotes: Quotations
) -> Attribution:
    cue_tokens = tokens_in(doc, c.cue)
    if c.channel is not None:
        channel: str | None = clean_phrase(text[c.channel[0] : c.channel[1]]) or None
    else:
        excluded = token_ids_in(doc, c.content + c.source)
        channel = channel_of([t for t in cue_tokens if t.i not in excluded], excluded)
        channel = channel or addressee_between(doc, _bounds(c.cue)[1], min(s for s, _ in c.content))
    return Attribution(
        kind=quotes.kind(c.content, bool(c.source)),
        cue=Span.of(text, *_bounds(c.cue)),
        content=Content.of(text, c.content),
        source=Span.of(text, *_bounds(c.source)) if c.source else None,
        speaker=speaker,
        channel=channel,
        stance=stance_of(cue_tokens),
        parent=parent,
        confidence=c.confidence,
    )
