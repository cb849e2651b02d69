"""Names as the record compares them: a speaker name parsed into what identifies someone.

"Vladimir Osechkin", "Mr Osechkin", "Osechkin's" and "the journalist Vladimir Osechkin" reduce
to given names + surname (+ suffix: "Donald Trump Jr." is not "Donald Trump"), with titles,
roles and the gender a title tells set aside as evidence. Pronouns, determiners, descriptions
and headlines are recognised as no name at all. Helpers read an article's text for the full
names, titles and organisation names it gives a bare surname or a short name.

Pure functions only; which names are one speaker is decided in ``identity``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..ingest.text import readable
from ..lexicon import (
    ANONYMOUS_LEADS,
    CALENDAR_WORDS,
    DATE_WORDS,
    DOCUMENT_NOUNS,
    FEMALE_TITLES,
    GENERIC,
    HEADING_WORDS,
    KIND_ACRONYMS,
    MALE_TITLES,
    NAME_MONTHS,
    ORG_KINDS,
    ORG_NAME_WORDS,
    ORG_NOUNS,
    PARTICLES,
    PERSON_NOUNS,
    TITLE_ROLES,
    TITLES,
)
from ..lexicon import NAME_SUFFIXES as SUFFIXES

# Words that are never a speaker's name, however the extractor typed them: pronouns,
# determiners and words for anyone ("I", "You", "That", "people").
NOT_NAMES = frozenset(
    """i me my mine myself you your yours yourself yourselves he him his himself she her hers herself
    it its itself we us our ours ourselves they them their theirs themselves one ones this that these
    those who whom whose which what whoever whatever the a an some any each every all both either
    neither no none another such other others here there people person persons man woman men women
    folks everyone everybody someone somebody anyone anybody nobody something anything nothing
    everything""".split()
)
# Sentence openers and other capitalised words that are not given names ("But Trump said").
NOT_GIVEN = frozenset(
    """but and or so yet when while if as after before since because although though then now also
    still even only meanwhile however indeed instead later earlier today yesterday tonight tomorrow
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december in on at for with from by to of about against
    under over during said says told asked added wrote not like unlike than via per that this these
    those there here where what why how who which asked says said according the a an his her their its
    our my your besides despite amid among beyond beside without within between through throughout
    toward towards into upon unless until whether including except""".split()
)
# Nouns that make a phrase a description of a person, not an organisation's name ("the
# Democratic front-runner", "the Republican nominee").
PERSON_WORDS = PERSON_NOUNS | frozenset({"front-runner", "frontrunner", "columnist", "businesswoman"})
# Last words that make a capitalised phrase a body's name, never a person's ("Fox News").
BODY_WORDS = ORG_NAME_WORDS | frozenset({"magazine", "services"})


def person_like(name: str) -> ParsedName | None:
    """``name`` read as a person's full name ("Carly Fiorina"), or None when it cannot be one
    ("Fox News", "Trump University", "Kremlin")."""
    parsed = parse_name(name, "person")
    if not parsed.full or parsed.key.split()[-1] in BODY_WORDS or len(parsed.key.split()) > 3:
        return None
    return parsed


#: A name has at most this many words once titles are set aside ("Martin Luther King Jr.");
#: a longer capitalised run is a headline ("Obama Claims Hillary Most Qualified ...").
MAX_NAME_WORDS = 4
# Common short forms of given names: "Joe Biden" is "Joseph R. Biden Jr.".
NICKNAMES = {
    nick: full
    for full, nicks in {
        "joseph": "joe joey",
        "william": "bill billy will willie",
        "robert": "bob bobby rob",
        "richard": "dick rick rich",
        "james": "jim jimmy jamie",
        "michael": "mike mick",
        "thomas": "tom tommy",
        "edward": "ed eddie ted ned",
        "theodore": "ted teddy",
        "charles": "charlie chuck",
        "christopher": "chris",
        "daniel": "dan danny",
        "david": "dave",
        "donald": "don donnie",
        "elizabeth": "liz beth betsy betty",
        "katherine": "kate kathy katie",
        "margaret": "maggie peggy",
        "jennifer": "jen jenny",
        "patricia": "pat patty",
        "patrick": "pat",
        "anthony": "tony",
        "nicholas": "nick",
        "benjamin": "ben",
        "samuel": "sam",
        "alexander": "alex",
        "andrew": "andy",
        "steven": "steve",
        "stephen": "steve",
        "timothy": "tim",
        "kenneth": "ken",
        "ronald": "ron",
        "gerald": "jerry",
        "lawrence": "larry",
        "matthew": "matt",
        "jonathan": "jon",
        "john": "jack johnny",
        "frederick": "fred",
        "gregory": "greg",
        "jeffrey": "jeff",
        "rebecca": "becky",
        "susan": "sue",
        "deborah": "debbie deb",
        "hillary": "hill",
    }.items()
    for nick in nicks.split()
}
# Given names that are also English words ("Bill", "Mark"): kept at a sentence opening.
GIVEN_NAMES = frozenset(NICKNAMES) | frozenset(NICKNAMES.values()) | frozenset(
    "mark grace hope faith rose may june frank pat bill will don rich joy".split()
)
# Words that open a question: "Will Sanders endorse her?" names no "Will".
QUESTION_OPENERS = frozenset(
    "will would can could should shall may might must did does do is was has had".split()
)
# Titles that say only "a person", not which one: they cannot tell two namesakes apart.
COURTESY_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mister", "madam", "dr", "doctor", "former", "acting"}
)
# Title words that qualify an office rather than name one ("former", "state", "Republican").
NOT_ROLES = frozenset(
    """former acting us u.s. uk u.k. eu labour conservative tory democratic republican democrat state
    first opposition foreign health defence defense home interior finance deputy vice""".split()
)
# Words that make another office of the title after them ("vice president" is not "president").
ROLE_PREFIXES = frozenset({"vice", "deputy", "assistant", "associate", "executive", "under", "acting"})
# Abbreviated titles and the office they stand for ("Sen. Kaine" holds the same role as
# "Senator Kaine").
ROLE_FORMS = {
    **TITLE_ROLES,
    "congressman": "representative",
    "congresswoman": "representative",
    "chairwoman": "chairman",
    "chair": "chairman",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
}
# Particles that, capitalised at the start of a name, are given names ("Al Sharpton").
GIVEN_PARTICLES = frozenset({"al", "el", "bin", "ibn"})
# Words before a capitalised run that make it a description of someone, not their name
# ("his former partner at Lenox").
_PREPOSITIONS = frozenset("at of for from in with by on to about against like than".split())
_SUFFIX_FORMS = {"junior": "jr", "senior": "sr"}
_SUFFIX_DISPLAY = {"jr": " Jr.", "sr": " Sr."}

_TOKEN = re.compile(r"[^\W\d_][\w.'’-]*|\d[\w.-]*", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents or punctuation noise, for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").lower()
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


@dataclass(frozen=True)
class ParsedName:
    """A name split into what identifies someone (given names, surname, suffix) and the
    evidence around it (titles, gender). "Donald Trump Jr." and "Donald Trump" differ by their
    suffix, so their keys differ: a son is never his father."""

    display: str
    key: str
    type: str
    given: tuple[str, ...] = ()
    surname: str | None = None
    gender: str | None = None
    titles: tuple[str, ...] = field(default=())
    suffix: str | None = None
    proper: bool = False  # an organisation or group the text names with "the" + a capital

    @property
    def is_person(self) -> bool:
        return self.surname is not None

    @property
    def full(self) -> bool:
        return bool(self.given)

    @property
    def roles(self) -> frozenset[str]:
        """Titles that tell who someone is ("president", "senator"), not only that they are
        someone ("Mr", "Dr")."""
        roles: set[str] = set()
        prefix = ""
        for t in self.titles:
            if t in ROLE_PREFIXES:
                prefix = f"{t} "
                continue
            if t not in COURTESY_TITLES and t not in NOT_ROLES and t not in MALE_TITLES | FEMALE_TITLES:
                roles.add(prefix + ROLE_FORMS.get(t, t))
            prefix = ""
        return frozenset(roles)

    @property
    def named(self) -> bool:
        """False for pronouns, determiners and descriptions ("I", "that", "the minister",
        "officials", "a senior MP"): those are not one entity across articles, so they get no
        canonical speaker."""
        words = self.display.split()
        folded = fold(self.display).split()
        if not folded or all(w in NOT_NAMES or w in GENERIC for w in folded):
            return False
        if no_name_words(words, self.is_person):
            return False  # "Tuesday", "Transcript", "the super PAC": a date, a heading, a kind
        if self.is_person:
            return self.surname not in NOT_NAMES and len(self.surname or "") > 1
        lowered = [w for w in words[1:] if w[:1].islower() and w not in _CONNECTORS]
        described = ("," in self.display and lowered) or len(lowered) > 2
        if len(words) > 12 or described:
            return False  # "Other Republican candidates, including ...": a description
        if self.type == "group" and len(words) == 1:
            return False  # "Republicans", "Democrats": a description of many, not one body
        if folded[-1] in PERSON_WORDS:
            return False  # "the Democratic front-runner": someone described, not named
        if len(words) > 1 and not words[-1][:1].isupper() and not self.proper:
            return False  # "Local traders", "Senior officials": capitalised only at a sentence start
        return (
            self.type != "person"
            and any(w[:1].isupper() for w in words)
            and words[0].lower() not in ANONYMOUS_LEADS
        )


#: Document words that are also newspapers' names ("The Post"): those may name a body.
_PAPER_WORDS = ORG_KINDS["newspaper"] | {"review", "show", "program", "programme"}
#: Words that head an article's parts or name a document: never a speaker's name on their own.
HEADINGS = HEADING_WORDS | (DOCUMENT_NOUNS - _PAPER_WORDS)


def no_name_words(words: Sequence[str], person: bool) -> bool:
    """Whether a name's words (as written) name no one: only dates ("Tuesday", "Super
    Tuesday"; a person keeps a month that is a given name, "June"), only headings and
    document words ("Transcript", "Video Transcript", "Editorial"), or a kind of body
    ("PAC", "super PAC", "a pro-Lopez super PAC"; "Harbor Action Fund PAC" is a name)."""
    folded = [w for w in (fold(w) for w in words) if w and w not in ("the", "a", "an")]
    if not folded:
        return False
    if _date_name(folded):
        return not (person and {w for w in folded if w in CALENDAR_WORDS} <= NAME_MONTHS)
    if all(w in HEADINGS for w in folded):
        return True
    if folded[-1] in KIND_ACRONYMS:
        before = [w for w in words[:-1] if fold(w) not in ("the", "a", "an")]
        return not before or before[-1][:1].islower()
    return False


def _date_name(folded: Sequence[str]) -> bool:
    """ "tuesday", "super tuesday", "christmas eve": words of a date, a calendar word among them."""
    return any(w in CALENDAR_WORDS for w in folded) and all(
        w in CALENDAR_WORDS or w in DATE_WORDS for w in folded
    )


def _dated_end(words: Sequence[str]) -> bool:
    """A last word to drop: a date or a function word ending a name ("Fox News on Sunday",
    "Nieto on Wednesday"), not a date's own name ("Super Tuesday") nor one in capitals ("USA
    TODAY")."""
    if len(words) < 2:
        return False
    last = words[-1].rstrip(".")
    return (
        last.lower() in NOT_GIVEN
        and not (last.isupper() and len(last) > 1)
        and not _date_name([fold(w) for w in words])
    )


