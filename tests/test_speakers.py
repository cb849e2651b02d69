"""Name parsing and the join/keep-apart decision for canonical speakers (pure functions)."""

from __future__ import annotations

import pytest

from according.analysis.identity import (
    Candidate,
    Evidence,
    Resolved,
    absorbable,
    absorbs,
    decide,
    resolve_in_article,
)
from according.analysis.mentions import stated_affiliation, stated_role
from according.analysis.speakers import (
    entities,
    full_names_in_text,
    headline_name,
    parse_name,
    same_person_name,
)


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
        ("Dr. Jane Smith Jr.", "jane smith jr", "smith", None),
        ("José Álvarez", "jose alvarez", "alvarez", None),
        ("Senate Majority Leader Mitch McConnell", "mitch mcconnell", "mcconnell", None),
        ("President-elect Donald J. Trump", "donald j trump", "trump", None),
        ("Donald Trump ''", "donald trump", "trump", None),
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
        ("I", "person"),
        ("You", "organization"),
        ("That", "person"),
        ("they", "group"),
        ("people", "group"),
        ("the campaign", "organization"),
        ("The ad", "organization"),
        ("Local traders", "group"),
    ],
)
def test_pronouns_determiners_and_descriptions_are_not_names(name: str, type_: str) -> None:
    assert not parse_name(name, type_).named


def test_organisations_drop_the_article_and_keep_proper_names() -> None:
    assert parse_name("the BBC", "organization").key == parse_name("BBC", "organization").key == "bbc"
    campaign = parse_name("The Trump campaign", "organization")
    assert campaign.named and campaign.key == "trump campaign"


def test_suffixes_make_different_people() -> None:
    father, son = parse_name("Donald J. Trump"), parse_name("Donald Trump Jr.")
    assert son.suffix == "jr" and father.suffix is None
    assert not same_person_name(father, son)
    assert not same_person_name(parse_name("John Smith II"), parse_name("John Smith III"))
    assert same_person_name(parse_name("Donald J. Trump"), parse_name("Donald Trump"))
    assert not same_person_name(parse_name("George H. W. Bush"), parse_name("George W. Bush"))
    assert same_person_name(parse_name("George Bush"), parse_name("George W. Bush"))


def test_titles_are_roles_not_names() -> None:
    assert parse_name("Sen. Tim Kaine").roles == parse_name("Senator Kaine").roles == {"senator"}
    assert parse_name("Mr. Trump").roles == frozenset()
    assert parse_name("Former Secretary of State Hillary Clinton").key == "hillary clinton"


def test_full_names_found_in_the_text() -> None:
    text = (
        "Donald J. Trump spoke first. Later, Donald Trump Jr. said more. But Trump said. "
        "Mr. Trump and Ivanka Trump arrived. When Trump spoke, President-elect Donald Trump waved."
    )
    found = {n.display for n in full_names_in_text(text, "Trump")}
    assert found == {"Donald J. Trump", "Donald Trump Jr.", "Ivanka Trump", "Donald Trump"}
    people = {n.display for n in entities(full_names_in_text(text, "Trump"))}
    assert people == {"Donald J. Trump", "Donald Trump Jr.", "Ivanka Trump"}


def _resolve(names: list[tuple[str, str]], text: str = "") -> dict[str, Resolved]:
    return {k[0]: v for k, v in resolve_in_article(names, text).items()}


def test_article_context_resolves_bare_surnames() -> None:
    resolved = _resolve([("Vladimir Osechkin", "person"), ("Mr Osechkin", "person"), ("BBC", "organization")])
    assert resolved["Mr Osechkin"].name.key == "vladimir osechkin"
    assert "in this article" in (resolved["Mr Osechkin"].reason or "")
    two = _resolve([("Anna Osechkin", "person"), ("Vladimir Osechkin", "person"), ("Osechkin", "person")])
    assert two["Osechkin"].name.key == "osechkin" and two["Osechkin"].ambiguous
    # a full name the text gives, even when that person is never a source by it
    text = "Donald J. Trump Jr. and Donald J. Trump spoke. Trump said it. Mr. Trump Jr. said more."
    from_text = _resolve([("Trump", "person"), ("Mr. Trump Jr.", "person")], text)
    assert from_text["Trump"].name.display == "Donald J. Trump"  # not the son
    assert from_text["Mr. Trump Jr."].name.display == "Donald J. Trump Jr."


