"""Export: the run's records -> every output file, each written by ``atomic.replacing``.

``tables`` turns the records into the contract's tables; ``csv`` writes them as CSV files,
``workbook`` as the sheets of ``claims.xlsx``, and ``report`` renders ``report.html`` from
the records themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.identify import Identity
from pipeline.outputs.csv import write_table
from pipeline.outputs.report import write_report
from pipeline.outputs.tables import articles_table, output_tables, speakers_table
from pipeline.outputs.workbook import write_workbook
from pipeline.records import ArticleFiles, Claim, Mention, Skipped

__all__ = ["write_outputs"]


def write_outputs(
    folder: Path,
    mentions: Sequence[Mention],
    claims: Sequence[Claim],
    skipped: Sequence[Skipped],
    articles: Sequence[ArticleFiles] = (),
    speakers: tuple[Sequence[Identity], Sequence[Claim]] = ((), ()),
    xlsx: bool = False,
    report: str | None = None,
) -> list[Path]:
    """Write mentions.csv, claims.csv, skipped.csv, articles.csv and speakers.csv into
    ``folder``, and the extras asked for: ``claims.xlsx`` and, when ``report`` names the
    page, ``report.html``.

    Args:
        mentions: every mention, in article order.
        claims: the claims to list, in their final order; a mention whose claim is not
            among them gets an empty ``claim_id``.
        skipped: the inputs that were not processed, in their final order.
        articles: each article read, in input order, with the names of its texts.
        speakers: the run's identities, and every claim of the run (listed or not).

    Returns:
        The paths written.
    """
    mention_table, claim_table, skipped_table = output_tables(mentions, claims, skipped)
    tables = (
        mention_table,
        claim_table,
        skipped_table,
        articles_table(articles),
        speakers_table(speakers[0], mentions, speakers[1]),
    )
    paths = [write_table(folder, t) for t in tables]
    if xlsx:
        paths.append(write_workbook(folder, [claim_table, mention_table]))
    if report is not None:
        paths.append(write_report(folder, claims, mentions, report))
    return paths
