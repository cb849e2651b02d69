"""Canonical speakers across articles: which names are one person, which are two.

"Vladimir Osechkin", "Mr Osechkin", "Osechkin" and "the journalist Vladimir Osechkin" reduce
to the same parsed name (given names + surname, titles set aside), so they join one speaker.
Two people who share a surname stay apart unless evidence joins them: matching or initial-
compatible first names, a title whose gender agrees, a full name in the same article, or a
user's manual merge. A bare surname that several known people share is not guessed at; it
becomes its own speaker until someone merges it.

Pure functions only: the store fetches candidates and applies the decision.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..lexicon import ANONYMOUS_LEADS, FEMALE_TITLES, GENERIC, MALE_TITLES, PARTICLES, TITLES
from ..lexicon import NAME_SUFFIXES as SUFFIXES

_TOKEN = re.compile(r"[^\W\d_][\w.'’-]*|\d[\w.-]*", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents or punctuation noise, for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").lower()
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


@dataclass(frozen=True)
class ParsedName:
    """A name split into what identifies someone (given names, surname) and the evidence
    around it (titles, gender)."""

    display: str
    key: str
    type: str
    given: tuple[str, ...] = ()
    surname: str | None = None
    gender: str | None = None
    titles: tuple[str, ...] = field(default=())

    @property
    def is_person(self) -> bool:
        return self.surname is not None

    @property
    def full(self) -> bool:
        return bool(self.given)

    @property
    def named(self) -> bool:
        """False for descriptions ("the minister", "officials", "a senior MP"): those are
        not one entity across articles, so they get no canonical speaker."""
        if self.is_person:
            return True
        words = self.display.split()
        if all(w.lower() in GENERIC for w in words):
            return False
        if len(words) > 1 and not words[-1][:1].isupper():
            return False  # "Local traders", "Senior officials": capitalised only at a sentence start
        return (
            self.type != "person"
            and any(w[:1].isupper() for w in words)
            and words[0].lower() not in ANONYMOUS_LEADS
        )


def _tokens(name: str) -> list[str]:
    return _TOKEN.findall(name.replace("’", "'"))


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def parse_name(name: str, type_: str = "person") -> ParsedName:
    """Parse a speaker name as the extractor resolved it within one article."""
    raw = " ".join(name.split())
    tokens = _tokens(raw)
    while tokens and tokens[-1].rstrip(".").lower() in SUFFIXES:
        tokens.pop()
    if tokens and tokens[-1].endswith(("'s", "'")):
        tokens[-1] = re.sub(r"'s?$", "", tokens[-1])
    lowered = [t.lower() for t in tokens]
    if type_ != "person" or not tokens or lowered[0] in ANONYMOUS_LEADS:
        return _plain(raw, type_)
    # The name is the trailing run of capitalised tokens (particles allowed inside it):
    # "the journalist Vladimir Osechkin" -> "Vladimir Osechkin".
    start = len(tokens)
    while start > 0 and (
        _capitalised(tokens[start - 1]) or (lowered[start - 1] in PARTICLES and start < len(tokens))
    ):
        start -= 1
    while start < len(tokens) and lowered[start] in PARTICLES and not _capitalised(tokens[start]):
        start += 1
    run = tokens[start:]
    titles: list[str] = [t.rstrip(".").lower() for t in tokens[:start] if t.rstrip(".").lower() in TITLES]
    while len(run) > 1 and run[0].rstrip(".").lower() in TITLES:
        titles.append(run.pop(0).rstrip(".").lower())
    lone = run[0] if len(run) == 1 else None
    if not run or (lone and ((lone.isupper() and len(lone) > 1) or lone.lower() in TITLES | GENERIC)):
        return _plain(raw, type_)
    # Surname: last token, with any particles just before it ("von der Leyen").
    cut = len(run) - 1
    while cut > 0 and run[cut - 1].lower() in PARTICLES:
        cut -= 1
    given = tuple(run[:cut])
    surname = " ".join(run[cut:])
    gender = "m" if MALE_TITLES & set(titles) else "f" if FEMALE_TITLES & set(titles) else None
    display = " ".join(run)
    return ParsedName(
        display=display,
        key=fold(display),
        type="person",
        given=tuple(fold(g).replace(".", "") for g in given),
        surname=fold(surname),
        gender=gender,
        titles=tuple(titles),
    )


def _plain(raw: str, type_: str) -> ParsedName:
    """Organisations, groups and anonymous descriptions: the name itself, less a leading "the"."""
    words = raw.split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    display = " ".join(words)
    return ParsedName(display=display, key=fold(display), type=type_)


def given_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """First given names equal, or one is the other's initial ("V" / "Vladimir")."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return False


