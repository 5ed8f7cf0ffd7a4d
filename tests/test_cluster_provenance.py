"""Tests for the cluster stage (stories from the pair graph) and the provenance stage
(credits, direction of each pair, the derivation tree of a story)."""

from __future__ import annotations

import numpy as np
import pytest

from copytrace.cluster import components, stories
from copytrace.provenance import (
    ArticleEvidence,
    build_story,
    centrality,
    credited_names,
    credits,
    direction_score,
    looks_back,
    orient,
    outlet_keys,
)
from copytrace.records import DERIVED_RELATIONS, Article, Pair

# --- cluster: components -----------------------------------------------------------


def edges(*pairs: tuple[int, int]) -> np.ndarray:
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def test_components_of_nothing():
    assert components(0, edges()).tolist() == []


def test_components_without_edges_are_singletons():
    assert components(4, edges()).tolist() == [0, 1, 2, 3]


def test_components_chain_two_groups_and_a_singleton():
    # 0-1-2-3 is a chain, 4 alone, 5-6 a pair; labels ranked by each component's first node.
    labels = components(7, edges((0, 1), (1, 2), (2, 3), (5, 6)))
    assert labels.tolist() == [0, 0, 0, 0, 1, 2, 2]


def test_component_labels_do_not_depend_on_edge_order_or_direction():
    a = components(7, edges((0, 1), (1, 2), (2, 3), (5, 6)))
    b = components(7, edges((6, 5), (3, 2), (2, 1), (1, 0), (3, 2)))  # reversed, repeated
    assert a.tolist() == b.tolist()


def test_component_labels_follow_smallest_node():
    # The component holding node 0 is labelled 0 even when built from high nodes first.
    labels = components(6, edges((4, 5), (3, 4), (0, 2)))
    assert labels.tolist() == [0, 1, 0, 2, 2, 2]


# --- cluster: stories --------------------------------------------------------------


def test_stories_leave_singletons_out():
    ids = ["a", "b", "c", "d", "e", "f", "g"]
    got = stories(ids, [("a", "b"), ("c", "b"), ("e", "f")])
    assert got == [["a", "b", "c"], ["e", "f"]]
    assert all("d" not in s and "g" not in s for s in got)


def test_stories_largest_first_members_in_input_order():
    ids = ["x", "y", "p", "q", "r"]
    got = stories(ids, [("y", "x"), ("r", "q"), ("q", "p")])
    assert got == [["p", "q", "r"], ["x", "y"]]


def test_stories_of_same_size_in_input_order():
    ids = ["m", "n", "o", "k"]
    assert stories(ids, [("o", "k"), ("n", "m")]) == [["m", "n"], ["o", "k"]]


def test_stories_chain_is_one_story():
    ids = [f"art-{i}" for i in range(6)]
    chain = [(ids[i], ids[i + 1]) for i in range(5)]
    assert stories(ids, chain) == [ids]


def test_no_pairs_no_stories():
    assert stories(["a", "b"], []) == []


# --- provenance: names and credits -------------------------------------------------


def test_outlet_keys_from_site():
    assert "coastalherald" in outlet_keys(Article(id="x", text="", site="coastalherald.example"))
    assert "coastalherald" in outlet_keys(Article(id="x", text="", site="www.coastalherald.example"))
    keys = outlet_keys(Article(id="x", text="", site="coastal-herald.co.uk"))
    assert "coastalherald" in keys
    assert not keys & {"www", "co", "uk", "example"}
    assert outlet_keys(Article(id="x", text="", site=None)) == set()
    # Without a site, the URL's host names the outlet (an article built in Python).
    assert "coastalherald" in outlet_keys(Article(id="x", text="", url="https://www.coastalherald.example/a"))


@pytest.mark.parametrize("text", [
    "Firefighters were called to the quay just before midnight, the Coastal Herald reported.",
    "The Coastal Herald reported that firefighters were called to the quay just before midnight.",
    "Firefighters were called to the quay just before midnight, according to the Coastal Herald.",
    "According to the Coastal Herald, firefighters were called to the quay just before midnight.",
    "Firefighters were called to the quay just before midnight.\nSource: Coastal Herald",
], ids=["x-reported", "x-reported-first", "according-to", "according-to-first", "source-line"])
def test_credited_names_find_the_outlet(text):
    assert "coastalherald" in credited_names(text)


def test_credited_names_empty_without_credit_phrase():
    assert credited_names("Firefighters from the Coastal Herald building were called to the quay.") == set()
    assert credited_names("") == set()


def test_credit_matches_the_outlet_site_only():
    names = credited_names("Dozens of homes were evacuated, the Coastal Herald reported.")
    assert credits(names, outlet_keys(Article(id="h", text="", site="coastalherald.example")))
    assert not credits(names, outlet_keys(Article(id="w", text="", site="westerncourier.example")))
    assert not credits(set(), outlet_keys(Article(id="h", text="", site="coastalherald.example")))
    assert not credits(names, set())


# --- provenance: direction ---------------------------------------------------------


