"""The synthetic corpus: reproducible, in range, each planted relation as specified."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from copytrace.evaluate.synthetic import (
    FUNCTION_WORDS,
    N_PUNCT,
    PERIOD,
    RELATION_OF_VARIANT,
    CorpusGenerator,
    Doc,
    article_id,
    generate_corpus,
    load_truth,
    score_pairs,
    score_provenance,
)
from copytrace.records import RELATIONS

_BOILERPLATE = re.compile(r"^(READ MORE|RELATED|ALSO READ|MORE|WATCH|LATEST):|^\u00a9 |^Sign up for |^Source: ")


@pytest.fixture(scope="module")
def gen() -> CorpusGenerator:
    return CorpusGenerator(seed=7)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict, list]:
    out = tmp_path_factory.mktemp("corpus")
    summary = generate_corpus(1000, out, seed=11)
    with open(out / "articles.jsonl", encoding="utf-8") as f:
        articles = {r["id"]: r for r in map(json.loads, f)}
    return out, summary, articles, load_truth(out / "truth.jsonl")


def _body(text: str) -> list[str]:
    """The paragraphs of a published text that are not site boilerplate."""
    return [p for p in text.split("\n\n") if not _BOILERPLATE.match(p)]


def _words(doc: Doc) -> np.ndarray:
    return doc.tokens[doc.tokens >= N_PUNCT]


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Multiset overlap of two token arrays, relative to the first."""
    ca, cb = Counter(a.tolist()), Counter(b.tolist())
    return sum((ca & cb).values()) / max(1, sum(ca.values()))


def _contains(hay: np.ndarray, needle: np.ndarray) -> bool:
    n = len(needle)
    windows = np.lib.stride_tricks.sliding_window_view(hay, n)
    return bool(np.any(np.all(windows == needle, axis=1)))


# --------------------------------------------------------------------------- corpus files


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate_corpus(200, tmp_path / name, seed=seed)
    for f in ("articles.jsonl", "truth.jsonl", "negatives.jsonl"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    assert (tmp_path / "a" / "articles.jsonl").read_bytes() != (tmp_path / "c" / "articles.jsonl").read_bytes()


def test_sizes_fields_and_truth_ids(corpus) -> None:
    out, summary, articles, truth = corpus
    assert len(articles) == summary["articles"] == 1000
    for r in articles.values():
        assert set(r) == {"id", "text", "title", "url", "site", "published"}
        assert r["url"].startswith(f"https://{r['site']}/")
    assert summary["derived"] == len(truth)
    assert 0.2 < summary["derived"] / summary["articles"] < 0.4  # copy_share=0.3
    assert set(summary["relations"]) <= set(RELATIONS)
    ids = set(articles)
    for t in truth:
        assert {t["a"], t["b"], t["family"]} <= ids
        assert t["relation"] == RELATION_OF_VARIANT[t["variant"]]
    assert json.loads((out / "meta.json").read_text())["articles"] == 1000


def test_every_variant_planted_and_families_have_siblings(corpus) -> None:
    _, summary, _, truth = corpus
    assert set(summary["variants"]) == set(RELATION_OF_VARIANT)
    sizes = Counter(t["family"] for t in truth)
    assert max(sizes.values()) >= 3
    assert max(sizes.values()) <= 6


def test_copies_are_later_and_on_another_site(corpus) -> None:
    _, _, articles, truth = corpus
    for t in truth:
        a, b = articles[t["a"]], articles[t["b"]]
        hours = (datetime.fromisoformat(b["published"]) - datetime.fromisoformat(a["published"])).total_seconds() / 3600
        assert 0.99 <= hours <= 72.01
        assert a["site"] != b["site"]


def test_duplicates_keep_the_body_inside_new_boilerplate(corpus) -> None:
    _, _, articles, truth = corpus
    dups = [t for t in truth if t["relation"] == "duplicate"]
    assert dups
    for t in dups:
        a, b = articles[t["a"]]["text"], articles[t["b"]]["text"]
        if t["variant"] == "exact":
            assert a == b
        else:
            assert _body(a) == _body(b)
            assert a != b  # the copying site always adds its own boilerplate lines


def test_hard_negatives_share_vocabulary_not_text(corpus) -> None:
    out, _, articles, _ = corpus
    pairs = [json.loads(line) for line in open(out / "negatives.jsonl", encoding="utf-8")]
    assert pairs

    def grams(text: str, n: int = 8) -> set[str]:
        w = re.findall(r"\w+", text.lower())
        return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}

    def content(text: str) -> set[str]:
        return set(re.findall(r"\w+", text.lower())) - set(FUNCTION_WORDS)

    ids = sorted(articles)
    for p in pairs:
        a, b = ("\n\n".join(_body(articles[k]["text"])) for k in (p["a"], p["b"]))
        assert not grams(a) & grams(b)
        other = articles[ids[(ids.index(p["b"]) + 1) % len(ids)]]["text"]
        shared = len(content(a) & content(b)) / len(content(a) | content(b))
        assert shared > len(content(a) & content(other)) / len(content(a) | content(other))


