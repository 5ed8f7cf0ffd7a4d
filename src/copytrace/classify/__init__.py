"""The classify stage: a relation and a confidence for an aligned pair.

The rules read the alignment's features (see :class:`copytrace.align.Alignment`) and
follow the definitions in DESIGN.md, closest relation first:

- ``duplicate``: the same normalised text.
- a *template* is never a copy: when the aligned sentences carry different names and
  figures (a bond notice), the pair is unrelated; when only the figures differ (a
  daily market report), it is at most the same story. A passage pasted word for word
  into text of one's own is judged by its own sentences' names, not by those of the
  text around it that aligns by chance.
- a *recurring report* is never a copy either: published the next day or later
  (``recurring_days``) with the figures of its aligned sentences renewed (a weekly
  tender, a monthly money supply, a daily market operation), a pair is the next issue
  of one frame, not a near copy, spun copy or rewrite; a passage pasted into text of
  one's own is still partial. Its opening line filled with the day's figures (some
  kept, as a price range may be) is no passage either. Undated pairs are judged by
  their words alone. Nor is one outlet's text printed again ``reissue_max_days`` or
  more later (:func:`next_issue`): an outlet sends a story again within days (a
  re-send, a correction); its text a week or more later is the next issue of a
  notice whose data did not change (a rate left unchanged again). Nor is a text that
  names nothing (figures and dates: a dividend notice) a copy of another whose title
  names another subject (:func:`other_subjects`): one formula filled alike for two
  companies.
- ``near_copy``: most of one side's words sit in sentences copied word for word, or
  edited so lightly that they keep nearly all their words, or (both sides aligned
  throughout) in long verbatim runs: a re-issue with a small edit in most sentences
  has few identical ones; or (both sides aligned throughout) one side nearly all in
  verbatim runs, however short: a copy cut down clause by clause. An excerpt (one side is
  nearly all the other's sentences, the other mostly left out) is a near copy when
  lightly edited as it is when verbatim; passages in text of one's own are partial,
  as is an item pasted after text of one's own (``inserted_lead_words``: a round-up's
  item), where a cut version keeps its source's lead. Aligned lines naming two
  subjects (two leads apart, a frame's line filled in with other names) make no near
  copy unless one side is aligned nearly throughout (``two_subjects_coverage``): two
  issuers' notices each have lines of their own, a corrected cut version has none.
  A copy garbled by OCR or typing is a near copy too: its smaller side aligned
  sentence for sentence, in order and at the sentences' lengths, with most word changes
  misspellings (``changes``, :func:`_misspelt_copy`); its misspelt names and figures
  make it no frame filled in anew either.
  Within a day, a pair aligned throughout on both sides with most sentences kept near
  word for word and every name and figure agreeing is the story sent again: a near
  copy, not a wire update.
- ``spun``: nearly every sentence of both sides aligned one to one and in order, with
  moderate per-sentence overlap, sentences kept at their length (a spinner swaps
  words one for one; a rewriter merges, cuts and extends), their shared words in the
  same order (a paraphrase moves clauses about) and figures kept (a weekly report in
  last week's words has new ones).
- ``partial``: passages reused (near-)verbatim outside quotations, with much of one
  side its own text, or in a pair aligned throughout that no rule above takes, within
  a day (a wire update, a corrected re-issue), unless both sides are aligned nearly
  throughout, from the lead and in order: that is a short item told again, partly in
  other words, a ``rewrite`` with too few sentences for the rewrite rule's count (judged
  blind on 29 Reuters pairs: rewrite better 18, partial 6, neither 5); a list of
  names (a line-up, a cast) printed alike is no passage, nor is what two tables of
  other data (see ``same_story``) print alike: the layout, unchanged rows.
  The passages are counted in whole sentences copied, or in verbatim runs of words
  across sentence boundaries (a passage cut mid-sentence and pasted into another),
  whichever shows more. The evidence is each verbatim run to the character, and where
  there is none, each copied run of sentences whole, edges run into the copier's text
  included.
- ``rewrite``: several sentences aligned in the source's order at paraphrase level,
  beyond shared quotations, keeping some of the source's wording (sentence similarity,
  or shared word trigrams); within one outlet only where the sentences come near
  ``t.follow_up_similarity`` or cover most of one side: an outlet's next story of an
  affair shares its phrases and background, aligned loosely over part of each text. Where each side is
  mostly its own and a passage is kept (near-)verbatim, it is ``partial`` first: the
  next story of an affair carrying the earlier one's background paragraphs (one
  sentence of ``t.story_copied_words`` is enough there). So is a pair that keeps a
  passage in a long verbatim run while neither opening sentence is retold by the other
  (``t.rewrite_lead_similarity``): an article that opens with its own news; within one
  outlet, sentences kept near word for word are enough there (an outlet edits its own
  background into its next story, where another outlet's rewrite keeps a few of the
  source's sentences as it retells it).
- ``same_story``: two outlets where both are known (one outlet's second article on an
  event tells its next development or another angle: not coverage written
  independently), no copied prose (no verbatim run of a passage's length, and no
  sentence of ``t.story_copied_words`` kept near word for word outside quotes: such a
  report took that sentence, a ``partial`` copy of it), but enough
  of the same specific names, places and figures (IDF-weighted), published within
  half a day where dates are known (later, an article on the affair tells its next
  development). Two articles
  full of figures that share almost none report other data (another week's table,
  another company's results), whatever words their frame shares; so do two aligned
  throughout whose aligned sentences renew their figures (one notice for another
  session, issuer or company).

Unrelated pairs get ``None``.

Two texts in different languages that the words leave unrelated or same-story are a
``translation`` (:func:`translation`) where their names and figures match sentence
after sentence, in order, over most of one side.

With the semantic extra two rules read more evidence, and only ever add a relation
the lexical rules did not find (what was right without it stays as it was):

- ``rewrite``: sentences aligned by meaning count towards the number, coverage and
  order of aligned sentences; the source's wording (shared word trigrams outside
  quotes) must still be there, as it must for a lexical rewrite: independent reports
  of one event align by meaning too, but do not share the wording.
- ``same_story``: articles whose vectors are close (the encoder's calibrated story
  cosine) need 70% of the shared names and words a lexical same story needs: one
  topic is not one event, so the names must still be shared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ..align.aligner import Alignment, gap_pairs, held_whole, own_data_lines, passages, run_passages, sequence_breaks
from ..align.crosslingual import CrossAlignment
from ..align.diff import misspelling
from ..align.sentences import SentenceTable
from ..records import Passage


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The rule thresholds; every one is a share (0 to 1), a count or a number of days."""

    min_aligned_words: int = 25  # less aligned text than this is too little to call a copy
    copy_rare_jaccard: float = 0.2  # copies keep most names and numbers
    template_min_anchors: int = 6  # names and figures in the aligned sentences, both sides
    template_anchor_agreement: float = 0.6  # copies keep names and figures; templates change them
    template_min_coverage: float = 0.3  # a frame is most of a text (or a few lines none of which is kept)
    template_min_figures: int = 3  # numbers in the aligned sentences, both sides
    template_figure_agreement: float = 0.34  # a copy keeps most figures; a recurring report renews them
    # Published recurring_days or more apart, a pair whose aligned sentences print two
    # figures or more and renew more than this share of them (IDF-weighted) is the next
    # issue of a recurring report (a weekly tender, a monthly money supply, the Fed's
    # daily operation), not a copy; a copy or a corrected re-issue keeps nearly all.
    recurring_figure_agreement: float = 0.85
    # A daily report's next issue comes out about a day later, often minutes short of a
    # whole day (the Fed's operation at 11:45 one day and 11:44 the next): three
    # quarters of a day apart is the next day, where a correction or update of a story
    # comes within hours (judged blind on the 8 Reuters pairs it moved: better 4, worse 1,
    # either 1, neither 2).
    recurring_days: float = 0.75
    # One outlet sends a story again within days (Reuters re-sent whole stories up to 4
    # days later); the same text from it this many days or more later is the next issue
    # of a recurring notice with its data unchanged (weekly tenders, the Bundesbank's
    # policy left unchanged, the Fed's repurchases: 7 to 28 days apart there).
    reissue_max_days: float = 5.0
    # Two texts that name nothing (figures and dates: a dividend notice, a market's
    # opening) whose titles each share less than this share of their subject weight
    # with the other (see :func:`other_subjects`) are one formula filled alike for two
    # subjects (judged blind on the 3 Reuters pairs it moves: better 3).
    title_subject_share: float = 0.5
    near_copy_verbatim: float = 0.5  # words of one side in identical sentences
    near_copy_edited: float = 0.6  # ... in sentences matched at Dice >= 0.6
    near_copy_similarity: float = 0.9  # or mean Dice of aligned sentences (light edits)
    near_copy_verbatim_alone: float = 0.9  # this verbatim share is a copy whatever else differs
    # Words of one side in verbatim runs of RUN_WORDS or more: a copy cut down clause by
    # clause keeps the rest word for word (few identical sentences, lower Dice per
    # sentence); a spinner or a rewriter changes a word every few.
    near_copy_run_cover: float = 0.8
    # An excerpt: nearly all of one side's words in lightly edited sentences of the
    # other, which is mostly text the excerpt left out (under partial_max_coverage).
    excerpt_edited: float = 0.9
    excerpt_similarity: float = 0.8
    # ... cut from the other's lead: where the side mostly its own opens with this many
    # words of its own before the first sentence it shares, the other was pasted into
    # its page (a round-up's item, an earlier story's paragraphs under a new lead).
    inserted_lead_words: int = 50
    spun_coverage: float = 0.6  # words of each side in aligned sentences
    spun_min_aligned: int = 3
    spun_one_to_one: float = 0.8  # a spinner keeps sentences one to one; rewrites merge and split
    spun_order: float = 0.8
    spun_similarity: float = 0.45  # mean Dice of aligned sentences
    spun_trigrams: float = 0.15  # unquoted word trigrams shared, larger side
    spun_length_agreement: float = 0.9  # mean shorter/longer word count of aligned sentences
    # A spinner swaps words in their places; a paraphrasing tool moves clauses about, so
    # the shared words of its sentences step back now and then (``Alignment.word_order``:
    # the newsroom families' and the example's spun copies 0.967-1.0, their paraphrases
    # and rewrites 0.75-0.87; `python benchmarks/rule_measures.py word-order`).
    spun_word_order: float = 0.9
    # A spinner swaps words, not numbers (it may write "1am" as "1 am"): a recurring
    # report (weekly claims, a note issue) with half its figures new, or a wire update
    # with this quarter's results, reads like a spun copy of the earlier one.
    spun_figure_agreement: float = 0.75
    # A spinner swaps the words of prose. A results table (figures this share of each
    # side's distinct words or more) whose labels changed ("Revs" for "Sales", "Shr" for
    # "Qtly div") with its rows kept is a corrected re-issue: a near copy.
    spun_max_figure_share: float = 0.3
    # Within a day, aligned throughout on both sides (this share of each side's words),
    # most sentences near word for word (partial_verbatim_share), with this agreement of
    # names and figures: the story sent again, edited in places.
    resend_coverage: float = 0.95
    resend_anchor_agreement: float = 0.95
    # ... and with this share of each side aligned, from the lead and in order, but not
    # sent again near word for word: a short item retold, a rewrite rather than a
    # partial copy (which keeps a passage inside text of its own).
    retold_coverage: float = 0.8
    # Two subjects named in aligned lines and neither side aligned up to this share: two
    # notices of one frame with lines of their own (two issuers' bonds), no near copy;
    # a version cut from its source and corrected ("Fieldcor" to "Fidelcor", 0.94) is.
    two_subjects_coverage: float = 0.8
    # A copy garbled by OCR or typing: the smaller side aligned nearly throughout,
    # sentence for sentence, in order and at their length, and most word changes
    # misspellings (:func:`copytrace.align.diff.misspelling`), which lower each
    # sentence's overlap as a spinner's synonyms do.
    misspelt_coverage: float = 0.8
    misspelt_length_agreement: float = 0.9
    misspelt_share: float = 0.6  # of the changes that are not figures
    misspelt_min_changes: int = 3
    misspelt_max_changes: int = 20  # distinct changes read, the first ones in text order
    partial_min_words: int = 30  # words in the reused, unquoted sentences
    partial_similarity: float = 0.7
    # ... and keeping this many of the other's words in a row: two reports naming the
    # same people and prizes in their own words match on content words as closely.
    partial_min_run: int = 5
    partial_sentence_words: int = 8  # shorter sentences (headlines, captions) are not passages
    # Two reports of one event each open by stating it, naming the same parties and
    # figures in the wire's phrasing ("X said it agreed to sell Y to Z"): leads alike
    # under this Dice, and nothing else kept, are the event told twice, not a passage
    # copied; an editor's light touch on a copied lead stays above it.
    restated_lead_similarity: float = 0.9
    partial_max_names: float = 0.8  # nor are lists of names (a line-up, a cast) every report prints alike
    partial_verbatim_share: float = 0.6  # aligned pairs at partial_similarity or more
    partial_max_coverage: float = 0.6  # a partial copy is mostly its own text on one side
    partial_run_share: float = 0.5  # verbatim run words per aligned word that make a pair partial first
    # Where neither side is aligned up to this (each mostly its own), a passage makes the
    # pair partial before a rewrite: the next story of an affair carrying the earlier
    # one's background paragraphs, the rest of its aligned sentences sharing its topic.
    partial_first_coverage: float = 0.6
    rewrite_min_aligned: int = 5
    rewrite_coverage: float = 0.3  # larger coverage side
    rewrite_order: float = 0.75
    rewrite_quoted: float = 0.6  # at most this share of the aligned pairs is quotation
    # Independent reports align on facts at paraphrase level; a rewrite also keeps the
    # source's wording, seen as higher sentence similarity or shared word trigrams.
    rewrite_similarity: float = 0.55
    rewrite_trigrams: float = 0.1
    # Within one outlet, a pair retells the other only near that similarity or over most
    # of one side; aligned more loosely over part of each text, it is the affair's next
    # story (hand checks: at 0.5, follow-ups aligned at 0.5-0.6 still came out rewrites,
    # 4 of 6 judged better at 0.6; at 0.6, and with a rewrite's similarity let past it,
    # BBC follow-ups at 0.56-0.63 did too: the 9 Reuters+BBC pairs 0.65 moves were all
    # judged better by two blind judges each; 0.67 moves one more, judged a rewrite).
    follow_up_similarity: float = 0.65
    follow_up_coverage: float = 0.8
    # A rewrite retells the source from its lead; under this Dice neither opening sentence
    # is retold (the two share names, not the telling).
    rewrite_lead_similarity: float = 0.5
    same_story_word_jaccard: float = 0.12  # IDF-weighted Jaccard of content words
    same_story_shared_weight: float = 80.0  # summed IDF of shared words: about ten names
    # The story window: within a day a passage kept (near-)verbatim is a wire update;
    # beyond it, the standard line of a recurring report.
    same_story_days: float = 1.0
    # Independent reports of one event come out within hours of each other; half a day or
    # more after the first, an article on the same affair tells its next development: a
    # reaction, a follow-up, the next announcement. Hand checks of Reuters same_story
    # pairs: 11 of 12 judged wrong at 0.5-1 day apart; of 24 more drawn from all that this
    # window drops, 19 wrong (within half a day, 17 of 33 wrong: the rest of the error).
    same_event_days: float = 0.5
    # ... and for two outlets, both known and different, a day: one outlet's later story
    # is its next development (above), but another outlet's report of the same event
    # often comes out the next morning (an evening's verdict in the morning paper).
    same_event_days_two_outlets: float = 1.0
    # Words in near-verbatim sentences (outside quotes) that make a same-event pair partial.
    story_copied_words: int = 15
    same_story_min_aligned: int = 1  # reports of one event state some fact in sentences that align
    # Two articles full of figures (tables, results, market reports) that share almost
    # none of them report other data: another week, commodity, company or match.
    table_min_figures: int = 10  # distinct figures in each article
    table_figure_jaccard: float = 0.1  # at most this share of their figures in common
    # Two tables (figures this share of each one's distinct words or more) that no copy
    # rule takes hold other data (hand checks: every pair of price lines reported as
    # same_story was another hour's), unless both print table_min_figures or more and
    # this share of the smaller one's figures is in the other: the same data set out
    # twice. A price line's few figures (a price, a change of 1/2) recur by chance.
    table_figure_share: float = 0.4
    table_same_data: float = 0.9
    # With article vectors closer than the encoder's story cosine, this share of the
    # lexical same-story evidence (Jaccard and shared weight) is enough.
    semantic_story_share: float = 0.7
    # Across languages (align.crosslingual): a translation keeps the names and figures of
    # sentence after sentence in the source's order, over most of one side (a brief may
    # translate a long article's first paragraphs); reports of one event in two languages
    # share names in a few sentences, in their own order, and figures of their own.
    translation_min_sentences: int = 3
    translation_coverage: float = 0.6  # characters in matched sentences, on either side
    translation_figures: float = 0.6  # figures of the side printing fewer found in the other
    # Names and figures of one side found in the other: a translation drops few; a report
    # of the same event written on its own names the same leaders and places, and many
    # people, places and figures of its own.
    translation_anchor_share: float = 0.6
    translation_min_anchors: int = 5  # distinct names and figures shared: a short text naming its city has 3


