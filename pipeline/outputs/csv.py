"""CSV files a spreadsheet opens cleanly: UTF-8 with a byte order mark (Excel then shows curly
quotes and accents), RFC 4180 quoting, one line per row, written atomically.

A cell that a spreadsheet would take for a formula (it begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading ``'``, as OWASP advises, so
that no spreadsheet evaluates it; ``unguard`` gives the cell back (readers that compare a
quote's ``text`` with the article slice drop that one ``'``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from pipeline.outputs.atomic import replacing_text
from pipeline.outputs.tables import Table, one_line

ENCODING = "utf-8-sig"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def guard(cell: str) -> str:
    """The cell as written: with a leading ``'`` when it would begin a formula."""
    return GUARD + cell if cell.startswith(FORMULA_STARTS) else cell


def unguard(cell: str) -> str:
    """A cell as read back: without the ``'`` that ``guard`` added."""
    return cell[1:] if cell.startswith(GUARD) and cell[1:].startswith(FORMULA_STARTS) else cell


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Iterable[object]]) -> None:
    """Write one CSV atomically: BOM, header, RFC 4180 quoting, no newline inside a cell."""
    with replacing_text(path, ENCODING) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([guard(one_line(cell)) for cell in row] for row in rows)


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of one of our CSV files, each cell as it was before ``guard``."""
    with path.open(encoding=ENCODING, newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: unguard(value or "") for key, value in row.items()}


def write_table(folder: Path, table: Table) -> Path:
    """Write ``table`` to ``folder/<name>.csv``; return the path."""
    path = folder / f"{table.name}.csv"
    write_csv(path, table.columns, table.rows)
    return path
