"""The word rarity table claim grouping weighs words by."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from according.analysis import rarity
from according.analysis.similarity import content_words


def test_common_news_words_weigh_least_and_unseen_words_most() -> None:
    (united,) = content_words("united")
    (waterboarding,) = content_words("waterboarding")
    unseen = "zqxvvy"
    assert 1.0 <= rarity.weight(united) < rarity.weight(waterboarding) <= rarity.weight(unseen)


def test_the_shipped_table_counts_the_polnear_training_articles() -> None:
    documents, counts = rarity._table()
    assert documents == 840 and len(counts) > 5_000
    assert all(n >= rarity.MIN_DOCUMENTS for n in counts.values())


def test_build_counts_each_word_once_per_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The senators voted. The senators left.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Senators voted again.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Nothing shared here.", encoding="utf-8")
    out = tmp_path / "rarity.tsv.gz"
    assert rarity.build(tmp_path, out) == 2  # "senator", "vot": in two articles each
    lines = gzip.decompress(out.read_bytes()).decode("utf-8").splitlines()
    assert lines[0] == "#documents\t3"
    assert sorted(lines[1:]) == ["senator\t2", "vot\t2"]
    assert out.read_bytes() == (rarity.build(tmp_path, out), out.read_bytes())[1]  # reproducible


def test_build_refuses_a_directory_without_articles(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no .txt articles"):
        rarity.build(tmp_path, tmp_path / "out.tsv.gz")