DEFAULT = Thresholds()


def classify(
    al: Alignment,
    *,
    exact: bool = False,
    rare_jaccard: float | None = None,
    days_apart: float | None = None,
    one_outlet: bool = False,
    article_cosine: float | None = None,
    story_cosine: float = 1.0,
    changes: Callable[[], Iterable[tuple[str, str]]] | None = None,
    t: Thresholds = DEFAULT,
    two_outlets: bool = False,
) -> tuple[str, float] | None:
    """The relation of an aligned pair and a confidence in [0, 1], or None if unrelated.

    Args:
        al: the pair's alignment.
        exact: the two normalised texts are identical.
        rare_jaccard: estimated Jaccard similarity of the texts' rare words (names,
            numbers, uncommon words); None when unknown. A copy keeps them.
        days_apart: days between the two publication times, None if either is unknown;
            reports of one event appear within ``t.same_event_days`` of each other.
        one_outlet: both articles come from one outlet (the same site or URL host).
            Its second article on an event is a development or another angle, not
            coverage written independently: such a pair is never ``same_story``; its
            text printed again ``t.reissue_max_days`` or more later is no copy (:func:`next_issue`).
        article_cosine: cosine of the two article vectors (semantic extra), or None.
        story_cosine: the encoder's cosine from which articles may be one story.
        changes: gives the pair's word substitutions in text order (:func:`copytrace.align.diff.substitutions`
            of its aligned sentences not kept word for word; an iterable, read only as far as
            needed), called only for a pair that may be a misspelt copy; without it, no pair is.
        t: thresholds.
        two_outlets: the two outlets are known and differ: reports of one event appear
            within ``t.same_event_days_two_outlets`` of each other.
    """
    if two_outlets:
        t = _two_outlet_thresholds(t)
    verdict = _lexical(al, exact, rare_jaccard, days_apart, t, one_outlet, changes)
    if verdict is not None and verdict[0] in COPY_RELATIONS and no_copy(days_apart, one_outlet, al.tables, t):
        return None
    if verdict is not None and verdict[0] != "same_story":
        return verdict
    if _frame(al, days_apart, t):
        return _independent(verdict, one_outlet)  # a frame or a recurring report: the words have said all
    sem = al.semantic
    if (
        sem is not None
        and sem.n_aligned >= t.rewrite_min_aligned
        and sem.n_aligned * (1.0 - sem.quoted) >= t.rewrite_min_aligned - 1
        and max(sem.coverage_a, sem.coverage_b) >= t.rewrite_coverage
        and sem.order >= t.rewrite_order
        and sem.quoted <= t.rewrite_quoted
        and _trigrams(al) >= t.rewrite_trigrams
        and not _follow_up(al, t, max(sem.coverage_a, sem.coverage_b), one_outlet)
    ):
        return "rewrite", _rewrite_score(max(sem.coverage_a, sem.coverage_b), sem.order)
    if verdict is None and article_cosine is not None and article_cosine >= story_cosine:
        verdict = _story(al, t, days_apart, share=t.semantic_story_share)
    return _independent(verdict, one_outlet)


