"""Words that signal attribution, each with the stance it lends the claim.

Why a hand-kept lexicon: a reporting verb is what turns a clause into someone's claim, and the
verb itself says how firmly the writer passes the claim on ("said" reports, "insisted" asserts,
"claimed" distances, "revealed" treats it as fact). The entries were chosen from the cue words
that recur in news attribution (PolNeAR's training split was used to check coverage, not to
copy strings); they are lemmas, so "says", "said" and "saying" all match ``say``.

The stances are the ones in ``according.document.STANCES``:
report, assert, distance, belief, speculation, factive, denial.
"""

from __future__ import annotations

from typing import Final

from ...document import Stance


def _entries(stance: Stance, words: str) -> dict[str, Stance]:
    return {w: stance for w in words.split()}


#: Verbs whose subject is the source and whose complement (clause, quote or object) is the content.
CUE_VERBS: Final[dict[str, Stance]] = {
    **_entries(
        "report",
        "say tell add write state note explain announce report tweet post describe call ask respond "
        "reply answer continue mention comment remark recall declare testify speak talk discuss quote "
        "cite read detail outline list summarize characterize label dub brand term refer recount "
        "relay convey inform notify tout highlight point echo reference indicate signal hint "
        "propose recommend urge demand order rule request invite encourage advise "
        "criticize criticise accuse blame praise attack defend endorse complain question mock blast "
        "slam condemn denounce decry lament thank applaud commend chide scold rebuke ridicule "
        "deride lambaste berate castigate fault chastise taunt tease joke quip boast brag "
        "shout yell scream whisper exclaim sigh snap retort muse chuckle laugh smile marvel gush "
        "fume rant thunder cry mutter grumble sneer argue urge plead beg caution advise "
        "predict forecast estimate project calculate promote champion lobby campaign "
        "support back oppose favor favour agree disagree object protest challenge "
        "describe portray paint frame cast depict characterise show name express identify remind "
        "convince persuade chant rail title credit nominate offer vote",
    ),
    **_entries(
        "assert",
        "insist maintain assert argue stress emphasize emphasise contend vow pledge promise warn "
        "assure reiterate repeat underscore swear guarantee affirm proclaim declare charge "
        "threaten predict push press advocate",
    ),
    **_entries("distance", "claim allege purport accuse charge"),
    **_entries(
        "belief",
        "believe think fear hope worry feel expect suspect doubt assume consider guess want wish "
        "plan intend seek prefer hate dislike love like see view regard understand recognise "
        "recognize imagine suppose presume figure reckon trust anticipate dread envision envisage "
        "decide aim desire care wonder question agree deem embrace focus hop",
    ),
    **_entries(
        "speculation",
        "seem appear speculate suggest imply rumor rumour theorize theorise surmise hypothesize",
    ),
    **_entries(
        "factive",
        "reveal confirm learn find show discover acknowledge admit concede realize realise know "
        "prove demonstrate disclose notice establish determine conclude verify document observe remember "
        "witness hear see",
    ),
    **_entries(
        "denial",
        "deny reject dismiss refute dispute rebut disavow contradict downplay decline refuse "
        "repudiate disclaim scoff",
    ),
}

#: Nouns naming an act of saying or an attitude; the possessor or "by"-phrase is the source.
CUE_NOUNS: Final[dict[str, Stance]] = {
    **_entries(
        "report",
        "statement remark comment announcement testimony message speech "
        "account description words letter memo email op-ed editorial column response reply answer "
        "explanation call demand plea request proposal recommendation order ruling decision "
        "criticism praise attack complaint question plan promise endorsement "
        "report reports view remarks comments",
    ),
    **_entries("assert", "argument assertion insistence warning pledge vow assurance threat contention"),
    **_entries("distance", "claim allegation accusation charge"),
    **_entries(
        "belief",
        "belief fear hope concern worry view opinion expectation prediction estimate suspicion "
        "doubt impression feeling assumption conviction desire wish intention "
        "intent goal perception thinking position stance opposition",
    ),
    **_entries("speculation", "speculation rumor rumour suggestion theory conjecture guess hint"),
    **_entries(
        "factive",
        "admission revelation confirmation finding conclusion acknowledgment acknowledgement "
        "discovery proof recognition",
    ),
    **_entries("denial", "denial rejection refusal dismissal rebuttal"),
}

