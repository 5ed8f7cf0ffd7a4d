"""The HTML report: highlights, substitutions, tree, escaping, robustness."""

from __future__ import annotations

import html
import re
import time
from typing import Any

import pytest

from copytrace.report import render_report, write_report
from copytrace.report.tree import TreeEdge, layout

TEXT_A = (
    "Storm Ellen knocked out power to 40,000 homes on Tuesday night, the regional grid "
    "operator said.\n\n"
    "Engineers worked inside the damaged substation until dawn, according to the TV channel.\n\n"
    "The mayor said the city was on the ropes but would recover quickly.\n\n"
    "Schools across the district will stay closed on Wednesday while crews clear fallen trees."
)
TEXT_B = (
    "Storm Ellen knocked out electricity to 40,000 homes on Tuesday night, the regional grid "
    "operator said.\n\n"
    "Engineers laboured within the damaged substation until dawn, according to the TV station.\n\n"
    "The mayor said the city was on the right track and would recover fast.\n\n"
    "Local traders counted the cost on Wednesday morning."
)
TEXT_C = (
    "Our blog keeps an eye on the weather. <script>alert(1)</script> Not everyone agrees.\n\n"
    "Schools across the district will stay closed on Wednesday while crews clear fallen trees.\n\n"
    "We think the council should have prepared better."
)

SENTS_A = [s for s in TEXT_A.split("\n\n")]
SENTS_B = [s for s in TEXT_B.split("\n\n")]


def span(text: str, sub: str) -> list[int]:
    start = text.index(sub)
    return [start, start + len(sub)]


def demo_data() -> tuple[list[dict], dict[str, str], list[dict], list[dict]]:
    """3 articles, 2 pairs (spun, partial), 1 story rooted at the wire original."""
    articles = [
        {"id": "wire-1", "source": "demo.jsonl:1", "url": "https://wire.example/storm",
         "site": "wire.example", "title": "Storm Ellen cuts power to 40,000 homes",
         "published": "2024-08-20T06:00:00Z", "language": "en", "n_words": 58,
         "removed": ["READ MORE: Heatwave warning for the weekend", "\u00a9 Wire 2024"]},
        {"id": "spin-7", "source": "demo.jsonl:2", "url": "javascript:alert(2)",
         "site": "spinner.example", "title": "Storm Ellen cuts electricity",
         "published": "2024-08-20T09:30:00Z", "language": "en", "n_words": 54,
         "removed": ["Subscribe to our newsletter for more"]},
        {"id": "blog-3", "source": "demo.jsonl:3", "url": None,
         "site": "blog.example", "title": "<script>alert(1)</script> Weather <b>notes</b>",
         "published": None, "language": "en", "n_words": 33, "removed": []},
    ]
    texts = {"wire-1": TEXT_A, "spin-7": TEXT_B, "blog-3": TEXT_C}
    # The spun pair is stored with the copy as ``a``: the report must show the source left.
    spun = {
        "a": "spin-7", "b": "wire-1", "relation": "spun", "score": 0.91, "source": "wire-1",
        "coverage": {"a": 0.78, "b": 0.8},
        "passages": [
            {"a": span(TEXT_B, sb), "b": span(TEXT_A, sa), "kind": kind, "similarity": sim}
            for sa, sb, kind, sim in zip(SENTS_A[:3], SENTS_B[:3],
                                         ["edited", "edited", "paraphrase"], [0.93, 0.8, 0.6])
        ],
        "changes": [["power", "electricity"], ["channel", "station"], ["quickly", "fast"]],
    }
    shared = SENTS_A[3]
    partial = {
        "a": "wire-1", "b": "blog-3", "relation": "partial", "score": 0.7, "source": "wire-1",
        "coverage": {"a": 0.25, "b": 0.4},
        "passages": [{"a": span(TEXT_A, shared), "b": span(TEXT_C, shared),
                      "kind": "verbatim", "similarity": 1.0}],
        "changes": [],
    }
    story = {"story": "s-1", "members": ["wire-1", "spin-7", "blog-3"], "original": "wire-1",
             "edges": [{"from": "wire-1", "to": "spin-7", "relation": "spun"},
                       {"from": "wire-1", "to": "blog-3", "relation": "partial"}]}
    return articles, texts, [spun, partial], [story]


@pytest.fixture(scope="module")
def page() -> str:
    return render_report(*demo_data(), title="Demo <report>")


MARK = re.compile(r'<mark class="psg k-(\w+)" data-k="([\d ]+)"[^>]*>(.*?)</mark>', re.S)
TAG = re.compile(r"<[^>]+>")
LABEL = re.compile(r'<a class="pn"[^>]*>\d+</a>')


def pair_section(page: str, anchor: str) -> str:
    start = page.index(f'<details class="pair" id="{anchor}"')
    return page[start : page.index("</details>", page.index('class="pairbody"', start))]


def columns(section: str) -> tuple[str, str]:
    cols = section.split('<div class="text">')
    assert len(cols) == 3
    return cols[1], cols[2]


