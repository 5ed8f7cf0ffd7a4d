"""Tests for the classify stage: relations from alignments of invented text pairs.

The alignments are built as the pipeline builds them (clean, sketch, sentence tables,
align); only the texts are made up, one per relation.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from copytrace import compare
from copytrace.align import Alignment, align, build_tables, substitutions
from copytrace.align.aligner import SemanticMatch, held_whole
from copytrace.align.sentences import sentence_fillings
import copytrace.classify as classify_module
from copytrace.classify import (
    DEFAULT,
    Thresholds,
    _carried_background,
    _data_rows,
    _reused_words,
    _template,
    classify,
    needs_sentence_vectors,
    partial_passages,
    reused_passages,
    reused_sentences,
)
from copytrace.clean import Cleaner
from copytrace.evaluate.ocr import garble, hard_wrap
from copytrace.records import RELATIONS, Article
from copytrace.sketch import Sketcher, tokenize
from texts import (CUT_PASSAGE, HARD_SPUN, NOTICE_FINAL_TERMS, NOTICES, PARAPHRASE, POSTING_HARLOW, POSTING_TAMSWORTH,
                   REWRITE, SOURCE, SPUN, UNRELATED)


#: Most sentences word for word; one cut, two with small edits, one line of its own added.
NEAR_COPY = [
    "Heavy rain flooded the basement of the Glenmoor public library late on Sunday night, "
    "ruining about 4,000 books and several old maps.",
    SOURCE[1],
    SOURCE[2],
    SOURCE[4],
    SOURCE[5],
    "A fundraising page set up by the friends of the library had collected more than 600 pounds "
    "by Tuesday evening.",
    SOURCE[7],
    "This article was updated on Wednesday with comment from the council.",
]


OPINION = [
    "Every small town likes to boast about its civic buildings until the bill for their upkeep arrives.",
    "Glenmoor is no exception, and the council has spent a decade postponing dull repairs in favour of "
    "ribbon cutting.",
    "Ratepayers deserve a clear plan for the drains, the roofs and the boilers of every public building.",
    "Until that plan exists, volunteers and bake sales will keep paying for decisions made in the town hall.",
]
#: An opinion piece of its own that reuses two sentences of the source word for word.
PARTIAL = OPINION[:2] + [SOURCE[2], SOURCE[5]] + OPINION[2:]


QUOTE = ("“We lost most of the parish records from the nineteenth century and nearly all of the old "
         "harbour charts,” said chief librarian Orla Penhaligon.")
QUOTE_2 = ("“Some of those charts were drawn by hand before the railway ever reached Glenmoor and its harbour,” "
           "she added.")


def unquoted(sentence: str) -> str:
    return sentence.replace("“", "").replace("”", "")


#: Each pair test runs with either article first: a rule must not depend on the order.
EITHER_ORDER = pytest.mark.parametrize("swap", [False, True], ids=["source-first", "copy-first"])


def in_order(source, copy, swap: bool):
    """``(source, copy)``, or ``(copy, source)`` when ``swap``."""
    return (copy, source) if swap else (source, copy)


#: The private fields behind the features the aligner finds on first use.
_FOUND_ON_FIRST_USE = ("_subjects", "_order_share", "_length_agreement", "_mean_similarity", "_weights",
                       "_shared_figures")


def measured_as(al: Alignment, **features) -> Alignment:
    """A copy of ``al`` as if it measured ``features``, each one the aligner finds on
    first use (kept in private fields, which a copy made by ``dataclasses.replace`` finds
    anew); the copy keeps the others ``al`` found or was given."""
    caches: dict = {name: getattr(al, name) for name in _FOUND_ON_FIRST_USE}
    if "word_jaccard" in features or "shared_weight" in features:
        shared = features.pop("shared_weight", al.shared_weight)
        caches["_weights"] = shared, shared / features.pop("word_jaccard", al.word_jaccard)
    if {"renamed", "formula_a", "formula_b"} & features.keys():
        caches["_subjects"] = (features.pop("formula_a", al.formula_a), features.pop("formula_b", al.formula_b),
                               features.pop("renamed", al.renamed))
    for name in ("length_agreement", "shared_figures"):
        if name in features:
            caches[f"_{name}"] = features.pop(name)
    if features:
        raise TypeError(f"not found on first use: {sorted(features)} (use dataclasses.replace)")
    copy = dataclasses.replace(al)
    for name, value in caches.items():
        setattr(copy, name, value)
    return copy


def prepare(a: list[str], b: list[str], *, sep_a: str = "\n\n", sep_b: str = "\n\n",
            extra_b: tuple[str, ...] = ()) -> tuple[Alignment, dict]:
    """The alignment of a with b and the keyword arguments the pipeline passes to classify."""
    cleaner = Cleaner()
    ca = cleaner.clean(Article(id="a", text=sep_a.join(a)))
    cb = cleaner.clean(Article(id="b", text=sep_b.join(list(extra_b[:1]) + b + list(extra_b[1:]))))
    sketcher = Sketcher()
    sk = sketcher.sketch([ca.text, cb.text])
    ta, tb = build_tables([ca, cb], sketcher)
    return align(ta, tb), sk.evidence(0, 1)


def relation(a: list[str], b: list[str], **options) -> str | None:
    al, kw = prepare(a, b, **options)
    verdict = classify(al, **kw)
    if verdict is not None:
        rel, score = verdict
        assert rel in RELATIONS
        assert 0.0 <= score <= 1.0
        return rel
    return None


def test_duplicate_after_boilerplate_is_stripped():
    boiler = ("READ MORE: Ten things to do in Glenmoor this weekend",
              "Source: Glenmoor Gazette",
              "© 2026 Glenmoor Gazette. All rights reserved.")
    al, kw = prepare(SOURCE, SOURCE, extra_b=boiler)
    assert kw["exact"], "the cleaned texts should be identical"
    assert classify(al, **kw) == ("duplicate", 1.0)


def test_duplicate_from_verbatim_sentences_with_other_paragraphing():
    # Same sentences, two per line: not the same cleaned text, but every sentence identical.
    al, kw = prepare(SOURCE, [" ".join(SOURCE[i:i + 2]) for i in range(0, len(SOURCE), 2)], sep_b="\n")
    assert classify(al, **{**kw, "exact": False})[0] == "duplicate"


def test_exact_flag_alone_means_duplicate():
    al, kw = prepare(SOURCE, UNRELATED)
    assert classify(al, **{**kw, "exact": True}) == ("duplicate", 1.0)


@EITHER_ORDER
def test_near_copy(swap):
    a, b = in_order(SOURCE, NEAR_COPY, swap)
    assert relation(a, b) == "near_copy"


@EITHER_ORDER
def test_spun(swap):
    a, b = in_order(SOURCE, SPUN, swap)
    assert relation(a, b) == "spun"


@EITHER_ORDER
def test_a_spun_copy_with_sentences_spun_past_aligning_is_still_spun(swap):
    a, b = in_order(SOURCE, HARD_SPUN, swap)
    al, _ = prepare(a, b)
    # Too few sentences align by their words for one to one ...
    assert al.n_aligned < DEFAULT.spun_one_to_one * len(SOURCE)
    # ... but the others stand in their places between them.
    assert relation(a, b) == "spun"


@EITHER_ORDER
def test_a_paraphrase_that_moves_clauses_is_a_rewrite_not_spun(swap):
    a, b = in_order(SOURCE, PARAPHRASE, swap)
    al, _ = prepare(a, b)
    # Sentence for sentence, at their lengths, many words kept: all a spinner leaves ...
    assert al.n_aligned == len(SOURCE) and al.length_agreement >= DEFAULT.spun_length_agreement
    # ... but the words step back where the clauses moved.
    assert al.word_order < DEFAULT.spun_word_order
    assert relation(a, b) == "rewrite"


def test_spun_keeps_sentence_lengths_a_rewrite_does_not():
    al, kw = prepare(SOURCE, SPUN)
    assert al.length_agreement >= DEFAULT.spun_length_agreement
    # The same overlap with sentences merged, cut and extended is a rewrite, not a spin.
    restructured = measured_as(al, length_agreement=0.8)
    verdict = classify(restructured, **kw)
    assert verdict is not None and verdict[0] != "spun"


def test_rewrite():
    assert relation(SOURCE, REWRITE) == "rewrite"
    assert relation(REWRITE, SOURCE) == "rewrite"


@EITHER_ORDER
def test_partial(swap):
    a, b = in_order(SOURCE, PARTIAL, swap)
    assert relation(a, b) == "partial"


#: SOURCE with more of its own: the flood's damage around the town.
FLOOD_REPORT = SOURCE + [
    "Shopkeepers on the high street spent the day pumping water out of their cellars and counting spoiled stock.",
    "The bakery on Mill Lane lost two ovens and will not open again until the electrics have been replaced.",
    "Bus services through the valley were diverted because the bridge at Arden Ford was under water.",
    "The river reached its highest level since records began at the weir in the winter of 1947.",
]
#: The next event of the affair (the council votes money for drains), which carries five of
#: FLOOD_REPORT's sentences over as background, two near word for word, three reworded.
FOLLOW_UP = [
    "Glenmoor councillors voted on Thursday to spend ninety thousand pounds on new drains for the public library.",
    "The motion passed by eleven votes to four after a debate that ran late into the evening at the town hall.",
    "Opponents said the money should go first to the bridge at Arden Ford, which carries the valley's buses.",
    "The leader of the council, Marjorie Treloar, said the library could not wait for another wet winter.",
    "Work on the drains is due to start next month and should take about six weeks, the council said.",
    "The Glenmoor library was flooded on Sunday night a fortnight ago when heavy rain filled its basement, ruining "
    "about four thousand books and several old maps.",
    "When staff came in on Monday morning, water had reached the bottom shelves where the local history "
    "collection is kept.",
    "Engineers are still checking the wiring and drying the walls, and the council has kept the building shut.",
    "The library had asked for money to repair its drains twice in the last five years, according to "
    "minutes of council meetings.",
    "The friends of the library have since raised more than two thousand pounds on a fundraising page.",
    "A public meeting about the valley's flood defences will be held at the rowing club on Saturday.",
    "Residents can send written questions to the council before Friday noon.",
    "Two of the four councillors who voted against the motion represent wards on the far side of the river.",
    "The next full council meeting, on the budget for roads and lighting, is set for the first week of March.",
]


def _partial_follow_up(earlier: list[str], follow_up: list[str], swap: bool, **rule_off):
    """Align a follow-up with the story it carries background from (either side first),
    check that it is aligned in order as a rewrite is, that it is typed partial, and
    that it reads as a rewrite with the rule under test switched off (``rule_off``:
    thresholds that disable it). Returns the alignment for the rule's own checks."""
    a, b = in_order(earlier, follow_up, swap)
    al, kw = prepare(a, b)
    assert al.n_aligned >= DEFAULT.rewrite_min_aligned and al.order >= DEFAULT.rewrite_order
    assert classify(al, **kw)[0] == "partial"
    assert classify(al, **kw, t=dataclasses.replace(DEFAULT, **rule_off))[0] == "rewrite"
    return al


FOLLOW_UP_ORDER = pytest.mark.parametrize("swap", [False, True], ids=["earlier-first", "follow-up-first"])


@FOLLOW_UP_ORDER
def test_follow_up_carrying_background_paragraphs_is_partial_not_a_rewrite(swap):
    al = _partial_follow_up(FLOOD_REPORT, FOLLOW_UP, swap, partial_first_coverage=0.0)
    # Each side mostly its own, with a passage of the earlier story kept near word for word.
    assert max(al.coverage_a, al.coverage_b) < DEFAULT.partial_first_coverage