def _two_outlet_thresholds(t: Thresholds) -> Thresholds:
    """``t`` with the story window of two different outlets, made once per ``t`` (looked
    up by identity: hashing a hundred fields per pair cost more than the rest of the step)."""
    found = _TWO_OUTLETS.get(id(t))
    if found is None or found[0] is not t:
        if len(_TWO_OUTLETS) >= 8:
            _TWO_OUTLETS.clear()
        found = _TWO_OUTLETS[id(t)] = t, dataclasses.replace(t, same_event_days=t.same_event_days_two_outlets)
    return found[1]


#: ``id(t)`` -> (t, t for two outlets); holding ``t`` keeps its id from being reused.
_TWO_OUTLETS: dict[int, tuple[Thresholds, Thresholds]] = {}


def _misspelt_copy(al: Alignment, changes: Callable[[], Iterable[tuple[str, str]]], t: Thresholds) -> bool:
    """A copy garbled by OCR or typing: the smaller side aligned nearly throughout,
    sentence for sentence, in order and at their length, and most of the word changes
    that are not figures misspellings (of the first ``t.misspelt_max_changes`` distinct
    ones). The changes are read last, as they need the texts, and only until the answer
    is known: a spun copy's synonyms rule it out after a few sentences."""
    small_a = al.words_a <= al.words_b
    if not (
        (al.coverage_a if small_a else al.coverage_b) >= t.misspelt_coverage
        and al.n_aligned >= t.misspelt_coverage * (al.n_a if small_a else al.n_b)
        and al.order >= t.spun_order
        and al.length_agreement >= t.misspelt_length_agreement
    ):
        return False
    seen: set[tuple[str, str]] = set()
    misspelt = other = 0
    for change in changes():
        if change in seen:
            continue
        seen.add(change)
        found = misspelling(*change)  # None for a figure changed: neither
        if found is True:
            misspelt += 1
        elif found is False:
            other += 1
            # Even if every change still to come were a misspelling, too few would be.
            if (t.misspelt_max_changes - len(seen) + misspelt) * (1 - t.misspelt_share) < t.misspelt_share * other:
                return False
        if len(seen) >= t.misspelt_max_changes:
            break
    return misspelt + other >= t.misspelt_min_changes and misspelt >= t.misspelt_share * (misspelt + other)


