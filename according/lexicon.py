"""Words about people and organisations that more than one stage reads.

Resolving a source inside one article (``attribution.coref``) and joining speakers across
articles (``analysis.speakers``) must agree on what a title is, which titles tell a gender,
which suffixes make a different person ("Jr."), and which nouns name people or institutions;
so the lists live here once, one level above both packages.

General English only: no names of particular people or organisations.
"""

from __future__ import annotations

#: Titles before a name, with the gender they tell ("m", "f", or "" when they tell none).
HONORIFICS: dict[str, str] = {
    **dict.fromkeys(
        "dr prof professor president senator sen rep gov governor gen general col colonel capt "
        "captain judge justice rev mayor minister chancellor ambassador secretary commissioner "
        "lt sgt det insp supt cllr councillor councilman councilwoman congressman congresswoman "
        "assemblyman assemblywoman chief superintendent inspector detective sergeant lieutenant "
        "commander admiral major rabbi imam pastor bishop cardinal speaker premier".split(),
        "",
    ),
    **dict.fromkeys("mr sir lord father king prince pope sheikh brother mister".split(), "m"),
    **dict.fromkeys("mrs ms miss dame lady queen princess sister madam".split(), "f"),
}
#: Titles that are only courtesy: "Ms Adair" is a person even when NER says ORG, whereas a
#: rank or office word before a proper noun may start an organisation's name ("General Motors").
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "mister"})
#: Abbreviated titles and the role they stand for ("Gov. Jane Roe" is the governor).
TITLE_ROLES: dict[str, str] = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "det": "detective",
    "insp": "inspector",
    "supt": "superintendent",
    "cllr": "councillor",
    "prof": "professor",
    "dr": "doctor",
    "rev": "reverend",
}
MALE_TITLES = frozenset(w for w, g in HONORIFICS.items() if g == "m")
FEMALE_TITLES = frozenset(w for w, g in HONORIFICS.items() if g == "f")
#: Words that may stand before a name as a title or descriptor without being part of it.
TITLES = frozenset(HONORIFICS) | frozenset(
    """doctor vice prime minister representative spokesman spokeswoman spokesperson director
    chairman chairwoman chair ceo deputy foreign health defence defense home interior finance state
    attorney former acting us u.s. uk u.k. eu labour conservative tory democratic republican
    democrat mp mep emir leader opposition first gentleman""".split()
)
#: Name suffixes: "John Smith Jr." and "John Smith Sr." are two people.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})
#: Lower-case particles inside surnames ("von der Leyen", "bin Salman").
PARTICLES = frozenset("von van der den de del della di da du la le al el bin ibn ter".split())

PRONOUN_GENDER: dict[str, str] = {
    **dict.fromkeys("he him his himself".split(), "m"),
    **dict.fromkeys("she her hers herself".split(), "f"),
}
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
ORG_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
#: Role nouns that tell a gender ("the spokeswoman" is she).
GENDERED_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        "spokesman chairman businessman congressman councilman assemblyman man boy father son "
        "husband brother king prince uncle nephew grandfather grandson widower dad stepfather "
        "stepson fiance gentleman".split(),
        "m",
    ),
    **dict.fromkeys(
        "spokeswoman chairwoman businesswoman congresswoman councilwoman assemblywoman woman girl "
        "mother daughter wife sister queen princess aunt niece grandmother granddaughter widow mom "
        "stepmother stepdaughter fiancee lady chairwoman".split(),
        "f",
    ),
}
#: Nouns of kinship and sex, which a person has beside any office ("the nominee's daughter").
KIN_NOUNS = frozenset(
    """man woman boy girl father mother son daughter husband wife brother sister uncle aunt nephew
    niece grandfather grandmother grandson granddaughter parent child kid widow widower fiance
    fiancee cousin sibling stepfather stepmother stepson stepdaughter mom dad""".split()
)

