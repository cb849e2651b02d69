"""The entities of one article and where they are mentioned, and how their names compare.

``coref.Chains`` builds them; ``speakers`` and ``descriptions`` resolve sources to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Speaker, SpeakerType
from ..lexicon import DETERMINERS, KIND_ACRONYMS, role_key
from .tokens import Offsets

#: Words left out of an acronym formed from a name's initials.
MINOR = frozenset({"of", "the", "for", "and", "&", "in", "on", "at", "to", "a", "an"})


def fold(text: str) -> str:
    """A name as compared: lower case, no leading determiner, no punctuation."""
    words = re.sub(r"[^\w&\s-]", " ", text.lower().replace("’", "'").replace("'s ", " ")).split()
    while words and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def acronym_letters(acronym: str) -> str:
    return acronym.replace(".", "").upper()


def acronym_like(text: str) -> bool:
    """ "RT", "U.N.", "NAACP": two to six capitals, dots allowed."""
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def kind_acronym(text: str) -> bool:
    """ "PAC", "PACs", "NGO": an acronym for a kind of body, which names none ("a super PAC")."""
    return text.lower() in KIND_ACRONYMS and text.rstrip("s").isupper()


def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w.lower() not in MINOR).upper()


@dataclass(eq=False)
class Entity:
    """One person, organisation or group of the article, and every place it is mentioned."""

    type: SpeakerType
    name: str
    named: bool = True
    gender: str = ""
    role: str | None = None
    affiliation: str | None = None
    mentions: list[Offsets] = field(default_factory=list)
    #: role and description nouns the article ties to it ("governor", "utility", "group")
    roles: dict[str, set[str]] = field(default_factory=dict)
    given: str = ""
    surname: str = ""
    suffix: str = ""
    acronym: str = ""
    #: lower-case words of the name, for "the agency" -> "Border Health Agency"
    words: frozenset[str] = frozenset()
    #: parties the article gives a person ("Republican Donald Trump"), for "The Republican"
    parties: set[str] = field(default_factory=set)

    def add(self, start: int, end: int) -> None:
        self.mentions.append((start, end))

    def rename(self, name: str) -> None:
        """Keep the most complete name: more words win ("Northfield Power & Light Co.")."""
        if len(name.split()) > len(self.name.split()):
            self.name = name
        self.words = self.words | frozenset(w.lower().rstrip(".") for w in name.split())

    def describe(
        self, role: str | None, affiliation: str | None, words: frozenset[str] = frozenset()
    ) -> None:
        """Tie a role ("deputy envoy") to the entity, with the words that qualify it
        ("former", "Republican", the affiliation's words) for matching "the GOP nominee"."""
        if role:
            parts = role.split()
            qualifiers = self.roles.setdefault(role_key(parts[-1]), set())
            qualifiers.update(party(w) for w in (*parts[:-1], *words))
            if affiliation:
                qualifiers.update(party(w) for w in affiliation.lower().split())
            self.role = self.role or role
        if affiliation and not self.affiliation:
            self.affiliation = affiliation

    def speaker(self) -> Speaker:
        return Speaker(self.name, self.type, tuple(sorted(set(self.mentions))), self.role, self.affiliation)


@dataclass(frozen=True)
class Mention:
    """A place where an entity is mentioned; ``subject`` mentions are the most salient."""

    start: int
    end: int
    entity: Entity
    subject: bool
    label: str = ""
    main: bool = False


#: Party words spelled more than one way.
_PARTIES = {"gop": "republican", "democrat": "democratic", "dem": "democratic", "tory": "conservative"}
PARTY_WORDS = frozenset(
    {"republican", "democratic", "conservative", "labour", "liberal", "libertarian", "green"}
)


def party(word: str) -> str:
    """A qualifier as compared: lower case, party nicknames spelled out ("GOP" -> republican)."""
    word = word.lower().strip(".,'’")
    return _PARTIES.get(word, word)


def closest(entities: list[Entity], position: int) -> Entity:
    """The entity mentioned latest before ``position``, else the first mentioned after it."""

    def latest(e: Entity) -> int:
        return max((s for s, _ in e.mentions if s < position), default=-1)

    best = max(entities, key=latest)
    if latest(best) >= 0:
        return best
    return min(entities, key=lambda e: min((s for s, _ in e.mentions), default=1 << 30))
