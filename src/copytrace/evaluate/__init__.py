"""Evaluation: synthetic corpora with planted copies, and scoring against their truth."""

from copytrace.evaluate.synthetic import generate_corpus, load_truth, score_pairs

__all__ = ["generate_corpus", "load_truth", "score_pairs"]