def sentence_pieces(text: str) -> list[str]:
    """``text`` cut at its sentence ends ("Hale. As Politico" -> "Hale", "As Politico"); a
    full stop after an initial ("Donald J. Trump", "U.S."), an abbreviation ("Sen.", "Inc.")
    or a word in capitals ends no sentence."""
    pieces: list[str] = []
    start = 0
    for stop in _FULL_STOP.finditer(text):
        word = _LAST_WORD.search(text, start, stop.start())
        before = word.group(0) if word else ""
        if len(before) <= 1 or before.isupper() or before.lower() in _ABBREVIATIONS:
            continue
        pieces.append(text[start : stop.start()])
        start = stop.end()
    pieces.append(text[start:])
    return pieces


_FULL_STOP = re.compile(r"\.[ \u00a0]+(?=\S)")
_LAST_WORD = re.compile(r"[^\W\d_][\w'’-]*$")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st jr sr co lt mt ft no gov sen rep gen col inc ltd bros corp capt prof sgt rev vs
    jan feb mar apr aug sept sep oct nov dec""".split()
)


def _tokens(name: str) -> list[str]:
    return _TOKEN.findall(name.replace("’", "'"))


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _title(token: str) -> str | None:
    """The title a token is ("Sen." -> "sen", "President-elect" -> "president"), or None."""
    word = token.rstrip(".").lower()
    if word in TITLES:
        return word
    head = word.split("-")[0]
    return head if "-" in word and head in TITLES else None


# Person nouns that are also given names ("Guy Verhofstadt"): never taken for an office.
_GIVEN_NOUNS = frozenset({"guy"})


def _office(token: str) -> str | None:
    """A person noun standing as a title inside a capitalised run ("General Counsel James A.
    Baker", "Senior Adviser Jane Roe"), or None."""
    word = token.rstrip(".").lower()
    return word if (word in PERSON_NOUNS or word == "counsel") and word not in _GIVEN_NOUNS else None


def _given(tokens: Sequence[str]) -> tuple[str, ...]:
    """Given names folded, initials split ("H.W." -> "h", "w")."""
    return tuple(part for t in tokens for part in fold(t.replace(".", ". ")).split())


def common_words(text: str) -> frozenset[str]:
    """Words the text also writes in lower case: capitalised, they open a sentence or a
    headline ("Candidate Trump", "Did Trump"); they are not given names."""
    return frozenset(w for w in re.findall(r"\b[a-z][a-z'’-]+\b", text))


#: ``readable`` for names: the record parses the same names over and over (every lookup, every
#: candidate), and ftfy costs more than the rest of the parse.
_readable_name = lru_cache(maxsize=1 << 16)(readable)


def parse_name(name: str, type_: str = "person", common: frozenset[str] = frozenset()) -> ParsedName:
    """Parse a speaker name as the extractor resolved it within one article; ``common`` are
    the article's lower-case words (see ``common_words``), never taken for given names."""
    # a name never runs over a sentence end: "Hale. As Politico" is Politico
    raw = sentence_pieces(_readable_name(" ".join(name.split())))[-1]
    tokens = _tokens(raw)
    if tokens and tokens[-1].endswith(("'s", "'")):
        tokens[-1] = re.sub(r"'s?$", "", tokens[-1])
    # "Jason Miller, senior [adviser]": a lower-case "senior" or "junior" after a name opens a
    # role the extractor cut off; only "Sr.", "Jr." or a capitalised "Senior" is a suffix.
    while len(tokens) > 1 and tokens[-1] in _SUFFIX_FORMS:
        tokens.pop()
    suffix = None
    while len(tokens) > 2 and tokens[-1].rstrip(".").lower() in SUFFIXES:
        word = tokens.pop().rstrip(".").lower()
        suffix = suffix or _SUFFIX_FORMS.get(word, word)
    # "Nieto on Wednesday", "Trump said": a date, a verb or a function word ends no name.
    while _dated_end(tokens):
        tokens.pop()
    lowered = [t.lower() for t in tokens]
    if type_ != "person" or not tokens or lowered[0] in ANONYMOUS_LEADS:
        return _plain(raw, type_)
    # The name is the trailing run of capitalised tokens (particles allowed inside it):
    # "the journalist Vladimir Osechkin" -> "Vladimir Osechkin".
    start = len(tokens)
    while start > 0 and (
        _capitalised(tokens[start - 1]) or (lowered[start - 1] in PARTICLES and start < len(tokens))
    ):
        start -= 1
    while start < len(tokens) and lowered[start] in PARTICLES and not _capitalised(tokens[start]):
        start += 1
    run = tokens[start:]
    before = start - 1
    while before >= 0 and lowered[before] in ("the", "a", "an"):
        before -= 1
    if run and before >= 0 and lowered[before] in _PREPOSITIONS and not _title(run[0]):
        return _plain(raw, type_)
    titles = [t for t in map(_title, tokens[:start]) if t]
    # Everything up to the last title inside the run is a title or an office:
    # "Senate Majority Leader Mitch McConnell" -> "Mitch McConnell".
    last_title = max((i for i, t in enumerate(run[:-1]) if _title(t) or _office(t)), default=-1)
    if last_title >= 0:
        titles.extend(t for t in (_title(x) or _office(x) for x in run[: last_title + 1]) if t)
        run = run[last_title + 1 :]

    while len(run) > 1 and (run[0].rstrip(".").lower() in NOT_GIVEN or run[0].lower() in common):
        run = run[1:]
    # "Fox News' Megyn Kelly": what precedes a possessive is an affiliation, not the name.
    owner = max((i for i, t in enumerate(run[:-1]) if re.search(r"['’]s?$", t)), default=-1)
    run = run[owner + 1 :]
    if len(run) > MAX_NAME_WORDS:
        return _plain(raw, type_)
    lone = run[0] if len(run) == 1 else None
    if (
        not run
        or (lone and ((lone.isupper() and len(lone) > 1) or lone.lower() in TITLES | GENERIC | NOT_NAMES))
        or all(t.lower().rstrip(".") in NOT_NAMES for t in run)
    ):
        return _plain(raw, type_)
    # Surname: last token, with any particles just before it ("von der Leyen"); a capitalised
    # "Al" or "El" opening the name is a given name ("Al Sharpton").
    cut = len(run) - 1
    while cut > 0 and run[cut - 1].lower() in PARTICLES:
        if cut - 1 == 0 and _capitalised(run[0]) and run[0].lower() in GIVEN_PARTICLES:
            break
        cut -= 1
    given = run[:cut]
    surname = " ".join(run[cut:])
    gender = "m" if MALE_TITLES & set(titles) else "f" if FEMALE_TITLES & set(titles) else None
    display = " ".join(run)
    if suffix:
        display += _SUFFIX_DISPLAY.get(suffix, f" {suffix.upper()}")
    return ParsedName(
        display=display,
        key=fold(display),
        type="person",
        given=_given(given),
        surname=fold(surname),
        gender=gender,
        titles=tuple(dict.fromkeys(titles)),
        suffix=suffix,
    )


def _plain(raw: str, type_: str) -> ParsedName:
    """Organisations, groups and anonymous descriptions: the name itself, less a leading "the".
    "The Trump campaign" keeps its capitalised word as evidence that it is a name."""
    words = raw.split()
    proper = False
    while _dated_end(words):
        words.pop()  # "Fox News on Sunday"
    while len(words) > 1 and words[0].lower() in NOT_GIVEN - {"the"}:
        words = words[1:]  # "And Gallup": a sentence's first word came along
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
        proper = words[0][:1].isupper()
    owner = max((i for i, w in enumerate(words[:-1]) if re.search(r"['’]s?$", w)), default=-1)
    key_words = words
    if owner >= 0 and words[owner + 1][:1].isupper():
        words = key_words = words[owner + 1 :]  # "Reagan's Gallup": the body follows the owner
    elif owner >= 0 and all(w[:1].isupper() for w in words[: owner + 1]):
        # "Hillary Clinton's campaign" is the Clinton campaign; "Trump's operatives" are no body
        proper = type_ == "organization" or fold(words[-1]) in ORG_NOUNS
        key_words = [words[owner], *words[owner + 1 :]]  # the owner by surname, like "the Clinton campaign"
    display = " ".join(words)
    if type_ == "group" and proper and fold(words[-1]) in ORG_NOUNS:
        type_ = "organization"  # "Clinton's campaign" acts as one body, however it was typed
    return ParsedName(display=display, key=org_key(" ".join(key_words)), type=type_, proper=proper)


def org_key(name: str) -> str:
    """An organisation's key: folded, acronyms without their dots ("F.B.I." -> "fbi")."""
    name = re.sub(r"\b((?:[A-Za-z]\.){2,})", lambda m: m.group(1).replace(".", ""), name)
    return fold(name)


_CONNECTORS = frozenset({"of", "the", "for", "and", "on", "in", "&"})


def initials(name: str) -> str | None:
    """The acronym of a multi-word name ("Republican National Committee" -> "rnc"), or None."""
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w.lower() not in _CONNECTORS]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).lower()


