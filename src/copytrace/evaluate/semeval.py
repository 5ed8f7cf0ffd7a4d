"""SemEval-2022 Task 8 (multilingual news article similarity), the HFL sample: Pearson
correlation between copytrace's pair similarity and the annotators' Overall score.

The pair similarity is :func:`~copytrace.align.similarity.text_similarity` of the
alignment ``copytrace.compare`` makes (the same cleaning, word weights and sentence
alignment), defined for every pair, whatever relation the classifier reports. Overall
runs from 1 (most similar) to 4 (least), so the correlation is taken with ``-Overall``:
a positive figure means that copytrace's similarity rises with the annotators'.

That definition (the mix of word Jaccard and coverage, over Jaccard or coverage alone,
and compare's uniform word weights over weights learned from the collection) was chosen
on ``training_set.csv``; the figures are on ``testing_set.csv`` without the pair ids
that are also in the training file. With an encoder, the similarity is blended with the
cosine of the two articles' embeddings, the weight tuned on the training file apart for
English pairs and for the rest: the built-in encoders are English models, whose cosine
carries meaning on English text and little on other languages, so one weight for all
would be the mean of two that differ.

The reported relations are checked against the same ratings: of the pairs reported
(any relation, and ``same_story`` alone), the share the annotators rated similar
(Overall 2 or under), beside that share among all test pairs. These are articles of
many outlets, most in other languages than English, so this is where a rule for
``same_story`` meets independent reports of one event (the Reuters and BBC collections
have one outlet each).
"""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

import numpy as np

from .. import pipeline
from ..align import align, build_tables
from ..align.similarity import cosine_rows, text_similarity
from ..records import Article
from ..sketch import Sketcher
from .base import (
    EvalInputError,
    EvalResult,
    Metric,
    data_root,
    dataset_dir,
    load_encoder,
    read_text,
    semantic_options,
)
from .scores import pearson

FOLDER = "semeval2022-task8-hfl-sample"
FIELDS = ("pair_id", "lang1", "lang2", "text1", "text2", "Overall")
BLEND_GRID = np.round(np.linspace(0.0, 1.0, 11), 2)


def load(path: Path) -> list[dict[str, str]]:
    """The rows of one CSV file, each checked for the fields used."""
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader(io.StringIO(read_text(path), newline="")))
    for n, row in enumerate(rows, 2):
        missing = [f for f in FIELDS if not row.get(f)]
        if missing:
            raise EvalInputError(f"{path}:{n}: missing {', '.join(missing)}")
        try:
            float(row["Overall"])
        except ValueError:
            raise EvalInputError(f"{path}:{n}: Overall is not a number: {row['Overall']!r}") from None
    return rows


def _score(rows: list[dict[str, str]], options: dict) -> tuple[np.ndarray, list[str]]:
    """Text similarity and reported relation of each row's pair."""
    sims, relations = [], []
    for row in rows:
        cmp = pipeline.compare(Article(f"{row['pair_id']}/1", row["text1"]),
                               Article(f"{row['pair_id']}/2", row["text2"]), **options)
        ta, tb = build_tables([cmp.a, cmp.b], Sketcher())  # compare's uniform word weights
        sims.append(text_similarity(align(ta, tb)))
        relations.append(cmp.pair.relation if cmp.pair is not None else "none")
    return np.array(sims), relations


def _english(rows: list[dict[str, str]]) -> np.ndarray:
    """Mask of the rows whose two articles are both in English."""
    return np.array([r["lang1"] == "en" and r["lang2"] == "en" for r in rows], dtype=bool)


def _correlations(sim: np.ndarray, rows: list[dict[str, str]]) -> dict[str, float | None]:
    target = -np.array([float(r["Overall"]) for r in rows])
    en = _english(rows)
    return {"en-en": pearson(sim[en], target[en]), "all": pearson(sim, target), "n_en": int(en.sum()), "n": len(rows)}


def tune_blend(sim: np.ndarray, cos: np.ndarray, overall: np.ndarray) -> float:
    """The weight w of the grid that maximises the Pearson correlation of
    ``(1 - w) * sim + w * cos`` with ``-overall`` (0.0 when there is nothing to tune on)."""
    def corr(w: float) -> float:
        r = pearson((1 - w) * sim + w * cos, -overall) if len(sim) > 2 else None
        return -1.0 if r is None else r
    return float(max(BLEND_GRID, key=corr))


