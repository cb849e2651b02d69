"""One article's speaker names on their way into the record, and each one's decision.

The store (``store.linking``) and the batch job's corpus stage (``spark.replay``) tie an
article's names to canonical speakers the same way because both go through this module:

1. ``article_mentions``: what the article says of each (name, type) it quotes (titles, stated
   role and affiliation, gender), its name resolved within the article, the other names
   quoted beside it and its contents with substance, in the order the record links them
   (full names first: the speakers they become are the evidence for the bare surnames);
2. ``link_mention``: the name confirmed against the candidates the caller found (speakers
   sharing its key, an alias key, its initials or its surname), the evidence the caller must
   fetch only when it can change the answer (the people quoted beside each candidate, words a
   candidate is on record saying), and ``identity.decide``;
3. what a decision changes on the speaker, computed here and written by the caller: a fuller
   display name (``fuller_name``), the evidence it remembers (``remembered``), the aliases it
   gains with their reason (``new_aliases``) and the earlier bare-surname speakers it takes in
   (``absorbed``).

Pure: the caller answers the two questions about the record (``RecordLookup``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..document import Document
from .identity import (
    Candidate,
    Decision,
    Evidence,
    Resolved,
    absorbable,
    absorbs,
    alias_key,
    confirmed,
    decide,
    genders_told,
    might_be_namesakes,
    resolve_in_article,
)
from .similarity import LexicalSimilarity, has_substance
from .speakers import (
    NOT_NAMES,
    ParsedName,
    appositive_titles,
    better_display,
    fold,
    initials,
    parse_name,
    same_person_name,
    titles_in_text,
)

__all__ = [
    "ArticleMention",
    "Linked",
    "RecordLookup",
    "SpeakerKey",
    "absorbed",
    "article_mentions",
    "evidence_of",
    "fuller_name",
    "link_mention",
    "lookup_keys",
    "new_aliases",
    "remembered",
    "repeats",
    "stored_person",
    "speaker_key",
    "with_cospeakers",
]

SpeakerKey = tuple[str, str]
#: Articles of a candidate read for the speakers quoted beside it (the most recent ones).
COSPEAKER_ARTICLES = 200
#: Contents of a bare surname compared with what the candidates said.
ECHO_CONTENTS = 5
#: Near-verbatim is a matter of words, whatever similarity groups claims.
NEAR_VERBATIM = 0.9
#: Evidence lists kept per speaker (the first seen; enough to tell namesakes apart).
EVIDENCE_ITEMS = 20
_LEXICAL = LexicalSimilarity()


def speaker_key(speaker: Any) -> SpeakerKey | None:
    """(name, type) of an attribution's speaker, or None when it names nobody."""
    if speaker is None or not str(getattr(speaker, "name", "") or "").strip():
        return None
    type_ = getattr(speaker, "type", "person")
    return None if type_ == "none" else (speaker.name, type_)


@dataclass(frozen=True)
class ArticleMention:
    """One (name, type) of an article, as the record links it."""

    key: SpeakerKey
    resolved: Resolved
    evidence: Evidence  # what the article says of the name (no cospeakers, no echoes)
    cospeakers: frozenset[str]  # keys of the article's other named speakers
    contents: tuple[str, ...]  # its contents with substance, in article order

    @property
    def named(self) -> bool:
        """False for descriptions ("officials"): they get no canonical speaker."""
        return self.resolved.name.named


def _mention_evidence(doc: Document) -> dict[SpeakerKey, Evidence]:
    """What the article says of each of its speaker names: the roles its titles give the
    name where the text or a source writes it in full ("President Barack Obama", "Sen. Tim
    Kaine"), stated roles and affiliations, and the gender its titles tell. Not its pronouns
    or descriptions: one wrongly resolved "she" or "the president" would change the person
    for every later article."""
    out: dict[SpeakerKey, Evidence] = {}
    for a in doc.attributions:
        key = speaker_key(a.speaker)
        if key is None:
            continue
        parsed = parse_name(*key)
        titles = list(parsed.titles)
        if parsed.full and key not in out:
            titles += titles_in_text(doc.text, parsed.display) + appositive_titles(doc.text, key[0])
        if a.source is not None and parsed.full:
            described = parse_name(a.source.text)
            if described.full and same_person_name(described, parsed):
                titles += described.titles
        found_roles = ParsedName(parsed.display, parsed.key, "person", titles=tuple(titles)).roles
        told = genders_told(titles)
        role = stated_role(getattr(a.speaker, "role", None))
        affiliation = stated_affiliation(getattr(a.speaker, "affiliation", None))
        found = Evidence(
            roles=found_roles | ({role} if role else frozenset()),
            affiliations=frozenset({affiliation} if affiliation else ()),
            genders=frozenset(told) if len(told) == 1 else frozenset(),
        )
        out[key] = out[key].merged(found) if key in out else found
    return out


# Words opening a phrase that describes something of the speaker's, not a body they belong to
# ("his faith", "a tenuous grasp of the facts").
_NOT_AFFILIATION = frozenset({"his", "her", "their", "its", "my", "our", "your", "a", "an"})