def is_acronym(name: str) -> bool:
    """"RNC", "F.B.I.", "the AP": one word of capitals."""
    bare = name.strip().removeprefix("the ").removeprefix("The ")
    word = org_key(bare).replace(" ", "")
    letters = re.sub(r"[^A-Za-z]", "", bare)
    return 2 <= len(word) <= 6 and letters.isupper() and " " not in bare


_ORG_RUN = re.compile(
    r"(?:[A-Z][\w&'’.-]*)(?:[ \u00a0](?:(?:of|for|and|the|on|&)[ \u00a0])?[A-Z][\w&'’.-]*){1,5}"
)


_CONJOINED = re.compile(r"\s+(?:and|&)\s+")


def org_names_in_text(text: str, short: str) -> list[str]:
    """The longer names the text gives an organisation it also calls ``short``: runs of
    capitalised words that start or end with ``short`` ("Fox" -> "Fox News", "Times" -> "New
    York Times"), or whose initials are ``short`` ("RNC" -> "Republican National Committee").
    Headlines are skipped; of runs that extend one another the shortest is kept."""
    found: set[str] = set()
    acronym = is_acronym(short)
    key = org_key(short)
    for match in _ORG_RUN.finditer(text):
        if _in_headline(text, match.start()):
            continue
        # a name never runs over a sentence end ("... cheered for Mayor Hale. As Politico reported")
        for piece in sentence_pieces(match.group(0)):
            # cleaned as a speaker name is: "And Gallup" and "Reagan's Gallup" are Gallup
            cleaned = piece.rstrip(".").removesuffix("'s").removesuffix("’s")
            whole = _plain(cleaned, "organization").display
            # "Fox Business Network and Fox News" may be one name ("Barnes and Noble") or two:
            # each part is a candidate too, so two parts that both extend "Fox" leave it undecided
            for run in (whole, *(_CONJOINED.split(whole) if _CONJOINED.search(whole) else ())):
                words = run.split()
                if not words or run == short:
                    continue
                if acronym:
                    if initials(run) == key:
                        found.add(run)
                elif short in (words[0], words[-1]) and len(words) > 1:
                    found.add(run)
    kept = sorted(found, key=len)
    return [r for i, r in enumerate(kept) if not any(r.startswith(k + " ") for k in kept[:i])]