#: Adjectives that make "X is worried that ..." an attribution of an attitude to X.
CUE_ADJECTIVES: Final[dict[str, Stance]] = {
    **_entries(
        "belief",
        "worried concerned confident sure certain convinced afraid hopeful optimistic pessimistic "
        "skeptical sceptical unsure doubtful fearful anxious glad pleased proud angry upset "
        "frustrated disappointed surprised shocked sorry eager determined keen willing reluctant "
        "opposed committed satisfied unhappy furious outraged nervous",
    ),
    **_entries("assert", "adamant emphatic insistent clear"),
    **_entries("speculation", "unclear"),
    **_entries("factive", "aware conscious"),
}

#: Verbs that introduce a quotation on their own ("'No,' he laughed"), but seldom a clause.
MANNER_OF_SPEAKING: Final[frozenset[str]] = frozenset(
    "joke quip shout yell scream whisper exclaim sigh snap retort muse chuckle laugh smile marvel "
    "gush fume rant thunder cry mutter grumble sneer continue add answer reply respond recall "
    "explain note write tweet post ask say tell declare insist argue warn concede".split()
)

#: spaCy's lemmatiser turns "hoping"/"hoped" into "hop"; the entry above maps it to a belief.

#: Verbs that count as cues only when a clause or quote follows (their bare object is an action:
#: "she called the office", "he read the book", "they see the car").
NEED_CLAUSE: Final[frozenset[str]] = frozenset(
    "call read see hear find show learn post write answer continue ask point "
    "question care like love aim decide cast paint frame figure project calculate "
    "campaign lobby champion challenge object protest understand observe witness document "
    "determine establish offer vote focus push press rail title".split()
)

#: Verbs that are attributions only with a reported clause ("knows that ...", "saw that ...")
#: or a quotation; with a plain object they mostly describe perception or action.
CLAUSE_ONLY: Final[frozenset[str]] = frozenset(
    "see know feel hear determine discover prove demonstrate imagine suppose assume figure "
    "maintain underscore guarantee contradict detail learn understand realize realise "
    "notice observe establish verify document witness conclude speak talk invite encourage advise "
    "laugh smile".split()
)

#: Verbs that report speech only when they introduce a quotation ("'No,' he continued");
#: otherwise they are aspect ("continued to rise").
QUOTE_ONLY: Final[frozenset[str]] = frozenset({"continue", "go", "chime", "pipe"})

#: Verbs of saying that may stand as a parenthetical ("Greensboro, he said, made him ..."):
#: the rest of the sentence is then the content.
PARENTHETICAL: Final[frozenset[str]] = frozenset(
    "say add write note explain tell recall insist argue claim contend believe think suggest "
    "predict warn estimate acknowledge concede report".split()
)

#: Verbs of saying whose indirect object is the addressee, not the content ("told The Times").
ADDRESSEE_VERBS: Final[frozenset[str]] = frozenset(
    "tell inform notify assure warn remind advise ask urge promise write email text".split()
)

#: Passive "X is said/believed/expected to ..." and "it is claimed that ..." (no source).
RAISING_PASSIVES: Final[frozenset[str]] = frozenset(
    "say claim allege believe think expect report rumor rumour know consider understand find show "
    "suppose presume fear suspect estimate predict project see view regard describe".split()
)

#: Verbs of finding out: in the passive they report a claim only with a clause ("it was found
#: that ...", "X was shown to ..."); "the bodies were found near the river" is an event.
FINDING_VERBS: Final[frozenset[str]] = frozenset(
    "find show discover detect prove demonstrate establish determine uncover".split()
)

#: "X seems/appears to be Y": an impression with no one named; content = X + "to be Y".
RAISING_ACTIVES: Final[frozenset[str]] = frozenset({"seem", "appear"})


def stance_of(lemma: str) -> Stance | None:
    """The stance a cue word lends its claim, or None when the word is not a cue."""
    lemma = lemma.lower()
    return CUE_VERBS.get(lemma) or CUE_NOUNS.get(lemma) or CUE_ADJECTIVES.get(lemma)
