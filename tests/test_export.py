"""Export: CSV files a spreadsheet opens cleanly, every output written atomically."""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from pipeline.outputs import write_outputs
from pipeline.outputs.atomic import replacing_text
from pipeline.outputs.csv import write_csv
from pipeline.outputs.tables import CLAIM_COLUMNS, MENTION_COLUMNS
from pipeline.records import Claim, Mention, Quote

CONTRACT_MENTION_COLUMNS = [
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
]
CONTRACT_CLAIM_COLUMNS = [
    "claim_id",
    "speaker",
    "claim",
    "type",
    "n_sources",
    "n_mentions",
    "sources",
    "variants",
]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("\u201cWe will win,\u201d he said", "\u201cWe will win,\u201d he said"),
        ("two\nlines\r\nand\ttabs", "two lines and tabs"),
        ('a "quoted", comma', 'a "quoted", comma'),
        ("Jos\u00e9 \u2026 caf\u00e9", "Jos\u00e9 \u2026 caf\u00e9"),
        (12, "12"),
    ],
)
def test_export_cells_round_trip_on_one_line(tmp_path: Path, cell: object, expected: str) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, ["a", "b"], [[cell, "x"]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 2  # header and one row: no line break inside a cell
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [["a", "b"], [expected, "x"]]
    assert pd.read_csv(path, encoding="utf-8-sig", dtype=str).iloc[0, 0] == expected


def test_export_keeps_previous_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, ["a"], [["old"]])
    with pytest.raises(RuntimeError), replacing_text(path) as handle:
        handle.write("half a fi")
        raise RuntimeError("killed")
    assert "old" in path.read_text(encoding="utf-8-sig")
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (Debian libreoffice-calc) is absent")
def test_export_libreoffice_keeps_curly_quotes_and_accents(tmp_path: Path) -> None:
    cells = [
        "\u201cWe will not give up,\u201d he said \u2014 d\u00e9j\u00e0 vu",
        "Jos\u00e9 Mart\u00ednez \u2026 \u2018positively\u2019",
        "\u00ab Oui \u00bb, \u201eja\u201c",
    ]
    write_csv(tmp_path / "claims.csv", ["claim"], [[c] for c in cells])
    # Headless LibreOffice has no import dialog, so the character set the dialog would offer
    # (UTF-8, from the byte order mark) is named in the filter options.
    subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--infilter=CSV:44,34,76",
            "--convert-to",
            "html",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "claims.csv"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    page = (tmp_path / "claims.html").read_text(encoding="utf-8")
    shown = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]
    assert [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in shown] == ["claim", *cells]


def mention(source: str, story: str = "", **meta: str) -> Mention:
    """A one-quote mention of ``source`` (in ``story``) with the given source metadata."""
    quote = Quote(source, "direct", ((1, 9),), "We will.", (0, 20))
    return Mention(
        f"M-{source}", quote, "Vladimir Putin", meta=meta, sentence="sentence", story_id=story
    )


