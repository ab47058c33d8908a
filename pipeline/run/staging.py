"""The output folder: a run's outputs staged beside it, then moved into place in a few renames.

Every output is written under ``OUT/.staging`` and moved over the previous run's at the end,
so a run that dies midway leaves the previous outputs as they were; the next run tidies up
after it (``recover``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from pipeline.outputs.atomic import temporary_names, write_text
from pipeline.run.step import Texts

STAGING = ".staging"
TEXT_DIRS = ("clean", "text")


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """The folder to stage this run's outputs in (under ``out``, tidied first); removed when
    the run ends, after ``swap_in`` has moved its outputs into place or not."""
    recover(out)
    folder = out / STAGING
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_texts(folder: Path, source: str, texts: Texts) -> None:
    """Write an article's texts under ``folder``: ``clean/<name>`` and ``text/<name>``."""
    name = output_name(source)
    write_text(folder / "clean" / name, texts.clean)
    if texts.decoded is not None:
        write_text(folder / "text" / name, texts.decoded)


def output_name(source: str) -> Path:
    """The relative path of a source's text outputs: suffix ``.txt``, and never outside the
    output folder whatever the source (a JSONL id such as ``/etc/x`` or ``../x``)."""
    parts = [p for p in PurePosixPath(source.replace("\0", "")).parts if p not in ("/", "..")]
    return Path(*parts or ["_"]).with_suffix(".txt")


def recover(out: Path) -> None:
    """Tidy up after a run that was killed: bring back a text folder it had moved aside, and
    remove its staging folder and temporary files."""
    for name in TEXT_DIRS:
        old = out / f".old-{name}"
        if old.exists() and not (out / name).exists():
            old.rename(out / name)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(out / STAGING, ignore_errors=True)
    for tmp in temporary_names(out):
        tmp.unlink()


def swap_in(staging: Path, out: Path) -> None:
    """Move the staged files (the CSVs, the workbook, the report) over ``out``'s, then
    replace each text folder by its staged version (or remove a stale one): the outputs
    change within a few renames."""
    for path in sorted(staging.iterdir()):
        if path.is_file():
            os.replace(path, out / path.name)
    for name in TEXT_DIRS:
        old = out / f".old-{name}"
        if (out / name).exists():
            (out / name).rename(old)
        if (staging / name).exists():
            (staging / name).rename(out / name)
        shutil.rmtree(old, ignore_errors=True)
