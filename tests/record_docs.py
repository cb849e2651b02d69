"""Hand-built articles where the record's harder rules decide (for the batch corpus tests).

Each article is small, but together they need every kind of evidence the store uses: a bare
surname tied to a person by the people quoted beside it (who live in other speaker blocks,
one of them renamed in between), by words that person is on record saying, or by nothing (an
ambiguous speaker); an acronym and the name it abbreviates; namesakes told apart by role and
affiliation; a denial and a contradiction of an unattributed claim; a trimmed quote re-used by
an unnamed source. Built by hand (no extractor) so the test is about the record alone.
"""

from __future__ import annotations

import datetime as dt

from store_docs import osechkin_documents

from according.document import Article, Attribution, Content, Document, Span, Speaker

# (name, type, content, cue, options) per attribution; options: role, affiliation, stance.
Item = tuple[str | None, str, str, str, dict[str, str]]


def _document(day: int, text: str, items: list[Item]) -> Document:
    attributions = []
    for name, type_, content, cue, options in items:
        c, q = text.index(content), text.index(cue)
        source = None
        if name and name in text:
            s = text.index(name)
            source = Span.of(text, s, s + len(name))
        speaker = None
        if name:
            speaker = Speaker(name, type_, role=options.get("role"), affiliation=options.get("affiliation"))  # type: ignore[arg-type]
        attributions.append(
            Attribution(
                kind="indirect",
                cue=Span.of(text, q, q + len(cue)),
                content=Content.of(text, [(c, c + len(content))]),
                source=source,
                speaker=speaker,
                stance=options.get("stance", "report"),  # type: ignore[arg-type]
                confidence=0.9,
            )
        )
    url = f"https://record.example/{day}"
    article = Article(
        text=text,
        url=url,
        canonical_url=url,
        site="Record Example",
        published=dt.date(2024, 1, 1) + dt.timedelta(days=day),
        source=url,
    )
    return Document(article=article, attributions=tuple(attributions))


PERSON, ORG = "person", "organization"


def _body(day: int, source: str, content: str) -> Document:
    """ "The Keel Trust said ...": one organisation's one claim."""
    name = source.removeprefix("The ")
    return _document(day, f"{source} said {content}.", [(name, ORG, content, "said", {})])


ECONOMY = "the economy would grow faster than expected this year"
TAXES = "the budget plan would raise taxes on every family"
JOBS = "the infrastructure bill would create millions of new jobs"
RAILWAY = "the railway would be sold to a private company next year"
PORT = "harbour tariffs would fall for small exporters"  # under ``SAME_WORDS``: apart by speaker
STRIKE = "the port strike would end by December"
CANAL = "the canal expansion would double the national shipping revenue"
WATER = "the water reservoirs would be full by the end of the summer"


