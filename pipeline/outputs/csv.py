"""CSV files a spreadsheet opens cleanly: UTF-8 with a byte order mark (Excel then shows curly
quotes and accents), RFC 4180 quoting, one line per row, written atomically."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.outputs.atomic import replacing_text
from pipeline.outputs.tables import Table, one_line

ENCODING = "utf-8-sig"


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Iterable[object]]) -> None:
    """Write one CSV atomically: BOM, header, RFC 4180 quoting, no newline inside a cell."""
    with replacing_text(path, ENCODING) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([one_line(cell) for cell in row] for row in rows)


def write_table(folder: Path, table: Table) -> Path:
    """Write ``table`` to ``folder/<name>.csv``; return the path."""
    path = folder / f"{table.name}.csv"
    write_csv(path, table.columns, table.rows)
    return path
