"""A folder of article files -> Article and Skipped records, one per file found.

Every file below INPUT is either read or named with the reason it was not: ``.txt``/``.md``
as text, ``.html``/``.htm`` through trafilatura (as text when it holds no markup), ``.docx``
and ``.pdf`` through their libraries; any other type, a symlinked file or folder (it could
point anywhere, so nothing outside INPUT is opened), a file that is not regular or too large
is a Skipped record. ``sources.csv`` at INPUT's top is the source metadata table.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import (
    IngestError,
    NotAFile,
    PipelineError,
    Repaired,
    SymbolicLink,
    TooLarge,
    Unreadable,
    Unsupported,
)
from pipeline.ingest.decode import Decoded, decode
from pipeline.ingest.formats import docx_article, has_markup, html_article, pdf_article
from pipeline.records import Article, Skipped
from pipeline.sources import SOURCES_FILE, Table, parse_table

MAX_FILE_BYTES = 100_000_000  # larger is data, not text: up to it a dump is read and cleaned


def discover(root: Path) -> list[Path | Skipped]:
    """Every file below ``root`` but the sources table, recursively, sorted by name; every
    folder that cannot be listed and every symlink (named, folders with a trailing slash)
    as a Skipped record. Symlinked folders are not entered."""
    found: list[Path | Skipped] = []

    def unlisted(err: OSError) -> None:
        name = source_name(Path(err.filename), root) if err.filename else "."
        found.append(Skipped(f"{name}/", str(Unreadable(err))))

    for folder, folders, files in os.walk(root, onerror=unlisted):
        base = Path(folder)
        for name in folders:
            if (base / name).is_symlink():
                found.append(Skipped(f"{source_name(base / name, root)}/", str(SymbolicLink())))
        for name in files:
            path = base / name
            if path.is_symlink():
                found.append(Skipped(source_name(path, root), str(SymbolicLink())))
            elif path != root / SOURCES_FILE:
                found.append(path)
    return sorted(found, key=lambda p: source_name(p, root) if isinstance(p, Path) else p.source)


def source_name(path: Path, root: Path) -> str:
    """The article's name in the outputs: its path relative to INPUT, with forward slashes."""
    return printable(path.relative_to(root).as_posix())


def printable(name: str) -> str:
    """A file name that is not valid UTF-8 with its readable parts kept, the rest escaped."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_file(path: Path, root: Path) -> Article | Skipped:
    """Read one file into an Article, or a Skipped record saying why it could not be read."""
    source = source_name(path, root)
    suffix = path.suffix.lower()
    try:
        reader = READERS.get(suffix)
        if reader is None:
            raise Unsupported(suffix)
        return reader(source, read_bytes(path))
    except IngestError as err:
        return Skipped(source, str(err))


def read_sources(path: Path) -> Table:
    """The source metadata table of a sources.csv, empty when there is no such file.

    Raises:
        IngestError: the file is there but unreadable or not a sources table.
    """
    if not os.path.lexists(path):
        return {}
    return parse_table(decode(read_bytes(path)).text)


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never through a symlink.

    Raises:
        IngestError: the file is a symlink, unreadable, not a regular file, or too large.
    """
    try:
        with open_regular(path, follow=False) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise TooLarge(size, limit)
            return handle.read()
    except OSError as err:
        raise Unreadable(err) from err


@contextmanager
def open_regular(path: Path, follow: bool) -> Iterator[BinaryIO]:
    """``path`` opened for reading bytes, without waiting for a writer (a FIFO named like an
    article cannot hang the run) and, unless ``follow``, refusing a symlink.

    Raises:
        IngestError: the path is a symlink (and not ``follow``) or not a regular file.
        OSError: the system refused to open it.
    """
    flags = os.O_NONBLOCK | (0 if follow else os.O_NOFOLLOW)
    try:
        handle = open(path, "rb", opener=lambda name, mode: os.open(name, mode | flags))  # noqa: SIM115
    except OSError as err:
        if err.errno == errno.ELOOP and not follow:
            raise SymbolicLink() from err
        raise
    with handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotAFile()
        yield handle


def note(source: str, warning: PipelineError) -> None:
    """Name an input that was read with a repair on stderr, one line."""
    print(f"warning {source}: {warning}", file=sys.stderr)


def decoded(source: str, raw: bytes) -> Decoded:
    """``raw`` decoded (``decode``); a repair of bad bytes is named on stderr."""
    text = decode(raw)
    if text.replaced:
        note(source, Repaired(replaced_bytes(text.replaced)))
    return text


def replaced_bytes(count: int) -> str:
    """What was done to ``count`` byte sequences that are not UTF-8."""
    return f"{count} invalid UTF-8 byte sequence{'s' * (count > 1)} replaced with U+FFFD"


def text_article(source: str, raw: bytes) -> Article:
    """A text file as an Article: its text is the file decoded, ``derived`` (and its encoding
    in the meta) unless that was plain UTF-8."""
    return plain_article(source, decoded(source, raw))


def plain_article(source: str, text: Decoded) -> Article:
    """An Article of a decoded file, with its encoding in the meta where it is not plain UTF-8."""
    if text.encoding == "utf-8" and not text.replaced:
        return Article(source, text.text)
    encoding = text.encoding
    if text.replaced:
        encoding += f" ({replaced_bytes(text.replaced)})"
    return Article(source, text.text, {"encoding": encoding}, derived=True)


def page_article(source: str, raw: bytes) -> Article:
    """An ``.html``/``.htm`` file: its article through trafilatura, or the file as text when
    it holds no markup at all."""
    text = decoded(source, raw)
    return html_article(source, text.text) if has_markup(text.text) else plain_article(source, text)


READERS: dict[str, Callable[[str, bytes], Article]] = {
    ".txt": text_article,
    ".md": text_article,
    ".html": page_article,
    ".htm": page_article,
    ".docx": docx_article,
    ".pdf": pdf_article,
}
TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = frozenset(READERS)
