"""Phenomena of real news the default extractor must read at least as well as the rules do.

The default extractor merges the trained tagger with the rule finder; where the rules' reading
of these phenomena is the right one the merge must keep it. Every sentence is written for this
test; each comes with the checks a right reading passes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from according.attribution import load_extractor, shipped_model_available
from according.document import Attribution, Document

Check = Callable[[Document], bool]


def _cue(doc: Document, cue: str) -> list[Attribution]:
    """Attributions whose cue holds ``cue`` ("speculation" in "is speculation")."""
    return [a for a in doc.attributions if cue in a.cue.text]


def unattributed(cue: str, words: str) -> Check:
    """A claim with that cue, nobody named for it, holding ``words``."""
    return lambda doc: any(
        a.source is None and a.speaker is None and words in a.content.text for a in _cue(doc, cue)
    )


def no_source(text: str) -> Check:
    """No attribution takes ``text`` as its source."""
    return lambda doc: not any(a.source and a.source.text == text for a in doc.attributions)


def whole(cue: str, words: str) -> Check:
    """The claim of that cue holds ``words`` (not cut short)."""
    return lambda doc: any(words in a.content.text for a in _cue(doc, cue))


def paragraphs(cue: str, count: int) -> Check:
    return lambda doc: any(len(a.content.spans) >= count for a in _cue(doc, cue))


def channel(cue: str, outlet: str) -> Check:
    """The channel of that cue is the outlet, which is not in the claim."""
    return lambda doc: any(
        a.channel is not None and outlet in a.channel and outlet not in a.content.text for a in _cue(doc, cue)
    )


def stance(cue: str, value: str) -> Check:
    return lambda doc: any(a.stance == value for a in _cue(doc, cue))


PHENOMENA: list[tuple[str, list[Check]]] = [
    (
        "Rail fares rose again in January. There is speculation the minister could resign before the "
        "summer and hand the brief to her deputy.",
        [unattributed("speculation", "the minister could resign"), stance("speculation", "speculation")],
    ),
    (
        "The bridge stayed shut all week. It is claimed the mayor has blamed the contractors for the "
        "delays, with residents believing he had ignored the warnings.",
        [unattributed("claimed", "blamed the contractors")],
    ),
    (
        "The bridge stayed shut all week. The mayor is claimed to have blamed the contractors for the "
        "delays, with residents believing he had ignored the warnings.",
        [unattributed("claimed", "blamed the contractors"), no_source("The mayor")],
    ),
    (
        "Ms Alvarez has written to every councillor. She claims this shows how fragile the coalition "
        "has become, given the vote next month.",
        [whole("claims", "this shows how fragile the coalition"), no_source("this")],
    ),
    (
        'Speaking at the depot, Mr Okoye said: "For ten years we kept the buses running on time.\n\n'
        '"Drivers, mechanics, cleaners - all of them - worked through every winter.\n\n'
        '"But now the money has gone. They know this cut is a disaster for the town."\n\n'
        "The council declined to comment.",
        [paragraphs("said", 3), whole("said", "the money has gone")],
    ),
    (
        "The treasurer resigned on Friday. He also told The Guardian local councils would run out of "
        "money by March if nothing changed.",
        [channel("also told", "The Guardian"), whole("also told", "local councils would run out")],
    ),
    (
        "The prime minister flew to Brussels on Monday. She told LBC's Nick Ferrari at Breakfast she "
        "wanted to go further with sanctions.",
        [channel("told", "LBC")],
    ),
]


def _passed(extractor, text: str, checks: list[Check]) -> list[bool]:
    from according.document import Article

    doc = extractor.extract(Article(text=text))
    return [check(doc) for check in checks]


@pytest.fixture(scope="module")
def extractors():
    if not shipped_model_available():
        pytest.skip("no trained model shipped: the default extractor is the rules")
    return load_extractor("default"), load_extractor("rules")


@pytest.mark.parametrize(("text", "checks"), PHENOMENA, ids=[f"phenomenon{i}" for i in range(len(PHENOMENA))])
def test_default_never_worse_than_rules(extractors, text, checks):
    default, rules = extractors
    by_default, by_rules = _passed(default, text, checks), _passed(rules, text, checks)
    worse = [i for i, (d, r) in enumerate(zip(by_default, by_rules, strict=True)) if r and not d]
    assert not worse, f"the rules pass checks {worse} that the default fails"


@pytest.mark.parametrize(("text", "checks"), PHENOMENA, ids=[f"phenomenon{i}" for i in range(len(PHENOMENA))])
def test_default_reads_every_phenomenon(extractors, text, checks):
    assert all(_passed(extractors[0], text, checks))
