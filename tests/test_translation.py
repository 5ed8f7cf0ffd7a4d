"""Translations: languages told apart, anchors kept across languages, candidates paired
across languages, sentences matched by their anchors, and the `translation` relation.

The texts are the invented bridge-closure story of ``texts.py`` (English, a German
translation, a French brief, a Spanish report written on its own)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from copytrace import pipeline
from copytrace.align.crosslingual import align_across
from copytrace.candidates import find_candidates, translation_pairs
from copytrace.classify import Thresholds, translation
from copytrace.clean import Cleaner
from copytrace.clean.language import detect_language, detect_languages, normalise_language
from copytrace.examples import example_path
from copytrace.ingest import read_inputs
from copytrace.pipeline import compare, scan_articles
from copytrace.records import Article
from copytrace.sketch import Sketcher, hash_words
from copytrace.sketch.anchors import anchor_tokens, distinct_anchors
from texts import (BRIDGE_DE, BRIDGE_EN, BRIDGE_ES_OWN_REPORT, BRIDGE_FR_BRIEF, HARBOUR_FIRE_DE, SOURCE, SPUN,
                   VALDREN_SPORT_DE)


def _text(sentences: list[str]) -> str:
    return "\n\n".join(sentences)


def _clean(article_id: str, sentences: list[str]):
    cleaned = Cleaner().clean(Article(id=article_id, text=_text(sentences)))
    pipeline.set_languages([cleaned])
    return cleaned


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYTRACE_CACHE", str(tmp_path / "cache"))


# -- clean: the language of each text ------------------------------------------------

def test_languages_are_told_apart() -> None:
    found = detect_languages([_text(BRIDGE_EN), _text(BRIDGE_DE), _text(BRIDGE_FR_BRIEF),
                              _text(BRIDGE_ES_OWN_REPORT)])
    assert found == ["en", "de", "fr", "es"]


def test_tables_and_short_texts_have_no_language() -> None:
    table = "\n".join(f"Harlow {k}.{k}0 Tamsworth {k + 3}.50 Brekke {k * 7} unch" for k in range(1, 12))
    assert detect_language(table) is None
    assert detect_language("Orbis Rail hat den Zugverkehr eingestellt.") is None  # too few words to tell


def test_a_given_language_is_kept_and_tags_are_normalised(monkeypatch) -> None:
    assert detect_languages([_text(BRIDGE_DE), _text(BRIDGE_DE)], given=["de-AT", None]) == ["de-AT", "de"]
    import copytrace.clean.language as language

    def fail(text: str) -> str:
        raise AssertionError("a text whose language is given was read")

    monkeypatch.setattr(language, "_identify", fail)
    assert detect_languages([_text(BRIDGE_DE), _text(BRIDGE_EN)], given=["de", None]) == ["de", "en"]
    assert normalise_language("de-AT") == normalise_language("DE_de") == "de"
    assert normalise_language("") is None


def test_the_language_model_is_kept_unpacked_in_the_cache(tmp_path) -> None:
    import copytrace.clean.language as language

    language._identifier = None
    assert detect_language(_text(BRIDGE_DE)) == "de"
    assert list((tmp_path / "cache").glob("langid-*.pickle"))
    language._identifier = None
    assert detect_language(_text(BRIDGE_FR_BRIEF)) == "fr"  # read back from the cache
    cached = next((tmp_path / "cache").glob("langid-*.pickle"))
    cached.write_bytes(b"not a pickle")  # cut short, or another program's file: built again
    language._identifier = None
    assert detect_language(_text(BRIDGE_DE)) == "de"
    assert cached.stat().st_size > 1000


# -- sketch: anchors ------------------------------------------------------------------

def test_figures_are_hashed_by_their_digits_whatever_the_separators() -> None:
    hashes, owner, _, figure = anchor_tokens(["It cost 1,850 or 14.5 million in 2009.",
                                              "Es kostete 1.850 oder 14,5 Millionen im Jahr 2009."])
    en, de = set(hashes[figure & (owner == 0)].tolist()), set(hashes[figure & (owner == 1)].tolist())
    assert len(en) == 3 and en == de


def test_names_are_anchors_and_short_words_single_digits_and_openers_are_not() -> None:
    hashes, _, _, figure = anchor_tokens(["Trains in Valdren stopped. In Eskeby 3 trains stopped. Valdren waits. "
                                          "Buses run."])
    assert not figure.any()
    # "Trains" and "Buses" open a sentence, "In" is too short, "3" a single digit; the
    # last "Valdren" opens one too, but the text writes it with a capital inside another.
    assert sorted(hashes.tolist()) == sorted(hash_words(["Valdren", "Eskeby", "Valdren"]).tolist())


def test_distinct_anchors_are_numbered_from_first() -> None:
    values, docs = distinct_anchors(["Trains to Valdren and Valdren again.", "Ferries to Eskeby."], first=10)
    assert docs.tolist() == [10, 11]
    assert len(set(values.tolist())) == 2


# -- candidates: pairs across languages -------------------------------------------------

def test_translation_pairs_join_only_known_different_languages() -> None:
    shared = np.arange(1, 6, dtype=np.uint64) * np.uint64(7919)
    values = np.concatenate([shared] * 4)
    docs = np.repeat(np.arange(4), len(shared))
    languages = np.array([0, 0, 1, -1])  # two English texts, a German one, one unknown
    assert translation_pairs(values, docs, languages).tolist() == [[0, 2], [1, 2]]
    assert len(translation_pairs(values, docs, languages, min_shared=6)) == 0


def test_find_candidates_brings_a_translation_the_words_miss() -> None:
    texts = [_text(BRIDGE_EN), _text(BRIDGE_DE), _text(SOURCE), _text(VALDREN_SPORT_DE)]
    sk = Sketcher().sketch(texts)
    languages = np.array([0, 1, 0, 1])
    without = find_candidates(sk)
    with_anchors = find_candidates(sk, anchors=distinct_anchors(texts), languages=languages)
    assert [0, 1] not in without.pairs.tolist()
    assert [0, 1] in with_anchors.pairs.tolist()
    assert with_anchors.counts()["anchors"] >= 1
    assert [0, 3] not in with_anchors.pairs.tolist()  # one place name shared is no translation


# -- align and classify ---------------------------------------------------------------------

def test_a_translation_is_matched_sentence_by_sentence_in_order() -> None:
    al = align_across(_clean("en", BRIDGE_EN), _clean("de", BRIDGE_DE))
    assert al.n_aligned >= 7
    assert (np.diff(al.pairs, axis=0) > 0).all()
    assert al.pairs[:, 0].tolist() == al.pairs[:, 1].tolist()  # sentence k of one is sentence k of the other
    assert min(al.coverage_a, al.coverage_b) >= 0.7
    assert al.figure_agreement == 1.0
    assert translation(al)[0] == "translation"


def test_a_name_in_many_sentences_matches_none_of_them() -> None:
    floods = ["In Valdren regnet es seit Tagen ohne Pause, und die Flüsse steigen weiter.",
              "Die Schulen in Valdren bleiben am Montag geschlossen, teilte die Behörde mit.",
              "Viele Keller in Valdren stehen unter Wasser, und die Feuerwehr ist im Einsatz."]
    al = align_across(_clean("en", BRIDGE_EN), _clean("de", floods))
    assert al.n_aligned == 0


def test_a_report_written_on_its_own_in_another_language_is_no_translation() -> None:
    al = align_across(_clean("en", BRIDGE_EN), _clean("es", BRIDGE_ES_OWN_REPORT))
    assert max(al.coverage_a, al.coverage_b) < Thresholds().translation_coverage
    assert translation(al) is None


def test_translation_thresholds_each_decide() -> None:
    al = align_across(_clean("en", BRIDGE_EN), _clean("fr", BRIDGE_FR_BRIEF))
    assert translation(al)[0] == "translation"  # a brief translating the first sentences
    t = Thresholds()
    assert translation(al, dataclasses.replace(t, translation_min_sentences=al.n_aligned + 1)) is None
    assert translation(al, dataclasses.replace(t, translation_coverage=1.01)) is None
    assert translation(al, dataclasses.replace(t, translation_anchor_share=1.01)) is None
    assert translation(al, dataclasses.replace(t, translation_min_anchors=al.shared_anchors + 1)) is None
    other_figures = dataclasses.replace(al, shared_figures=0)
    assert translation(other_figures) is None


# -- the pipeline -------------------------------------------------------------------------

def _bridge_corpus(**languages: str) -> list[Article]:
    versions = {"en": (BRIDGE_EN, "2026-03-03T08:00:00Z"), "de": (BRIDGE_DE, "2026-03-03T11:00:00Z"),
                "fr": (BRIDGE_FR_BRIEF, "2026-03-03T12:30:00Z"), "es": (BRIDGE_ES_OWN_REPORT, "2026-03-03T13:00:00Z"),
                "sport": (VALDREN_SPORT_DE, None)}
    return [Article(id=k, text=_text(s), published=p, language=languages.get(k)) for k, (s, p) in versions.items()] + [
        Article(id="library", text=_text(SOURCE)), Article(id="library-spun", text=_text(SPUN))]


def test_scan_finds_translations_and_their_source() -> None:
    result = scan_articles(_bridge_corpus(), workers=1, quiet=True)
    pairs = {(p.a, p.b): p for p in result.pairs}
    assert pairs[("en", "de")].relation == "translation" and pairs[("en", "de")].source == "en"
    assert pairs[("en", "fr")].relation == "translation" and pairs[("en", "fr")].source == "en"
    assert all(p.kind == "paraphrase" for p in pairs[("en", "de")].passages)
    assert not any("es" in k or "sport" in k for k in pairs)
    assert pairs[("library", "library-spun")].relation == "spun"  # the words' relations as before
    story = next(s for s in result.stories if "en" in s.members)
    assert story.original == "en" and set(story.members) == {"en", "de", "fr"}
    languages = {a["id"]: a["language"] for a in result.articles}
    assert languages["de"] == "de" and languages["fr"] == "fr" and languages["library"] == "en"


def test_a_language_the_input_gives_is_trusted() -> None:
    # Told that both are English, the German text is not compared across languages.
    result = scan_articles(_bridge_corpus(en="en", de="en", fr="en"), workers=1, quiet=True)
    assert not any(p.relation == "translation" and "de" in (p.a, p.b) for p in result.pairs)


def test_one_language_corpus_reads_no_anchors(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("anchors read in a corpus of one language")

    monkeypatch.setattr(pipeline, "_corpus_anchors", fail)
    result = scan_articles([Article(id="a", text=_text(SOURCE)), Article(id="b", text=_text(SPUN))],
                           workers=1, quiet=True)
    assert [p.relation for p in result.pairs] == ["spun"]


def test_compare_types_a_translation() -> None:
    found = compare(Article(id="en", text=_text(BRIDGE_EN)), Article(id="de", text=_text(BRIDGE_DE)))
    assert found.pair is not None and found.pair.relation == "translation"
    assert found.b.article.language == "de"


def test_translation_of_the_bundled_example_hangs_from_its_original() -> None:
    # A longer text, with quotes (which keep no names) and paragraphs of two sentences.
    articles = [a for a in read_inputs([example_path()]) if isinstance(a, Article)]
    original = next(a for a in articles if a.id == "coastal-herald-original")
    german = Article(id="german", text=_text(HARBOUR_FIRE_DE), published="2026-03-14T12:00:00Z",
                     site="nachrichten.example")
    result = scan_articles([*articles, german], workers=1, quiet=True)
    pair = next(p for p in result.pairs if {p.a, p.b} == {original.id, "german"})
    assert pair.relation == "translation" and pair.source == original.id
    story = next(s for s in result.stories if "german" in s.members)
    assert story.original == original.id
    assert any(e.source == original.id and e.derived == "german" for e in story.edges)