PERSON_NOUNS = frozenset(
    """
journalist reporter spokesman spokeswoman spokesperson official minister president leader
analyst expert source activist dissident aide adviser advisor lawyer attorney prosecutor judge
director chief executive chairman chairwoman chair secretary ambassador diplomat commander
general officer lawmaker senator mp politician candidate economist scientist researcher
professor doctor witness resident man woman friend insider colleague author editor writer
blogger founder owner ceo governor mayor member pollster strategist campaigner critic
supporter opponent neighbour neighbor relative mother father wife husband son daughter
brother sister boy girl victim survivor veteran soldier priest bishop deputy representative
negotiator envoy head boss manager consultant historian commentator observer host presenter
anchor correspondent student teacher nurse player coach worker employee whistleblower
investigator detective inspector sergeant captain colonel lieutenant king queen prince
princess pope cleric imam rabbi chancellor premier dictator oligarch businessman tycoon
billionaire millionaire entrepreneur banker trader academic lecturer physician surgeon
psychologist psychiatrist therapist person individual someone somebody defector informant
reader viewer voter caller listener speaker farmer customer consumer buyer seller donor fan
parent child kid citizen taxpayer patient immigrant migrant refugee protester protestor
demonstrator organiser organizer nominee incumbent challenger rival ally partner staffer intern
clerk juror plaintiff defendant suspect detainee prisoner inmate lobbyist fundraiser one everyone
everybody anyone anybody nobody questioner interviewer moderator panelist assistant attendant
accountant applicant participant contestant agent tenant merchant claimant superintendent
councillor councilman councilwoman congressman congresswoman legislator commissioner regulator
administrator coordinator president-elect pastor trustee treasurer auditor sheriff marshal
scholar announcer narrator pundit mate contender hopeful frontrunner lady gentleman guy adult teen
teenager doc medic architect designer strategist surrogate backer endorser delegate elector
""".split()
)
#: Indefinite and negative pronouns, which nothing later refers back to.
INDEFINITES = frozenset(
    {"no one", "nobody", "none", "someone", "somebody", "anyone", "anybody", "everyone", "everybody"}
)
#: Words that point at part of a group: "one of the doctors", "some of his aides".
QUANTIFIERS = frozenset("one some many most all each several both few none half any two three four".split())
SINGULAR_QUANTIFIERS = frozenset({"one", "each", "either", "neither"})
COLLECTIVES = frozenset(
    """group number majority minority handful dozen dozens hundreds thousands crowd chorus array
    slew raft bunch host lot lots score scores variety range pair couple family""".split()
)
#: One role under its gendered spellings: "Interim DNC Chairwoman Donna Brazile" holds "the chair".
_ROLE_FORMS = {
    **dict.fromkeys("chairman chairwoman chairperson chair".split(), "chair"),
    **dict.fromkeys("spokesman spokeswoman spokesperson".split(), "spokesperson"),
    **dict.fromkeys("congressman congresswoman congressperson".split(), "congressperson"),
    **dict.fromkeys("councilman councilwoman councillor councilor".split(), "councillor"),
    **dict.fromkeys("assemblyman assemblywoman assemblymember".split(), "assemblymember"),
    **dict.fromkeys("businessman businesswoman businessperson".split(), "businessperson"),
    **dict.fromkeys("anchorman anchorwoman anchor".split(), "anchor"),
}
#: Nouns of a relation to someone, not an office: "his Democratic opponent, Hillary Clinton"
#: may still be "the Democratic nominee".
RELATION_NOUNS = frozenset(
    """opponent rival ally friend critic supporter colleague partner fan admirer foe adversary
    successor predecessor counterpart mate protege mentor boss""".split()
)
#: Roles of people who are part of the scene, not the newsmaker in focus: "the announcer" of
#: an ad, "the driver", "a witness" are never the politician the story is about.
INCIDENTAL_ROLES = frozenset(
    """announcer narrator caller questioner voice interviewer witness bystander driver passenger
    victim suspect officer guard doctor nurse neighbour neighbor customer student""".split()
)
#: Rank words that make another office of the same noun: a vice president is not the president.
RANKS = frozenset("vice deputy assistant associate lieutenant under".split())


def role_key(noun: str) -> str:
    """A role noun as roles are compared: "chairwoman" and "chairman" are both "chair"."""
    return _ROLE_FORMS.get(noun, noun)