#: FOLLOW_UP with its opening background sentence reworded too: one line of the earlier
#: report is carried word for word (about twenty words), everything else paraphrased.
FOLLOW_UP_ONE_LINE = FOLLOW_UP[:5] + [
    "A fortnight ago, on a Sunday night, water from a downpour poured into the Glenmoor library's basement, "
    "where about four thousand books were spoiled.",
] + FOLLOW_UP[6:]


@FOLLOW_UP_ORDER
def test_follow_up_carrying_one_background_sentence_word_for_word_is_partial(swap):
    al = _partial_follow_up(FLOOD_REPORT, FOLLOW_UP_ONE_LINE, swap, story_copied_words=1000)
    # Fewer words kept than a partial copy needs, but each side mostly its own and one
    # sentence carried word for word: not a rewrite of the earlier report.
    assert DEFAULT.story_copied_words <= _reused_words(al, DEFAULT) < DEFAULT.partial_min_words
    assert max(al.coverage_a, al.coverage_b) < DEFAULT.partial_first_coverage


#: The council's decision a few days later: its own lead, two of SOURCE's sentences carried
#: word for word as background, three more retold, and news of its own at the end.
DRAINS_DECISION = [
    "Glenmoor councillors agreed on Thursday to pay for new drains at the public library, four days after "
    "the flood, and named a contractor to start work next month.",
    SOURCE[1], SOURCE[2],
    REWRITE[3], REWRITE[4],
    "The library had twice asked the council for money to mend its drains in the past five years, council "
    "minutes show.",
    "The contractor, Arden Drainage, said the work would take about six weeks.",
]


@FOLLOW_UP_ORDER
def test_follow_up_opening_with_its_own_news_and_carrying_a_passage_is_partial(swap):
    al = _partial_follow_up(SOURCE, DRAINS_DECISION, swap, rewrite_lead_similarity=0.0)
    # Mostly aligned on both sides, as a rewrite is, but neither opening sentence is
    # retold, and a passage is kept word for word.
    assert max(al.coverage_a, al.coverage_b) >= DEFAULT.partial_first_coverage
    assert al.run_words >= DEFAULT.partial_min_words
    assert _carried_background(al, DEFAULT, False, False) == al.run_words
    # Between two tables of other data the same runs would be their layout: no background.
    assert _carried_background(al, DEFAULT, False, True) == 0


#: DRAINS_DECISION with its two carried sentences lightly edited (no passage word for
#: word) and more news of its own: mostly its own text.
DRAINS_DECISION_EDITED = [
    DRAINS_DECISION[0],
    SOURCE[1].replace("arrived", "came in"),
    SOURCE[2].replace("The town council has closed", "The council has shut"),
    "Rowing club members had helped move the wet boxes of books upstairs, drying pages on the tables of the "
    "sports hall.",
    "Readers returning borrowed books are being sent to a mobile van by the post office in Kettle Street.",
    "Twice in five years the library had requested funds for its drains, the minutes of council meetings show.",
] + DRAINS_DECISION[6:] + [
    "Councillors also asked officers to list every public building whose basement has flooded since 2010.",
    "That report, with the cost of fitting pumps in each of them, is due before the spring budget debate.",
    "The vote was welcomed by the friends of the library, who had lobbied members for a week.",
]


@FOLLOW_UP_ORDER
def test_outlet_s_next_story_carrying_edited_background_is_partial(swap):
    a, b = in_order(SOURCE, DRAINS_DECISION_EDITED, swap)
    al, kw = prepare(a, b)
    assert al.run_words < DEFAULT.partial_min_words <= _reused_words(al, DEFAULT)
    assert classify(al, **kw, one_outlet=True)[0] == "partial"
    # Another outlet's article aligned so retells the story, keeping a few sentences.
    assert classify(al, **kw)[0] == "rewrite"
    # With an opening sentence retold, the outlet's own article is a rewrite too.
    retold = dataclasses.replace(DEFAULT, rewrite_lead_similarity=0.0)
    assert classify(al, **kw, one_outlet=True, t=retold)[0] == "rewrite"
    assert classify(al, **kw, one_outlet=True, days_apart=0.2, t=retold)[0] == "rewrite"
    # Days later, an outlet does not tell its own story again: with its lead retold, the
    # article carrying the background is still the affair's next story.
    assert classify(al, **kw, one_outlet=True, days_apart=3.0, t=retold)[0] == "partial"
    assert classify(al, **kw, days_apart=3.0, t=retold)[0] == "rewrite"


@FOLLOW_UP_ORDER
def test_outlet_s_next_story_aligned_throughout_carrying_edited_background_is_partial(swap):
    # DRAINS_DECISION with its carried sentences lightly edited: aligned over most of
    # each side (no text mostly its own), no long verbatim run, its lead not retold.
    a, b = in_order(SOURCE, DRAINS_DECISION_EDITED[:3] + DRAINS_DECISION[3:], swap)
    al, kw = prepare(a, b)
    assert min(al.coverage_a, al.coverage_b) >= DEFAULT.partial_max_coverage and al.run_words == 0
    assert _reused_words(al, DEFAULT) >= DEFAULT.partial_min_words
    assert classify(al, **kw, one_outlet=True)[0] == "partial"
    assert classify(al, **kw)[0] == "rewrite"


def test_follow_up_without_dates_derives_from_the_story_whose_opening_it_carries():
    # The follow-up opens with its own news and carries the earlier report's opening
    # paragraphs further down: no dates, no credit, yet the direction is readable.
    for a, b in ((FLOOD_REPORT, FOLLOW_UP), (FOLLOW_UP, FLOOD_REPORT)):
        found = compare(Article(id="a", text="\n\n".join(a)), Article(id="b", text="\n\n".join(b))).pair
        assert found.relation == "partial"
        assert "position" in found.direction_evidence
        assert found.source == ("a" if a is FLOOD_REPORT else "b")


def test_unrelated_is_none():
    assert relation(SOURCE, UNRELATED) is None
    assert relation(UNRELATED, SOURCE) is None


def test_shared_quotation_alone_is_not_reuse():
    a, b = SOURCE[:3] + [QUOTE, QUOTE_2], UNRELATED[:2] + [QUOTE, QUOTE_2] + UNRELATED[2:]
    al, kw = prepare(a, b)
    assert al.n_aligned == 2 and al.quoted == 1.0
    verdict = classify(al, **kw)
    assert verdict is None or verdict[0] == "same_story"
    # The same words outside quotation marks are reused prose.
    assert relation([unquoted(s) for s in a], [unquoted(s) for s in b]) == "partial"


def test_shared_names_make_same_story():
    al, kw = prepare(SOURCE[:3] + [QUOTE], UNRELATED[:2] + [QUOTE] + UNRELATED[2:])
    assert al.n_aligned == 1
    few = measured_as(al, word_jaccard=0.05, shared_weight=30.0)
    assert classify(few, **kw) is None
    many = measured_as(al, word_jaccard=0.3, shared_weight=150.0)
    rel, score = classify(many, **kw)
    assert rel == "same_story" and 0.0 < score <= 1.0
    # Jaccard alone is not enough: two short texts sharing three names are not a story.
    short = measured_as(al, word_jaccard=0.3, shared_weight=20.0)
    assert classify(short, **kw) is None
    # Reports of one event come out within hours; half a day on, or two days, an article
    # on the affair tells the next development.
    assert classify(many, **kw, days_apart=0.25)[0] == "same_story"
    assert classify(many, **kw, days_apart=0.75) is None
    # Another outlet's report of the event often comes out the next morning.
    assert classify(many, **kw, days_apart=0.75, two_outlets=True)[0] == "same_story"
    assert classify(many, **kw, days_apart=2.0, two_outlets=True) is None
    # One outlet's second article on the event is no coverage written independently.
    assert classify(many, **kw, days_apart=0.25, one_outlet=True) is None
    assert classify(many, **kw, days_apart=2.0) is None
    # A bag of shared words with no sentence stating the same fact is a topic, not a story.
    no_sentence = measured_as(dataclasses.replace(many, pairs=np.zeros((0, 2), dtype=np.int64), similarity=np.zeros(0),
                                                  verbatim=np.zeros(0, dtype=bool), pair_quoted=np.zeros(0, dtype=bool),
                                                  pair_words=np.zeros(0, dtype=np.int64)),
                              word_jaccard=many.word_jaccard, shared_weight=many.shared_weight)
    assert classify(no_sentence, **kw) is None


def _harvest_table(crop: str, numbers: list[int]) -> list[str]:
    rows = [f"{district} {a} {b} {c}" for district, (a, b, c) in
            zip(("North", "South", "East", "West", "Central"), zip(numbers[::3], numbers[1::3], numbers[2::3]))]
    return [f"The Glenmoor county office reported the following {crop} stocks held in district stores "
            "as of Friday, in thousands of tonnes.", "DISTRICT THIS WEEK LAST WEEK LAST YEAR", "\n".join(rows)]


def test_tables_of_other_data_are_not_one_story():
    wheat = _harvest_table("wheat", list(range(101, 116)))
    barley = _harvest_table("barley", list(range(201, 216)))
    al, kw = prepare(wheat, barley)
    assert al.figures_a >= DEFAULT.table_min_figures and al.figures_b >= DEFAULT.table_min_figures
    assert al.shared_figures == 0  # the frame aligns, the data do not
    as_story = measured_as(al, word_jaccard=0.3, shared_weight=150.0)  # and the frame's words are shared
    assert classify(as_story, **kw) is None
    # Reports of one event print the same figures: the same rule keeps them a story.
    same_data = measured_as(as_story, shared_figures=al.figures_a)
    assert classify(same_data, **kw)[0] == "same_story"
    # Prose with few figures is not judged by them (nor are its frame lines, near word for
    # word here, read as copied sentences for this check).
    few = measured_as(dataclasses.replace(as_story, figures_a=3, figures_b=4), word_jaccard=as_story.word_jaccard,
                      shared_weight=as_story.shared_weight)
    assert classify(few, **kw, t=dataclasses.replace(DEFAULT, story_copied_words=10_000))[0] == "same_story"


def test_classify_is_closest_relation_first():
    # A spun copy also passes the looser rewrite and partial rules; spun must win.
    al, kw = prepare(SOURCE, SPUN)
    assert classify(al, **kw)[0] == "spun"
    # With the spun rule disabled, the same alignment falls to a looser relation.
    looser = classify(al, **kw, t=dataclasses.replace(DEFAULT, spun_coverage=1.01))
    assert looser is not None and looser[0] in ("rewrite", "partial")


def test_thresholds_are_read():
    al, kw = prepare(SOURCE, PARTIAL)
    assert classify(al, **kw)[0] == "partial"
    strict = classify(al, **kw, t=Thresholds(partial_min_words=10_000, story_copied_words=10_000))
    assert strict is None or strict[0] == "same_story"


def test_confidence_grows_with_evidence():
    # More reused words: a higher partial score.
    al_three, kw_three = prepare(SOURCE, OPINION[:2] + [SOURCE[2], SOURCE[3], SOURCE[5]] + OPINION[2:])
    al_two, kw_two = prepare(SOURCE, OPINION[:2] + [SOURCE[2], SOURCE[5]] + OPINION[2:])
    rel_three, score_three = classify(al_three, **kw_three)
    rel_two, score_two = classify(al_two, **kw_two)
    assert rel_three == rel_two == "partial"
    assert score_three > score_two


#: The source's first three sentences, each lightly edited (none word for word), and nothing else.
EXCERPT = [
    "Heavy rain flooded the cellar of the Glenmoor public library late on Sunday, "
    "ruining roughly four thousand books and several old maps.",
    "Staff came in on Monday morning to find muddy water reaching the lower shelves of the local history room.",
    "The town council has shut the building for at least three weeks while engineers check the wiring "
    "and dry the walls.",
]


