"""Word-level diff: ops tile both strings in order, substitutions are found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from copytrace.align.diff import WordOp, misspelling, substitutions, word_ops

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def check_cover(a: str, b: str, ops: list[WordOp]) -> None:
    """Each side's spans are in order, disjoint, hold every word once, gaps hold none."""
    for side, text, skip in (("a", a, "insert"), ("b", b, "delete")):
        spans = [getattr(op, side) for op in ops if op.tag != skip]
        cur = 0
        for s, e in spans:
            assert cur <= s <= e <= len(text)
            assert not WORD.search(text[cur:s]), (side, text[cur:s])
            cur = e
        assert not WORD.search(text[cur:])
        assert [w for s, e in spans for w in words(text[s:e])] == words(text)
        # the side an op has no words on is empty
        for op in ops:
            if op.tag == skip:
                s, e = getattr(op, side)
                assert s == e and 0 <= s <= len(text)


def test_ops_cover_both_strings_in_order() -> None:
    a = "The TV channel said, inside the building, the team is on the ropes."
    b = "The TV station said within the building that the team was on the right track!"
    ops = word_ops(a, b)
    check_cover(a, b, ops)
    assert [op.tag for op in ops][:3] == ["equal", "replace", "equal"]
    rep = ops[1]
    assert a[rep.a[0] : rep.a[1]] == "channel" and b[rep.b[0] : rep.b[1]] == "station"
    ins = [op for op in ops if op.tag == "insert"]
    assert [b[op.b[0] : op.b[1]] for op in ins] == ["that"]


def test_substitutions_on_hand_made_sentences() -> None:
    a = "Engineers worked inside the damaged substation, according to the TV channel."
    b = "Engineers laboured within the damaged substation, according to the TV station."
    assert substitutions(a, b) == [("worked inside", "laboured within"), ("channel", "station")]
    a2 = "The mayor said the city was on the ropes but would recover quickly."
    b2 = "The mayor said the city was on the right track and would recover fast."
    assert substitutions(a2, b2) == [
        ("ropes but", "right track and"),
        ("quickly", "fast"),
    ]


def test_substitutions_respect_max_words_and_case() -> None:
    a = "He left the big old red house near the river today."
    b = "He left a tiny cottage that was painted blue near the river today."
    assert substitutions(a, b) == []  # 5 -> 7 words is rewording, not substitution
    assert substitutions(a, b, max_words=7) == [
        ("the big old red house", "a tiny cottage that was painted blue")
    ]
    assert substitutions("The Channel said", "the channel SAID") == []
    # casefolded, not lowered: ß is ss (one text ASCII, the other not, as happens)
    assert substitutions("Die STRASSE war zu", "die Straße war offen") == [("zu", "offen")]
    # original case is kept and line breaks inside a phrase become spaces
    assert substitutions("a Big\nDog barked", "a Small Cat barked") == [("Big Dog", "Small Cat")]


def test_empty_and_punctuation_only() -> None:
    assert word_ops("", "") == []
    ops = word_ops("", "new words")
    assert [(op.tag, op.a, op.b) for op in ops] == [("insert", (0, 0), (0, 9))]
    ops = word_ops("old words", "...")
    assert [(op.tag, op.a, op.b) for op in ops] == [("delete", (0, 9), (0, 0))]
    # punctuation is not a word: only the word change shows
    assert [op.tag for op in word_ops("Hello, world!", "Hello world?")] == ["equal"]


VOCAB = ["the", "The", "cat", "dog", "sat", "on", "mat", "a", "élan", "x1", "_"]
SEP = [" ", ", ", ". ", "\n", " - ", "  ", "!"]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    toks = draw(st.lists(st.sampled_from(VOCAB), max_size=14))
    seps = draw(st.lists(st.sampled_from(SEP), min_size=len(toks) + 1, max_size=len(toks) + 1))
    return seps[0] + "".join(t + s for t, s in zip(toks, seps[1:]))


@settings(max_examples=300, deadline=None)
@given(sentence(), sentence())
def test_property_spans_reconstruct_words(a: str, b: str) -> None:
    ops = word_ops(a, b)
    check_cover(a, b, ops)
    # equal ops match the same words, casefolded
    for op in ops:
        if op.tag == "equal":
            wa = [w.casefold() for w in words(a[op.a[0] : op.a[1]])]
            assert wa == [w.casefold() for w in words(b[op.b[0] : op.b[1]])]
    for src, dst in substitutions(a, b):
        assert 1 <= len(words(src)) <= 3 and 1 <= len(words(dst)) <= 3
    # substitutions are exactly the short replace ops, in order, whitespace made single
    short = [(a[op.a[0] : op.a[1]], b[op.b[0] : op.b[1]]) for op in ops if op.tag == "replace"]
    short = [(" ".join(x.split()), " ".join(y.split())) for x, y in short
             if len(words(x)) <= 3 and len(words(y)) <= 3]
    assert [(" ".join(x.split()), " ".join(y.split())) for x, y in substitutions(a, b)] == short


@given(st.text(max_size=40), st.text(max_size=40))
def test_property_any_text(a: str, b: str) -> None:
    check_cover(a, b, word_ops(a, b))


def test_misspellings_are_told_from_other_words() -> None:
    # OCR and typing: a letter read as another, words run together or split.
    for old, new in [("picture", "piefure"), ("January", "Jauuary"), ("from the", "fromthe"),
                     ("about", "abou t"), ("estimate for", "esfimate f0r"), ("in", "ln")]:
        assert misspelling(old, new) is True, (old, new)
    # A spinner's synonyms and a rewriter's words are spelt otherwise.
    for old, new in [("said", "stated"), ("big", "large"), ("quickly", "rapidly"), ("evacuation", "removal"),
                     ("says", "said"), ("its", "lfs")]:
        assert misspelling(old, new) is False, (old, new)
    # A figure changed is neither.
    assert misspelling("10", "12") is None
    assert misspelling("1.5 pct", "1.7 pct") is None
