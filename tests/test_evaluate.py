"""Tests for ``copytrace.evaluate``: the scorers on small hand-computed cases (each fails
if its formula breaks), the offset mapping and passage merging of the PAN evaluation,
the reference duplicate finder, the loaders on the shared data (skipped with a message
when ``../shared/data`` is absent) and ``copytrace eval`` on a tiny labelled set."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from copytrace import compare, evaluate
from copytrace.align import align, build_tables, sentence_similarity, text_similarity
from copytrace.align.similarity import lexical_similarity
from copytrace.clean import Cleaner
from copytrace.cli import EXIT_SKIPPED, cli
from copytrace.evaluate import base, clough, datasets, duplicates, ocr, pan, paraphrase, semeval
from copytrace.evaluate.scores import (
    Span,
    adjusted_rand_index,
    binary_scores,
    confusion_matrix,
    granularity,
    pearson,
    per_label_scores,
    plagdet,
    precision_recall_f1,
    tune_threshold,
)
from copytrace.records import Article, CleanArticle, Passage
from copytrace.sketch import Sketcher
from texts import SOURCE, SPUN, UNRELATED

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def needs(folder: str) -> Path:
    path = DATA / folder
    if not path.is_dir():
        pytest.skip(f"{path} is absent (the shared evaluation data sits beside the repository)")
    return path


# --------------------------------------------------------------------------- scorers


def test_precision_recall_f1_by_hand() -> None:
    got = precision_recall_f1(tp=3, fp=1, fn=2)
    assert got["precision"] == pytest.approx(0.75)
    assert got["recall"] == pytest.approx(0.6)
    assert got["f1"] == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert precision_recall_f1(0, 0, 4)["precision"] is None  # undefined, not 0


def test_binary_scores_by_hand() -> None:
    got = binary_scores([True, True, False, False, True], [True, False, False, True, True])
    assert (got["tp"], got["fp"], got["fn"]) == (2, 1, 1)
    assert got["accuracy"] == pytest.approx(3 / 5)
    assert got["f1"] == pytest.approx(2 / 3)


def test_confusion_and_per_label() -> None:
    gold = ["cut", "cut", "non", "heavy"]
    pred = ["near_copy", "none", "none", "rewrite"]
    assert confusion_matrix(gold, pred) == {"cut": {"near_copy": 1, "none": 1}, "non": {"none": 1},
                                            "heavy": {"rewrite": 1}}
    per = per_label_scores(["a", "a", "b", "none"], ["a", "b", "b", "a"], ["a", "b"])
    assert per["a"]["precision"] == pytest.approx(0.5) and per["a"]["recall"] == pytest.approx(0.5)
    assert per["b"]["precision"] == pytest.approx(0.5) and per["b"]["recall"] == pytest.approx(1.0)


def test_pearson_by_hand() -> None:
    # dx = (-1, 0, 1), dy = (-7/3, -1/3, 8/3): r = 5 / sqrt(2 * 114/9) = 15 / sqrt(228)
    assert pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(15 / math.sqrt(228))
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) is None


def test_adjusted_rand_index_by_hand() -> None:
    # index 2, expected 6 * 3 / 15 = 1.2, max 4.5: (2 - 1.2) / (4.5 - 1.2)
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.8 / 3.3)
    assert adjusted_rand_index(["x", "x", "y"], [7, 7, 5]) == pytest.approx(1.0)  # names do not matter
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)


def test_tune_threshold_by_hand() -> None:
    scores, gold = [0.1, 0.4, 0.35, 0.8], [False, False, True, True]
    # Accuracy is 0.75 at the cuts after 0.8 and after 0.35; the lower threshold wins.
    assert tune_threshold(scores, gold) == (pytest.approx(0.225), pytest.approx(0.75))
    assert tune_threshold(scores, gold, "f1") == (pytest.approx(0.225), pytest.approx(0.8))
    threshold, acc = tune_threshold([0.2, 0.9], [True, True])
    assert threshold < 0.2 and acc == 1.0


def _span(s0: int, s1: int, r0: int, r1: int, src: str = "src") -> Span:
    return Span("susp", src, s0, s1, r0, r1)


def test_plagdet_by_hand() -> None:
    case = _span(0, 100, 0, 100)  # 200 characters
    halves = [_span(0, 50, 0, 50), _span(50, 150, 50, 150)]
    got = plagdet([case], halves)
    assert got["recall"] == pytest.approx(1.0)
    assert got["precision"] == pytest.approx((1.0 + 0.5) / 2)  # the second is half outside
    assert got["granularity"] == pytest.approx(2.0)
    f1 = 2 * 0.75 / 1.75
    assert got["plagdet"] == pytest.approx(f1 / math.log2(3))


def test_plagdet_needs_overlap_on_both_sides_of_the_same_pair() -> None:
    case = _span(0, 100, 0, 100)
    assert not case.detects(_span(0, 100, 200, 300))  # right passage, wrong source place
    assert not case.detects(_span(0, 100, 0, 100, src="other"))
    got = plagdet([case], [_span(0, 100, 0, 100), _span(0, 100, 500, 600)])
    assert got["recall"] == pytest.approx(1.0) and got["precision"] == pytest.approx(0.5)
    assert got["granularity"] == pytest.approx(1.0)
    partial = plagdet([case, _span(300, 400, 300, 400)], [_span(0, 50, 0, 100)])
    assert partial["recall"] == pytest.approx((150 / 200 + 0) / 2)
    assert plagdet([case], [])["plagdet"] == 0.0
    assert granularity([case], []) == 1.0


# --------------------------------------------------------------------------- similarity


def test_sentence_similarity_is_the_aligners_dice() -> None:
    sims = sentence_similarity([SOURCE[0], SOURCE[1], SOURCE[2]], [SOURCE[0], SPUN[1], UNRELATED[0]])
    assert sims[0] == pytest.approx(1.0)
    assert 0.0 < sims[1] < 1.0
    assert sims[2] < sims[1]


def test_sentence_similarity_blends_the_encoder() -> None:
    class Fixed:
        def encode(self, texts: list[str]) -> np.ndarray:
            return np.array([[1.0, 0.0] if "rain" in t.lower() else [0.0, 1.0] for t in texts], dtype=np.float32)

    a, b = [SOURCE[0], SOURCE[1]], [SPUN[0], SPUN[0]]
    lexical = lexical_similarity(a, b)
    got = sentence_similarity(a, b, Fixed(), blend=0.25)
    # "rain" is in SOURCE[0] and SPUN[0] (cosine 1), not in SOURCE[1] (cosine 0)
    assert got == pytest.approx(0.75 * lexical + 0.25 * np.array([1.0, 0.0]))


def test_text_similarity_of_an_alignment() -> None:
    same = compare(Article("a", " ".join(SOURCE)), Article("b", " ".join(SOURCE)))
    other = compare(Article("a", " ".join(SOURCE)), Article("b", " ".join(UNRELATED)))
    sims = [text_similarity(align(*build_tables([c.a, c.b], Sketcher()))) for c in (same, other)]
    assert sims[0] == pytest.approx(1.0) and 0.0 <= sims[1] < 0.1


# --------------------------------------------------------------------------- PAN offsets


def test_unwrap_keeps_every_offset() -> None:
    text = "one line\nwrapped here\n\nnew paragraph\r\nend"
    out = base.unwrap(text)
    assert len(out) == len(text)
    assert out == "one line wrapped here\n\nnew paragraph\r\nend"
    # List items keep their own lines; a number inside wrapped text does not start one.
    listed = "limits are:\n   1. long texts\n   2) short ones, about\n12 in all\n - and more"
    assert base.unwrap(listed) == "limits are:\n   1. long texts\n   2) short ones, about 12 in all\n - and more"


def test_raw_offsets_map_cleaned_text_back_exactly() -> None:
    raw = "READ MORE: Ten things to do this weekend\n\n  " + SOURCE[0] + "  \n" + SOURCE[1] + "\n\n" + SOURCE[2]
    clean = Cleaner().clean(Article("x", raw))
    assert clean.removed  # the promo line was dropped, so offsets shifted
    mapping = pan.raw_offsets(clean)
    for s, e in clean.sentences.tolist():
        r0, r1 = pan._to_raw((s, e), mapping)
        assert raw[r0:r1] == clean.text[s:e]


def _clean(sentences: list[str]) -> CleanArticle:
    text = " ".join(sentences)
    starts = np.cumsum([0] + [len(s) + 1 for s in sentences[:-1]])
    spans = np.array([[s, s + len(x)] for s, x in zip(starts, sentences)], dtype=np.int64)
    return CleanArticle(Article("x", text), text, sentences=spans, paragraphs=np.array([[0, len(text)]]))


def test_merge_passages_bridges_one_sentence_only() -> None:
    a = _clean([f"Sentence number {i} here." for i in range(8)])
    s = a.sentences
    p = [Passage((s[0, 0], s[1, 1]), (s[0, 0], s[1, 1]), "verbatim", 1.0),
         Passage((s[3, 0], s[3, 1]), (s[3, 0], s[3, 1]), "edited", 0.8),  # one sentence skipped
         Passage((s[6, 0], s[7, 1]), (s[6, 0], s[7, 1]), "verbatim", 1.0)]  # two skipped
    merged = pan.merge_passages(p, a, a)
    assert merged == [((s[0, 0], s[3, 1]), (s[0, 0], s[3, 1])), ((s[6, 0], s[7, 1]), (s[6, 0], s[7, 1]))]


# --------------------------------------------------------------------------- reference duplicates


def test_exact_and_near_duplicate_reference() -> None:
    body = " ".join(SOURCE)
    arts = [Article("a", body), Article("b", body.upper().replace(",", " ")), Article("c", body + " One more word."),
            Article("d", " ".join(UNRELATED)), Article("e", "")]
    assert duplicates.exact_pairs(arts) == {("a", "b")}
    near = duplicates.near_pairs(arts)
    assert set(near) == {("a", "b"), ("a", "c"), ("b", "c")}
    n = len(duplicates.normalised_words(body)) - 4
    assert near[("a", "c")] == pytest.approx(n / (n + 3))


# --------------------------------------------------------------------------- loaders on the shared data


def test_clough_loader() -> None:
    items = clough.load(needs(clough.FOLDER))
    levels = [level for _, level, _, _ in items]
    assert len(items) == 95 and levels.count("non") == 38 and levels.count("cut") == 19
    assert all("\n" not in a.text.replace("\n\n", "") for _, _, a, _ in items[:5])  # unwrapped


def test_pan_loader_and_mapping_on_real_pairs() -> None:
    folder = needs(pan.FOLDER)
    pairs, cases = pan.load_cases(folder)
    assert len(pairs) == 500 and len(cases) == 624
    susp, src = pairs[0]
    raw = base.read_text(folder / "susp" / susp)
    a = Article(susp, base.unwrap(raw))
    clean = Cleaner().clean(a)
    mapping = pan.raw_offsets(clean)
    for s, e in clean.sentences.tolist()[:50]:
        r0, r1 = pan._to_raw((s, e), mapping)
        assert a.text[r0:r1] == clean.text[s:e] and len(raw) == len(a.text)


def test_paraphrase_loaders() -> None:
    msrp = needs("msrp")
    a, b, y = paraphrase.load_msrp(msrp, "train")
    assert len(a) == len(b) == len(y) == 4076 and int(y.sum()) == 2753
    assert len(paraphrase.load_msrp(msrp, "test")[2]) == 1725
    folder = needs("pan-paraphrase-madnani2012")
    assert len(paraphrase.load_pan(folder, "train")[2]) == 10000
    assert len(paraphrase.load_pan(folder, "test")[2]) == 3000


def test_semeval_loader() -> None:
    rows = semeval.load(needs(semeval.FOLDER) / "training_set.csv")
    assert len(rows) == 1283 and all(1.0 <= float(r["Overall"]) <= 4.0 for r in rows)


def test_semeval_blend_is_tuned_per_language_group_and_keeps_the_text_scale() -> None:
    rng = np.random.default_rng(0)
    n = 200
    overall = rng.uniform(1.0, 4.0, n)
    english = np.arange(n) < n // 2
    signal, noise = (4.0 - overall) / 3.0, rng.uniform(0.0, 1.0, n)
    # English pairs: the cosine follows the annotators and the text similarity is noise;
    # the other pairs: the reverse (an English encoder reading other languages).
    sim = np.where(english, noise, signal) * 0.3
    cos = np.where(english, signal, noise)
    mix = semeval.Blend(sim, cos, english, overall)
    assert mix.weights == [1.0, 0.0]
    out = mix(sim, cos, english)
    assert pearson(out[english], -overall[english]) == pytest.approx(1.0)
    # Each group keeps the text similarity's mean and spread, so neither sits above the other.
    for group in (english, ~english):
        assert out[group].mean() == pytest.approx(sim[group].mean())
        assert out[group].std() == pytest.approx(sim[group].std())
    assert pearson(out, -overall) > pearson(sim, -overall)


def test_semeval_rated_similar_counts_each_reported_group() -> None:
    relations = ["same_story", "same_story", "partial", "none", "none"]
    overall = np.array([1.0, 3.0, 2.0, 1.5, 4.0])
    got = {m.name: m.value for m in semeval.rated_similar(relations, overall)}
    assert got == {"reported, any relation (3): rated similar": pytest.approx(2 / 3),
                   "reported same_story (2): rated similar": 0.5,
                   "all test pairs (5): rated similar": 0.6}
    assert semeval.rated_similar(["none"], np.array([1.0]))[0].value is None


# --------------------------------------------------------------------------- API and command line


def test_missing_dataset_is_one_line_and_exit_3(tmp_path: Path) -> None:
    with pytest.raises(evaluate.DatasetMissing):
        evaluate.run("clough", data_dir=tmp_path)
    result = CliRunner().invoke(cli, ["eval", "pan", "--data-dir", str(tmp_path)])
    assert result.exit_code == EXIT_SKIPPED
    assert "data not found" in result.output and "Traceback" not in result.output


def test_env_names_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPYTRACE_DATA", str(tmp_path))
    assert base.data_root() == tmp_path
    assert base.data_root("elsewhere") == Path("elsewhere")


def _labelled_set(tmp_path: Path, extra: str = "") -> tuple[Path, Path]:
    near = SOURCE[:3] + SOURCE[4:] + ["This article was updated on Wednesday with comment from the council."]
    articles = {"orig": SOURCE, "spun": SPUN, "near": near, "other": UNRELATED}
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps({"id": k, "text": "\n\n".join(v)}) + "\n" for k, v in articles.items()))
    labels = tmp_path / "labels.jsonl"
    rows = [{"a": "orig", "b": "spun", "relation": "spun"}, {"a": "orig", "b": "near", "relation": "near_copy"},
            {"a": "orig", "b": "other", "relation": "none"},
            {"id": "orig", "cluster": 1}, {"id": "spun", "cluster": 1}, {"id": "near", "cluster": 1},
            {"id": "other", "cluster": 2}]
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows) + extra)
    return corpus, labels


def test_cli_eval_labelled(tmp_path: Path) -> None:
    corpus, labels = _labelled_set(tmp_path)
    out = tmp_path / "result.json"
    result = CliRunner().invoke(cli, ["eval", "labelled", "--corpus", str(corpus), "--labels", str(labels),
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "== labelled" in result.output and "adjusted Rand index" in result.output
    got = json.loads(out.read_text())["results"][0]
    assert got["details"]["ari"] == pytest.approx(1.0)
    assert got["details"]["reuse"]["recall"] == pytest.approx(1.0)


def test_cli_eval_labelled_skips_bad_records(tmp_path: Path) -> None:
    corpus, labels = _labelled_set(tmp_path, extra='{"a": "orig", "b": "ghost", "relation": "spun"}\nnot json\n')
    result = CliRunner().invoke(cli, ["eval", "labelled", "--corpus", str(corpus), "--labels", str(labels)])
    assert result.exit_code == EXIT_SKIPPED
    assert f"{labels}:8: id not in the corpus: ghost" in result.output
    assert f"{labels}:9: not JSON" in result.output and "Traceback" not in result.output


def test_cli_eval_labelled_needs_both_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "labelled"])
    assert result.exit_code == 2 and "--corpus" in result.output


def test_semantic_off_asks_nothing_of_the_pipeline() -> None:
    assert base.semantic_options("off") == {} and base.load_encoder("off") is None
    assert base.semantic_options("static") == {"semantic": "static"}
    with pytest.raises(evaluate.EvalInputError):
        base.semantic_options("bogus")


def test_paraphrase_threshold_fitted_for_f1_or_accuracy() -> None:
    from copytrace.evaluate import paraphrase

    class Scores:  # what _fit reads of a split's scorer
        cosine = None
        gold = np.array([True, False, False, True, False, False, False, False])

        def scores(self, blend: float) -> np.ndarray:
            return np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])

    # Accuracy is best calling only the top pair a paraphrase (7 of 8 right); F1 ties
    # there with calling the top four, and the lower threshold wins.
    assert paraphrase._fit(Scores()) == (0.0, pytest.approx(0.85), pytest.approx(7 / 8))
    assert paraphrase._fit(Scores(), metric="f1") == (0.0, pytest.approx(0.55), pytest.approx(2 / 3))


def test_reuters_loader_reads_the_sgml_and_drops_the_sign_off(tmp_path: Path) -> None:
    def doc(newid: int, body: str | None) -> str:
        text = f"<BODY>{body}</BODY>" if body is not None else ""
        return (f'<REUTERS TOPICS="NO" NEWID="{newid}">\n<DATE> 3-MAR-1987 14:05:06.12</DATE>\n'
                f"<TEXT>\n<TITLE>HARLOW &lt;HRL> RAISES POSTINGS</TITLE>\n{text}</TEXT>\n</REUTERS>\n")
    body = ("Harlow Oil said it raised its\ncrude postings by 40 cts.\n"
            "    The increase is effective today, it said.\n")
    sgml = (doc(7, body + " Reuter\n\x03") + doc(8, body + " REUTER...") + doc(9, None)
            + doc(10, body.replace("today", "today &amp; tomorrow") + " Reuter\n"))
    (tmp_path / "reut2-000.sgm").write_bytes(sgml.encode("latin-1"))
    got = {a.id: a for a in datasets.reuters(tmp_path)}
    assert sorted(got) == ["reuters-10", "reuters-7", "reuters-8"]  # no BODY, no article
    first = got["reuters-7"]
    assert first.text == ("Harlow Oil said it raised its crude postings by 40 cts.\n\n"
                          "The increase is effective today, it said.")
    assert got["reuters-8"].text == first.text  # a sign-off cut short ("REUTER...") is no text either
    assert "today & tomorrow" in got["reuters-10"].text and not got["reuters-10"].text.endswith("Reuter")
    assert first.title == "HARLOW <HRL> RAISES POSTINGS" and first.published == "1987-03-03T14:05:06"
    assert first.site == "reuters.com"


def test_garble_confuses_look_alike_letters_and_is_seeded() -> None:
    text = "the committee met on monday"
    assert ocr.garble(text, 0.0, random.Random(1)) == text
    assert ocr.garble(text, 0.3, random.Random(1)) == ocr.garble(text, 0.3, random.Random(1))
    garbled = ocr.garble(text, 1.0, random.Random(1))
    assert "rn" in garbled and "m" not in garbled and "y" in garbled  # m read as rn; y has no look-alike


def test_hard_wrap_keeps_the_words_within_the_width() -> None:
    paragraphs = ["one two three four five six seven eight nine ten " * 3, "eleven twelve"]
    wrapped = ocr.hard_wrap(paragraphs, 20)
    assert all(len(line) <= 20 for line in wrapped.splitlines())
    assert wrapped.split("\n\n")[1].strip() == "eleven twelve"
    assert wrapped.split() == " ".join(paragraphs).split()
    hyphenated = ocr.hard_wrap(["a remarkably extraordinary afternoon"], 20, hyphenate=True)
    assert hyphenated.splitlines()[0] == "a remarkably extrao-"


def test_garbled_and_wrapped_reuters_copies_are_found_as_near_copies() -> None:
    needs("reuters-21578")
    result = ocr.run(DATA, size=40, seed=3)
    typed = [m.value for m in result.metrics if m.name.strip().startswith("... typed")]
    assert len(typed) == len(ocr.KINDS)
    assert min(typed) >= 0.9, result.table()
