"""Each kind of mention resolved to the right, named speaker, on short texts written for the tests."""

from __future__ import annotations

import pytest
from enrich_support import cand, run

from according.document import Attribution


def who(a: Attribution) -> tuple[str, str] | None:
    return (a.speaker.name, a.speaker.type) if a.speaker else None


def resolve(nlp, text: str, *claims: tuple[str, str, str, int]) -> tuple[Attribution, ...]:
    """Attributions for (cue, content, source, nth cue) claims of ``text``."""
    return run(
        nlp, text, *(cand(text, cue, content, source, nth=nth) for cue, content, source, nth in claims)
    )


def test_surname_joins_a_full_name_ner_typed_as_organisation(nlp):
    text = (
        "Dana Whitfield, president of a Leeds design agency, said the new rates were unfair. "
        "Whitfield said small firms would close."
    )
    first, second = resolve(
        nlp,
        text,
        ("said", "the new rates were unfair", "Dana Whitfield, president of a Leeds design agency", 0),
        ("said", "small firms would close", "Whitfield", 1),
    )
    assert who(first) == who(second) == ("Dana Whitfield", "person")
    assert first.speaker is not None and first.speaker.role == "president"
    assert first.speaker.affiliation == "a Leeds design agency"
    assert len(second.speaker.mentions) >= 2  # the chain holds both mentions


def test_name_after_its_description(nlp):
    text = "Another official, the former deputy envoy Omar Haddad, said the talks had failed."
    (a,) = resolve(
        nlp,
        text,
        ("said", "the talks had failed", "Another official, the former deputy envoy Omar Haddad", 0),
    )
    assert who(a) == ("Omar Haddad", "person")


def test_title_and_role_noun(nlp):
    text = (
        "Gov. Jane Roe signed the order on Monday. The governor said the roads would reopen. "
        "Roe said crews were working."
    )
    _, governor, surname = resolve(
        nlp,
        text,
        ("signed", "the order", "Gov. Jane Roe", 0),
        ("said", "the roads would reopen", "The governor", 0),
        ("said", "crews were working", "Roe", 1),
    )
    assert who(governor) == who(surname) == ("Jane Roe", "person")
    assert governor.speaker is not None and governor.speaker.role == "governor"


def test_institution_nouns_name_the_organisation(nlp):
    text = (
        "Northfield Power & Light Co. cut supplies to 4,000 homes. The utility said crews were out. "
        "The Border Health Service issued a warning. The agency said cases were rising."
    )
    utility, agency = resolve(
        nlp,
        text,
        ("said", "crews were out", "The utility", 0),
        ("said", "cases were rising", "The agency", 1),
    )
    assert who(utility) == ("Northfield Power & Light Co.", "organization")
    assert who(agency) == ("Border Health Service", "organization")


def test_acronyms_defined_and_formed_from_initials(nlp):
    text = (
        "The Border Health Service (BHS) published new figures. BHS said cases were rising. "
        "The National Rail Board published a timetable. NRB said trains would run."
    )
    defined, initials = resolve(
        nlp,
        text,
        ("said", "cases were rising", "BHS", 0),
        ("said", "trains would run", "NRB", 1),
    )
    assert who(defined) == ("Border Health Service", "organization")
    assert who(initials) == ("National Rail Board", "organization")


def test_affiliation_kept_for_unnamed_spokespeople(nlp):
    text = (
        "Kingsmouth Council approved the budget. A spokesperson for the council said no jobs would go. "
        "The Border Health Service was asked too. A Border Health Service spokesperson said it would "
        "respond."
    )
    council, service = resolve(
        nlp,
        text,
        ("said", "no jobs would go", "A spokesperson for the council", 0),
        ("said", "it would respond", "A Border Health Service spokesperson", 1),
    )
    assert who(council) == ("A spokesperson for the council", "person")
    assert council.speaker is not None and council.speaker.affiliation == "Kingsmouth Council"
    assert council.speaker.role == "spokesperson"
    assert who(service) == ("A Border Health Service spokesperson", "person")
    assert service.speaker is not None and service.speaker.affiliation == "Border Health Service"


