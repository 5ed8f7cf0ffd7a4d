"""Tests for the ``copytrace`` command line: ``scan`` and ``compare``, through
``click.testing.CliRunner`` and as a real process, with good and bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from copytrace.cli import EXIT_SKIPPED, cli
from copytrace.store import read_outputs
from texts import SOURCE, SPUN, UNRELATED

NEAR_COPY = SOURCE[:3] + SOURCE[4:] + ["This article was updated on Wednesday with comment from the council."]

FOUR_FILES = ("articles.jsonl", "pairs.jsonl", "stories.jsonl", "report.html")


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps stderr apart


def run(*args: str):
    result = runner().invoke(cli, [str(a) for a in args])
    # Only a clean exit (or sys.exit with a code) is acceptable, never an escaped exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


# --- scan --------------------------------------------------------------------------


def test_scan_example_writes_the_four_files(tmp_path):
    out = tmp_path / "out"
    result = run("scan", "--example", "--out", out)
    assert result.exit_code == 0, result.stderr
    for name in FOUR_FILES:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    articles, pairs, stories = read_outputs(out)
    assert len(articles) == 8
    assert pairs and stories
    # The summary goes to stderr, and names the counts.
    assert re.search(r"8 articles, \d+ stories, \d+ pairs", result.stderr)
    assert "Traceback" not in result.output + result.stderr


def test_scan_quiet_and_no_report(tmp_path):
    out = tmp_path / "out"
    result = run("scan", "--example", "--out", out, "--quiet", "--no-report")
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""
    assert not (out / "report.html").exists()
    assert (out / "pairs.jsonl").is_file()


def test_scan_without_input_is_a_usage_error(tmp_path):
    result = run("scan", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "INPUT" in result.stderr
    assert not (tmp_path / "out").exists()


def test_scan_missing_path_is_skipped_not_a_crash(tmp_path):
    missing = tmp_path / "nowhere.jsonl"
    result = run("scan", missing, "--out", tmp_path / "out", "-q")
    assert result.exit_code == EXIT_SKIPPED == 3
    assert str(missing) in result.stderr
    assert read_outputs(tmp_path / "out") == ([], [], [])


# --- compare -----------------------------------------------------------------------


def test_compare_two_files(tmp_path):
    (tmp_path / "library.txt").write_text(text(SOURCE), encoding="utf-8")
    (tmp_path / "spinner.txt").write_text(text(SPUN), encoding="utf-8")
    result = run("compare", tmp_path / "library.txt", tmp_path / "spinner.txt", "--width", "120")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert re.search(r"^relation:\s+spun \(score [01]\.\d\d\)$", out, re.M), out
    assert re.search(r"^direction:\s+\S", out, re.M)
    assert re.search(r"^coverage:\s+\d+% of library, \d+% of spinner$", out, re.M)
    assert re.search(r"^changes:\s+.+ -> .+", out, re.M)
    headers = re.findall(r"^\[(\d+)\] (verbatim|edited|paraphrase) [01]\.\d\d$", out, re.M)
    assert headers and headers[0][0] == "1"
    # Passages are printed side by side: source words left, spun words right.
    assert re.search(r"^Heavy rain flooded .*\| Torrential rain inundated", out, re.M)


def test_compare_unrelated_files(tmp_path):
    (tmp_path / "library.txt").write_text(text(SOURCE), encoding="utf-8")
    (tmp_path / "cheese.txt").write_text(text(UNRELATED), encoding="utf-8")
    result = run("compare", tmp_path / "library.txt", tmp_path / "cheese.txt")
    assert result.exit_code == 0
    assert "unrelated" in result.stdout
    assert "relation:" not in result.stdout


def test_compare_file_with_several_articles_is_a_usage_error(tmp_path):
    corpus = _corpus(tmp_path)
    (tmp_path / "library.txt").write_text(text(SOURCE), encoding="utf-8")
    result = run("compare", corpus, tmp_path / "library.txt")
    assert result.exit_code == 2
    assert "--corpus" in result.stderr


def _corpus(tmp_path: Path) -> Path:
    rows = [
        {"id": "gazette", "text": text(SOURCE), "site": "glenmoorgazette.example",
         "published": "2026-04-05T07:00:00+00:00"},
        {"id": "cheese", "text": text(UNRELATED), "site": "dunwickdaily.example"},
        {"id": "copycat", "text": text(NEAR_COPY), "site": "copycat.example",
         "published": "2026-04-05T12:00:00+00:00"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_compare_ids_in_a_corpus(tmp_path):
    corpus = _corpus(tmp_path)
    result = run("compare", "--corpus", corpus, "copycat", "gazette", "--width", "100")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert re.search(r"^relation:\s+near_copy ", out, re.M), out
    # The later, copying article is b here; direction still points from the source.
    assert re.search(r"^direction: gazette -> copycat\s+\(from [^)]*published", out, re.M), out
    assert re.search(r"^coverage:\s+\d+% of copycat, \d+% of gazette$", out, re.M)
    assert re.search(r"^\[1\] verbatim 1\.00$", out, re.M)


def test_compare_corpus_unrelated_and_missing_ids(tmp_path):
    corpus = _corpus(tmp_path)
    result = run("compare", "--corpus", corpus, "gazette", "cheese")
    assert result.exit_code == 0 and "unrelated" in result.stdout
    result = run("compare", "--corpus", corpus, "gazette", "no-such-id")
    assert result.exit_code == 2
    assert "no-such-id" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# --- bad input end to end ----------------------------------------------------------

MAX_CHARS = 5000
FIFTY_MB = 50 * 1024 * 1024


def _bad_folder(root: Path, *, huge: bool) -> tuple[Path, list[str], set[str]]:
    """A folder mixing good and bad records.

    Returns:
        ``(folder, locators, good_ids)``: one locator (file, or file:line) per bad
        record, and the ids that must still be scanned.
    """
    folder = root / "input"
    folder.mkdir()
    (folder / "good.txt").write_text(text(SOURCE), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    # cp1252/latin-1 bytes, not UTF-8: read with a warning, kept.
    (folder / "latin.txt").write_bytes(text(UNRELATED).replace("Dunwick", "Dünwick").encode("latin-1"))
    lines = [
        json.dumps({"id": "j-good", "text": text(NEAR_COPY)}).encode(),  # 1: good
        b'{"id": "j-broken", "text": "no closing quote',  # 2: malformed JSON
        json.dumps({"id": "j-notext", "title": "A title but no text"}).encode(),  # 3: missing text
        json.dumps({"id": "j-good", "text": "Another article that reuses an id."}).encode(),  # 4: duplicate id
        json.dumps({"id": "j-empty", "text": ""}).encode(),  # 5: empty text
        json.dumps({"id": "j-long", "text": "word " * (MAX_CHARS // 2)}).encode(),  # 6: over --max-chars
        '{"id": "j-latin", "text": "Caf\u00e9 owners in Glenmoor counted their losses."}'.encode("latin-1"),  # 7
        json.dumps({"id": "j-good-2", "text": text(SPUN)}).encode(),  # 8: good
    ]
    (folder / "corpus.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    corpus = folder / "corpus.jsonl"
    locators = [f"{folder / 'binary.txt'}", f"{folder / 'empty.txt'}", f"{folder / 'latin.txt'}"]
    locators += [f"{corpus}:{n}" for n in (2, 3, 4, 5, 6, 7)]
    if huge:
        with open(folder / "huge.txt", "w", encoding="utf-8") as fh:
            block = ("lorem ipsum " * 90)[:1023] + "\n"
            for _ in range(FIFTY_MB // 1024):
                fh.write(block)
        assert (folder / "huge.txt").stat().st_size == FIFTY_MB
        locators.append(f"{folder / 'huge.txt'}")
    good = {"good", "latin", "j-good", "j-latin", "j-good-2"}
    return folder, locators, good


def _check_bad_run(code: int, stdout: str, stderr: str, out: Path, locators: list[str],
                   good: set[str]) -> list[str]:
    assert code == EXIT_SKIPPED, stderr
    assert "Traceback" not in stdout and "Traceback" not in stderr
    reports = [line for line in stderr.splitlines() if re.search(r"copytrace: (skipped|warning): ", line)]
    # One line per bad record, each naming its file (and line, for JSONL records).
    assert len(reports) == len(locators), "\n".join(reports)
    for loc in locators:
        hits = [line for line in reports if f" {loc}: " in line]
        assert len(hits) == 1, f"{loc}: {hits}"
    articles, _, _ = read_outputs(out)
    ids = {a["id"] for a in articles}
    assert ids == good
    by_id = {a["id"]: a for a in articles}
    assert by_id["j-good"]["source"].endswith("corpus.jsonl:1")  # the first of the duplicate ids wins
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert len(run_json["problems"]) == len(locators)
    return reports


def _assert_own_lines(reports: list[str]) -> None:
    # Each message is a line of its own (not glued to a progress bar or to another message).
    glued = [line for line in reports if not line.startswith("copytrace: ")]
    assert not glued, f"problem messages that do not start their own line: {glued}"


def test_bad_input_with_cli_runner(tmp_path):
    folder, locators, good = _bad_folder(tmp_path, huge=False)
    out = tmp_path / "out"
    result = run("scan", folder, "--out", out, "--max-chars", str(MAX_CHARS), "-q")
    _assert_own_lines(_check_bad_run(result.exit_code, result.stdout, result.stderr, out, locators, good))


def test_bad_input_in_a_real_process(tmp_path):
    folder, locators, good = _bad_folder(tmp_path, huge=True)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "copytrace.cli", "scan", str(folder), "--out", str(out),
         "--max-chars", str(MAX_CHARS)],
        capture_output=True, text=True, timeout=120,
    )
    reports = _check_bad_run(proc.returncode, proc.stdout, proc.stderr, out, locators, good)
    # The 50 MB file is named with its size and the limit.
    huge_line = next(line for line in proc.stderr.splitlines() if "huge.txt" in line)
    assert f"{FIFTY_MB:,}" in huge_line and f"{MAX_CHARS:,}" in huge_line
    # Not quiet: the summary says how many records were skipped.
    assert re.search(r"\b8 records skipped", proc.stderr)
    for name in FOUR_FILES:
        assert (out / name).is_file(), name
    # With the progress bar on (stderr is not a terminal here, as in a log file), every
    # problem message must still start its own line.
    _assert_own_lines(reports)


def test_real_process_scan_example(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "copytrace.cli", "scan", "--example", "--out", str(out), "-q"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    for name in FOUR_FILES:
        assert (out / name).is_file(), name


@pytest.mark.parametrize("args", [["compare", "only-one"], ["scan"], ["no-such-command"]])
def test_usage_errors_in_a_real_process(tmp_path, args):
    proc = subprocess.run([sys.executable, "-m", "copytrace.cli", *args], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr.strip()