#: Singular nouns for a group of people: "Scott's family" is a group, not an organisation.
GROUP_NOUNS = frozenset({"family", "household", "couple", "crew", "staff", "entourage", "clan"})
PERSON_SUFFIXES = ("ist", "man", "woman", "person", "ian", "eer")
ORG_NOUNS = frozenset(
    """
government ministry department agency police army military navy company firm party council
committee court commission office embassy administration campaign kremlin parliament
congress senate union bank newspaper network bureau board authority authorities cabinet
regime service group organisation organization institute university school hospital charity
foundation team club league federation watchdog regulator pentagon website outlet channel
broadcaster tribunal coalition alliance opposition movement centre center association
corporation study report poll survey research document memo paper magazine station
spokesman's inquiry review audit intelligence prosecution statement media press utility
business operator airline carrier retailer manufacturer insurer lender chain provider panel
developer producer supplier district county city state council legislature assembly
""".split()
)
#: Institution nouns that may stand for a named organisation of a kind ("the utility" for
#: "Northfield Power & Light Co."), with words that mark such a name. A description is linked
#: to the organisation whose name holds the noun itself or one of these words.
ORG_KINDS: dict[str, frozenset[str]] = {
    kind: frozenset(words.split())
    for kind, words in {
        "company": "co co. company inc inc. corp corp. corporation ltd ltd. llc plc group holdings",
        "firm": "co co. company inc inc. corp corp. corporation ltd ltd. llc plc group partners llp",
        "utility": "power light electric energy gas water utilities utility edison",
        "business": "co co. company inc inc. corp corp. ltd ltd. llc plc",
        "agency": "agency service administration bureau office department authority commission",
        "department": "department ministry office",
        "ministry": "ministry department office",
        "office": "office bureau department",
        "service": "service agency",
        "group": "group association coalition alliance union federation council society league "
        "network campaign foundation institute fund trust",
        "organization": "organization organisation association group foundation institute society",
        "organisation": "organization organisation association group foundation institute society",
        "union": "union federation association",
        "pac": "pac action fund",
        "ngo": "organization organisation foundation fund trust charity institute",
        "association": "association society federation union",
        "charity": "charity foundation trust fund",
        "university": "university college institute school",
        "hospital": "hospital clinic infirmary health",
        "newspaper": "times post news herald journal gazette telegraph tribune guardian chronicle",
        "paper": "times post news herald journal gazette telegraph tribune guardian chronicle",
        "council": "council",
        "panel": "committee commission panel board council",
        "committee": "committee commission panel",
        "party": "party",
        "court": "court tribunal",
        "bank": "bank",
        "airline": "airlines airways air",
        "regulator": "commission authority agency office board",
        "watchdog": "commission authority agency office board",
    }.items()
}
#: Plural person nouns that mean the same kind of person ("the doctors" for a physicians' group).
SYNONYMS: dict[str, frozenset[str]] = {
    word: frozenset(group)
    for group in (
        ("doctor", "physician", "medic", "clinician", "medical"),
        ("lawyer", "attorney", "solicitor", "barrister", "legal"),
        ("nurse", "nursing"),
        ("teacher", "educator", "teaching"),
        ("farmer", "grower", "farm", "agricultural"),
        ("police", "officer", "constabulary", "policing"),
        ("firefighter", "fire"),
        ("scientist", "researcher", "science"),
        ("economist", "economic"),
        ("business", "employer", "businesses", "chamber", "commerce"),
        ("company", "firm", "corporation"),
        ("resident", "neighbour", "neighbor", "residents"),
        ("parent", "family"),
        ("driver", "motorist"),
    )
    for word in group
}
#: Documents and broadcasts that stand as sources for whoever made them ("The ad says ...").
DOCUMENT_NOUNS = frozenset(
    """
ad advert advertisement clip spot video article piece story transcript report study poll survey
analysis review statement letter memo email tweet post complaint lawsuit filing film documentary
feature profile commercial footage recording rule regulation guideline datum
book program programme show editorial column op-ed release data document return records figures
estimate paper research audit investigation probe inquiry index ranking forecast projection
""".split()
)
#: Documents of one kind: "The clip" refers back to "a web video", "The piece" to "a feature".
DOCUMENT_KINDS: dict[str, str] = {
    **dict.fromkeys("ad advert advertisement clip spot video commercial film documentary".split(), "ad"),
    **dict.fromkeys("article piece story feature profile column editorial op-ed report".split(), "article"),
    **dict.fromkeys("statement release letter memo email".split(), "statement"),
    **dict.fromkeys("poll survey".split(), "poll"),
    **dict.fromkeys("study analysis research paper review audit".split(), "study"),
}
#: Verbs that put a document out: their subject is its author ("The Post ran a feature").
PUBLISHERS = frozenset(
    "issue release publish run air unveil launch post tweet file send write produce commission "
    "conduct broadcast have debut premiere".split()
)
#: Verbs whose "by" object only handled a document ("a memo seen by the BBC"): not its author.
READERS = frozenset("see obtain review read cite quote leak receive reveal report find examine".split())
#: Entity labels that name organisations or places acting as one.
ORG_LABELS = frozenset({"ORG", "GPE", "FAC", "NORP"})
#: Last words that make a capitalised phrase an organisation, never a person's name.
ORG_NAME_WORDS = frozenset(
    """
service agency administration bureau office department ministry authority commission committee
council board association society federation union league coalition alliance group network
foundation institute institution trust fund charity party company co corp corporation inc ltd
llc plc bank university college school hospital clinic court police army navy force times post
news herald journal gazette telegraph tribune guardian chronicle press media tv radio power light
energy electric gas water utilities airlines airways center centre project campaign initiative
partners holdings industries international organisation organization club team church mosque
""".split()
)