@EITHER_ORDER
def test_lightly_edited_excerpt_is_a_near_copy_as_a_verbatim_one_is(swap):
    a, b = in_order(SOURCE, EXCERPT, swap)
    al, kw = prepare(a, b)
    assert max(al.verbatim_a, al.verbatim_b) == 0.0  # no sentence kept word for word
    assert min(al.coverage_a, al.coverage_b) < DEFAULT.partial_max_coverage  # the source is mostly left out
    assert classify(al, **kw)[0] == "near_copy"
    # Without the excerpt rule the same pair reads as passages in text of one's own.
    assert classify(al, **kw, t=dataclasses.replace(DEFAULT, excerpt_similarity=1.01))[0] == "partial"
    # A verbatim excerpt was a near copy already.
    assert relation(SOURCE, SOURCE[:3]) == "near_copy"


#: A round-up's own items, each about something else.
ROUNDUP_OPENING = [
    "Dock workers at the port of Sallowmere voted on Tuesday to accept a two-year pay offer, ending a dispute "
    "that had held up grain exports for most of the spring.",
    "The Halden valley railway will close its northern branch for six weeks from May while the company "
    "replaces two bridges and a mile of worn track.",
    "Potato growers in the east of the county expect a late harvest after the wettest March in thirty years, "
    "their association said in its monthly bulletin.",
]
ROUNDUP_CLOSE = [
    "The regional chamber of commerce said on Wednesday that hiring by small firms slowed in the first "
    "quarter for the third quarter running.",
]


@EITHER_ORDER
def test_item_pasted_into_a_round_up_is_partial_where_a_cut_version_is_a_near_copy(swap):
    # The excerpt's three sentences as one item of a round-up, after three of its own.
    a, b = in_order(EXCERPT, ROUNDUP_OPENING + EXCERPT + ROUNDUP_CLOSE, swap)
    al, kw = prepare(a, b)
    assert min(al.coverage_a, al.coverage_b) < DEFAULT.partial_max_coverage
    assert classify(al, **kw)[0] == "partial"
    # Read as a cut version (the round-up's opening not counted), it is the near copy the
    # excerpt rule makes of it ...
    assert classify(al, **kw, t=dataclasses.replace(DEFAULT, inserted_lead_words=10_000))[0] == "near_copy"
    # ... as it is where the item opens the longer text, which goes on with its own.
    assert relation(*in_order(EXCERPT, EXCERPT + ROUNDUP_OPENING + ROUNDUP_CLOSE, swap)) == "near_copy"


def test_reordered_copy_is_not_a_duplicate():
    # Every sentence identical but in reverse order: not the same text.
    rel = relation(SOURCE, SOURCE[::-1])
    assert rel != "duplicate"
    assert rel is not None  # but certainly related


# A passage pasted into unrelated text (the suspicious documents of plagiarism corpora,
# a wire paragraph inside a local page). The host's other sentences align by chance
# with the source's and bring their own names.
PASTED = (
    "Inspectors found cracks in two of the steel cables that hold the deck of the Kestrel Bridge, and engineers "
    "expect the work to last about eleven weeks. Buses between Carrow and Dunmere will run by the old ford road "
    "while the bridge is shut. Traders near the bridge have asked the Almond county council for help with lost "
    "custom during the closure."
)
BRIDGE = (
    "The Kestrel Bridge over the river Almond will close for repairs from March, the county council said on Monday. "
    + PASTED + " Councillor Maeve Ardle said the repairs could not wait until the summer, whatever the cost. "
    "The bridge was built in 1931 by the Lanyon ironworks and last repaired in 1987, when it shut for a month. "
    "About nine thousand vehicles cross it on a weekday, most of them heading for the Carrow industrial estate. "
    "The council will publish the diversion map on its website and post copies at Dunmere post office."
)
FESTIVAL_OPENING = (
    "The Harbour Festival in Polwenna will open in March with sixty stalls, the Polwenna town council said on Friday. "
    "Organisers Jory Penhale and Tamsin Vosper booked three brass bands from Truro and a fiddler from Penzance. "
    "Councillor Tobias Wren of Polwenna said Mayor Elowen Trevisa could not wait until the summer for the Kernow Cup, "
    "whatever the weather. Last year the festival drew eleven thousand visitors to the quay, twice the year before. "
)
FESTIVAL_CLOSE = (
    " Tickets for the Saturday concert on the quay go on sale at the Polwenna library next week. Parking on the "
    "harbour wall will be closed for the weekend, and a shuttle will run from the rugby ground every half hour."
)


def _aligned_texts(a: str, b: str, sketcher: Sketcher | None = None):
    """The alignment of two texts, with the word weights and formulas ``sketcher``
    learned (compare's uniform weights by default)."""
    cleaner = Cleaner()
    ca, cb = cleaner.clean(Article("a", a)), cleaner.clean(Article("b", b))
    ta, tb = build_tables([ca, cb], sketcher or Sketcher())
    return align(ta, tb)


def test_passage_pasted_into_other_text_is_partial_not_a_template():
    al = _aligned_texts(FESTIVAL_OPENING + PASTED + FESTIVAL_CLOSE, BRIDGE)
    chance = ~al.verbatim
    # The whole alignment reads like a frame: the chance pair's names disagree ...
    assert chance.any() and al.anchors >= DEFAULT.template_min_anchors
    assert al.anchor_agreement < DEFAULT.template_anchor_agreement
    # ... but the copied run keeps its own, and the chance pair is out of its sequence.
    run = reused_passages(al)
    assert run[al.verbatim].all() and not run[chance].any()
    assert classify(al)[0] == "partial"


def test_partial_passages_are_the_copied_words_when_run_into_the_copiers_sentence():
    # The host runs the passage's first sentence into one of its own: lower similarity,
    # same place in the sentence run.
    first, rest = PASTED.split(". ", 1)
    merged = ("Organisers Jory Penhale and Tamsin Vosper booked two brass bands from Truro and a choir from Bodmin for "
              "the quay concert, the week inspectors found cracks "
              + first[len("Inspectors found cracks "):] + ". " + rest)
    al = _aligned_texts(FESTIVAL_OPENING + merged + FESTIVAL_CLOSE, BRIDGE)
    reused, run = reused_sentences(al), reused_passages(al)
    edge = run & ~reused
    assert edge.any() and (al.similarity[edge] < DEFAULT.partial_similarity).all()
    rows = np.flatnonzero(run)
    assert (np.diff(al.pairs[rows], axis=0) == 1).all()  # one run, in sequence on both sides
    assert classify(al)[0] == "partial"
    # The pair's evidence is the copied words to the character, from inside the run-in
    # sentence on, found as one verbatim run across the sentence boundaries.
    host = FESTIVAL_OPENING + merged + FESTIVAL_CLOSE
    result = compare(Article("host", host), Article("bridge", BRIDGE))
    assert result.pair.relation == "partial"
    side = "a" if result.a.id == "host" else "b"
    text = result.a.text if side == "a" else result.b.text
    (passage,) = result.pair.passages
    assert text[slice(*getattr(passage, side))] == "inspectors found cracks" + PASTED[len("Inspectors found cracks"):-1]
    # Where no long verbatim run is found, the sentence run is the evidence, edges included.
    short = dataclasses.replace(al, _runs=al.runs[:0], _run_words=0)
    assert classify(short)[0] == "partial"


def test_frame_filled_in_anew_stays_a_template_when_boilerplate_lines_are_copied():
    # Bond notices: boilerplate lines copied word for word, the name-bearing lines new.
    # Aligned throughout, the notices are one frame, not a partial copy.
    frame = ("{co} is issuing a {amt} mln dlr bond due {month} {day}, 1992 paying {rate} pct and priced at {price} "
             "pct, lead manager {bank} said. The non-callable bond is available in denominations of 1,000 and "
             "10,000 dlrs and will be listed in Luxembourg, the lead manager said on Tuesday. The selling concession "
             "is one pct while management and underwriting combined pays 5/8 pct, and the payment date is next month.")
    one = frame.format(co="Harrowgate Mills Ltd", amt=75, month="April", day=14, rate="8-1/2", price="101-1/4",
                       bank="Tollbridge Capital Markets")
    other = frame.format(co="Penwick Ferry Corp", amt=40, month="June", day=3, rate="9-3/8", price="100-7/8",
                         bank="Quaymoor Securities")
    al = _aligned_texts(one, other)
    assert al.verbatim.sum() >= 2 and al.anchor_agreement < DEFAULT.template_anchor_agreement
    assert classify(al) is None and _template(al, DEFAULT)
    # A sentence or two aligned in two long texts, naming others, are no frame: two
    # reports of one event each state it with their own names and figures.
    few = dataclasses.replace(al, coverage_a=0.12, coverage_b=0.1)
    assert not _template(few, DEFAULT)
    # ... unless none of them is kept near word for word: two fires' "drivers were asked
    # to avoid the area", each with its own road, are statements of a kind, no shared fact.
    none_kept = dataclasses.replace(few, similarity=np.minimum(al.similarity, 0.5), verbatim=al.verbatim & False,
                                    _runs=al.runs[:0], _run_words=0)
    assert _template(none_kept, DEFAULT)


def _notice_sketcher(learn: bool, notices: dict[str, str] = NOTICES) -> Sketcher:
    """A sketcher that learned the word weights of the bond notices, and their formulas
    if ``learn``."""
    cleaned = [Cleaner().clean(Article(k, t)) for k, t in notices.items()]
    tokens, sketcher = tokenize([c.text for c in cleaned]), Sketcher()
    sketcher.learn_common_words(tokens)
    if learn:
        assert sketcher.learn_formulas(*sentence_fillings(cleaned, tokens)) >= 2
    return sketcher


def test_formula_lines_of_notices_for_other_issuers_are_no_passage():
    # Two issuers' notices share their fee and denomination lines word for word, each
    # beside a paragraph of its own: read alone, a passage pasted into other text.
    one, other = NOTICES["harrowgate"], NOTICES["penwick"]
    alone = _aligned_texts(one, other, _notice_sketcher(learn=False))
    assert classify(alone)[0] == "partial" and not alone.pair_formula[alone.verbatim].any()
    # The corpus fills those lines in with other fees for other issuers: a formula, no prose.
    learned = _aligned_texts(one, other, _notice_sketcher(learn=True))
    assert learned.pair_formula[learned.verbatim].all()
    assert learned.tables[0].standard[learned.pairs[learned.verbatim, 0]].all()  # the usual fees
    assert not reused_sentences(learned).any() and learned.run_words == 0
    assert classify(learned) is None


def test_formula_lines_printed_word_for_word_with_data_of_their_own_are_copied():
    # A follow-up carries Quaymoor's fee and denomination lines as its notice printed them:
    # the formula filled in with fees no other notice has, so copied, not the usual wording.
    lines = NOTICES["quaymoor"].split("\n\n")[0].split(". ", 1)[1]
    follow_up = ("Quaymoor Foods Plc said on Friday that its new bond had been fully subscribed within an hour of "
                 "the launch. " + lines + "\n\nDealers said demand came mostly from small banks in Switzerland and "
                 "Belgium that had bought the company's earlier issues. The company plans to open a third bakery "
                 "on the coast next year, its finance director told reporters.")
    al = _aligned_texts(NOTICES["quaymoor"], follow_up, _notice_sketcher(learn=True))
    assert al.verbatim.sum() == 2 and not al.pair_formula[al.verbatim].any()
    assert al.tables[0].formula[1:3].all() and not al.tables[0].standard[1:3].any()
    assert classify(al)[0] == "partial"