def read_back(path: Path) -> pd.DataFrame:
    """A written CSV as a frame of strings, empty cells as ""."""
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def write_sample(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write one claim over four files, two of them one outlet; return both CSVs as frames."""
    mentions = [
        mention("a.txt", outlet="The Guardian", published="2015-11-16"),
        mention("b.txt", outlet="guardian", url="https://g.example/b", published="2015-11-15"),
        mention("c.txt", outlet="Reuters"),
        mention("d.txt"),
    ]
    ids = tuple(m.mention_id for m in mentions)
    sources = tuple(m.quote.source for m in mentions)
    claim = Claim("C1", "Vladimir Putin", "We will.", "direct", ids, sources, ())
    write_outputs(out, mentions, [claim], [])
    return read_back(out / "mentions.csv"), read_back(out / "claims.csv")


def test_export_source_columns_follow_the_contract(tmp_path: Path) -> None:
    mentions, claims = write_sample(tmp_path)
    n = len(CONTRACT_MENTION_COLUMNS)
    assert list(mentions.columns[:n]) == CONTRACT_MENTION_COLUMNS
    assert list(mentions.columns[n:]) == [
        "outlet",
        "url",
        "published",
        "speaker_id",
        "resolution",
        "confidence",
        "story_id",
        "differs_from_first",
    ]
    assert list(claims.columns[: len(CONTRACT_CLAIM_COLUMNS)]) == CONTRACT_CLAIM_COLUMNS
    assert list(claims.columns[len(CONTRACT_CLAIM_COLUMNS) :]) == [
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
    ]
    assert mentions[["outlet", "url", "published"]].values.tolist()[1:] == [
        ["guardian", "https://g.example/b", "2015-11-15"],
        ["Reuters", "", ""],
        ["", "", ""],
    ]


def test_export_counts_claims_by_distinct_outlets(tmp_path: Path) -> None:
    _, claims = write_sample(tmp_path)
    row = claims.iloc[0]
    assert (row["n_sources"], row["n_mentions"], row["n_outlets"]) == ("4", "4", "2")
    assert row["outlets"] == "Reuters; The Guardian"
    assert (row["first_published"], row["last_published"]) == ("2015-11-15", "2015-11-16")


def test_export_story_and_wording_columns(tmp_path: Path) -> None:
    """Copies of one story count once; the first outlet is the claim's first mention's; the
    changes are capped, the mentions that differ from the first wording flagged."""
    mentions = [
        mention("a.txt", "S1", outlet="Reuters"),
        mention("b.txt", "S1", outlet="Haaretz"),
        mention("c.txt", "S2", outlet="The Guardian"),
    ]
    changes = tuple(f"word{i} → other{i} (Outlet {i})" for i in range(40))
    claim = Claim(
        "C1", "Vladimir Putin", "We will.", "direct",
        tuple(m.mention_id for m in mentions), ("a.txt", "b.txt", "c.txt"), (),
        first_mention="M-b.txt", wording="altered", changes=changes, differing=("M-c.txt",),
    )  # fmt: skip
    write_outputs(tmp_path, mentions, [claim], [])
    row = read_back(tmp_path / "claims.csv").iloc[0]
    assert (row["n_sources"], row["independent_sources"]) == ("3", "2")
    assert (row["first_outlet"], row["wording"]) == ("Haaretz", "altered")
    assert row["changes"].startswith("word0 → other0 (Outlet 0); word1 → other1 (Outlet 1);")
    assert len(row["changes"]) <= 300 and row["changes"].endswith(" more")
    shown = row["changes"].count("→")
    assert row["changes"].endswith(f"; … {40 - shown} more")
    rows = read_back(tmp_path / "mentions.csv")
    assert rows[["story_id", "differs_from_first"]].values.tolist() == [
        ["S1", "false"],
        ["S1", "false"],
        ["S2", "true"],
    ]


def test_export_contract_columns_come_first() -> None:
    assert list(MENTION_COLUMNS[: len(CONTRACT_MENTION_COLUMNS)]) == CONTRACT_MENTION_COLUMNS
    assert list(CLAIM_COLUMNS[: len(CONTRACT_CLAIM_COLUMNS)]) == CONTRACT_CLAIM_COLUMNS


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_export_every_output_gets_the_mode_of_a_new_file(tmp_path: Path, umask: int) -> None:
    """The workbook and the report get the CSVs' mode: 0666 less the umask, not mkstemp's 0600."""
    claim = Claim("C1", "Vladimir Putin", "We will.", "direct", ("M-a.txt",), ("a.txt",), ())
    old = os.umask(umask)
    try:
        paths = write_outputs(tmp_path, [mention("a.txt")], [claim], [], xlsx=True, report="out")
    finally:
        os.umask(old)
    names = sorted(p.name for p in paths)
    assert names == [
        "articles.csv",
        "claims.csv",
        "claims.xlsx",
        "mentions.csv",
        "report.html",
        "skipped.csv",
        "speakers.csv",
    ]
    assert {p.stat().st_mode & 0o777 for p in paths} == {0o666 & ~umask}
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # no temporary file left
