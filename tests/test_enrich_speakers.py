"""Speaker resolution within an article, on invented text."""

from __future__ import annotations

import pytest
from enrich_support import cand, one, run

from according.document import Speaker

# An invented story in the shape of a typical report: a description first, the name later,
# then honorific + surname and pronouns.
STORY = (
    "A dissident Belarusian blogger has claimed that the factory was secretly sold. "
    "Anton Gromyko, the blogger, runs a news channel from Vilnius. "
    "Mr Gromyko told reporters that the sale was signed in March. "
    '"They tried to hide it," he said. '
    "Gromyko's view is that the minister knew. "
    "Officials at the ministry said the sale was legal. They added that no law was broken. "
    "Irena Wolska, a labour lawyer, said the workers were not told. "
    "She believes the contract will be challenged."
)
ANTON = Speaker("Anton Gromyko", "person")


@pytest.fixture(scope="module")
def story(nlp):
    text = STORY
    candidates = [
        cand(text, "has claimed", "that the factory was secretly sold", "A dissident Belarusian blogger"),
        cand(text, "told", "that the sale was signed in March", "Mr Gromyko"),
        cand(text, "said", '"They tried to hide it,"', "he"),
        cand(text, "view is", "that the minister knew", "Gromyko's"),
        cand(text, "said", "the sale was legal", "Officials at the ministry", nth=1),
        cand(text, "added", "that no law was broken", "They"),
        cand(text, "said", "the workers were not told", "Irena Wolska, a labour lawyer", nth=2),
        cand(text, "believes", "the contract will be challenged", "She"),
    ]
    return run(nlp, text, *candidates)


def test_description_named_later_resolves_to_the_person(story):
    assert story[0].speaker == ANTON


def test_honorific_and_surname_resolve_to_full_name(story):
    assert story[1].speaker == ANTON
    assert story[1].source is not None and story[1].source.text == "Mr Gromyko"


def test_pronoun_resolves_to_latest_speaker_not_quoted_words(story):
    assert story[2].speaker == ANTON


def test_possessive_source(story):
    assert story[3].speaker == ANTON


def test_plural_noun_is_a_group_and_they_follows_it(story):
    assert story[4].speaker == Speaker("Officials at the ministry", "group")
    assert story[5].speaker == Speaker("Officials at the ministry", "group")


def test_appositive_source_and_she(story):
    assert story[6].speaker == Speaker("Irena Wolska", "person")
    assert story[7].speaker == Speaker("Irena Wolska", "person")


def test_definite_description_resolves_to_named_person(nlp):
    text = (
        "Journalist Marta Kowal has spent years covering the port. "
        "The journalist said the port would be privatised next year."
    )
    a = one(nlp, text, "said", "the port would be privatised next year", "The journalist")
    assert a.speaker == Speaker("Marta Kowal", "person")


def test_pronoun_gender_from_honorific(nlp):
    text = (
        "Mrs Hale met Mr Brandt in Leeds on Monday. Mr Brandt spoke first. "
        "She said the deal was close to being signed."
    )
    (_, a) = run(
        nlp,
        text,
        cand(text, "spoke", "first", "Mr Brandt"),
        cand(text, "said", "the deal was close to being signed", "She"),
    )
    assert a.speaker == Speaker("Hale", "person")


@pytest.mark.parametrize(
    "text, source, expected",
    [
        ("The Kremlin said the talks were over.", "The Kremlin", ("Kremlin", "organization")),
        ("The ministry said the talks were over.", "The ministry", ("The ministry", "organization")),
        ("Critics said the talks were over.", "Critics", ("Critics", "group")),
        ("Analysts said the talks were over.", "Analysts", ("Analysts", "group")),
        ("Sources said the talks were over.", "Sources", ("Sources", "group")),
        ("A spokesman said the talks were over.", "A spokesman", ("A spokesman", "person")),
        ("Reuters said the talks were over.", "Reuters", ("Reuters", "organization")),
    ],
)
def test_speaker_types(nlp, text, source, expected):
    content = "the talks were over"
    assert one(nlp, text, "said", content, source).speaker == Speaker(*expected)


def test_short_org_name_resolves_to_full_org(nlp):
    text = (
        "The Ministry of Transport published new figures on Monday. The ministry said rail use had doubled."
    )
    a = one(nlp, text, "said", "rail use had doubled", "The ministry")
    assert a.speaker == Speaker("The Ministry of Transport", "organization")


def test_first_person_inside_a_quote_is_the_quoted_speaker(nlp):
    text = 'Ms Adair said: "I think we will win, and I told them so."'
    outer, inner = run(
        nlp,
        text,
        cand(text, "said:", '"I think we will win, and I told them so."', "Ms Adair"),
        cand(text, "think", "we will win", "I"),
    )
    assert outer.speaker == Speaker("Adair", "person")
    assert inner.parent == 0
    assert inner.speaker == outer.speaker


def test_first_person_outside_quotes_is_the_byline(nlp):
    text = "I believe the council has made a mistake."
    (a,) = run(nlp, text, cand(text, "believe", "the council has made a mistake", "I"), byline="Jo Reyes")
    assert a.speaker == Speaker("Jo Reyes", "person")