def _initial_ok(x: str, y: str) -> bool:
    if x == y or NICKNAMES.get(x, x) == NICKNAMES.get(y, y):
        return True
    return (len(x) == 1 or len(y) == 1) and x[0] == y[0]


def given_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """First given names equal or one the other's initial ("V" / "Vladimir"), or one leaving
    out the other's first names ("Peña Nieto" / "Enrique Peña Nieto"); middle names equal when
    both give them ("George H. W." and "George W." are two people)."""
    if not a or not b:
        return True
    if not _initial_ok(a[0], b[0]):
        return _goes_by_later_names(a, b) or _goes_by_later_names(b, a)
    ma, mb = a[1:], b[1:]
    if ma and mb:
        return len(ma) == len(mb) and all(_initial_ok(x, y) for x, y in zip(ma, mb, strict=True))
    return True


def _goes_by_later_names(short: Sequence[str], long: Sequence[str]) -> bool:
    """ "Peña Nieto" for "Enrique Peña Nieto", "Mark Felt" for "W. Mark Felt": a name that
    leaves out the first given names, in whole words (an initial alone, "W. Bush", is not)."""
    n = len(short)
    return 0 < n < len(long) and all(len(w) > 1 for w in short) and tuple(long[-n:]) == tuple(short)


def same_person_name(a: ParsedName, b: ParsedName) -> bool:
    """Whether two person names can name one person: same surname and suffix, compatible given
    names and no disagreeing gender."""
    return (
        a.is_person
        and b.is_person
        and a.surname == b.surname
        and a.suffix == b.suffix
        and given_compatible(a.given, b.given)
        and (a.gender is None or b.gender is None or a.gender == b.gender)
    )


