"""Typographic apostrophes reach the parser as ASCII ones, and nowhere else."""

from __future__ import annotations

from according import extract
from according.nlp.apostrophes import parse_text


def test_apostrophes_inside_words_and_plural_possessives_become_ascii() -> None:
    text = "Trump’s son and Fox News’ Bret Baier don’t agree."
    parsed = parse_text(text)
    assert parsed == "Trump's son and Fox News' Bret Baier don't agree."
    assert len(parsed) == len(text)


def test_a_closing_single_quotation_mark_is_left_alone() -> None:
    text = "He called it ‘fake news’ and left. ‘Yes,’ she said."
    assert parse_text(text) == text


def test_possessives_with_typographic_apostrophes_name_the_right_speaker() -> None:
    doc = extract("Fox News’ Bret Baier said the debate would go on as planned.")
    (attribution,) = doc.attributions
    assert attribution.speaker is not None and attribution.speaker.name == "Bret Baier"
    # spans are the article's own characters, curly apostrophe included
    assert attribution.source is not None and attribution.source.text == "Fox News’ Bret Baier"
