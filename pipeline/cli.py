"""The command line: thin Typer commands over plain functions (``python -m pipeline``).

Each command checks its inputs, overrides the fields of the default ``Settings`` it was given
and calls the plain function; a ``PipelineError`` becomes one line on stderr and its exit code.
A command line the parser refuses (an unknown option, a bad value, a missing argument) is one
line too, with exit code 2 (``Commands``). The heavy modules (spaCy, pandas, torch...) are
imported inside the commands, so that ``--help`` is instant.
"""

from __future__ import annotations

import dataclasses
import sys
import traceback
from collections.abc import Callable, Sequence
from enum import StrEnum
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from pipeline.errors import (
    BadUsage,
    GoldMissing,
    InputMissing,
    InternalError,
    Interrupted,
    PipelineError,
    error_line,
)
from pipeline.settings import Settings

DEFAULTS = Settings(input=Path())
OUTPUTS = ("claims.csv", "mentions.csv", "speakers.csv", "articles.csv", "clean/", "skipped.csv")
LOG_NAME = "claims-error.log"  # where an internal error's traceback goes, in OUT
T = TypeVar("T")


class Engine(StrEnum):
    """Where the per-article stages run."""

    local = "local"
    dask = "dask"


STDIN = Path("-")  # INPUT ``-``: a JSONL corpus on standard input (as ingest.STDIN, unimported)
INPUT_HELP = (
    "A folder of .txt, .md, .html, .htm, .docx and .pdf articles (searched recursively; any "
    'other file is listed in skipped.csv), a .jsonl corpus (one {"id", "text"} object a line; '
    "trafilatura's and news-please's fields are read too), or - to read JSONL from standard "
    "input."
)


class Commands(TyperGroup):
    """The app's commands; a usage error is one line on stderr (``error: ...``), exit code 2,
    instead of Click's usage block."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """No arguments at all: print the help and stop (not while completing a word)."""
        if not args and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            raise typer.Exit()
        return super().parse_args(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line as Click does, but print a usage error as one line."""
        try:
            code = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )  # not standalone: the errors come here
        except typer.TyperException as err:  # Click's usage errors are TyperExceptions
            if not standalone_mode:
                raise
            typer.echo(usage_line(err), err=True)
            sys.exit(err.exit_code)
        if standalone_mode:
            sys.exit(code if isinstance(code, int) else 0)
        return code


def usage_line(err: typer.TyperException) -> str:
    """The one line for a command line the parser refused, naming the command's help."""
    ctx = getattr(err, "ctx", None)  # a usage error knows its command
    return error_line(BadUsage(err.format_message(), ctx.command_path if ctx else ""))


