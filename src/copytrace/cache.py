"""The folder copytrace keeps what it builds once and reuses: ``$COPYTRACE_CACHE``, else
``$XDG_CACHE_HOME/copytrace``, else ``~/.cache/copytrace``."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """The folder copytrace keeps built models in (not created here)."""
    if os.environ.get("COPYTRACE_CACHE"):
        return Path(os.environ["COPYTRACE_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "copytrace"


def write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` through a temporary file moved into place, so that a
    run interrupted midway, or two runs writing at once, never leave half a file. A
    cache that cannot be written (a read-only home) is no error: it is built again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a full disk: no half file left behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
