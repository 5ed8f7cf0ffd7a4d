"""Tests for the streaming scan: the raw chunks and the scratch store on disk, the views
a result reads through, the background learner, and that every way of running a scan
gives the same result."""

from __future__ import annotations

import gc
import json
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copytrace import pipeline
from copytrace.examples import example_path
from copytrace.parallel import Feed, balanced_chunk, map_chunks
from copytrace.pipeline import scan, scan_articles
from copytrace.records import Article, CleanArticle, Pair, Passage
from copytrace.store import write_outputs
from copytrace.store.scratch import RawChunks, ScanStore, decode_evidence, encode_evidence
from copytrace.store.views import PairView


def _example_articles() -> list[Article]:
    rows = [json.loads(line) for line in example_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Article(r["id"], r["text"], title=r.get("title"), url=r.get("url"), site=r.get("site"),
                    published=r.get("published"), language=r.get("language")) for r in rows]


def _summary(result) -> tuple:
    pairs = [p.to_dict() for p in result.pairs]
    stories = [s.to_dict() for s in result.stories]
    articles = [{k: v for k, v in a.items() if k != "source"} for a in result.articles]
    return articles, pairs, stories


def _sum(items) -> int:
    return sum(items)


def _fail(items) -> int:
    for item in items:
        if item == 3:
            raise ValueError("three is too many")
    return 0


def _span(lo: int, hi: int, state: dict) -> list[int]:
    return list(range(lo, hi))