def stated_role(role: str | None) -> str | None:
    """The extractor's role for a speaker as evidence, or None when it is a word for anyone
    ("person", "man"): that tells no one apart, and two such words would make one person
    look like two namesakes."""
    folded = " ".join((role or "").lower().split())
    return None if not folded or folded in NOT_NAMES else folded


def stated_affiliation(affiliation: str | None) -> str | None:
    """The extractor's affiliation for a speaker as evidence, or None when it is something of
    theirs rather than a body ("his faith") or an indefinite description ("a shopping center")."""
    folded = " ".join((affiliation or "").lower().split())
    return None if not folded or folded.split()[0] in _NOT_AFFILIATION else folded


def article_mentions(doc: Document) -> list[ArticleMention]:
    """The article's (name, type) pairs in the order the record links them, each resolved in
    the article with what the article says of it."""
    evidence = _mention_evidence(doc)
    contents: dict[SpeakerKey, list[str]] = {}
    for a in doc.attributions:
        key = speaker_key(a.speaker)
        if key is not None and has_substance(a.content.text):
            contents.setdefault(key, []).append(a.content.text)
    resolved = resolve_in_article(evidence, doc.text)
    # Full names first: the speakers they become are the evidence for the bare surnames.
    order = sorted(evidence, key=lambda k: (resolved[k].name.is_person and not resolved[k].name.full, k))
    named = {resolved[k].name.key for k in evidence if resolved[k].name.named}
    return [
        ArticleMention(
            key,
            resolved[key],
            evidence[key],
            frozenset(named - {resolved[key].name.key}),
            tuple(contents.get(key, ())),
        )
        for key in order
    ]


def lookup_keys(mention: Resolved) -> tuple[str, ...]:
    """The keys a name is looked up under: its resolved name's and its raw form's."""
    return tuple(dict.fromkeys((mention.name.key, alias_key(mention.raw, mention.type))))


