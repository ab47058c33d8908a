"""The output tables: the run's records as rows of cells, the contract's columns first.

One ``Table`` per output (mentions, claims, skipped); the CSV files and the workbook's sheets
are both written from these, so they hold the same cells. A cell is an ``int`` or a string
on one line (whitespace runs, newlines included, collapsed to one space). The contract's
columns come first (``../shared/DESIGN.md``); the source columns (outlet, URL, publication
date) follow them, then the story and wording-audit columns. ``BOOLEAN_COLUMNS`` and
``DATE_COLUMNS`` name the cells the workbook types as booleans and dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    "story_id",
    "differs_from_first",
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
    "independent_sources",
    "first_outlet",
    "wording",
    "changes",
)
BOOLEAN_COLUMNS = frozenset({"is_question", "differs_from_first"})  # cells "true" or "false"
DATE_COLUMNS = frozenset({"published", "first_published", "last_published"})  # ISO dates or ""
CHANGES_CHARS = 300  # the changes cell stops before this; report.html lists every change
SKIPPED_COLUMNS = ("source", "reason")
Cell = str | int
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """One output: its name (``<name>.csv``, the sheet ``<name>``), columns and rows."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def one_line(value: object) -> str:
    """A cell's text with all whitespace runs (newlines included) collapsed to one space."""
    return " ".join(str(value).split())


def cells(values: Iterable[object]) -> Row:
    """A row of cells: integers as they are, everything else as one line of text."""
    return tuple(
        v if isinstance(v, int) and not isinstance(v, bool) else one_line(v) for v in values
    )


def output_tables(
    mentions: Sequence[Mention], claims: Sequence[Claim], skipped: Sequence[Skipped]
) -> tuple[Table, Table, Table]:
    """The mentions, claims and skipped tables of a run.

    Args:
        mentions: every mention, in article order.
        claims: the claims to list, in their final order; a mention whose claim is not
            among them gets an empty ``claim_id``.
        skipped: the inputs that were not processed, in their final order.
    """
    claim_of = {m: c.claim_id for c in claims for m in c.mention_ids}
    differing = {m for c in claims for m in c.differing}
    mention_of = {m.mention_id: m for m in mentions}
    return (
        Table(
            "mentions",
            MENTION_COLUMNS,
            tuple(
                mention_row(m, claim_of.get(m.mention_id, ""), m.mention_id in differing)
                for m in mentions
            ),
        ),
        Table(
            "claims",
            CLAIM_COLUMNS,
            tuple(claim_row(c, [mention_of[m] for m in c.mention_ids]) for c in claims),
        ),
        Table("skipped", SKIPPED_COLUMNS, tuple(cells((s.source, s.reason)) for s in skipped)),
    )


def mention_row(mention: Mention, claim_id: str, differs: bool = False) -> Row:
    """The mentions.csv row of one mention, columns as in MENTION_COLUMNS.

    Args:
        differs: the mention is a direct quote whose words differ from its claim's first
            direct wording (``Claim.differing``).
    """
    q = mention.quote
    speaker_start, speaker_end = q.speaker_span or ("", "")
    return cells(
        (
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
            mention.sentence,
            mention.meta.get("outlet", ""),
            mention.meta.get("url", ""),
            mention.meta.get("published", ""),
            mention.story_id,
            str(differs).lower(),
        )
    )


def claim_row(claim: Claim, mentions: Sequence[Mention]) -> Row:
    """The claims.csv row of one claim, columns as in CLAIM_COLUMNS.

    Args:
        mentions: the claim's mentions, in ``claim.mention_ids`` order.
    """
    metas = [m.meta for m in mentions]
    first = next((m.meta for m in mentions if m.mention_id == claim.first_mention), {})
    outlets = distinct_outlets(m.get("outlet", "") for m in metas)
    dates = sorted(d for m in metas if (d := m.get("published")))
    return cells(
        (
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
            len({m.story_id or m.quote.source for m in mentions}),
            first.get("outlet", ""),
            claim.wording,
            capped(claim.changes),
        )
    )


def capped(changes: Sequence[str], limit: int = CHANGES_CHARS) -> str:
    """The changes joined by ``; ``, within ``limit`` characters: as many whole ones as fit
    before a closing "… N more" (one longer than the limit on its own is cut)."""
    joined = "; ".join(changes)
    if len(joined) <= limit:
        return joined
    shown: list[str] = []
    for change in changes:
        more = f"; … {len(changes) - len(shown) - 1} more"
        if len("; ".join([*shown, change]) + more) > limit:
            break
        shown.append(change)
    if not shown:
        return f"{changes[0][: limit - 1]}…"
    return "; ".join(shown) + f"; … {len(changes) - len(shown)} more"


def distinct_outlets(names: Iterable[str]) -> list[str]:
    """One name per outlet (``sources.outlet_key``), the first given; empty names left out."""
    first: dict[str, str] = {}
    for name in names:
        if name:
            first.setdefault(outlet_key(name), name)
    return list(first.values())
