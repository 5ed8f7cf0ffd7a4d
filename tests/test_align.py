"""Tests for the align stage: ``build_tables`` + ``align`` + ``passages`` on invented texts.

Every text here was written for these tests (an invented flood at an invented town
library), one sentence per paragraph unless a test says otherwise.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copytrace.align import LONG_RUN_WORDS, MATCH_THRESHOLD, Alignment, align, build_tables, passages, run_passages
from copytrace.align.aligner import MAX_GAP_SENTENCES, _lis_length, _longest_run, _order, gap_pairs, word_order
from copytrace.arrays import in_sorted
from copytrace.align.sentences import SentenceTable
from copytrace.clean import Cleaner
from copytrace.records import Article, CleanArticle
from copytrace.sketch import Sketcher, tokenize
from texts import CUT_PASSAGE, PARAPHRASE, SOURCE, SPUN, UNRELATED




#: Sentences of an opinion piece of its own, with non-ASCII characters (2, 3 and 4 bytes
#: in UTF-8) so that character and byte offsets differ from the first sentence on.
OWN = [
    "Every small town likes to boast about its civic buildings until the bill for their upkeep arrives 🏛️.",
    "Glenmoor’s café owners, Zoë Brönte among them, say the council spent a decade postponing dull repairs.",
    "Ratepayers deserve a clear plan for the drains, the roofs and the boilers of every public building.",
    "Until that plan exists, volunteers and bake sales will keep paying for decisions made in the town hall — "
    "again and again.",
]

#: A long quotation with its attribution, curly and straight, and the same words unquoted.
QUOTE_CURLY = ("“We lost most of the parish records from the nineteenth century and nearly all of the old "
               "harbour charts,” said chief librarian Orla Penhaligon.")
QUOTE_STRAIGHT = ('"We lost most of the parish records from the nineteenth century and nearly all of the old '
                  'harbour charts," said chief librarian Orla Penhaligon.')
NOT_QUOTED = ("We lost most of the parish records from the nineteenth century and nearly all of the old "
              "harbour charts, said chief librarian Orla Penhaligon.")


def clean(id_: str, paragraphs: list[str], sep: str = "\n\n") -> CleanArticle:
    return Cleaner().clean(Article(id=id_, text=sep.join(paragraphs)))


def aligned(a: list[str], b: list[str]) -> tuple[Alignment, CleanArticle, CleanArticle, list]:
    ca, cb = clean("a", a), clean("b", b)
    ta, tb = build_tables([ca, cb], Sketcher())
    return align(ta, tb), ca, cb, [ta, tb]


def sentence_texts(c: CleanArticle) -> list[str]:
    return [c.text[s:e] for s, e in c.sentences.tolist()]


def test_cleaner_keeps_invented_texts_whole():
    # The premise of the offset tests below: one sentence per paragraph, nothing removed.
    for paras in (SOURCE, SPUN, UNRELATED, OWN):
        c = clean("x", paras)
        assert c.removed == []
        assert sentence_texts(c) == paras


# --- coverage and verbatim ---------------------------------------------------------


def test_identical_texts_align_every_sentence_verbatim():
    al, ca, cb, _ = aligned(SOURCE, SOURCE)
    n = len(SOURCE)
    assert al.n_a == al.n_b == n
    assert al.pairs.tolist() == [[i, i] for i in range(n)]
    assert al.verbatim.all()
    assert np.allclose(al.similarity, 1.0)
    assert al.coverage_a == pytest.approx(1.0) and al.coverage_b == pytest.approx(1.0)
    assert al.verbatim_a == pytest.approx(1.0) and al.verbatim_b == pytest.approx(1.0)
    assert al.edited_a == pytest.approx(1.0) and al.edited_b == pytest.approx(1.0)
    assert al.order == pytest.approx(1.0)
    assert al.longest_run == n
    assert al.trigram_a == pytest.approx(1.0) and al.trigram_b == pytest.approx(1.0)
    # One passage over the whole text, verbatim.
    ps = passages(al, *_)
    assert len(ps) == 1
    p = ps[0]
    assert p.kind == "verbatim" and p.similarity == 1.0
    assert tuple(p.a) == (0, len(ca.text)) and tuple(p.b) == (0, len(cb.text))


def test_spun_text_has_high_coverage_but_no_verbatim_sentence():
    al, _, _, _ = aligned(SOURCE, SPUN)
    assert al.pairs.tolist() == [[i, i] for i in range(len(SOURCE))]  # every sentence to its spun twin
    assert al.coverage_a >= 0.9 and al.coverage_b >= 0.9
    assert al.verbatim_a == 0.0 and al.verbatim_b == 0.0
    assert not al.verbatim.any()
    assert MATCH_THRESHOLD <= al.mean_similarity < 0.9
    assert al.order == pytest.approx(1.0)
    # Shared wording is far lower than for a copy, but not nil (names and phrases kept).
    assert 0.0 < al.trigram_a < 0.7


def test_one_changed_word_is_edited_not_verbatim():
    changed = list(SOURCE)
    changed[3] = changed[3].replace("soaked", "sodden")
    al, _, _, _ = aligned(SOURCE, changed)
    assert al.n_aligned == len(SOURCE)
    assert al.verbatim.tolist() == [i != 3 for i in range(len(SOURCE))]
    assert al.verbatim_a < 1.0 and al.coverage_a == pytest.approx(1.0)


def test_unrelated_texts_align_nothing():
    al, _, _, tables = aligned(SOURCE, UNRELATED)
    assert al.n_aligned == 0
    assert al.pairs.shape == (0, 2)
    assert al.coverage_a == 0.0 and al.coverage_b == 0.0
    assert al.verbatim_a == 0.0 and al.edited_b == 0.0
    assert al.order == 0.0 and al.longest_run == 0
    assert al.mean_similarity == 0.0
    assert passages(al, *tables) == []


def test_threshold_argument_is_applied():
    ca, cb = clean("a", SOURCE), clean("b", SPUN)
    ta, tb = build_tables([ca, cb], Sketcher())
    assert align(ta, tb).n_aligned == len(SOURCE)
    strict = align(ta, tb, threshold=0.99)
    assert strict.n_aligned == 0 and strict.coverage_a == 0.0


def test_empty_article_aligns_nothing():
    al, _, _, tables = aligned(SOURCE, [])
    assert al.n_b == 0 and al.n_aligned == 0
    assert al.coverage_a == 0.0 and al.coverage_b == 0.0
    assert passages(al, *tables) == []


# --- sentence tables ---------------------------------------------------------------


def test_tables_built_together_equal_tables_built_alone():
    # A quotation left open at the end of one text must not run into the next, and a
    # text with accents and curly quotes keeps its own offsets beside ASCII ones.
    open_quote = SOURCE[:2] + ['The harbour master said: "We will not reopen the quay before the inquiry']
    accented = ["Zoë Müller, the café’s owner, said: “Nobody told us anything.”", *OWN[:2]]
    arts = [clean("a", SOURCE), clean("b", open_quote), clean("c", ['"Nothing was saved," a neighbour said.']),
            clean("d", accented), clean("e", UNRELATED)]
    together = build_tables(arts, Sketcher())
    for art, tab in zip(arts, together):
        (alone,) = build_tables([art], Sketcher())
        # Every field but the winnowed marks, whose last windows run into the next text.
        for name in (f for f in SentenceTable.__slots__ if f != "run_marks"):
            x, y = getattr(tab, name), getattr(alone, name)
            assert (np.array_equal(x, y) if isinstance(y, np.ndarray) else x == y), (art.id, name)
    # The open quotation runs to the end of its paragraph and stops there: the next
    # text's attribution ("a neighbour said") is not quoted.
    assert together[1].quoted[-1] == pytest.approx(9 / 13) and together[2].quoted[0] == pytest.approx(0.5)
    assert together[3].quoted[0] > 0.3  # curly quotes in a text with accents


def test_words_are_counted_in_their_own_sentence_with_non_ascii_text():
    # Token starts are byte offsets; sentence spans are character offsets. With emoji,
    # accents and curly apostrophes before them, every later sentence must still get
    # exactly its own words.
    paras = OWN + SOURCE[:3]
    c = clean("a", paras)
    (table,) = build_tables([c], Sketcher())
    per_sentence = tokenize(paras).counts().tolist()
    assert table.n_tokens.tolist() == per_sentence
    assert table.n_words == sum(per_sentence)



def test_in_a_language_that_capitalises_nouns_a_name_is_a_capital_beside_another():
    text = ("Das Feuer war gegen 21.40 Uhr in der Halle der Firma Tessmer Logistik ausgebrochen. "
            "Firmenchef Matthias Tessmer zeigte sich erschüttert. Rund 160 Einsatzkräfte waren vor Ort. "
            "Tessmer will niemanden entlassen, sagte er am Abend in der Halle.")

    def names(language):
        (table,) = build_tables([Cleaner().clean(Article(id="t", text=text, language=language))], Sketcher())
        named = set(table.words[table.word_name].tolist())
        return {w for w in ("tessmer", "matthias", "logistik", "halle", "einsatzkräfte")
                if int(tokenize([w]).hashes[0]) in named}

    # German: the firm and its owner, written beside another capital, are names; the hall
    # and the crews, one capital at a time, are nouns. ("Firma" before "Tessmer Logistik"
    # reads as part of the name: a noun right before a name is the rule's blind spot.)
    assert names("de") == {"tessmer", "matthias", "logistik"}
    # Elsewhere a capital inside a sentence marks a name, as before.
    assert names("en") >= {"tessmer", "halle", "einsatzkräfte"}


def test_a_tables_rows_are_figures_in_a_short_frame():
    # A row sets out data in a frame of few words of its own, its figures in digits or
    # in words; a sentence of prose with a figure, or a row's label with none, is no row.
    paras = ["Shr profit three cts vs loss 17 cts", "Shr 34 cts vs NA", "Nine mths", "Year",
             "The Dunmere plant raised its output of valves by 12 pct in the year to March, the company said."]
    c = clean("t", paras)
    assert sentence_texts(c) == paras
    (table,) = build_tables([c], Sketcher())
    assert table.row.tolist() == [True, True, True, False, False]

# --- passages and their offsets ----------------------------------------------------


def test_passage_offsets_point_at_the_reused_sentences_in_each_text():
    a = OWN[:2] + SOURCE  # reused sentences after non-ASCII text in a ...
    b = UNRELATED[:1] + OWN[2:] + [SOURCE[2], SOURCE[3]] + UNRELATED[1:]  # ... and elsewhere in b
    al, ca, cb, tables = aligned(a, b)
    ps = passages(al, *tables)
    verbatim = [p for p in ps if p.kind == "verbatim"]
    assert len(verbatim) == 1
    p = verbatim[0]
    expected = SOURCE[2] + "\n\n" + SOURCE[3]
    assert ca.text[p.a[0]:p.a[1]] == expected
    assert cb.text[p.b[0]:p.b[1]] == expected
    assert p.a[0] == ca.text.index(SOURCE[2]) and p.b[0] == cb.text.index(SOURCE[2])


def _covered(c: CleanArticle, spans: list[tuple[int, int]]) -> set[int]:
    return {i for i, (s, e) in enumerate(c.sentences.tolist()) if any(lo <= s and e <= hi for lo, hi in spans)}


@pytest.mark.parametrize("b", [SPUN, SOURCE[:2] + SPUN[2:5] + SOURCE[5:], OWN[:2] + SOURCE[1:4] + OWN[2:]],
                         ids=["spun", "mixed", "partial"])
def test_passages_cover_exactly_the_aligned_sentences(b):
    al, ca, cb, tables = aligned(SOURCE, b)
    ps = passages(al, *tables)
    assert ps, "expected aligned material"
    starts_a, ends_a = set(ca.sentences[:, 0].tolist()), set(ca.sentences[:, 1].tolist())
    starts_b, ends_b = set(cb.sentences[:, 0].tolist()), set(cb.sentences[:, 1].tolist())
    for p in ps:
        assert p.kind in ("verbatim", "edited", "paraphrase")
        assert 0.0 <= p.similarity <= 1.0
        assert p.a[0] in starts_a and p.a[1] in ends_a and p.a[0] < p.a[1]
        assert p.b[0] in starts_b and p.b[1] in ends_b and p.b[0] < p.b[1]
        if p.kind == "verbatim":
            assert ca.text[p.a[0]:p.a[1]] == cb.text[p.b[0]:p.b[1]]
    assert _covered(ca, [p.a for p in ps]) == set(al.pairs[:, 0].tolist())
    assert _covered(cb, [p.b for p in ps]) == set(al.pairs[:, 1].tolist())


def test_passages_split_where_the_kind_changes():
    b = SOURCE[:2] + SPUN[2:5] + SOURCE[5:]
    al, ca, cb, tables = aligned(SOURCE, b)
    kinds = [p.kind for p in passages(al, *tables)]
    assert kinds[0] == "verbatim" and kinds[-1] == "verbatim"
    assert "verbatim" not in kinds[1:-1] and len(kinds) >= 3


# --- quotations --------------------------------------------------------------------


def test_quoted_share_of_sentences():
    paras = [
        SOURCE[0],  # no quotation
        QUOTE_CURLY,  # quote plus attribution
        QUOTE_STRAIGHT,
        "“We will dry every page we can.”",  # all quotation
        "The librarian’s assistant and the town’s mayor said nothing about Penhaligon’s budget.",  # apostrophes
        "‘We will be back by the summer,’ she said.",  # single curly quotes
        NOT_QUOTED,
    ]
    c = clean("q", paras)
    assert sentence_texts(c) == paras
    (table,) = build_tables([c], Sketcher())
    q = table.quoted.tolist()
    assert q[0] == 0.0
    assert 0.5 <= q[1] < 1.0
    assert q[2] == pytest.approx(q[1])
    assert q[3] == pytest.approx(1.0)
    assert q[4] == 0.0  # apostrophes are not quotation marks
    assert 0.5 <= q[5] < 1.0
    assert q[6] == 0.0


def test_stray_straight_quote_leaves_later_quotations_quoted():
    # The close of a quotation cut away before it ('... in the spring." The ...') would,
    # paired with the next mark, swap what is quoted for the rest of the paragraph.
    para = ('The council said the repairs were "urgent" and would take months. Volunteers dried what '
            'they could in the spring." The archive lost its ledgers. ' + QUOTE_STRAIGHT
            + ' The mayor called the loss " a blow to every family here".')
    c = clean("q", [para])
    (table,) = build_tables([c], Sketcher())
    q = table.quoted.tolist()
    assert len(q) == 5
    assert 0.0 < q[0] < 0.2  # one quoted word
    assert q[1] == 0.0 and q[2] == 0.0  # after the stray mark, before the next quotation
    assert 0.5 <= q[3] < 1.0  # the quotation and its attribution
    assert 0.5 <= q[4] < 1.0


@pytest.mark.parametrize("quote", [QUOTE_CURLY, QUOTE_STRAIGHT], ids=["curly", "straight"])
def test_shared_quotation_counts_as_quoted(quote):
    al, _, _, _ = aligned(SOURCE[:3] + [quote] + SOURCE[3:4], UNRELATED[:2] + [quote] + UNRELATED[2:])
    assert al.n_aligned == 1
    assert al.pairs.tolist() == [[3, 2]]
    assert al.pair_quoted.tolist() == [True]
    assert al.quoted == pytest.approx(1.0)
    plain, _, _, _ = aligned(SOURCE[:3] + [NOT_QUOTED] + SOURCE[3:4], UNRELATED[:2] + [NOT_QUOTED] + UNRELATED[2:])
    assert plain.n_aligned == 1
    assert plain.pair_quoted.tolist() == [False] and plain.quoted == 0.0
    # Quoted words are left out of the shared-wording measure.
    assert al.trigram_a < plain.trigram_a


def test_a_sentence_quoted_on_one_side_is_a_quoted_pair():
    # One article quotes what the other prints as its own text (a statement and a report
    # quoting it): the words are the quoted source's on both sides.
    al, _, _, _ = aligned(SOURCE[:2] + [QUOTE_CURLY], UNRELATED[:2] + [NOT_QUOTED])
    assert al.n_aligned == 1
    assert al.pair_quoted.tolist() == [True] and al.quoted == 1.0
    plain, _, _, _ = aligned(SOURCE[:2] + [NOT_QUOTED], UNRELATED[:2] + [NOT_QUOTED])
    assert plain.pair_quoted.tolist() == [False] and plain.quoted == 0.0


# --- order -------------------------------------------------------------------------


def test_order_drops_when_sentences_are_shuffled():
    n = len(SOURCE)
    in_order, _, _, _ = aligned(SOURCE, SOURCE)
    reversed_, _, _, _ = aligned(SOURCE, SOURCE[::-1])
    assert in_order.order == pytest.approx(1.0)
    assert reversed_.n_aligned == n  # the same sentences are all found ...
    assert reversed_.order == pytest.approx(1 / n)  # ... but none keeps its order
    assert reversed_.longest_run == 1

    perm = [2, 0, 1, 5, 3, 4, 7, 6]
    shuffled, _, _, _ = aligned(SOURCE, [SPUN[i] for i in perm])
    assert shuffled.n_aligned == n
    assert {(i, perm.index(i)) for i in range(n)} == set(map(tuple, shuffled.pairs.tolist()))
    # LIS of the b-indices [1, 2, 0, 4, 5, 3, 7, 6] ordered by a: 1, 2, 4, 5, 7 -> 5 of 8.
    assert shuffled.order == pytest.approx(5 / n)
    assert shuffled.order < in_order.order


def test_length_agreement_compares_aligned_sentence_lengths():
    a = ["Ferry crews at Lowmarsh pier walked out over unpaid overtime on Friday morning."]
    b = ["Ferry crews at Lowmarsh pier walked out over overtime on Friday."]
    al, _, _, _ = aligned(a, b)
    assert al.n_aligned == 1
    assert al.length_agreement == pytest.approx(11 / 13)  # words, not punctuation


def test_recurring_report_with_other_figures_is_not_a_copy():
    from copytrace.classify import classify

    frame = ("The Marren Valley water board released {vol} million litres from the Pellow reservoir on Tuesday, "
             "a board spokesman said. Engineers said the level stood at {level} pct when the release began, "
             "against {last} pct a week earlier.")
    monday = frame.format(vol="2.5", level="61-1/2", last="58")
    thursday = frame.format(vol="4.0", level="66-3/4", last="60")
    cleaner = Cleaner()
    ca, cb = cleaner.clean(Article("a", monday)), cleaner.clean(Article("b", thursday))
    ta, tb = build_tables([ca, cb], Sketcher())
    al = align(ta, tb)
    # Every name agrees, only the figures are new: the same report filed on another day.
    assert al.figures >= 3 and al.figure_agreement == 0.0
    verdict = classify(al, days_apart=3.5)
    assert verdict is None
    same_day = classify(al, days_apart=0.5)
    assert same_day is None or same_day[0] == "same_story"
    # The report re-posted with its figures is a copy.
    cc = cleaner.clean(Article("c", monday.replace("on Tuesday", "on Tuesday morning")))
    tc = build_tables([ca, cc], Sketcher())[1]
    copy = align(ta, tc)
    assert copy.figure_agreement == 1.0 and classify(copy)[0] == "near_copy"
    # A rewrite that splits a sentence moves a figure into a sentence aligned with none
    # of the other's: the figure is kept, not renewed.
    split = monday.replace(", against 58 pct a week earlier.", ". A week before, it had been at 58 pct.")
    ts = build_tables([ca, cleaner.clean(Article("s", split))], Sketcher())[1]
    moved = align(ta, ts)
    assert moved.n_aligned == 2 and moved.figure_agreement == 1.0
    assert classify(moved, days_apart=3.5)[0] == "near_copy"  # not the next issue of a report


def test_templates_with_other_names_and_figures_are_not_copies():
    from copytrace.classify import classify

    frame = (
        "{co} is issuing a {amt} mln dlr bond due {month} {day}, 1992 paying {rate} pct and priced at {price} pct, "
        "lead manager {bank} said. The non-callable bond is available in denominations of 5,000 dlrs and will be "
        "listed in Luxembourg. The selling concession is {fee} pct while management and underwriting pays 5/8 pct."
    )
    one = frame.format(co="Harrowgate Mills Ltd", amt=75, month="April", day=14, rate="8-1/2", price="101-1/4",
                       bank="Tollbridge Capital Markets", fee="1-1/4")
    other = frame.format(co="Penwick Ferry Corp", amt=40, month="June", day=3, rate="9-3/8", price="100-7/8",
                         bank="Quaymoor Securities", fee="1-3/8")
    cleaner = Cleaner()
    ca, cb = cleaner.clean(Article("a", one)), cleaner.clean(Article("b", other))
    ta, tb = build_tables([ca, cb], Sketcher())
    al = align(ta, tb)
    assert al.n_aligned == 3 and al.anchor_agreement < 0.6
    assert classify(al) is None
    # The same notice re-sent is a copy: its names and figures agree.
    cc = cleaner.clean(Article("c", one.replace("The selling", "Its selling")))
    tc = build_tables([ca, cc], Sketcher())[1]
    same = align(ta, tc)
    assert same.anchor_agreement > 0.9 and classify(same)[0] in ("near_copy", "duplicate")
    # Re-sent in lower case (wire copies often are): no word is a name on that side,
    # but every name of the original is still there, so it is a copy, not a template.
    def lower_case(text: str) -> str:  # sentences keep their capital, names lose theirs
        return re.sub(r"(^|\. )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text.lower())

    cl = cleaner.clean(Article("l", lower_case(one)))
    tl = build_tables([ca, cl], Sketcher())[1]
    lower = align(ta, tl)
    assert lower.anchors >= 6 and lower.anchor_agreement > 0.9
    assert classify(lower)[0] in ("near_copy", "duplicate")
    # ... while the other notice in lower case still names other things.
    cm = cleaner.clean(Article("m", lower_case(other)))
    other_lower = align(ta, build_tables([ca, cm], Sketcher())[1])
    assert other_lower.anchor_agreement < 0.6 and classify(other_lower) is None


@given(st.lists(st.integers(0, 40)), st.sets(st.integers(0, 40)))
def test_membership_in_a_sorted_array_agrees_with_isin(a, b):
    a = np.sort(np.array(a, dtype=np.uint64))
    b = np.array(sorted(b), dtype=np.uint64)
    assert np.array_equal(in_sorted(a, b), np.isin(a, b))


def test_longest_run_counts_consecutive_sentences_aligned_to_consecutive_ones():
    pairs = np.array([[0, 3], [1, 4], [2, 5], [4, 6], [5, 7], [6, 9]])
    assert _longest_run(pairs) == 3
    assert _longest_run(pairs[:1]) == 1 and _longest_run(pairs[:0]) == 0


@given(st.lists(st.integers(0, 30), unique=True, max_size=25), st.lists(st.integers(0, 30), max_size=25))
def test_order_and_runs_agree_with_the_loops_over_the_pairs(bs, a_steps):
    # Pairs sorted by a (a strictly increasing), b one to one, in any order.
    n = min(len(bs), len(a_steps))
    a = np.cumsum(np.array(a_steps[:n], dtype=np.int64) % 3 + 1)
    pairs = np.stack([a, np.array(bs[:n], dtype=np.int64)], axis=1).reshape(-1, 2)
    assert _order(pairs[:, 1]) == _lis_length(pairs[:, 1].tolist())
    best = run = min(n, 1)
    for (a0, b0), (a1, b1) in zip(pairs.tolist(), pairs.tolist()[1:]):
        run = run + 1 if a1 == a0 + 1 and b1 == b0 + 1 else 1
        best = max(best, run)
    assert _longest_run(pairs) == best


class _Lengths:
    """The one field of a sentence table :func:`gap_pairs` reads."""

    def __init__(self, n_tokens: list[int]) -> None:
        self.n_tokens = np.array(n_tokens, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.n_tokens)


def test_gap_pairs_pair_sentences_by_their_place_between_aligned_ones():
    a, b = _Lengths([10] * 8), _Lengths([10, 10, 10, 10, 3, 10, 10, 10])
    # Gaps of one (1-1) and two (3-4 on both sides), the second's b4 too short to pair;
    # none where the two sides leave different numbers (after 5-5, after 6-7).
    found = gap_pairs(a, b, np.array([[0, 0], [2, 2], [5, 5], [6, 7]]))
    assert found.tolist() == [[1, 1], [3, 3]]
    # Between pairs only (before the first and after the last, a copy's own lines stand),
    # and no gap longer than MAX_GAP_SENTENCES.
    assert gap_pairs(a, b, np.array([[1, 1], [3, 3]])).tolist() == [[2, 2]]
    assert gap_pairs(a, b, np.array([[0, 0], [7, 7]])).tolist() == []
    # Pairs out of order on b: no sequence, no gaps.
    assert gap_pairs(a, b, np.array([[0, 2], [2, 0]])).tolist() == []


@given(st.lists(st.integers(1, 30), min_size=1, max_size=30), st.data())
def test_gap_pairs_lie_between_their_neighbours_one_to_one(lengths, data):
    n = len(lengths)
    chosen = sorted(data.draw(st.sets(st.integers(0, n - 1), max_size=n)))
    pairs = np.array([[i, i] for i in chosen], dtype=np.int64).reshape(-1, 2)
    table = _Lengths(lengths)
    found = gap_pairs(table, table, pairs)
    taken = set(chosen)
    for i, j in found.tolist():
        assert i == j and i not in taken
        before = max(k for k in chosen if k < i)  # there is an aligned pair on each side
        after = min(k for k in chosen if k > i)
        assert after - before - 1 <= MAX_GAP_SENTENCES
    # Equal lengths throughout: every short gap between pairs is paired whole.
    gaps = [(lo, hi) for lo, hi in zip(chosen, chosen[1:]) if 1 <= hi - lo - 1 <= MAX_GAP_SENTENCES]
    assert len(found) == sum(hi - lo - 1 for lo, hi in gaps)


def test_word_order_is_kept_by_a_spinner_and_broken_by_moved_clauses():
    same, _, _, tables = aligned(SOURCE, SOURCE)
    assert word_order(*tables, same.pairs) == 1.0
    spun, _, _, tables = aligned(SOURCE, SPUN)
    assert word_order(*tables, spun.pairs) >= 0.95
    moved, _, _, tables = aligned(SOURCE, PARAPHRASE)
    assert word_order(*tables, moved.pairs) < 0.9
    assert word_order(*tables, moved.pairs[:0]) == 1.0  # no pair, no step


def test_word_order_reads_words_outside_quotations_at_their_first_place():
    lead = "The council voted on Tuesday to close the harbour bridge to cars after engineers found cracks."
    quoted = '"Safety comes first and the bridge stays shut," the mayor told reporters at the harbour.'
    flipped = '"The bridge stays shut and safety comes first," the mayor told reporters at the harbour.'
    al, _, _, tables = aligned([lead, quoted], [lead, flipped])
    assert al.n_aligned == 2
    assert word_order(*tables, al.pairs) == 1.0  # the reordered words are quoted
    # Words reversed step back at every step.
    line = "Engineers found cracks in two steel supports of an old harbour bridge on Tuesday."
    back = " ".join(reversed(line.rstrip(".").split())) + "."
    _, _, _, tables = aligned([line], [back])
    assert word_order(*tables, np.array([[0, 0]])) == 0.0


def test_a_shared_line_up_is_not_a_partial_copy():
    from copytrace.classify import DEFAULT, classify, reused_sentences

    line_up = ("Harrowgate: T Penwick; R Aldous, M Quaymoor, J Tollbridge, S Marren; D Pellow, K Ashdown; "
               "B Corran, F Lissom, G Hatherley; P Wendle, L Orcutt (capt); N Brackley, E Dunmore, W Fenn.")
    preview = ("Harrowgate travel to the coast on Saturday hoping to end a run of three defeats. "
               "The coach has kept faith with the side that lost narrowly last weekend. "
               "Ticket sales at the ground have been slow because of the early kick-off. " + line_up)
    report = ("Two late tries handed Harrowgate a first win of the season on a wet afternoon by the sea. "
              "The visitors trailed by six points at the break but scored twice in the final ten minutes. "
              "Their captain said the dressing room had been quiet but determined. " + line_up)
    cleaner = Cleaner()
    ca, cb = cleaner.clean(Article("a", preview)), cleaner.clean(Article("b", report))
    ta, tb = build_tables([ca, cb], Sketcher())
    al = align(ta, tb)
    # The line-up is aligned word for word, but it is a list of names both reports print.
    assert al.n_aligned >= 1 and al.pair_names.max() >= DEFAULT.partial_max_names
    assert not reused_sentences(al).any()
    # Nor does it make two reports of other matches one story: no fact aligns.
    assert classify(al) is None
    # The same words as prose (names in lower case, as a sentence) would be a passage.
    prose = line_up.lower().replace("harrowgate:", "The team that started was")
    cp = cleaner.clean(Article("p", preview.replace(line_up, prose)))
    cr = cleaner.clean(Article("r", report.replace(line_up, prose)))
    tp, tr = build_tables([cp, cr], Sketcher())
    assert reused_sentences(align(tp, tr)).any()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**64 - 1) | st.sampled_from([7, 2**63, 2**64 - 1]), max_size=20), max_size=12),
       st.booleans())
def test_entries_are_ordered_by_article_then_hash_stably(docs, near):
    from copytrace.align.sentences import _doc_hash_order

    hashes = np.array([h for d in docs for h in d], dtype=np.uint64)
    if near and len(hashes) > 1:
        hashes[1] = hashes[0] ^ np.uint64(1)  # alike in every top bit: the exact fallback decides
    doc = np.repeat(np.arange(len(docs)), [len(d) for d in docs]).astype(np.int64)
    expected = np.lexsort((np.arange(len(doc)), hashes, doc))
    assert np.array_equal(_doc_hash_order(doc, hashes), expected)


def _pasted_into_own_text() -> list[str]:
    # Non-ASCII text before the passage, so that its character and byte offsets differ.
    return OWN[:2] + [f"Readers of the Gazette learned of {CUT_PASSAGE}, which the café owners had expected."] + OWN[2:]


def test_verbatim_runs_find_a_passage_cut_mid_sentence_to_the_character():
    al, ca, cb, (ta, tb) = aligned(SOURCE, _pasted_into_own_text())
    long_runs = al.runs[al.runs[:, 1] - al.runs[:, 0] >= LONG_RUN_WORDS]
    assert len(long_runs) == 1
    (p,) = run_passages(al, ta, tb, min_words=LONG_RUN_WORDS)
    assert " ".join(ca.text[p.a[0]:p.a[1]].split()) == CUT_PASSAGE  # a's copy spans paragraph breaks
    assert cb.text[p.b[0]:p.b[1]] == CUT_PASSAGE
    assert p.kind == "verbatim" and p.similarity == 1.0
    assert al.run_words == len(CUT_PASSAGE.split())
    # The sentence view sees one verbatim sentence of the three the passage touches.
    assert int(al.verbatim.sum()) == 1


def test_runs_across_a_changed_word_join_into_one_edited_passage():
    changed = CUT_PASSAGE.replace("local history room", "local archive room")
    al, ca, cb, (ta, tb) = aligned(SOURCE, [f"Readers of the Gazette learned of {changed}, which surprised nobody."])
    (p,) = run_passages(al, ta, tb, min_words=LONG_RUN_WORDS)
    assert cb.text[p.b[0]:p.b[1]] == changed
    assert p.kind == "edited" and 0.9 < p.similarity < 1.0


def test_spun_text_has_no_long_runs():
    al, *_ = aligned(SOURCE, SPUN)
    assert al.run_words == 0 and len(al.runs) == 0  # only short runs between the swapped words


def test_run_words_leave_out_shared_quotations_and_lists_of_names():
    quote = ("“We lost most of the parish records from the nineteenth century, nearly all of the old harbour "
             "charts and the only copy of the town band's marching songs,” said chief librarian Orla Penhaligon.")
    assert len(quote.split()) >= LONG_RUN_WORDS
    al, *_ = aligned(OWN[:2] + [quote], UNRELATED[:2] + [quote])
    assert al.run_words == len("said chief librarian Orla Penhaligon".split())  # the quotation itself is shared
    al, *_ = aligned(OWN[:2] + [quote], UNRELATED[:2] + [quote.replace("“", "").replace("”", "")])
    assert al.run_words > 0  # quoted on one side only: copied as prose
    names = ", ".join(f"{first} {last}" for first, last in zip(
        ["Tom", "Ria", "Max", "Jo", "Sam", "Dee", "Kit", "Ben", "Fay", "Gus", "Pip", "Lou", "Ned", "Eve", "Wyn", "Ada"],
        ["Penwick", "Aldous", "Quaymoor", "Tollbridge", "Marren", "Pellow", "Ashdown", "Corran", "Lissom",
         "Hatherley", "Wendle", "Orcutt", "Brackley", "Dunmore", "Fenn", "Hale"]))
    al, *_ = aligned(OWN[:2] + [f"Harrowgate: {names}."], UNRELATED[:2] + [f"Harrowgate: {names}."])
    assert al.runs[:, 1].max() - al.runs[:, 0].min() >= LONG_RUN_WORDS and al.run_words == 0


def _brute_force_runs(a: list[str], b: list[str], k: int = 8) -> set[tuple[int, int, int, int]]:
    """Maximal runs of k or more equal words on one diagonal, by comparing every place."""
    runs = set()
    for i in range(len(a) - k + 1):
        for j in range(len(b) - k + 1):
            if a[i:i + k] != b[j:j + k] or (i and j and a[i - 1:i - 1 + k] == b[j - 1:j - 1 + k]):
                continue
            n = k
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            runs.add((i, i + n, j, j + n))
    return runs


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_verbatim_runs_agree_with_comparing_every_place(data):
    def piece(lo: int, hi: int, min_size: int, max_size: int) -> list[str]:
        return data.draw(st.lists(st.sampled_from([f"w{n}" for n in range(lo, hi)]), min_size=min_size,
                                  max_size=max_size, unique=True))
    shared, extra = piece(0, 100, LONG_RUN_WORDS, 40), piece(100, 200, 0, 12)  # a long and a short shared piece
    repeated = piece(600, 700, 0, 10)  # twice in a, once in b: each of a's places matches b's
    a = piece(200, 300, 0, 20) + shared + repeated + piece(300, 400, 0, 20) + extra + repeated
    b = extra + piece(400, 500, 0, 20) + shared + piece(500, 600, 0, 20) + repeated
    al, ca, cb, (ta, tb) = aligned([" ".join(a) + "."], [" ".join(b) + "."])
    assert ta.token_chars.shape[0] == len(a) and tb.token_chars.shape[0] == len(b)
    assert {tuple(r) for r in al.runs.tolist()} == _brute_force_runs(a, b)


@settings(max_examples=200)
@given(st.data())
def test_shared_wording_agrees_with_comparing_every_window(data):
    from types import SimpleNamespace

    from copytrace.align.aligner import shared_wording

    def table(name):
        sentences = data.draw(st.lists(st.lists(st.integers(1, 4), max_size=9), min_size=1, max_size=5), label=name)
        n_tokens = np.array([len(s) for s in sentences], dtype=np.int64)
        return sentences, SimpleNamespace(n_tokens=n_tokens, token_starts=np.concatenate(([0], np.cumsum(n_tokens))),
                                          tokens=np.array([w for s in sentences for w in s], dtype=np.uint64))

    sa, ta = table("a")
    sb, tb = table("b")
    pairs = np.array(data.draw(st.lists(st.tuples(st.integers(0, len(sa) - 1), st.integers(0, len(sb) - 1)),
                                        max_size=6)), dtype=np.int64).reshape(-1, 2)
    words = data.draw(st.integers(1, 4))

    def windows(s):
        return {tuple(s[i:i + words]) for i in range(len(s) - words + 1)}

    expected = [bool(windows(sa[i]) & windows(sb[j])) for i, j in pairs.tolist()]
    assert shared_wording(ta, tb, pairs, words).tolist() == expected


def test_token_starts_place_each_sentences_words_inside_it():
    # The words of sentence s are tokens[token_starts[s]:token_starts[s + 1]]: their
    # characters lie inside the sentence's span, and together they are all the words.
    _, ca, _, (ta, _) = aligned(SOURCE, UNRELATED)
    assert len(ta) > 2 and ta.token_starts[-1] == len(ta.tokens)
    for s, (lo, hi) in enumerate(ta.spans.tolist()):
        chars = ta.token_chars[ta.token_starts[s]:ta.token_starts[s + 1]]
        assert len(chars) == ta.n_tokens[s] > 0
        assert chars[:, 0].min() >= lo and chars[:, 1].max() <= hi
        assert ca.text[chars[0, 0]:chars[0, 1]] == re.findall(r"\w+", ca.text[lo:hi])[0]


#: The straight-quote rule as first written: a lazy scan trying the close at every byte.
_LAZY_STRAIGHT_QUOTE = re.compile(rb"""(?m)"(?<![^\s(\[:]")[^\n]*?(?:(?<=\S)"(?=[\s.,;:!?)\]'-]|$)|$)""")


@settings(max_examples=400)
@given(st.lists(st.sampled_from(['"', " ", "a", ".", "\n", "(", ":", "'", "-", "x", ","]), max_size=24).map("".join))
def test_straight_quotes_are_found_as_the_lazy_rule_finds_them(text):
    from copytrace.align.sentences import _QUOTE_RE

    data = text.encode()
    assert [m.span() for m in _QUOTE_RE.finditer(data)] == [m.span() for m in _LAZY_STRAIGHT_QUOTE.finditer(data)]