app = typer.Typer(
    cls=Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def show_version(asked: bool) -> None:
    """Print the package's version (from its installed metadata) and stop."""
    if asked:
        typer.echo(f"claims {version('claim-pipeline')}")
        raise typer.Exit()


@app.callback()
def commands(
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Find quotes and reported speech in news articles, attribute them, group them into
    claims, and write CSV files."""


def unset(help: str) -> Any:
    """An option that is None unless given (no default to show)."""
    return typer.Option(help=help, show_default=False)


Semantic = Annotated[
    bool,
    typer.Option(
        "--semantic",
        help="Also join paraphrases and translation variants by the same speaker (sentence "
        "embeddings; needs the semantic extra).",
    ),
]


def fail(err: PipelineError) -> typer.Exit:
    """Print the error as one clear line on stderr; return the Exit to raise, with the
    error's exit code."""
    typer.echo(error_line(err), err=True)
    return typer.Exit(err.exit_code)


def guarded(work: Callable[[], T], log_folder: Path | None = None) -> T:
    """Run a command's work so that nothing but one line reaches the console: a
    ``PipelineError`` is its message and exit code, Ctrl-C exits 130, and any other error
    (a bug) exits 3, its traceback written to ``claims-error.log`` in ``log_folder``."""
    try:
        return work()
    except PipelineError as err:
        raise fail(err) from None
    except KeyboardInterrupt:
        raise fail(Interrupted()) from None
    except Exception as err:
        raise fail(InternalError(err, write_log(log_folder))) from None


def write_log(folder: Path | None) -> Path | None:
    """Write the traceback being handled to ``folder/claims-error.log``; None if it cannot."""
    if folder is None:
        return None
    log = folder / LOG_NAME
    try:
        log.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        return None
    return log


@app.command()
def extract(
    input: Annotated[Path, typer.Argument(metavar="INPUT", help=INPUT_HELP, show_default=False)],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", file_okay=False, help="Folder for the outputs (made if need be)."
        ),
    ] = DEFAULTS.out,
    all_speakers: Annotated[
        bool,
        typer.Option(
            "--all-speakers", "-a", help="List claims of every speaker, not only the registry's."
        ),
    ] = DEFAULTS.all_speakers,
    speakers: Annotated[
        Path | None,
        typer.Option(
            "--speakers",
            "-s",
            help="A speaker registry (TOML) that replaces the default one.",
            show_default=False,
        ),
    ] = DEFAULTS.speakers,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes for the per-article stages (clean, parse, quotes, attribution).",
        ),
    ] = DEFAULTS.workers,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Also write claims.xlsx (claims and mentions sheets).")
    ] = False,
    report: Annotated[
        bool,
        typer.Option("--report", help="Also write report.html: one page to read the claims in."),
    ] = False,
    semantic: Semantic = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Parse every article again; neither read nor write OUT/.cache."
        ),
    ] = False,
    engine: Annotated[
        Engine,
        typer.Option(help="Where the per-article stages and clustering run: here, or on Dask."),
    ] = Engine.local,
    scheduler: Annotated[
        str | None, unset("Dask scheduler address (tcp://host:8786); none starts a local cluster.")
    ] = DEFAULTS.scheduler,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract quotes and claims from INPUT into OUT (mentions.csv, claims.csv, clean/...).

    Give - as INPUT to read a JSONL corpus from standard input:

    \b
        cat corpus.jsonl | claims extract - -o out
    """
    if input != STDIN and not input.exists():
        raise fail(InputMissing(input))  # before any model or worker is loaded
    if workers > 1 and engine is Engine.local:
        from pipeline.run.local import start_server

        start_server()  # the workers' server imports spaCy and the model while this does
    from pipeline.run import run_extract  # imported here so --help stays fast

    settings = dataclasses.replace(
        DEFAULTS,
        input=input,
        out=out,
        all_speakers=all_speakers,
        speakers=speakers,
        workers=workers,
        progress=not quiet,
        cache=not no_cache,
        xlsx=xlsx,
        report=report,
        engine=engine.value,
        scheduler=scheduler,
        cluster=dataclasses.replace(DEFAULTS.cluster, semantic=semantic),
    )
    summary = guarded(lambda: run_extract(settings), out)
    typer.echo(summary.line(), err=True)
    if summary.hint:
        typer.echo(summary.hint, err=True)
    for name in summary.removed:
        typer.echo(f"  removed {out / name}: this run did not write it", err=True)
    extras = [name for name, on in (("claims.xlsx", xlsx), ("report.html", report)) if on]
    for name in (*OUTPUTS, *extras):
        typer.echo(f"  {out / name}", err=True)


@app.command("eval")
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold JSONL files (see DESIGN.md, 'How accuracy is measured').", show_default=False
        ),
    ],
    clusters: Annotated[
        Path | None, unset("Gold cross-source clusters (JSONL) over the quote ids of GOLD.")
    ] = None,
    semantic: Semantic = False,
    errors: Annotated[
        Path | None, unset("Write every missed and every false quote to this CSV.")
    ] = None,
) -> None:
    """Run the pipeline on gold documents and print quote, speaker, cluster, boilerplate scores."""
    from pipeline.evaluate import evaluate_file, format_table, write_errors

    missing = [p for p in [*gold, *([clusters] if clusters else [])] if not p.is_file()]
    if missing:
        raise fail(GoldMissing(missing[0]))
    reports = guarded(lambda: [evaluate_file(p, clusters, semantic) for p in gold])
    if errors is not None:
        write_errors(errors, reports)
    typer.echo(format_table(reports))


@app.command("speakers")
def speakers(
    table: Annotated[
        Path,
        typer.Argument(
            metavar="TABLE",
            help="A speakers.csv that extract wrote (OUT/speakers.csv).",
            show_default=False,
        ),
    ],
    top: Annotated[int, typer.Option(min=1, help="How many of the most quoted to keep.")] = 20,
) -> None:
    """Print a speaker registry (TOML) of the most quoted people and organisations of a run,
    with the names, roles and gender the articles give them: save it and pass it back with
    --speakers FILE."""
    from pipeline.identify.grow import grown_registry

    typer.echo(guarded(lambda: grown_registry(table, top)), nl=False)