def test_copy_share_zero_plants_nothing(tmp_path: Path) -> None:
    summary = generate_corpus(50, tmp_path, seed=1, copy_share=0.0)
    assert summary["derived"] == 0 and (tmp_path / "truth.jsonl").read_text() == ""
    with pytest.raises(ValueError):
        generate_corpus(10, tmp_path, copy_share=0.9)


def test_article_ids_are_unique() -> None:
    ids = {article_id(i, 5) for i in range(200_000)}
    assert len(ids) == 200_000


# --------------------------------------------------------------------------- transformations


def test_base_articles_in_range(gen: CorpusGenerator) -> None:
    fw = gen.vocab.is_function
    rates = []
    for _ in range(40):
        doc = gen.base_doc()
        assert 300 <= doc.n_words() <= 900
        lengths = [int(np.count_nonzero(s >= N_PUNCT)) for s in doc.sentences()]
        assert min(lengths) >= 8 and max(lengths) <= 35
        sizes = doc.para_sizes()
        assert sizes.min() >= 1 and sizes.max() <= 4 and sizes.sum() == doc.n_sentences
        assert all(s[-1] == PERIOD for s in doc.sentences())
        rates.append(fw[_words(doc)].mean())
    assert 0.40 < np.mean(rates) < 0.50


def test_rendered_text_is_news_like(gen: CorpusGenerator) -> None:
    doc = gen.base_doc()
    text = gen.render_body(doc)
    paras = text.split("\n\n")
    assert len(paras) == len(doc.para_ends)
    assert "\b" not in text and "  " not in text
    assert all(p[0].isupper() or p[0] in '"0123456789' for p in paras)
    assert all(p.endswith(".") for p in paras)
    assert len(text.split()) == doc.n_words()


def test_spun_keeps_sentences_and_function_words(gen: CorpusGenerator) -> None:
    v = gen.vocab
    src = gen.base_doc()
    out = gen.spun(src)
    assert out.n_sentences == src.n_sentences
    assert np.array_equal(out.sent_ends, src.sent_ends) and np.array_equal(out.para_ends, src.para_ends)
    kept = ~v.spinnable[src.tokens]
    assert np.array_equal(out.tokens[kept], src.tokens[kept])  # function words, names, numbers
    changed = (out.tokens != src.tokens)[v.spinnable[src.tokens]].mean()
    assert 0.3 < changed < 0.5
    assert _overlap(_words(out), _words(src)) < 0.9


def test_near_copy_keeps_most_sentences(gen: CorpusGenerator) -> None:
    for _ in range(20):
        src = gen.base_doc()
        out = gen.near_copy(src)
        n = src.n_sentences
        assert n - 3 <= out.n_sentences <= n + 3 and not np.array_equal(out.tokens, src.tokens)
        theirs = out.sentences()
        kept = sum(any(_overlap(s, t) > 0.7 for t in theirs) for s in src.sentences())
        assert kept > 0.8 * n


def test_shuffled_reorders_paragraphs(gen: CorpusGenerator) -> None:
    src = gen.base_doc()
    out = gen.shuffled(src)

    def paras(d: Doc) -> list[tuple[int, ...]]:
        bounds = np.concatenate([[0], d.sent_ends[d.para_ends - 1]])
        return [tuple(d.tokens[bounds[i]:bounds[i + 1]].tolist()) for i in range(len(d.para_ends))]

    assert sorted(paras(out)) == sorted(paras(src)) and paras(out) != paras(src)


def test_partial_passages_come_from_the_source(gen: CorpusGenerator) -> None:
    for _ in range(20):
        src = gen.base_doc()
        out, passages = gen.partial(src)
        assert 2 <= len(passages) <= 3
        ss, os_ = src.sentences(), out.sentences()
        passage_words = 0
        for s0, s1, d0 in passages:
            assert 1 <= s1 - s0 <= 5
            for i in range(s1 - s0):
                assert np.array_equal(ss[s0 + i], os_[d0 + i])
                passage_words += int(np.count_nonzero(ss[s0 + i] >= N_PUNCT))
        assert 0.14 <= passage_words / out.n_words() <= 0.36


