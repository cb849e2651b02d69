"""The bounded candidate pairs of claim grouping (``spark.claim_candidates``): pure Python, no
Spark. A small MinHash bucket gives every pair the old self-join gave; a huge one gives a
number of pairs linear in its size that still connects every group of near-duplicates; exact
copies relate to everything alike."""

from __future__ import annotations

from itertools import combinations

import pytest

from according.analysis.similarity import LexicalSimilarity
from according.spark.claim_candidates import LSH_WINDOW, Member, bucket_pairs, duplicate_key
from according.spark.claim_groups import ClaimItem, related

WORDS = frozenset({"bridge", "would", "close", "after", "complaints"})


def _member(n: int, speaker: int | None, words: frozenset[str] = WORDS) -> Member:
    return Member((n % 7, n), f"a{n:05d}:0", speaker, words)


def _components(nodes: list[str], pairs: list[tuple[str, str]]) -> int:
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in pairs:
        parent[root(a)] = root(b)
    return len({root(n) for n in nodes})


def test_a_small_bucket_gives_every_pair_a_speaker_allows() -> None:
    far = frozenset({"entirely", "different", "words", "here", "bridge"})
    members = [_member(0, 1), _member(1, 1), _member(2, 2), _member(3, None), _member(4, 1, far)]
    got = set(bucket_pairs(members, blocked=True))
    want = {
        tuple(sorted((a.node, b.node)))
        for a, b in combinations(members, 2)
        if (a.speaker_id is None or b.speaker_id is None or a.speaker_id == b.speaker_id)
        and 1 - len(a.words & b.words) / len(a.words | b.words) < 0.8
    }
    assert got == want
    assert ("a00000:0", "a00002:0") not in got  # two known speakers are never one claim
    assert ("a00002:0", "a00003:0") in got  # no speaker meets every speaker
    # Unblocked (a similarity that lets different speakers share a claim): every near pair.
    assert ("a00000:0", "a00002:0") in set(bucket_pairs(members, blocked=False))


@pytest.mark.parametrize("blocked", [True, False])
def test_a_huge_bucket_gives_linear_pairs_that_still_connect_it(blocked: bool) -> None:
    members = [_member(n, n % 3 if n % 50 else None) for n in range(3000)]
    pairs = list(bucket_pairs(members, blocked))
    assert len(pairs) <= 2 * (LSH_WINDOW + 1) * len(members)  # the self-join: 4.5 million
    nodes = [m.node for m in members]
    speakers = {m.speaker_id for m in members}
    for speaker in speakers - {None}:
        own = [m.node for m in members if m.speaker_id == speaker]
        assert _components(own, [p for p in pairs if p[0] in own and p[1] in own]) == 1
    assert _components(nodes, pairs) == 1  # joined through the contents without a speaker


def test_exact_copies_relate_to_everything_alike() -> None:
    sim = LexicalSimilarity()
    text = 'The bridge will not reopen\nbefore spring, "officials" said.'
    spaced = 'The  bridge will\tnot reopen\nbefore spring,  "officials" said. '
    first = ClaimItem("a:0", ("2024-01-01", "a", 0), 7, text, False)
    copy = ClaimItem("b:0", ("2024-01-02", "b", 0), 7, spaced, False)
    assert duplicate_key(first) == duplicate_key(copy)
    others = [
        ClaimItem("c:0", ("2024-01-03", "c", 0), 7, "The bridge will reopen before spring.", False),
        ClaimItem("c:1", ("2024-01-03", "c", 1), None, "the bridge will not reopen before spring", False),
        ClaimItem("c:2", ("2024-01-03", "c", 2), 8, "The bridge will not reopen before spring.", True),
    ]
    for other in others:
        assert related(first, other, sim) == related(copy, other, sim)
    assert related(first, copy, sim)
    # A line break, the denial flag or the speaker make another key.
    for differs in (
        ClaimItem("d:0", first.order, 7, text.replace("\n", " "), False),
        ClaimItem("d:0", first.order, 7, text, True),
        ClaimItem("d:0", first.order, 8, text, False),
    ):
        assert duplicate_key(differs) != duplicate_key(first)


def test_copy_keys_sort_whatever_the_speaker() -> None:
    # a shuffle that spills to disk sorts its keys: the same words said by nobody and by a
    # speaker must give keys that compare (None against an id failed the 10,000-page run)
    text = "The bridge will not reopen before spring."
    keys = [
        duplicate_key(ClaimItem(f"a:{n}", ("2024-01-01", "a", n), speaker, text, False))
        for n, speaker in enumerate((None, 0, 7, None))
    ]
    assert sorted(keys) and len(set(keys)) == 3


def test_a_crowded_bucket_is_cut_by_the_next_hash() -> None:
    from according.spark.claim_candidates import _cut

    member = Member((11, 12, 13), "a:0", None, WORDS)
    assert _cut(((0, 5), member), {(0, 5)}) == (0, 5, 11)  # crowded: with the next table's hash
    assert _cut(((1, 5), member), {(0, 5)}) == (1, 5)
