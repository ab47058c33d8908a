"""Workbook: claims.xlsx from a real run and from hand-made tables, read back with openpyxl."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.outputs.tables import Table
from pipeline.outputs.workbook import write_workbook
from pipeline.run import run_extract
from pipeline.settings import Settings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
ACCENTS = (
    "Hollande: France ready to talk with Moscow\n\n"
    "PARIS \u2014 French President Fran\u00e7ois Hollande said on Friday that France was ready "
    "to work with Russia in Syria.\n\n"
    "\u201cWe will not accept another d\u00e9j\u00e0 vu in Syria,\u201d Hollande told reporters "
    "at the \u00c9lys\u00e9e Palace. \u201cThe caf\u00e9 talk is over.\u201d\n"
)

REPRINT = (
    "Assad says Syrian troops must lead\n\n"
    "DAMASCUS \u2014 Syrian President Bashar al-Assad said the campaign against Islamic State "
    "needed soldiers on the ground.\n\n"
    "\u201cThe question you have to ask the Americans is, which troops are you going to rely "
    "on? Definitely, it has to be Syrian troops,\u201d Assad said.\n"
)  # a seed's quote (003) with one word changed: "depend" -> "rely"
SOURCES = (
    "file,outlet,published\n"
    "000_9c0f1e80a72111a8.txt,Haaretz,2015-10-22\n"
    "001_d0d340eb2efa703e.txt,Breitbart,2015-10-23\n"
    "005_accents.txt,Le Monde,2015-11-20\n"
)


URLS = Table(
    "mentions",
    ("mention_id", "text", "start", "url"),
    (
        ("M1", "We will.", 3, "javascript:alert(1)"),  # never a link
        ("M2", "We won't.", 40, "https://news.example/a?b=1&c=2"),
        ("M3", "We may.", 95, "http://news.example/b"),
    ),
)


@pytest.fixture(scope="session")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run (with --xlsx) over the sample articles plus one with accents and curly
    quotes and one reprinting a quote with a word changed, some of them dated by a
    sources.csv."""
    raw = tmp_path_factory.mktemp("raw")
    for article in RAW.iterdir():
        shutil.copy(article, raw)
    (raw / "005_accents.txt").write_text(ACCENTS, encoding="utf-8")
    (raw / "006_reprint.txt").write_text(REPRINT, encoding="utf-8")
    (raw / "sources.csv").write_text(SOURCES, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run_extract(Settings(input=raw, out=out, all_speakers=True, progress=False, xlsx=True))
    return out


def read_output(out: Path, name: str) -> pd.DataFrame:
    """One CSV of an output folder, every cell a string (empty cells as "")."""
    return pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def sheet_values(sheet: Worksheet) -> list[list[object]]:
    """Every row of a sheet as a list of cell values."""
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_workbook_sheets_mirror_the_csvs(extracted: Path) -> None:
    book = load_workbook(extracted / "claims.xlsx")
    assert book.sheetnames == ["claims", "mentions"]
    for name in book.sheetnames:
        frame = read_output(extracted, f"{name}.csv")
        values = sheet_values(book[name])
        assert values[0] == list(frame.columns)
        assert len(values) == len(frame) + 1
        texts = [[as_csv(v) for v in row] for row in values[1:]]
        assert texts == frame.to_numpy().tolist()


def as_csv(value: object) -> str:
    """A cell's value as the CSV writes it: booleans as true/false, dates as ISO dates,
    fractions (the confidence) with two decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def test_workbook_types_counts_dates_booleans_and_fractions(extracted: Path) -> None:
    book = load_workbook(extracted / "claims.xlsx")
    claims, mentions = (column_values(book[name]) for name in ("claims", "mentions"))
    for column in ("n_sources", "n_mentions", "n_outlets", "independent_sources"):
        assert all(isinstance(v, int) and not isinstance(v, bool) for v in claims[column])
    for column in ("start", "end"):
        assert all(isinstance(v, int) for v in mentions[column])
    for sheet, column in ((claims, "first_published"), (mentions, "published")):
        dates = [v.date() for v in sheet[column] if isinstance(v, datetime)]
        assert dates and len(dates) == sum(v is not None for v in sheet[column])
        assert set(dates) <= {date(2015, 10, 22), date(2015, 10, 23), date(2015, 11, 20)}
    for column in ("is_question", "differs_from_first"):
        assert {type(v) for v in mentions[column]} == {bool}
    confidence = mentions["confidence"]
    assert confidence and all(isinstance(v, float) and 0 <= v <= 1 for v in confidence)
    assert True in mentions["differs_from_first"] and True in mentions["is_question"]
    altered = claims["changes"][claims["wording"].index("altered")]
    assert altered == "depend → rely (006_reprint.txt)"
    sheet = book["claims"]
    row = 2 + [v is not None for v in claims["first_published"]].index(True)
    dated = sheet.cell(row, list(claims).index("first_published") + 1)
    assert dated.is_date and dated.number_format == "yyyy-mm-dd"


def column_values(sheet: Worksheet) -> dict[str, list[object]]:
    """Each column of a sheet (by its header) and its cells' values below the header."""
    rows = sheet_values(sheet)
    return {str(name): [row[i] for row in rows[1:]] for i, name in enumerate(rows[0])}


def test_workbook_prints_landscape_fitted_to_width_header_on_every_page(extracted: Path) -> None:
    book = load_workbook(extracted / "claims.xlsx")
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        width = sheet.page_setup.fitToWidth or 1  # 1 is the file format's default: not written
        assert (width, sheet.page_setup.fitToHeight) == (1, 0)  # 0: as many pages tall as need
        assert sheet.print_title_rows == "$1:$1"


def test_workbook_header_frozen_and_filtered(extracted: Path) -> None:
    book = load_workbook(extracted / "claims.xlsx")
    for name in book.sheetnames:
        sheet = book[name]
        last = get_column_letter(sheet.max_column)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
        assert sheet["A1"].font.b
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert widths and all(6 <= w <= 61 for w in widths)


def test_workbook_numbers_are_numbers_and_text_is_never_a_formula(
    extracted: Path, tmp_path: Path
) -> None:
    assert isinstance(load_workbook(extracted / "claims.xlsx")["claims"]["E2"].value, int)
    formula = '=HYPERLINK("https://evil.example")'
    table = Table("mentions", ("text", "start", "end"), ((formula, 5, ""),))
    sheet = load_workbook(write_workbook(tmp_path, [table]))["mentions"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == formula
    assert sheet["B2"].value == 5 and sheet["C2"].value is None  # a blank cell, not ""


def test_workbook_links_each_mention_to_its_url(tmp_path: Path) -> None:
    sheet = load_workbook(write_workbook(tmp_path, [URLS]))["mentions"]
    cells = [sheet.cell(row, 4) for row in range(2, len(URLS.rows) + 2)]
    assert cells[0].hyperlink is None and cells[0].value == "javascript:alert(1)"
    assert [c.hyperlink.target for c in cells[1:]] == [row[3] for row in URLS.rows[1:]]


def test_workbook_without_urls_has_no_links(extracted: Path) -> None:
    sheet = load_workbook(extracted / "claims.xlsx")["mentions"]
    assert not any(cell.hyperlink for row in sheet.iter_rows() for cell in row)


def test_workbook_keeps_curly_quotes_and_accents(extracted: Path) -> None:
    sheet = load_workbook(extracted / "claims.xlsx")["mentions"]
    shown = " ".join(str(v) for row in sheet_values(sheet) for v in row)
    for word in (
        "Fran\u00e7ois",
        "d\u00e9j\u00e0 vu",
        "\u00c9lys\u00e9e",
        "caf\u00e9 talk",
        "\u2026",
    ):
        assert word in shown
    assert "\u201cWe will not accept" in shown and "\u201cpositively\u201d" in shown


def test_workbook_keeps_previous_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_workbook(tmp_path, [URLS])
    before = path.read_bytes()

    def crash(*_: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr("pipeline.outputs.workbook.write_sheet", crash)
    with pytest.raises(RuntimeError):
        write_workbook(tmp_path, [URLS])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.xlsx"]
