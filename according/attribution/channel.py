"""Through whom or what a claim was made: the outlet, platform, medium or recipient.

"told The Times" -> "The Times"; "told LBC's Nick Ferrari" -> "LBC's Nick Ferrari";
"in an interview with the BBC" -> "the BBC"; "wrote in The Guardian" -> "The Guardian";
"said on Twitter" / "posted on X" -> "Twitter" / "X"; "told reporters" -> "reporters";
"in a statement" -> "a statement"; "speaking to Sky News" -> "Sky News".

Read from the parse around the cue: objects of telling verbs and prepositional phrases
hanging off the cue (or off a "speaking"/"writing" participle attached to it). Words that
belong to the claim's content or source are never taken as its channel.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..lexicon import ORG_NOUNS
from .coref import is_person_noun
from .tokens import clean_phrase, heads_of, phrase

TELL_VERBS = frozenset({"tell", "inform", "brief", "assure", "warn", "remind", "email", "text", "message"})
SPEECH_VERBS = frozenset(
    {
        "say",
        "speak",
        "talk",
        "write",
        "tell",
        "explain",
        "confirm",
        "admit",
        "add",
        "insist",
        "claim",
        "deny",
        "complain",
        "reveal",
        "announce",
        "post",
        "tweet",
        "comment",
        "argue",
        "describe",
        "suggest",
        "state",
        "testify",
        "acknowledge",
        "declare",
        "allege",
        "warn",
        "stress",
        "appear",
        "vow",
        "note",
        "report",
    }
)
#: "in a statement", "at a rally", "through a spokesman" — not "after her release".
MEDIUM_PREPOSITIONS = frozenset({"in", "on", "at", "during", "through", "via", "with"})
#: Who can be told something: "told a meeting of leaders", not "telling the story".
AUDIENCE_NOUNS = frozenset(
    "meeting group crowd audience rally conference committee court jury hearing".split()
)
#: "speaking with reporters" names a channel; "claimed, with observers believing ..." does not.
CONVERSATION_VERBS = frozenset({"speak", "talk", "chat", "meet", "interview", "share"})
PARTICIPLES = frozenset({"speak", "write", "post", "talk", "appear", "tweet", "say", "tell", "respond"})
MEDIUM_NOUNS = frozenset(
    """
statement interview post tweet letter op-ed oped article column blog email essay speech podcast
video conference briefing message broadcast memo filing documentary book appearance editorial
piece release note address sermon rally hearing testimony announcement programme program show
thread update posting livestream session documents remarks comments affidavit submission
""".split()
)
PLATFORMS = frozenset(
    """
twitter x facebook instagram tiktok youtube telegram linkedin threads weibo substack reddit
radio television tv air media bluesky mastodon truth whatsapp
""".split()
)
OUTLET_LABELS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "FAC"})
NOT_CHANNEL_LABELS = frozenset({"DATE", "TIME", "GPE", "LOC", "CARDINAL", "ORDINAL", "PERCENT", "MONEY"})


def _can_be_told(token: Token) -> bool:
    """A recipient: a name, people, an organisation or an audience — not "the story"."""
    if token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (
        token.tag_ == "NNS" or is_person_noun(token) or lemma in ORG_NOUNS or lemma in AUDIENCE_NOUNS
    )


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _np(token: Token, excluded: set[int]) -> str | None:
    """The channel's noun phrase without the claim's words or a trailing time: "an interview
    on Monday" -> "an interview", "a statement this month" -> "a statement"."""
    dropped = set(excluded)
    for t in token.subtree:
        when = _pobj(t) if t.dep_ == "prep" else t
        if t.i > token.i and when is not None and when.ent_type_ in ("DATE", "TIME") and t.head.i != when.i:
            dropped.update(d.i for d in t.subtree)
    allowed = {t.i for t in token.subtree if t.i not in dropped}
    return phrase(token, allowed) if token.i in allowed else None


