"""Baseline tools for ``run.py``, each run alone in its own process.

    python benchmarks/baselines.py TOOL CORPUS_DIR OUT_DIR

reads ``CORPUS_DIR/articles.jsonl`` and writes ``OUT_DIR/pairs.tsv`` (one reported
pair per line, ``a<TAB>b``) and ``OUT_DIR/stats.json`` (``timings`` per stage in
seconds, ``params``, ``pairs``). A tool that cannot run here writes
``OUT_DIR/unavailable.txt`` with the reason and exits with status 3.

All MinHash tools use the same text: lowercased ``\\w+`` tokens, the set of word
5-gram shingles, 128 permutations and LSH for Jaccard threshold 0.5. Pairs are found
by querying each document against those inserted before it, which yields the same
candidate pairs as inserting everything and then querying every document, without
keeping every sketch in memory.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NUM_PERM = 128
THRESHOLD = 0.5
NGRAM = 5
UNAVAILABLE = 3  # exit status: the tool cannot run here (reason in unavailable.txt)
_WORD = re.compile(r"\w+")


class Timings(dict):
    """Seconds per stage, accumulated over many short intervals."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - t


def iter_articles(corpus: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of each article, streamed."""
    with open(corpus / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            yield record["id"], record["text"]


def shingles(text: str, n: int = NGRAM) -> list[str]:
    """The distinct word n-grams of a text (the whole text if shorter than n words)."""
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return [" ".join(words)]
    return list({" ".join(words[i:i + n]) for i in range(len(words) - n + 1)})


def batches(corpus: Path, size: int, timings: Timings) -> Iterator[tuple[list[str], list[list[str]]]]:
    """(ids, shingle lists) in batches, timing the reading and shingling."""
    ids: list[str] = []
    docs: list[list[str]] = []
    it = iter_articles(corpus)
    while True:
        with timings.stage("read_shingle"):
            for aid, text in it:
                ids.append(aid)
                docs.append(shingles(text))
                if len(ids) == size:
                    break
        if not ids:
            return
        yield ids, docs
        ids, docs = [], []


# --------------------------------------------------------------------------- tools


def run_floor(corpus: Path, out: Path) -> dict:
    """The floor every tool pays: stream, decode, lowercase and tokenise."""
    timings = Timings()
    n_tokens = n_docs = 0
    with timings.stage("read_tokenise"):
        for _, text in iter_articles(corpus):
            n_tokens += len(_WORD.findall(text.lower()))
            n_docs += 1
    (out / "pairs.tsv").write_text("")
    return {"timings": timings, "params": {}, "pairs": 0, "articles": n_docs, "tokens": n_tokens}


def run_datasketch(corpus: Path, out: Path, hashfunc: Callable[[bytes], int] | None = None) -> dict:
    """datasketch MinHash (``update_batch``) and MinHashLSH, one document at a time."""
    from datasketch import MinHash, MinHashLSH

    timings = Timings()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    # Copying a template reuses its permutations (as MinHash.bulk does) instead of
    # drawing them again for every document.
    template = MinHash(num_perm=NUM_PERM, hashfunc=hashfunc) if hashfunc else MinHash(num_perm=NUM_PERM)
    ids: list[str] = []
    n_pairs = 0
    with open(out / "pairs.tsv", "w", encoding="utf-8") as f:
        for batch_ids, docs in batches(corpus, 256, timings):
            for aid, doc in zip(batch_ids, docs):
                with timings.stage("sketch"):
                    m = template.copy()
                    m.update_batch([s.encode("utf-8") for s in doc])
                with timings.stage("lsh"):
                    key = len(ids)
                    found = lsh.query(m)
                    lsh.insert(key, m)
                ids.append(aid)
                for other in found:
                    f.write(f"{ids[other]}\t{aid}\n")
                n_pairs += len(found)
    b, r = lsh.b, lsh.r
    params = {"num_perm": NUM_PERM, "threshold": THRESHOLD, "bands": b, "rows": r, "ngram": NGRAM,
              "hashfunc": "xxh32" if hashfunc else "sha1_hash32"}
    return {"timings": timings, "params": params, "pairs": n_pairs, "articles": len(ids)}


def run_datasketch_xxhash(corpus: Path, out: Path) -> dict:
    """As ``run_datasketch`` with xxhash's 32-bit hash instead of SHA-1."""
    import xxhash

    return run_datasketch(corpus, out, hashfunc=xxhash.xxh32_intdigest)


def run_rensa(corpus: Path, out: Path) -> dict:
    """rensa's batch path: ``RMinHash.from_token_sets`` per batch, ``RMinHashLSH`` bulk insert and query.

    rensa needs the band count to divide ``num_perm``; 32 bands of 4 rows (S-curve
    threshold (1/32)^(1/4) = 0.42) is the divisor pair closest to datasketch's 25x5
    for 0.5. Candidates are reported unverified, as datasketch's are.
    """
    from rensa import RMinHash, RMinHashLSH

    bands = 32
    timings = Timings()
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=bands)
    ids: list[str] = []
    n_pairs = 0
    with open(out / "pairs.tsv", "w", encoding="utf-8") as f:
        for batch_ids, docs in batches(corpus, 1024, timings):
            start = len(ids)
            ids.extend(batch_ids)
            with timings.stage("sketch"):
                minhashes = RMinHash.from_token_sets(docs, num_perm=NUM_PERM, seed=42)
            with timings.stage("lsh"):
                lsh.insert_pairs(list(zip(range(start, start + len(docs)), minhashes)))
                found = lsh.query_all(minhashes)
            for key, cands in enumerate(found, start):
                for other in cands:
                    if other < key:  # each pair once: the later document reports it
                        f.write(f"{ids[other]}\t{ids[key]}\n")
                        n_pairs += 1
    params = {"num_perm": NUM_PERM, "threshold": THRESHOLD, "bands": bands, "rows": NUM_PERM // bands,
              "ngram": NGRAM, "api": "RMinHash.from_token_sets + RMinHashLSH.insert_pairs/query_all"}
    return {"timings": timings, "params": params, "pairs": n_pairs, "articles": len(ids)}


