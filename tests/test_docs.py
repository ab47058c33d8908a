"""Tested docs: every command and option has help and appears in the README, and the README's
Python examples run as written (sqlite-utils' test_docs)."""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = ["extract", "eval"]
EXAMPLES = re.findall(r"^```pycon\n(.*?)^```$", README, re.M | re.S)


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_command_has_help_and_is_in_readme(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    assert f"python -m pipeline {command}" in README


@pytest.mark.parametrize(
    "option",
    [
        "-a/--all-speakers",
        "-s/--speakers",
        "-w/--workers",
        "-o/--out",
        "-q/--quiet",
        "--version",
        "--install-completion",
        "--clusters",
        "--errors",
        "--xlsx",
        "--report",
        "--no-cache",
        "--engine",
        "--scheduler",
        "--semantic",
    ],
)
def test_docs_options_are_in_readme(option: str) -> None:
    assert option in README


def test_docs_readme_opens_with_the_two_commands() -> None:
    head = README[:600]
    assert "make extract" in head and "make test" in head


def test_docs_readme_names_the_console_script_and_every_input_type() -> None:
    assert "claims extract" in README and "python -m pipeline" in README
    for name in (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".jsonl", "-"):
        assert f"`{name}`" in README
    for field in ("maintext", "date_publish", "hostname", "sitename", "filename"):
        assert f"`{field}`" in README  # the JSONL fields ingest.jsonl reads


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.splitlines()[0])
def test_docs_readme_python_examples_run(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.chdir(tmp_path)  # the examples read data/raw and write data/out here
    test = doctest.DocTestParser().get_doctest(example, {}, "README.md", "README.md", 0)
    failures: list[str] = []
    doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test, out=failures.append)
    assert not failures, "".join(failures)


def test_docs_readme_has_a_python_example() -> None:
    assert any("extract_text(" in e and "extract(" in e for e in EXAMPLES)
