"""Name parsing and the join/keep-apart decision for canonical speakers (pure functions)."""

from __future__ import annotations

import pytest

from according.analysis.speakers import Candidate, choose, parse_name, resolve_in_article


@pytest.mark.parametrize(
    ("name", "key", "surname", "gender"),
    [
        ("Vladimir Osechkin", "vladimir osechkin", "osechkin", None),
        ("the journalist Vladimir Osechkin", "vladimir osechkin", "osechkin", None),
        ("Mr Osechkin", "osechkin", "osechkin", "m"),
        ("Osechkin's", "osechkin", "osechkin", None),
        ("Prime Minister Rishi Sunak", "rishi sunak", "sunak", None),
        ("Kremlin spokesman Dmitry Peskov", "dmitry peskov", "peskov", None),
        ("Ursula von der Leyen", "ursula von der leyen", "von der leyen", None),
        ("Ms von der Leyen", "von der leyen", "von der leyen", "f"),
        ("Dr. Jane Smith Jr.", "jane smith", "smith", None),
        ("José Álvarez", "jose alvarez", "alvarez", None),
    ],
)
def test_person_names(name: str, key: str, surname: str, gender: str | None) -> None:
    parsed = parse_name(name)
    assert (parsed.key, parsed.surname, parsed.gender) == (key, surname, gender)
    assert parsed.named


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("A senior Conservative MP", "person"),
        ("the minister", "person"),
        ("Officials", "group"),
        ("Officials", "person"),
        ("experts", "group"),
        ("MP", "person"),
    ],
)
def test_descriptions_are_not_names(name: str, type_: str) -> None:
    assert not parse_name(name, type_).named


def test_organisations_drop_the_article() -> None:
    assert parse_name("the BBC", "organization").key == parse_name("BBC", "organization").key == "bbc"


def _candidate(id_: int, name: str, *aliases: str) -> Candidate:
    parsed = [parse_name(a) for a in (name, *aliases)]
    return Candidate(
        id_,
        parse_name(name),
        frozenset(p.key for p in parsed),
        frozenset(p.gender for p in parsed if p.gender),
    )


def test_choose_joins_variants_and_keeps_namesakes_apart() -> None:
    vladimir = _candidate(1, "Vladimir Osechkin", "Mr Osechkin")
    anna = _candidate(2, "Anna Osechkin")
    assert choose(parse_name("Osechkin"), [vladimir]) == 1
    assert choose(parse_name("V. Osechkin"), [vladimir, anna]) == 1
    assert choose(parse_name("Vladimir Osechkin"), [vladimir, anna]) == 1
    assert choose(parse_name("Osechkin"), [vladimir, anna]) is None  # ambiguous: not guessed
    assert choose(parse_name("Ms Osechkin"), [vladimir, anna]) == 2  # gender evidence
    assert choose(parse_name("Ivan Osechkin"), [vladimir, anna]) is None
    surname_only = _candidate(3, "Osechkin")
    assert choose(parse_name("Ivan Osechkin"), [surname_only]) == 3  # the first full name claims it


def test_article_context_resolves_bare_surnames() -> None:
    resolved = resolve_in_article(
        [("Vladimir Osechkin", "person"), ("Mr Osechkin", "person"), ("BBC", "organization")]
    )
    assert resolved[("Mr Osechkin", "person")].key == "vladimir osechkin"
    two = resolve_in_article(
        [("Anna Osechkin", "person"), ("Vladimir Osechkin", "person"), ("Osechkin", "person")]
    )
    assert two[("Osechkin", "person")].key == "osechkin"
