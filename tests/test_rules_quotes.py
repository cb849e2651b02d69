"""Direct quotation: where the quote marks are, and which quote belongs to which cue."""

from __future__ import annotations

from rules_helpers import found

from according.attribution.rules.quotes import find_quotes


def _runs(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in r.spans] for r in find_quotes(text)]


def test_straight_and_curly_quotes_are_found():
    text = 'She said "no," then “maybe.” The board is 6" wide.'
    assert _runs(text) == [['"no,"'], ["“maybe.”"]]


def test_quote_running_over_paragraphs_is_one_run():
    text = "He said: “First part.\n\n“Second part.\n\n“Last part.”\n\nUnquoted."
    assert _runs(text) == [["“First part.", "“Second part.", "“Last part.”"]]


def test_source_after_quote(nlp):
    text = '"The harbour will reopen in spring," said Maria Lopez, the port director.'
    assert found(nlp, text) == [
        (["Maria Lopez, the port director"], "said", ['"The harbour will reopen in spring,"'])
    ]


def test_quote_continues_in_next_sentence(nlp):
    text = "“The harbour will reopen in spring,” she said. “We have hired two hundred workers.”"
    assert found(nlp, text) == [
        (["she"], "said", ["“The harbour will reopen in spring,”", "“We have hired two hundred workers.”"])
    ]


def test_source_inside_interrupted_quote(nlp):
    text = "“The harbour,” Lopez said, “will reopen in spring.”"
    assert found(nlp, text) == [(["Lopez"], "said", ["“The harbour,”", "“will reopen in spring.”"])]


def test_colon_introduced_quote_keeps_colon_in_cue(nlp):
    text = "The port director said: “The harbour will reopen in spring.”"
    assert found(nlp, text) == [(["The port director"], "said:", ["“The harbour will reopen in spring.”"])]


def test_multi_paragraph_quote_is_one_attribution(nlp):
    text = "Lopez said: “First paragraph of the quote.\n\n“Second paragraph goes on.\n\n“Third one ends.”\n"
    assert found(nlp, text) == [
        (
            ["Lopez"],
            "said:",
            ["“First paragraph of the quote.", "“Second paragraph goes on.", "“Third one ends.”"],
        )
    ]


def test_mixed_quote_takes_whole_clause(nlp):
    text = 'The mayor called the plan "a disaster for the city."'
    assert found(nlp, text) == [(["The mayor"], "called", ['the plan "a disaster for the city."'])]


def test_quote_signed_with_a_dash(nlp):
    text = "“Taxes are far too high.” ― Peter Olsen\n"
    assert found(nlp, text) == [(["Peter Olsen"], "―", ["“Taxes are far too high.”"])]


def test_signed_quote_keeps_the_claims_inside_it_nested(nlp):
    # the quotation marks bound what the signer said; "the mayor said" is a claim inside it
    quote = "“At the hearing the mayor said the pool will close. We deserve better.”"
    got = found(nlp, quote + "― Ana Ruiz\n")
    assert (["Ana Ruiz"], "―", [quote]) in got
    assert any(c == "said" for _, c, _ in got)


def test_transcript_turns(nlp):
    text = (
        "A partial transcript follows.\n\n"
        "\"HOLT: Will the plant close? I think voters deserve an answer.\n\n"
        "\"MARSH: It will stay open. The board said on Monday that it would hire.\n"
    )
    got = found(nlp, text)
    assert (["HOLT"], ":", ["Will the plant close? I think voters deserve an answer"]) in got
    assert (["MARSH"], ":", ["It will stay open. The board said on Monday that it would hire"]) in got
    assert any(c == "said" for _, c, _ in got)  # nested in Marsh's turn, not a rival


def test_one_shouted_label_is_not_a_transcript(nlp):
    text = "BOOM: The senator walked out of the hearing.\n\nShe returned an hour later.\n"
    assert not any(c == ":" and s == ["BOOM"] for s, c, _ in found(nlp, text))


def test_headline_colon(nlp):
    text = "Harbour chief: Port will reopen in spring\n\nThe port has been closed since May."
    assert found(nlp, text)[0] == (["Harbour chief"], ":", ["Port will reopen in spring"])


def test_continued_quote_does_not_leak_into_the_next_paragraph(nlp):
    text = (
        "Cantera said the grants should come with rules.\n\n"
        "“Then let the states decide,” he said. “That is what the founders intended.”\n\n"
        "Jolly said he would be cautious."
    )
    got = [(s, c, t) for s, c, t in found(nlp, text) if c == "said"]
    assert got == [
        (["Cantera"], "said", ["the grants should come with rules"]),
        (["he"], "said", ["“Then let the states decide,”", "“That is what the founders intended.”"]),
        (["Jolly"], "said", ["he would be cautious"]),
    ]


def test_unclosed_quote_ends_with_its_paragraph():
    text = 'He said "it is fine.\n\nAnother paragraph here.'
    runs = find_quotes(text)
    assert [[text[s:e] for s, e in r.spans] for r in runs] == [['"it is fine.']]
    assert runs[0].closed is False


def test_source_is_never_inside_the_quote(nlp):
    # the parser takes a word of the quote for the subject; the speaker is next to the verb
    text = "“Our campaign is in panic mode. Full panic mode,” said the aide."
    assert found(nlp, text) == [(["the aide"], "said", ["“Our campaign is in panic mode. Full panic mode,”"])]
    text = "“If it does not have the weapons yet, it will at some point,” he said."
    assert found(nlp, text) == [
        (["he"], "said", ["“If it does not have the weapons yet, it will at some point,”"])
    ]


def test_question_quote_split_off_by_the_parser_still_belongs_to_its_cue(nlp):
    text = '"Why should we pay for this?" Sanders asked. "It is easy to say."'
    assert found(nlp, text) == [
        (["Sanders"], "asked", ['"Why should we pay for this?"', '"It is easy to say."'])
    ]


def test_writer_lead_in_before_a_colon_is_not_content(nlp):
    text = 'He gave one example: "We made a terrible mistake," he told the radio station.'
    assert found(nlp, text) == [(["he"], "told", ['"We made a terrible mistake,"'])]


def test_verb_inside_a_quotation_does_not_introduce_it(nlp):
    """A multi-paragraph quotation with no speaker tag: "to say so" inside it is no cue, and
    "find the nerve to ..." is no finding (the object is quoted only because the verb is)."""
    text = '"We are not leaving. Critics should find the nerve to say so openly.\n\n"We will finish the job."'
    assert [cue for _, cue, _ in found(nlp, text)] == []