@dataclass(frozen=True)
class Candidate:
    """A stored speaker as the resolver sees it."""

    id: int
    name: ParsedName
    alias_keys: frozenset[str]
    genders: frozenset[str] = frozenset()


def _gender_ok(mention: ParsedName, candidate: Candidate) -> bool:
    if mention.gender is None:
        return True
    genders = set(candidate.genders) | ({candidate.name.gender} if candidate.name.gender else set())
    return not genders or mention.gender in genders


def choose(mention: ParsedName, candidates: Iterable[Candidate]) -> int | None:
    """The id of the stored speaker this mention belongs to, or None for a new speaker.

    ``candidates`` are the speakers sharing the mention's key or surname; manual aliases are
    handled by the caller before this.
    """
    pool = list(candidates)
    if not mention.is_person:
        same_type = [c for c in pool if mention.key in c.alias_keys and c.name.type == mention.type]
        exact = same_type or [c for c in pool if mention.key in c.alias_keys and not c.name.is_person]
        return exact[0].id if exact else None
    people = [
        c for c in pool if c.name.is_person and c.name.surname == mention.surname and _gender_ok(mention, c)
    ]
    full_people = [c for c in people if c.name.full]
    surname_only = [c for c in people if not c.name.full]
    if mention.full:
        exact = [c for c in full_people if mention.key in c.alias_keys]
        if exact:
            return exact[0].id
        matching = [c for c in full_people if given_compatible(mention.given, c.name.given)]
        if len(matching) == 1:
            return matching[0].id
        if not full_people and len(surname_only) == 1:
            return surname_only[0].id  # "Osechkin" seen first, now "Vladimir Osechkin"
        return None
    if len(full_people) == 1:
        return full_people[0].id
    if surname_only:
        return surname_only[0].id
    return None


def resolve_in_article(names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], ParsedName]:
    """Parse each (name, type) of one article, letting a bare surname borrow the article's
    unique full name with that surname ("Mr Osechkin" after "Vladimir Osechkin")."""
    parsed = {item: parse_name(*item) for item in set(names)}
    full_by_surname: dict[str, set[ParsedName]] = {}
    for p in parsed.values():
        if p.is_person and p.full:
            full_by_surname.setdefault(p.surname or "", set()).add(p)
    for item, p in parsed.items():
        if p.is_person and not p.full:
            fulls = {
                f
                for f in full_by_surname.get(p.surname or "", set())
                if p.gender is None or f.gender in (None, p.gender)
            }
            keys = {f.key for f in fulls}
            if len(keys) == 1:
                best = next(iter(fulls))
                parsed[item] = ParsedName(
                    display=best.display,
                    key=best.key,
                    type="person",
                    given=best.given,
                    surname=best.surname,
                    gender=p.gender or best.gender,
                    titles=p.titles + best.titles,
                )
    return parsed


def better_display(current: ParsedName, new: ParsedName) -> bool:
    """Whether ``new`` is a fuller canonical name than ``current`` (a full name beats a surname)."""
    if not current.is_person or not new.is_person:
        return False
    return len(new.given) > len(current.given) or (
        len(new.given) == len(current.given)
        and any(len(g) > 1 for g in new.given)
        and any(len(g) == 1 for g in current.given)
    )