def test_a_headline_run_of_capitals_is_cut_to_the_person_it_opens_with() -> None:
    text = (
        "Lopez Vows Cleaner Beaches Before Summer Season\n\n"
        "Mayor Maria Lopez said on Monday that the beaches would be cleaned. Lopez spoke at the pier.\n"
    )
    assert headline_name(text, "Lopez Vows Cleaner Beaches") == "Lopez"
    resolved = _resolve([("Lopez Vows Cleaner Beaches", "organization"), ("Maria Lopez", "person")], text)
    assert resolved["Lopez Vows Cleaner Beaches"].name.display == "Maria Lopez"
    # the same words outside a headline are left alone, and so is a body's name
    plain = "Yesterday Lopez Vows Cleaner Beaches was read out by the clerk."
    assert headline_name(plain, "Lopez Vows Cleaner") is None
    body = "Lopez Foundation Donors Meet Mayor\n\nThe Lopez Foundation said Lopez was absent.\n"
    assert headline_name(body, "Lopez Foundation Donors") is None


def test_lower_case_senior_after_a_name_is_a_role_not_a_suffix() -> None:
    assert parse_name("Tom Baker, senior").suffix is None
    assert parse_name("Tom Baker, senior").key == parse_name("Tom Baker").key
    assert parse_name("Tom Baker Sr.").suffix == "sr"


def test_generic_roles_and_descriptions_are_no_evidence() -> None:
    assert stated_role("person") is None and stated_role("Mayor") == "mayor"
    assert stated_affiliation("his faith") is None and stated_affiliation("a shopping center") is None
    assert stated_affiliation("the Harbour Board") == "the harbour board"


def _candidate(id_: int, name: str, *aliases: str, **evidence) -> Candidate:  # type: ignore[no-untyped-def]
    parsed = [parse_name(a) for a in (name, *aliases)]
    genders = frozenset(p.gender for p in parsed if p.gender)
    return Candidate(
        id_,
        parse_name(name),
        frozenset(p.key for p in parsed),
        Evidence(genders=genders, **evidence),
        ambiguous=not parse_name(name).full,
    )


def _decide(name: str, candidates: list[Candidate], **evidence) -> int | None:  # type: ignore[no-untyped-def]
    parsed = parse_name(name)
    return decide(Resolved(name, "person", parsed), Evidence(**evidence), candidates).speaker_id


def test_full_names_join_variants_and_keep_namesakes_apart() -> None:
    vladimir = _candidate(1, "Vladimir Osechkin", "Mr Osechkin")
    anna = _candidate(2, "Anna Osechkin")
    assert _decide("V. Osechkin", [vladimir, anna]) == 1
    assert _decide("Vladimir Osechkin", [vladimir, anna]) == 1
    assert _decide("Ivan Osechkin", [vladimir, anna]) is None
    assert _decide("Vladimir Osechkin Jr.", [vladimir, anna]) is None
    bare = _candidate(3, "Osechkin")
    assert _decide("Ivan Osechkin", [bare]) is None  # a bare surname is nobody's full name yet


def test_namesakes_with_other_roles_and_affiliations_stay_apart() -> None:
    senator = _candidate(
        1,
        "John Smith",
        roles=frozenset({"senator"}),
        affiliations=frozenset({"senate"}),
        cospeakers=frozenset({"mitch mcconnell"}),
    )
    plumber = {"roles": frozenset({"plumber"}), "affiliations": frozenset({"acme"})}
    assert _decide("John Smith", [senator], **plumber) is None
    assert _decide("John Smith", [senator], roles=frozenset({"plumber"})) == 1  # one difference is not enough
    quoted_with = frozenset({"mitch mcconnell"})
    assert _decide("John Smith", [senator], **plumber, cospeakers=quoted_with) == 1  # the same company
    pollster = _candidate(2, "Andy Smith", roles=frozenset({"pollster"}), affiliations=frozenset({"UNH"}))
    director = {"roles": frozenset({"director"}), "affiliations": frozenset({"University of New Hampshire"})}
    assert _decide("Andy Smith", [pollster], **director) == 2  # UNH is the university's initials


