"""copytrace: find who copied whom in a pile of news articles.

>>> import copytrace
>>> result = copytrace.scan(["articles/"])          # stories, typed pairs, originals
>>> comparison = copytrace.compare(article_a, article_b)
"""

from .pipeline import Comparison, ScanResult, compare, scan, scan_articles
from .records import RELATIONS, Article, CleanArticle, Edge, Pair, Passage, Problem, Story

__version__ = "0.1.0"

__all__ = [
    "RELATIONS",
    "Article",
    "CleanArticle",
    "Comparison",
    "Edge",
    "Pair",
    "Passage",
    "Problem",
    "ScanResult",
    "Story",
    "compare",
    "scan",
    "scan_articles",
]