def translation(al: CrossAlignment, t: Thresholds = DEFAULT) -> tuple[str, float] | None:
    """``translation`` and a confidence for two texts in different languages aligned by
    their anchors (:func:`copytrace.align.crosslingual.align_across`), or None."""
    cover = max(al.coverage_a, al.coverage_b)
    if (al.n_aligned < t.translation_min_sentences or cover < t.translation_coverage
            or al.figure_agreement < t.translation_figures or al.anchor_share < t.translation_anchor_share
            or al.shared_anchors < t.translation_min_anchors):
        return None
    return "translation", _clip(0.4 + 0.3 * min(1.0, cover) + 0.15 * al.figure_agreement
                                + 0.15 * float(al.similarity.mean()))


def _independent(verdict: tuple[str, float] | None, one_outlet: bool) -> tuple[str, float] | None:
    """No ``same_story`` within one outlet: it is coverage written independently."""
    return None if one_outlet and verdict is not None and verdict[0] == "same_story" else verdict


def needs_sentence_vectors(al: Alignment, days_apart: float | None = None, t: Thresholds = DEFAULT) -> bool:
    """Whether sentences aligned by meaning could change this lexical alignment's verdict:
    only the semantic rewrite rule reads them, and it needs the source's wording first
    (and no frame or recurring report, where :func:`classify` lets the words decide)."""
    return _trigrams(al) >= t.rewrite_trigrams and not _frame(al, days_apart, t)


def _template(al: Alignment, t: Thresholds) -> bool:
    """The same frame filled with other names and figures (a market report, a notice):
    most of a text aligned (``t.template_min_coverage``), or a sentence or two aligned
    with none kept near word for word (two fires' "drivers were asked to avoid the
    area"). Two reports of one event that share a statement's sentence are no frame."""
    return (al.anchors >= t.template_min_anchors and al.anchor_agreement < t.template_anchor_agreement
            and (max(al.coverage_a, al.coverage_b) >= t.template_min_coverage
                 or not bool((al.similarity >= t.partial_similarity).any()))
            and not _pasted_passage(al, t))


def _renewed(al: Alignment, t: Thresholds) -> bool:
    """A recurring report with this day's figures: the wording is the template's."""
    return (al.figures >= t.template_min_figures and al.figure_agreement < t.template_figure_agreement
            and not _pasted_passage(al, t))


def _frame(al: Alignment, days_apart: float | None, t: Thresholds) -> bool:
    """A template, a report renewed with this day's figures, or the next issue of a
    recurring report: the pair's words have said all there is."""
    return _template(al, t) or _renewed(al, t) or _recurring(al, days_apart, t)


def _recurring(al: Alignment, days_apart: float | None, t: Thresholds) -> bool:
    """Published the next day or later (``t.recurring_days`` apart) with figures renewed
    in the aligned sentences (``t.recurring_figure_agreement``): the same frame issued
    again with the period's figures. Undated pairs are never taken for one."""
    return days_apart is not None and days_apart > t.recurring_days and _refilled(al, t)