def test_a_new_office_or_a_nation_is_no_contradiction_but_two_parties_are() -> None:
    committee = frozenset({"the house education committee"})
    representative = _candidate(1, "Jane Roe", roles=frozenset({"representative"}), affiliations=committee)
    # "our potential United States senator, Jane Roe": a new office, and the nation is everyone's
    senator = {"roles": frozenset({"senator"}), "affiliations": frozenset({"United States"})}
    assert _decide("Jane Roe", [representative], **senator) == 1
    secretary = {"roles": frozenset({"secretary of state"}), "affiliations": frozenset({"U.S."})}
    assert _decide("Jane Roe", [representative], **secretary) == 1
    democrat = _candidate(2, "John Doe", affiliations=frozenset({"Democratic"}))
    assert _decide("John Doe", [democrat], affiliations=frozenset({"GOP"})) is None  # two parties
    assert _decide("John Doe", [democrat], affiliations=frozenset({"Democrats"})) == 2
    # two parties, but quoted beside the same people: one person who changed party
    quoted = frozenset({"mitch mcconnell"})
    switcher = _candidate(3, "Arlen Specter", affiliations=frozenset({"Republican"}), cospeakers=quoted)
    democratic = frozenset({"Democratic"})
    assert _decide("Arlen Specter", [switcher], affiliations=democratic, cospeakers=quoted) == 3


def test_a_bare_surname_needs_evidence() -> None:
    barack = _candidate(1, "Barack Obama", "President Barack Obama", roles=frozenset({"president"}))
    michelle = _candidate(2, "Michelle Obama", "Mrs. Obama")
    ambiguous = decide(Resolved("Obama", "person", parse_name("Obama")), Evidence(), [barack, michelle])
    assert ambiguous.speaker_id is None and ambiguous.ambiguous
    assert _decide("President Obama", [barack, michelle], roles=frozenset({"president"})) == 1
    quoted = _candidate(3, "Tim Kaine", cospeakers=frozenset({"mike pence", "hillary clinton", "fbi"}))
    assert _decide("Kaine", [quoted], cospeakers=frozenset({"mike pence", "hillary clinton"})) == 3
    assert _decide("Kaine", [quoted], cospeakers=frozenset({"mike pence"})) is None
    assert _decide("Kaine", [quoted], echoes=frozenset({3})) == 3
    # an ambiguous bare surname joins the bare record of the same gender evidence only
    mr = _candidate(4, "Obama", "Mr. Obama")
    assert _decide("Mr. Obama", [barack, michelle, mr]) == 4
    assert _decide("Obama", [barack, michelle, mr]) is None
    # a given name tells a gender when no title does: a president "Mr. Obama" is Barack,
    # even when Michelle Obama's record (wrongly) holds the role too
    michelle_told_nothing = _candidate(2, "Michelle Obama", roles=frozenset({"president"}))
    assert _decide("Mr. Obama", [barack, michelle_told_nothing], roles=frozenset({"president"})) == 1
    assert _decide("Obama", [barack, michelle_told_nothing], roles=frozenset({"president"})) is None


def test_a_full_name_takes_in_the_bare_surnames_the_evidence_ties_to_it() -> None:
    president = frozenset({"president"})
    mr = _candidate(4, "Obama", "Mr. Obama", roles=president)

    def barack(**evidence) -> Candidate:  # type: ignore[no-untyped-def]
        return Candidate(9, parse_name("Barack Obama"), frozenset({"barack obama"}), Evidence(**evidence))

    assert absorbable(barack(), [mr]) == [mr]
    why = "Obama merged into Barack Obama: same role (president)"
    assert absorbs(barack(roles=president), [mr]) == [(4, why)]
    assert absorbs(barack(), [mr]) == []  # no evidence: kept apart
    senator = barack(roles=frozenset({"senator"}), affiliations=frozenset({"Illinois"}))
    chef = _candidate(5, "Obama", roles=frozenset({"chef"}), affiliations=frozenset({"Le Bistro"}))
    assert absorbs(senator, [chef]) == []  # a contradiction keeps them apart
    ms = _candidate(6, "Obama", "Ms. Obama", roles=president)
    assert absorbs(barack(roles=president, genders=frozenset({"m"})), [ms]) == []
    # the bare surname kept under two records (one per gender evidence): each on its evidence
    plain = _candidate(7, "Obama", roles=president)
    assert absorbs(barack(roles=president), [mr, plain]) == [(4, why), (7, why)]
    assert absorbs(barack(roles=president), [mr, _candidate(8, "Obama")]) == [(4, why)]
    # itself among the candidates is no second person; another full name of the surname is
    assert absorbable(barack(), [mr, barack()]) == [mr]
    assert absorbable(barack(), [plain, _candidate(2, "Michelle Obama")]) == []
    # ... unless the bare surname cannot be that person: a "Mr. Obama" is not Michelle
    assert absorbable(barack(), [mr, _candidate(2, "Michelle Obama")]) == [mr]
    assert absorbable(barack(), [mr, _candidate(2, "Michelle Obama", "Mr. Obama")]) == []
    assert absorbable(_candidate(3, "Obama"), [mr]) == []  # a bare surname takes in nobody


