"""Per-document limits: long texts in parts (offsets exact), over-long and over-slow documents
refused with one line, and the batch's error boundary (one item's failure is its own line)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from according import batch
from according.document import Article, Attribution, Content, Document, Span, Speaker
from according.errors import InputError, LimitError, ModelError
from according.limits import LimitedExtractor, Limits, split_parts, unsupported_script


class SaidExtractor:
    """A fast stand-in: every "said" is a cue with the rest of its line as content, and the
    second "said" of a line is nested in the first (parent). Refuses texts over ``max_length``
    the way spaCy does (E088)."""

    name = "said"

    def __init__(self, max_length: int = 10**9, fail_on: str | None = None, sleep: float = 0.0) -> None:
        self.max_length = max_length
        self.fail_on = fail_on
        self.sleep = sleep
        self.seen: list[int] = []

    def extract(self, article: Article) -> Document:
        text = article.text
        self.seen.append(len(text))
        if len(text) > self.max_length:
            raise ValueError(f"[E088] Text of length {len(text)} exceeds maximum of {self.max_length}.")
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("a bug in an extractor")
        if self.sleep:
            time.sleep(self.sleep)
        found: list[Attribution] = []
        for line in re.finditer(r"[^\n]+", text):
            first = None
            for m in re.finditer(r"said", line[0]):
                start = line.start() + m.start()
                content = (start + 5, line.end()) if start + 5 < line.end() else (start, start + 4)
                found.append(
                    Attribution(
                        kind="indirect",
                        cue=Span.of(text, start, start + 4),
                        content=Content.of(text, [content]),
                        # offsets inside the speaker too, so parts must shift them as well
                        speaker=Speaker("someone", "person", mentions=((line.start(), start),)),
                        parent=first,
                    )
                )
                first = len(found) - 1 if first is None else first
        return Document(article=article, attributions=tuple(found))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        for article in list(articles):
            yield self.extract(article)


def _check_offsets(doc: Document) -> None:
    text = doc.article.text
    for a in doc.attributions:
        assert text[a.cue.start : a.cue.end] == a.cue.text
        for s, e in a.content.spans:
            assert 0 <= s <= e <= len(text)
        for s, e in a.speaker.mentions if a.speaker else ():
            assert 0 <= s < e <= len(text)
        assert a.parent is None or doc.attributions[a.parent].cue.start < a.cue.start


@given(
    st.text(alphabet=st.sampled_from("ab .\n。"), max_size=3000),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1, max_value=200),
)
@settings(max_examples=150, deadline=None)
def test_parts_cover_the_text_in_order_within_their_sizes(text: str, part: int, run: int) -> None:
    parts = split_parts(text, part, run)
    assert "".join(text[a:b] for a, b in parts) == text
    assert all(a < b or len(text) == 0 for a, b in parts)
    assert all(b - a <= part for a, b in parts)
    assert [p[0] for p in parts[1:]] == [p[1] for p in parts[:-1]]


def test_parts_end_at_paragraph_breaks_when_there_are_some() -> None:
    text = "\n\n".join(f"Paragraph {i} said something quite long here." for i in range(200))
    for start, end in split_parts(text, 1000)[:-1]:
        assert text[end - 2 : end] == "\n\n" and end - start <= 1000


def test_a_text_over_the_parser_limit_is_extracted_in_parts_with_exact_offsets() -> None:
    # spaCy refuses a text over its max_length (E088): the 'said ' * 250000 crashed the batch.
    inner = SaidExtractor(max_length=2_000)
    text = "\n\n".join(f"The mayor said item {i} is done, and aides said so too." for i in range(400))
    whole = SaidExtractor().extract(Article(text=text))
    doc = LimitedExtractor(inner, Limits(part_chars=1_500)).extract(Article(text=text, source="long.txt"))
    assert max(inner.seen) <= 1_500 and len(inner.seen) > 10
    assert doc.article.text == text
    _check_offsets(doc)
    assert doc.attributions == whole.attributions  # parts cut at paragraphs: nothing lost


def test_the_real_spacy_refusal_is_avoided(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    from according.attribution.rules import RuleExtractor

    monkeypatch.setattr(nlp, "max_length", 3_000)
    rules = RuleExtractor()
    text = "\n\n".join(f'"We will rebuild pier {i}," the mayor said.' for i in range(120))
    with pytest.raises(ValueError, match="E088"):
        rules.extract(Article(text=text))
    doc = LimitedExtractor(rules, Limits(part_chars=2_000)).extract(Article(text=text))
    assert len(doc.attributions) == 120
    _check_offsets(doc)
    # the speaker's mention chain is shifted with the rest: it still points at "the mayor"
    mentions = {doc.text[s:e] for a in doc.attributions for s, e in a.speaker.mentions}  # type: ignore[union-attr]
    assert mentions == {"the mayor"}


def test_too_long_and_too_slow_documents_raise_limit_errors_naming_them() -> None:
    limited = LimitedExtractor(SaidExtractor(), Limits(max_chars=100))
    with pytest.raises(LimitError, match=r"big\.txt: text is 101 characters, over the 100-character"):
        limited.extract(Article(text="x" * 101, source="big.txt"))
    slow = LimitedExtractor(SaidExtractor(sleep=5), Limits(base_seconds=0.3, seconds_per_1000_chars=0))
    started = time.monotonic()
    with pytest.raises(LimitError, match=r"slow\.txt: extraction took over its 0.3s budget"):
        slow.extract(Article(text="He said so.", source="slow.txt"))
    assert time.monotonic() - started < 2


def test_a_language_without_latin_letters_gets_no_attributions_and_a_plain_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "北港市議会は十三日、市の中心部と港を結ぶ橋を、来年四月から一年間閉鎖すると発表した。said"
    assert unsupported_script(text) and not unsupported_script("The mayor said so, naïvely.")
    doc = LimitedExtractor(SaidExtractor()).extract(Article(text=text, source="ja.html"))
    assert doc.attributions == ()
    assert "ja.html" in caplog.text and "supports English only" in caplog.text


def _run(monkeypatch: pytest.MonkeyPatch, inner: object, articles: list[Article], **options):
    monkeypatch.setattr(batch, "load_extractor", lambda model, spacy_model: inner)
    return list(batch.extract_articles(articles, batch.ExtractOptions(**options)))


def test_an_unexpected_exception_is_that_items_error_line_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [Article(text=f"Officer {i} said yes.", source=f"a{i}.txt") for i in range(5)]
    articles[2] = Article(text="boom said", source="bad.txt")
    out = _run(monkeypatch, SaidExtractor(fail_on="boom"), articles)
    assert [type(x).__name__ for x in out] == ["Document"] * 2 + ["UnexpectedError"] + ["Document"] * 2
    assert str(out[2]).startswith("bad.txt: extraction failed unexpectedly (RuntimeError: a bug")


def test_a_model_that_cannot_load_fails_the_run_once(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(SaidExtractor):
        def extract(self, article: Article) -> Document:
            raise ModelError("cannot load spaCy pipeline 'nope'")

    articles = [Article(text=f"{i} said", source=f"{i}.txt") for i in range(30)]
    with pytest.raises(ModelError):
        _run(monkeypatch, Broken(), articles)
    with pytest.raises(ModelError, match="not an installed package or a directory"):
        _run(monkeypatch, SaidExtractor(), articles, spacy_model="no_such_pipeline_xyz")


def test_limit_errors_travel_back_from_worker_processes() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(LimitError("a.txt", "too long")))
    assert isinstance(error, LimitError) and str(error) == "a.txt: too long"
    assert isinstance(pickle.loads(pickle.dumps(InputError("b", "c"))), InputError)