def test_rewrite_is_credited_reworded_and_keeps_phrases(gen: CorpusGenerator) -> None:
    site = gen.sites[3]
    for _ in range(10):
        src = gen.base_doc()
        out, phrases = gen.rewrite(src, site)
        assert site.token in out.tokens
        assert gen.reported in out.tokens or gen.according in out.tokens
        assert 2 <= len(phrases) <= 4 and all(len(p) >= 6 for p in phrases)
        assert all(_contains(out.tokens, p) for p in phrases)
        content = gen.vocab.spinnable
        kept = _overlap(src.tokens[content[src.tokens]], out.tokens[content[out.tokens]])
        assert 0.25 < kept < 0.75


# --------------------------------------------------------------------------- scoring


def _write_truth(tmp_path: Path) -> Path:
    rows = [
        {"a": "s", "b": "d1", "relation": "near_copy", "family": "s", "variant": "near_copy"},
        {"a": "s", "b": "d2", "relation": "spun", "family": "s", "variant": "spun"},
        {"a": "d1", "b": "d3", "relation": "duplicate", "family": "s", "variant": "exact"},
        {"a": "t", "b": "e1", "relation": "partial", "family": "t", "variant": "partial"},
    ]
    path = tmp_path / "truth.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "negatives.jsonl").write_text(json.dumps({"a": "t", "b": "x"}) + "\n")
    return path


def test_score_pairs_recall_and_precision(tmp_path: Path) -> None:
    path = _write_truth(tmp_path)
    assert len(load_truth(path)) == 4
    found = [("d1", "s"), ("s", "d1"), ("d2", "d3"), ("s", "t"), ("x", "x"), ("x", "t")]
    r = score_pairs(found, path)
    assert r["reported"] == 4 and r["correct"] == 2 and r["precision"] == 0.5
    assert r["recall"]["near_copy"] == {"planted": 1, "found": 1, "recall": 1.0}
    assert r["recall"]["spun"]["recall"] == 0.0 and r["recall"]["partial"]["found"] == 0
    assert r["recall_by_variant"]["exact"]["planted"] == 1
    assert r["overall_recall"] == 0.25
    assert r["hard_negatives"] == {"pairs": 1, "reported": 1, "rate": 1.0}
    assert "typed" not in r


def test_score_pairs_typed(tmp_path: Path) -> None:
    path = _write_truth(tmp_path)
    found = [("s", "d1", "near_copy"), ("s", "d2", "near_copy"), ("d2", "d3", "near_copy"),
             ("e1", "t", "partial"), ("s", "t", "same_story")]
    r = score_pairs(found, path)
    assert r["precision"] == 0.8 and r["overall_recall"] == 0.75
    typed = r["typed"]
    assert typed["recall"]["near_copy"]["recall"] == 1.0 and typed["recall"]["spun"]["recall"] == 0.0
    assert typed["overall_recall"] == 0.5
    assert typed["precision"] == 0.5  # 2 right of 4 (the sibling pair d2-d3 has no planted relation)
    assert typed["precision_without_same_story"] == 1.0
    assert typed["confusion"]["spun"] == {"near_copy": 1}
    assert typed["confusion"]["duplicate"] == {"missed": 1}


def test_score_provenance_counts_direction_and_originals(tmp_path: Path) -> None:
    # A family rooted at r: c1 copies r, c2 copies c1. The pair r ~ c2 was not planted.
    truth = tmp_path / "truth.jsonl"
    rows = [{"a": "r", "b": "c1", "relation": "near_copy", "family": "r", "variant": "near_copy"},
            {"a": "c1", "b": "c2", "relation": "spun", "family": "r", "variant": "spun"}]
    truth.write_text("".join(json.dumps(r) + "\n" for r in rows))
    pairs = [("c1", "r", "r"), ("c1", "c2", "c2"), ("r", "c2", "r")]
    got = score_provenance(pairs, [(["c2", "c1", "r"], "r")], truth)
    assert got["direction"]["near_copy"] == {"found": 1, "directed": 1, "right": 1, "accuracy": 1.0}
    assert got["direction"]["spun"]["right"] == 0  # c2 named the source of its own source
    assert got["direction"]["all"] == {"found": 2, "directed": 2, "right": 1, "accuracy": 0.5}
    assert got["original"] == {"stories": 1, "right": 1, "accuracy": 1.0}
    # No direction is not a wrong direction; a story rooted elsewhere is a wrong original.
    got = score_provenance([("r", "c1", None)], [(["r", "c1"], "c1")], truth)
    assert got["direction"]["all"] == {"found": 1, "directed": 0, "right": 0, "accuracy": None}
    assert got["original"]["accuracy"] == 0.0