def test_types_never_mix() -> None:
    pfizer = Candidate(5, parse_name("Pfizer", "organization"), frozenset({"pfizer"}))
    as_person = decide(Resolved("Pfizer", "person", parse_name("Pfizer")), Evidence(), [pfizer])
    assert as_person.speaker_id is None and as_person.ambiguous  # a bare "surname", not the company
    group = decide(
        Resolved("Republicans", "group", parse_name("Republicans", "group")),
        Evidence(),
        [Candidate(6, parse_name("Republicans", "organization"), frozenset({"republicans"}))],
    )
    assert group.speaker_id is None


def test_a_short_body_name_is_not_a_list_of_two_bodies_that_extend_it() -> None:
    # "Fox" after "Fox Business Network and Fox News" is not the pair, and not either one
    text = "The networks, Fox Business Network and Fox News, kept the speech on air. Fox did not replay it."
    assert not _resolve([("Fox", "organization")], text)["Fox"].reason
    # one of the two extends it: that one
    text = "The networks, Fox News and the BBC, kept the speech on air. Fox did not replay it."
    assert _resolve([("Fox", "organization")], text)["Fox"].name.display == "Fox News"
    # a name with "and" in it is still one name
    text = "On Monday, Barnes and Noble reported lower sales. Noble said it would close two stores."
    assert _resolve([("Noble", "organization")], text)["Noble"].name.display == "Barnes and Noble"


def test_a_name_in_double_encoded_utf8_is_repaired_before_it_keys_a_speaker() -> None:
    # scraped "PeÃ±a" split the name: "Enrique PeA" and a person named "Nieto"
    garbled = parse_name("Enrique Pe\u00c3\u00b1a Nieto", "person")
    assert (garbled.display, garbled.surname) == ("Enrique Peña Nieto", "nieto")
    assert parse_name("Caf\u00c3\u00a9 Nacional", "organization").display == "Café Nacional"
    assert parse_name("José Martí", "person").display == "José Martí"  # right already: left alone


def test_a_name_that_leaves_out_the_first_given_names_is_the_same_person() -> None:
    def same(a: str, b: str) -> bool:
        return same_person_name(parse_name(a, "person"), parse_name(b, "person"))

    assert same("Peña Nieto", "Enrique Peña Nieto")  # a double surname used alone
    assert same("Mark Felt", "W. Mark Felt")  # a man who goes by his middle name
    assert not same("W. Bush", "George H. W. Bush")  # an initial alone says too little
    assert not same("George W. Bush", "George H. W. Bush")
    assert not same("Ivanka Trump", "Donald J. Trump")


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("Tuesday", "organization"),
        ("Tuesday", "person"),
        ("Super Tuesday", "organization"),
        ("October", "organization"),
        ("Christmas Eve", "group"),
        ("Transcript", "organization"),
        ("Transcript", "person"),
        ("Video Transcript", "person"),
        ("Editorial", "organization"),
        ("Update", "organization"),
        ("Statement", "organization"),
        ("PAC", "organization"),
        ("the super PAC", "organization"),
        ("Harbor City super PAC", "organization"),
        ("pro-Lopez super PAC", "organization"),
        ("super PACs", "group"),
    ],
)
def test_dates_headings_and_kinds_of_body_are_not_names(name: str, type_: str) -> None:
    assert not parse_name(name, type_).named


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("Harbor Action Fund PAC", "organization"),  # a super PAC named as one
        ("Harbor Action Fund", "organization"),
        ("June Carter", "person"),
        ("June", "person"),  # a month that is a given name stays someone's
        ("The Post", "organization"),  # a document word that names a newspaper
        ("USA TODAY", "organization"),
        ("Politico", "organization"),
        ("Tuesday Morning Corp.", "organization"),
    ],
)
def test_names_that_hold_such_words_stay_names(name: str, type_: str) -> None:
    assert parse_name(name, type_).named