def test_descriptions_are_not_cut_short(nlp):
    text = (
        "A group representing rural counties in the state said the plan was unfair. "
        "The Governor's Office of Emergency Planning said roads were shut."
    )
    group, office = resolve(
        nlp,
        text,
        ("said", "the plan was unfair", "A group representing rural counties in the state", 0),
        ("said", "roads were shut", "The Governor's Office of Emergency Planning", 1),
    )
    assert who(group) == ("A group representing rural counties in the state", "organization")
    assert who(office) == ("Governor's Office of Emergency Planning", "organization")


def test_suffixes_tell_namesakes_apart(nlp):
    text = "John Smith Jr. said the farm was sold. John Smith Sr. said it was not."
    junior, senior = resolve(
        nlp,
        text,
        ("said", "the farm was sold", "John Smith Jr.", 0),
        ("said", "it was not", "John Smith Sr.", 1),
    )
    assert who(junior) == ("John Smith Jr.", "person")
    assert who(senior) is not None and who(senior) != who(junior)


def test_possessive_descriptions_name_their_owner(nlp):
    text = (
        "Maria Lopez was charged on Monday. An attorney for Lopez, Sam Reed, said she was innocent. "
        "Her lawyer said the trial would be long."
    )
    _, lawyer = resolve(
        nlp,
        text,
        ("said", "she was innocent", "An attorney for Lopez, Sam Reed", 0),
        ("said", "the trial would be long", "Her lawyer", 1),
    )
    assert who(lawyer) == ("Sam Reed", "person")


def test_possessive_owner_named_when_nobody_holds_the_role(nlp):
    text = "Maria Lopez was charged on Monday. Her brother said the family would appeal."
    (a,) = resolve(nlp, text, ("said", "the family would appeal", "Her brother", 0))
    assert who(a) == ("Maria Lopez’s brother", "person")


def test_pronouns_agree_in_gender(nlp):
    text = (
        "Mr Patel met Ms Grant in Leeds. Ms Grant spoke first and Mr Patel listened. "
        "He said the deal was close."
    )
    (a,) = resolve(nlp, text, ("said", "the deal was close", "He", 0))
    assert who(a) == ("Patel", "person")


def test_he_is_the_subject_of_the_main_clause(nlp):
    text = (
        "Press secretary Tom Hale said on Monday that Governor Ruth Ames wants a new tax. "
        "He said she would sign the bill."
    )
    (_, a) = resolve(
        nlp,
        text,
        ("said", "that Governor Ruth Ames wants a new tax", "Press secretary Tom Hale", 0),
        ("said", "she would sign the bill", "He", 1),
    )
    assert who(a) == ("Tom Hale", "person")


def test_first_person_in_a_quote_and_its_continuation(nlp):
    text = (
        'Nadia Brook said: "We will not close the school."\n\n'
        '"I know parents are worried, but I will fight for it."'
    )
    outer, inner = resolve(
        nlp,
        text,
        ("said:", '"We will not close the school."', "Nadia Brook", 0),
        ("know", "parents are worried", "I", 0),
    )
    assert who(outer) == who(inner) == ("Nadia Brook", "person")


def test_conjoined_sources_are_one_group(nlp):
    text = "Senators Ana Ruiz and Ben Cole said the bill would pass."
    (a,) = resolve(nlp, text, ("said", "the bill would pass", "Senators Ana Ruiz and Ben Cole", 0))
    assert who(a) == ("Ana Ruiz and Ben Cole", "group")


def test_the_doctors_are_the_doctors_group(nlp):
    text = (
        "Physicians for Fair Care, a group of doctors, opposed the cuts. "
        "The doctors said waiting lists would grow."
    )
    (a,) = resolve(nlp, text, ("said", "waiting lists would grow", "The doctors", 0))
    assert who(a) == ("Physicians for Fair Care", "organization")


@pytest.mark.parametrize(
    "headline",
    ["Mayor Rips Council Over Budget", "Council Leader Says Cuts Are Coming"],
)
def test_headline_words_are_not_names(nlp, headline):
    text = f"{headline}\n\nMayor Ann Price said the budget was too small. Price said cuts were coming."
    first, second = resolve(
        nlp,
        text,
        ("said", "the budget was too small", "Mayor Ann Price", 0),
        ("said", "cuts were coming", "Price", 1),
    )
    assert who(first) == who(second) == ("Ann Price", "person")