def test_formula_line_with_only_the_other_s_names_and_figures_may_be_copied():
    # A digest carrying the notice's opening line with its issuer, bank and figures has
    # copied it (the dateline keeps it from being word for word) ...
    sketcher = _notice_sketcher(learn=True)
    notice = NOTICES["harrowgate"]
    opening_line = notice.split(" said. ")[0] + " said."
    digest = ("Bond briefs for the morning.\n\nLONDON - " + opening_line + "\n\nFOXTON - Traders said the "
              "week's new issues were mostly taken by funds in the north, and dealers expect more of them.")
    al = _aligned_texts(notice, digest, sketcher)
    opening = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 1)
    assert opening.any() and not al.verbatim[opening].any() and not al.pair_formula[opening].any()
    # ... while the same issue with its final terms fills the line anew (another coupon
    # and price): the formula's line, though it names only what the other names.
    al = _aligned_texts(notice, NOTICE_FINAL_TERMS, sketcher)
    opening = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)
    assert opening.any() and al.pair_formula[opening].all()
    assert al.pair_formula[al.verbatim].all()


def test_formula_line_filled_alike_in_a_digest_of_other_figures_is_its_passage():
    # A digest carries the notice's opening line whole (after a dateline) among items with
    # names and figures of their own. The corpus fills the datelined line in several ways
    # too, and the dateline is a name the notice lacks: the line stays the formula's on the
    # digest's side ...
    datelined = {f"{k}-wire": "NORTH FOXTON - " + v for k, v in NOTICES.items() if k != "harrowgate"}
    sketcher = _notice_sketcher(learn=True, notices={**NOTICES, **datelined})
    notice = NOTICES["harrowgate"]
    opening_line = notice.split(" said. ")[0] + " said."
    digest = ("Bond briefs for the morning.\n\nFOXTON - Dealers priced 14 new issues worth 2.3 billion dlrs this "
              "week against 9 the week before, and Marlow Trust sold 300 mln dlrs of notes at 99-1/2. Most of the "
              "paper went to pension funds in the west, which had waited since the winter for yields to rise "
              "again, traders at three houses said.\n\nNORTH FOXTON - "
              + opening_line + "\n\nKELBY - Grain traders at the Kelby exchange said wheat for May delivery rose "
              "4-1/4 cts to 2.87 dlrs a bushel on export demand from Ostrava and Lismore.")
    al = _aligned_texts(opening_line, digest, sketcher)  # a one-line notice, as price postings are
    opening = al.pairs[:, 0] == 0
    assert opening.sum() == 1 and not al.verbatim[opening].any() and al.pair_formula[opening].all()
    # ... yet filled in alike to its last name and figure, and not with the usual wording,
    # it is copied: the partial copy's passage.
    assert held_whole(*al.tables, al.pairs[opening]).all()
    assert reused_sentences(al)[opening].all()
    assert classify(al)[0] == "partial" and partial_passages(al, *al.tables)
    # The notice's final terms fill the line anew: not held whole, no passage.
    final = _aligned_texts(NOTICE_FINAL_TERMS.split(" said. ")[0] + " said.", digest, sketcher)
    line = final.pairs[:, 0] == 0
    assert line.sum() == 1 and not held_whole(*final.tables, final.pairs[line]).any()
    assert not reused_sentences(final)[line].any()


def test_two_reports_of_one_issue_printing_its_formula_line_took_nothing():
    # The notices' last line, with a name in it: a formula the corpus fills in six ways.
    listed = {k: v.replace("and pay interest once a year until they mature.", "and will be listed in Luxembourg.")
              for k, v in NOTICES.items()}
    sketcher = _notice_sketcher(learn=True, notices=listed)
    # Harrowgate's notice with a clause added to that line, and another outlet's report
    # of the same issue in its own words around the line as the formula prints it.
    notice = listed["harrowgate"].replace("The bonds come in", "The bonds, guaranteed by the parent, come in")
    report = ("Harrowgate Mills Ltd, the paper sack maker, will raise 75 mln dlrs with a bond due 1992 that pays "
              "8-1/2 pct, its bankers at Tollbridge Capital Markets told investors on Monday. The bonds come in "
              "denominations of 5,000 dlrs each and will be listed in Luxembourg.\n\nThe company wants the money "
              "for a new pulping line at its largest plant in the north, where demand for boxes has soared since "
              "the winter.")
    for a, b in ((notice, report), (report, notice)):
        al = _aligned_texts(a, b, sketcher)
        # The line names only what the other names, as a digest's copy of it would ...
        line = reused_sentences(al) & ~al.pair_formula
        assert line.any() and int(al.pair_words[line].sum()) >= DEFAULT.story_copied_words
        # ... but both reports fill the formula in with the issue's terms: nothing taken.
        assert classify(al)[0] == "same_story" and classify(al, one_outlet=True) is None


def _one_subject(al: Alignment) -> Alignment:
    """``al`` as if no aligned pair named two subjects: nothing renamed, and so no
    formula line (the postings below fill no learned formula)."""
    return measured_as(al, renamed=np.zeros_like(al.renamed), formula_a=np.zeros_like(al.formula_a),
                       formula_b=np.zeros_like(al.formula_b))


def test_a_frame_filled_in_for_another_subject_is_no_passage():
    # Each refiner's opening line names only itself ("Tamsworth Oil", not the "crude
    # oil" of the other's line): one frame, two subjects, too rare to be learned.
    al = _aligned_texts(POSTING_HARLOW, POSTING_TAMSWORTH)
    opening = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)
    assert opening.any() and al.renamed[opening].all() and al.similarity[opening].min() >= 0.8
    swapped = _aligned_texts(POSTING_TAMSWORTH, POSTING_HARLOW)  # whichever side names "crude oil"
    assert swapped.renamed[(swapped.pairs[:, 0] == 0) & (swapped.pairs[:, 1] == 0)].all()
    assert al.pair_formula[opening].all() and not reused_sentences(al)[opening].any()
    # The grades line names the same grades: no other subject, but in a pair of two
    # subjects one such line is the frame's too, not a copied passage.
    assert not al.renamed[~opening].any() and reused_sentences(al)[~opening].any()
    assert classify(al)[0] != "partial"
    assert classify(_one_subject(al))[0] == "partial"


def test_two_leads_naming_two_subjects_are_the_frame_s_lines():
    # Each refiner opens with its own name, a sentence's first word (no name to
    # ``word_name``), and the other lines name nothing: no word diff puts a name in a
    # name's place, yet the two leads say the pair has two subjects.
    posting = ("{} said it raised the contract price it pays for all grades of heavy crude oil by 40 cts a barrel, "
               "effective today.\n\n"
               "The company said its new posting for the light and sour grades of the basin is 21.40 dlrs a "
               "barrel.\n\n")
    brackley = (posting.format("Brackley") + "Brackley last changed its postings on May 2, when it cut them after "
                "a month of falling demand from the inland mills.\n\nIts refinery at Kestrel Point has run at half "
                "capacity since a fire in the spring.")
    ormsby = (posting.format("Ormsby") + "The move follows a week of rising spot prices on the coast, where refiners "
              "have been bidding for prompt cargoes, traders said.\n\nOrmsby expects the pipeline from the "
              "northern fields to reopen next week.")
    for source, copy in ((brackley, ormsby), (ormsby, brackley)):
        al = _aligned_texts(source, copy)
        opening = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)
        assert opening.any() and al.renamed[opening].all() and not al.renamed[~opening].any()
        assert classify(al)[0] != "partial"
        assert classify(_one_subject(al))[0] == "partial"
    # A name later in the lead says it as well ("The refiner Brackley said ..."), named
    # once (no subject of two sentences for the word diff of ``renamed_pairs``).
    later = [text.replace(f"{name} said it raised", f"The refiner {name} said it raised")
             .replace(f"{name} last", "It last").replace(f"{name} expects", "It expects")
             for text, name in ((brackley, "Brackley"), (ormsby, "Ormsby"))]
    al = _aligned_texts(*later)
    assert al.renamed[(al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)].all()
    # A lead naming what the other article names too (a follow-up that credits the
    # first refiner) is one affair's, and so is one opening with a common word.
    credited = ormsby.replace("traders said.", "traders said, after Brackley raised its postings.")
    assert not _aligned_texts(brackley, credited).renamed.any()
    lower = ormsby.replace("Ormsby said it raised", "refiners on the coast said they raised")  # no name's capital
    assert not _aligned_texts(brackley, lower).renamed.any()
    prices = brackley.replace("Brackley said it raised", "Refiners said they raised")
    assert not _aligned_texts(prices, ormsby.replace("Ormsby said it raised", "Refiners said they raised")).renamed.any()
    # Two refiners whose names share a word ("Petroleum") are two subjects still; an
    # opening name held in the other's ("Brackley" in "Brackley Petroleum Corp") is one.
    petroleum = [text.replace(f"{name} said it raised", f"{name} Petroleum Corp said it raised")
                 for text, name in ((brackley, "Brackley"), (ormsby, "Ormsby"))]
    al = _aligned_texts(*petroleum)
    assert al.renamed[(al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)].all()
    held = (brackley.replace("Brackley said", "Brackley Petroleum said")
            .replace("effective today.", "effective today at Tarn Mills."),
            ormsby.replace("Ormsby said it raised", "Brackley Petroleum Corp said it raised")
            .replace("effective today.", "effective today at Norland Bay.").replace("Ormsby expects", "It expects"))
    al = _aligned_texts(*held)
    assert ((al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)).any() and not al.renamed.any()


def test_two_subjects_aligned_throughout_are_no_update():
    # Postings aligned line for line, the grades lines kept near word for word: within a
    # day that reads like a wire update, yet the leads name two refiners ("Co" names no
    # one), and an update names what its story names. Most of a day apart, the pair is
    # no one event either, so nothing makes it partial.
    grades = ("The increase brings {}'s posted price for the Kestrel Basin Light and Kestrel Basin Sour grades to "
              "21.40 {}. The Kestrel Basin Tarn grade was also raised 40 cts to 19.85 {}.")
    brackley = ("Brackley Co said it will raise its contract prices for eleven grades of heavy crude oil 40 cts a "
                "barrel, effective tomorrow.\n\n" + grades.format("Brackley", "dlrs a barrel", "dlrs a barrel"))
    ormsby = ("Ormsby Refining Co said it increased what it pays for heavy crude by 40 cts from today.\n\n"
              + grades.format("Ormsby", "dlrs/bbl", "dlrs/bbl") + "\n\nOrmsby last changed its crude postings on May 4.")
    al = _aligned_texts(brackley, ormsby)
    opening = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)
    assert al.renamed[opening].all() and not al.renamed[~opening].any()
    assert classify(al, days_apart=0.9) is None
    assert classify(_one_subject(al), days_apart=0.9)[0] == "partial"


