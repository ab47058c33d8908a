"""A JSONL corpus -> Article and Skipped records, one line at a time.

Each line is read with a bounded ``readline`` (a line over MAX_LINE_BYTES is read past in
pieces, never held whole), decoded on its own (a UTF-8 byte order mark accepted on line 1;
bytes that are not UTF-8 replaced with U+FFFD and named on stderr) and parsed on its own
(numbers kept as their digits, so no number is too large; nesting bounded by the parser's
recursion limit). A bad line is one Skipped record ``corpus.jsonl:17``; the rest goes on.

Lines as trafilatura (``--json``) and news-please write them are read too: their field names
map to ours (FIELDS, TEXT_FIELDS). A line without an id takes its ``url``, ``source`` or
``filename`` as its source, else its place (``corpus.jsonl:17``). Sources are unique: a line
whose source an earlier line took gets ``source#N``, N its line number.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import EmptyText, IngestError, InvalidLine, Repaired, TooLarge, Unreadable
from pipeline.ingest.decode import utf8_replacing, writable
from pipeline.ingest.folder import MAX_FILE_BYTES, note, open_regular, printable, replaced_bytes
from pipeline.records import Article, Skipped

MAX_LINE_BYTES = MAX_FILE_BYTES
SKIP_CHUNK = 1 << 16  # a line over the limit is read past in pieces of this many bytes
BOM = b"\xef\xbb\xbf"
ID_FIELDS = ("id", "url", "source", "filename")  # what names a line's article, first found
TEXT_FIELDS = ("text", "maintext")  # ours (and trafilatura's), news-please's
# Our meta keys <- the fields that give them, first found wins: ours, trafilatura's and
# news-please's names. An outlet's name (trafilatura's "source-hostname" is the page's site
# name) is kept apart from a bare host name, which counts only where the text names no outlet.
FIELDS = {
    "url": ("url",),
    "published": ("published", "date_publish", "date"),
    "outlet": ("outlet", "sitename", "source-hostname"),
    "host": ("hostname", "source_domain"),
    "author": ("author", "authors"),
}
# Fields not carried into the meta: those read above, and trafilatura's text without line
# breaks and the page's comments (the article again, or not the article).
USED = frozenset(
    {*ID_FIELDS, *TEXT_FIELDS, *(key for keys in FIELDS.values() for key in keys)}
    | {"raw_text", "comments"}
)
META_MAX_CHARS = 10_000  # a longer value is content, not metadata


def read_jsonl(path: Path, limit: int = MAX_LINE_BYTES) -> Iterator[Article | Skipped]:
    """Every article of a JSONL file, a Skipped record for each bad line (or the file)."""
    name = printable(path.name)
    try:
        with open_regular(path, follow=True) as handle:
            yield from jsonl_articles(handle, name, limit)
    except IngestError as err:
        yield Skipped(name, str(err))
    except OSError as err:
        yield Skipped(name, str(Unreadable(err)))


def jsonl_articles(
    handle: BinaryIO, name: str, limit: int = MAX_LINE_BYTES
) -> Iterator[Article | Skipped]:
    """Every article of the JSONL stream ``handle`` (a file, or standard input) called
    ``name`` in the outputs, with unique sources; a Skipped record for each bad line.

    Raises:
        OSError: the stream cannot be read on.
    """
    taken: set[str] = set()
    for number, raw in numbered_lines(handle, limit):
        where = f"{name}:{number}"
        try:
            if isinstance(raw, int):
                raise TooLarge(raw, limit)
            article = line_article(raw.removeprefix(BOM) if number == 1 else raw, where)
        except IngestError as err:
            yield Skipped(where, str(err))
            continue
        if article is not None:
            yield dataclasses.replace(article, source=unique(article.source, number, taken))


def numbered_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | int]]:
    """Each line of ``handle`` with its number from 1; a line over ``limit`` bytes as its
    size only, read past in pieces."""
    for number in itertools.count(1):
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit:
            yield number, raw
            continue
        size = len(raw)
        while not raw.endswith(b"\n") and (raw := handle.readline(SKIP_CHUNK)):
            size += len(raw)
        yield number, size


def line_article(raw: bytes, where: str) -> Article | None:
    """The article of one JSONL line; None for a blank line.

    Raises:
        IngestError: the line is not a JSON object with a non-empty text.
    """
    if not raw.strip():
        return None
    try:
        line, replaced = raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        line, replaced = utf8_replacing(raw)
    try:
        record = json.loads(line, parse_int=str, parse_float=str, parse_constant=str)
    except RecursionError as err:
        raise InvalidLine("nested too deeply") from err
    except json.JSONDecodeError as err:
        raise InvalidLine(f"{err.msg} at column {err.colno}") from err
    if not isinstance(record, dict):
        raise InvalidLine("not an object")
    text = next((t for key in TEXT_FIELDS if isinstance(t := record.get(key), str)), "")
    if not text.strip():
        raise EmptyText()
    if replaced:
        note(where, Repaired(replaced_bytes(replaced)))
    return Article(line_source(record, where), text, line_meta(record), derived=replaced > 0)


def line_source(record: dict[str, object], where: str) -> str:
    """The source of a line's article: its first non-blank ID_FIELDS string, else ``where``."""
    for key in ID_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return writable(value)[0]
    return where


def line_meta(record: dict[str, object]) -> dict[str, str]:
    """A line's metadata: FIELDS under our names, trafilatura's ``source`` as the URL where
    it is one, and the other short scalar fields (and lists of strings) as they are."""
    values = {key: text for key, value in record.items() if (text := meta_text(value))}
    meta: dict[str, str] = {}
    for ours, theirs in FIELDS.items():
        if found := next((values[key] for key in theirs if key in values), ""):
            meta[ours] = found
    if "url" not in meta and values.get("source", "").startswith(("http://", "https://")):
        meta["url"] = values["source"]
    return meta | {key: value for key, value in values.items() if key not in USED}


def meta_text(value: object) -> str:
    """A JSON value as a meta string: a string or number as it is, a list of strings joined
    by "; "; "" for anything else (null, objects, other lists) and for overlong values."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = "; ".join(value)
    elif isinstance(value, bool):
        value = str(value).lower()
    if not isinstance(value, str) or len(value) > META_MAX_CHARS:
        return ""
    return value


def unique(source: str, number: int, taken: set[str]) -> str:
    """``source``, or ``source#N`` (N the line's number) when an earlier line took it."""
    while source in taken:
        source = f"{source}#{number}"
    taken.add(source)
    return source
