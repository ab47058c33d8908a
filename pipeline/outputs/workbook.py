"""Workbook: the claims and mentions tables -> one Excel workbook, ``claims.xlsx``.

Written from the same tables as the CSV files, so the sheets hold the same cells. Each sheet
has a frozen header row, an autofilter, capped column widths, wrapped long text and, in a
``url`` column, a hyperlink from each mention to its article; it prints landscape, fitted to
the page's width, the header row repeated on every page. Counts and offsets are numbers, the
``tables.DATE_COLUMNS`` dates (``yyyy-mm-dd``), the ``tables.BOOLEAN_COLUMNS`` booleans, the
``tables.DECIMAL_COLUMNS`` numbers (``0.00``); every other cell is written as a string, never
as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.outputs.atomic import replacing
from pipeline.outputs.tables import BOOLEAN_COLUMNS, DATE_COLUMNS, DECIMAL_COLUMNS, Table

LINK_SCHEMES = ("http://", "https://")
MAX_URL_CHARS = 2079  # Excel's limit; a longer URL is written as plain text
MAX_WIDTH = 60  # characters; a column whose cells run longer wraps its text
MIN_WIDTH = 6
WORKBOOK = "claims.xlsx"


def write_workbook(folder: Path, sheets: Sequence[Table]) -> Path:
    """Write ``folder/claims.xlsx`` with one sheet per table, in order, atomically.

    Returns:
        The workbook's path.
    """
    path = folder / WORKBOOK
    with replacing(path) as handle:
        save_sheets(handle, sheets)
    return path


def save_sheets(handle: object, sheets: Sequence[Table]) -> None:
    """Save one worksheet per table into a new workbook written to ``handle``."""
    workbook = Workbook(handle, {"constant_memory": True})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#E8ECF2", "valign": "top"}),
        "cell": workbook.add_format({"valign": "top"}),
        "wrap": workbook.add_format({"valign": "top", "text_wrap": True}),
        "link": workbook.add_format({"valign": "top", "font_color": "#1F4E99", "underline": 1}),
        "date": workbook.add_format({"valign": "top", "num_format": "yyyy-mm-dd"}),
        "decimal": workbook.add_format({"valign": "top", "num_format": "0.00"}),
    }
    try:
        for table in sheets:
            write_sheet(workbook.add_worksheet(table.name), table, formats)
    finally:
        workbook.close()


def column_width(table: Table, col: int) -> int:
    """The width (in characters) that shows the column's header and longest cell, capped."""
    longest = max([len(table.columns[col]), *(len(str(row[col])) for row in table.rows)]) + 2
    return max(MIN_WIDTH, min(MAX_WIDTH, longest))


def write_sheet(sheet: Worksheet, table: Table, formats: dict[str, Format]) -> None:
    """Write a table with a frozen, filtered header row and fitted column widths."""
    cell_format = []
    for col in range(len(table.columns)):
        width = column_width(table, col)
        cell_format.append(formats["wrap" if width == MAX_WIDTH else "cell"])
        sheet.set_column(col, col, width, cell_format[col])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    sheet.repeat_rows(0)
    sheet.write_row(0, 0, table.columns, formats["header"])
    for row, values in enumerate(table.rows, start=1):
        for col, (column, value) in enumerate(zip(table.columns, values, strict=True)):
            if isinstance(value, int):
                sheet.write_number(row, col, value, cell_format[col])
            elif not value:
                continue  # a truly blank cell, which Excel's filters and ISBLANK know
            elif column == "url":
                write_link(sheet, row, col, value, formats["link"])
            elif column in BOOLEAN_COLUMNS and value in ("true", "false"):
                sheet.write_boolean(row, col, value == "true", cell_format[col])
            elif column in DATE_COLUMNS and (day := iso_day(value)):
                sheet.write_datetime(row, col, day, formats["date"])
            elif column in DECIMAL_COLUMNS and (number := decimal(value)) is not None:
                sheet.write_number(row, col, number, formats["decimal"])
            else:
                sheet.write_string(row, col, value, cell_format[col])


def iso_day(value: str) -> date | None:
    """The date a ``YYYY-MM-DD`` cell names, or None when it is no such date."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def decimal(value: str) -> float | None:
    """The number a cell such as "0.95" names, or None when it names none."""
    try:
        return float(value)
    except ValueError:
        return None


def write_link(sheet: Worksheet, row: int, col: int, url: str, link_format: Format) -> None:
    """A web address as a hyperlink; anything else (or one Excel cannot hold) as text."""
    linkable = url.startswith(LINK_SCHEMES) and len(url) <= MAX_URL_CHARS
    if not linkable or sheet.write_url(row, col, url, link_format, string=url) < 0:
        sheet.write_string(row, col, url)