@given(st.integers(0, 5000), st.integers(1, 600), st.integers(1, 4))
def test_balanced_chunks_never_add_a_round_and_end_with_every_worker_busy(n_items, chunk, workers):
    size = balanced_chunk(n_items, chunk, workers)
    assert 1 <= size <= chunk
    n_chunks, plain = -(-n_items // size), -(-n_items // chunk)
    rounds = -(-plain // workers)
    assert n_chunks <= rounds * workers  # no more rounds than the plain split takes
    if workers > 1 and n_items > chunk and n_items % (rounds * workers) == 0:
        assert n_chunks == rounds * workers


def test_map_chunks_on_workers_covers_every_item_once_in_order():
    # 15 plain chunks of 4000 on 2 workers become 16 of 3750: the same items, in order.
    assert balanced_chunk(60000, 4000, 2) == 3750
    items = [k for _, part in map_chunks(_span, 1001, state={}, chunk=100, workers=2) for k in part]
    assert items == list(range(1001))


@pytest.mark.parametrize("background", [True, False])
def test_feed_returns_what_the_consumer_made_of_the_items(background):
    feed = Feed(_sum, background=background)
    for k in range(100):
        feed.send(k)
    assert feed.result() == sum(range(100))


def test_feed_reports_the_consumers_error_in_one_line():
    # Fails before the items end: the items still in the pipe must not cost the error
    # (a socket closed with unread data resets the connection).
    for _ in range(20):
        feed = Feed(_fail)
        for k in range(10):
            feed.send(k)
        with pytest.raises(RuntimeError, match="ValueError: three is too many"):
            feed.result()


def _fail_at_the_end(items) -> int:
    n = sum(1 for _ in items)
    raise ValueError(f"failed after {n}")


def test_feed_reports_an_error_raised_after_the_last_item():
    # The consumer read the end mark and then failed: nothing more comes, so the worker
    # must not wait for more input (run in a thread so that a hang fails, not blocks).
    feed = Feed(_fail_at_the_end)
    for k in range(5):
        feed.send(k)
    outcome = []
    waiter = threading.Thread(target=lambda: outcome.append(_raised(feed.result)), daemon=True)
    waiter.start()
    waiter.join(timeout=30)
    assert not waiter.is_alive(), "Feed.result() hung after the consumer failed at the end"
    assert outcome == ["RuntimeError: ValueError: failed after 5"]


def _raised(fn) -> str | None:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - the test reads what was raised
        return f"{type(exc).__name__}: {exc}"
    return None


def test_raw_chunks_give_back_the_articles(tmp_path: Path):
    articles = [Article(f"a{k}", f"text {k} \u00e9\u4e2d", title=None if k % 2 else "T", site="s.example",
                        published="2026-01-01T00:00:00+00:00", source=f"f.jsonl:{k}") for k in range(5)]
    raw = RawChunks(tmp_path / "raw", 2)
    written = []
    assert list(raw.spool(iter(articles), on_chunk=written.append)) == articles
    assert written == [0, 1, 2] and raw.n_articles == 5 and raw.n_chunks == 3
    assert [a for k in range(3) for a in raw.load(k)] == articles
    raw.discard(0)
    assert not (tmp_path / "raw" / "000000.marshal").exists()


def test_store_keeps_what_alignment_needs_and_goes_away_with_the_store():
    store = ScanStore()
    folder = store.folder
    art = Article("x", "raw", title="T\u00e9", site="s.example", published=None, source="f:1")
    clean = CleanArticle(art, "Cleaned \u201ctext\u201d. Two.", removed=["READ MORE: x"],
                         sentences=pipeline.np.array([[0, 17], [18, 22]]))
    store.put_articles(7, [clean])
    got = store.clean_articles([7])[7]
    assert got.text == clean.text and got.removed == clean.removed and got.id == "x"
    assert got.sentences.tolist() == [[0, 17], [18, 22]] and got.article.site == "s.example"
    assert store.text_of("x") == clean.text and store.text_of("y") is None
    del store, got
    gc.collect()
    assert not folder.exists()


def test_pair_evidence_round_trips_exactly():
    passages = [Passage((0, 10), (5, 15), "verbatim", 1.0), Passage((11, 40), (16, 49), "edited", 0.123456789)]
    changes = [("rose", "climbed"), ("\u00e9t\u00e9", "summer")]
    assert decode_evidence(encode_evidence(passages, changes)) == (passages, changes)


def test_pair_view_turns_changes_round_when_b_is_the_source():
    store = ScanStore()
    light = [Pair("a", "b", "spun", 0.9, source="b"), Pair("a", "c", "spun", 0.8, source="a")]
    store.put_evidence([(k, encode_evidence([], [("old", "new")])) for k in range(2)])
    view = PairView(light, store)
    assert view[0].changes == [("new", "old")] and view[1].changes == [("old", "new")]
    assert view[-1] == view[1] and view[:1] == [view[0]] and list(view) == [view[0], view[1]]
    assert light[0].changes == []  # the light pairs are left as they are
    with pytest.raises(IndexError):
        view[2]


def test_article_records_index_like_the_list_they_stand_for():
    result = scan([example_path()])
    records, plain = result.articles, list(result.articles)
    assert len(plain) > 2
    assert records[-1] == plain[-1] and records[1:3] == plain[1:3] and records[::-2] == plain[::-2]
    assert records == plain and records != plain[:-1]
    with pytest.raises(IndexError):
        records[len(plain)]


@pytest.mark.parametrize("workers", [1, 2])
def test_scan_of_a_file_equals_scan_of_its_articles_whatever_the_chunking(monkeypatch, workers):
    monkeypatch.setattr(pipeline, "COMMON_WORD_SAMPLE", 4)  # the first 4 texts: one chunk, then two
    monkeypatch.setattr(pipeline, "CHUNK", 4)
    reference = _summary(scan_articles(_example_articles(), workers=1))
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    assert _summary(scan([example_path()], workers=workers)) == reference
    assert _summary(scan_articles(_example_articles(), workers=workers)) == reference


def test_outputs_from_the_store_equal_outputs_from_plain_lists(tmp_path: Path):
    result = scan([example_path()])
    plain = pipeline.ScanResult(list(result.articles), list(result.pairs), result.stories, result.problems,
                                dict(result.texts), result.timings)
    write_outputs(tmp_path / "store", result)
    write_outputs(tmp_path / "plain", plain)
    for name in ("articles.jsonl", "pairs.jsonl", "stories.jsonl", "report.html"):
        assert (tmp_path / "store" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name


@pytest.mark.parametrize("on_disk, workers", [(False, 1), (True, 1), (True, 2)])
def test_sketch_buffer_keeps_the_repeated_fingerprints(tmp_path: Path, on_disk: bool, workers: int):
    import numpy as np

    from copytrace.accumulate import SketchBuffer
    from copytrace.sketch import Sketcher

    texts = ["the same shared sentence of words here and more words " * 3 + f"tail {k}" for k in range(6)]
    whole = Sketcher().sketch(texts)
    buffer = SketchBuffer(6, 128, tmp_path / "fp" if on_disk else None)
    for lo in (4, 0, 2):  # chunks in any order
        buffer.add(Sketcher().sketch(texts[lo : lo + 2], first=lo))
    got = buffer.finish(workers)
    assert np.all(got.fp_values[1:] >= got.fp_values[:-1])  # sorted by value, bucket after bucket
    assert np.array_equal(got.sig_words, whole.sig_words) and np.array_equal(got.exact, whole.exact)
    values, counts = np.unique(whole.fp_values, return_counts=True)
    shared = np.isin(whole.fp_values, values[counts > 1])
    assert shared.any()
    assert sorted(zip(got.fp_values.tolist(), got.fp_docs.tolist())) == sorted(
        zip(whole.fp_values[shared].tolist(), whole.fp_docs[shared].tolist()))


def test_candidates_on_two_processes_equal_candidates_on_one(monkeypatch):
    import numpy as np

    from copytrace.candidates import find_candidates, fingerprint_pairs, lsh_pairs
    from copytrace.sketch import Sketcher

    import copytrace.candidates

    monkeypatch.setattr(copytrace.candidates, "PARALLEL_MIN_TEXTS", 0)
    texts = [a.text for a in _example_articles()] * 3  # repeats: exact groups, shared buckets
    sk = Sketcher().sketch(texts)
    one, two = find_candidates(sk, workers=1), find_candidates(sk, workers=2)
    assert len(one) > 0
    assert np.array_equal(one.pairs, two.pairs) and np.array_equal(one.via, two.via)
    assert np.array_equal(one.shared_fingerprints, two.shared_fingerprints)
    assert np.array_equal(lsh_pairs(sk.sig_shingles, 32, 4), lsh_pairs(sk.sig_shingles, 32, 4, workers=2))
    for a, b in zip(fingerprint_pairs(sk.fp_values, sk.fp_docs), fingerprint_pairs(sk.fp_values, sk.fp_docs,
                                                                                      workers=2)):
        assert np.array_equal(a, b)


@given(st.lists(st.integers(0, 30), max_size=60))
def test_repeated_fingerprints_are_the_values_met_twice(values):
    import numpy as np

    from copytrace.accumulate import repeated_entries

    v = np.array(values, dtype=np.uint64)
    docs = np.arange(len(v), dtype=np.int32)
    twice = {x for x in values if values.count(x) > 1}
    kept_v, kept_d = repeated_entries(v, docs)
    assert np.all(kept_v[1:] >= kept_v[:-1])  # sorted by value
    assert sorted(zip(kept_v.tolist(), kept_d.tolist())) == sorted((x, k) for k, x in enumerate(values) if x in twice)