class Blend:
    """The text similarity blended with the article cosine, one weight for English pairs
    and one for the rest, each group mapped back to the text similarity's mean and spread
    on the training pairs (a Pearson correlation within a group does not see the map; over
    all pairs it keeps one group's scores from sitting above the other's)."""

    def __init__(self, sim: np.ndarray, cos: np.ndarray, english: np.ndarray, overall: np.ndarray) -> None:
        self.weights, self.scale = [], []
        for group in (english, ~english):
            w = tune_blend(sim[group], cos[group], overall[group])
            mixed = (1 - w) * sim[group] + w * cos[group]
            spread = float(mixed.std()) if group.any() else 0.0
            a = float(sim[group].std()) / spread if spread > 0 else 1.0
            b = float(sim[group].mean()) - a * float(mixed.mean()) if group.any() else 0.0
            self.weights.append(w)
            self.scale.append((a, b))

    def __call__(self, sim: np.ndarray, cos: np.ndarray, english: np.ndarray) -> np.ndarray:
        out = np.empty_like(sim)
        for k, group in enumerate((english, ~english)):
            w, (a, b) = self.weights[k], self.scale[k]
            out[group] = a * ((1 - w) * sim[group] + w * cos[group]) + b
        return out


#: Overall at or under this is "rated similar" (1 very, 2 somewhat similar).
SIMILAR_OVERALL = 2.0


def rated_similar(relations: list[str], overall: np.ndarray) -> list[Metric]:
    """Of the pairs reported (any relation; ``same_story``; every pair), the share whose
    Overall rating is :data:`SIMILAR_OVERALL` or under."""
    rel = np.array(relations, dtype=object)
    similar = overall <= SIMILAR_OVERALL
    out = []
    for name, keep in (("reported, any relation", rel != "none"), ("reported same_story", rel == "same_story"),
                       ("all test pairs", np.ones(len(rel), dtype=bool))):
        n = int(keep.sum())
        out.append(Metric(f"{name} ({n}): rated similar", float(similar[keep].mean()) if n else None))
    return out


def run(data_dir: str | Path | None = None, *, semantic: str = "off") -> EvalResult:
    """Pearson correlation of pair similarity with -Overall, on en-en pairs and on all."""
    started = time.perf_counter()
    folder = dataset_dir(data_root(data_dir), "semeval", FOLDER, ("training_set.csv", "testing_set.csv"))
    options, encoder = semantic_options(semantic), load_encoder(semantic)
    train = load(folder / "training_set.csv")
    seen = {r["pair_id"] for r in train}
    test = [r for r in load(folder / "testing_set.csv") if r["pair_id"] not in seen]
    sim, relations = _score(test, options)
    blend = (0.0, 0.0)  # weight of the cosine on English pairs, on the rest
    if encoder is not None:
        train_sim, _ = _score(train, options)

        def cos(rows: list[dict[str, str]]) -> np.ndarray:
            return cosine_rows(encoder, [r["text1"] for r in rows], [r["text2"] for r in rows])

        mix = Blend(train_sim, cos(train), _english(train), np.array([float(r["Overall"]) for r in train]))
        blend = (mix.weights[0], mix.weights[1])
        sim = mix(sim, cos(test), _english(test))
    got = _correlations(sim, test)
    overall = np.array([float(r["Overall"]) for r in test])
    metrics = [
        Metric(f"Pearson r, en-en pairs ({got['n_en']})", got["en-en"]),
        Metric(f"Pearson r, all pairs ({got['n']})", got["all"]),
        Metric("mean similarity, Overall = 1", float(sim[overall == 1].mean()) if (overall == 1).any() else None),
        Metric("mean similarity, Overall = 4", float(sim[overall == 4].mean()) if (overall == 4).any() else None),
    ]
    if encoder is not None:
        metrics.append(Metric("weight of cosine, en-en pairs (tuned on train)", blend[0]))
        metrics.append(Metric("weight of cosine, other pairs (tuned on train)", blend[1]))
    metrics.extend(rated_similar(relations, overall))
    counts: dict[str, int] = {}
    for r in relations:
        counts[r] = counts.get(r, 0) + 1
    notes = [f"test pairs not in the training file: {len(test)}; correlation with -Overall (1 = most similar)",
             "reported relations: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
    details = {**got, "relations": counts, "blend": {"en-en": blend[0], "other": blend[1]}}
    return EvalResult("semeval", metrics, details, notes, time.perf_counter() - started)
