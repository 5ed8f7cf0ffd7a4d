"""The align stage: sentence alignment of candidate pairs, with passages and word changes."""

from .aligner import (
    EDITED_THRESHOLD,
    LONG_RUN_WORDS,
    MATCH_THRESHOLD,
    Alignment,
    SemanticMatch,
    align,
    passage_cover,
    passages,
    run_passages,
    similarity_matrix,
    verbatim_runs,
)
from .diff import WordOp, substitutions, word_ops
from .sentences import SentenceTable, build_tables
from .similarity import sentence_similarity, text_similarity

__all__ = [
    "EDITED_THRESHOLD",
    "LONG_RUN_WORDS",
    "MATCH_THRESHOLD",
    "Alignment",
    "SemanticMatch",
    "SentenceTable",
    "WordOp",
    "align",
    "build_tables",
    "passage_cover",
    "passages",
    "run_passages",
    "sentence_similarity",
    "similarity_matrix",
    "substitutions",
    "text_similarity",
    "verbatim_runs",
    "word_ops",
]
