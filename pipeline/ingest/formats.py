"""Files that are not plain text: HTML pages, Word (.docx) and PDF files -> Article.

Their text is made from the file, not read as it is: extracted by trafilatura (HTML),
python-docx (DOCX) or pypdf (PDF, its text layer), so each such article is ``derived`` and
the run writes its text to OUT/text/. The libraries are imported when first needed (they are
slow to import), and their warnings and log lines stay off the console while they work.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.errors import BadDocument, IngestError, NoText, PageTooLarge, TooLarge
from pipeline.records import Article

# trafilatura's metadata fields -> our meta keys
HTML_META = {
    "title": "title",
    "date": "published",
    "sitename": "outlet",
    "url": "url",
    "author": "author",
}
# Markup beyond this goes to trafilatura only without its scripts, styles and comments, and a
# page still larger is skipped. Measured on this 2-core machine, dense markup costs trafilatura
# about 5 s and 0.3 GB per million characters and more beyond (2 M: 11 s, 0.6 GB; 5 M: 46 s,
# 3.2 GB; 10 M: 2 min, 12 GB); real news pages of 1.5 MB, mostly scripts, take 0.1 s.
HTML_MAX_CHARS = 2_000_000
HEAVY = re.compile(r"<(script|style|noscript|template|svg)\b|<!--", re.IGNORECASE)
CLOSING = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "noscript", "template", "svg")
}
MARKUP = re.compile(r"<(?:/?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|!--|!doctype\b)", re.IGNORECASE)
MAX_UNPACKED_BYTES = 200_000_000  # a DOCX that unpacks to more is a zip bomb, not an article
LINE_END = re.compile(r"[.!?…:;\"'”’»)\]]$")  # a PDF line ending so ends its paragraph ...
SHORT_LINE = 0.6  # ... and so does one shorter than this share of the page's median line
QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "pypdf", "docx")


@contextmanager
def quiet() -> Iterator[None]:
    """Keep third-party warnings and log lines off the console while the block runs (such as
    dateutil's four-line timezone warning that htmldate triggers on real pages)."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def has_markup(text: str) -> bool:
    """Whether ``text`` holds an HTML tag, comment or doctype (an ``.html`` file may not)."""
    return MARKUP.search(text) is not None


def html_article(source: str, markup: str) -> Article:
    """Extract the article of an HTML page with trafilatura: title, then the main text; its
    title, date, site name, URL and author go into the meta.

    Raises:
        IngestError: the page has no article text, or too much markup to extract.
    """
    if len(markup) > HTML_MAX_CHARS:
        markup = without_heavy_elements(markup)
        if len(markup) > HTML_MAX_CHARS:
            raise PageTooLarge(len(markup), HTML_MAX_CHARS)
    import trafilatura

    with quiet():
        doc = trafilatura.bare_extraction(  # measured best on AEB's pages: F1 .970, not .966
            markup,
            include_comments=False,
            include_tables=True,
            no_fallback=True,
            with_metadata=True,
        )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise IngestError("HTML page with no article text")
    meta = {
        key: str(value) for field, key in HTML_META.items() if (value := getattr(doc, field, None))
    }
    title, body = meta.get("title", "").strip(), body.strip()
    text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else f"{body}\n"
    return Article(source, text, meta, derived=True)


def without_heavy_elements(markup: str) -> str:
    """``markup`` without its scripts, styles, SVG pictures, templates and comments, in one
    pass (an element never closed runs to the end, as in a browser)."""
    pieces, pos = [], 0
    while (opening := HEAVY.search(markup, pos)) is not None:
        pieces.append(markup[pos : opening.start()])
        if opening[1] is None:
            end = markup.find("-->", opening.end())
            pos = -1 if end < 0 else end + 3
        else:
            closing = CLOSING[opening[1].lower()].search(markup, opening.end())
            pos = -1 if closing is None else closing.end()
        if pos < 0:
            return "".join(pieces)
    pieces.append(markup[pos:])
    return "".join(pieces)


def docx_article(source: str, raw: bytes) -> Article:
    """The paragraphs of a Word file (python-docx), a blank line between them; its title and
    author properties go into the meta.

    Raises:
        IngestError: the file is damaged, unpacks to too much, or holds no text.
    """
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise TooLarge(unpacked, MAX_UNPACKED_BYTES)
        with quiet():
            document = docx.Document(io.BytesIO(raw))
            paragraphs = [p.text.strip() for p in document.paragraphs]
            properties = document.core_properties
            meta = {"title": properties.title or "", "author": properties.author or ""}
    except IngestError:
        raise
    except Exception as err:  # a damaged file can fail anywhere inside the library
        raise BadDocument("DOCX", err) from err
    return made_article(source, [p for p in paragraphs if p], meta, "DOCX")


def pdf_article(source: str, raw: bytes) -> Article:
    """The text layer of a PDF (pypdf), its wrapped lines joined into paragraphs, a blank
    line between them; its title and author go into the meta.

    Raises:
        IngestError: the file is damaged or encrypted, or has no text layer (a scan).
    """
    import pypdf

    try:
        with quiet():
            reader = pypdf.PdfReader(io.BytesIO(raw))
            if reader.is_encrypted and not reader.decrypt(""):
                raise BadDocument("PDF", ValueError("encrypted"))
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
    except IngestError:
        raise
    except Exception as err:  # a damaged file can fail anywhere inside the library
        raise BadDocument("PDF", err) from err
    meta = {"title": str(info.title or ""), "author": str(info.author or "")} if info else {}
    return made_article(source, [p for page in pages for p in paragraphs(page)], meta, "PDF")


def made_article(source: str, paragraphs: list[str], meta: dict[str, str], kind: str) -> Article:
    """A derived article of ``paragraphs``, a blank line between them, and the non-empty meta.

    Raises:
        NoText: there are no paragraphs.
    """
    if not paragraphs:
        raise NoText(kind)
    meta = {key: " ".join(value.split()) for key, value in meta.items() if value.strip()}
    return Article(source, "\n\n".join(paragraphs) + "\n", meta, derived=True)


def paragraphs(page: str) -> Iterator[str]:
    """The paragraphs of a PDF page's text: a line that ends a sentence or is much shorter
    than the page's median line ends its paragraph (a title, a last line); any other line is
    wrapped onto the next, with a space (none after a hyphen)."""
    lines = [line.strip() for line in page.splitlines()]
    lengths = sorted(len(line) for line in lines if line)
    short = SHORT_LINE * lengths[len(lengths) // 2] if lengths else 0
    current = ""
    for line in lines:
        if line:
            current += line if not current or current.endswith("-") else f" {line}"
        if current and (not line or LINE_END.search(line) or len(line) < short):
            yield current
            current = ""
    if current:
        yield current
