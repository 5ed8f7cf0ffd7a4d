"""Measures behind the rules, for their thresholds to be checked again: the newsroom
families scored against their labels, the spun copy's word order
(``Alignment.word_order``, ``Thresholds.spun_word_order``) and the semantic extra's
corpus floor (``copytrace.semantic.chance_floors``).

    python benchmarks/rule_measures.py families [--semantic off|static|transformer]
    python benchmarks/rule_measures.py word-order [--synthetic]
    python benchmarks/rule_measures.py floor [--encoder static|transformer] [--reuters-bbc]

``families`` scans tests/data/newsroom and newsroom-pages together and counts the labels
it gets right (the relation, or one the label's ``acceptable`` allows, and for a copy
with a source the source), lists the others, and counts pairs across two stories (the
ids' prefix names the story).

``word-order`` scans the newsroom families (tests/data/newsroom and newsroom-pages) and
the bundled example, and with ``--synthetic`` the 10,000-article corpus of ``run.py``,
and prints, for every labelled spun and rewrite pair compared, the word order of its
alignment: its range and quantiles per label. ``floor`` prints the corpus floor's two
readings (the plain quantile of random pairs' cosines and the normal law's, see
``corpus_calibration``) for the newsroom families, all of them and those in English,
the synthetic corpus, and with ``--reuters-bbc`` the shared Reuters+BBC collection.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEWSROOM = [ROOT / "tests" / "data" / "newsroom", ROOT / "tests" / "data" / "newsroom-pages"]
SYNTHETIC = HERE / "corpus" / "n10000-seed0-share0.3"
SHARED = ROOT.parent / "shared" / "data"


def _labels(path: Path, a: str = "a", b: str = "b") -> dict[frozenset, str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {frozenset((r[a], r[b])): r["relation"] for r in rows if r["relation"] in ("spun", "rewrite")}


def families(semantic: str) -> None:
    from copytrace.pipeline import scan

    labels = [json.loads(line) for folder in NEWSROOM
              for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    result = scan([NEWSROOM[0] / "articles.jsonl", NEWSROOM[1] / "pages"], semantic=semantic, quiet=True)
    pairs = {frozenset((p.a, p.b)): p for p in result.pairs}
    right = 0
    for want in labels:
        got = pairs.get(frozenset((want["a"], want["b"])))
        relation = got.relation if got is not None else "none"
        ok = relation in [want["relation"], *want.get("acceptable", [])] and (
            want["source"] is None or (got is not None and got.source == want["source"]))
        right += ok
        if not ok:
            print(f"  {want['a']} ~ {want['b']}: labelled {want['relation']}, found {relation}")
    across = [sorted(key) for key in pairs if len({member.split("-")[0] for member in key}) > 1]
    print(f"semantic {semantic}: {right} of {len(labels)} labels right; {len(across)} pairs across two stories")


def word_order(synthetic: bool) -> None:
    import copytrace.pipeline as pipeline
    from copytrace.examples import example_path, expected_path

    corpora = [([NEWSROOM[0] / "articles.jsonl", NEWSROOM[1] / "pages"],
                {**_labels(NEWSROOM[0] / "labels.jsonl"), **_labels(NEWSROOM[1] / "labels.jsonl")}, "newsroom")]
    expected = json.loads(expected_path().read_text(encoding="utf-8"))["pairs"]
    corpora.append(([example_path()], {frozenset((p["a"], p["b"])): p["relation"] for p in expected
                                       if p["relation"] in ("spun", "rewrite")}, "example"))
    if synthetic:
        if not (SYNTHETIC / "truth.jsonl").exists():
            print(f"skipped the synthetic corpus: {SYNTHETIC} is missing (python benchmarks/run.py --sizes 10000)")
        else:
            corpora.append(([SYNTHETIC / "articles.jsonl"], _labels(SYNTHETIC / "truth.jsonl"), "synthetic"))
    compare = pipeline.compare_prepared
    for inputs, labels, name in corpora:
        found: dict[str, list[float]] = {"spun": [], "rewrite": []}

        def measured(a, b, ta, tb, _labels=labels, _found=found, **kw):
            relation = _labels.get(frozenset((a.id, b.id)))
            if relation is not None and ta is not None and tb is not None:
                _found[relation].append(pipeline.align(ta, tb).word_order)
            return compare(a, b, ta, tb, **kw)

        pipeline.compare_prepared = measured
        try:
            pipeline.scan(inputs, quiet=True, workers=1)  # the measures are kept in this process
        finally:
            pipeline.compare_prepared = compare
        for relation, values in found.items():
            if values:
                v = np.array(values)
                print(f"{name}: labelled {relation} ({len(v)} pairs compared): word order "
                      f"{v.min():.3f}-{v.max():.3f}, 5% {np.quantile(v, 0.05):.3f}, median {np.median(v):.3f}")


def floor(encoder_name: str, reuters_bbc: bool) -> int:
    from copytrace.clean.language import detect_languages
    from copytrace.semantic import SemanticUnavailable, article_vectors, chance_floors, get_encoder

    try:
        encoder = get_encoder(encoder_name)
    except SemanticUnavailable as exc:
        print(f"skipped: {exc}")
        return 0
    newsroom = [json.loads(line) for line in (NEWSROOM[0] / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [r["text"] for r in newsroom]
    corpora = {"newsroom families (JSONL)": texts}
    languages = detect_languages(texts)
    corpora["newsroom families in English"] = [t for t, lang in zip(texts, languages) if lang == "en"]
    if (SYNTHETIC / "articles.jsonl").exists():
        with (SYNTHETIC / "articles.jsonl").open() as f:
            corpora["synthetic 10k"] = [json.loads(line)["text"] for line in f]
    if reuters_bbc:
        if SHARED.is_dir():
            from copytrace.evaluate.datasets import bbc, reuters

            corpora["Reuters+BBC"] = ([a.text for a in reuters(SHARED / "reuters-21578")]
                                      + [a.text for a in bbc(SHARED / "bbc-news-2225")])
        else:
            print(f"skipped Reuters+BBC: {SHARED} is missing")
    print(f"{encoder.name}: calibration {encoder.calibration}")
    for name, corpus in corpora.items():
        plain, normal = chance_floors(article_vectors(encoder, corpus))
        print(f"{name} ({len(corpus)} articles): 0.99 quantile {plain:.3f}, normal law {normal:.3f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="measure", required=True)
    fam = sub.add_parser("families")
    fam.add_argument("--semantic", default="off", choices=("off", "static", "transformer"))
    wo = sub.add_parser("word-order")
    wo.add_argument("--synthetic", action="store_true")
    fl = sub.add_parser("floor")
    fl.add_argument("--encoder", default="static", choices=("static", "transformer"))
    fl.add_argument("--reuters-bbc", action="store_true")
    args = ap.parse_args()
    if args.measure == "families":
        families(args.semantic)
        return 0
    if args.measure == "word-order":
        word_order(args.synthetic)
        return 0
    return floor(args.encoder, args.reuters_bbc)


if __name__ == "__main__":
    sys.exit(main())