def _refilled(al: Alignment, t: Thresholds) -> bool:
    """Figures renewed in the aligned sentences (``t.recurring_figure_agreement``):
    the frame filled in with other data, where an update of one story keeps them."""
    return al.figures >= 2 and al.figure_agreement < t.recurring_figure_agreement


def _own_material(al: Alignment, t: Thresholds) -> bool:
    """One side is mostly text of its own (aligned under ``t.partial_max_coverage``):
    where passages are copied into a page, or where an excerpt leaves its source."""
    return min(al.coverage_a, al.coverage_b) < t.partial_max_coverage


def _two_subjects(al: Alignment, t: Thresholds) -> bool:
    """An aligned pair names two subjects (``al.renamed``: two leads apart, a frame's
    line filled in with other names) and neither text is aligned throughout: two
    notices of one frame, each with lines of its own, not a copy edited. A copy cut from
    its source is aligned throughout, and there a name changed is a correction
    ("Fieldcor" spelled "Fidelcor")."""
    return bool(al.renamed.any()) and max(al.coverage_a, al.coverage_b) < t.two_subjects_coverage


def _sentence_for_sentence(al: Alignment, t: Thresholds) -> bool:
    """Sentences aligned one to one (``t.spun_one_to_one`` of the longer side's), as a
    spinner keeps them, counting those it swapped too many words of to align but left
    in their place between aligned ones (:func:`~copytrace.align.aligner.gap_pairs`);
    a rewriter merges, splits and drops sentences."""
    needed = max(t.spun_min_aligned, t.spun_one_to_one * max(al.n_a, al.n_b))
    if al.n_aligned >= needed:
        return True
    return al.tables is not None and al.n_aligned + len(gap_pairs(*al.tables, al.pairs)) >= needed


def _inserted(al: Alignment, t: Thresholds) -> bool:
    """The side mostly its own (:func:`_own_material`) opens with ``t.inserted_lead_words``
    of its own before the first sentence it shares: the other side was pasted into its
    page (an item in a round-up, a story's paragraphs under a new lead), where a cut
    version keeps its source's lead."""
    if al.tables is None or not al.n_aligned or not _own_material(al, t):
        return False
    side = 0 if al.coverage_a <= al.coverage_b else 1
    return int(al.tables[side].token_starts[al.pairs[:, side].min()]) >= t.inserted_lead_words


def _pasted_passage(al: Alignment, t: Thresholds) -> bool:
    """A passage copied word for word into text of one side's own: at least a partial
    copy's words in verbatim sentences (:func:`reused_sentences`), one side mostly
    unaligned. Its sentences keep their names and figures; those that disagree come
    from the text around it, which aligns only by chance or is run into the copy, so
    they say nothing of a frame. A frame filled in anew is aligned nearly throughout,
    and its lines are rewritten around the new names."""
    if not _own_material(al, t):
        return False
    verbatim = int(al.pair_words[reused_sentences(al, t) & al.verbatim].sum())
    return max(verbatim, al.run_words) >= t.partial_min_words