def _via_prep(prep: Token, anchor: Token | None, excluded: set[int]) -> str | None:
    """Channel named by a prepositional phrase, or None when it names a time, place, topic."""
    target = _pobj(prep)
    if target is None or target.i in excluded or target.ent_type_ in NOT_CHANNEL_LABELS:
        return None
    p = prep.lower_
    lemma = target.lemma_.lower()
    if lemma in MEDIUM_NOUNS and p in MEDIUM_PREPOSITIONS and target.pos_ == "NOUN":
        for child in target.children:
            if (
                child.dep_ == "prep"
                and child.lower_ in ("with", "to", "on", "for", "in")
                and child.i not in excluded
            ):
                inner = _via_prep(child, None, excluded)
                if inner:
                    return inner
        return _np(target, excluded) if anchor is not None else None
    verb = anchor.lemma_.lower() if anchor is not None else ""
    if target.pos_ in ("NOUN", "PROPN") and (
        (p == "to" and (anchor is None or verb in SPEECH_VERBS))
        or (p == "with" and (anchor is None or verb in CONVERSATION_VERBS))
    ):
        return _np(target, excluded)
    if p == "on" and (
        target.lower_ in PLATFORMS
        or target.ent_type_ in OUTLET_LABELS
        or (target.pos_ == "PROPN" and target.ent_type_ != "PERSON")  # "a missive on Trump" is a topic
    ):
        return _np(target, excluded)
    if p in ("in", "for") and (
        target.ent_type_ in OUTLET_LABELS or (target.pos_ == "PROPN" and not target.ent_type_)
    ):
        return _np(target, excluded)
    if p in ("via", "through") and target.pos_ in ("NOUN", "PROPN"):
        return _np(target, excluded)
    return None


def channel_of(cue_tokens: list[Token], excluded: set[int]) -> str | None:
    """The channel of a claim whose cue is ``cue_tokens``; ``excluded`` are token ids of its
    content and source."""
    anchors = [t for t in heads_of(cue_tokens) if t.pos_ in ("VERB", "AUX", "NOUN")]
    if not anchors:
        return None
    # "..., speaking to Sky News" is often parsed onto the content's verb: take any such
    # participle of the cue's sentence that is not part of the content or source.
    anchors += [
        t
        for t in anchors[0].sent
        if t.tag_ == "VBG" and t.lemma_.lower() in PARTICIPLES and t.i not in excluded and t not in anchors
    ]
    for anchor in anchors:
        for child in anchor.children:
            if child.i in excluded:
                continue
            if (
                anchor.lemma_.lower() in TELL_VERBS
                and child.dep_ in ("dobj", "dative", "iobj")
                and _can_be_told(child)
            ):
                return _np(child, excluded)
            if child.dep_ == "prep":
                found = _via_prep(child, anchor, excluded)
                if found:
                    return found
    return None


def addressee_between(doc: Doc, cue_end: int, content_start: int) -> str | None:
    """ "He also told The Times dissident agents would ...": with no "that", the parser may
    read the outlet into the claim; when only a name (an organisation or a person, possibly
    "LBC's Nick Ferrari") stands between a telling cue and its content, that name is the
    channel."""
    if content_start <= cue_end:
        return None
    gap = doc.char_span(cue_end, content_start, alignment_mode="expand")
    cue = doc.char_span(max(0, cue_end - 1), cue_end, alignment_mode="expand")
    if gap is None or cue is None or not len(cue) or cue[-1].lemma_.lower() not in TELL_VERBS:
        return None
    words = [t for t in gap if not t.is_space]
    while words and words[-1].is_punct:
        words.pop()
    if not words or len(words) > 6:
        return None
    named = all(t.is_title or t.tag_ == "POS" or t.lower_ in ("the", "'s", "’s") for t in words)
    return (
        clean_phrase(doc[words[0].i : words[-1].i + 1].text) if named and words[0].lower_ != "that" else None
    )
