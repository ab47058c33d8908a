"""Sources: where and when each article was printed, as ``Article.meta`` keys.

``outlet``, ``url``, ``published`` (ISO date), ``author`` and ``title`` come from a
``sources.csv`` row first, then from the page's or the JSONL line's own metadata. An outlet
still unknown is inferred from the text: an agency dateline at the start of the body
("MOSCOW (Reuters) -", "(AP) —", "AFP:"), else a sign-off ("…/Guardian", "— The Guardian",
"Source: News Agencies"; not a dated credit, nor one inside the body), else the host the
metadata names, else the host of its URL. Every outlet is then named once, by the table of
outlets and their aliases (``outlets.toml``): "Reuters UK", "ReutersIndia", "reuters.com" and
"Reuters_Co_Uk" are all "Reuters"; a host matches by its registered domain (the public suffix
list bundled with ``tld``, through courlan; nothing is fetched). Dates are read by
``iso_date``: ISO 8601 and RFC 2822 directly, other spellings through dateparser, and a value
that names no day, month and year is no date.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from importlib import resources
from urllib.parse import urlsplit

from courlan.urlutils import get_tldinfo

from pipeline.errors import IngestError
from pipeline.records import Article

SOURCES_FILE = "sources.csv"
META_KEYS = ("outlet", "url", "published", "author", "title")
Table = Mapping[str, Mapping[str, str]]

OUTLETS_FILE = "outlets.toml"  # every outlet by each name it is printed under: see the file
SIGNOFF_AFTER_WORDS = 8  # a line this long after a "Source:" credit: the credit is in the body
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def name_key(name: str) -> str:
    """A name as the outlets table matches it: a host by its registered domain
    ("uk.reuters.com", "Reuters_Co_Uk": "reuters"), any name whatever its case, a leading
    "The", spaces or punctuation."""
    folded = " ".join(name.split()).casefold()
    return re.sub(r"[\W_]+", "", host_name(folded) or folded.removeprefix("the "))


def host_name(name: str) -> str:
    """The name part of a host's registered domain ("www.reuters.co.uk": "reuters"; the
    underscores of "reuters_co_uk" read as dots), by the public suffix list bundled with
    ``tld`` (through courlan: nothing is fetched); "" when ``name`` is no host."""
    if " " in name or not re.search(r"\w[._]\w", name):
        return ""
    host = name.replace("_", ".") if "." not in name else name
    domain, _ = get_tldinfo(f"http://{host}")
    return domain or ""


def outlet_table() -> tuple[dict[str, str], dict[str, str]]:
    """The outlets table (``outlets.toml``): each name's outlet by ``name_key``, and each
    agency's by the names it signs datelines with (case-folded)."""
    data = tomllib.loads(resources.files("pipeline").joinpath(OUTLETS_FILE).read_text("utf-8"))
    names: dict[str, str] = {}
    signs: dict[str, str] = {}
    for outlet in data["outlet"]:
        for alias in (outlet["name"], *outlet.get("signs", ()), *outlet.get("aliases", ())):
            names[name_key(alias)] = outlet["name"]
        signs |= {sign.casefold(): outlet["name"] for sign in outlet.get("signs", ())}
    return names, signs


OUTLET_NAMES, AGENCIES = outlet_table()
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
    meta["outlet"] = canonical_outlet(meta["outlet"])
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
    signoffs = (m for m in SIGNOFF.finditer(text) if not m["credit"] or signs_off(m, text))
    found = DATELINE.search(text, 0, DATELINE_CHARS) or next(signoffs, None)
    if found is None:
        return ""
    return canonical_outlet(next(name for name in found.groups() if name))


def signs_off(credit: re.Match[str], text: str) -> bool:
    """Whether a "Source: ..." line signs the article off: it names no date (the credit of a
    statement or a chart does: "Source: Defense Ministry, October 25, 2019") and no line of
    prose follows it (page furniture may: "Advertisement")."""
    after = text[credit.end() :].splitlines()
    return not YEAR.search(credit["credit"]) and all(
        len(line.split()) < SIGNOFF_AFTER_WORDS for line in after
    )


def url_host(url: str) -> str:
    """The host of ``url`` without ``www.``, or "" when there is none."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def canonical_outlet(name: str) -> str:
    """The outlets table's name for any name of an outlet ("REUTERS", "AP", "Reuters UK",
    "uk.reuters.com"); other names as given, on one line."""
    name = " ".join(name.split())
    return AGENCIES.get(name.casefold()) or OUTLET_NAMES.get(name_key(name), name)


def outlet_key(name: str) -> str:
    """What tells outlets apart: the key of their one name ("AP" and "Associated Press",
    "guardian" and "The Guardian", "express.co.uk" and "Express" are one outlet each)."""
    return name_key(canonical_outlet(name))