def test_a_date_or_a_name_in_capitals_is_not_cut_from_a_name_like_a_date_after_it() -> None:
    assert parse_name("Fox News on Sunday", "organization").display == "Fox News"
    assert parse_name("USA TODAY", "organization").display == "USA TODAY"  # not the country
    assert parse_name("Super Tuesday", "organization").display == "Super Tuesday"  # not "Super"
    assert not parse_name("Super Tuesday", "person").named


def test_a_name_never_runs_over_a_sentence_end() -> None:
    text = "Most of the crowd cheered for Mayor Hale. As Politico reported, the rally ran late."
    assert _resolve([("Politico", "organization")], text)["Politico"].name.display == "Politico"
    assert parse_name("Hale. As Politico", "organization").display == "Politico"
    assert parse_name("Mayor Hale. Dana Ruiz", "person").display == "Dana Ruiz"
    # an initial, an abbreviation or a title ends no sentence
    assert parse_name("Sen. Dana J. Hale", "person").display == "Dana J. Hale"
    text = "The St. Louis Post backed the bill. The Post said jobs would follow."
    assert _resolve([("Post", "organization")], text)["Post"].name.display == "St. Louis Post"


def test_a_headline_run_on_is_no_alias_of_the_person() -> None:
    from according.analysis.mentions import Linked, new_aliases

    text = (
        "Maria Lopez Slams Tom Reyes On Taxes\n\n"
        "Senator Maria Lopez attacked Governor Tom Reyes on Friday. Lopez said the cuts would hurt schools.\n"
    )
    names = [("Maria Lopez Slams Tom Reyes", "person"), ("Lopez", "person"), ("Maria Lopez", "person")]
    resolved = _resolve(names, text)
    run_on = resolved["Maria Lopez Slams Tom Reyes"]
    assert run_on.name.display == "Maria Lopez"
    assert [a for a, _ in new_aliases(Linked(run_on, Evidence(), None), set())] == ["Maria Lopez"]
    # other forms of a name are aliases still: a bare surname, a suffix
    bare = resolved["Lopez"]
    assert [a for a, _ in new_aliases(Linked(bare, Evidence(), None), set())] == ["Lopez", "Maria Lopez"]
    son = Resolved("Tom Reyes Jr.", "person", parse_name("Tom Reyes Jr."))
    assert [a for a, _ in new_aliases(Linked(son, Evidence(), None), set())] == ["Tom Reyes Jr."]


def test_words_run_into_a_name_make_no_alias() -> None:
    """The extractor's raw name is kept as an alias only when it is a form of the person's
    name: a capitalised word run in from a headline or the sentence ("Fascist Lopez", "June
    Lopez" from "in June Lopez said", "Lopez Addresses Harbor Crisis") names nobody."""
    from according.analysis.mentions import Linked, new_aliases

    lopez = parse_name("Maria Lopez")

    def aliases(raw: str) -> list[str]:
        return [a for a, _ in new_aliases(Linked(Resolved(raw, "person", lopez), Evidence(), None), set())]

    for junk in ("Fascist Lopez", "June Lopez", "Though Lopez", "Lopez Addresses Harbor Crisis"):
        assert aliases(junk) == ["Maria Lopez"], junk
    for form in ("Ms. Lopez", "MARIA LOPEZ", "the mayor Maria Lopez", "Maria Elena Lopez", "Lopez"):
        assert aliases(form) == [form, "Maria Lopez"], form


def test_a_preposition_opening_a_sentence_is_not_part_of_a_body_s_name():
    # "Besides China, Vietnam ..." made the store's speaker "Besides China" for every "China"
    text = (
        "Besides China, Vietnam and Malaysia have claims in the area. "
        "China said it would not take part. Despite Google, the market held. Google declined to comment."
    )
    resolved = resolve_in_article([("China", "organization"), ("Google", "organization")], text)
    assert resolved[("China", "organization")].name.display == "China"
    assert resolved[("Google", "organization")].name.display == "Google"
