"""Tests for the store stage: ``write_outputs`` / ``read_outputs`` and the output contract
(DESIGN.md, "Output contract") on a small scan of invented articles."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from copytrace.pipeline import scan_articles
from copytrace.records import RELATIONS, Article
from copytrace.store import FILES, SCHEMA_VERSION, read_jsonl, read_outputs, write_jsonl, write_outputs
from texts import SOURCE, SPUN, UNRELATED

SCRIPT = "<script>alert(1)</script>"

ARTICLES = [
    Article(id="gazette-flood", text="\n\n".join(SOURCE), title="Flood ruins Glenmoor library books",
            url="https://www.glenmoorgazette.example/news/library-flood", site="glenmoorgazette.example",
            published="2026-04-05T07:00:00+00:00", language="en", source="invented.jsonl:1"),
    Article(id="copycat-flood",
            text="\n\n".join(SOURCE[:6] + [f"Readers wrote in: {SCRIPT} & thanks to all the volunteers."]
                             + SOURCE[6:] + ["READ MORE: Ten rainy-day walks around Glenmoor"]),
            title=f"Glenmoor library flood {SCRIPT}", url="https://copycat.example/glenmoor-library-flood",
            site="copycat.example", published="2026-04-05T11:30:00+00:00", language="en",
            source="invented.jsonl:2"),
    Article(id="spinner-flood", text="\n\n".join(SPUN), title="Torrential rain inundates Glenmoor library",
            url="https://spinner.example/p/123", site="spinner.example", published="2026-04-06T02:00:00+00:00",
            source="invented.jsonl:3"),
    Article(id="cheese-fair", text="\n\n".join(UNRELATED), title="Record crowd at Dunwick cheese fair",
            site="dunwickdaily.example", published=None, source="invented.jsonl:4"),
]
IDS = [a.id for a in ARTICLES]


@pytest.fixture(scope="module")
def result():
    return scan_articles(ARTICLES)


@pytest.fixture(scope="module")
def out(result, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store") / "out"
    assert write_outputs(folder, result, command="copytrace scan invented.jsonl") == folder
    return folder


def test_scan_of_the_invented_corpus_finds_the_copies(result):
    # The premise of the contract checks: there are pairs and a story to write.
    found = {frozenset((p.a, p.b)): p for p in result.pairs}
    assert found[frozenset(("gazette-flood", "copycat-flood"))].relation == "near_copy"
    assert found[frozenset(("gazette-flood", "spinner-flood"))].relation == "spun"
    assert all("cheese-fair" not in k for k in found)
    assert len(result.stories) == 1


def test_write_outputs_writes_every_file(out):
    for name in (*FILES, "report.html", "run.json"):
        assert (out / name).is_file(), name
        assert (out / name).stat().st_size > 0, name


def test_round_trip(result, out):
    articles, pairs, stories = read_outputs(out)
    assert articles == result.articles
    assert pairs == [p.to_dict() for p in result.pairs]
    assert stories == [s.to_dict() for s in result.stories]
    # The JSONL files are one object per line, as many lines as records.
    for name, records in zip(FILES, (articles, pairs, stories)):
        lines = (out / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(records)
        assert all(isinstance(json.loads(line), dict) for line in lines)


def _opt_str(value) -> bool:
    return value is None or isinstance(value, str)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def test_articles_contract(out):
    articles, _, _ = read_outputs(out)
    assert [a["id"] for a in articles] == IDS
    by_id = {a["id"]: a for a in articles}
    for rec in articles:
        assert {"id", "source", "url", "site", "title", "published", "language", "n_words", "removed"} <= set(rec)
        assert isinstance(rec["id"], str) and rec["id"]
        assert isinstance(rec["source"], str) and rec["source"]
        for key in ("url", "site", "title", "published", "language"):
            assert _opt_str(rec[key]), key
        if rec["published"] is not None:
            datetime.fromisoformat(rec["published"])  # ISO 8601
        assert isinstance(rec["n_words"], int) and not isinstance(rec["n_words"], bool) and rec["n_words"] > 0
        assert isinstance(rec["removed"], list) and all(isinstance(x, str) for x in rec["removed"])
    art = {a.id: a for a in ARTICLES}
    for id_, rec in by_id.items():
        assert rec["source"] == art[id_].source
        assert rec["url"] == art[id_].url and rec["site"] == art[id_].site and rec["title"] == art[id_].title
    assert by_id["cheese-fair"]["published"] is None
    assert by_id["copycat-flood"]["removed"] == ["READ MORE: Ten rainy-day walks around Glenmoor"]
    assert by_id["gazette-flood"]["removed"] == []


def test_pairs_contract(result, out):
    _, pairs, _ = read_outputs(out)
    assert pairs
    for rec in pairs:
        assert {"a", "b", "relation", "score", "source", "coverage", "passages", "changes"} <= set(rec)
        assert rec["a"] in IDS and rec["b"] in IDS and rec["a"] != rec["b"]
        assert rec["relation"] in RELATIONS
        assert _is_number(rec["score"]) and 0.0 <= rec["score"] <= 1.0
        assert rec["source"] is None or rec["source"] in (rec["a"], rec["b"])
        assert set(rec["coverage"]) == {"a", "b"}
        assert all(_is_number(v) and 0.0 <= v <= 1.0 for v in rec["coverage"].values())
        assert isinstance(rec["passages"], list)
        for p in rec["passages"]:
            assert {"a", "b", "kind", "similarity"} <= set(p)
            assert p["kind"] in ("verbatim", "edited", "paraphrase")
            assert _is_number(p["similarity"]) and 0.0 <= p["similarity"] <= 1.0
            for side in ("a", "b"):
                span = p[side]
                assert isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
                assert 0 <= span[0] < span[1] <= len(result.texts[rec[side]])
        assert isinstance(rec["changes"], list)
        for change in rec["changes"]:
            assert isinstance(change, list) and len(change) == 2 and all(isinstance(w, str) for w in change)
    by_key = {frozenset((r["a"], r["b"])): r for r in pairs}
    near = by_key[frozenset(("gazette-flood", "copycat-flood"))]
    assert near["source"] == "gazette-flood"  # published first
    assert near["passages"] and near["passages"][0]["kind"] == "verbatim"
    spun = by_key[frozenset(("gazette-flood", "spinner-flood"))]
    assert spun["source"] == "gazette-flood"
    assert spun["changes"], "a spun copy should list word substitutions"


def test_passage_offsets_index_the_cleaned_texts(result, out):
    _, pairs, _ = read_outputs(out)
    for rec in pairs:
        for p in rec["passages"]:
            if p["kind"] == "verbatim":
                a0, a1 = p["a"]
                b0, b1 = p["b"]
                assert result.texts[rec["a"]][a0:a1] == result.texts[rec["b"]][b0:b1]


def test_stories_contract(out):
    _, pairs, stories = read_outputs(out)
    assert len(stories) == 1
    for rec in stories:
        assert {"story", "members", "original", "edges"} <= set(rec)
        assert isinstance(rec["story"], str) and rec["story"]
        assert isinstance(rec["members"], list) and len(rec["members"]) >= 2
        assert len(set(rec["members"])) == len(rec["members"]) and set(rec["members"]) <= set(IDS)
        assert rec["original"] is None or rec["original"] in rec["members"]
        assert isinstance(rec["edges"], list)
        targets = []
        for e in rec["edges"]:
            assert set(e) >= {"from", "to", "relation"}
            assert e["from"] in rec["members"] and e["to"] in rec["members"]
            assert e["relation"] in RELATIONS
            targets.append(e["to"])
        assert len(targets) == len(set(targets))  # a tree or forest: one parent each
        assert rec["original"] not in targets
    story = stories[0]
    assert set(story["members"]) == {"gazette-flood", "copycat-flood", "spinner-flood"}
    assert story["original"] == "gazette-flood"
    assert len({s["story"] for s in stories}) == len(stories)


def test_run_json(result, out):
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["schema"] == SCHEMA_VERSION
    assert run["command"] == "copytrace scan invented.jsonl"
    assert run["counts"]["articles"] == len(ARTICLES)
    assert run["counts"]["pairs"] == len(result.pairs)
    assert run["problems"] == []


def test_report_escapes_markup_from_articles(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "copycat-flood" in page and "gazette-flood" in page
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Readers wrote in:" in page  # the text with the markup is shown, escaped


def test_no_report_when_asked(result, tmp_path):
    write_outputs(tmp_path, result, report=False)
    assert not (tmp_path / "report.html").exists()
    assert all((tmp_path / name).is_file() for name in FILES)


def test_empty_scan_writes_empty_files(tmp_path):
    write_outputs(tmp_path / "new" / "folder", scan_articles([]))
    articles, pairs, stories = read_outputs(tmp_path / "new" / "folder")
    assert articles == pairs == stories == []
    assert (tmp_path / "new" / "folder" / "report.html").is_file()


def test_jsonl_keeps_non_ascii_text(tmp_path):
    rows = [{"id": "zoë", "title": "Café “Brönte” 🏛️"}, {"id": "b", "n": 1}]
    assert write_jsonl(tmp_path / "x.jsonl", rows) == 2
    raw = (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    assert "Café “Brönte” 🏛️" in raw  # written as text, not \\u escapes
    assert read_jsonl(tmp_path / "x.jsonl") == rows