def marks(column: str) -> list[tuple[str, str, str]]:
    """(kind, numbers, plain text) of each highlighted region of a column."""
    return [
        (kind, nums, html.unescape(TAG.sub("", LABEL.sub("", body))))
        for kind, nums, body in MARK.findall(column)
    ]


def test_passages_highlighted_at_the_right_text(page: str) -> None:
    left, right = columns(pair_section(page, "s0p0"))  # the spun pair, an edge of the tree
    # source (wire-1, stored as b) on the left, derived on the right
    assert marks(left) == [
        ("edited", "1", SENTS_A[0]), ("edited", "2", SENTS_A[1]), ("paraphrase", "3", SENTS_A[2])
    ]
    assert marks(right) == [
        ("edited", "1", SENTS_B[0]), ("edited", "2", SENTS_B[1]), ("paraphrase", "3", SENTS_B[2])
    ]
    # matching numbers link to each other
    assert 'id="s0p0L2" href="#s0p0R2"' in left and 'id="s0p0R2" href="#s0p0L2"' in right
    # text outside passages is shown too, unhighlighted
    assert "Local traders counted the cost" in TAG.sub("", right)
    left2, right2 = columns(pair_section(page, "s0p1"))
    assert marks(left2) == [("verbatim", "1", SENTS_A[3])]
    assert marks(right2) == [("verbatim", "1", SENTS_A[3])]


def test_pair_header_direction_and_coverage(page: str) -> None:
    section = pair_section(page, "s0p0")
    summary = section[: section.index("</summary>")]
    assert ">spun</span>" in summary and "0.91" in summary
    assert "<code>wire-1</code> \u2192 <code>spin-7</code>" in summary
    assert summary.index("80%") < summary.index("78%")  # coverage swapped with the sides
    assert "<b>source</b> \u00b7 <code>wire-1</code>" in section


def test_substitutions_marked(page: str) -> None:
    left, right = columns(pair_section(page, "s0p0"))
    assert '<del class="sub" title="replaced by: station">channel</del>' in left
    assert '<ins class="sub" title="replaces: channel">station</ins>' in right
    assert '<del class="sub" title="replaced by: laboured within">worked inside</del>' in left
    assert '<ins class="sub" title="replaces: power">electricity</ins>' in right
    # the verbatim passage has no changes
    l2, r2 = columns(pair_section(page, "s0p1"))
    assert "<del" not in l2 and "<ins" not in r2
    # recorded changes listed in the header
    assert '<del class="sub">quickly</del> \u2192 <ins class="sub">fast</ins>' in page


def test_tree_svg_nodes_and_edges(page: str) -> None:
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('<g class="node"') == 3
    for member in ("wire-1", "spin-7", "blog-3"):
        assert f'data-id="{member}"' in svg
    edges = re.findall(r'<g class="edge" data-from="([^"]+)" data-to="([^"]+)" '
                       r'data-relation="([^"]+)">(.*?)</g>', svg)
    assert [(f, t, r) for f, t, r, _ in edges] == [
        ("wire-1", "spin-7", "spun"), ("wire-1", "blog-3", "partial")
    ]
    for _, _, rel, body in edges:
        assert f'class="elabel">{rel}</text>' in body
    assert 'stroke="#8e24aa"' in edges[0][3] and 'stroke="#2e7d32"' in edges[1][3]
    # original on top, derived one row below; legend present
    ys = {m: float(y) for m, y in re.findall(
        r'data-id="([^"]+)">(?:<a [^>]*>)?<title>[^<]*</title><rect x="[\d.]+" y="([\d.]+)"', svg)}
    assert ys["wire-1"] < ys["spin-7"] == ys["blog-3"]
    assert '<g class="legend"' in svg and "\u2605 original" in svg
    assert "xmlns" not in svg


def test_removed_lines_in_collapsed_details(page: str) -> None:
    found = re.findall(r'<details class="removed">(.*?)</details>', page, re.S)
    assert len(found) == 2  # blog-3 removed nothing
    assert "<li>READ MORE: Heatwave warning for the weekend</li>" in found[0]
    assert "2 boilerplate lines removed" in found[0]
    assert "Subscribe to our newsletter for more" in found[1]
    assert all(" open" not in d for d in re.findall(r'<details class="removed"[^>]*>', page))


def test_article_html_is_escaped(page: str) -> None:
    assert "<script>alert(1)</script>" not in page
    assert page.count("<script") == 1  # only the page's own script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>notes</b>" not in page and "&lt;b&gt;notes&lt;/b&gt;" in page
    assert "<title>Demo &lt;report&gt;</title>" in page
    assert "javascript:" not in page  # a non-http url is never a link


def test_no_external_resource(page: str) -> None:
    assert not re.search(r"\bsrc\s*=", page)
    assert not re.search(r"<link\b|@import|url\(", page, re.I)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("#") or h == "https://wire.example/storm" for h in hrefs)
    # the one outside link is a plain hyperlink to the article, not a loaded resource
    assert re.findall(r"<(\w+)[^>]*href=\"https?:", page) == ["a"]


