"""Workbook: claims.xlsx built from a real run's CSVs, read back with openpyxl."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.export import write_csv
from pipeline.runner import run_extract
from pipeline.settings import Settings
from pipeline.workbook import read_output, write_workbook

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
ACCENTS = (
    "Hollande: France ready to talk with Moscow\n\n"
    "PARIS \u2014 French President Fran\u00e7ois Hollande said on Friday that France was ready "
    "to work with Russia in Syria.\n\n"
    "\u201cWe will not accept another d\u00e9j\u00e0 vu in Syria,\u201d Hollande told reporters "
    "at the \u00c9lys\u00e9e Palace. \u201cThe caf\u00e9 talk is over.\u201d\n"
)


@pytest.fixture(scope="session")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run over the sample articles plus one with accents and curly quotes."""
    raw = tmp_path_factory.mktemp("raw")
    for article in RAW.iterdir():
        shutil.copy(article, raw)
    (raw / "005_accents.txt").write_text(ACCENTS, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run_extract(Settings(input=raw, out=out, all_speakers=True, progress=False))
    return out


@pytest.fixture
def out(extracted: Path, tmp_path: Path) -> Path:
    """A fresh copy of the run's output folder."""
    return Path(shutil.copytree(extracted, tmp_path / "out"))


def add_urls(out: Path) -> pd.DataFrame:
    """Give mentions.csv a ``url`` column after the contract's columns; return the frame."""
    mentions = read_output(out, "mentions.csv")
    mentions["url"] = "https://news.example/" + mentions["source"]
    mentions.loc[0, "url"] = "javascript:alert(1)"  # never a link
    write_csv(out / "mentions.csv", list(mentions.columns), mentions.itertuples(index=False))
    return mentions


def sheet_values(sheet: Worksheet) -> list[list[object]]:
    """Every row of a sheet as a list of cell values."""
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_workbook_sheets_mirror_the_csvs(out: Path) -> None:
    path = write_workbook(out)
    assert path == out / "claims.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["claims", "mentions"]
    for name in book.sheetnames:
        frame = read_output(out, f"{name}.csv")
        values = sheet_values(book[name])
        assert values[0] == list(frame.columns)
        assert len(values) == len(frame) + 1
        texts = [["" if v is None else str(v) for v in row] for row in values[1:]]
        assert texts == frame.to_numpy().tolist()


def test_workbook_header_frozen_and_filtered(out: Path) -> None:
    book = load_workbook(write_workbook(out))
    for name in book.sheetnames:
        sheet = book[name]
        last = get_column_letter(sheet.max_column)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
        assert sheet["A1"].font.b
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert widths and all(6 <= w <= 61 for w in widths)


def test_workbook_numbers_are_numbers_and_text_is_never_a_formula(out: Path) -> None:
    mentions = read_output(out, "mentions.csv")
    mentions.loc[0, "text"] = '=HYPERLINK("https://evil.example")'
    write_csv(out / "mentions.csv", list(mentions.columns), mentions.itertuples(index=False))
    book = load_workbook(write_workbook(out))
    claims, sheet = book["claims"], book["mentions"]
    assert isinstance(claims["E2"].value, int)  # n_sources
    text = sheet.cell(2, list(mentions.columns).index("text") + 1)
    assert text.data_type == "s" and text.value == mentions.loc[0, "text"]


def test_workbook_links_each_mention_to_its_url(out: Path) -> None:
    mentions = add_urls(out)
    sheet = load_workbook(write_workbook(out))["mentions"]
    col = list(mentions.columns).index("url") + 1
    cells = [sheet.cell(row, col) for row in range(2, len(mentions) + 2)]
    assert cells[0].hyperlink is None and cells[0].value == "javascript:alert(1)"
    assert [c.hyperlink.target for c in cells[1:]] == mentions["url"].tolist()[1:]


def test_workbook_without_urls_has_no_links(out: Path) -> None:
    sheet = load_workbook(write_workbook(out))["mentions"]
    assert not any(cell.hyperlink for row in sheet.iter_rows() for cell in row)


def test_workbook_keeps_curly_quotes_and_accents(out: Path) -> None:
    sheet = load_workbook(write_workbook(out))["mentions"]
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
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_workbook(out)
    before = path.read_bytes()

    def crash(*_: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr("pipeline.workbook.write_sheet", crash)
    with pytest.raises(RuntimeError):
        write_workbook(out)
    assert path.read_bytes() == before
    assert not list(out.glob(".*.tmp"))