def record_documents() -> list[Document]:
    """The articles, in no particular order (the corpus order is by date)."""
    return [
        _document(
            1,
            f"President Barack Obama said {ECONOMY}. The RNC argued that {TAXES}. Joe Biden claimed {JOBS}.",
            [
                ("Barack Obama", PERSON, ECONOMY, "said", {}),
                ("The RNC", ORG, TAXES, "argued", {}),
                ("Joe Biden", PERSON, JOBS, "claimed", {}),
            ],
        ),
        _document(
            2,
            f"The Republican National Committee warned that {TAXES}, again.",
            [("The Republican National Committee", ORG, TAXES, "warned", {})],
        ),
        _document(
            3,
            "Obama said the economy would keep growing through the winter. The Republican National "
            "Committee argued that spending was out of control. Joe Biden claimed the bridge repairs "
            "would finish early.",
            [
                ("Obama", PERSON, "the economy would keep growing through the winter", "said", {}),
                ("The Republican National Committee", ORG, "spending was out of control", "argued", {}),
                ("Joe Biden", PERSON, "the bridge repairs would finish early", "claimed", {}),
            ],
        ),
        _document(
            4,
            "Obama said the election would be very close in several states.",
            [("Obama", PERSON, "the election would be very close in several states", "said", {})],
        ),
        _document(
            5,
            f"Obama told the crowd that {ECONOMY}.",
            [("Obama", PERSON, ECONOMY, "told", {})],
        ),
        _document(
            6,
            "Michelle Obama said the school lunch program had helped millions of children.",
            [
                (
                    "Michelle Obama",
                    PERSON,
                    "the school lunch program had helped millions of children",
                    "said",
                    {},
                )
            ],
        ),
        _document(
            7,
            "John Smith, a senator from Ohio, said the farm bill would pass before the harvest.",
            [
                (
                    "John Smith",
                    PERSON,
                    "the farm bill would pass before the harvest",
                    "said",
                    {"role": "senator", "affiliation": "Ohio"},
                )
            ],
        ),
        _document(
            8,
            "John Smith, the chef at Le Bistro, said the restaurant would reopen in the spring.",
            [
                (
                    "John Smith",
                    PERSON,
                    "the restaurant would reopen in the spring",
                    "said",
                    {"role": "chef", "affiliation": "Le Bistro"},
                )
            ],
        ),
        _document(
            9,
            f"The minister said {RAILWAY}.",
            [("The minister", PERSON, RAILWAY, "said", {})],
        ),
        _document(
            10,
            f"The Transport Workers Union denied that {RAILWAY}.",
            [("The Transport Workers Union", ORG, RAILWAY, "denied", {"stance": "denial"})],
        ),
        _document(
            11,
            "A spokesman said the railway would not be sold to a private company next year.",
            [
                (
                    "A spokesman",
                    PERSON,
                    "the railway would not be sold to a private company next year",
                    "said",
                    {},
                )
            ],
        ),
        _document(
            12,
            f"Officials said {JOBS} and repair thousands of bridges across the country.",
            [
                (
                    "Officials",
                    "group",
                    f"{JOBS} and repair thousands of bridges across the country",
                    "said",
                    {},
                )
            ],
        ),
        # A bare surname stored before anyone of that name is known, under two records (one
        # told male by its title, one not), both taken in by the full name when it first comes
        # (it repeats words of each). Until then the two records' like claims stay apart (two
        # speakers then): the tariffs twice; the full name's repeat shows the strike to be one.
        _document(13, f"Mr. Alvarez said {PORT}.", [("Mr. Alvarez", PERSON, PORT, "said", {})]),
        _document(14, f"Mr. Alvarez said {STRIKE}.", [("Mr. Alvarez", PERSON, STRIKE, "said", {})]),
        _document(
            15,
            f"Alvarez said {PORT}, and that {STRIKE}.",
            [("Alvarez", PERSON, PORT, "said", {}), ("Alvarez", PERSON, STRIKE, "that", {})],
        ),
        # quoted: the speaker's own words show the two to be one claim (a merge)
        _document(
            16, f"Carlos Alvarez said “{STRIKE}”.", [("Carlos Alvarez", PERSON, f"“{STRIKE}”", "said", {})]
        ),
        # A bare surname with a title, and a full name quoted twice with nothing tying them;
        # then the full name gains the title: the bare surname is taken in. The full name had
        # said the bare surname's words before that, as another speaker then, but one passage
        # word for word: one claim all the same.
        _document(17, f"President Lopez said {CANAL}.", [("President Lopez", PERSON, CANAL, "said", {})]),
        _document(18, f"Maria Lopez said {WATER}.", [("Maria Lopez", PERSON, WATER, "said", {})]),
        _document(19, f"Maria Lopez said {CANAL}.", [("Maria Lopez", PERSON, CANAL, "said", {})]),
        _document(
            20,
            f"President Maria Lopez said {WATER}, again.",
            [("President Maria Lopez", PERSON, WATER, "said", {})],
        ),
        # A one-word organisation name and the one body on record whose name opens with it
        # (joined); two such bodies (kept apart); a person of that surname (kept apart).
        _body(21, "The Harbour Research Center", "the ferry fares would rise in the autumn"),
        _body(22, "Harbour", "the lighthouse museum would reopen with free entry"),
        _body(23, "The Keel Institute", "the fishing quotas would be cut by a third"),
        _body(24, "The Keel Trust", "the coastal path would be repaired before the festival"),
        _body(25, "Keel", "the marina expansion would be delayed by two years"),
        _document(
            26,
            "Dana Brook said the dock workers would get a raise.",
            [("Dana Brook", PERSON, "the dock workers would get a raise", "said", {})],
        ),
        _body(27, "The Brook Foundation", "the sailing school would double its places"),
        _body(28, "Brook", "the old warehouse would become a library"),
        *osechkin_documents(),
    ]


WIRE = "the harbour bridge would stay closed until the spring inspection"


def wire_documents(outlets: int = 30) -> list[Document]:
    """One agency story echoed by ``outlets`` outlets, more than a MinHash bucket's window
    (``claim_candidates.LSH_WINDOW``): the minister's quote word for word (spaced differently
    in some), its echo by an unnamed source, a figure that changes from outlet to outlet (the
    same MinHash words each time: one crowded bucket), and now and then the authority's denial."""
    docs = []
    for n in range(outlets):
        quote = WIRE.replace("bridge would", "bridge  would") if n % 3 == 0 else WIRE
        figure = f"the repair budget had grown to {n + 3} million after {7 * n + 100} complaints"
        text = f"Minister Ana Reyes said {quote}. It was reported that {WIRE}. She added that {figure}."
        items: list[Item] = [
            ("Ana Reyes", PERSON, quote, "said", {}),
            (None, PERSON, WIRE, "reported", {}),
            ("Ana Reyes", PERSON, figure, "added", {}),
        ]
        if n % 7 == 3:
            text += f" The Harbour Authority denied that {WIRE}."
            items.append(("The Harbour Authority", ORG, WIRE, "denied", {"stance": "denial"}))
        docs.append(_document(40 + n, text, items))
    return docs