def test_a_name_said_another_way_or_a_new_day_is_no_other_subject():
    source = ("The Soviet Union agreed on Tuesday to buy the whole output of the new alumina plant, some 600,000 "
              "tonnes a year, officials said.\n\n"
              "The plant will be built on the coast near Port Arlen with Soviet Union credits.\n\n"
              "Talks on Tuesday also covered a second plant for the same region.")
    update = ("The USSR agreed on Wednesday to buy the whole output of the new alumina plant, some 600,000 tonnes a "
              "year, officials said.\n\n"
              "Shipments from Port Arlen would start within three years, they said on Wednesday. The Soviet Union "
              "has bought alumina from the region before.")
    al = _aligned_texts(source, update)
    opening = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)
    assert opening.any() and not al.renamed.any()
    # A sentence reworded around one thing named two ways: no name put in a name's place.
    island = ("Norland said it would ease import curbs on 400 goods to give U.S. firms wider access.\n\n"
              "The island's trade surplus reached a record 15.6 billion U.S. dlrs last year, up from 10.6 billion.\n\n"
              "Norland cut tariffs on U.S. wine and beer in January.")
    norland = ("Norland will ease import curbs on more goods, an official said.\n\n"
               "Norland's trade surplus reached a record 15.6 billion dlrs last year, up from 10.6 billion.\n\n"
               "The official said the move would help Norland balance trade with its partners.")
    al = _aligned_texts(island, norland)
    surplus = (al.pairs[:, 0] == 1) & (al.pairs[:, 1] == 1)
    assert surplus.any() and al.similarity[surplus].min() >= 0.6 and not al.renamed.any()
    # Read as names, the days and the alias would be two subjects.
    plain = ("Officials in Kettering Vale said that the Soviet Union agreed to buy the whole output of the new "
             "alumina plant, some 600,000 tonnes a year.\n\nThe Soviet Union credits will pay for it.")
    other = ("Officials said that the Bratsk Combine agreed to buy the whole output of the new alumina plant, some "
             "600,000 tonnes a year.\n\nThe Bratsk Combine has bought alumina before.")
    assert _aligned_texts(plain, other).renamed.any()


def test_passage_pasted_mid_sentence_is_partial_with_the_pasted_words_as_evidence():
    copier = OPINION[:2] + [f"Readers of the Gazette learned of {CUT_PASSAGE}, which surprised nobody."] + OPINION[2:]
    al, kw = prepare(SOURCE, copier)
    assert al.run_words >= DEFAULT.partial_min_words
    assert classify(al, **kw)[0] == "partial"
    # Without the runs (every run shorter than a passage) the sentences alone show too
    # little for a partial copy (they would for two reports of one event:
    # test_report_of_the_same_event_carrying_a_sentence_of_the_other_took_it).
    no_runs = dataclasses.replace(al, _run_words=0)
    verdict = classify(no_runs, **kw, t=dataclasses.replace(DEFAULT, story_copied_words=DEFAULT.partial_min_words))
    assert verdict is None or verdict[0] != "partial"
    cmp = compare(Article("src", "\n\n".join(SOURCE)), Article("copy", "\n\n".join(copier)))
    assert cmp.pair.relation == "partial"
    assert [cmp.b.text[p.b[0]:p.b[1]] for p in cmp.pair.passages] == [CUT_PASSAGE]


def test_spun_copy_keeps_its_figures_a_recurring_report_renews_them():
    al, kw = prepare(SOURCE, SPUN)
    assert classify(al, **kw)[0] == "spun"
    # One figure written another way ("1am" as "1 am") is still a spin.
    assert classify(dataclasses.replace(al, figure_agreement=0.8), **kw)[0] == "spun"
    # Last week's report in this week's figures is no spun copy of it.
    renewed = classify(dataclasses.replace(al, figure_agreement=0.5), **kw)
    assert renewed is None or renewed[0] != "spun"


#: A water-board notice, and an update of it the same day: the opening sentence kept
#: word for word, the rest told again in other words.
NOTICE = [
    "The Marren Valley water board said on Tuesday it would release two and a half million litres from the "
    "Pellow reservoir into the river over the coming week to help farms downstream through the dry spell.",
    "A board spokesman said engineers would open the lower sluice gates in stages from Wednesday morning.",
    "Anglers have been asked to keep away from the weir while the level rises.",
    "Rainfall across the valley has been less than half the usual amount since the start of April, the board said.",
    "Several farmers told the board last week that their wells were running low and cattle troughs were empty.",
]
NOTICE_UPDATE = NOTICE[:1] + [
    "Engineers are to open the lower sluice gates gradually starting on Wednesday, according to a spokesman for "
    "the board.",
    "People fishing near the weir should stay clear as the water climbs, the board added.",
    "Since early April the valley has had under half its normal rainfall, according to the board.",
    "Last week a number of farmers warned the board that wells were low and troughs for cattle had dried up.",
]


#: The opening sentence as a corrected re-issue gives it: four words cut from its middle,
#: so that no run of 30 words is left verbatim.
NOTICE_OPENING_CUT = (
    "The Marren Valley water board said on Tuesday it would release two and a half million litres from the "
    "Pellow reservoir into the river over the week to help farms downstream.")
#: The notice as another reporter writes it: the same facts, its own sentences.
NOTICE_REPORT = [
    "Farms below the Pellow reservoir are to get extra water this week: the Marren Valley board agreed on Tuesday "
    "to let 2.5 million litres out into the river.",
    "Work on the sluices begins on Wednesday morning, a spokesman for the board said.",
    "Fishermen are being told to avoid the weir as the level rises.",
    "The valley has had less than half its usual April rain, and several farmers say their wells and cattle "
    "troughs are nearly dry.",
]


def test_report_of_the_same_event_carrying_a_sentence_of_the_other_took_it():
    # The other reporter's two sentences and, word for word, one of the board's own.
    al, kw = prepare(NOTICE, NOTICE_REPORT[:2] + [NOTICE[3]])
    assert DEFAULT.story_copied_words <= _reused_words(al, DEFAULT) < DEFAULT.partial_min_words
    assert classify(al, **kw, days_apart=0.2)[0] == "partial"
    # Without the rule, the names shared and the one sentence make it one story.
    loose = dataclasses.replace(DEFAULT, story_copied_words=DEFAULT.partial_min_words)
    assert classify(al, **kw, days_apart=0.2, t=loose)[0] == "same_story"
    # So when that sentence is all the two share in aligned text (too little for a copy):
    # the same-story verdict of that early path is checked the same way.
    short = dataclasses.replace(al, aligned_words=DEFAULT.min_aligned_words - 1)
    assert classify(short, **kw, days_apart=0.2)[0] == "partial"
    assert classify(short, **kw, days_apart=0.2, t=loose)[0] == "same_story"


#: A line of the updating reporter's own, beside what the update retells.
NOTICE_OWN_LINE = [
    "The board's chairman, Edith Carrow, is due to meet the farmers' union at Pellow Bridge on Friday to discuss "
    "compensation for the lost spring harvest and a levy on the larger estates."]


def test_update_keeping_a_passage_word_for_word_is_not_written_independently():
    al, kw = prepare(NOTICE, NOTICE_UPDATE)
    # Aligned throughout from the lead, in order, too few sentences for the rewrite
    # rule's count: the short item told again, its opening kept word for word.
    assert min(al.coverage_a, al.coverage_b) >= DEFAULT.retold_coverage
    assert al.n_aligned < DEFAULT.rewrite_min_aligned
    assert al.run_words >= DEFAULT.partial_min_words
    assert classify(al, **kw, days_apart=0.2)[0] == "rewrite"
    assert classify(al, **kw)[0] == "rewrite"  # no dates
    # Not aligned nearly throughout, out of order, or with the lead not retold, it is a
    # passage kept in a text of one's own.
    for unretold in (dataclasses.replace(DEFAULT, retold_coverage=1.01),
                     dataclasses.replace(DEFAULT, rewrite_order=1.01),
                     dataclasses.replace(DEFAULT, rewrite_lead_similarity=1.01)):
        assert classify(al, **kw, days_apart=0.2, t=unretold)[0] == "partial"
    # Days apart, a shared opening line is a recurring report's standard wording.
    assert classify(al, **kw, days_apart=2.0) is None
    # A line of the update's own: the kept passage is partial reuse.
    al, kw = prepare(NOTICE, NOTICE_UPDATE + NOTICE_OWN_LINE)
    assert DEFAULT.partial_max_coverage <= al.coverage_b < DEFAULT.retold_coverage
    assert classify(al, **kw, days_apart=0.2)[0] == "partial"


AWARDS = [
    "The Northfield Critics Circle gave its best film award to Harbour Lights on Sunday, with Mara Okafor named "
    "best director and Tom Beale best supporting actor for the drama.",
    "The circle will hold its ceremony in the spring, the organisers said.",
]


def test_sentence_naming_the_same_winners_in_its_own_words_is_not_copied():
    # The same film, people and prizes match on content words as closely as a lightly
    # edited sentence; only the edited one keeps runs of the other's wording.
    told = ["On Sunday the drama Harbour Lights won best film from the Northfield Critics Circle, as Mara Okafor "
            "took best director while Tom Beale was best supporting actor.",
            "Tickets for the gala went on sale at the weekend."]
    edited = [AWARDS[0].replace("Beale best", "Beale named best").replace(" for the drama", ""), told[1]]
    for other, copied in ((told, False), (edited, True)):
        al, _ = prepare(AWARDS, other)
        assert al.pairs.tolist() == [[0, 0]] and al.similarity[0] >= DEFAULT.partial_similarity
        assert not al.verbatim[0]
        assert bool(al.shared_wording(DEFAULT.partial_min_run, np.ones(1, dtype=bool))[0]) is copied
        assert bool(reused_sentences(al)[0]) is copied


def test_next_days_notice_with_its_figures_renewed_is_no_retelling():
    # The opening kept but for its figure, the rest told again: within hours an update
    # retold; the next day, the next notice keeping the standard opening line.
    volume = "two and a half million litres"
    notice = [NOTICE[0].replace(volume, "2.5 mln litres")] + NOTICE[1:]
    renewed = [NOTICE[0].replace(volume, "4.25 mln litres")] + NOTICE_UPDATE[1:]
    al, kw = prepare(notice, renewed)
    assert al.figures >= 2 and al.figure_agreement < DEFAULT.recurring_figure_agreement
    assert classify(al, **kw, days_apart=0.2)[0] == "rewrite"
    # The next day its sentences told anew keep no five words of the notice in a row:
    # nothing is copied, nor is a report of one event a day apart the same story.
    assert classify(al, **kw, days_apart=0.9) is None
    assert classify(al, **kw, days_apart=0.9, t=dataclasses.replace(DEFAULT, recurring_days=1.0))[0] == "rewrite"


def test_update_keeping_a_passage_nearly_word_for_word_is_not_written_independently():
    # Words cut from the middle of the kept sentence leave no long verbatim run; the
    # sentence is still the earlier item's, nearly word for word.
    al, kw = prepare(NOTICE, [NOTICE_OPENING_CUT] + NOTICE_REPORT[1:] + NOTICE_OWN_LINE)
    assert DEFAULT.partial_max_coverage <= min(al.coverage_a, al.coverage_b) < DEFAULT.retold_coverage
    assert al.run_words < DEFAULT.partial_min_words
    assert classify(al, **kw, days_apart=0.2)[0] == "partial"
    assert classify(al, **kw, days_apart=2.0) is None
    # Without the line of its own, the item is told again: a rewrite.
    al, kw = prepare(NOTICE, [NOTICE_OPENING_CUT] + NOTICE_REPORT[1:])
    assert classify(al, **kw, days_apart=0.2)[0] == "rewrite"
    # Every sentence in the reporter's own words: two reports of one event.
    al, kw = prepare(NOTICE, NOTICE_REPORT)
    assert classify(al, **kw, days_apart=0.2)[0] == "same_story"


#: NOTICE sent again within the hour: every sentence lightly reworded, two moved up.
NOTICE_RESENT = [
    "The Marren Valley water board said on Tuesday it would let two and a half million litres out of the Pellow "
    "reservoir into the river during the coming week to help farms downstream through the drought.",
    "Rainfall in the valley has been less than half the normal amount since the start of April, the board said.",
    "Several farmers warned the board last week that their wells were drying up and cattle troughs were empty.",
    "Engineers would open the lower sluice gates step by step from Wednesday morning, a spokesman for the board said.",
    "Anglers have been told to keep off the weir while the water rises.",
]