def _lexical(al: Alignment, exact: bool, rare_jaccard: float | None, days_apart: float | None,
             t: Thresholds, one_outlet: bool = False,
             changes: Callable[[], Iterable[tuple[str, str]]] | None = None) -> tuple[str, float] | None:
    """The rules on word evidence alone (see the module docstring)."""
    if exact or (al.verbatim_a >= 0.999 and al.verbatim_b >= 0.999 and al.order >= 0.999):
        return "duplicate", 1.0
    # A copy garbled by OCR misspells names and figures too, which would read as a frame
    # filled in anew; its changes are read only where that question comes up.
    answer: list[bool] = []  # found once, on first ask (a closure costs less than functools.cache)

    def misspelt() -> bool:
        if not answer:
            answer.append(changes is not None and _misspelt_copy(al, changes, t))
        return answer[0]

    if _template(al, t) and not misspelt():
        return None
    if _renewed(al, t) and not misspelt():
        return _same_story(al, t, days_apart)  # the same report with this day's figures
    if al.aligned_words < t.min_aligned_words and al.run_words < t.partial_min_words:
        return _story(al, t, days_apart)
    verbatim = max(al.verbatim_a, al.verbatim_b)
    edited = max(al.edited_a, al.edited_b)
    keeps_rare = rare_jaccard is None or rare_jaccard >= t.copy_rare_jaccard
    excerpt = edited >= t.excerpt_edited and al.mean_similarity >= t.excerpt_similarity and _own_material(al, t)
    # Kept word for word in long runs (a re-issue with a typo fixed in most sentences, which
    # makes few of them identical) is copied too, where both sides are mostly aligned; the
    # runs are looked for last, and only where the other tests of a near copy hold, as
    # they cost more than the sentence features.
    copied = (verbatim >= t.near_copy_verbatim or al.mean_similarity >= t.near_copy_similarity or excerpt
              or (edited >= t.near_copy_edited and not _own_material(al, t)
                  and (al.run_words >= t.near_copy_verbatim * al.aligned_words
                       or max(al.run_cover) >= t.near_copy_run_cover)))
    # Whole-text relations (near copy, spun, rewrite) stop here for the next issue of a
    # recurring report; a passage pasted into text of one's own is still weighed below.
    whole = not _recurring(al, days_apart, t)
    if (whole
            and ((copied and edited >= t.near_copy_edited and (keeps_rare or verbatim >= t.near_copy_verbatim_alone))
                 or misspelt())
            and not _two_subjects(al, t)):
        if _inserted(al, t):
            return "partial", _partial_score(max(_reused_words(al, t, days_apart), al.run_words))
        return "near_copy", _near_copy_score(verbatim)
    cov_min = min(al.coverage_a, al.coverage_b)
    cov_max = max(al.coverage_a, al.coverage_b)
    if (
        whole
        and cov_min >= t.spun_coverage
        and keeps_rare
        and al.order >= t.spun_order
        and al.mean_similarity >= t.spun_similarity
        and _trigrams(al) >= t.spun_trigrams  # after the cheaper tests: found on first use
        and al.length_agreement >= t.spun_length_agreement
        and al.figure_agreement >= t.spun_figure_agreement
        and _sentence_for_sentence(al, t)
    ):
        if _figure_share(al) >= t.spun_max_figure_share:
            return "near_copy", _near_copy_score(verbatim)
        if al.word_order >= t.spun_word_order:  # else clauses moved: a paraphrase, weighed below
            return "spun", _clip(0.5 + 0.25 * cov_min + 0.25 * al.order)
    # A partial copy is mostly its own text on one side; only then are the verbatim runs
    # looked for here (they cost more than the sentence features).
    # Between two tables of other data, what runs alike is the layout and unchanged rows.
    other = _other_tables(al, t)
    reused = max(_reused_words(al, t, days_apart), al.run_words) if _own_material(al, t) and not other else 0
    near_verbatim = float((al.similarity >= t.partial_similarity).mean()) if al.n_aligned else 0.0
    partial = reused >= t.partial_min_words
    # Mostly near-verbatim passages are partial reuse before they are a rewrite, as is
    # a pair whose aligned text is mostly in verbatim runs (the rest aligns by chance)
    # and a passage in two texts each mostly their own.
    runs_first = partial and al.run_words >= t.partial_run_share * al.aligned_words
    own_both = cov_max < t.partial_first_coverage
    if partial and (near_verbatim >= t.partial_verbatim_share or runs_first or own_both):
        return "partial", _partial_score(reused)
    # Formula sentences (a notice's lines filled in for another issuer) retell nothing,
    # nor do a table's rows of figures (two tables of one company's results).
    prose = al.n_aligned - int(np.count_nonzero(al.pair_formula | _data_rows(al, t)))
    if (
        whole
        and prose >= t.rewrite_min_aligned
        and prose * (1.0 - al.quoted) >= t.rewrite_min_aligned - 1
        and cov_max >= t.rewrite_coverage
        and al.order >= t.rewrite_order
        and al.quoted <= t.rewrite_quoted
        and (al.mean_similarity >= t.rewrite_similarity or _trigrams(al) >= t.rewrite_trigrams)
        and not _follow_up(al, t, cov_max, one_outlet)
    ):
        carried = _carried_background(al, t, own_both, other, one_outlet, days_apart)
        if carried:
            return "partial", _partial_score(carried)
        return "rewrite", _rewrite_score(cov_max, al.order)
    if partial:
        return "partial", _partial_score(reused)
    # Aligned throughout (own material was weighed above), no rule took it, yet a passage
    # is kept (near-)verbatim within a day: a wire update or a corrected re-issue that is
    # not a rewrite is still not written independently. Days apart, such a passage is
    # the standard line of a recurring report (a weekly shipments note).
    if not _own_material(al, t) and not other and _within(days_apart, t.same_story_days):
        # Sent or told again, the story's lead counts as kept, restated or not.
        told_sentences = reused_sentences(al, t, days_apart, restated_lead=True)
        told = max(int(al.pair_words[told_sentences].sum()), al.run_words)
        # An update or a re-issue names what its story names: two subjects (an aligned
        # pair renamed, two leads apart) are one frame filled in twice.
        if told >= t.partial_min_words and not al.renamed.any():
            # Aligned throughout on both sides, most sentences kept near word for word
            # and every name and figure found in the other: no passage kept in text of
            # one's own, but the story sent again, edited in places (another reporter's
            # write-up carrying a sentence of it tells the rest in its own words).
            if (cov_min >= t.resend_coverage and near_verbatim >= t.partial_verbatim_share
                    and al.anchor_agreement >= t.resend_anchor_agreement):
                return "near_copy", _near_copy_score(verbatim)
            # Both sides aligned nearly throughout, from the lead, in order: no text of
            # its own around a kept passage, but a short item told again, partly in
            # other words (too few sentences for the rewrite rule's count); the next
            # day's issue of a recurring report keeps its standard line, retelling nothing.
            if (whole and cov_min >= t.retold_coverage and al.order >= t.rewrite_order
                    and _lead_similarity(al) >= t.rewrite_lead_similarity):
                return "rewrite", _rewrite_score(cov_max, al.order)
            kept_sentences = told_sentences & ~_restated_lead(al, told_sentences, t)
            kept = max(int(al.pair_words[kept_sentences].sum()), al.run_words)
            if kept >= t.partial_min_words:
                return "partial", _partial_score(kept)
        # Aligned throughout yet nothing kept (or only the event's lead restated), with
        # the figures renewed: one frame filled with other data (another issuer, hour or
        # company), not one event.
        if _refilled(al, t):
            return None
    return _story(al, t, days_apart)


#: Relations that say one text is the other printed again.
COPY_RELATIONS = frozenset({"duplicate", "near_copy"})


def no_copy(days_apart: float | None, one_outlet: bool, tables: tuple[SentenceTable, SentenceTable] | None,
            t: Thresholds = DEFAULT) -> bool:
    """Whether a copy (:data:`COPY_RELATIONS`) between these two articles is none: the
    next issue of one outlet's notice (:func:`next_issue`) or, given their sentence
    tables, one formula filled alike for two subjects (:func:`other_subjects`)."""
    return next_issue(days_apart, one_outlet, t) or (tables is not None and other_subjects(*tables, t))


def next_issue(days_apart: float | None, one_outlet: bool, t: Thresholds = DEFAULT) -> bool:
    """Whether a copy (:data:`COPY_RELATIONS`) between these two articles is no copy
    but the next issue of one outlet's recurring notice, its data unchanged: both from
    one outlet and published ``t.reissue_max_days`` or more apart. An outlet prints a
    story again within days (a re-send, a correction), not weeks later; another
    outlet's copy may come at any time."""
    return one_outlet and days_apart is not None and days_apart >= t.reissue_max_days


def other_subjects(ta: SentenceTable, tb: SentenceTable, t: Thresholds = DEFAULT) -> bool:
    """Whether a copy (:data:`COPY_RELATIONS`) of a text that names nothing is no copy
    but one formula filled alike for two subjects that only the titles name: two
    companies' dividend notices with the same amount and dates, two markets' hogs
    opening a dollar up. Both texts name nothing (``SentenceTable.title_stems`` holds
    their titles' subject words) and each title shares with the other less than
    ``t.title_subject_share`` of its subject weight (IDF: "Quaker Oats" and
    "Unibancorp" outweigh the "regular dividend" both print). A re-issue keeps its
    subject in its title, whatever else the title changes."""
    if not len(ta.title_stems) or not len(tb.title_stems):
        return False
    shared_a = ta.title_weight[np.isin(ta.title_stems, tb.title_stems)].sum()
    shared_b = tb.title_weight[np.isin(tb.title_stems, ta.title_stems)].sum()
    return bool(max(shared_a / ta.title_weight.sum(), shared_b / tb.title_weight.sum()) < t.title_subject_share)