def test_toc_and_summary(page: str) -> None:
    assert '<a href="#s0">s-1</a>' in page
    summary = page[page.index('id="summary"') : page.index("</section>")]
    assert re.search(r"<b>3</b>articles", summary)
    assert re.search(r"<b>1</b>stories<", summary)
    assert re.search(r"<b>2</b>pairs", summary)
    assert re.search(r'<b>1</b><span class="rel"[^>]*>spun</span>', summary)
    assert re.search(r'<b>1</b><span class="rel"[^>]*>partial</span>', summary)


def test_bad_offsets_and_malformed_records_do_not_crash() -> None:
    articles, texts, pairs, stories = demo_data()
    n = len(TEXT_A)
    pairs[1]["passages"] = [
        {"a": [0, 40], "b": [5, 30], "kind": "verbatim", "similarity": 1},
        {"a": [20, 60], "b": [10**9, -3], "kind": "edited", "similarity": "x"},  # overlap
        {"a": [-10, 5], "b": ["x", None], "kind": "weird"},
        {"a": [n + 5, n + 50], "b": [3, 3]},
        {"a": None},
        "not a passage",
        {"a": [50, 10], "b": [1, 2, 3], "kind": "paraphrase"},
    ]
    pairs[1]["coverage"] = None
    pairs.append({"a": "wire-1", "b": "ghost", "relation": None, "score": "high",
                  "passages": [{"a": [0, 10], "b": [0, 10]}], "changes": "oops"})
    pairs.append("garbage")
    stories[0]["edges"].append({"from": "ghost", "to": "spin-7", "relation": "near_copy"})
    stories[0]["edges"].append({"from": "spin-7", "to": "wire-1", "relation": "spun"})  # cycle
    stories[0]["edges"].append({"to": "x"})
    stories.append({"story": "broken", "members": None})
    del texts["blog-3"]
    out = render_report(articles, texts, pairs, stories)
    left = columns(pair_section(out, "s0p1"))[0]
    found = marks(left)
    # [0,40] and [20,60] merge into one region (closest kind), [-10,5] is inside it,
    # [50,10] is read as [10,50]: all one highlight carrying every number
    assert found[0][0] == "verbatim" and found[0][1] == "1 2 3 7"
    assert found[0][2] == TEXT_A[0:60]
    assert len(found) == 1  # the passage past the end is dropped
    assert "(text not available)" in out
    assert "Pairs outside any story" in out and 'data-id="ghost"' in out


def test_more_stories_than_max_are_counted() -> None:
    articles, texts, pairs, stories = demo_data()
    extra = [{"story": f"t{i}", "members": [f"x{i}", f"y{i}"], "original": None, "edges": []}
             for i in range(5)]
    out = render_report(articles, texts, pairs, stories + extra, max_stories=2)
    assert "4 more of 6 stories omitted" in out
    assert '<a href="#s0">s-1</a>' in out  # the largest story comes first
    assert out.count('<section class="card story"') == 2


def test_max_pairs_per_story() -> None:
    articles, texts, pairs, stories = demo_data()
    out = render_report(articles, texts, pairs, stories, max_pairs_per_story=1)
    assert out.count('<details class="pair"') == 1 and "1 more pair omitted" in out


def test_layout_layers_forest_and_cycles() -> None:
    edges = [TreeEdge("r", "a", "spun"), TreeEdge("r", "b", "near_copy"),
             TreeEdge("a", "c", "rewrite"), TreeEdge("s", "d", "partial")]
    pos = layout(["c", "d", "b", "a", "r", "s", "lone"], edges, "r")
    assert {n: p[0] for n, p in pos.items()} == {
        "r": 0, "a": 1, "b": 1, "c": 2, "s": 0, "d": 1, "lone": 0}
    assert pos["r"][1] == (pos["a"][1] + pos["b"][1]) / 2  # parent centred over children
    assert pos["r"][1] < pos["s"][1] < pos["lone"][1]  # original's tree first, lone last
    assert len({p for p in pos.values()}) == len(pos)  # no two nodes on one spot
    cyc = layout(["x", "y"], [TreeEdge("x", "y", "spun"), TreeEdge("y", "x", "spun")], None)
    assert set(cyc) == {"x", "y"}
    chain = [TreeEdge(str(i), str(i + 1), "near_copy") for i in range(3000)]
    deep = layout([str(i) for i in range(3001)], chain, "0")
    assert deep["3000"][0] == 3000


def test_write_report_and_speed(tmp_path: Any) -> None:
    articles, texts, pairs, stories = demo_data()
    many = [dict(pairs[i % 2]) for i in range(2000)]
    t0 = time.perf_counter()
    write_report(tmp_path / "out" / "report.html", articles, texts, many, stories,
                 max_pairs_per_story=5000)
    assert time.perf_counter() - t0 < 10
    text = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count('<details class="pair"') == 2000


def test_layout_keeps_edge_order_left_to_right() -> None:
    edges = [TreeEdge("o", k, "spun") for k in ("c1", "c2", "c3")] + [TreeEdge("c1", "d", "spun")]
    pos = layout(["c3", "c2", "c1", "o", "d"], edges, "o")
    assert pos["c1"][1] < pos["c2"][1] < pos["c3"][1]
    assert pos["d"][1] == pos["c1"][1]