@EITHER_ORDER
def test_story_sent_again_reworded_throughout_is_a_near_copy(swap):
    a, b = in_order(NOTICE, NOTICE_RESENT, swap)
    al, kw = prepare(a, b)
    # No passage word for word, and sentences moved: no spin either.
    assert al.run_words < DEFAULT.partial_min_words and al.order < DEFAULT.spun_order
    assert classify(al, **kw, days_apart=0.02)[0] == "near_copy"
    # Unless every sentence is edited from the other's and every name and figure agrees,
    # what is kept is a passage (see the update test above).
    for off in ({"resend_coverage": 1.01}, {"resend_anchor_agreement": 1.01}, {"partial_verbatim_share": 1.01}):
        assert classify(al, **kw, days_apart=0.02, t=dataclasses.replace(DEFAULT, **off))[0] == "partial"


#: A market's price line at two hours of one day: the same frame, the day's figures.
FISH_0900 = ("PELLOW FISH MARKET 09:00 COD 212 1/2 UP 4 HADDOCK 187 DOWN 2 PLAICE 143 1/4 UNCH HAKE 96 UP 1 1/2 "
             "SOLE 318 DOWN 6 TURBOT 402 UP 3 MONKFISH 265 1/2 UNCH MACKEREL 58 DOWN 1/2 POLLACK 121 UP 2 LING 88 UNCH")
FISH_1000 = ("PELLOW FISH MARKET 10:00 COD 214 UP 5 1/2 HADDOCK 186 1/4 DOWN 2 3/4 PLAICE 143 1/4 UNCH HAKE 97 UP 2 1/2 "
             "SOLE 315 DOWN 9 TURBOT 404 UP 5 MONKFISH 265 1/2 UNCH MACKEREL 58 1/4 DOWN 1/4 POLLACK 120 UP 1 LING 88 "
             "UNCH")


def test_two_tables_no_copy_rule_takes_hold_other_data():
    al, kw = prepare([FISH_0900], [FISH_1000])
    assert min(al.figures_a / al.words_a, al.figures_b / al.words_b) >= DEFAULT.table_figure_share
    assert classify(al, **kw, days_apart=0.05) is None
    # The table rule alone holds it (with the renewed-figures rule off too) ...
    no_refill = dataclasses.replace(DEFAULT, recurring_figure_agreement=0.0)
    assert classify(al, **kw, days_apart=0.05, t=no_refill) is None
    # ... without both, the shared frame and names read as one event.
    loose = dataclasses.replace(no_refill, table_figure_share=1.01)
    assert classify(al, **kw, days_apart=0.05, t=loose)[0] == "same_story"
    # The same table re-sent with one figure corrected is still a copy.
    al, kw = prepare([FISH_0900], [FISH_0900.replace("LING 88 UNCH", "LING 89 UP 1")])
    assert classify(al, **kw, days_apart=0.05)[0] == "near_copy"


#: A central bank's money-market notice, morning and afternoon: one frame, reworded a
#: little, filled with the session's amounts (most names and the band rates the same).
MORNING_NOTICE = [
    "The Bank of Orland said it gave the money market 215 mln crowns of help in the morning session.",
    "It put the shortage in the system today at 400 mln crowns.",
    "The central bank bought 120 mln crowns of Pellow bank bills in band one at 9-3/8 pct and 95 mln crowns "
    "of Orland Treasury bills in band two at 9-5/16 pct.",
    "Kestrel Brothers quoted Orland overnight interbank money at 9-1/2 pct.",
]
AFTERNOON_NOTICE = [
    "In the afternoon the Bank of Orland gave the money market a further 130 mln crowns of assistance.",
    "That takes the bank's help today to 345 mln crowns, against a shortage it still puts at 400 mln crowns.",
    "Dealers said the purchases were made up of 70 mln crowns of band one Pellow paper, dealt at 9-3/8 pct, "
    "and 60 mln crowns of band two Orland Treasury paper at 9-5/16 pct.",
    "Late in the day Orland overnight interbank money was at 9-1/4 pct, Kestrel Brothers said.",
]


def test_frame_refilled_with_other_figures_within_a_day_is_not_one_event():
    al, kw = prepare(MORNING_NOTICE, AFTERNOON_NOTICE)
    # Aligned throughout, names mostly kept (no template by names), no passage kept,
    # but the figures of the aligned sentences renewed.
    assert min(al.coverage_a, al.coverage_b) >= DEFAULT.partial_max_coverage
    assert al.anchor_agreement >= DEFAULT.template_anchor_agreement
    assert al.figure_agreement < DEFAULT.recurring_figure_agreement
    assert classify(al, **kw, days_apart=0.2) is None
    assert classify(al, **kw) is None  # no dates
    # Without the rule, the shared names read as one event.
    loose = dataclasses.replace(DEFAULT, recurring_figure_agreement=0.0)
    assert classify(al, **kw, days_apart=0.2, t=loose)[0] == "same_story"


QUAY_MONDAY = [
    "Eleven cargo ships were loading and 23 were waiting at the Varnholt grain quays on Monday, the port "
    "authority said.",
    "The authority said the average wait for a berth had risen to 6 days from 4 days a week earlier, and that "
    "barley made up 41 pct of the tonnage booked for loading.",
    "Loading at the north quay was slowed by a conveyor repair that the authority expects to finish within the "
    "coming week.",
]
QUAY_NEXT_MONDAY = [
    "Eleven cargo ships were loading and 17 were waiting at the Varnholt grain quays on Monday, the port "
    "authority said.",
    "The authority said the average wait for a berth had risen to 6 days from 4 days a week earlier, and that "
    "barley made up 38 pct of the tonnage booked for loading.",
    "Loading at the north quay was slowed by a conveyor repair that the authority expects to finish within the "
    "coming week.",
]


def test_next_issue_of_a_recurring_report_is_no_copy():
    al, kw = prepare(QUAY_MONDAY, QUAY_NEXT_MONDAY)
    assert al.figure_agreement < DEFAULT.recurring_figure_agreement
    # A week on, the same frame with the week's figures is the next issue, not a copy.
    assert classify(al, **kw, days_apart=7.0) is None
    # ... and no sentence vectors are computed for it: the words have said all.
    assert needs_sentence_vectors(al) and not needs_sentence_vectors(al, 7.0)
    # A daily report's next issue comes about a day later, often minutes short of it: no
    # copy of the whole, though within the day its unchanged line counts as a kept passage.
    assert classify(al, **kw, days_apart=0.99)[0] == "partial"
    assert classify(al, **kw, days_apart=0.99, t=dataclasses.replace(DEFAULT, recurring_days=1.0))[0] == "near_copy"
    # Within the story window (a corrected re-issue) or undated, the words decide alone.
    assert classify(al, **kw, days_apart=0.1)[0] == "near_copy"
    assert classify(al, **kw, days_apart=0.5)[0] == "near_copy"
    assert classify(al, **kw)[0] == "near_copy"
    # A copy re-run a week later keeps the figures: still a copy.
    al, kw = prepare(QUAY_MONDAY, QUAY_MONDAY[:2] + ["Loading at the north quay was slowed by repairs."])
    assert classify(al, **kw, days_apart=7.0)[0] == "near_copy"


GASOIL_1230 = ["PELLOW GASOIL FUTURES 12:30 - Apr 149.00 149.00 149.25 May 147.50 147.75 147.25 Jun 146.25 146.50 "
               "146.00 Jul 146.75 147.00 146.50 Aug 148.00 148.25 147.75 Sep 150.50 150.75 150.25 TOTAL SALES 2229",
               "Oct 152.00 - - Nov 153.50 - - Dec 155.00 - - Jan 156.25 - - Feb 156.00 - -"]
GASOIL_1720 = ["PELLOW GASOIL FUTURES 17:20 - Apr 149.00 149.00 149.25 May 148.25 148.50 147.00 Jun 146.75 147.00 "
               "146.00 Jul 147.25 147.50 146.50 Aug 148.50 148.75 147.75 Sep 151.00 151.25 150.25 TOTAL SALES 4815",
               "Oct 152.00 - - Nov 153.50 - - Dec 155.00 - - Jan 156.25 - - Feb 156.00 - -"]


def test_tables_of_other_hours_share_their_layout_not_a_passage():
    al, kw = prepare(GASOIL_1230, GASOIL_1720)
    # The months not traded since the morning read alike: no passage of the afternoon's.
    assert classify(al, **kw, days_apart=0.2) is None
    without = dataclasses.replace(DEFAULT, table_figure_share=1.01, table_figure_jaccard=0.0)
    assert classify(al, **kw, days_apart=0.2, t=without) is not None


# A corrected re-issue: two sentences identical, the others kept word for word but for a
# phrase near their end, so few sentences are identical and the mean similarity is under
# near_copy_similarity; long verbatim runs hold most of the words.
RESULTS = [
    'Harrowgate Mills Ltd said its net profit for the year to March rose to 14.2 mln crowns from 11.8 mln'
    ' crowns a year earlier, helped by stronger demand for its milled oats in the northern provinces and '
    'lower freight costs.',
    'The company said turnover climbed to 212 mln crowns from 187 mln, and the board will propose a '
    'dividend of 3.10 crowns a share against 2.60 crowns, payable after the annual meeting in Lisvik on '
    'June 14.',
    'Chairman Oskar Brenne told reporters that the new drying plant at Tollby had cut energy use by a '
    'fifth and that the mill would run a third shift from the autumn if orders held at current levels.',
    'He said the group expected a further rise in profit this year but warned that the price of feed '
    'barley, which had doubled since January in some districts, could squeeze margins in the second half.',
    'Harrowgate shares closed unchanged at 96 crowns on the Lisvik exchange before the results were '
    'announced, and dealers said the figures were in line with the forecasts of most analysts who follow '
    'the company.',
]
RESULTS_REISSUED = [
    'Harrowgate Mills Ltd said its net profit for the year to March rose to 14.2 mln crowns from 11.8 mln'
    ' crowns a year earlier, helped by stronger demand for its milled oats in the northern region and '
    'cheaper transport.',
    'The company said turnover climbed to 212 mln crowns from 187 mln, and the board will propose a '
    'dividend of 3.10 crowns a share against 2.60 crowns, payable after the annual meeting in Lisvik on '
    'June 14.',
    'Chairman Oskar Brenne told reporters that the new drying plant at Tollby had cut energy use by a '
    'fifth and that the mill expects to add a night shift in the autumn should its order book stay full.',
    'He said the group expected a further rise in profit this year but warned that the price of feed '
    'barley, which had doubled since January in some districts, could squeeze margins in the second half '
    'of the year.',
    'Harrowgate shares closed unchanged at 96 crowns on the Lisvik exchange before the results were '
    'announced, and dealers said the figures matched what most analysts had pencilled in.',
]


@EITHER_ORDER
def test_reissue_kept_in_long_verbatim_runs_is_a_near_copy_not_a_spin(swap):
    a, b = in_order(RESULTS, RESULTS_REISSUED, swap)
    al, kw = prepare(a, b)
    assert max(al.verbatim_a, al.verbatim_b) < DEFAULT.near_copy_verbatim
    assert al.mean_similarity < DEFAULT.near_copy_similarity
    assert al.run_words >= DEFAULT.near_copy_verbatim * al.aligned_words
    assert classify(al, **kw)[0] == "near_copy"
    # Without the runs, the same sentence features read as a spin.
    assert classify(dataclasses.replace(al, _run_words=0, _run_cover=(0.0, 0.0)), **kw)[0] == "spun"