class RecordLookup(Protocol):
    """What ``link_mention`` asks of the record, only when the answer can matter."""

    def with_cospeakers(self, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates, each with the keys of the speakers quoted in its latest
        ``COSPEAKER_ARTICLES`` articles (``with_cospeakers`` below)."""
        ...

    def echoes(self, contents: Sequence[str], speakers: set[int]) -> frozenset[int]:
        """Which of ``speakers`` are on record with nearly the words (``repeats``) of one of
        the first ``ECHO_CONTENTS`` of ``contents``."""
        ...


@dataclass(frozen=True)
class Linked:
    """A mention confirmed against the record, the evidence it adds to its speaker, and the
    decision (None when a user's correction, a manual alias, assigned the name)."""

    mention: Resolved
    evidence: Evidence
    decision: Decision | None

    @property
    def reason(self) -> str:
        """Why the name joined its speaker, as the alias keeps it."""
        why = self.decision.reason if self.decision else None
        return "; ".join(r for r in (self.mention.reason, why) if r)


def link_mention(
    m: ArticleMention, candidates: list[Candidate], record: RecordLookup, manual: int | None = None
) -> Linked:
    """The speaker ``m`` joins among ``candidates`` (or a new one), and why."""
    mention = m.resolved if manual is not None else confirmed(m.resolved, candidates)
    name = mention.name
    evidence = m.evidence.merged(
        Evidence(roles=name.roles, genders=frozenset({name.gender} if name.gender else ()))
    )
    if manual is not None:
        return Linked(mention, evidence, None)
    echoes: frozenset[int] = frozenset()
    if not name.full and name.is_person and any(c.name.full for c in candidates):
        candidates = _full_with_cospeakers(record, candidates)
        echoes = record.echoes(m.contents, {c.id for c in candidates if c.name.full})
    elif name.full and any(might_be_namesakes(evidence, c) for c in candidates if c.name.full):
        candidates = _full_with_cospeakers(record, candidates)
    known = Evidence(evidence.roles, evidence.affiliations, evidence.genders, m.cospeakers, echoes)
    return Linked(mention, evidence, decide(mention, known, candidates))


def _full_with_cospeakers(record: RecordLookup, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, the full-named ones with the people quoted beside them (the only ones
    whose cospeakers a decision on a new mention reads)."""
    found = {c.id: c for c in record.with_cospeakers([c for c in candidates if c.name.full])}
    return [found.get(c.id, c) for c in candidates]


def absorbed(
    m: ArticleMention, linked: Linked, person: Candidate, candidates: list[Candidate], record: RecordLookup
) -> list[tuple[int, str]]:
    """The earlier bare-surname speakers (ids) that ``person``, the speaker ``m`` was just
    linked to (as stored now), takes in, each with why (``identity.absorbs``). Callers ask
    when the speaker is new or gained evidence (``remembered``: a role, affiliation or gender
    it did not have), the moments a bare surname kept apart can become tied to it.
    ``candidates`` are the ones ``m`` was linked among; a user's correction (a manual alias)
    decides nothing here.

    A bare surname's speaker is deleted when taken in, so an attribution changes speaker at
    most once, from its bare surname to this person, at this article (what the batch job's
    claim stage replays: ``spark.claim_groups.ClaimItem.speaker_at``)."""
    if linked.decision is None:
        return []
    bare = absorbable(person, candidates)
    if not bare:
        return []
    bare = record.with_cospeakers(bare)
    echoed = record.echoes(m.contents, {c.id for c in bare})
    bare = [_echoing(c, person.id) if c.id in echoed else c for c in bare]
    (known,) = record.with_cospeakers([person])
    return absorbs(with_cospeakers(known, m.cospeakers), bare)


def stored_person(
    speaker_id: int, name: str, type_: str, evidence: dict[str, Any] | None, ambiguous: bool
) -> Candidate:
    """A stored speaker as ``absorbed`` compares it (its names and people quoted beside it
    aside)."""
    return Candidate(speaker_id, parse_name(name, type_), frozenset(), evidence_of(evidence), ambiguous)


def _echoing(candidate: Candidate, speaker_id: int) -> Candidate:
    evidence = candidate.evidence.merged(Evidence(echoes=frozenset({speaker_id})))
    return Candidate(candidate.id, candidate.name, candidate.alias_keys, evidence, candidate.ambiguous)


def with_cospeakers(candidate: Candidate, others: frozenset[str]) -> Candidate:
    """``candidate`` with ``others`` (speaker keys quoted beside it) added to its evidence."""
    evidence = candidate.evidence.merged(Evidence(cospeakers=others))
    return Candidate(candidate.id, candidate.name, candidate.alias_keys, evidence, candidate.ambiguous)


def repeats(content: str, said: str) -> bool:
    """Whether ``content`` repeats ``said`` nearly verbatim (an echo of a known speaker)."""
    mine, theirs = _LEXICAL.encode([content, said])
    return _LEXICAL.score(mine, theirs) >= NEAR_VERBATIM


def fuller_name(
    name: str, type_: str, ambiguous: bool, new: ParsedName
) -> tuple[str, str, str | None] | None:
    """The (display name, key, initials) a speaker takes from ``new`` when it is a fuller
    name ("Barack Obama" over "Obama", a name over its acronym); None to keep its own. An
    ambiguous speaker keeps its bare name: it is not one person yet."""
    if ambiguous or not better_display(parse_name(name, type_), new):
        return None
    return new.display, new.key, None if new.is_person else initials(new.display)


def evidence_of(data: dict[str, Any] | None) -> Evidence:
    """A speaker's stored evidence (``remembered``'s lists) as Evidence."""
    data = data or {}
    return Evidence(
        roles=frozenset(data.get("roles", ())),
        affiliations=frozenset(data.get("affiliations", ())),
        genders=frozenset(data.get("genders", ())),
    )


def remembered(data: dict[str, Any] | None, evidence: Evidence) -> dict[str, Any] | None:
    """A speaker's evidence lists with what ``evidence`` adds (the first ``EVIDENCE_ITEMS``
    of each kind are kept), or None when nothing is new."""
    out = dict(data or {})
    changed = False
    for field, values in (
        ("roles", evidence.roles),
        ("affiliations", evidence.affiliations),
        ("genders", evidence.genders),
    ):
        known = list(out.get(field, ()))
        new = [v for v in sorted(values) if v not in known][: max(0, EVIDENCE_ITEMS - len(known))]
        if new:
            out[field] = known + new
            changed = True
    return out if changed else None


def new_aliases(
    linked: Linked, known: set[str], stored: Callable[[str], str] = lambda name: name
) -> list[tuple[str, str]]:
    """(alias, key) for each name of the mention its speaker does not have yet (``known``:
    the names it has; updated), each name as ``stored`` writes it (a store's column cuts and
    cleans: two names equal once stored are one alias)."""
    out = []
    raw, name = linked.mention.raw.strip(), linked.mention.name
    names = (name.display,) if name.is_person and not _form_of(raw, name) else (raw, name.display)
    for alias in dict.fromkeys(stored(n) for n in names):
        if alias not in known:
            known.add(alias)
            out.append((alias, alias_key(alias, linked.mention.type)))
    return out


def _form_of(raw: str, name: ParsedName) -> bool:
    """Whether the words the text gave, ``raw``, are a form of the person's name ``name``:
    the same person's name with nothing but titles and lower-case words around it ("Mr.
    Trump", "DONALD TRUMP", "the journalist Ann Roe", "Hillary Rodham Clinton" for Hillary
    Clinton). A word run into the name from a headline
    or the sentence ("Maria Lopez Slams Tom Reyes", "Fascist Lopez", "June Lopez" from "in
    June Lopez said") is no form anyone is named by, and is kept as no alias; "Donald Trump
    Jr." is another person's name."""
    parsed = parse_name(raw)
    if not same_person_name(parsed, name):
        return False
    capitalised = " ".join(w for w in raw.split() if w[:1].isupper())  # "the journalist" describes
    return [w for w in fold(capitalised).split() if w not in parsed.titles] == fold(parsed.display).split()