def run_text_dedup(corpus: Path, out: Path) -> dict:
    """text-dedup's MinHash command (HF datasets, one process), pairs from its clusters.

    text-dedup outputs clusters (union-find over LSH buckets), not pairs; every pair
    within a cluster is reported (a star around the root for clusters over 200).
    """
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["HF_DATASETS_CACHE"] = str(out / "hf-cache")
    try:
        import text_dedup.minhash as td
    except Exception as exc:  # an install that imports but breaks is "unavailable" too
        raise _Unavailable(f"text-dedup does not import: {exc!r}") from exc

    timings = Timings()
    args = ["--path", "json", "--data_files", str(corpus / "articles.jsonl"), "--split", "train",
            "--cache_dir", str(out / "hf-cache"), "--output", str(out / "dedup"), "--column", "text",
            "--num_perm", str(NUM_PERM), "--threshold", str(THRESHOLD), "--ngram", str(NGRAM),
            "--num_proc", "1"]
    with timings.stage("text_dedup"):
        td.main.main(args, standalone_mode=False)
    with timings.stage("pairs"):
        ids = [aid for aid, _ in iter_articles(corpus)]
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(ids)):
            clusters[td.uf.find(i)].append(i)
        n_pairs = _write_cluster_pairs(out / "pairs.tsv", ids, clusters.values())
    params = {"num_perm": NUM_PERM, "threshold": THRESHOLD, "ngram": NGRAM, "num_proc": 1,
              "hash_func": "sha1", "pairs_from": "clusters"}
    return {"timings": timings, "params": params, "pairs": n_pairs, "articles": len(ids)}


def _write_cluster_pairs(path: Path, ids: list[str], clusters: Iterator[list[int]] | object) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for members in clusters:
            if len(members) < 2:
                continue
            if len(members) > 200:
                pairs = ((members[0], m) for m in members[1:])
            else:
                pairs = ((x, y) for i, x in enumerate(members) for y in members[i + 1:])
            for x, y in pairs:
                f.write(f"{ids[x]}\t{ids[y]}\n")
                n += 1
    return n


class _Unavailable(Exception):
    """The tool cannot run in this environment."""


TOOLS: dict[str, Callable[[Path, Path], dict]] = {
    "floor": run_floor,
    "datasketch": run_datasketch,
    "datasketch-xxhash": run_datasketch_xxhash,
    "rensa": run_rensa,
    "text-dedup": run_text_dedup,
}


def main(argv: list[str]) -> int:
    """Run one tool: ``TOOL CORPUS_DIR OUT_DIR``."""
    if len(argv) != 3 or argv[0] not in TOOLS:
        print(f"usage: baselines.py {{{','.join(TOOLS)}}} CORPUS_DIR OUT_DIR", file=sys.stderr)
        return 2
    tool, corpus, out = argv[0], Path(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    try:
        stats = TOOLS[tool](corpus, out)
    except (ImportError, _Unavailable) as exc:
        (out / "unavailable.txt").write_text(f"{type(exc).__name__}: {exc}")
        return UNAVAILABLE
    stats["timings"] = {k: round(v, 3) for k, v in stats["timings"].items()}
    (out / "stats.json").write_text(json.dumps(stats) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