ASSAYS = [
    'Tarnwick Minerals Ltd said re-checked silver assays from the Corrie adit on its Bellmoor property '
    'in northern Caledon came back richer than the figures it released in March.',
    'It said samples from the upper vein averaged 14.2 ounces of silver a ton over a 60 foot length with '
    'an average width of 5.35 feet.',
    'Tarnwick previously reported the upper vein averaged 9.8 ounces of silver a ton over a 60 foot length '
    'with average width of 4.10 feet.',
    'The company said re-checked samples from the lower vein averaged 11.6 ounces of silver a ton over a '
    '95 foot length with average width of 3.92 feet.',
    'It also said drilling had cut a third vein 70 feet east of the lower one, which assayed 8.7 ounces of '
    'silver a ton across a width of 2.64 feet, and that work on the adit would go on through the summer.',
]
# The same report cut down clause by clause, nothing reworded: few sentences stay whole.
ASSAYS_CUT = [
    ASSAYS[0],
    'It said samples from the upper vein averaged 14.2 ounces of silver a ton.',
    'Tarnwick previously reported the upper vein averaged 9.8 ounces of silver a ton.',
    'The company said re-checked samples from the lower vein averaged 11.6 ounces of silver a ton.',
    'It also said drilling had cut a third vein 70 feet east of the lower one, which assayed 8.7 ounces of '
    'silver a ton.',
]


@EITHER_ORDER
def test_copy_cut_down_clause_by_clause_is_a_near_copy(swap):
    a, b = in_order(ASSAYS, ASSAYS_CUT, swap)
    al, kw = prepare(a, b)
    assert max(al.verbatim_a, al.verbatim_b) < DEFAULT.near_copy_verbatim  # one sentence of five is whole
    assert al.run_words < DEFAULT.near_copy_verbatim * al.aligned_words  # the runs are short
    assert max(al.run_cover) >= DEFAULT.near_copy_run_cover  # but the cut side is all in them
    assert classify(al, **kw)[0] == "near_copy"
    # Read by its sentences alone (lower Dice where clauses went) it is not taken for a copy.
    assert classify(dataclasses.replace(al, _run_cover=(0.0, 0.0)), **kw)[0] != "near_copy"


TABLE = [
    "Shr profit 14 cts vs loss 31 cts",
    "Net profit 1,208,000 vs loss 2,734,000",
    "Sales 22.6 mln vs 19.1 mln",
    "Nine mths",
    "Shr profit 41 cts vs profit six cts",
    "Net profit 3,551,000 vs profit 512,000",
    "Sales 68.2 mln vs 57.9 mln",
    "NOTE: Net includes gain of 96,000 dlrs vs loss of 12,000 dlrs in the quarter from the sale of the "
    "Harbour Road depot.",
]
# The corrected re-issue: "Revs" for "Sales", "Oper" added, the note reworded.
TABLE_REISSUED = [
    "Oper shr profit 14 cts vs loss 31 cts",
    "Oper net profit 1,208,000 vs loss 2,734,000",
    "Revs 22.6 mln vs 19.1 mln",
    "Nine mths",
    "Oper shr profit 41 cts vs profit six cts",
    "Oper net profit 3,551,000 vs profit 512,000",
    "Revs 68.2 mln vs 57.9 mln",
    "NOTE: Oper net excludes gain of 96,000 dlrs vs loss of 12,000 dlrs in qtr from sale of Harbour Road depot.",
]


@EITHER_ORDER
def test_results_table_reissued_with_new_labels_is_a_near_copy_not_a_spin(swap):
    a, b = in_order(TABLE, TABLE_REISSUED, swap)
    al, kw = prepare(a, b)
    assert classify(al, **kw)[0] == "near_copy"
    # Read as prose, the changed labels look like a spinner's swaps.
    prose = Thresholds(spun_max_figure_share=1.01)
    assert classify(al, **kw, t=prose)[0] == "spun"


def test_one_outlet_s_loose_follow_up_is_no_rewrite():
    # An outlet's next story of an affair shares its phrases (trigrams) in sentences
    # aligned loosely over part of each text; another outlet's loose retelling, or one
    # that keeps the sentences closer or retells most of one side, is a rewrite.
    al = _aligned_texts(" ".join(SOURCE), " ".join(REWRITE))
    assert classify(al, one_outlet=True)[0] == "rewrite"
    loose = dataclasses.replace(al, similarity=np.full_like(al.similarity, 0.45), trigram_shares=(0.2, 0.2),
                                coverage_a=0.6, coverage_b=0.6)
    assert classify(loose, one_outlet=True) is None
    assert classify(loose)[0] == "rewrite"
    assert classify(dataclasses.replace(loose, coverage_b=0.85), one_outlet=True)[0] == "rewrite"
    closer = np.full_like(al.similarity, DEFAULT.follow_up_similarity + 0.02)
    assert classify(dataclasses.replace(loose, similarity=closer), one_outlet=True)[0] == "rewrite"
    # Aligned at a rewrite's similarity yet under the follow-up's: a follow-up within one
    # outlet all the same, whichever evidence would make it a rewrite.
    middling = np.full_like(al.similarity, (DEFAULT.rewrite_similarity + DEFAULT.follow_up_similarity) / 2)
    mid = dataclasses.replace(loose, similarity=middling)
    assert classify(mid)[0] == "rewrite" and classify(mid, one_outlet=True) is None
    # Sentences aligned by meaning too (the semantic extra) are held to the same.
    by_meaning = SemanticMatch(pairs=al.pairs[:0], cosine=np.zeros(0), coverage_a=0.6, coverage_b=0.6,
                               n_aligned=al.n_aligned, order=1.0, quoted=0.0)
    meant = dataclasses.replace(loose, semantic=by_meaning)
    assert classify(meant)[0] == "rewrite" and classify(meant, one_outlet=True) is None
    # Few words aligned lexically (no lexical rewrite), most by meaning: the lexical
    # sentences' similarity still tells a retelling from a follow-up.
    narrow = dataclasses.replace(meant, coverage_a=0.2, coverage_b=0.2,
                                 similarity=np.full_like(al.similarity, DEFAULT.follow_up_similarity - 0.02))
    assert classify(narrow)[0] == "rewrite" and classify(narrow, one_outlet=True) is None
    assert classify(dataclasses.replace(narrow, similarity=closer), one_outlet=True)[0] == "rewrite"


#: Two days' reports of one market: the opening line filled with each day's prices (the
#: range the same, the change not), the rest each day's own news.
MARKET_MONDAY = [
    "Spot nickel on the Harwick free market was quoted in the range 7,410 to 7,460 dlrs per tonne for full "
    "plate in warehouse Brennport, down 15 dlrs from the previous close.",
    "Dealers said buying from stainless steel mills stayed thin ahead of the holiday in the far east.",
    "A strike threat at a smelter in the north of Corvania gave the market some support late in the session.",
]
MARKET_WEDNESDAY = [
    "Spot nickel on the Harwick free market was quoted in the range 7,410 to 7,460 dlrs per tonne for full "
    "plate in warehouse Brennport, down 35 dlrs from the previous close.",
    "Producers cut their offers for May shipment after warehouse stocks rose for a fourth week, traders said.",
    "The smelter dispute in Corvania ended overnight with a pay award of six percent over two years.",
]


def test_recurring_report_s_opening_line_with_the_day_s_figures_is_no_passage():
    al, kw = prepare(MARKET_MONDAY, MARKET_WEDNESDAY)
    assert al.pairs[:, 0].tolist() == [0] and al.pairs[:, 1].tolist() == [0]  # the opening lines alone align
    assert reused_sentences(al).all()  # worded alike, a figure apart: by their words, a copied sentence
    # Undated or within a day, the line read as copied is a partial copy ...
    assert classify(al, **kw)[0] == "partial"
    assert classify(al, **kw, days_apart=0.3, one_outlet=True)[0] == "partial"
    # ... two days apart, it is the report's frame filled with that day's prices.
    assert not reused_sentences(al, days_apart=2.0).any()
    assert classify(al, **kw, days_apart=2.0, one_outlet=True) is None
    # An opening line keeping every figure of the other's and adding one is carried, not refilled.
    added = [MARKET_MONDAY[0].replace("previous close.", "previous close, with 2,000 tonnes traded.")]
    al, kw = prepare(MARKET_MONDAY, added + MARKET_WEDNESDAY[1:])
    assert reused_sentences(al, days_apart=2.0).any()
    # A follow-up's background line with a figure changed, under a lead of its own, is still carried.
    follow_up = ["Corvania's nickel smelter reopened on Thursday after a two-week stoppage, its owners said.",
                 MARKET_WEDNESDAY[0]]
    al, kw = prepare(["Workers at Corvania's nickel smelter walked out on Monday over pay, the union said."]
                     + MARKET_MONDAY, follow_up)
    assert reused_sentences(al, days_apart=2.0).any()
    # Where another passage makes the pair partial, the refilled opening line is no part
    # of its evidence either.
    background = ("Nickel demand from battery makers in the south of Corvania has doubled in three years, and the "
                  "smelter's owners plan a second furnace that would lift output by a third before the end of the decade.")
    al, kw = prepare(MARKET_MONDAY + [background, UNRELATED[0]], MARKET_WEDNESDAY + [background, UNRELATED[1]])
    assert classify(al, **kw, days_apart=2.0, one_outlet=True)[0] == "partial"
    ta, tb = al.tables
    opening_end = len(MARKET_MONDAY[0])
    undated = partial_passages(al, ta, tb)
    assert any(p.a[0] < opening_end for p in undated)
    two_days = partial_passages(al, ta, tb, days_apart=2.0)
    assert two_days and not any(p.a[0] < opening_end for p in two_days)


DEAL_SELLER = [
    "Harlan Tool Co said it agreed to sell its Dorrance valve division to Peller Partners, a private investment "
    "group in Ohio, for about 42 mln dlrs in cash and the assumption of about six mln dlrs of debt.",
    "The division makes industrial valves for water utilities and had sales of 61 mln dlrs last year.",
    "Harlan said it would use the proceeds to pay down bank debt taken on for its purchase of Stroud Gauge.",
    "The sale is expected to close by the end of June.",
]
DEAL_BUYER = [
    "Peller Partners, a private investment group in Ohio, said it will acquire the Dorrance valve maker from "
    "Harlan Tool Co for about 42 mln dlrs in cash, taking on debt as well.",
    "Peller said the division's managers would stay on and keep a stake of about ten pct.",
    "It is the group's third purchase of a maker of utility equipment since the start of last year.",
    "Financing was arranged by Quell Bank, the partners said.",
]


def test_two_parties_opening_alike_on_one_deal_copy_nothing():
    # The seller's and the buyer's releases each open by stating the deal, in the same
    # names, figures and phrases; nothing else is shared.
    al, kw = prepare(DEAL_SELLER, DEAL_BUYER)
    assert al.pairs.tolist() == [[0, 0]]
    assert reused_sentences(al, restated_lead=True).all()  # by its words alone, a copied sentence
    assert not reused_sentences(al).any()
    assert classify(al, **kw, days_apart=0.1)[0] == "same_story"
    assert classify(al, **kw, days_apart=0.1, one_outlet=True) is None
    # The seller's lead pasted over the buyer's story, lightly edited, is a copied passage.
    copied = [DEAL_SELLER[0].replace("said it agreed", "said it has agreed")] + DEAL_BUYER[1:]
    al, kw = prepare(DEAL_SELLER, copied)
    assert reused_sentences(al).all()
    assert classify(al, **kw, days_apart=0.1)[0] == "partial"
    # A lead restated opens a short item told again: within a day, the pair is a rewrite.
    retold = [DEAL_BUYER[0], "The Dorrance unit, which supplies valves to water companies, had 61 mln dlrs of "
                             "sales last year."]
    al, kw = prepare(DEAL_SELLER[:2], retold)
    assert classify(al, **kw, days_apart=0.1, one_outlet=True)[0] == "rewrite"


