"""How firmly the source holds its claim, read off the cue.

The word -> stance truth is the finder's lexicon (``rules/lexicon.py``: cue verbs, nouns and
adjectives), so a word is a cue and has a stance in one place. This module adds what only
matters for *describing* a cue already found: which word of a multi-word cue decides
("may have suggested", "there is speculation"), two-word verbs whose particle changes the
meaning ("ruled out" denies, "pointed out" asserts), hedges that are not cues on their own
("reportedly", "alleged"), and negation:

=================== ============ ===================================================
cue stance          negated ->   why
=================== ============ ===================================================
denial              speculation  "did not deny / refused to deny": left open
factive             speculation  "did not confirm": the content is unconfirmed
belief              denial       "does not believe X": the source holds X false
report/assert/      speculation  "never said / did not claim": the source is not
distance                         committed; the content is floated, not held
speculation         speculation  unchanged
=================== ============ ===================================================
"""

from __future__ import annotations

from spacy.tokens import Token

from ..document import Stance
from .rules.lexicon import stance_of as lexicon_stance
from .tokens import heads_of

#: Two-word cues whose meaning is not that of their verb alone: (verb lemma, particle lemma).
PHRASES: dict[tuple[str, str], Stance] = {
    ("point", "out"): "assert",
    ("make", "clear"): "assert",
    ("speak", "out"): "assert",
    ("hit", "back"): "assert",
    ("rule", "out"): "denial",
    ("brush", "off"): "denial",
    ("brush", "aside"): "denial",
    ("play", "down"): "denial",
    ("shoot", "down"): "denial",
    ("find", "out"): "factive",
    ("come", "out"): "factive",
    ("according", "to"): "report",
    ("go", "on"): "report",
    ("set", "out"): "report",
    ("lay", "out"): "report",
}

#: Words that qualify a cue rather than being one: modals, hedging adverbs and participles.
HEDGES: dict[str, Stance] = {
    "may": "speculation",
    "might": "speculation",
    "could": "speculation",
    "reportedly": "speculation",
    "apparently": "speculation",
    "likely": "speculation",
    "possibly": "speculation",
    "rumoured": "speculation",
    "rumored": "speculation",
    "allegedly": "distance",
    "alleged": "distance",
    "supposedly": "distance",
    "purportedly": "distance",
    "purported": "distance",
    "so-called": "distance",
}

#: Verbs that negate the cue they govern: "refused to deny", "declined to confirm".
NEGATING_HEADS = frozenset({"refuse", "decline", "fail", "neglect", "stop"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})

NEGATED: dict[str, Stance] = {
    "denial": "speculation",
    "factive": "speculation",
    "belief": "denial",
    "report": "speculation",
    "assert": "speculation",
    "distance": "speculation",
    "speculation": "speculation",
}


def lexical_stance(token: Token) -> Stance | None:
    """The stance of one token as a cue word: a two-word phrase or the lexicon."""
    lemma = token.lemma_.lower()
    for child in token.children:
        pair = (lemma, child.lemma_.lower())
        if child.dep_ in ("prt", "prep", "acomp", "advmod", "dobj") and pair in PHRASES:
            return PHRASES[pair]
    if token.i + 1 < len(token.doc) and (lemma, token.nbor(1).lemma_.lower()) in PHRASES:
        return PHRASES[(lemma, token.nbor(1).lemma_.lower())]
    if token.i >= 2 and token.nbor(-1).text == "-":  # "so-called" is three tokens
        hyphenated = HEDGES.get(f"{token.nbor(-2).lower_}-{token.lower_}")
        if hyphenated:
            return hyphenated
    return lexicon_stance(lemma) or lexicon_stance(token.lower_)


def is_negated(token: Token) -> bool:
    """ "did not deny", "never claimed", "no evidence", "refused to confirm"."""
    for child in token.children:
        if child.dep_ == "neg" or (child.lower_ in NEGATORS and child.dep_ in ("advmod", "det")):
            return True
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in NEGATING_HEADS


def stance_of(cue_tokens: list[Token]) -> Stance:
    """Stance of a cue: its deciding word (syntactic roots first, a negating "refused" passed
    over for the verb it governs), with negation applied. A hedge on a plain reporting verb
    colours it ("allegedly said" distances, "reportedly told" speculates); a hedge alone
    decides ("it is likely", "the so-called deal"). Cues with no known word (a colon, "went
    on to discuss") are plain ``report``."""
    roots = heads_of(cue_tokens)
    ordered = roots + [t for t in cue_tokens if t not in roots]
    found = [(t, s) for t in ordered if (s := lexical_stance(t)) is not None]
    deciding = [(t, s) for t, s in found if t.lemma_.lower() not in NEGATING_HEADS] or found
    if deciding:
        token, stance = deciding[0]
        if is_negated(token):
            return NEGATED[stance]
        if stance == "report":
            hedge = next((HEDGES[c.lower_] for c in token.children if c.lower_ in HEDGES), None)
            return hedge or stance
        return stance
    return next((HEDGES[t.lower_] for t in ordered if t.lower_ in HEDGES), "report")
