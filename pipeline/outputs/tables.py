"""The output tables: the run's records as rows of cells, the contract's columns first.

One ``Table`` per output (mentions, claims, skipped, articles, speakers); the CSV files and the
workbook's sheets are both written from these, so they hold the same cells. A cell is an
``int`` or a string on one line (whitespace runs, newlines included, collapsed to one
space). The contract's columns come first (``../shared/DESIGN.md``); the source columns
(outlet, URL, publication date) follow them, then the identity, story and wording-audit
columns. ``BOOLEAN_COLUMNS``, ``DATE_COLUMNS`` and ``DECIMAL_COLUMNS`` name the cells the
workbook types as booleans, dates and (fractional) numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.identify import Identity
from pipeline.records import ArticleFiles, Claim, Mention, Skipped
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
    "speaker_id",
    "resolution",
    "confidence",
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
    "speaker_id",
    "independent_sources",
    "first_outlet",
    "wording",
    "changes",
)
BOOLEAN_COLUMNS = frozenset({"is_question", "differs_from_first"})  # cells "true" or "false"
DATE_COLUMNS = frozenset({"published", "first_published", "last_published"})  # ISO dates or ""
DECIMAL_COLUMNS = frozenset({"confidence"})  # cells such as "0.95": numbers in the workbook
CHANGES_CHARS = 300  # the changes cell stops before this; report.html lists every change
SKIPPED_COLUMNS = ("source", "reason")
SOURCE_KEYS = ("outlet", "url", "published")  # the source metadata every table shows
ARTICLE_COLUMNS = ("source", "clean_file", "text_file", *SOURCE_KEYS)
SPEAKER_COLUMNS = (
    "speaker_id",
    "speaker",
    "kind",
    "aliases",
    "n_mentions",
    "n_claims",
    "n_sources",
    "outlets",
    "in_registry",
    "roles",
    "gender",
)
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


def articles_table(articles: Sequence[ArticleFiles]) -> Table:
    """The articles table: each article read, its files under clean/ and text/, its source."""
    return Table(
        "articles",
        ARTICLE_COLUMNS,
        tuple(
            cells((a.source, a.clean_file, a.text_file, *(a.meta.get(k, "") for k in SOURCE_KEYS)))
            for a in articles
        ),
    )


def speakers_table(
    identities: Sequence[Identity], mentions: Sequence[Mention], claims: Sequence[Claim]
) -> Table:
    """The speakers table: one row per person or body of the run, most mentioned first,
    with how often, where and in how many claims it is quoted (every claim of the run,
    whether or not claims.csv lists it)."""
    of: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.speaker_id:
            of[m.speaker_id].append(m)
    n_claims = Counter(c.speaker_id for c in claims)
    return Table(
        "speakers",
        SPEAKER_COLUMNS,
        tuple(
            cells(
                (
                    i.speaker_id,
                    i.speaker,
                    i.kind,
                    "; ".join(i.aliases),
                    i.n_mentions,
                    n_claims[i.speaker_id],
                    len({m.quote.source for m in of[i.speaker_id]}),
                    "; ".join(
                        sorted(
                            distinct_outlets(m.meta.get("outlet", "") for m in of[i.speaker_id]),
                            key=str.casefold,
                        )
                    ),
                    str(i.in_registry).lower(),
                    "; ".join(i.roles),
                    i.gender,
                )
            )
            for i in identities
        ),
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
            *(mention.meta.get(key, "") for key in SOURCE_KEYS),
            mention.speaker_id,
            mention.resolution,
            f"{mention.confidence:.2f}",
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
            claim.speaker_id,
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
