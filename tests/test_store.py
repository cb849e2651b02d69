"""The store on SQLite and on a real PostgreSQL: round trips, updates, speakers, claims, search,
corrections, a killed ingest and two ingests at once."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pg_cluster import db_url, pg_cluster  # noqa: F401  (fixtures)
from sqlalchemy import func, select
from store_docs import BBC, GUARDIAN, LBC, document, osechkin_documents
from store_writer import synthetic

from according.errors import StoreError
from according.store import queries
from according.store.corrections import merge_speakers, split_speaker
from according.store.models import ArticleRow, AttributionRow
from according.store.repository import Store

WRITER = Path(__file__).resolve().parent / "store_writer.py"


@pytest.fixture
def store(db_url: str):  # noqa: F811
    with Store(db_url, similarity="lexical") as s:
        yield s


@pytest.fixture
def filled(store: Store) -> Store:
    for doc in osechkin_documents():
        store.save(doc)
    return store


def _speaker_names(store: Store) -> dict[str, list[str]]:
    return {s["name"]: s["aliases"] for s in queries.speakers(store)}


def test_documents_load_back_exactly(store: Store) -> None:
    docs = osechkin_documents()
    first = docs[0].attributions[0]
    assert first.speaker is not None
    resolved = replace(
        first.speaker, mentions=((0, 17), (100, 112)), role="journalist", affiliation="Gulagu.net"
    )
    docs[0] = docs[0].with_attributions([replace(first, speaker=resolved), *docs[0].attributions[1:]])
    ids = [store.save(d).article_id for d in docs]
    assert [store.load(i) for i in ids] == docs


def test_reingest_updates_instead_of_duplicating(store: Store) -> None:
    doc = osechkin_documents()[0]
    first = store.save(doc)
    assert store.save(doc).status == "unchanged"
    changed_text = doc.article.text.replace("six months", "nine months")
    changed = document(
        changed_text,
        [("Vladimir Osechkin", "recruiters promised pardons after nine months", "said")],
        outlet="LBC",
        url=doc.article.canonical_url,
    )
    again = store.save(changed)
    assert (again.status, again.article_id) == ("updated", first.article_id)
    assert store.counts()["articles"] == 1
    assert store.load(first.article_id) == changed
    # the claims only the old version carried are gone, none is left without an appearance
    assert [c["text"] for c in queries.claims(store, queries.ClaimFilter())] == [
        "recruiters promised pardons after nine months"
    ]


def test_articles_without_canonical_url_are_keyed_by_text(store: Store) -> None:
    a = document(
        "Anna Petrova said the river was clean.", [("Anna Petrova", "the river was clean", "said")], url=None
    )
    assert store.save(a).status == "new"
    assert store.save(replace(a, article=replace(a.article, source="elsewhere.txt"))).status == "unchanged"
    b = document(
        "Anna Petrova said the river was dirty.", [("Anna Petrova", "the river was dirty", "said")], url=None
    )
    assert store.save(b).status == "new"
    assert store.counts()["articles"] == 2


def test_name_variants_become_one_speaker_and_namesakes_stay_apart(filled: Store) -> None:
    speakers = _speaker_names(filled)
    assert set(speakers) == {"Vladimir Osechkin", "Anna Osechkin", "Kremlin"}
    assert {"Vladimir Osechkin", "Mr Osechkin", "Osechkin", "the journalist Vladimir Osechkin"} <= set(
        speakers["Vladimir Osechkin"]
    )
    assert set(speakers["Anna Osechkin"]) == {"Anna Osechkin", "Ms Osechkin"}
    assert (
        queries.speaker(filled, "Kremlin")["name"]
        == queries.speaker(filled, "the Kremlin")["name"]
        == "Kremlin"
    )
    filled.save(
        document("Peter Novak said it rained.", [("Peter Novak", "it rained", "said")], url="u:novak")
    )
    assert queries.speaker(filled, "Novak")["name"] == "Peter Novak"  # by surname, never seen alone
    vladimir = queries.speaker(filled, "Mr Osechkin")
    assert vladimir["name"] == "Vladimir Osechkin" and vladimir["type"] == "person"
    assert vladimir["claims"] == 5 and vladimir["outlets"] == {"LBC": 2, "The Times": 2, "The Guardian": 1}


def test_bare_surname_is_not_guessed_when_two_people_share_it(filled: Store) -> None:
    text = (
        "Osechkin said the letters were never answered. Mr Osechkin said he would appeal. "
        "Ms Osechkin said no."
    )
    filled.save(
        document(
            text,
            [
                ("Osechkin", "the letters were never answered", "said"),
                ("Mr Osechkin", "he would appeal", "said"),
                ("Ms Osechkin", "no", "said"),
            ],
            url="https://x.example/1",
        )
    )
    article = queries.article(filled, 5)
    canonical = [a["canonical_speaker"] for a in article["attributions"]]
    assert canonical == ["Osechkin", "Osechkin", "Osechkin"]  # none of them is guessed at
    ids = [a["speaker_id"] for a in article["attributions"]]
    assert len(set(ids)) == 3  # kept apart by the gender their titles tell
    flagged = {s["id"]: s["ambiguous"] for s in queries.speakers(filled)}
    assert all(flagged[i] for i in ids)
    assert not flagged[queries.speaker(filled, "Vladimir Osechkin")["id"]]


def test_first_names_and_initials(store: Store) -> None:
    text = "Boris Johnson said yes. Stanley Johnson said no. B. Johnson said maybe."
    store.save(
        document(text, [("Boris Johnson", "yes", "said"), ("Stanley Johnson", "no", "said")], url="u:1")
    )
    store.save(document(text, [("B. Johnson", "maybe", "said")], url="u:2"))
    names = _speaker_names(store)
    assert set(names) == {"Boris Johnson", "Stanley Johnson"}
    assert "B. Johnson" in names["Boris Johnson"]


def test_unnamed_sources_get_no_canonical_speaker(store: Store) -> None:
    text = "Officials said the new bridge was safe. A senior minister said it was not."
    store.save(
        document(
            text,
            [
                ("Officials", "the new bridge was safe", "said", {"type_": "group"}),
                ("A senior minister", "it was not", "said"),
            ],
        )
    )
    assert queries.speakers(store) == []
    assert {c["speaker"] for c in queries.claims(store, queries.ClaimFilter())} == {None}


def test_claim_first_appearance_echoes_and_chain(filled: Store) -> None:
    [recruits] = queries.claims(filled, queries.ClaimFilter(search="recruited jails"))
    assert recruits["appearances"] == 3 and recruits["outlets"] == 3
    claim = queries.claim(filled, recruits["id"])
    assert claim["first_appearance"]["outlet"] == "The Times"  # earliest date, though stored second
    assert claim["echoed_by"] == ["LBC", "The Guardian"]
    lbc = next(a for a in claim["appearances"] if a["outlet"] == "LBC")
    assert lbc["chain"] == ["LBC", "Vladimir Osechkin", "The Times"]


def test_nested_attribution_chain(store: Store) -> None:
    text = "LBC reported that Osechkin told The Times that the jails in Siberia were emptying."
    doc = document(
        text,
        [
            (
                "LBC",
                "Osechkin told The Times that the jails in Siberia were emptying",
                "reported",
                {"type_": "organization"},
            ),
            ("Osechkin", "the jails in Siberia were emptying", "told", {"channel": "The Times", "parent": 0}),
        ],
        outlet="Daily Example",
    )
    store.save(doc)
    [inner] = queries.claims(store, queries.ClaimFilter(search="emptying", speaker="Osechkin"))
    assert queries.claim(store, inner["id"])["chain"] == ["Daily Example", "LBC", "Osechkin", "The Times"]


def test_same_speaker_different_claims_stay_apart(filled: Store) -> None:
    texts = {c["text"] for c in queries.claims(filled, queries.ClaimFilter(speaker="Vladimir Osechkin"))}
    assert texts == {
        "prisoners were being recruited from jails across the country",
        "the recruiters promised pardons after six months of fighting",
        "the numbers would keep rising",
    }


def test_claim_filters(filled: Store) -> None:
    def ids(**kw) -> set[str]:  # type: ignore[no-untyped-def]
        return {c["text"] for c in queries.claims(filled, queries.ClaimFilter(**kw))}

    assert ids(search="recruit") == {
        "prisoners were being recruited from jails across the country",
        "the recruiters promised pardons after six months of fighting",
        "any recruitment was taking place",
    }  # stemmed on both backends
    assert ids(search='"prison service"') == {"the prison service refused to answer letters"}
    assert ids(search="letters (answer' \"") == {"the prison service refused to answer letters"}
    assert ids(stance="denial") == {"any recruitment was taking place"}
    assert ids(outlet="bbc") == {
        "the families of prisoners had not been told",
        "the prison service refused to answer letters",
    }
    import datetime as dt

    assert len(ids(since=dt.date(2024, 3, 2))) == 4 and len(ids(until=dt.date(2024, 2, 28))) == 2
    assert ids(kind="direct") == set()
    with pytest.raises(StoreError, match="not found"):
        ids(speaker="Nobody Known")


def test_merge_and_split_hold_for_later_ingests(filled: Store) -> None:
    result = split_speaker(filled, "Vladimir Osechkin", "Osechkin")
    assert result["new"] == "Osechkin" and result["attributions_moved"] == 1
    later = document(
        GUARDIAN.replace("prisoners", "convicts"),
        [("Osechkin", "convicts were being recruited from jails across the country", "said")],
        url="https://guardian.example/2",
    )
    filled.save(later)
    assert queries.speaker(filled, "Osechkin")["claims"] == 2  # the split speaker, not Vladimir
    merge_speakers(filled, "Anna Osechkin", "Osechkin")
    anna = queries.speaker(filled, "Anna Osechkin")
    assert anna["claims"] == 4 and "Osechkin" in anna["aliases"]
    with pytest.raises(StoreError, match="already one speaker"):
        merge_speakers(filled, "Anna Osechkin", "Ms Osechkin")
    with pytest.raises(StoreError, match="has no name"):
        split_speaker(filled, "Anna Osechkin", "Nobody")


def test_speaker_lookup_errors(filled: Store) -> None:
    filled.save(
        document(
            BBC.replace("Anna", "Olga"),
            [("Olga Osechkin", "the families of prisoners had not been told", "said")],
            url="https://bbc.example/olga",
        )
    )
    with pytest.raises(StoreError, match="several speakers"):
        queries.speaker(filled, "Osechkin's")
    with pytest.raises(StoreError, match="claim 999"):
        queries.claim(filled, 999)
    with pytest.raises(StoreError, match="article 999"):
        filled.load(999)


def _count(store: Store) -> tuple[int, int]:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(ArticleRow)) or 0, s.scalar(
            select(func.count()).select_from(AttributionRow)
        ) or 0


def test_killed_ingest_leaves_whole_articles_and_a_rerun_resumes(store: Store, db_url: str) -> None:  # noqa: F811
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), db_url, "0", "400"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("stored 15"):
            break
    proc.kill()  # SIGKILL: no cleanup, possibly mid-transaction
    proc.wait()
    articles, attributions = _count(store)
    assert 16 <= articles < 400
    assert attributions == 3 * articles  # no half-stored article
    for i in range(articles + 5):
        store.save(synthetic(i))
    assert _count(store) == (articles + 5, 3 * (articles + 5))


def test_two_ingests_at_once_lose_nothing(store: Store, db_url: str) -> None:  # noqa: F811
    started = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, str(WRITER), db_url, str(first), "30"], stdout=subprocess.DEVNULL)
        for first in (0, 20)
    ]  # overlapping: articles 20..29 are written by both
    assert [p.wait(timeout=300) for p in procs] == [0, 0], (
        f"writers failed after {time.perf_counter() - started:.0f}s"
    )
    assert _count(store) == (50, 150)
    names = [s["name"] for s in queries.speakers(store)]
    assert sorted(names) == sorted(set(names)) and "Anna Petrova" in names


def test_reused_lbc_text_is_one_article(store: Store) -> None:
    a, b = document(LBC, [], outlet="LBC", url=None), document(LBC, [], outlet="LBC", url=None)
    assert store.save(a).article_id == store.save(b).article_id


def _speaker_of(store: Store, article_id: int, position: int = 0) -> str | None:
    return queries.article(store, article_id)["attributions"][position]["canonical_speaker"]


def test_one_person_one_record_across_articles(store: Store) -> None:
    father = "Donald J. Trump said the economy was rigged against working families."
    son = "Donald Trump Jr. said his father would win the election in November."
    pronoun = "I said the vote would be close in every single state."
    said = [
        (father, "Donald J. Trump", "the economy was rigged against working families"),
        (son, "Donald Trump Jr.", "his father would win the election in November"),
        (pronoun, "I", "the vote would be close in every single state"),
    ]
    ids = [
        store.save(document(text, [(who, what, "said")], url=f"u:{i}")).article_id
        for i, (text, who, what) in enumerate(said)
    ]
    assert [_speaker_of(store, i) for i in ids] == ["Donald J. Trump", "Donald Trump Jr.", None]
    bare = "Trump said the wall would be built. Critics disagreed."
    later = store.save(document(bare, [("Trump", "the wall would be built", "said")], url="u:b")).article_id
    record = {s["name"]: s for s in queries.speakers(store)}
    assert record["Trump"]["ambiguous"] and _speaker_of(store, later) == "Trump"  # no evidence: apart
    titled = "Donald J. Trump spoke first. Later Mr. Trump said the rally was the biggest ever seen."
    store.save(document(titled, [("Mr. Trump", "the rally was the biggest ever seen", "said")], url="u:t"))
    reasons = {n["name"]: n["reason"] for n in queries.speaker(store, "Donald J. Trump")["names"]}
    assert "Trump is Donald J. Trump in this article" in reasons["Mr. Trump"]


def test_acronyms_and_their_names_are_one_body(store: Store) -> None:
    first = "The Republican National Committee said the convention would open in July."
    second = "The RNC said fundraising for the convention had doubled since spring."
    org = {"type_": "organization"}
    committee = ("The Republican National Committee", "the convention would open in July", "said", org)
    store.save(document(first, [committee], url="u:1"))
    acronym = ("The RNC", "fundraising for the convention had doubled since spring", "said", org)
    store.save(document(second, [acronym], url="u:2"))
    [rnc] = queries.speakers(store)
    assert rnc["name"] == "Republican National Committee" and rnc["claims"] == 2


def test_a_name_first_seen_in_capitals_takes_its_ordinary_case(store: Store) -> None:
    # a transcript turn or a dateline gives a speaker's first name in capitals; the record
    # shows the name as other articles write it
    org = {"type_": "organization"}
    said = [
        ("HARBOURTON", "the ferry would run again in spring", org),
        ("Harbourton", "the new ferry timetable would be published on Monday", org),
        ("JANE ROE", "the pier would reopen before the summer season", {}),
        ("Jane Roe", "the harbour fees would not rise this year", {}),
    ]
    for i, (who, what, kind) in enumerate(said):
        store.save(document(f"{who} said {what}.", [(who, what, "said", kind)], url=f"u:{i}"))
    names = sorted((s["name"], s["claims"]) for s in queries.speakers(store))
    assert names == [("Harbourton", 2), ("Jane Roe", 2)]


def test_fragments_make_no_claim_and_denials_answer_the_claim(store: Store) -> None:
    text = "The paper reported that the senator took money from foreign donors. Clinton said that."
    taken = "the senator took money from foreign donors"
    report = ("The paper", taken, "reported", {"type_": "organization"})
    store.save(document(text, [report, ("Clinton", "that", "said")], url="u:r"))
    denial = "The senator denied that the senator took money from foreign donors."
    denied_by = ("The senator", taken, "denied", {"stance": "denial"})
    store.save(document(denial, [denied_by], url="u:d"))
    claims = queries.claims(store, queries.ClaimFilter())
    assert len(claims) == 2  # "that" makes none; the denial is its own claim
    denied = next(c for c in claims if c["response"] is None)
    answer = next(c for c in claims if c["response"] == "denial")
    assert answer["responds_to"] == denied["id"]
    assert queries.claim(store, denied["id"])["responses"][0]["kind"] == "denial"
    rows = queries.attribution_rows(store, queries.ClaimFilter(limit=None))
    assert len(rows) == 3 and [r["claim"] for r in rows].count(None) == 1  # the fragment is kept


def test_a_split_gives_back_what_a_merge_took_type_included(filled: Store) -> None:
    merge_speakers(filled, "Vladimir Osechkin", "Kremlin")
    assert {s["name"] for s in queries.speakers(filled)} == {"Vladimir Osechkin", "Anna Osechkin"}
    result = split_speaker(filled, "Vladimir Osechkin", "Kremlin")
    assert (result["new"], result["type"], result["attributions_moved"]) == ("Kremlin", "organization", 1)
    kremlin = queries.speaker(filled, "Kremlin")
    assert kremlin["type"] == "organization" and kremlin["claims"] == 1


DEAL = "the trade deal would protect American workers in every state"


def test_a_bare_surname_joins_the_full_name_named_later_on_evidence(store: Store) -> None:
    first = f"Mr. Obama said {DEAL}."
    store.save(document(first, [("Mr. Obama", DEAL, "said")], url="u:1", published="2024-03-01"))
    assert queries.speaker(store, "Obama")["ambiguous"]  # nobody of that name known yet
    later = f"Barack Obama said {DEAL}, his aides recalled."
    store.save(document(later, [("Barack Obama", DEAL, "said")], url="u:2", published="2024-03-02"))
    [obama] = queries.speakers(store)
    assert obama["name"] == "Barack Obama" and not obama["ambiguous"] and obama["claims"] == 2
    reasons = {n["name"]: n["reason"] for n in queries.speaker(store, "Barack Obama")["names"]}
    assert reasons["Mr. Obama"] == (
        "Obama merged into Barack Obama: repeats words this person said"
    )
    [claim] = queries.claims(store, queries.ClaimFilter())  # one speaker now: one claim
    assert claim["appearances"] == 2
    split = split_speaker(store, "Barack Obama", "Obama")  # reversible, type kept
    assert (split["new"], split["type"], split["attributions_moved"]) == ("Obama", "person", 1)
    again = f"President Barack Obama said {DEAL}, once more."  # new evidence, same words
    store.save(document(again, [("President Barack Obama", DEAL, "said")], url="u:3", published="2024-03-03"))
    assert {s["name"] for s in queries.speakers(store)} == {"Obama", "Barack Obama"}  # the split holds


def test_a_bare_surname_stays_apart_when_two_full_names_share_it(store: Store) -> None:
    said = [
        (f"Obama said {DEAL}.", "Obama", DEAL),
        ("Michelle Obama said school lunches had helped millions of children.", "Michelle Obama",
         "school lunches had helped millions of children"),
        (f"Barack Obama said {DEAL}, his aides recalled.", "Barack Obama", DEAL),
    ]
    for day, (text, who, what) in enumerate(said, 1):
        store.save(document(text, [(who, what, "said")], url=f"u:{day}", published=f"2024-03-0{day}"))
    record = {s["name"]: s for s in queries.speakers(store)}
    assert set(record) == {"Obama", "Michelle Obama", "Barack Obama"}
    assert record["Obama"]["ambiguous"] and record["Obama"]["claims"] == 1


def test_a_bare_surname_joins_a_known_full_name_once_it_gains_the_evidence(store: Store) -> None:
    canal = "the canal expansion would double the national shipping revenue"
    water = "the water reservoirs would be full by the end of the summer"
    said = [
        (f"President Lopez said {canal}.", "President Lopez", canal),
        (f"Maria Lopez said {water}.", "Maria Lopez", water),  # nothing ties the two yet
        (f"President Maria Lopez said {water}, again.", "President Maria Lopez", water),
    ]
    for day, (text, who, what) in enumerate(said, 1):
        store.save(document(text, [(who, what, "said")], url=f"u:{day}", published=f"2024-03-0{day}"))
        if day == 2:
            assert {s["name"] for s in queries.speakers(store)} == {"Lopez", "Maria Lopez"}
    [lopez] = queries.speakers(store)
    assert lopez["name"] == "Maria Lopez" and lopez["claims"] == 3
    reasons = {n["name"]: n["reason"] for n in queries.speaker(store, "Maria Lopez")["names"]}
    assert reasons["President Lopez"] == "Lopez merged into Maria Lopez: same role (president)"


def test_a_claim_stays_anchored_at_its_first_wording(store: Store) -> None:
    # each content close to the one before it, the last far from the first: the ban on Muslims,
    # then the ban with the wall, then the wall alone are two claims, not one that drifted
    ban = "a temporary ban on Muslims entering the country"
    both = "a temporary ban on Muslims entering the country and a wall on the Mexican border"
    wall = "to build a wall on the Mexican border and make Mexico pay"
    for day, content in enumerate((ban, both, wall), start=1):
        text = f"Dana Reyes said {content}."
        said = document(text, [("Dana Reyes", content, "said")], url=f"u:{day}", published=f"2024-03-0{day}")
        store.save(said)
    claims = {c["text"]: c for c in queries.claims(store, queries.ClaimFilter())}
    assert set(claims) == {ban, wall}
    assert claims[ban]["appearances"] == 2 and claims[wall]["appearances"] == 1