def specificity(name: ParsedName) -> tuple[int, int, int]:
    """How much a name says: given names, then whole given names over initials."""
    return (len(name.given), sum(len(g) > 1 for g in name.given), len(name.display))


def better_display(current: ParsedName, new: ParsedName) -> bool:
    """Whether ``new`` is a fuller canonical name than ``current`` (a full name beats a surname,
    an organisation's name its acronym), or the same name no longer shouted ("Washington" over
    a dateline's "WASHINGTON", "Jake Tapper" over a transcript's "JAKE TAPPER")."""
    if not current.is_person and not new.is_person:
        if current.type != new.type:
            return False
        return (is_acronym(current.display) and not is_acronym(new.display)) or _unshouted(current, new)
    if not current.is_person or not new.is_person:
        return False
    new_says, current_says = specificity(new)[:2], specificity(current)[:2]
    return new_says > current_says or (new_says == current_says and _unshouted(current, new))


def _unshouted(current: ParsedName, new: ParsedName) -> bool:
    """``new`` is ``current`` in ordinary case where ``current`` is in capitals (and no acronym)."""
    return (
        current.display.isupper()
        and not is_acronym(current.display)
        and not new.display.isupper()
        and current.display.casefold() == new.display.casefold()
    )


# A capitalised word, an initial ("J.", "H.W.") or an abbreviated title ("Sen."); a full stop
# after any other word ends the sentence, so the name cannot run across it.
_NAME_WORD = (
    r"(?:[A-Z]\.(?:[A-Z]\.)*|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Prof|Rev|St)\.|[A-Z][\w'’-]*)"
)