def _follow_up(al: Alignment, t: Thresholds, cov_max: float, one_outlet: bool) -> bool:
    """One outlet's second article on an affair, aligned loosely (sentence similarity
    under ``t.follow_up_similarity``) over part of each text (under
    ``t.follow_up_coverage``): its next development, which shares the affair's phrases
    (a loan's amount, a body's name) without retelling the first. An outlet updates its
    own story or follows it up; another outlet's loose retelling is a rewrite."""
    return one_outlet and al.mean_similarity < t.follow_up_similarity and cov_max < t.follow_up_coverage


def _carried_background(al: Alignment, t: Thresholds, own_both: bool, other: bool, one_outlet: bool = False,
                        days_apart: float | None = None) -> int:
    """Words that a pair aligned like a rewrite keeps near word for word where that
    makes it the next story of an affair carrying the other's background, not a
    retelling; 0 for a rewrite. Either each side is mostly its own (``own_both``) and a
    sentence of ``t.story_copied_words`` is kept, the rest aligning on the
    affair's names at paraphrase level; or neither opening sentence is retold and a
    passage is kept in a long verbatim run (not sentences reworded around a kept
    phrase, as a rewriter leaves them). Within one outlet (``one_outlet``), with its
    lead not retold, sentences kept near word for word are enough, whether or not each
    side is mostly its own: an outlet lightly edits its own background paragraphs into
    its next story, where another outlet's rewrite keeps some of the source's sentences
    as it retells it (judged blind: 5 of 7 such pairs better as partial, and it took
    planted synthetic rewrites for every pair; then 4 of 5 pairs aligned over most of
    each side, a follow-up carrying most of the other as background). Published more
    than ``t.same_story_days`` apart, its lead retold is enough too: an outlet tells its
    story again within the day, and days later carries it under the next development.
    Two tables of other data (``other``) share their layout, not background."""
    if other:
        return 0
    reused = max(_reused_words(al, t, days_apart), al.run_words)
    if own_both and reused >= t.story_copied_words:
        return reused
    kept = reused if one_outlet else al.run_words
    later = one_outlet and days_apart is not None and days_apart > t.same_story_days
    if kept >= t.partial_min_words and (later or _lead_similarity(al) < t.rewrite_lead_similarity):
        return kept
    return 0


def _trigrams(al: Alignment) -> float:
    """The larger side's share of unquoted word trigrams found in the other: the source's wording kept."""
    return max(al.trigram_a, al.trigram_b)


def _lead_similarity(al: Alignment) -> float:
    """Dice of the better aligned of the two opening sentences (0 where neither is aligned)."""
    lead = (al.pairs[:, 0] == 0) | (al.pairs[:, 1] == 0)
    return float(al.similarity[lead].max()) if lead.any() else 0.0


def _near_copy_score(verbatim: float) -> float:
    return _clip(0.6 + 0.4 * verbatim)


def _rewrite_score(coverage: float, order: float) -> float:
    return _clip(0.4 + 0.3 * min(1.0, coverage / 0.6) + 0.3 * order)


def _partial_score(reused: int) -> float:
    return _clip(0.5 + 0.5 * min(1.0, reused / 60.0))


def _story(al: Alignment, t: Thresholds, days_apart: float | None, share: float = 1.0):
    """:func:`_same_story`, unless one report carries a sentence of the other near word
    for word (``t.story_copied_words`` in :func:`reused_sentences`): reports written
    independently share no prose beyond quotation (DESIGN.md), so that one took it and
    is ``partial``. Two tables of one data set print their frame lines alike: those are
    no prose, nor are the corpus's formula lines (:func:`_formula_lines`) that both fill
    in alike. (A frame renewed with the day's figures is judged by :func:`_same_story`
    alone: its shared lines are the frame's.)"""
    story = _same_story(al, t, days_apart, share)
    copied = 0
    if story is not None and not _tables(al, t):
        copied = int(al.pair_words[reused_sentences(al, t, days_apart) & ~_formula_lines(al)].sum())
    # Two subjects in one frame (an aligned pair renamed): a sentence alike is the
    # frame's too, and only a partial copy's length of them is copied prose.
    if copied >= (t.partial_min_words if al.renamed.any() else t.story_copied_words):
        return "partial", _partial_score(copied)
    return story


def _formula_lines(al: Alignment) -> np.ndarray:
    """Mask over the aligned pairs: either sentence fills a frame the corpus fills in
    several ways (its table's ``formula``), unless printed word for word with data of
    its own. Unlike ``al.pair_formula`` it keeps a formula line that names only what
    the other article names: a digest may have copied that, but reports of one event
    all fill it in with the event's names and figures, so a lightly edited one says
    nothing of who took what."""
    if al.tables is None:
        return al.pair_formula
    ta, tb = al.tables
    pa, pb = al.pairs[:, 0], al.pairs[:, 1]
    return (ta.formula[pa] | tb.formula[pb]) & ~own_data_lines(ta, pa, al.verbatim)


def _same_story(al: Alignment, t: Thresholds, days_apart: float | None = None, share: float = 1.0):
    """``same_story`` when the texts name enough of the same specific things, else None.

    Measured on the articles' content words weighted by IDF: names, places and figures
    weigh most, so two reports of one event overlap much more than two reports of one
    topic or of one template. A bag of shared words is not enough: reports of one event
    also state some fact in sentences that align (by words, or by meaning with the
    semantic extra); a list of names (a team's line-up) is no such fact. ``share``
    lowers the bar (article vectors within the story cosine: ``t.semantic_story_share``).
    """
    if not _within(days_apart, t.same_event_days):
        return None
    if _other_data(al, t):
        return None
    lists = int(np.count_nonzero(_name_lists(al, t)))  # a line-up states no fact
    aligned = (al.semantic.n_aligned if al.semantic is not None else al.n_aligned) - lists
    if (aligned >= t.same_story_min_aligned and al.word_jaccard >= share * t.same_story_word_jaccard
            and al.shared_weight >= share * t.same_story_shared_weight):
        return "same_story", _clip(0.3 + 0.5 * min(1.0, al.word_jaccard / 0.3) + 0.05 * min(al.n_aligned, 4))
    return None


def _within(days_apart: float | None, days: float) -> bool:
    """Published within ``days`` of each other, or a date unknown."""
    return days_apart is None or days_apart <= days


def _other_data(al: Alignment, t: Thresholds) -> bool:
    """Both articles are tables of other data (:func:`_other_tables`), or print many
    figures and share almost none: tables or reports of other data (the same frame for
    another hour, week, commodity or company), not one event."""
    if _tables(al, t):
        return not _same_data(al, t)
    fewer = min(al.figures_a, al.figures_b)
    if fewer < t.table_min_figures:
        return False
    union = al.figures_a + al.figures_b - al.shared_figures
    return al.shared_figures < t.table_figure_jaccard * union


