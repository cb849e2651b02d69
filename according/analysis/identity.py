"""One person, one record: which article-level names are the same speaker across articles.

Three steps, all pure (the store fetches candidates and applies the decision):

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
3. ``absorbable`` / ``absorbs``: the other way round, a full-named person, when new or when it
   gains evidence, takes in the ambiguous bare-surname speakers of its surname the same
   evidence ties to it, while it is the only full name of that surname on record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..given_names import given_name_gender
from .speakers import (
    FEMALE_TITLES,
    GIVEN_NAMES,
    MALE_TITLES,
    QUESTION_OPENERS,
    ParsedName,
    common_words,
    entities,
    fold,
    full_names_in_text,
    given_compatible,
    headline_name,
    initials,
    is_acronym,
    opens_sentences_only,
    org_key,
    org_names_in_text,
    parse_name,
    person_like,
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
    cospeakers: frozenset[str] = frozenset()  # keys of the other speakers of its articles
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
    retype: str | None = None  # the joined speaker's type, corrected


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
    parsed = {item: _parse_in(item, text, common) for item in items}
    out: dict[tuple[str, str], Resolved] = {}
    for item, p in parsed.items():
        if not p.is_person and p.named and len(p.display.split()) == 1:
            out[item] = _resolve_short_body(item[0], p, parsed.values(), text)
            continue
        if not (p.is_person and not p.full and p.named):
            out[item] = Resolved(item[0], p.type, p)
            continue
        form = p.display.removesuffix(".").split(" Jr")[0].split()[-1] if p.display else ""
        in_text = titles_in_text(text, form) if text else ()
        two_people = len(genders_told(in_text)) > 1
        # The titles the article gives the surname describe this mention only when they
        # cannot belong to someone else of that surname.
        foreign = two_people or bool(p.gender and genders_told(in_text) - {p.gender})
        said = p.titles if foreign else p.titles + in_text
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
        people = entities(pool)
        heads = [h for h in people if same_person_name(h, bare)]
        dropped = None
        if not heads and bare.suffix is None:
            # "Mr. Biden" after "Joseph R. Biden Jr.": a later mention drops the suffix; the
            # record confirms it (a father and son both named here never get this far).
            heads = [h for h in people if same_person_name(h, replace(bare, suffix=h.suffix))]
            dropped = "the article drops the suffix" if len(heads) == 1 else None
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
        doubt = f"the article writes {form} with titles of both genders" if two_people else dropped
        out[item] = Resolved(item[0], "person", resolved, why, bare=bare, doubt=doubt)
    return out


def _parse_in(item: tuple[str, str], text: str, common: frozenset[str]) -> ParsedName:
    """A speaker name parsed in its article: a first word the article otherwise writes in lower
    case, and capitalises only where a sentence opens, is not a given name ("Will Sanders");
    a headline's run of capitals is cut to the person it opens with (``headline_name``)."""
    cut = headline_name(text, item[0]) if text else None
    name, type_ = (cut, "person") if cut else (item[0], _type_of(item[1]))
    p = parse_name(name, type_)
    first = p.given[0] if p.full else ""
    if first in common and (first in QUESTION_OPENERS or first not in GIVEN_NAMES):
        if text and opens_sentences_only(text, p.display):
            return parse_name(name, type_, common)
    return p


def _resolve_short_body(raw: str, p: ParsedName, names: Iterable[ParsedName], text: str) -> Resolved:
    """"The Times", "Fox", "the RNC": the one longer name the article gives that body (among
    its speaker names or in its text) — "New York Times" here, "Tampa Bay Times" there."""
    acronym = is_acronym(p.display)

    def expands(q: ParsedName) -> bool:
        words = q.display.split()
        if acronym:
            return initials(q.display) == p.key
        return len(words) > 1 and p.display in (words[0], words[-1])

    longer = {q.display for q in names if q.type == p.type and q.key != p.key and expands(q) and q.named}
    longer |= set(org_names_in_text(text, p.display)) if text else set()
    keys = {org_key(n): n for n in sorted(longer, key=len)}
    if len(keys) != 1:
        return Resolved(raw, p.type, p)
    full = next(iter(keys.values()))
    resolved = ParsedName(display=full, key=org_key(full), type=p.type, proper=True)
    return Resolved(raw, p.type, resolved, f"{p.display} is {full} in this article")


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


