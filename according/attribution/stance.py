"""How firmly the source holds its claim, read off the cue: report < assert, distance, belief,
speculation, factive, denial.

This is the single cue lexicon of the package: the rule finder can use ``cue_lemmas()`` to know
which words introduce attributions, and the describing step uses ``stance_of`` to label them.
Lookups are by spaCy lemma (lower-cased) plus a few British/American spelling variants and
participles the small English model sometimes leaves un-lemmatised.

Negation ("did not deny", "refused to confirm", "does not believe") changes the stance:

=================== ============ ===================================================
cue stance          negated ->   why
=================== ============ ===================================================
denial              speculation  "did not deny / would not rule out": left open
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

_WORDS: dict[str, tuple[str, ...]] = {
    "report": (
        "say", "said", "tell", "told", "add", "write", "report", "state", "note", "explain",
        "announce", "comment", "reply", "respond", "answer", "continue", "tweet",
        "post", "quote", "cite", "according", "mention", "remark", "recount", "recall", "testify",
        "inform", "speak", "talk", "ask", "brief", "publish", "relate", "observe", "put",
        "statement", "remarks", "account", "testimony", "interview", "announcement",
        "retort", "quip", "recite", "indicate", "specify", "outline", "detail", "describe",
        "elaborate", "summarise", "summarize", "advise",
    ),
    "assert": (
        "insist", "argue", "maintain", "stress", "emphasise", "emphasize", "declare", "assert",
        "contend", "affirm", "vow", "promise", "pledge", "warn", "urge", "demand", "protest",
        "reiterate", "underline", "underscore", "proclaim", "swear", "guarantee", "conclude",
        "counter", "assure", "warning", "argument", "insistence", "assertion", "declaration",
    ),
    "distance": (
        "claim", "allege", "alleged", "purport", "purported", "accuse", "charge", "profess",
        "allegation", "accusation", "supposedly", "allegedly", "purportedly", "insinuate",
    ),
    "belief": (
        "believe", "think", "fear", "hope", "worry", "worried", "recognise", "recognize",
        "expect", "feel", "suspect", "consider", "assume", "anticipate", "reckon", "understand",
        "concern", "concerned", "convinced", "sure", "confident", "afraid", "belief", "view",
        "expectation", "opinion", "feeling", "conviction", "impression", "sense", "trust",
        "presume", "deem", "suppose", "imagine", "fears", "hopes", "worries",
    ),
    "speculation": (
        "speculation", "speculate", "rumour", "rumor", "rumoured", "rumored", "suggest", "may",
        "might", "could", "guess", "wonder", "hint", "imply", "estimate", "predict", "forecast",
        "project", "reportedly", "theorise", "theorize", "suggestion", "possibility", "apparently",
        "likely", "conjecture", "speculated", "prediction", "rumours", "rumors",
    ),
    "factive": (
        "reveal", "confirm", "learn", "acknowledge", "admit", "show", "prove", "discover", "find",
        "demonstrate", "establish", "realise", "realize", "know", "notice", "disclose", "uncover",
        "concede", "verify", "expose", "finding", "revelation", "confirmation", "admission",
        "evidence", "acknowledgement", "acknowledgment",
    ),
    "denial": (
        "deny", "reject", "dismiss", "refute", "dispute", "contradict", "rebut", "disavow",
        "repudiate", "doubt", "denial", "rejection", "scoff", "disagree", "challenge", "deride",
        "denounce", "debunk", "decry", "disprove", "denied", "rubbish", "slam", "downplay",
    ),
}

STANCE_LEXICON: dict[str, Stance] = {}
for _stance, _lemmas in _WORDS.items():
    for _lemma in _lemmas:
        STANCE_LEXICON.setdefault(_lemma, _stance)  # type: ignore[arg-type]

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
    ("according", "to"): "report",
    ("go", "on"): "report",
    ("set", "out"): "report",
    ("lay", "out"): "report",
    ("come", "out"): "factive",
}

#: Verbs that negate the cue they govern: "refused to deny", "declined to confirm".
NEGATING_HEADS = frozenset({"refuse", "decline", "fail", "neglect", "stop"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})

_NEGATED: dict[str, Stance] = {
    "denial": "speculation",
    "factive": "speculation",
    "belief": "denial",
    "report": "speculation",
    "assert": "speculation",
    "distance": "speculation",
    "speculation": "speculation",
}


def cue_lemmas() -> frozenset[str]:
    """Every single-word cue lemma the lexicon knows (for finders that need a cue list)."""
    return frozenset(STANCE_LEXICON) | {verb for verb, _ in PHRASES}


def lexical_stance(token: Token) -> Stance | None:
    """The stance of one token as a cue, from its lemma, its surface form or a two-word phrase."""
    lemma = token.lemma_.lower()
    for child in token.children:
        pair = (lemma, child.lemma_.lower())
        if child.dep_ in ("prt", "prep", "acomp", "advmod", "dobj") and pair in PHRASES:
            return PHRASES[pair]
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and (lemma, following.lemma_.lower()) in PHRASES:
        return PHRASES[(lemma, following.lemma_.lower())]
    return STANCE_LEXICON.get(lemma) or STANCE_LEXICON.get(token.lower_)


def is_negated(token: Token) -> bool:
    """"did not deny", "never claimed", "no evidence", "refused to confirm"."""
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
        return True
    if any(c.lower_ in NEGATORS and c.dep_ in ("advmod", "neg") for c in token.children):
        return True
    head = token.head
    return token.dep_ == "xcomp" and head.lemma_.lower() in NEGATING_HEADS


def stance_of(cue_tokens: list[Token]) -> Stance:
    """Stance of a cue: the first lexicon word, syntactic roots of the cue first; negation applied.

    Cues without any known word (a colon, "went on to discuss") are plain ``report``.
    """
    if not cue_tokens:
        return "report"
    inside = {t.i for t in cue_tokens}
    roots = [t for t in cue_tokens if t.head.i == t.i or t.head.i not in inside]
    ordered = roots + [t for t in cue_tokens if t not in roots]
    for token in ordered:
        stance = lexical_stance(token)
        if stance is not None:
            return _NEGATED[stance] if is_negated(token) else stance
    return "report"
