"""The spaCy component and the ``rules`` extractor built on the same core."""

from __future__ import annotations

from according.attribution import load_extractor
from according.document import Article

TEXT = "“The harbour will reopen in spring,” said Maria Lopez. Officials denied the report."


def test_component_fills_doc_attributions(nlp):
    import according.nlp.component  # noqa: F401  (registers the "according" factory)

    nlp.add_pipe("according", last=True, config={"model": "rules"})
    try:
        doc = nlp(TEXT)
    finally:
        nlp.remove_pipe("according")
    got = [(a.source.text if a.source else None, a.cue.text, a.content.text) for a in doc._.attributions]
    assert got == [
        ("Maria Lopez", "said", "“The harbour will reopen in spring,”"),
        ("Officials", "denied", "the report"),
    ]
    for a in doc._.attributions:
        assert doc.text[a.cue.start : a.cue.end] == a.cue.text


def test_rules_extractor_matches_component_spans():
    extractor = load_extractor("rules")
    assert extractor.name == "rules"
    one = extractor.extract(Article(text=TEXT))
    many = list(extractor.extract_many([Article(text=TEXT), Article(text="Nothing to see.")]))
    assert [a.cue.text for a in one.attributions] == ["said", "denied"]
    assert many[0].attributions == one.attributions
    assert many[1].attributions == ()


def test_raised_subject_is_resolved_as_the_nested_speaker():
    text = (
        "Irena Wolska, the finance minister, faces a revolt. "
        "Ms Wolska is said to have told aides that she would not resign."
    )
    doc = load_extractor("rules").extract(Article(text=text))
    by_cue = {a.cue.text: a for a in doc.attributions}
    assert by_cue["is said"].source is None
    told = by_cue["to have told"]
    assert told.speaker is not None and told.speaker.name == "Irena Wolska"
    assert told.parent == doc.attributions.index(by_cue["is said"])
