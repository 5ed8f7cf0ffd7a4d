"""Tests of the sketch stage: token hashes, OPH MinHash, winnowing, sketches."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from copytrace.sketch import Sketcher, jaccard_estimate, oph_signatures, shingle_hashes, tokenize, winnow
from copytrace.sketch.minhash import EMPTY

STORY = (
    "The harbour board met on Tuesday to approve a new breakwater for the fishing fleet. "
    "Engineers told members that winter storms had damaged the old wall beyond repair, "
    "and that the work would take eighteen months and cost four million pounds."
)


def test_tokens_fold_case_and_split_on_unicode_punctuation():
    ts = tokenize(["It’s “Open” — the Harbour", "it s open the harbour", "ÉCOLE école"])
    a = ts.hashes[ts.doc_offsets[0] : ts.doc_offsets[1]]
    b = ts.hashes[ts.doc_offsets[1] : ts.doc_offsets[2]]
    assert list(a) == list(b)
    c = ts.hashes[ts.doc_offsets[2] : ts.doc_offsets[3]]
    assert c[0] == c[1]
    # Byte offsets locate each word in its own text.
    assert ts.starts[:2].tolist() == [0, 5] and ts.ends[:2].tolist() == [2, 6]  # ’ is 3 bytes


def test_token_hash_is_stable_across_batches():
    one = tokenize(["alpha beta"]).hashes
    two = tokenize(["zeta", "alpha beta", ""]).hashes[1:]
    assert list(one) == list(two)
    assert tokenize(["", "  "]).doc_offsets.tolist() == [0, 0, 0]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=6))
def test_tokenize_offsets_are_consistent(texts):
    ts = tokenize(texts)
    assert ts.doc_offsets[0] == 0 and ts.doc_offsets[-1] == len(ts.hashes)
    assert (np.diff(ts.doc_offsets) >= 0).all()
    assert (ts.ends > ts.starts).all()


def _set_sig(values, bins=128, seed=0):
    v = np.array(sorted(values), dtype=np.uint64)
    return oph_signatures(v, np.array([0, len(v)]), bins, seed=seed)[0]


def test_oph_estimates_jaccard():
    rng = np.random.default_rng(1)
    base = rng.integers(0, 2**63, size=2000, dtype=np.uint64)
    a, b = set(base[:1500].tolist()), set(base[500:].tolist())  # J = 1000 / 2000
    est = float(jaccard_estimate(_set_sig(a), _set_sig(b)))
    assert abs(est - 0.5) < 0.12
    assert float(jaccard_estimate(_set_sig(a), _set_sig(a))) == 1.0


def test_oph_densifies_short_sets_and_leaves_empty_sets_empty():
    sig = oph_signatures(np.array([5, 9], dtype=np.uint64), np.array([0, 2, 2]), 64)
    assert (sig[0] != EMPTY).all()
    assert (sig[1] == EMPTY).all()


def test_shingles_stay_inside_texts():
    hashes = np.arange(1, 11, dtype=np.uint64)
    sh, off = shingle_hashes(hashes, np.array([0, 6, 8, 10]), 3)
    assert off.tolist() == [0, 4, 4, 4]  # texts of 2 words have no 3-word shingle
    assert len(sh) == 4


def test_winnowing_finds_every_long_shared_passage():
    rng = np.random.default_rng(2)
    shared = rng.integers(0, 2**63, size=12, dtype=np.uint64)
    a = np.concatenate([rng.integers(0, 2**63, size=40, dtype=np.uint64), shared])
    b = np.concatenate([shared, rng.integers(0, 2**63, size=30, dtype=np.uint64)])
    vals, owners = winnow(np.concatenate([a, b]), np.array([0, len(a), len(a) + len(b)]), window=8)
    fa, fb = set(vals[owners == 0].tolist()), set(vals[owners == 1].tolist())
    assert fa & fb
    assert len(fa) < len(a)  # a sparse subset


def test_sketcher_ranks_copies_above_unrelated_text():
    copy = STORY.replace("Tuesday", "Wednesday")
    other = "A local choir won the regional final with a programme of sea shanties and hymns."
    sk = Sketcher().sketch([STORY, copy, other, STORY.upper()])
    assert sk.exact[0] == sk.exact[3] and sk.exact[0] != sk.exact[1]
    near = jaccard_estimate(sk.sig_shingles[0], sk.sig_shingles[1])
    far = jaccard_estimate(sk.sig_shingles[0], sk.sig_shingles[2])
    assert near > 0.5 > far
    assert sk.n_words.tolist()[0] == len(STORY.split())


def test_common_words_are_left_out_of_the_word_signature():
    docs = [f"council budget vote number{i} item{i} topic{i}" for i in range(40)]
    sk = Sketcher(common_share=0.5)
    assert sk.learn_common_words(tokenize(docs), min_docs=5) == 3  # council, budget, vote
    rare = sk.rare_mask(tokenize(["council budget harbour"]).hashes)
    assert rare.tolist() == [False, False, True]


def test_numbers_stay_whole_tokens():
    ts = tokenize(["1,000 dlrs at 8-3/4 pct, up 5.75 by 11.40pm"])
    words = ts.ends - ts.starts
    assert words.tolist() == [5, 4, 2, 5, 3, 2, 4, 2, 7]
    assert ts.numeric.tolist() == [True, False, False, True, False, False, True, False, True]
    # "1,000" is not "1" and "000": unrelated figures must not match piecewise.
    assert tokenize(["1,000"]).hashes[0] not in set(tokenize(["1 000"]).hashes.tolist())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-(2**40), 2**40), max_size=60))
def test_unique_sorted_agrees_with_numpy(values):
    from copytrace.arrays import unique_sorted

    a = np.array(values, dtype=np.int64)
    assert np.array_equal(unique_sorted(a), np.unique(a))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["tide", "harbour", "ferry", "the", "storm", "Pier", "lamp", "of", "gull"]),
                         max_size=12), min_size=1, max_size=8))
def test_document_frequencies_count_the_texts_each_word_is_in(texts):
    sketcher = Sketcher()
    tokens = tokenize([" ".join(t) for t in texts])
    chosen = np.arange(0, len(texts), 2)  # every other text
    for picked, counted in ((tokens, texts), (tokens.select(chosen), [texts[k] for k in chosen])):
        words, df = sketcher.document_frequencies(picked)
        _assert_counts(sketcher, counted, words, df)


def _assert_counts(sketcher, texts, words, df):
    expected: dict[int, int] = {}
    for t in texts:
        hashes = tokenize([" ".join(t)]).hashes
        for h in set(hashes[sketcher.content_mask(hashes)].tolist()):
            expected[h] = expected.get(h, 0) + 1
    assert words.tolist() == sorted(expected)
    assert df.tolist() == [expected[h] for h in sorted(expected)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=40), st.integers(1, 12))
def test_window_minima_are_the_minimum_of_each_window(values, window):
    from copytrace.sketch.winnow import window_minima

    a = np.array(values, dtype=np.uint64)
    expected = [min(values[i : i + window]) for i in range(len(values) - window + 1)]
    assert window_minima(a, window).tolist() == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**64 - 1) | st.sampled_from([5, 4, 2**63, 2**63 + 1]), st.integers(0, 9)),
                max_size=50))
def test_owner_counts_count_distinct_owners_per_hash(entries):
    from copytrace.sketch import owner_counts

    hashes = np.array([h for h, _ in entries], dtype=np.uint64)
    owner = np.array([o for _, o in entries], dtype=np.int64)
    owners: dict[int, set] = {}
    for h, o in entries:  # 4 and 5 (and 2**63, 2**63 + 1) are alike in every top bit: the exact count decides
        owners.setdefault(h, set()).add(o)
    words, counts = owner_counts(hashes, owner)
    assert words.tolist() == sorted(owners)
    assert counts.tolist() == [len(owners[h]) for h in sorted(owners)]


def _frames(sentences: list[str]):
    from copytrace.sketch.frames import folded_words, sentence_frames

    ts = tokenize(sentences)
    return sentence_frames(ts.hashes, folded_words(ts.hashes, ts.numeric, ts.capital), ts.doc_offsets)


def test_frame_folds_names_and_figures_and_keeps_the_wording():
    frame, filling, literal = _frames([
        "Acme Oil raised its crude postings by 50 cts a barrel.",
        "Beta Petroleum Corp raised its crude postings by 75 cts a barrel.",  # a run of names is one marker
        "Acme Oil raised its crude postings by nine cts a barrel.",  # figures spelled out are figures
        "Acme Oil cut its crude postings by 50 cts a barrel.",  # other wording, another frame
        "Acme Oil raised its crude postings by 50 cts a barrel.",
    ])
    assert frame[0] == frame[1] == frame[2] != frame[3]
    assert len({filling[0], filling[1], filling[2]}) == 3
    assert (frame[4], filling[4]) == (frame[0], filling[0])
    assert literal.tolist() == [8] * 5  # "raised its crude postings by ... cts a barrel"


def test_formulas_are_frames_filled_in_several_ways():
    from copytrace.sketch.frames import MIN_FILLINGS, STANDARD_TEXTS, distinct_fillings, filled_keys, learn_formulas

    posting = "{} raised its crude postings by {} cts a barrel."
    acme, beta, gamma = posting.format("Acme Oil", 50), posting.format("Beta Corp", 75), posting.format("Gamma Ltd", 9)
    first = [acme, acme, beta, "Net 12 vs 9.", "Net 3 vs 4.", "Net 7 vs 8."]
    frame, filling, literal = _frames(first)
    texts = np.array([0, 0, 1, 2, 3, 4])  # the first text prints Acme's posting twice: counted once
    frames, keys, counts = distinct_fillings(frame, filling, literal, texts)
    # The posting filled in two ways; the results lines are too short to be formulas.
    assert len(frames) == 2 and set(frames.tolist()) == {int(frame[0])}
    assert dict(zip(keys.tolist(), counts.tolist())) == {int(filled_keys(frame, filling)[0]): 1,
                                                         int(filled_keys(frame, filling)[2]): 1}
    assert len(learn_formulas(frames, keys, counts)[0]) == 0  # two fillings are not yet a formula
    frame2, filling2, literal2 = _frames([gamma, acme, acme])
    batch2 = distinct_fillings(frame2, filling2, literal2, np.array([0, 1, 2]))
    both = [np.concatenate(parts) for parts in zip((frames, keys, counts), batch2)]
    formulas, standard = learn_formulas(*both)
    assert MIN_FILLINGS == 3 and formulas.tolist() == [int(frame[0])]
    # Acme's filling is in three texts in all (STANDARD_TEXTS): the formula's usual wording.
    assert STANDARD_TEXTS == 3 and standard.tolist() == [int(filled_keys(frame, filling)[0])]
    sketcher = Sketcher()
    assert not sketcher.knows_formulas and not sketcher.formula(frame).any()  # nothing learned, no formula
    assert sketcher.learn_formulas(*both) == 1 and sketcher.knows_formulas
    assert sketcher.formula(frame).tolist() == [True, True, True, False, False, False]
    assert sketcher.standard(filled_keys(frame, filling)).tolist() == [True, True, False, False, False, False]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["tide", "Harbour", "ferry", "the", "9", "lamp"]), max_size=6), max_size=6),
       st.data())
def test_sequence_hashes_see_the_words_and_their_order(segments, data):
    from copytrace.sketch.tokens import sequence_hashes

    def hashes(segs, salt=1):
        ts = tokenize([" ".join(s) for s in segs]) if segs else tokenize([])
        return sequence_hashes(ts.hashes, ts.doc_offsets, salt=salt).tolist()

    got = hashes(segments)
    for k, seg in enumerate(segments):
        assert got[k] == hashes([seg])[0]  # whatever segments surround it
        assert got[k] == hashes([[], seg])[1]
        if len(set(seg)) > 1:
            shuffled = data.draw(st.permutations(seg))
            assert (hashes([shuffled])[0] == got[k]) == (shuffled == seg)
    if segments:
        assert hashes(segments[:1], salt=2) != got[:1] or not segments[0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab C9.,é ", max_size=20), min_size=1, max_size=6), st.data())
def test_selected_tokens_are_those_of_the_texts_alone(texts, data):
    picked = sorted(data.draw(st.sets(st.integers(0, len(texts) - 1))))
    sub, alone = tokenize(texts).select(np.array(picked, dtype=np.int64)), tokenize([texts[k] for k in picked])
    for field in ("hashes", "starts", "ends", "doc_offsets", "numeric", "capital"):
        assert np.array_equal(getattr(sub, field), getattr(alone, field)), field
