"""Ingest: a folder of article files (or a JSONL corpus) -> Article records.

``folder`` reads a folder (text, HTML, DOCX and PDF files; any other file is named as
skipped), ``jsonl`` a JSONL corpus line by line, ``decode`` turns bytes into text and
``formats`` the documents that are not plain text. Here every article then loses the
characters no output may hold (a lone surrogate becomes U+FFFD, NUL a space: offsets keep
their meaning, the repair is named on stderr) and has its source metadata settled by
``sources.source_meta``, from a ``sources.csv`` in INPUT's top folder where there is one.
Inputs that cannot be read, and exact duplicates of an earlier one, become ``Skipped``
records with a one-line reason; the run goes on without them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import Duplicate, IngestError, InputMissing, Repaired
from pipeline.ingest.decode import Decoded, decode, writable
from pipeline.ingest.folder import (
    HTML_SUFFIXES,
    MAX_FILE_BYTES,
    SUFFIXES,
    TEXT_SUFFIXES,
    discover,
    note,
    read_bytes,
    read_file,
    read_sources,
)
from pipeline.ingest.jsonl import jsonl_articles, read_jsonl
from pipeline.records import Article, Skipped
from pipeline.sources import SOURCES_FILE, Table, source_meta

STDIN = Path("-")

__all__ = [
    "HTML_SUFFIXES",
    "MAX_FILE_BYTES",
    "STDIN",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "Decoded",
    "decode",
    "ingest",
    "jsonl_articles",
    "read_bytes",
    "read_jsonl",
]


def ingest(root: Path) -> Iterator[Article | Skipped]:
    """Yield every article under ``root`` (a folder, a ``.jsonl`` file, or ``-``: a JSONL
    corpus on standard input, its lines named ``stdin:N``), sorted by source (a JSONL corpus
    in line order), and a Skipped record for every input not read.

    Raises:
        InputMissing: ``root`` does not exist or is neither a folder nor a ``.jsonl`` file.
    """
    if root == STDIN:
        yield from without_duplicates(settled(jsonl_articles(sys.stdin.buffer, "stdin"), {}))
    elif root.is_file() and root.suffix == ".jsonl":
        yield from without_duplicates(settled(read_jsonl(root), {}))
    elif root.is_dir():
        try:
            table = read_sources(root / SOURCES_FILE)
        except IngestError as err:
            table = {}
            yield Skipped(SOURCES_FILE, str(err))
        files = (read_file(p, root) if isinstance(p, Path) else p for p in discover(root))
        yield from without_duplicates(settled(files, table))
    else:
        raise InputMissing(root)


def settled(items: Iterable[Article | Skipped], table: Table) -> Iterator[Article | Skipped]:
    """Each item with only writable characters and each article with its source metadata
    settled (``sources.source_meta``)."""
    for item in items:
        if isinstance(item, Article):
            item = writable_article(item)
            item = dataclasses.replace(item, meta=source_meta(item, table))
        else:
            item = Skipped(writable(item.source)[0], writable(item.reason)[0])
        yield item


def writable_article(article: Article) -> Article:
    """``article`` with every lone surrogate and NUL replaced in its source, text and meta
    (``decode.writable``); a repaired text is named on stderr and made ``derived``."""
    source, (text, count) = writable(article.source)[0], writable(article.text)
    if count:
        note(source, Repaired(f"{count} lone surrogate or NUL characters replaced"))
    meta = {writable(key)[0]: writable(value)[0] for key, value in article.meta.items()}
    return Article(source, text, meta, article.derived or count > 0)


def without_duplicates(items: Iterator[Article | Skipped]) -> Iterator[Article | Skipped]:
    """Skip an article whose text and metadata (encoding included) are exactly those of an
    earlier one: the same file twice."""
    first: dict[bytes, str] = {}
    for item in items:
        if isinstance(item, Article):
            digest = hashlib.sha1(json.dumps(sorted(item.meta.items())).encode())
            digest.update(item.text.encode("utf-8"))  # one copy, not three
            seen = first.setdefault(digest.digest(), item.source)
            if seen != item.source:
                item = Skipped(item.source, str(Duplicate(seen)))
        yield item
