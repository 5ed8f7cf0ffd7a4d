"""Tests of the candidates stage: sort-based grouping, LSH banding, fingerprint index."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from copytrace.candidates import find_candidates, fingerprint_pairs, group_pairs, lsh_pairs
from copytrace.sketch import Sketcher


def test_group_pairs_links_items_sharing_a_key():
    keys = np.array([7, 3, 7, 7, 3, 9], dtype=np.uint64)
    items = np.array([0, 1, 2, 3, 4, 5])
    pairs = {tuple(p) for p in group_pairs(keys, items).tolist()}
    assert pairs == {(0, 2), (0, 3), (2, 3), (1, 4)}


def test_group_pairs_links_big_buckets_as_a_star():
    keys = np.zeros(10, dtype=np.uint64) + 1
    pairs = group_pairs(keys, np.arange(10), max_bucket=4)
    assert len(pairs) == 9 and (pairs[:, 0] == 0).all()


def test_lsh_pairs_finds_identical_signatures_only():
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 2**31, size=(5, 16), dtype=np.uint32)
    sig[3] = sig[1]
    assert lsh_pairs(sig, 4, 4).tolist() == [[1, 3]] * 4


def test_fingerprint_pairs_counts_shared_and_drops_boilerplate():
    values = np.array([1, 2, 3, 1, 2, 3, 9, 9, 9, 9], dtype=np.uint64)
    docs = np.array([0, 0, 0, 1, 1, 2, 0, 1, 2, 3])
    pairs, shared = fingerprint_pairs(values, docs, min_shared=2, max_df=3)
    got = dict(zip(map(tuple, pairs.tolist()), shared.tolist()))
    assert got == {(0, 1): 2}  # fingerprint 9 is in 4 texts: boilerplate


TEXT = " ".join(f"word{i} alpha{i % 7} beta{i % 11}." for i in range(120))


def test_find_candidates_blocks_copies_and_respects_the_date_window():
    spun = TEXT.replace("alpha", "gamma")
    other = " ".join(f"other{i} thing{i}" for i in range(200))
    sk = Sketcher().sketch([TEXT, TEXT, spun, other])
    cand = find_candidates(sk)
    found = {tuple(p) for p in cand.pairs.tolist()}
    assert (0, 1) in found and (0, 2) in found or (1, 2) in found
    assert not any(3 in p for p in found)
    day = 86400.0
    dated = find_candidates(sk, published=np.array([0.0, 0.0, 90 * day, np.nan]), window_days=30)
    assert {tuple(p) for p in dated.pairs.tolist()} & {(0, 2), (1, 2)} == set()
    assert (0, 1) in {tuple(p) for p in dated.pairs.tolist()}  # exact duplicates ignore dates


def test_copies_of_a_duplicate_are_candidates_too():
    # Only the first of an exact-duplicate group is blocked; its pairs pass to the others.
    near = TEXT.replace("word7 ", "word7 extra ")
    other = " ".join(f"other{i} thing{i}" for i in range(200))
    sk = Sketcher().sketch([TEXT, other, TEXT, near])
    found = {tuple(p) for p in find_candidates(sk).pairs.tolist()}
    assert {(0, 2), (0, 3), (2, 3)} <= found
    assert find_candidates(sk, max_expand=0).pairs.tolist().count([2, 3]) == 0


def test_members_of_two_duplicate_groups_are_paired_with_each_other():
    # Two copies of a text and two of its near copy: the groups' first texts are blocked,
    # and every member of one group must meet every member of the other.
    near = TEXT.replace("word7 ", "word7 extra ")
    other = " ".join(f"other{i} thing{i}" for i in range(200))
    sk = Sketcher().sketch([TEXT, near, other, TEXT, near])
    found = {tuple(p) for p in find_candidates(sk).pairs.tolist()}
    assert {(0, 1), (0, 4), (1, 3), (3, 4), (0, 3), (1, 4)} <= found
    assert not any(2 in p for p in found)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**64 - 1) | st.sampled_from([3, 2**40, 2**63 + 5, 2**63 + 6]),
                          st.integers(0, 3000)), max_size=40))
def test_key_item_order_is_the_lexsort_order(entries):
    from copytrace.candidates.grouping import key_item_order

    keys = np.array([k for k, _ in entries], dtype=np.uint64)
    items = np.array([i for _, i in entries], dtype=np.int64)
    got = key_item_order(keys, items)
    expected = np.lexsort((items, keys))
    # ties (the same key and item twice) may come in either order
    assert np.array_equal(keys[got], keys[expected]) and np.array_equal(items[got], items[expected])
