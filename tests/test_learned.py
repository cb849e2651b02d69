"""The shipped trained model: loads from the package, finds attributions in a fresh article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import according
from according.attribution import SHIPPED_MODEL_DIR, default_model, load_extractor
from according.document import Article
from according.errors import ModelError

ARTICLE = (
    "Harbor City will close its oldest bridge for repairs, officials said on Tuesday.\n\n"
    '"The steel is tired and we cannot wait any longer," Mayor Dana Ortiz told reporters. '
    '"We will reopen it in May."\n\n'
    "Shop owners on Front Street said the closure would cost them customers during the summer."
)


@pytest.fixture(scope="module")
def document():
    return load_extractor("default").extract(Article(text=ARTICLE))


def test_the_package_ships_a_small_model():
    config = json.loads((SHIPPED_MODEL_DIR / "config.json").read_text())
    size = sum(p.stat().st_size for p in SHIPPED_MODEL_DIR.iterdir())
    assert config["format"] == "according-tagger/1" and "PolNeAR train" in config["training_data"]
    assert size < 60 * 1024 * 1024
    assert default_model() == "default"


def test_shipped_model_finds_the_quote_and_its_speaker(document):
    assert document.attributions, "no attribution found"
    for att in document.attributions:
        for span in (att.cue, att.source):
            if span is not None:
                assert ARTICLE[span.start : span.end] == span.text
        assert all(0 <= s < e <= len(ARTICLE) for s, e in att.content.spans)
    quoted = [a for a in document.attributions if "steel is tired" in a.content.text]
    assert quoted, [a.content.text for a in document.attributions]
    assert quoted[0].source is not None and "Ortiz" in quoted[0].source.text
    assert "told" in quoted[0].cue.text
    assert any(
        "closure" in a.content.text and a.source and "owners" in a.source.text for a in document.attributions
    )


def test_not_a_model_directory_is_a_one_line_error(tmp_path):
    (tmp_path / "config.json").write_text('{"format": "something-else"}')
    with pytest.raises(ModelError, match="not an according-tagger/1 model"):
        load_extractor(str(tmp_path))


@pytest.mark.parametrize("threads", [1, 2])
def test_streaming_tags_ahead_and_gives_what_single_articles_give(threads):
    # with two cores extract_many tags the next batch on a second thread while spaCy parses this
    # one (with one it takes them in turn): the documents must equal one-at-a-time extraction,
    # in input order, across batch boundaries
    samples = sorted((Path(according.__file__).parent / "samples").glob("*.txt"))
    extractor = load_extractor("default")
    extractor.batch_size = 2
    extractor.tagger.threads = threads
    texts = [p.read_text(encoding="utf-8") for p in samples] + [ARTICLE, ARTICLE.replace("Tuesday", "Monday")]
    articles = [Article(text=t) for t in texts]
    assert len(articles) == 5  # three batches, the last one short
    streamed = list(extractor.extract_many(articles))
    assert [d.to_json() for d in streamed] == [extractor.extract(a).to_json() for a in articles]
    # a consumer that stops early leaves no tagging thread behind
    stream = extractor.extract_many(articles)
    next(stream)
    stream.close()