def full_names_in_text(
    text: str, surname_form: str, common: frozenset[str] | None = None
) -> list[ParsedName]:
    """Full names in ``text`` that end in ``surname_form`` ("Donald J. Trump", "Donald Trump
    Jr."), titles and sentence openers set aside, for a bare surname the article uses."""
    if not surname_form or not surname_form[:1].isupper():
        return []
    common = common_words(text) if common is None else common
    pattern = re.compile(
        rf"((?:{_NAME_WORD}[ \u00a0]+){{1,5}}){re.escape(surname_form)}"
        r"(?![\w'’-]*[\w-])(,? (?:Jr|Sr)\.?| I[IV]+\b)?"
    )
    found: dict[str, ParsedName] = {}
    for match in pattern.finditer(text):
        if _in_headline(text, match.start()):
            continue
        words = f"{match.group(1)}{surname_form}{match.group(2) or ''}".replace(",", "")
        # A capitalised common word opening a sentence is not a given name ("Did Trump");
        # inside a sentence it is ("said Will Smith").
        parsed = parse_name(words, "person", common if _sentence_start(text, match.start()) else frozenset())
        if parsed.full and parsed.surname == fold(surname_form):
            found.setdefault(parsed.key, parsed)
    return list(found.values())


_OPENING = re.compile(r"(?:^|[.!?][\"”’')]*\s+|\n\s*|[\"“‘'(]\s*)$")


