"""One person, one record: which article-level names are the same speaker across articles.

Two steps, both pure (the store fetches candidates and applies the decision):

1. ``resolve_in_article``: inside one article a bare surname ("Trump", "Mr. Obama") takes the
   full name the article gives that person, from its speaker names or its text ("Donald J.
   Trump"), when exactly one person of that surname (and suffix, and compatible gender) is
   named there. A surname that fits two people in the article stays bare.
2. ``decide``: a name joins a stored speaker only on evidence, and every join carries its
   reason. Same full name (suffix included: "Donald Trump Jr." is not "Donald Trump"), or
   compatible given names with one known person; a bare surname joins a full name only when a
   role title ("President Obama"), an affiliation, the people quoted beside it or words that
   person is on record saying single that person out; otherwise it goes to a speaker marked
   ambiguous. Persons, organisations and groups never mix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .speakers import (
    FEMALE_TITLES,
    MALE_TITLES,
    ParsedName,
    common_words,
    entities,
    fold,
    full_names_in_text,
    parse_name,
    same_person_name,
    titles_in_text,
)

#: Co-quoted speakers that count as evidence that a bare surname is a known person.
COSPEAKER_EVIDENCE = 2


@dataclass(frozen=True)
class Resolved:
    """A name as it reaches the store: parsed, resolved in its article, with the reason."""

    raw: str
    type: str
    name: ParsedName
    reason: str | None = None  # why the name was replaced by a fuller one of the article
    ambiguous: bool = False  # a bare surname that fits several people of the article
    bare: ParsedName | None = None  # the bare surname a fuller name replaced
    doubt: str | None = None  # why that replacement needs the record's confirmation


@dataclass(frozen=True)
class Evidence:
    """What is known of a speaker beyond the name: role titles, stated roles and affiliations,
    and (for a mention) the canonical ids of the other speakers of its article."""

    roles: frozenset[str] = frozenset()
    affiliations: frozenset[str] = frozenset()
    genders: frozenset[str] = frozenset()
    cospeakers: frozenset[int] = frozenset()
    # Speakers whose stored words the mention repeats nearly verbatim.
    echoes: frozenset[int] = frozenset()

    def merged(self, other: Evidence) -> Evidence:
        return Evidence(
            self.roles | other.roles,
            self.affiliations | other.affiliations,
            self.genders | other.genders,
            self.cospeakers | other.cospeakers,
            self.echoes | other.echoes,
        )


@dataclass(frozen=True)
class Candidate:
    """A stored speaker as the resolver sees it."""

    id: int
    name: ParsedName
    alias_keys: frozenset[str]
    evidence: Evidence = field(default_factory=Evidence)
    ambiguous: bool = False


@dataclass(frozen=True)
class Decision:
    """Join ``speaker_id`` (None: a new speaker) because of ``reason``."""

    speaker_id: int | None
    reason: str
    ambiguous: bool = False


def _type_of(type_: str) -> str:
    return type_ if type_ in ("person", "organization", "group") else "person"


def genders_told(titles: Iterable[str]) -> set[str]:
    """The genders a set of titles tells ("Mr" -> m); two when they disagree."""
    return {"m" for t in titles if t in MALE_TITLES} | {"f" for t in titles if t in FEMALE_TITLES}


def resolve_in_article(
    names: Iterable[tuple[str, str]], text: str = ""
) -> dict[tuple[str, str], Resolved]:
    """Parse each (name, type) of one article; a bare surname borrows the one full name the
    article gives a person of that surname ("Mr Osechkin" after "Vladimir Osechkin").

    When the article writes the surname with titles of both genders ("Mr. Obama", "Mrs.
    Obama") two people share it there, so the borrowed name is marked ``doubt`` for the store
    to confirm against what it knows of that person."""
    items = list(dict.fromkeys(names))
    common = common_words(text)
    parsed = {item: parse_name(item[0], _type_of(item[1])) for item in items}
    out: dict[tuple[str, str], Resolved] = {}
    for item, p in parsed.items():
        if not (p.is_person and not p.full and p.named):
            out[item] = Resolved(item[0], p.type, p)
            continue
        form = p.display.removesuffix(".").split(" Jr")[0].split()[-1] if p.display else ""
        in_text = titles_in_text(text, form) if text else frozenset()
        two_people = len(genders_told(in_text)) > 1
        # The titles the article gives the surname describe this mention only when they
        # cannot belong to someone else of that surname.
        foreign = two_people or bool(p.gender and genders_told(in_text) - {p.gender})
        said = tuple(dict.fromkeys(p.titles if foreign else p.titles + tuple(sorted(in_text))))
        told = genders_told(said)
        bare = ParsedName(
            display=p.display,
            key=p.key,
            type="person",
            surname=p.surname,
            gender=p.gender or (next(iter(told)) if len(told) == 1 else None),
            titles=said,
            suffix=p.suffix,
        )
        pool = [q for q in parsed.values() if q.is_person and q.full and q.surname == p.surname]
        pool += full_names_in_text(text, form, common) if text else []
        heads = [h for h in entities(pool) if same_person_name(h, bare)]
        if len(heads) != 1:
            out[item] = Resolved(item[0], "person", bare, ambiguous=len(heads) > 1)
            continue
        best = heads[0]
        resolved = ParsedName(
            display=best.display,
            key=best.key,
            type="person",
            given=best.given,
            surname=best.surname,
            gender=bare.gender or best.gender,
            titles=tuple(dict.fromkeys(bare.titles + best.titles)),
            suffix=best.suffix,
        )
        why = f"{p.display} is {best.display} in this article"
        doubt = f"the article writes {form} with titles of both genders" if two_people else None
        out[item] = Resolved(item[0], "person", resolved, why, bare=bare, doubt=doubt)
    return out


def confirmed(mention: Resolved, candidates: Sequence[Candidate]) -> Resolved:
    """A bare surname resolved inside its article, checked against the record: it stays
    resolved unless the record knows another person of that surname who fits what the
    article says of it better ("President Obama" in an article that names only Michelle
    Obama), or the article's titles left it in doubt and the record cannot settle it."""
    bare = mention.bare
    if bare is None:
        return mention
    name = mention.name
    same = [c for c in candidates if c.name.full and same_person_name(c.name, name) and not c.ambiguous]
    others = [
        c
        for c in candidates
        if c.name.full and not c.ambiguous and c.name.surname == name.surname and c.name.suffix == name.suffix
        and not same_person_name(c.name, name)
    ]
    known = Evidence()
    for c in same:
        known = known.merged(c.evidence)
    roles = bare.roles
    undone = Resolved(mention.raw, mention.type, bare)
    if roles and not roles & known.roles and any(roles & o.evidence.roles for o in others):
        return undone
    if bare.gender and known.genders and bare.gender not in known.genders:
        return undone
    if mention.doubt and not (bare.gender and known.genders == {bare.gender}):
        return undone
    return mention


def _roles_conflict(a: Evidence, b: Evidence) -> bool:
    return bool(a.roles and b.roles and not a.roles & b.roles)


def _affiliations_conflict(a: Evidence, b: Evidence) -> bool:
    return bool(a.affiliations and b.affiliations and not a.affiliations & b.affiliations)


def _namesakes(mention: Evidence, candidate: Evidence) -> bool:
    """Two people under one full name: their roles and affiliations both disagree and they are
    never quoted with the same people."""
    return (
        _roles_conflict(mention, candidate)
        and _affiliations_conflict(mention, candidate)
        and not mention.cospeakers & candidate.cospeakers
    )


def _support(mention: Evidence, candidate: Candidate) -> list[str]:
    """The evidence that a bare surname is this known person, as reasons."""
    reasons = []
    if candidate.id in mention.echoes:
        reasons.append("repeats words this person said")
    candidate_evidence = candidate.evidence
    if shared_roles := mention.roles & candidate_evidence.roles:
        reasons.append(f"same role ({', '.join(sorted(shared_roles))})")
    if shared_affiliations := mention.affiliations & candidate_evidence.affiliations:
        reasons.append(f"same affiliation ({', '.join(sorted(shared_affiliations))})")
    shared = mention.cospeakers & candidate_evidence.cospeakers
    if len(shared) >= COSPEAKER_EVIDENCE:
        reasons.append(f"quoted beside {len(shared)} of the same speakers")
    return reasons


def _genders(candidate: Candidate) -> frozenset[str]:
    own = {candidate.name.gender} if candidate.name.gender else set()
    return candidate.evidence.genders | own


def _gender_ok(mention: ParsedName, candidate: Candidate) -> bool:
    genders = _genders(candidate)
    return mention.gender is None or not genders or mention.gender in genders


def decide(mention: Resolved, evidence: Evidence, candidates: Sequence[Candidate]) -> Decision:
    """The stored speaker ``mention`` joins, or a new one, and why.

    ``candidates`` are the speakers sharing the mention's key, an alias key or its surname;
    manual aliases (a user's corrections) are handled by the caller before this.
    """
    name = mention.name
    if not name.is_person:
        same = [c for c in candidates if c.name.type == name.type and name.key in c.alias_keys]
        if same:
            return Decision(same[0].id, "same name")
        return Decision(None, "new name")
    people = [
        c
        for c in candidates
        if c.name.is_person and c.name.surname == name.surname and c.name.suffix == name.suffix
    ]
    if name.full:
        return _decide_full(name, evidence, people)
    return _decide_surname(mention, evidence, people)


def _decide_full(name: ParsedName, evidence: Evidence, people: list[Candidate]) -> Decision:
    full = [c for c in people if c.name.full and _gender_ok(name, c)]
    exact = [c for c in full if name.key in c.alias_keys]
    if exact:
        kept = [c for c in exact if not _namesakes(evidence, c.evidence)]
        if not kept:
            return Decision(None, f"namesake of {exact[0].name.display}: other role and affiliation")
        best = max(kept, key=lambda c: len(evidence.cospeakers & c.evidence.cospeakers))
        return Decision(best.id, "same name")
    fits = [c for c in full if same_person_name(name, c.name) and not _namesakes(evidence, c.evidence)]
    if len(fits) == 1:
        return Decision(fits[0].id, f"given names agree ({name.display} ~ {fits[0].name.display})")
    if len(fits) > 1:
        listed = ", ".join(c.name.display for c in fits[:3])
        return Decision(None, f"fits several known people ({listed})", ambiguous=True)
    return Decision(None, "new name")


def _decide_surname(mention: Resolved, evidence: Evidence, people: list[Candidate]) -> Decision:
    name = mention.name
    if not mention.ambiguous:
        full = [c for c in people if c.name.full and not c.ambiguous and _gender_ok(name, c)]
        supported = [(c, _support(evidence, c)) for c in full]
        backed = [
            (c, why)
            for c, why in supported
            if why
            and not _roles_conflict(evidence, c.evidence)
            and not _affiliations_conflict(evidence, c.evidence)
        ]
        if len(backed) == 1:
            c, why = backed[0]
            return Decision(c.id, f"{name.display} taken as {c.name.display}: {'; '.join(why)}")
    # Bare surnames nothing ties to a person share one ambiguous record per gender evidence,
    # so a user can review them in one place and merge them with one command.
    bare = [
        c
        for c in people
        if not c.name.full and _genders(c) == (frozenset({name.gender}) if name.gender else frozenset())
    ]
    if bare:
        return Decision(bare[0].id, "same bare surname, not tied to one person", ambiguous=True)
    doubt = "fits several people of its article" if mention.ambiguous else "no evidence ties it to one person"
    return Decision(None, f"bare surname: {doubt}", ambiguous=True)


def alias_key(name: str, type_: str) -> str:
    """The key under which a raw name is remembered as an alias."""
    return parse_name(name, _type_of(type_)).key or fold(name)