def evidence(*, published: str | None = None, site: str | None = None, text: str = "",
             removed: tuple[str, ...] = (), n_words: int = 200) -> ArticleEvidence:
    art = Article(id="x", text=text, site=site, published=published)
    return ArticleEvidence.of(art, text, list(removed), n_words)


def pair(relation: str = "spun", cov_a: float = 0.9, cov_b: float = 0.9) -> Pair:
    return Pair(a="a", b="b", relation=relation, score=0.9, coverage={"a": cov_a, "b": cov_b})


EARLY = "2026-03-14T06:45:00+00:00"
LATE = "2026-03-14T09:10:00+00:00"


def test_earlier_article_is_the_source():
    score, reasons = direction_score(pair(), evidence(published=EARLY), evidence(published=LATE))
    assert score > 0 and reasons == ["published"]
    score, reasons = direction_score(pair(), evidence(published=LATE), evidence(published=EARLY))
    assert score < 0 and reasons == ["published"]


def test_published_times_within_a_minute_say_nothing():
    score, reasons = direction_score(pair(), evidence(published="2026-03-14T06:45:00+00:00"),
                                     evidence(published="2026-03-14T06:45:30+00:00"))
    assert score == 0.0 and "published" not in reasons


def test_published_times_in_other_zones_are_compared_as_instants():
    # 08:00+02:00 is 06:00 UTC, so it is earlier than 07:00Z.
    score, _ = direction_score(pair(), evidence(published="2026-03-14T08:00:00+02:00"),
                               evidence(published="2026-03-14T07:00:00Z"))
    assert score > 0


def test_unknown_time_gives_no_published_signal():
    score, reasons = direction_score(pair(), evidence(published=EARLY), evidence(published=None))
    assert score == 0.0 and "published" not in reasons


def test_crediting_article_is_the_copy():
    herald = evidence(site="coastalherald.example", text="A fire tore through a cold store on the quay.")
    courier = evidence(site="westerncourier.example",
                       text="Thirty homes were evacuated after a fire on the quay, the Coastal Herald reported.")
    score, reasons = direction_score(pair(), herald, courier)
    assert score > 0 and "credit" in reasons
    score, reasons = direction_score(pair(), courier, herald)
    assert score < 0 and "credit" in reasons


@pytest.mark.parametrize("line", ["This story was first reported by the Coastal Herald.", "Source: Coastal Herald"],
                         ids=["reported-by", "source-line"])
def test_credit_in_removed_boilerplate_counts(line):
    herald = evidence(site="coastalherald.example", text="A fire tore through a cold store on the quay.")
    aggregator = evidence(site="newsdrip.example", text="A fire tore through a cold store on the quay.",
                          removed=(line,))
    score, reasons = direction_score(pair(), herald, aggregator)
    assert score > 0 and "credit" in reasons


def test_more_fully_covered_side_of_a_copy_is_derived():
    # b's words are nearly all in a, a's only half in b: b was cut from a.
    score, reasons = direction_score(pair("near_copy", cov_a=0.5, cov_b=0.95), evidence(), evidence())
    assert score > 0 and "containment" in reasons
    score, reasons = direction_score(pair("near_copy", cov_a=0.95, cov_b=0.5), evidence(), evidence())
    assert score < 0 and "containment" in reasons


def test_direction_weighs_the_shares_aligned_not_a_partial_pairs_passage_coverage():
    # A partial pair reports the share of each side in its passages (alike here); how
    # much of each article the other aligns with still tells which holds the other.
    partial = pair("partial", cov_a=0.2, cov_b=0.2)
    assert "containment" not in direction_score(partial, evidence(), evidence())[1]
    partial.aligned = (0.3, 0.8)
    score, reasons = direction_score(partial, evidence(), evidence())
    assert score > 0 and "containment" in reasons
    assert centrality(["a", "b"], [partial]) == pytest.approx({"a": 0.8 * 0.9, "b": 0.3 * 0.9})


def test_passage_near_the_top_of_one_text_and_further_down_the_other_marks_the_source():
    # a opens with the passage; b brings it in halfway down, after news of its own.
    partial = pair("partial", cov_a=0.4, cov_b=0.4)
    partial.passage_start = (0.02, 0.5)
    score, reasons = direction_score(partial, evidence(), evidence())
    assert score > 0 and reasons == ["position"]
    partial.passage_start = (0.5, 0.02)
    score, reasons = direction_score(partial, evidence(), evidence())
    assert score < 0 and reasons == ["position"]
    # Passages at about the same depth in both say nothing, nor do other relations'.
    partial.passage_start = (0.30, 0.36)
    assert direction_score(partial, evidence(), evidence()) == (0.0, [])
    rewrite = pair("rewrite", cov_a=0.4, cov_b=0.4)
    rewrite.passage_start = (0.02, 0.5)
    assert direction_score(rewrite, evidence(), evidence()) == (0.0, [])


