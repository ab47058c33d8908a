"""Ingest: a folder of article files (or a JSONL corpus) -> Article records.

Text files are decoded as they are (no newline translation, a UTF-8 byte order mark kept as
U+FEFF) so that offsets refer to the file's own characters; HTML goes through trafilatura.
Each article's source metadata (outlet, URL, publication date) is then settled by
``sources.source_meta``, from a ``sources.csv`` in INPUT's top folder where there is one.
Files that cannot be read (and exact duplicates of an earlier file) become ``Skipped``
records with a one-line reason, and so does a folder that cannot be listed. Nothing but
regular files is opened, and a file over MAX_FILE_BYTES is skipped unread, so no input can
block the run or exhaust its memory; a large dump below that is read and cleaned in pieces.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import charset_normalizer

from pipeline.errors import Duplicate, IngestError, InputMissing, NotAFile, TooLarge, Unreadable
from pipeline.records import Article, Skipped
from pipeline.sources import SOURCES_FILE, Table, parse_table, source_meta

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Latin-script single-byte code pages that detection confuses on short texts; where it picks
# one of them and the bytes are valid CP-1252 (the web's default), CP-1252 is the better bet.
LATIN_PAGES = frozenset(
    [
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "latin_1",
        "iso8859_2",
        "iso8859_4",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_15",
        "mac_latin2",
        "mac_roman",
        "cp775",
        "cp850",
    ]
)
CONTROL_SHARE = 0.05  # above this share of control characters a decoded text is binary
MAX_FILE_BYTES = 100_000_000  # larger is data, not text: up to it a dump is read and cleaned
# trafilatura's metadata fields -> our meta keys
HTML_META = {
    "title": "title",
    "date": "published",
    "sitename": "outlet",
    "url": "url",
    "author": "author",
}


def ingest(root: Path) -> Iterator[Article | Skipped]:
    """Yield every article under ``root`` (a folder or a ``.jsonl`` file), sorted by source.

    Raises:
        InputMissing: ``root`` does not exist or is neither a folder nor a ``.jsonl`` file.
    """
    if root.is_file() and root.suffix == ".jsonl":
        yield from without_duplicates(with_source_meta(read_jsonl(root), {}))
    elif root.is_dir():
        try:
            table = read_sources(root / SOURCES_FILE)
        except IngestError as err:
            table = {}
            yield Skipped(SOURCES_FILE, str(err))
        files = (read_file(p, root) if isinstance(p, Path) else p for p in discover(root))
        yield from without_duplicates(with_source_meta(files, table))
    else:
        raise InputMissing(root)


def read_sources(path: Path) -> Table:
    """The source metadata table of a sources.csv, empty when there is no such file.

    Raises:
        IngestError: the file is there but unreadable or not a sources table.
    """
    if not path.exists():
        return {}
    text, _ = decode(read_bytes(path))
    return parse_table(text)


def with_source_meta(
    items: Iterable[Article | Skipped], table: Table
) -> Iterator[Article | Skipped]:
    """Each article with its source metadata settled (``sources.source_meta``)."""
    for item in items:
        if isinstance(item, Article):
            item = Article(item.source, item.text, source_meta(item, table))
        yield item


def without_duplicates(items: Iterator[Article | Skipped]) -> Iterator[Article | Skipped]:
    """Skip an article whose text and metadata (encoding included) are exactly those of an
    earlier one: the same file twice."""
    first: dict[bytes, str] = {}
    for item in items:
        if isinstance(item, Article):
            digest = hashlib.sha1(json.dumps(sorted(item.meta.items())).encode())
            digest.update(item.text.encode("utf-8", "surrogatepass"))  # one copy, not three
            seen = first.setdefault(digest.digest(), item.source)
            if seen != item.source:
                item = Skipped(item.source, str(Duplicate(seen)))
        yield item


def discover(root: Path) -> list[Path | Skipped]:
    """Every article file below ``root``, recursively, and every folder that cannot be
    listed (named with a trailing slash), sorted by name; symlinked folders not followed."""
    found: list[Path | Skipped] = []

    def unlisted(err: OSError) -> None:
        name = source_name(Path(err.filename), root) if err.filename else "."
        found.append(Skipped(f"{name}/", str(Unreadable(err))))

    for folder, _, files in os.walk(root, onerror=unlisted):
        found.extend(Path(folder, f) for f in files if Path(f).suffix.lower() in SUFFIXES)
    return sorted(found, key=lambda p: source_name(p, root) if isinstance(p, Path) else p.source)


def source_name(path: Path, root: Path) -> str:
    """The article's name in the outputs: its path relative to INPUT, with forward slashes.

    A file name that is not valid UTF-8 keeps its readable parts, the rest escaped.
    """
    rel = path.relative_to(root).as_posix()
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_file(path: Path, root: Path) -> Article | Skipped:
    """Read one file into an Article, or a Skipped record saying why it could not be read."""
    source = source_name(path, root)
    try:
        text, encoding = decode(read_bytes(path))
        if path.suffix.lower() in HTML_SUFFIXES:
            return html_article(source, text)
        return Article(source, text, {"encoding": encoding} if encoding != "utf-8" else {})
    except IngestError as err:
        return Skipped(source, str(err))


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises:
        IngestError: the file is unreadable, not a regular file, or too large.
    """
    try:
        with open(path, "rb", opener=nonblocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise NotAFile()
            if info.st_size > limit:
                raise TooLarge(info.st_size, limit)
            return handle.read()
    except OSError as err:
        raise Unreadable(err) from err


def nonblocking(path: str, flags: int) -> int:
    """Open without waiting for a writer, so a FIFO among the files cannot hang the run."""
    return os.open(path, flags | os.O_NONBLOCK)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 first, then a byte order mark, then detection.

    Returns:
        the text and the name of the encoding it was in.

    Raises:
        IngestError: the bytes are empty, blank, binary or in no encoding we can detect.
    """
    if not raw:
        raise IngestError("empty file")
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = decode_other(raw)
    if not text.strip():
        raise IngestError("empty file (only whitespace)")
    controls = sum(1 for c in text[:65536] if c < " " and c not in "\t\n\r\f\v")
    if controls > CONTROL_SHARE * min(len(text), 65536):
        raise IngestError("binary file (not text)")
    return text, encoding


def decode_other(raw: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8: a UTF-16/32 byte order mark, else the detected encoding."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            codec += "-le" if bom[0] == 0xFF else "-be"
            try:
                return raw[len(bom) :].decode(codec), codec
            except UnicodeDecodeError as err:
                raise IngestError(f"undecodable {codec} ({err.reason})") from err
    if b"\x00" in raw[:8192]:
        raise IngestError("binary file (not text)")
    best = charset_normalizer.from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise IngestError("undecodable: no text encoding fits")
    encoding = best.encoding
    if encoding in LATIN_PAGES:
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as err:
        raise IngestError(f"undecodable as {encoding}") from err


def html_article(source: str, markup: str) -> Article:
    """Extract the article of an HTML page with trafilatura: title, then the main text; its
    title, date, site name, URL and author go into the meta."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(
        markup, include_comments=False, include_tables=False, with_metadata=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise IngestError("HTML page with no article text")
    meta = {
        key: str(value) for field, key in HTML_META.items() if (value := getattr(doc, field, None))
    }
    title, body = meta.get("title", "").strip(), body.strip()
    text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else f"{body}\n"
    return Article(source, text, meta)


def read_jsonl(path: Path) -> Iterator[Article | Skipped]:
    """One article per line: ``{"id": ..., "text": ...}`` plus string metadata."""
    try:
        handle = path.open(encoding="utf-8", errors="strict")
        with handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield jsonl_article(line, f"{path.name}:{number}")
    except (OSError, UnicodeDecodeError) as err:
        yield Skipped(path.name, f"unreadable JSONL: {err}")


def jsonl_article(line: str, where: str) -> Article | Skipped:
    """Parse one JSONL line into an Article (its ``id`` is the source)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Skipped(where, f"invalid JSON ({err.msg})")
    if not isinstance(record, dict) or "id" not in record:
        return Skipped(where, "JSON line without an id")
    source, text = str(record["id"]), record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(source, "empty text")
    meta = {k: str(v) for k, v in record.items() if k not in ("id", "text") and v is not None}
    return Article(source, text, meta)
