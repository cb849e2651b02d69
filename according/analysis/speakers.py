"""Canonical speakers across articles: which names are one person, which are two.

"Vladimir Osechkin", "Mr Osechkin", "Osechkin" and "the journalist Vladimir Osechkin" reduce
to the same parsed name (given names + surname, titles set aside), so they join one speaker.
Two people who share a surname stay apart unless evidence joins them: matching or initial-
compatible first names, a title whose gender agrees, a full name in the same article, or a
user's manual merge. A bare surname that several known people share is not guessed at; it
becomes its own speaker until someone merges it.

Pure functions only: the store fetches candidates and applies the decision.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Titles and roles that precede a name; they are evidence (gender), not part of the name.
MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother", "mister"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister", "madam"})
TITLES = (
    MALE_TITLES
    | FEMALE_TITLES
    | frozenset(
        """dr doctor prof professor president vice prime minister senator sen rep representative
    congressman congresswoman governor gov secretary chancellor judge justice general gen colonel col
    captain capt lieutenant lt sergeant sgt officer detective inspector mayor pope rev reverend rabbi
    imam chief spokesman spokeswoman spokesperson ambassador commissioner director chairman
    chairwoman chair ceo deputy foreign health defence defense home interior finance state attorney
    former acting us u.s. uk u.k. eu labour conservative tory democratic republican democrat mp mep
    sheikh emir leader opposition speaker first lady gentleman""".split()
    )
)
PARTICLES = frozenset(
    {
        "von",
        "van",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "ter",
    }
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})
# Capitalised only because they open a sentence: descriptions, not names.
GENERIC = frozenset(
    """officials official experts sources source analysts critics residents witnesses police authorities
    investigators scientists researchers doctors economists campaigners activists protesters diplomats
    lawyers prosecutors ministers lawmakers legislators observers insiders aides allies opponents
    supporters people students teachers workers officers spokesman spokeswoman spokesperson reports
    government ministry officials colleagues friends relatives family neighbours neighbors others
    nobody somebody someone anyone everyone everybody""".split()
)
ANONYMOUS_LEADS = frozenset({"a", "an", "one", "some", "several", "two", "three", "many", "another"})

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
    those there here where what why how who which asked says said according""".split()
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
# Abbreviated titles and the office they stand for ("Sen. Kaine" holds the same role as
# "Senator Kaine").
ROLE_FORMS = {
    "sen": "senator",
    "gov": "governor",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "prof": "professor",
    "rev": "reverend",
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
        return frozenset(
            ROLE_FORMS.get(t, t)
            for t in self.titles
            if t not in COURTESY_TITLES and t not in NOT_ROLES and t not in MALE_TITLES | FEMALE_TITLES
        )

    @property
    def named(self) -> bool:
        """False for pronouns, determiners and descriptions ("I", "that", "the minister",
        "officials", "a senior MP"): those are not one entity across articles, so they get no
        canonical speaker."""
        words = self.display.split()
        folded = fold(self.display).split()
        if not folded or all(w in NOT_NAMES or w in GENERIC for w in folded):
            return False
        if self.is_person:
            return self.surname not in NOT_NAMES and len(self.surname or "") > 1
        if len(words) > 1 and not words[-1][:1].isupper() and not self.proper:
            return False  # "Local traders", "Senior officials": capitalised only at a sentence start
        return (
            self.type != "person"
            and any(w[:1].isupper() for w in words)
            and words[0].lower() not in ANONYMOUS_LEADS
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


def _given(tokens: Sequence[str]) -> tuple[str, ...]:
    """Given names folded, initials split ("H.W." -> "h", "w")."""
    return tuple(part for t in tokens for part in fold(t.replace(".", ". ")).split())


def common_words(text: str) -> frozenset[str]:
    """Words the text also writes in lower case: capitalised, they open a sentence or a
    headline ("Candidate Trump", "Did Trump"); they are not given names."""
    return frozenset(w for w in re.findall(r"\b[a-z][a-z'’-]+\b", text))


def parse_name(name: str, type_: str = "person", common: frozenset[str] = frozenset()) -> ParsedName:
    """Parse a speaker name as the extractor resolved it within one article; ``common`` are
    the article's lower-case words (see ``common_words``), never taken for given names."""
    raw = " ".join(name.split())
    tokens = _tokens(raw)
    if tokens and tokens[-1].endswith(("'s", "'")):
        tokens[-1] = re.sub(r"'s?$", "", tokens[-1])
    suffix = None
    while len(tokens) > 2 and tokens[-1].rstrip(".").lower() in SUFFIXES:
        word = tokens.pop().rstrip(".").lower()
        suffix = suffix or _SUFFIX_FORMS.get(word, word)
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
    last_title = max((i for i, t in enumerate(run[:-1]) if _title(t)), default=-1)
    if last_title >= 0:
        titles.extend(t for t in map(_title, run[: last_title + 1]) if t)
        run = run[last_title + 1 :]
    while len(run) > 1 and (run[0].rstrip(".").lower() in NOT_GIVEN or run[0].lower() in common):
        run = run[1:]
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
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
        proper = words[0][:1].isupper()
    display = " ".join(words)
    return ParsedName(display=display, key=fold(display), type=type_, proper=proper)


def _initial_ok(x: str, y: str) -> bool:
    if x == y:
        return True
    return (len(x) == 1 or len(y) == 1) and x[0] == y[0]


def given_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """First given names equal or one the other's initial ("V" / "Vladimir"); middle names
    equal when both give them ("George H. W." and "George W." are two people)."""
    if not a or not b:
        return True
    if not _initial_ok(a[0], b[0]):
        return False
    ma, mb = a[1:], b[1:]
    if ma and mb:
        return len(ma) == len(mb) and all(_initial_ok(x, y) for x, y in zip(ma, mb, strict=True))
    return True


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
    """Whether ``new`` is a fuller canonical name than ``current`` (a full name beats a surname)."""
    if not current.is_person or not new.is_person:
        return False
    return specificity(new)[:2] > specificity(current)[:2]


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


def titles_in_text(text: str, surname_form: str) -> frozenset[str]:
    """The titles the text puts before a bare surname ("President Obama" -> "president")."""
    if not surname_form or not surname_form[:1].isupper():
        return frozenset()
    pattern = re.compile(rf"\b([A-Z][\w-]*\.?) {re.escape(surname_form)}\b")
    found = set()
    for match in pattern.finditer(text):
        title = _title(match.group(1))
        if title:
            found.add(title)
    return frozenset(found)


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