PACT_AGREED = ("The ministers agreed that the present exchange rates of their currencies are broadly consistent "
               "with the underlying economic conditions of the member states and with the policy aims they set out "
               "at their spring meeting in Kessel.")
PACT_STATEMENT = [
    "Following is the text of a statement issued by the finance ministers of the Tessaly Pact after their "
    "meeting in Varden.",
    PACT_AGREED,
    "They will consult closely on any further measures needed to keep markets orderly over the coming months.",
    "The next meeting will be held in Orbeck in the autumn.",
]
PACT_CUT = ("The ministers agreed that the present exchange rates of their currencies are broadly consistent with "
            "economic conditions and with the policy aims they set out at their spring meeting")


def test_a_report_quoting_a_statement_another_prints_whole_copies_nothing():
    # The statement's text, and a dealers' story quoting a sentence of it, cut.
    story = ["Currency dealers in Varden sold the krona heavily on Monday, a week after the Tessaly Pact ministers "
             "pledged to hold rates steady.",
             "\u201c" + PACT_CUT + ",\u201d last week's statement read.",
             "Traders said the pledge carried little weight without a rise in interest rates, which the central "
             "bank ruled out.",
             "One dealer at a large Varden bank said investors wanted action, not words."]
    al, kw = prepare(PACT_STATEMENT, story)
    assert al.pairs[al.pair_quoted].tolist() == [[1, 1]]  # quoted on the story's side only
    assert not reused_sentences(al).any()
    assert classify(al, **kw, days_apart=0.2)[0] == "same_story"
    assert classify(al, **kw, days_apart=0.2, one_outlet=True) is None
    # The same words unquoted are the statement's prose taken into the story.
    story[1] = PACT_CUT + ", the ministers said last week."
    al, kw = prepare(PACT_STATEMENT, story)
    assert reused_sentences(al).any()
    assert classify(al, **kw, days_apart=0.2)[0] == "partial"


BOND_HARLOW = ("Harlow Bank Ltd is issuing a 150 mln dlr convertible bond due June 30, 2004 with an indicated "
               "coupon of three pct, priced at par, said lead manager Harlow Bank International Ltd.\n\n"
               "The coupon is to be set on May 12 and the conversion price on May 13. Fees total 2-1/4 pct, of "
               "which the selling concession is 1-1/4 pct.\n\n"
               "Denominations are 10,000 dlrs and the bonds convert from July 1 until June 20, 2004. Payment is due "
               "on May 28 and the first coupon period will be short.")
BOND_TAMSWORTH = ("Tamsworth Trust and Banking Co Ltd is issuing a 150 mln dlr convertible bond due June 30, 2004 "
                  "with an indicated three pct, priced at par, said lead manager Tamsworth Trust International.\n\n"
                  "The bonds may be called after four years at 103 pct, falling by 1/2 pct a year to par. No call is "
                  "allowed unless the shares trade 140 pct above the conversion price.\n\n"
                  "Fees total 2-1/4 pct, of which the selling concession is 1-1/4 pct. Terms will be fixed on May 14. "
                  "Payment is due on May 28 and the first coupon period will be short. Listing will be in Luxembourg.")


def test_two_issuers_notices_of_one_frame_are_no_near_copy():
    # The leads share "International" only inside two managers' names: two issuers, one
    # frame, and each notice has lines of its own (call terms; coupon dates).
    al = _aligned_texts(BOND_HARLOW, BOND_TAMSWORTH)
    opening = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)
    assert opening.any() and al.renamed[opening].all()
    assert max(al.coverage_a, al.coverage_b) < DEFAULT.two_subjects_coverage
    assert (classify(al) or ("none",))[0] != "near_copy"
    assert classify(_one_subject(al))[0] == "near_copy"  # read as one subject, an edited copy
    # The same manager named in both leads is one subject.
    managed = _aligned_texts(BOND_HARLOW, BOND_TAMSWORTH.replace("Tamsworth Trust International",
                                                                 "Harlow Bank International Ltd"))
    assert not managed.renamed[(managed.pairs[:, 0] == 0) & (managed.pairs[:, 1] == 0)].any()
    # A version cut from the notice with the issuer's name respelled is aligned
    # throughout: a correction, still a near copy.
    cut = BOND_HARLOW.rsplit("\n\n", 1)[0].replace("Harlow", "Harlowe")
    al = _aligned_texts(BOND_HARLOW, cut)
    assert al.renamed.any() and max(al.coverage_a, al.coverage_b) >= DEFAULT.two_subjects_coverage
    assert classify(al)[0] == "near_copy"


def ocr_copy(sentences: list[str]) -> list[str]:
    """``sentences`` as a poor OCR reads them (a letter in ten or so read as its look-alike)."""
    return [garble(s, 0.1, random.Random(k)) for k, s in enumerate(sentences)]


def _changes_of(a: list[str], b: list[str]):
    """The word substitutions of b's sentences against a's, as the pipeline lists them."""
    def changes():
        return [change for x, y in zip(a, b) for change in substitutions(x, y)]
    return changes


@EITHER_ORDER
def test_a_copy_garbled_by_ocr_is_a_near_copy_not_a_spin(swap):
    garbled = ocr_copy(SOURCE)
    a, b = in_order(SOURCE, garbled, swap)
    al, kw = prepare(a, b)
    # Its misspellings lower each sentence's overlap as a spinner's synonyms do ...
    assert al.mean_similarity < DEFAULT.near_copy_similarity and max(al.verbatim_a, al.verbatim_b) < 0.5
    without = classify(al, **kw)
    assert without is None or without[0] != "near_copy"
    # ... but its word changes are misspellings.
    assert classify(al, **kw, changes=_changes_of(a, b))[0] == "near_copy"
    assert compare(Article("a", "\n\n".join(a)), Article("b", "\n\n".join(b))).pair.relation == "near_copy"


@EITHER_ORDER
def test_a_spun_copy_s_synonyms_are_no_misspellings(swap):
    a, b = in_order(SOURCE, SPUN, swap)
    al, kw = prepare(a, b)
    assert classify(al, **kw, changes=_changes_of(a, b))[0] == "spun"
    assert compare(Article("a", "\n\n".join(a)), Article("b", "\n\n".join(b))).pair.relation == "spun"


def test_a_spun_copy_s_changes_are_read_only_until_they_rule_out_a_misspelt_copy():
    al, kw = prepare(SOURCE, SPUN)
    everything = _changes_of(SOURCE, SPUN)()
    read: list[tuple[str, str]] = []

    def changes():
        for change in everything:
            read.append(change)
            yield change

    assert classify(al, **kw, changes=changes)[0] == "spun"
    # Once the synonyms outnumber what misspellings could still make up, the rest
    # (and the diffs of their sentences) are not needed.
    assert len(set(everything)) > DEFAULT.misspelt_max_changes
    assert 0 < len(read) < DEFAULT.misspelt_max_changes


def test_a_garbled_copy_pasted_after_text_of_one_s_own_is_partial():
    # The source is garbled whole into the page, so the smaller side is aligned
    # throughout, as in a garbled copy; the page opens with its own text (a round-up).
    copier = OPINION + UNRELATED + ocr_copy(SOURCE)
    assert compare(Article("src", "\n\n".join(SOURCE)), Article("copy", "\n\n".join(copier))).pair.relation == "partial"


def test_a_hard_wrapped_hyphenated_copy_is_a_duplicate():
    cmp = compare(Article("src", "\n".join(SOURCE)), Article("copy", hard_wrap(SOURCE, 42, hyphenate=True)))
    assert cmp.pair.relation == "duplicate"


#: One company's quarterly results set out twice, as two desks compiled them: the same
#: figures (some rounded), the rows of the same names, notes of their own.
RESULTS_TABLE = ["Shr diluted 41 cts vs 28 cts", "Net 6,212,000 vs 4,180,000", "Revs 88.4 mln vs 71.9 mln", "Year",
                 "Shr diluted 1.52 dlrs vs 1.19 dlrs", "Net 22,950,000 vs 17,610,000", "Revs 331.7 mln vs 274.2 mln",
                 "NOTE: 1986 net in both periods includes a gain of 310,000 dlrs from the sale of a warehouse in "
                 "Carrow."]
RESULTS_RETABLED = ["Shr 41 cts vs 28 cts", "Net 6.2 mln vs 4.2 mln", "Revs 88.4 mln vs 71.9 mln", "Year",
                    "Shr 1.52 dlrs vs 1.19 dlrs", "Net 23.0 mln vs 17.6 mln", "Revs 331.7 mln vs 274.2 mln",
                    "NOTE: The company said orders for the fourth quarter rose at its Dunmere valve plant."]


def test_two_tables_of_one_companys_results_are_no_rewrite(monkeypatch):
    # Rows of figures state data and word nothing: aligned row for row, two tables of
    # the same results retell no prose, whatever their order and overlap.
    al, kw = prepare(RESULTS_TABLE, RESULTS_RETABLED)
    assert _data_rows(al, DEFAULT).sum() >= 4
    assert classify(al, **kw) is None or classify(al, **kw)[0] == "same_story"
    # Counted as sentences retold, the rows would make a rewrite of them.
    monkeypatch.setattr(classify_module, "_data_rows", lambda al, t: np.zeros(al.n_aligned, dtype=bool))
    assert classify(al, **kw)[0] == "rewrite"
    # A prose report's sentences with a figure or two are no rows.
    al, _ = prepare(NEAR_COPY, NEAR_COPY)
    assert not _data_rows(al, DEFAULT).any()


#: The same results keyed by two desks in the wire's terse style: rows whose words
#: outnumber their figures ("profit", "loss", a figure spelled out), a period's label.
RESULTS_TERSE = ["Shr profit three cts vs loss 17 cts", "Oper net profit 412,000 vs loss 1.9 mln",
                 "Revs 61.4 mln vs 28.3 mln", "Nine mths", "Shr profit 14 cts vs loss 33 cts",
                 "Oper net profit 1.8 mln vs loss 3.1 mln", "Revs 187.6 mln vs 80.2 mln",
                 "NOTE: Prior year excludes a loss from discontinued operations of nine cts a share in the quarter."]
RESULTS_TERSE_RETABLED = ["Shr profit three cts vs loss 17 cts", "Oper net profit 412,000 vs loss 1,874,000",
                          "Revs 61.4 mln vs 28.3 mln", "Nine months", "Shr profit 14 cts vs loss 33 cts",
                          "Oper net profit 1,806,000 vs loss 3,122,000", "Revs 187.6 mln vs 80.2 mln",
                          "NOTE: 1986 results exclude a loss of 1,210,000 dlrs or nine cts per share from the "
                          "discontinued lighting business."]


def test_two_terse_tables_of_one_companys_results_are_no_rewrite(monkeypatch):
    # Their rows are few words around the figures, not mostly figures: a frame too short
    # to word anything (``SentenceTable.row``) still sets out data.
    al, kw = prepare(RESULTS_TERSE, RESULTS_TERSE_RETABLED)
    ta = al.tables[0]
    content_words = np.bincount(ta.content_owner, minlength=len(ta))
    figures = np.bincount(ta.content_owner, weights=ta.word_figure[ta.content_word], minlength=len(ta))
    # Rows whose figures are under a third of their words: no share of figures finds them.
    assert np.count_nonzero(ta.row & (figures < content_words / 3)) >= 3
    assert _data_rows(al, DEFAULT).sum() >= 6
    assert classify(al, **kw, days_apart=0.1) is None or classify(al, **kw, days_apart=0.1)[0] == "same_story"
    # Read as sentences, the rows would make a rewrite of them.
    monkeypatch.setattr(classify_module, "_data_rows", lambda al, t: np.zeros(al.n_aligned, dtype=bool))
    assert classify(al, **kw, days_apart=0.1)[0] == "rewrite"
