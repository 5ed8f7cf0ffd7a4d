"""Tests for the pipeline's own work between the stages: sketching in batches after a
sample, and exact duplicates that skip alignment."""

from __future__ import annotations

import numpy as np

from copytrace import pipeline
from copytrace.pipeline import scan_articles
from copytrace.records import Article, CleanArticle
from copytrace.sketch import Sketcher, tokenize
from texts import SOURCE, SPUN, UNRELATED


def _corpus() -> list[str]:
    # Variants of three invented texts, so that batches differ and words repeat.
    out = []
    for k in range(9):
        base = (SOURCE, SPUN, UNRELATED)[k % 3]
        out.append(" ".join(base[k % 2 :]) + f" Report number {k}.")
    return out


def test_sketching_in_batches_after_an_even_sample_equals_sketching_at_once(monkeypatch):
    texts = _corpus()
    monkeypatch.setattr(pipeline, "COMMON_WORD_SAMPLE", 4)
    monkeypatch.setattr(pipeline, "SKETCH_BATCH", 3)
    cleaned = [CleanArticle(Article(str(i), t), t) for i, t in enumerate(texts)]
    batched = pipeline._sketch_all(cleaned, Sketcher(), quiet=True, workers=1)

    picks = pipeline.sample_indices(len(texts), 4)
    assert picks.tolist() == [0, 3, 5, 8]  # spread over the corpus, not its first texts
    reference = Sketcher()
    reference.learn_common_words(tokenize([texts[i] for i in picks]))
    whole = reference.sketch(texts)
    assert np.array_equal(batched.sig_words, whole.sig_words)
    assert np.array_equal(batched.sig_shingles, whole.sig_shingles)
    assert np.array_equal(batched.exact, whole.exact)
    assert np.array_equal(batched.fp_docs, whole.fp_docs)


def test_word_weights_add_up_over_batches():
    texts = _corpus()
    one = Sketcher()
    one.learn_common_words(tokenize(texts))
    parts = [Sketcher().document_frequencies(tokenize(texts[k:k + 4])) for k in (0, 4, 8)]
    two = Sketcher()
    two.learn_frequencies(np.concatenate([w for w, _ in parts]), np.concatenate([d for _, d in parts]), len(texts))
    probe = tokenize(texts).hashes
    assert np.allclose(one.idf(probe), two.idf(probe))


def test_exact_duplicates_come_out_as_one_verbatim_passage():
    text = "\n\n".join(SOURCE)
    result = scan_articles([Article("first", text), Article("again", text), Article("other", "\n\n".join(UNRELATED))],
                           workers=1)
    (pair,) = result.pairs
    assert {pair.a, pair.b} == {"first", "again"}
    assert pair.relation == "duplicate" and pair.score == 1.0
    (passage,) = pair.passages
    assert passage.kind == "verbatim"
    assert passage.a == (0, len(result.texts[pair.a])) and passage.b == (0, len(result.texts[pair.b]))


def test_partial_copy_shows_only_its_reused_sentences():
    from test_classify import OPINION, PARTIAL

    # The opinion piece also retells one source sentence in its own words.
    retold = ("Ask the staff who waded through brown water to the lower shelves on Monday morning what they "
              "think of the council's priorities.")
    opinion = [*PARTIAL[:3], retold, *PARTIAL[3:]]
    result = scan_articles([Article("source", "\n\n".join(SOURCE)), Article("opinion", "\n\n".join(opinion))],
                           workers=1)
    (pair,) = result.pairs
    assert pair.relation == "partial"
    side = "a" if pair.a == "opinion" else "b"
    shown = " ".join(result.texts["opinion"][slice(*getattr(p, side))] for p in pair.passages)
    # The two copied sentences, and none of the opinion piece's own (some of which the
    # aligner pairs with source sentences at paraphrase level).
    assert SOURCE[2] in shown and SOURCE[5] in shown
    assert not any(sentence in shown for sentence in [*OPINION, retold])
