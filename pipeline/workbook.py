"""Workbook: an output folder's claims.csv and mentions.csv -> one Excel workbook.

Built from the CSV files alone, so it works on any output folder. Each sheet has a frozen
header row, an autofilter, capped column widths, wrapped long text and, where mentions.csv
has a ``url`` column, a hyperlink from each mention to its article.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

NUMERIC_COLUMNS = frozenset(
    {"n_sources", "n_mentions", "speaker_start", "speaker_end", "start", "end"}
)
LINK_SCHEMES = ("http://", "https://")
MAX_URL_CHARS = 2079  # Excel's limit; a longer URL is written as plain text
MAX_WIDTH = 60  # characters; a column whose cells run longer wraps its text
MIN_WIDTH = 6


def read_output(out: Path, name: str) -> pd.DataFrame:
    """One CSV of an output folder, every cell a string (empty cells as "")."""
    frame = pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return frame.astype(str)


def replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it over ``path``.

    The temporary name matches ``.*.tmp``, which the runner tidies after a killed run.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_workbook(out: Path) -> Path:
    """Write ``out/claims.xlsx`` (sheets ``claims`` and ``mentions``) from the folder's CSVs.

    Returns:
        The workbook's path.
    """
    sheets = {name: read_output(out, f"{name}.csv") for name in ("claims", "mentions")}
    path = out / "claims.xlsx"
    replace_atomically(path, lambda tmp: save_sheets(tmp, sheets))
    return path


def save_sheets(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """Save one worksheet per frame into a new workbook at ``path``."""
    workbook = Workbook(str(path), {"constant_memory": True})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#E8ECF2", "valign": "top"}),
        "cell": workbook.add_format({"valign": "top"}),
        "wrap": workbook.add_format({"valign": "top", "text_wrap": True}),
        "link": workbook.add_format({"valign": "top", "font_color": "#1F4E99", "underline": 1}),
    }
    try:
        for name, frame in sheets.items():
            write_sheet(workbook.add_worksheet(name), frame, formats)
    finally:
        workbook.close()


def column_width(frame: pd.DataFrame, column: str) -> int:
    """The width (in characters) that shows the column's header and longest cell, capped."""
    longest = max([len(column), *frame[column].str.len()]) + 2
    return max(MIN_WIDTH, min(MAX_WIDTH, longest))


def write_sheet(sheet: Worksheet, frame: pd.DataFrame, formats: dict[str, Format]) -> None:
    """Write a frame with a frozen, filtered header row and fitted column widths."""
    columns = list(frame.columns)
    cell_format = {}
    for col, column in enumerate(columns):
        width = column_width(frame, column)
        cell_format[column] = formats["wrap" if width == MAX_WIDTH else "cell"]
        sheet.set_column(col, col, width, cell_format[column])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(frame), len(columns) - 1)
    sheet.write_row(0, 0, columns, formats["header"])
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for col, (column, value) in enumerate(zip(columns, values, strict=True)):
            if not value:
                continue  # a truly blank cell, which Excel's filters and ISBLANK know
            if column == "url":
                write_link(sheet, row, col, value, formats["link"])
            elif column in NUMERIC_COLUMNS and value.isdigit():
                sheet.write_number(row, col, int(value), cell_format[column])
            else:
                sheet.write_string(row, col, value, cell_format[column])


def write_link(sheet: Worksheet, row: int, col: int, url: str, link_format: Format) -> None:
    """A web address as a hyperlink; anything else (or one Excel cannot hold) as text."""
    linkable = url.startswith(LINK_SCHEMES) and len(url) <= MAX_URL_CHARS
    if not linkable or sheet.write_url(row, col, url, link_format, string=url) < 0:
        sheet.write_string(row, col, url)