_MINOR = frozenset({"of", "the", "and", "for", "at", "in", "a", "an", "on", "to"})


def _words(values: frozenset[str]) -> set[str]:
    return {w for v in values for w in fold(v).split() if w not in _MINOR}


def _unrelated(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two stated roles or affiliations that share no word and no initials ("UNH" /
    "University of New Hampshire Survey Center" are related)."""
    if not a or not b:
        return False
    wa, wb = _words(a), _words(b)
    if wa & wb:
        return False
    spelled = {"".join(w[0] for w in fold(v).split() if w not in _MINOR) for v in a | b}
    return not any(len(w) > 1 and any(i.startswith(w) for i in spelled) for w in wa | wb)


#: Affiliations every official of a country shares ("United States senator", "U.S. Rep."):
#: they tell no two people apart, so they never make two affiliations disagree.
NATIONAL = frozenset(
    {"us", "u s", "usa", "u s a", "united states", "america", "american", "federal", "national", "nation"}
)
#: Party affiliations as stated ("(D-Va.)" gives "Democratic"), each folded to its party: a
#: person asserts one party at a time, so two different ones are a real contradiction.
PARTIES = {
    "democratic": "democratic",
    "democrat": "democratic",
    "democrats": "democratic",
    "democratic party": "democratic",
    "republican": "republican",
    "republicans": "republican",
    "republican party": "republican",
    "gop": "republican",
    "libertarian": "libertarian",
    "libertarian party": "libertarian",
    "green party": "green",
    "labour": "labour",
    "labour party": "labour",
    "conservative party": "conservative",
    "tory": "conservative",
    "conservatives": "conservative",
}


def _plain_affiliation(value: str) -> str:
    return fold(value).removeprefix("the ")


def _specific(affiliations: frozenset[str]) -> frozenset[str]:
    """The affiliations that can tell two people apart: not their nation, not their party
    (parties are compared on their own, ``_parties_conflict``)."""
    return frozenset(
        a for a in affiliations if (p := _plain_affiliation(a)) not in NATIONAL and p not in PARTIES
    )


def _parties(evidence: Evidence) -> frozenset[str]:
    return frozenset(PARTIES[p] for a in evidence.affiliations if (p := _plain_affiliation(a)) in PARTIES)


def _roles_conflict(a: Evidence, b: Evidence) -> bool:
    return _unrelated(a.roles, b.roles)


def _affiliations_conflict(a: Evidence, b: Evidence) -> bool:
    return _unrelated(_specific(a.affiliations), _specific(b.affiliations))


def _parties_conflict(a: Evidence, b: Evidence) -> bool:
    ours, theirs = _parties(a), _parties(b)
    return bool(ours and theirs and not ours & theirs)


def _contradicts(mention: Evidence, candidate: Evidence) -> str | None:
    """What makes two people of one full name look like namesakes, or None. A new role alone
    never does (a senator becomes secretary of state); it takes two different parties both
    asserted, or other roles *and* other affiliations (neither a nation)."""
    if _parties_conflict(mention, candidate):
        return "other party"
    if _roles_conflict(mention, candidate) and _affiliations_conflict(mention, candidate):
        return "other role and affiliation"
    return None


def might_be_namesakes(mention: Evidence, candidate: Candidate) -> bool:
    """Whether the evidence contradicts (``_contradicts``): then the people quoted beside each
    (``Evidence.cospeakers``) decide, so the store fetches them."""
    return _contradicts(mention, candidate.evidence) is not None


def _namesakes(mention: Evidence, candidate: Evidence) -> bool:
    """Two people under one full name: the evidence contradicts and they are never quoted with
    the same people."""
    return _contradicts(mention, candidate) is not None and not mention.cospeakers & candidate.cospeakers


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
    """What the record tells of a speaker's gender; failing any title or word of the articles,
    what a full name's given name tells ("Michelle Obama" is no "Mr. Obama")."""
    own = {candidate.name.gender} if candidate.name.gender else set()
    told = candidate.evidence.genders | own
    if not told and candidate.name.given:
        named = given_name_gender(candidate.name.given[0])
        return frozenset({named}) if named else told
    return told


def _may_share_gender(a: Candidate, b: Candidate) -> bool:
    ga, gb = _genders(a), _genders(b)
    return not ga or not gb or bool(ga & gb)


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
        return _decide_body(name, candidates)
    namesakes = [c for c in candidates if c.name.is_person and c.name.surname == name.surname]
    people = [c for c in namesakes if c.name.suffix == name.suffix]
    if name.full:
        found = _decide_full(name, evidence, people, [c for c in candidates if not c.name.is_person])
        return found or _decide_suffix(name, evidence, namesakes)
    if name.suffix is None and not any(c.name.full for c in people):
        # "Mr. Biden" after "Joseph R. Biden Jr.": a later mention drops the suffix, but only
        # where no one of that surname without a suffix is known ("Mr. Trump" is not his son).
        people = namesakes
    return _decide_surname(mention, evidence, people)


def _decide_body(name: ParsedName, candidates: Sequence[Candidate]) -> Decision:
    """Organisations and groups: the same name, or an acronym and the name it abbreviates
    ("RNC" / "Republican National Committee"), of the same type; a one-word name and the one
    longer name that opens with it (``opening_word``)."""
    same = [c for c in candidates if c.name.type == name.type and name.key in c.alias_keys]
    if same:
        return Decision(same[0].id, "same name")
    acronym, spelled = is_acronym(name.display), initials(name.display)
    by_initials = [
        c
        for c in candidates
        if c.name.type == name.type
        and (
            (acronym and initials(c.name.display) == name.key)
            or (spelled and is_acronym(c.name.display) and c.name.key == spelled)
        )
    ]
    if len(by_initials) == 1:
        c = by_initials[0]
        short, long_ = (name.display, c.name.display) if acronym else (c.name.display, name.display)
        return Decision(c.id, f"{short} is the initials of {long_}")
    person = person_like(name.display) if name.type == "organization" else None
    people = [
        c for c in candidates if person and c.name.is_person and c.name.full and person.key in c.alias_keys
    ]
    if len(people) == 1:
        why = f"typed organization here, but {name.display} is a known person's name"
        return Decision(people[0].id, why)
    word = opening_word(name)
    if word is not None:
        bodies = [c for c in candidates if c.name.type == name.type and _opens(c.name.key, word)]
        named = any(c.name.is_person and c.name.surname == word for c in candidates)
        if len(bodies) == 1 and not named:
            why = f"{name.display} is {bodies[0].name.display}, the one body on record named so first"
            return Decision(bodies[0].id, why)
    return Decision(None, "new name")


def opening_word(name: ParsedName) -> str | None:
    """The word of a one-word organisation name ("Pew", "Fox"), which stands for the one body
    on record whose longer name opens with it ("Pew Research Center"), unless the record
    knows a person of that surname (a "Trump" typed organization is not the Trump
    Foundation). None for people, groups, acronyms and longer names."""
    if name.type != "organization" or not name.key or " " in name.key or is_acronym(name.display):
        return None
    return name.key


def _opens(key: str, word: str) -> bool:
    return key.startswith(word + " ")


def _decide_suffix(name: ParsedName, evidence: Evidence, namesakes: list[Candidate]) -> Decision:
    """A full name and the same name with a suffix ("James B. Comey Jr." / "James B. Comey")
    are one person only when the record holds just one of them and the same role or
    affiliation ties them; "Donald Trump Jr." is never his father on the name alone."""
    variants = [
        c
        for c in namesakes
        if c.name.full
        and c.name.suffix != name.suffix
        and None in (c.name.suffix, name.suffix)
        and given_compatible(name.given, c.name.given)
        and _gender_ok(name, c)
    ]
    tied = [
        (c, why)
        for c in variants
        if (why := [r for r in _support(evidence, c) if r.startswith(("same role", "same affiliation"))])
    ]
    if len(variants) == 1 and len(tied) == 1:
        c, why = tied[0]
        return Decision(c.id, f"{name.display} ~ {c.name.display}, suffix left out: {'; '.join(why)}")
    return Decision(None, "new name")


def _decide_full(
    name: ParsedName, evidence: Evidence, people: list[Candidate], bodies: Sequence[Candidate] = ()
) -> Decision | None:
    """Same full name, or compatible given names ("Donald J. Trump" / "Donald Trump"); None
    when nothing of that name and suffix is known."""
    full = [c for c in people if c.name.full and _gender_ok(name, c)]
    exact = [c for c in full if name.key in c.alias_keys]
    if exact:
        kept = [c for c in exact if not _namesakes(evidence, c.evidence)]
        if not kept:
            why = _contradicts(evidence, exact[0].evidence)
            return Decision(None, f"namesake of {exact[0].name.display}: {why}")
        best = max(kept, key=lambda c: len(evidence.cospeakers & c.evidence.cospeakers))
        return Decision(best.id, "same name")
    fits = [c for c in full if same_person_name(name, c.name) and not _namesakes(evidence, c.evidence)]
    if len(fits) == 1:
        return Decision(fits[0].id, f"given names agree ({name.display} ~ {fits[0].name.display})")
    if len(fits) > 1:
        listed = ", ".join(c.name.display for c in fits[:3])
        return Decision(None, f"fits several known people ({listed})", ambiguous=True)
    typed = [
        c
        for c in bodies
        if c.name.type == "organization" and name.key in c.alias_keys and person_like(c.name.display)
    ]
    if len(typed) == 1:
        reason = f"{name.display} was typed organization elsewhere; it is a person's name"
        return Decision(typed[0].id, reason, retype="person")
    return None


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


def absorbable(person: Candidate, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The stored bare-surname speakers a full-named ``person`` might take in: ambiguous ones
    of its surname (and suffix, or none), and only while it is the one person of that surname
    on record with a full name it could be (with two, a bare surname could be either; a "Mr."
    is never the one woman of the name)."""
    name = person.name
    if person.ambiguous or not (name.is_person and name.full and name.surname):
        return []
    people = [c for c in candidates if c.name.is_person and c.name.surname == name.surname]
    others = [c for c in people if c.name.full and c.id != person.id]
    return [
        c
        for c in people
        if c.ambiguous
        and c.name.suffix in (None, name.suffix)
        and not any(_may_share_gender(c, other) for other in others)
    ]


def absorbs(person: Candidate, bare: Sequence[Candidate]) -> list[tuple[int, str]]:
    """The earlier bare-surname speakers (of ``absorbable``'s) that ``person`` takes in, each
    with why. Several when the bare surname was kept under more than one record ("Mr. Obama"
    and "Obama": one per gender evidence) and the evidence ties each to this person.

    The mirror of ``_decide_surname`` for a bare surname stored before the evidence tying it
    to this person was: the same evidence ties them (``_support``: each bare speaker's stored
    evidence with the people quoted beside it, and ``echoes`` holding ``person.id`` when the
    person repeats its words), and the same contradictions keep them apart. ``person``'s
    evidence is what the record knows of it, the people quoted beside it included."""
    name, evidence = person.name, person.evidence
    genders = _genders(person)
    backed = []
    for c in bare:
        own = _genders(c)
        if own and genders and not own & genders:
            continue
        if _roles_conflict(c.evidence, evidence) or _affiliations_conflict(c.evidence, evidence):
            continue
        if why := _support(c.evidence, person):
            backed.append((c, why))
    return [(c.id, f"{c.name.display} merged into {name.display}: {'; '.join(why)}") for c, why in backed]


def alias_key(name: str, type_: str) -> str:
    """The key under which a raw name is remembered as an alias."""
    return parse_name(name, _type_of(type_)).key or fold(name)
