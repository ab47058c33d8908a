"""Errors the stages raise, each with the one-line message the CLI prints."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Base of the errors a user can act on; ``str(err)`` is the message to print."""


class IngestError(PipelineError):
    """One input file cannot be read; it is skipped and the run goes on."""


class InputMissing(PipelineError):
    """INPUT is not there: nothing to do (a usage error)."""

    def __init__(self, path: Path) -> None:
        problem = "is not a folder or a .jsonl file" if path.exists() else "not found"
        super().__init__(f"input {problem}: {path} (give a folder of articles or a .jsonl file)")


class NothingRead(PipelineError):
    """Every input was skipped, or there were none."""

    def __init__(self, path: Path, skipped: int) -> None:
        detail = f"all {skipped} files were skipped" if skipped else "no .txt, .md, .html files"
        super().__init__(f"no article could be read from {path}: {detail}")