def _sentence_start(text: str, position: int) -> bool:
    return bool(_OPENING.search(text[max(0, position - 6) : position]))


def _in_headline(text: str, position: int) -> bool:
    """Whether ``position`` is on a Title Case line ("Black Lawmakers Rip Donald Trump"), where
    capitals say nothing about names."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    words = text[start : end if end >= 0 else len(text)].split()
    capitalised = sum(w[:1].isupper() for w in words)
    return len(words) >= 4 and capitalised >= 0.7 * len(words)


_APPOSITIVE = r",[ \u00a0]+((?:[\w.'’-]+[ \u00a0]+){0,6}?[\w.'’-]+)(?=[,.;]|[ \u00a0]+(?:of|at|for|in)\b)"


def appositive_titles(text: str, name: str) -> tuple[str, ...]:
    """Role words the text sets after a name ("James B. Comey Jr., director of the F.B.I.",
    "Lee Epstein, a law professor,") -> director, professor."""
    core = name.strip()
    if not core:
        return ()
    found: dict[str, None] = {}
    for match in re.finditer(re.escape(core) + _APPOSITIVE, text):
        for word in match.group(1).split():
            title = _title(word) if word[:1].islower() else None
            if title and title not in COURTESY_TITLES:
                found.setdefault(title, None)
    return tuple(found)


def headline_name(text: str, name: str) -> str | None:
    """The person's name at the start of a "name" the text writes only in a Title Case
    headline, where the words after a name are capitalised too ("Bernie Sanders Promises
    Action On Immigration" -> "Bernie Sanders", "Biden Aims Insult At" -> "Biden"): the longest
    opening words that name a person and that the text also writes outside its headlines.
    None when the name appears outside a headline, or names a body ("Clinton Foundation")."""
    words = name.split()
    if len(words) < 3 or any(fold(w) in BODY_WORDS for w in words[1:]):
        return None  # "Clinton Foundation Donors": it opens with a body's name
    places = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    if not places or not all(_in_headline(text, i) for i in places):
        return None
    for cut in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:cut])
        parsed = parse_name(prefix, "person")
        if not parsed.named or (cut > 1 and not person_like(prefix)):
            continue
        pattern = rf"(?<![\w-]){re.escape(prefix)}(?![\w-])"
        if any(not _in_headline(text, m.start()) for m in re.finditer(pattern, text)):
            return prefix
    return None


def opens_sentences_only(text: str, name: str) -> bool:
    """Whether every place the text writes ``name`` is a sentence opening or a headline, where
    a capitalised first word says nothing ("Will Sanders endorse her?")."""
    places = [m.start() for m in re.finditer(re.escape(name), text)]
    return bool(places) and all(_sentence_start(text, i) or _in_headline(text, i) for i in places)


def titles_in_text(text: str, name: str) -> tuple[str, ...]:
    """The titles the text puts before a name, in order, each place once ("Vice President Joe
    Biden", "Mr. Biden" -> vice, president, mr); a suffix on the name is optional there."""
    core = re.sub(r",? (?:Jr|Sr)\.?$|,? I[IV]+$", "", name.strip())
    if not core or not core[:1].isupper():
        return ()
    pattern = re.compile(rf"((?:[A-Z][\w-]*\.?[ \u00a0]){{1,4}}){re.escape(core)}\b")
    found: dict[tuple[str, ...], None] = {}
    for match in pattern.finditer(text):
        words = match.group(1).split()
        run: list[str] = []
        for word in reversed(words):
            title = _title(word)
            if title is None:
                break
            run.insert(0, title)
        if run:
            found.setdefault(tuple(run), None)
    return tuple(t for run in found for t in run)


def entities(names: Iterable[ParsedName]) -> list[ParsedName]:
    """The distinct people among full names of one surname: the most specific name of each
    group of compatible names. Two results mean the names do not all fit one person."""
    pool = sorted({n.key: n for n in names if n.full}.values(), key=specificity, reverse=True)
    heads: list[ParsedName] = []
    for name in pool:
        fits = [h for h in heads if same_person_name(h, name)]
        if not fits:
            heads.append(name)
        elif len(fits) > 1:
            return pool  # compatible with two different people: nothing is settled
    return heads
