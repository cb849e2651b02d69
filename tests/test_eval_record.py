"""The record evaluation's plumbing on a tiny PolNeAR-shaped corpus written for the test, with a
stand-in extractor: pairs load, texts are checked, articles are stored in publication order,
gold spans map to stored attributions, and pairwise scores, coverage and floors come out right."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from according.analysis.similarity import LexicalSimilarity
from according.document import Article, Attribution, Content, Document, Span, Speaker
from according.errors import InputError
from according.eval.record import (
    Mapped,
    PairScores,
    below_floors,
    claim_miss,
    evaluate_record,
    pin_floors,
    speaker_miss,
)

TEXTS = {
    "dev:daily_2020-01-02_pier": (
        "Mayor Jane Smith said the new pier will reopen in early June. "
        "John Smith said the old pier is unsafe for fishing boats.\n"
    ),
    "train:herald_2020-01-01_pier": (
        "Jane Smith, the mayor, said the new pier will reopen in early June. "
        "Residents said parking near the harbour is impossible.\n"
    ),
}
# (speaker name or None, source phrase, cue, content phrase) per article
SAID = {
    "dev:daily_2020-01-02_pier": [
        ("Jane Smith", "Mayor Jane Smith", "said", "the new pier will reopen in early June"),
        ("John Smith", "John Smith", "said", "the old pier is unsafe for fishing boats"),
    ],
    "train:herald_2020-01-01_pier": [
        ("Jane Smith", "Jane Smith, the mayor,", "said", "the new pier will reopen in early June"),
        (None, "Residents", "said", "parking near the harbour is impossible"),
    ],
}


class CannedExtractor:
    """Returns the attributions written above for each text it knows."""

    name = "canned"

    def __init__(self) -> None:
        self.by_text = {TEXTS[k]: SAID[k] for k in TEXTS}
        self.seen: list[str] = []

    def extract(self, article: Article) -> Document:
        self.seen.append(article.source or "")
        text, found = article.text, []
        for speaker, source, cue, content in self.by_text[text]:
            s, c, q = text.index(source), text.index(content), text.index(cue, text.index(source))
            found.append(
                Attribution(
                    kind="indirect",
                    cue=Span.of(text, q, q + len(cue)),
                    content=Content.of(text, [(c, c + len(content))]),
                    source=Span.of(text, s, s + len(source)),
                    speaker=Speaker(speaker, "person") if speaker else None,
                )
            )
        return Document(article, tuple(found))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        return map(self.extract, articles)


def _span(doc: str, phrase: str) -> list[int]:
    start = TEXTS[doc].index(phrase)
    return [start, start + len(phrase)]


def _side(doc: str, phrase: str, key: str) -> dict:  # type: ignore[type-arg]
    span = _span(doc, phrase)
    value = span if key == "source" else [span]
    return {"doc": f"polnear:{doc}", key: value, "source_text" if key == "source" else "content_text": phrase}


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path, Path]:
    for key, text in TEXTS.items():
        split, name = key.split(":")
        folder = tmp_path / "polnear" / split / "text"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    dev, train = "dev:daily_2020-01-02_pier", "train:herald_2020-01-01_pier"
    speakers = [
        {"a": _side(dev, "Mayor Jane Smith", "source"), "b": _side(train, "Jane Smith, the mayor,", "source"),
         "same": True, "category": "title"},
        {"a": _side(dev, "John Smith", "source"), "b": _side(train, "Jane Smith, the mayor,", "source"),
         "same": False, "category": "namesake"},
        {"a": _side(dev, "John Smith", "source"), "b": _side(train, "Residents", "source"),
         "same": False, "category": "group"},
    ]  # fmt: skip
    claims = [
        {"a": _side(dev, "the new pier will reopen in early June", "content"),
         "b": _side(train, "the new pier will reopen in early June", "content"), "same": True,
         "relation": "verbatim"},
        {"a": _side(dev, "the old pier is unsafe for fishing boats", "content"),
         "b": _side(train, "the new pier will reopen in early June", "content"), "same": False,
         "relation": "different"},
        {"a": _side(dev, "Mayor Jane Smith said", "content"),
         "b": _side(train, "parking near the harbour", "content"), "same": True, "relation": "paraphrase"},
    ]  # fmt: skip
    paths = []
    for name, rows in (("speakers.jsonl", speakers), ("claims.jsonl", claims)):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(path)
    return tmp_path / "polnear", paths[0], paths[1]


def test_scores_coverage_and_publication_order(corpus: tuple[Path, Path, Path]) -> None:
    root, speaker_pairs, claim_pairs = corpus
    extractor = CannedExtractor()
    report = evaluate_record(
        root, speaker_pairs=speaker_pairs, claim_pairs=claim_pairs, extractor=extractor
    )
    assert extractor.seen == ["polnear:train/herald_2020-01-01_pier", "polnear:dev/daily_2020-01-02_pier"]
    speakers = report.speakers
    assert (speakers.record.tp, speakers.record.fp, speakers.record.fn, speakers.record.tn) == (1, 0, 0, 2)
    claims = report.claims
    assert (claims.record.tp, claims.record.fp, claims.record.fn, claims.record.tn) == (1, 0, 0, 1)
    # the third pair's first span is no extracted content: outside the record scope, a miss end to end
    assert (claims.end_to_end.tp, claims.end_to_end.fn, claims.end_to_end.tn) == (1, 1, 1)
    assert claims.coverage == pytest.approx(2 / 3) and [w["line"] for w in claims.wrong] == [3]
    assert not claims.wrong[0]["mapped"] and claims.wrong[0]["why"].startswith("unmapped:")
    assert not claims.misses  # counted over the pairs that map
    assert report.model == "canned" and report.articles == 2
    figures = report.figures()
    assert figures["speakers/record/precision"] == 1.0 and figures["claims/end_to_end/recall"] == 0.5


def test_a_different_polnear_copy_is_refused(corpus: tuple[Path, Path, Path]) -> None:
    root, speaker_pairs, claim_pairs = corpus
    text = root / "dev" / "text" / "daily_2020-01-02_pier.txt"
    text.write_text("Changed. " + text.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="differs from the one"):
        evaluate_record(
            root, speaker_pairs=speaker_pairs, claim_pairs=claim_pairs, extractor=CannedExtractor()
        )


def test_unmapped_spans_count_against_end_to_end_only() -> None:
    scores = PairScores().add(True, True).add(False, True)
    assert (scores.precision, scores.recall, scores.pairs) == (1.0, 0.5, 2)


def test_floors_are_raised_only_while_the_data_is_the_same(
    corpus: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    root, speaker_pairs, claim_pairs = corpus
    report = evaluate_record(
        root, speaker_pairs=speaker_pairs, claim_pairs=claim_pairs, extractor=CannedExtractor()
    )
    floors_file = tmp_path / "floors.json"
    floors = pin_floors(floors_file, report)
    assert floors["claims/end_to_end/recall"] == pytest.approx(0.49)
    assert below_floors(report.figures(), floors) == []
    data = json.loads(floors_file.read_text())
    data["floors"]["claims/end_to_end/recall"] = 0.9
    floors_file.write_text(json.dumps(data))
    assert pin_floors(floors_file, report)["claims/end_to_end/recall"] == 0.9  # never lowered
    assert below_floors(report.figures(), {"claims/end_to_end/recall": 0.9}) == [
        "claims/end_to_end/recall 0.5000 < floor 0.9000"
    ]


def test_audit_of_a_store_counts_what_the_checks_look_for(tmp_path: Path) -> None:
    from store_docs import document

    from according.eval.record import audit
    from according.store.repository import Store

    with Store(str(tmp_path / "audit.db"), similarity="lexical") as store:
        for i, (text, who) in enumerate(
            [
                ("Donald J. Trump said same-sex marriage was settled.", "Donald J. Trump"),
                ("Donald Trump Jr. said same-sex marriage was settled.", "Donald Trump Jr."),
                ("You said same-sex marriage was settled.", "You"),
            ]
        ):
            store.save(document(text, [(who, "same-sex marriage", "said")], url=f"u:{i}"))
        found = audit(store)
    assert {k: v["count"] for k, v in found.items()} == {
        "suffix": 0,
        "pronoun": 0,
        "surname_named": 0,
        "short_group": 0,
    }


def test_the_command_names_a_missing_polnear(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from according.cli import app

    result = CliRunner().invoke(app, ["evaluate", "--record", "--polnear", str(tmp_path)])
    assert result.exit_code == 2
    assert "no PolNeAR 'train' split here" in result.stderr


def test_an_article_the_extractor_breaks_on_is_reported_not_fatal(corpus: tuple[Path, Path, Path]) -> None:
    root, speaker_pairs, claim_pairs = corpus

    class Breaks(CannedExtractor):
        def extract(self, article: Article) -> Document:
            if article.text.startswith("Mayor"):
                raise IndexError("list index out of range")
            return super().extract(article)

    report = evaluate_record(root, speaker_pairs=speaker_pairs, claim_pairs=claim_pairs, extractor=Breaks())
    assert report.failed == [
        "polnear:dev/daily_2020-01-02_pier: extraction failed unexpectedly "
        "(IndexError: list index out of range); please report it"
    ]
    assert report.speakers.coverage == 0.0 and report.speakers.end_to_end.pairs == 3


def test_cached_documents_are_read_back_without_the_extractor(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import according.batch
    from according.batch import ExtractOptions
    from according.eval.doccache import DocumentCache, Failed, extract_cached, fingerprint, text_digest

    key = "dev:daily_2020-01-02_pier"
    article = Article(text=TEXTS[key], source="a")
    broken = Article(text="It broke here.", source="b")
    document = CannedExtractor().extract(article)
    cache = DocumentCache(tmp_path / "cache")
    cache.put(fingerprint("rules"), text_digest(article.text), document)
    cache.put(fingerprint("rules"), text_digest(broken.text), Failed("IndexError: boom"))

    def no_extractor(*_args: object) -> None:
        raise AssertionError("a cached run loaded the extractor")

    monkeypatch.setattr(according.batch, "load", no_extractor)
    failed: list[str] = []
    again = DocumentCache(tmp_path / "cache")  # a later run: read from disk
    out = list(extract_cached([broken, article], ExtractOptions(model="rules"), again, failed=failed))
    assert out[1].attributions == document.attributions and out[1].article is article
    assert out[0].attributions == () and failed == ["b: IndexError: boom"]
    # another extractor (or its code or model changed): another key, nothing read back
    assert fingerprint("rules") != fingerprint("default")
    assert again.get(fingerprint("default"), text_digest(article.text)) is None


def test_a_stand_in_extractor_is_never_cached_on_disk(
    corpus: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from according.eval.doccache import DocumentCache

    root, speaker_pairs, claim_pairs = corpus
    cache = DocumentCache(tmp_path / "cache")
    extractor = CannedExtractor()
    pairs = {"speaker_pairs": speaker_pairs, "claim_pairs": claim_pairs}
    evaluate_record(root, **pairs, extractor=extractor, cache=cache)
    assert not (tmp_path / "cache").exists() and len(extractor.seen) == 2


def test_each_misjudged_pair_says_why() -> None:
    pier = "the new pier will reopen in June"
    jane = Mapped(1, speaker_id=7, claim_id=3, speaker="Jane Smith", content=pier)
    she = Mapped(2, speaker_id=None, claim_id=4, name="she", content="the harbour will close for good")
    john = Mapped(3, speaker_id=8, claim_id=5, speaker="John Smith", content=pier)
    assert speaker_miss(jane, Mapped(None), True).startswith("unmapped:")
    assert speaker_miss(jane, she, True).startswith("no canonical speaker: 'she'")
    assert speaker_miss(jane, john, True).startswith("different speakers:")
    assert speaker_miss(jane, jane, False).startswith("merged:")
    explain = claim_miss(LexicalSimilarity())
    assert explain(jane, john, True).startswith("different speakers:")
    assert explain(jane, she, True).startswith("one speaker unknown, dissimilar: similarity 0.")
    again = Mapped(4, speaker_id=7, claim_id=6, content=pier)
    assert explain(jane, again, True).startswith("same speaker, similar but apart: similarity 0.98")
    assert explain(jane, Mapped(5, speaker_id=7, claim_id=None, content="the pier"), True).startswith(
        "no substance:"
    )
    assert explain(jane, again, False).startswith("grouped:")


def test_articles_are_read_as_ingest_reads_them_with_gold_offsets_moved(tmp_path: Path) -> None:
    """A scraped article with mojibake ("PeÃ±a") is repaired as ``according ingest`` repairs
    it, and the gold spans, labelled on the file's text, land on the same words."""
    from according.eval.record import check_texts, load_pairs, read_articles

    raw = "Mayor Enrique PeÃ±a Nieto said the pier will reopen. JosÃ© Ana said it will not.\n"
    folder = tmp_path / "polnear" / "dev" / "text"
    folder.mkdir(parents=True)
    (folder / "daily_2020-01-02_pier.txt").write_text(raw, encoding="utf-8")
    doc = "polnear:dev:daily_2020-01-02_pier"

    def side(phrase: str) -> dict:  # type: ignore[type-arg]
        start = raw.index(phrase)
        return {"doc": doc, "source": [start, start + len(phrase)], "source_text": phrase}

    pairs_file = tmp_path / "pairs.jsonl"
    row = {"a": side("Enrique PeÃ±a Nieto"), "b": side("JosÃ© Ana"), "same": False, "category": "x"}
    pairs_file.write_text(json.dumps(row) + "\n", encoding="utf-8")
    sources = read_articles(tmp_path / "polnear", [doc])
    text = sources[doc].article.text
    assert "Enrique Peña Nieto" in text and "José Ana" in text and "Ã" not in text
    (pair,) = check_texts(load_pairs(pairs_file, "source"), sources)
    assert [text[s:e] for s, e in (*pair.a.spans, *pair.b.spans)] == ["Enrique Peña Nieto", "José Ana"]
    assert sources[doc].moved((0, 5)) == (0, 5)  # before any repair: unchanged


def test_offsets_move_line_by_line_and_across_changed_lines_alike() -> None:
    """The repaired copy is aligned line by line when it keeps the lines, whole otherwise; both
    put every edge of an unchanged word where it is, and an edge inside a repair at its end."""
    from according.eval.record import _offsets

    raw = "Sen. JosÃ© Ana said\nno.\nPeÃ±a Nieto said yes.\n"
    for text in (raw.replace("Ã©", "é").replace("Ã±", "ñ"), "Sen. José Ana said no.\nPeña Nieto said yes.\n"):
        move = _offsets(raw, text)
        for word in ("Sen.", "Ana said", "Nieto said yes."):
            start = raw.index(word)
            s, e = move((start, start + len(word)))
            assert text[s:e] == word, (text, word)
        s, e = move((raw.index("JosÃ©"), raw.index(" Ana")))
        assert text[s:e] == "José"
        s, e = move((raw.index("PeÃ±a"), raw.index("PeÃ±a") + len("PeÃ±a")))
        assert text[s:e] == "Peña"
