"""Export: claims and mentions -> CSV files that a spreadsheet opens cleanly.

UTF-8 with a byte order mark (Excel then shows curly quotes and accents), RFC 4180 quoting,
one line per row, every file written to a temporary name and renamed into place. The
contract's columns come first; the source columns (outlet, URL, publication date) follow.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.records import Claim, Mention, Skipped
from pipeline.sources import outlet_key

MENTION_COLUMNS = (
    "mention_id",
    "claim_id",
    "source",
    "type",
    "speaker",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "cue",
    "reported_by",
    "is_question",
    "text",
    "start",
    "end",
    "fragments",
    "sentence",
    "outlet",
    "url",
    "published",
)
CLAIM_COLUMNS = (
    "claim_id",
    "speaker",
    "claim",
    "type",
    "n_sources",
    "n_mentions",
    "sources",
    "variants",
    "cues",
    "first_sentence",
    "n_outlets",
    "outlets",
    "first_published",
    "last_published",
)
SKIPPED_COLUMNS = ("source", "reason")
Row = Sequence[object]


def one_line(value: object) -> str:
    """A cell's text with all whitespace runs (newlines included) collapsed to one space."""
    return " ".join(str(value).split())


def file_mode() -> int:
    """The permissions ``open`` gives a new file: 0666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_open(path: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """Open a temporary file beside ``path``; rename it over ``path`` only if all went well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, file_mode())  # mkstemp's 0600 would hide the outputs from other users
        with os.fdopen(
            fd, "w", encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8", newline=newline
        ) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> None:
    """Write one CSV atomically: BOM, header, RFC 4180 quoting, no newline inside a cell."""
    with atomic_open(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([one_line(cell) for cell in row] for row in rows)


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically (UTF-8, no newline translation)."""
    with atomic_open(path, newline="") as handle:
        handle.write(text)


def mention_row(mention: Mention, claim_id: str, sentence: str) -> Row:
    """The mentions.csv row of one mention, columns as in MENTION_COLUMNS."""
    q = mention.quote
    speaker_start, speaker_end = q.speaker_span or ("", "")
    return (
        mention.mention_id,
        claim_id,
        q.source,
        q.type,
        mention.speaker,
        q.speaker_mention,
        speaker_start,
        speaker_end,
        q.cue,
        mention.reported_by,
        str(q.is_question).lower(),
        q.text,
        q.start,
        q.end,
        ";".join(f"{s}-{e}" for s, e in q.fragments),
        sentence,
        mention.meta.get("outlet", ""),
        mention.meta.get("url", ""),
        mention.meta.get("published", ""),
    )


def claim_row(claim: Claim, metas: Sequence[Mapping[str, str]]) -> Row:
    """The claims.csv row of one claim, columns as in CLAIM_COLUMNS.

    Args:
        metas: the source metadata of the claim's mentions, in ``claim.mention_ids`` order.
    """
    outlets = distinct_outlets(m.get("outlet", "") for m in metas)
    dates = sorted(d for m in metas if (d := m.get("published")))
    return (
        claim.claim_id,
        claim.speaker,
        claim.claim,
        claim.type,
        len(claim.sources),
        len(claim.mention_ids),
        "; ".join(claim.sources),
        " | ".join(claim.variants),
        "; ".join(claim.cues),
        claim.first_sentence,
        len(outlets),
        "; ".join(sorted(outlets, key=str.casefold)),
        dates[0] if dates else "",
        dates[-1] if dates else "",
    )


def distinct_outlets(names: Iterable[str]) -> list[str]:
    """One name per outlet (``sources.outlet_key``), the first given; empty names left out."""
    first: dict[str, str] = {}
    for name in names:
        if name:
            first.setdefault(outlet_key(name), name)
    return list(first.values())


def write_outputs(
    out: Path,
    mentions: Sequence[tuple[Mention, str]],
    claims: Sequence[Claim],
    skipped: Sequence[Skipped],
) -> None:
    """Write mentions.csv, claims.csv and skipped.csv into ``out``.

    Args:
        mentions: every mention with the text of its sentence, in article order.
        claims: the claims to list, in their final order; a mention whose claim is not
            among them gets an empty ``claim_id``.
    """
    claim_of = {m: c.claim_id for c in claims for m in c.mention_ids}
    meta_of = {m.mention_id: m.meta for m, _ in mentions}
    write_csv(
        out / "mentions.csv",
        MENTION_COLUMNS,
        (mention_row(m, claim_of.get(m.mention_id, ""), s) for m, s in mentions),
    )
    write_csv(
        out / "claims.csv",
        CLAIM_COLUMNS,
        (claim_row(c, [meta_of[m] for m in c.mention_ids]) for c in claims),
    )
    write_csv(out / "skipped.csv", SKIPPED_COLUMNS, ((s.source, s.reason) for s in skipped))