def test_looks_back_counts_phrases_that_place_news_in_the_past():
    assert looks_back("The council voted on Thursday. A verdict is expected later this week.") == 0
    assert looks_back("The library, flooded last week, reopens. Earlier this month the council met.") == 2
    assert looks_back("It was announced yesterday, as reported earlier by the Gazette.") == 3


def test_article_that_looks_back_is_the_later_one():
    earlier = evidence(text="The council will vote on the library drains on Thursday, officials said.")
    later = evidence(text="The vote follows the flood of the library basement last week.")
    for relation in ("partial", "rewrite"):
        score, reasons = direction_score(pair(relation, cov_a=0.5, cov_b=0.5), earlier, later)
        assert score > 0 and reasons == ["time-words"]
        score, reasons = direction_score(pair(relation, cov_a=0.5, cov_b=0.5), later, earlier)
        assert score < 0 and reasons == ["time-words"]
    # A near copy tells the same news in the same words: its time words say nothing.
    assert direction_score(pair("near_copy"), earlier, later) == (0.0, [])


def test_no_evidence_no_direction():
    score, reasons = direction_score(pair(), evidence(), evidence())
    assert score == 0.0 and reasons == []


def test_orient_sets_source_and_leaves_same_story_undirected():
    ev = {"a": evidence(published=LATE), "b": evidence(published=EARLY)}
    derived = Pair(a="a", b="b", relation="near_copy", score=0.9, coverage={"a": 0.9, "b": 0.9},
                   changes=[("blaze", "fire")])
    same = Pair(a="a", b="b", relation="same_story", score=0.5, coverage={"a": 0.1, "b": 0.1})
    orient([derived, same], ev, {"a": 0.0, "b": 0.0})
    assert derived.source == "b"
    assert "published" in derived.direction_evidence
    assert derived.changes == [("fire", "blaze")]  # changes read source -> derived
    assert same.source is None


# --- provenance: derivation tree ---------------------------------------------------


def _tree_checks(story, members):
    assert sorted(story.members) == sorted(members)
    parents: dict[str, str] = {}
    for e in story.edges:
        assert e.relation in DERIVED_RELATIONS
        assert e.source in members and e.derived in members and e.source != e.derived
        assert e.derived not in parents, f"{e.derived} has two parents"
        parents[e.derived] = e.source
    assert story.original not in parents
    for m in parents:  # every derived member leads back to the original, without a cycle
        seen, node = set(), m
        while node in parents:
            assert node not in seen, "cycle in the derivation tree"
            seen.add(node)
            node = parents[node]
        assert node == story.original
    return parents


def _story(members, pairs, published):
    ev = {m: evidence(published=published.get(m), n_words=200) for m in members}
    weight = centrality(members, pairs)
    orient(pairs, ev, weight)
    return build_story("story-1", members, pairs, ev, weight)


def P(a, b, relation, score=0.9, cov=0.9):
    return Pair(a=a, b=b, relation=relation, score=score, coverage={"a": cov, "b": cov})


def test_story_tree_rooted_at_the_source():
    members = ["copy1", "orig", "copy2", "copy3", "indep"]
    published = {"orig": "2026-03-14T06:00:00+00:00", "copy1": "2026-03-14T08:00:00+00:00",
                 "copy2": "2026-03-14T09:00:00+00:00", "copy3": "2026-03-14T10:00:00+00:00",
                 "indep": "2026-03-14T07:00:00+00:00"}
    pairs = [
        P("copy1", "orig", "near_copy"),
        P("orig", "copy2", "spun", score=0.8),
        P("copy1", "copy2", "spun", score=0.7),
        P("copy3", "orig", "partial", score=0.7),
        P("orig", "indep", "same_story", score=0.4, cov=0.1),
    ]
    story = _story(members, pairs, published)
    assert story.original == "orig"
    parents = _tree_checks(story, members)
    assert set(parents) == {"copy1", "copy2", "copy3"}  # one parent per derived member
    assert "indep" not in parents and all(e.source != "indep" for e in story.edges)
    assert parents["copy1"] == "orig" and parents["copy3"] == "orig"
    assert story.members[0] == "orig"


def test_story_tree_of_a_chain():
    members = ["c", "a", "b"]
    published = {"a": "2026-03-14T06:00:00+00:00", "b": "2026-03-14T08:00:00+00:00",
                 "c": "2026-03-14T10:00:00+00:00"}
    story = _story(members, [P("b", "a", "near_copy"), P("c", "b", "spun")], published)
    assert story.original == "a"
    parents = _tree_checks(story, members)
    assert parents == {"b": "a", "c": "b"}
    assert {(e.source, e.derived, e.relation) for e in story.edges} == {("a", "b", "near_copy"),
                                                                          ("b", "c", "spun")}


def test_story_of_same_story_pairs_has_no_original():
    members = ["a", "b"]
    story = _story(members, [P("a", "b", "same_story", score=0.5, cov=0.1)],
                   {"a": "2026-03-14T06:00:00+00:00", "b": "2026-03-14T08:00:00+00:00"})
    assert story.original is None
    assert story.edges == []
    assert sorted(story.members) == members
