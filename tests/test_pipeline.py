"""Tests for the pipeline's own work between the stages: cleaning and sketching in
chunks after a sample, and exact duplicates that skip alignment."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from copytrace import pipeline
from copytrace.clean import Cleaner
from copytrace.pipeline import compare, scan_articles
from copytrace.records import Article
from copytrace.sketch import Sketcher, tokenize
from copytrace.store.scratch import ScanStore
from texts import NOTICES, REWRITE, SOURCE, SPUN, UNRELATED


def _corpus() -> list[str]:
    # Variants of three invented texts, so that batches differ and words repeat.
    out = []
    for k in range(9):
        base = (SOURCE, SPUN, UNRELATED)[k % 3]
        out.append(" ".join(base[k % 2 :]) + f" Report number {k}.")
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_sketching_in_chunks_after_a_sample_equals_sketching_at_once(monkeypatch, workers):
    texts = _corpus()
    monkeypatch.setattr(pipeline, "COMMON_WORD_SAMPLE", 4)
    monkeypatch.setattr(pipeline, "SKETCH_BATCH", 1)
    articles = [Article(str(i), t) for i, t in enumerate(texts)]
    store = ScanStore()
    corpus = pipeline._clean_and_sketch(pipeline._ListChunks(articles, 2), Cleaner(), Sketcher(), store, quiet=True,
                                        workers=workers)

    cleaned = [Cleaner().clean(a).text for a in articles]
    reference = Sketcher()
    reference.learn_common_words(tokenize(cleaned[:4]))
    whole = reference.sketch(cleaned)
    assert corpus.ids == [a.id for a in articles]
    assert np.array_equal(corpus.sketches.n_words, whole.n_words)
    assert np.array_equal(corpus.sketches.sig_words, whole.sig_words)
    assert np.array_equal(corpus.sketches.sig_shingles, whole.sig_shingles)
    assert np.array_equal(corpus.sketches.exact, whole.exact)
    # Only fingerprints that some other entry shares are kept: they are all a pair can use.
    values, counts = np.unique(whole.fp_values, return_counts=True)
    shared = np.isin(whole.fp_values, values[counts > 1])
    got = sorted(zip(corpus.sketches.fp_values.tolist(), corpus.sketches.fp_docs.tolist()))
    assert got == sorted(zip(whole.fp_values[shared].tolist(), whole.fp_docs[shared].tolist()))
    # The cleaned texts are in the store.
    stored = store.clean_articles(range(len(articles)))
    assert [stored[i].text for i in range(len(articles))] == cleaned


@pytest.mark.parametrize("batch", [2000, 1])  # one batch per chunk, or texts counted batch by batch
def test_word_weights_come_from_a_sample_spread_over_the_input(monkeypatch, batch):
    texts = _corpus()
    monkeypatch.setattr(pipeline, "COMMON_WORD_SAMPLE", 4)
    monkeypatch.setattr(pipeline, "SKETCH_BATCH", batch)
    articles = [Article(str(i), t) for i, t in enumerate(texts)]
    sketcher = Sketcher()
    pipeline._clean_and_sketch(pipeline._ListChunks(articles, 2), Cleaner(), sketcher, ScanStore(), quiet=True,
                               workers=2)
    picks = pipeline.sample_indices(len(texts), 4)
    assert picks.tolist() == [0, 3, 5, 8]  # spread over the input, not its first texts
    cleaned = [Cleaner().clean(a).text for a in articles]
    reference = Sketcher()
    reference.learn_common_words(tokenize([cleaned[i] for i in picks]))
    probe = tokenize(cleaned).hashes
    assert np.allclose(sketcher.idf(probe), reference.idf(probe))
    first_only = Sketcher()
    first_only.learn_common_words(tokenize(cleaned[:4]))
    assert not np.allclose(sketcher.idf(probe), first_only.idf(probe))


def test_word_weights_add_up_over_batches():
    texts = _corpus()
    one = Sketcher()
    one.learn_common_words(tokenize(texts))
    parts = [Sketcher().document_frequencies(tokenize(texts[k:k + 4])) for k in (0, 4, 8)]
    two = Sketcher()
    two.learn_weights(np.concatenate([w for w, _ in parts]), np.concatenate([d for _, d in parts]), len(texts))
    probe = tokenize(texts).hashes
    assert np.allclose(one.idf(probe), two.idf(probe))


@pytest.mark.parametrize("sample", [20000, 5])  # the whole input, or a sample of it
def test_scan_learns_the_formulas_of_its_input(monkeypatch, sample):
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    monkeypatch.setattr(pipeline, "COMMON_WORD_SAMPLE", sample)
    articles = [Article(k, t) for k, t in NOTICES.items()]
    # Read alone, two notices sharing their fee lines word for word are a partial copy ...
    assert compare(articles[0], articles[1]).pair.relation == "partial"
    # ... but the input fills those lines in for other issuers with other fees: a formula.
    result = scan_articles(articles, workers=2)
    assert [(p.a, p.b, p.relation) for p in result.pairs] == []


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
    # Its coverage is what those passages hold, on each side: not the retold sentence
    # the aligner also pairs.
    for name, end in (("opinion", side), ("source", "b" if side == "a" else "a")):
        text, spans = result.texts[name], [getattr(p, end) for p in pair.passages]
        words = [m.start() for m in re.finditer(r"\w+", text)]
        inside = sum(any(lo <= w < hi for lo, hi in spans) for w in words)
        assert pair.coverage[end] == pytest.approx(inside / len(words), abs=0.02)
    # Direction weighs the sentences aligned, the retold one among them.
    assert pair.aligned_shares()[0 if side == "a" else 1] > pair.coverage[side] + 0.1


def test_scan_reads_time_words_of_undated_rewrites_only():
    looks_back = "The council had been warned about the drains, as reported earlier this week by the Gazette."

    def scan(dated: bool):
        articles = [Article("src", "\n\n".join(SOURCE), published="2026-03-01T08:00:00Z" if dated else None),
                    Article("rw", "\n\n".join(REWRITE + [looks_back]),
                            published="2026-03-01T12:00:00Z" if dated else None)]
        (pair,) = scan_articles(articles, quiet=True, workers=1).pairs
        assert pair.relation == "rewrite" and pair.source == "src"
        return pair.direction_evidence

    # Undated, the rewrite that looks back is read as the later one ...
    assert "time-words" in scan(dated=False)
    # ... dated, its words are not read at all: the dates decide.
    evidence = scan(dated=True)
    assert "published" in evidence and "time-words" not in evidence


def _harbour_articles() -> dict[str, Article]:
    from copytrace.examples import example_path
    from copytrace.ingest import read_inputs

    return {a.id: a for a in read_inputs(example_path()) if isinstance(a, Article)}


def test_one_outlet_writes_no_independent_report_of_its_own_event():
    arts = _harbour_articles()
    original, report = arts["coastal-herald-original"], arts["bayside-echo-same-story"]
    assert pipeline.compare(original, report).pair.relation == "same_story"
    # The same two texts from one newsroom: its second article on the event is a
    # development or another angle, not coverage written independently.
    own = dataclasses.replace(report, site=original.site, url=None)
    assert pipeline.compare(original, own).pair is None
    by_url = dataclasses.replace(report, site=None, url="https://WWW.CoastalHerald.example/news/skipper")
    assert pipeline.compare(dataclasses.replace(original, site=None), by_url).pair is None
    # Copies stay copies within one outlet (a site reposting its own story).
    spun = arts["infohub-spun"]
    assert pipeline.compare(original, dataclasses.replace(spun, site=original.site)).pair.relation == "spun"


@pytest.mark.parametrize(("site", "url", "outlet"), [
    ("WWW.Example.co.uk", None, "example.co.uk"),
    (None, "https://www.news.example/a/b?c=d", "news.example"),
    (None, "http://user@Host.Example:8080/x", "host.example"),
    ("  ", "https://x.example/", "x.example"),
    (None, "http://[bad", None),
    (None, None, None),
])
def test_outlet_is_the_site_else_the_url_host(site, url, outlet):
    assert Article(id="x", text="", site=site, url=url).outlet == outlet


def test_one_outlets_text_printed_again_a_week_later_is_its_next_notice():
    notice = ("The Harbour Board left its mooring fee for visiting yachts unchanged at 40 crowns a night at its "
              "weekly meeting, the board said in a statement.\n\nThe fee has stood at that level since the board "
              "last raised it in the autumn, when it cited the cost of dredging the inner basin.")
    edited = notice.replace("the board said in a statement", "the board said")

    def relation(text: str, days: int, site: str = "harbour.example") -> str | None:
        a = Article("this-week", notice, site="harbour.example", published="2026-03-02T09:00:00Z")
        b = Article("next", text, site=site, published=f"2026-03-{2 + days:02d}T09:00:00Z")
        found = scan_articles([a, b], quiet=True, workers=1).pairs
        return found[0].relation if found else None

    # Within days, one outlet's text again is a re-send: a copy.
    assert relation(notice, 1) == "duplicate" and relation(edited, 2) == "near_copy"
    # A week later, the same text from the same outlet is the notice's next issue, its
    # data unchanged: no copy, however closely it reads ...
    assert relation(notice, 7) is None and relation(edited, 14) is None
    # ... while another outlet may copy a text at any time.
    assert relation(notice, 14, site="quayside.example") == "duplicate"


def test_a_notice_that_names_nothing_takes_its_subject_from_its_title():
    notice = ("Qtly div 12 cts vs 12 cts prior\n\nPay April 15\n\nRecord March 31\n\nThe payout is the same as in "
              "each of the last four quarters, and the board expects to hold it at that level for the rest of the "
              "year unless trading worsens.")
    edited = notice.replace("unless trading worsens", "unless trading worsens sharply")

    def relation(title_a: str, title_b: str, text_b: str = notice, text_a: str = notice) -> str | None:
        a = Article("a", text_a, title=title_a, site="wire.example", published="2026-03-02T09:00:00Z")
        b = Article("b", text_b, title=title_b, site="wire.example", published="2026-03-02T11:00:00Z")
        found = scan_articles([a, b], quiet=True, workers=1).pairs
        return found[0].relation if found else None

    # Two companies' notices filled in alike: the title names the subject the text leaves
    # out, so they are no copy, word for word or edited.
    assert relation("HARBOUR FERRIES LTD SETS QUARTERLY", "GLENDALE MILLS INC REGULAR DIVIDEND") is None
    assert relation("HARBOUR FERRIES LTD SETS QUARTERLY", "GLENDALE MILLS INC REGULAR DIVIDEND", edited) is None
    a = Article("a", notice, title="HARBOUR FERRIES LTD SETS QUARTERLY")
    assert compare(a, Article("b", notice, title="GLENDALE MILLS INC REGULAR DIVIDEND")).pair is None
    # A re-issue keeps its subject in its title, whatever else the title changes; title
    # words are compared by their stems ("Bancorp" is "Bancorporation").
    assert relation("HARBOUR FERRIES LTD SETS QUARTERLY", "HARBOUR FERRIES LTD DECLARES QTLY DIV") == "duplicate"
    assert relation("HARBOUR FERRIES LTD SETS QUARTERLY", "HARBOUR FERRIES LTD DECLARES DIVIDEND",
                    edited) == "near_copy"
    assert relation("WESTERN BANCORP <WBC>", "WESTERN BANCORPORATION <WSBC>") == "duplicate"
    # A text that names its subject speaks for itself, whatever its title.
    named = "Harbour Ferries Ltd said its " + notice
    assert relation("HARBOUR FERRIES LTD SETS QUARTERLY", "GLENDALE MILLS INC REGULAR DIVIDEND", named,
                    named) == "duplicate"
