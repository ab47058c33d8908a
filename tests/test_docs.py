"""Tested docs: every command has help and appears in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = ["extract", "eval"]


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_command_has_help_and_is_in_readme(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    assert f"python -m pipeline {command}" in README


@pytest.mark.parametrize(
    "option",
    [
        "--all-speakers",
        "--speakers",
        "--workers",
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
