"""One extractor whichever door: the spaCy component gives what ``according.extract`` gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import according
import according.nlp.component  # noqa: F401  (registers the "according" factory)
from according.attribution import shipped_model_available
from according.errors import ModelError

SAMPLES = sorted((Path(according.__file__).parent / "samples").glob("*.txt"))


def _component_attributions(nlp, model: str, text: str):
    nlp.add_pipe("according", last=True, config={"model": model})
    try:
        return nlp(text)._.attributions
    finally:
        nlp.remove_pipe("according")


@pytest.mark.parametrize("model", ["default", "rules"])
def test_component_matches_extract_on_the_samples(nlp, model: str) -> None:
    if model == "default" and not shipped_model_available():
        pytest.skip("no trained model shipped")
    assert SAMPLES
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        expected = according.extract(text, model=model).attributions
        assert expected, sample.name
        assert _component_attributions(nlp, model, text) == expected, sample.name


def test_component_default_is_the_default_extractor(nlp) -> None:
    nlp.add_pipe("according", last=True)
    try:
        component = nlp.get_pipe("according")
        assert component.extractor.name == according.load_extractor().name
    finally:
        nlp.remove_pipe("according")


def test_component_with_an_unknown_model_is_a_model_error(nlp) -> None:
    with pytest.raises(ModelError, match="no-such-model"):
        nlp.add_pipe("according", config={"model": "no-such-model"})
    assert "according" not in nlp.pipe_names
