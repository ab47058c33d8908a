"""The one way every output file is written: whole or not at all, durable, with normal permissions.

A temporary file in the target folder is written, flushed and fsynced, given the mode a new
file gets under the user's umask (``mkstemp`` would leave 0600), renamed over the target and
the folder fsynced, so that after a crash the target holds either its old or its new bytes.
The CSVs, the clean/ and text/ files, the workbook, the report and the cache entries all go
through ``replacing``.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

TEMPORARY = ".tmp"  # suffix of the temporary files; a killed run's are tidied by this name


def file_mode() -> int:
    """The permissions ``open`` gives a new file: 0666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temporary_names(folder: Path) -> Iterator[Path]:
    """The temporary files a killed writer may have left in ``folder``."""
    return folder.glob(f".*{TEMPORARY}")


@contextmanager
def replacing(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file beside ``path``, renamed over ``path`` only if the
    block ends without an error (the temporary file is removed otherwise).

    Args:
        durable: sync the file and its folder to disk at once; a file inside a generation
            not yet on show need not be, as the whole generation is synced before it is
            shown (``run.folder.OutputFolder.publish``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY)
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


@contextmanager
def replacing_text(path: Path, encoding: str = "utf-8", durable: bool = True) -> Iterator[TextIO]:
    """``replacing`` as text in ``encoding``, with no newline translation."""
    with replacing(path, durable) as raw:
        handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            yield handle
        finally:
            handle.detach()  # flushes; ``replacing`` closes the file


def write_text(path: Path, text: str, durable: bool = True) -> None:
    """Write a UTF-8 text file atomically, as it is (no newline translation)."""
    with replacing_text(path, durable=durable) as handle:
        handle.write(text)


def write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a binary file atomically."""
    with replacing(path, durable) as handle:
        handle.write(data)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