def _tables(al: Alignment, t: Thresholds) -> bool:
    """Figures are ``t.table_figure_share`` or more of each article's distinct words."""
    return _figure_share(al) >= t.table_figure_share


def _data_rows(al: Alignment, t: Thresholds) -> np.ndarray:
    """Mask over the aligned pairs: a's sentence is a table's row (``SentenceTable.row``:
    figures in a frame too short to word anything, "Net 6,212,000 vs 4,180,000", "Shr
    profit three cts vs loss 17 cts"), which states data and words nothing."""
    if al.tables is None:
        return np.zeros(al.n_aligned, dtype=bool)
    return al.tables[0].row[al.pairs[:, 0]]


def _figure_share(al: Alignment) -> float:
    """The smaller of the two articles' shares of figures among their distinct words."""
    return min(al.figures_a / max(al.words_a, 1), al.figures_b / max(al.words_b, 1))


def _same_data(al: Alignment, t: Thresholds) -> bool:
    """Both print ``t.table_min_figures`` or more figures and ``t.table_same_data`` of the
    smaller one's are in the other: the same data set out twice."""
    fewer = min(al.figures_a, al.figures_b)
    return fewer >= t.table_min_figures and al.shared_figures >= t.table_same_data * fewer


def _other_tables(al: Alignment, t: Thresholds) -> bool:
    """Two tables that are not the same data set out twice."""
    return _tables(al, t) and not _same_data(al, t)


def reused_sentences(al: Alignment, t: Thresholds = DEFAULT, days_apart: float | None = None,
                     restated_lead: bool = False) -> np.ndarray:
    """Mask over the aligned pairs: sentences copied nearly verbatim (keeping a run of
    ``t.partial_min_run`` words of the other's wording), not quotation, long
    enough to be a passage (headlines and captions are not), not a list of names (a
    team's line-up or a cast reads the same in every report of the event) and not a
    formula filled in for another subject (a bond notice's terms, a price posting: a
    formula line held whole in the other, :func:`~copytrace.align.aligner.held_whole`,
    and not its standard wording, is filled alike and copied), nor,
    published ``t.recurring_days`` or more apart (``days_apart``), the opening lines of a
    recurring report filled with the day's figures (``al.refilled_leads``), nor, unless
    ``restated_lead``, the two opening sentences alone, edited under
    ``t.restated_lead_similarity``: two reports of one event each open by stating it.
    They are a partial copy's evidence. Several rules ask for it: the answer is kept on
    the alignment (``al.memo``), read-only."""
    key = ("reused", id(t), days_apart, restated_lead)
    found = al.memo.get(key)
    if found is None or found[0] is not t:  # ``t`` held beside the mask keeps its id unique
        kept = _reused_sentences(al, t, days_apart, restated_lead)
        kept.setflags(write=False)
        found = al.memo[key] = t, kept
    return found[1]


def _reused_sentences(al: Alignment, t: Thresholds, days_apart: float | None, restated_lead: bool) -> np.ndarray:
    kept = ((al.similarity >= t.partial_similarity) & ~al.pair_quoted & (al.pair_words >= t.partial_sentence_words)
            & ~_name_lists(al, t))
    if not kept.any():  # every step below only takes sentences out
        return kept
    formula = kept & al.pair_formula
    kept &= ~formula
    if formula.any() and al.tables is not None:
        ta, tb = al.tables
        pa, pb = al.pairs[formula, 0], al.pairs[formula, 1]
        held = held_whole(ta, tb, al.pairs[formula])
        kept[formula] = own_data_lines(ta, pa, held) & own_data_lines(tb, pb, held)
    if days_apart is not None and days_apart > t.recurring_days and kept.any():
        kept &= ~al.refilled_leads
    edited = kept & ~al.verbatim
    if edited.any():
        kept &= ~edited | al.shared_wording(t.partial_min_run, edited)
    if not restated_lead:
        kept &= ~_restated_lead(al, kept, t)
    return kept


def _restated_lead(al: Alignment, kept: np.ndarray, t: Thresholds) -> np.ndarray:
    """Mask over the aligned pairs: the two opening sentences, where they are the only
    pair of ``kept`` and edited under ``t.restated_lead_similarity`` (see
    :func:`reused_sentences`)."""
    if np.count_nonzero(kept) != 1:
        return np.zeros_like(kept)
    return kept & (al.pairs == 0).all(axis=1) & ~al.verbatim & (al.similarity < t.restated_lead_similarity)


def reused_passages(al: Alignment, t: Thresholds = DEFAULT, days_apart: float | None = None) -> np.ndarray:
    """Mask over the aligned pairs: the partial copy's passages. Runs of pairs aligned
    in sequence on both sides that hold a reused sentence (:func:`reused_sentences`),
    whole: a copied passage's first and last sentences are often run into the copier's
    own, which lowers their similarity but not their place in the run."""
    reused = reused_sentences(al, t, days_apart)
    if reused.all() or not reused.any():
        return reused
    run = np.concatenate(([0], np.cumsum(sequence_breaks(al.pairs))))
    return np.bincount(run, weights=reused)[run] > 0


def partial_passages(al: Alignment, ta: SentenceTable, tb: SentenceTable, t: Thresholds = DEFAULT,
                     days_apart: float | None = None) -> list[Passage]:
    """A partial copy's passages: its verbatim runs of a partial copy's length
    (``t.partial_min_words``) to the character, and its copied sentence runs
    (:func:`reused_passages`) where no such run lies."""
    runs = run_passages(al, ta, tb, min_words=t.partial_min_words)
    sentences = passages(al, ta, tb, keep=reused_passages(al, t, days_apart))
    if not runs:
        return sentences
    apart = [p for p in sentences if not any(p.a[0] < r.a[1] and r.a[0] < p.a[1] for r in runs)]
    return sorted(apart + runs, key=lambda p: (p.a, p.b))


def _name_lists(al: Alignment, t: Thresholds) -> np.ndarray:
    """Mask over the aligned pairs: a's sentence is a list of names."""
    return al.pair_names >= t.partial_max_names


def _reused_words(al: Alignment, t: Thresholds, days_apart: float | None = None) -> int:
    """Words of a in the reused sentences (see :func:`reused_sentences`)."""
    return int(al.pair_words[reused_sentences(al, t, days_apart)].sum())


def _clip(x: float) -> float:
    return float(min(1.0, max(0.0, x)))
