"""Sources: where and when each article was printed, as ``Article.meta`` keys.

``outlet``, ``url``, ``published`` (ISO date), ``author`` and ``title`` come from a
``sources.csv`` row first, then from the page's or the JSONL line's own metadata. An outlet
still unknown is inferred from the text: an agency dateline at the start of the body
("MOSCOW (Reuters) -", "(AP) —", "AFP:"), else a sign-off ("…/Guardian", "— The Guardian",
"Source: News Agencies"), else the host the metadata names, else the host of its URL.
Dates are read by ``iso_date``: ISO 8601 and RFC 2822 directly, other spellings through
dateparser, and a value that names no day, month and year is no date.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from pipeline.errors import IngestError
from pipeline.records import Article

SOURCES_FILE = "sources.csv"
META_KEYS = ("outlet", "url", "published", "author", "title")
Table = Mapping[str, Mapping[str, str]]

# News agencies (and wire-style datelines) by every name they sign with, lower case.
AGENCIES = {
    alias.casefold(): name
    for name, aliases in (
        ("Reuters", ("Reuters",)),
        ("Associated Press", ("AP", "Associated Press")),
        ("AFP", ("AFP", "Agence France-Presse", "Agence France Presse")),
        ("Bloomberg", ("Bloomberg",)),
        ("dpa", ("dpa",)),
        ("Xinhua", ("Xinhua",)),
        ("TASS", ("TASS", "ITAR-TASS")),
        ("Interfax", ("Interfax",)),
        ("RIA Novosti", ("RIA Novosti", "RIA")),
        ("Anadolu Agency", ("Anadolu", "Anadolu Agency")),
        ("UPI", ("UPI",)),
        ("EFE", ("EFE",)),
        ("Kyodo", ("Kyodo",)),
        ("Yonhap", ("Yonhap",)),
        ("CNN", ("CNN",)),
    )
    for alias in aliases
}
AGENCY = "(?i:" + "|".join(sorted(map(re.escape, AGENCIES), key=len, reverse=True)) + ")"
NAME = r"[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}"  # one to four capitalised words
DATELINE_CHARS = 3000  # a dateline opens the body, which starts within this many characters
DATELINE = re.compile(
    r"^[ \t]*(?:"
    rf"(?:[A-Z][A-Z.'’ -]*[A-Z.](?:,[^\n()]{{1,30}}?)?[ \t]*)?\((?P<cited>{AGENCY})\)"
    rf"|(?P<bare>{AGENCY})"
    r")[ \t]*[-–—:][ \t]",
    re.M,
)
SIGNOFF = re.compile(
    rf"[.!?\"”’)\]][ \t]*/[ \t]*(?P<slash>{NAME})[ \t]*$"
    rf"|(?:^|[.!?\"”’)\]])[ \t]*[-–—][ \t]*(?P<dash>The {NAME}|{AGENCY})[ \t]*$"
    r"|^[ \t]*Source:[ \t]*(?P<credit>[A-Z][^\n:]{0,60}?)[ \t]*$",
    re.M,
)
# dateparser, told not to guess: an absolute date only (no "yesterday", no bare timestamp),
# with its day, month and year all written (so PREFER_DAY_OF_MONTH never applies: a value
# without a day is no date), month names in English, and numeric dates read month first as
# in the US ("12/30/2014"; "03/04/2015" is March 4), unless the first number cannot be a
# month ("30/12/2014").
DATE_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "DATE_ORDER": "MDY",
}
DATE_LANGUAGES = ["en"]  # every language costs ~40 ms a value that is no date, English 0.2
DATE_MAX_CHARS = 64  # a longer value is a sentence, not a date


def source_meta(article: Article, table: Table) -> dict[str, str]:
    """The article's metadata with the source keys tidied: ``table``'s row for it (from
    sources.csv) over its own values, ``published`` as an ISO date (dropped when it is no
    date), and an ``outlet`` inferred where none is given. Empty values are left out."""
    meta = {**article.meta, **table.get(article.source, {})}
    meta |= {key: " ".join(meta[key].split()) for key in META_KEYS if key in meta}
    if "published" in meta:
        meta["published"] = iso_date(meta["published"])
    if not meta.get("outlet"):
        host = meta.get("host", "").strip().lower().removeprefix("www.")
        meta["outlet"] = text_outlet(article.text) or host or url_host(meta.get("url", ""))
    return {key: value for key, value in meta.items() if value}


def parse_table(text: str) -> dict[str, dict[str, str]]:
    """The rows of a sources.csv (headers in any case), keyed by their ``file`` path.

    Raises:
        IngestError: the text is not a CSV with a ``file`` column.
    """
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or ()]
        if "file" not in reader.fieldnames:
            raise IngestError(f"{SOURCES_FILE} has no 'file' column")
        return {file_key(row["file"]): source_row(row) for row in reader if row.get("file")}
    except csv.Error as err:
        raise IngestError(f"{SOURCES_FILE} is not a valid CSV ({err})") from err


def file_key(path: str) -> str:
    """A sources.csv ``file`` cell as the article's source name: forward slashes, no ``./``."""
    return path.strip().replace("\\", "/").removeprefix("./")


def source_row(row: Mapping[str, str | None]) -> dict[str, str]:
    """The metadata a sources.csv row gives: its non-empty META_KEYS cells."""
    return {key: value.strip() for key in META_KEYS if (value := row.get(key)) and value.strip()}


def iso_date(value: str) -> str:
    """``value`` (ISO 8601, RFC 2822, "Dec. 30, 2014", "12/30/2014" ...) as ``YYYY-MM-DD``,
    or "" when it is no date (or no whole one: "Dec 30", "December 2014")."""
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if len(value) > DATE_MAX_CHARS:
        return ""
    import dateparser  # imported here: it is slow to import and most dates are ISO

    found = dateparser.parse(value, languages=DATE_LANGUAGES, settings=DATE_SETTINGS)
    return found.date().isoformat() if found else ""


def text_outlet(text: str) -> str:
    """The outlet the text names: a dateline at the start of the body, else a sign-off."""
    found = DATELINE.search(text, 0, DATELINE_CHARS) or SIGNOFF.search(text)
    if found is None:
        return ""
    return canonical_outlet(next(name for name in found.groups() if name))


def url_host(url: str) -> str:
    """The host of ``url`` without ``www.``, or "" when there is none."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def canonical_outlet(name: str) -> str:
    """An agency's usual name for any name it signs with ("REUTERS", "AP"); others as given."""
    return AGENCIES.get(name.casefold(), name)


def outlet_key(name: str) -> str:
    """What tells outlets apart: not case, a leading "The", spaces or punctuation."""
    return re.sub(r"\W+", "", canonical_outlet(name).casefold().removeprefix("the "))