#: Plural nouns that are descriptions, never names, even when a sentence capitalises them.
GENERIC = frozenset(
    """officials official experts sources source analysts critics residents witnesses police authorities
    investigators scientists researchers doctors economists campaigners activists protesters diplomats
    lawyers prosecutors ministers lawmakers legislators observers insiders aides allies opponents
    supporters people students teachers workers officers spokesman spokeswoman spokesperson reports
    government ministry officials colleagues friends relatives family neighbours neighbors others
    nobody somebody someone anyone everyone everybody""".split()
)
#: Days, months, holidays and other dates: "on Super Tuesday", "the October report". NER may
#: label them (or a word run into them, "Super") a place or a body; they never speak.
CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december christmas easter thanksgiving halloween
    hanukkah ramadan passover today tonight yesterday tomorrow weekend""".split()
)
#: Months that are also given names ("June", "May"): a person so typed keeps them.
NAME_MONTHS = frozenset({"april", "may", "june", "august"})
#: Words that make a date of a calendar word ("Super Tuesday", "Black Friday", "Christmas Eve").
DATE_WORDS = frozenset(
    """super black cyber giving good holy ash palm day eve night morning afternoon evening last
    next this early late mid""".split()
)
#: Words that head an article's parts, not anyone's name: "Transcript as follows:", "Video
#: Transcript:", "CORRECTION:", "Editorial". A source so named is the article's document.
HEADING_WORDS = frozenset(
    """transcript transcripts editorial editorials update updates updated video videos watch related
    advertisement breaking exclusive opinion commentary analysis photo photos gallery correction
    corrections clarification contributing byline dateline excerpt excerpts highlights recap summary
    revealed full partial text audio""".split()
)
#: Acronyms of a kind of body ("a super PAC", "an NGO"): a description, not a body's name.
KIND_ACRONYMS = frozenset({"pac", "pacs", "ngo", "ngos", "npo", "npos"})

#: Words that open an anonymous description ("a senior official", "two aides").
ANONYMOUS_LEADS = frozenset({"a", "an", "one", "some", "several", "two", "three", "many", "another"})
#: Leading words dropped when names are compared: determiners and courtesy titles.
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def is_person_lemma(lemma: str) -> bool:
    """A noun lemma that names a kind of person ("journalist", "spokeswoman", "economist")."""
    return (
        lemma in PERSON_NOUNS
        or lemma in KIN_NOUNS
        or (lemma.endswith(PERSON_SUFFIXES) and lemma not in ORG_NOUNS)
    )
