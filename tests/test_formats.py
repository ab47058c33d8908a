"""Formats: HTML, Word and PDF files read into derived articles, bounded, quietly."""

from __future__ import annotations

import csv
import warnings
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.ingest import formats, ingest
from pipeline.ingest.formats import paragraphs, without_heavy_elements
from pipeline.records import Article, Skipped
from pipeline.run import run_extract
from pipeline.settings import Settings

TITLE = "Talks resume in Geneva"
LINES = [  # as a PDF sets them: one paragraph wrapped over three lines, a short last one
    "\u201cWe are ready to talk to the opposition without any conditions,\u201d the",
    "foreign minister told reporters in Geneva on Monday, adding that his",
    "delegation would stay for as long as the talks took.",
    "He said the government would send a delegation to the talks next week.",
]
PARAGRAPH = " ".join(LINES[:3])
PAGE_HTML = (
    "<html><head><title>Bridge to reopen</title></head><body><article>"
    "<p>The mayor said the bridge would reopen next week after months of repairs by "
    "the city crews and two private firms.</p>"
    "<p>\u201cWe are proud of this work,\u201d she told reporters at the city hall.</p>"
    "</article></body></html>"
)


def pdf_bytes(lines: list[str], scanned: bool = False) -> bytes:
    """A one-page PDF: ``lines`` in its text layer (Helvetica, WinAnsi), or, ``scanned``, a
    page that is one picture and no text, as a scanner writes it."""

    def literal(line: str) -> bytes:
        escaped = line.encode("cp1252").replace(b"\\", b"\\\\")
        return b"(" + escaped.replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    if scanned:
        content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
        resources = b"<< /XObject << /Im1 4 0 R >> >>"
        extra = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
        extra += b" /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    else:
        content = b"BT /F1 11 Tf 72 740 Td 14 TL "
        content += b" ".join(literal(line) + b" Tj T*" for line in lines) + b" ET"
        resources = b"<< /Font << /F1 4 0 R >> >>"
        extra = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
        + resources
        + b" /Contents 5 0 R >>",
        extra,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write_docx(path: Path, paragraphs: list[str], title: str = "") -> None:
    """A Word file of ``paragraphs`` (the first as a heading), made with python-docx."""
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
        document.add_paragraph("")
    document.core_properties.title = title
    document.core_properties.author = "Jane Doe"
    document.save(str(path))


def only(root: Path) -> Article | Skipped:
    """The one item ingest gives for ``root``."""
    (item,) = ingest(root)
    return item


def test_formats_reads_a_word_file(tmp_path: Path) -> None:
    write_docx(tmp_path / "story.docx", [TITLE, PARAGRAPH, LINES[3]], title="Talks")
    article = only(tmp_path)
    assert isinstance(article, Article) and article.derived
    assert article.text == f"{TITLE}\n\n{PARAGRAPH}\n\n{LINES[3]}\n"
    assert article.meta == {"title": "Talks", "author": "Jane Doe"}


def test_formats_reads_the_text_layer_of_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "story.pdf").write_bytes(pdf_bytes([TITLE, *LINES]))
    article = only(tmp_path)
    assert isinstance(article, Article) and article.derived
    assert article.text == f"{TITLE}\n\n{PARAGRAPH}\n\n{LINES[3]}\n"


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("scan.pdf", pdf_bytes([], scanned=True), "PDF without a text layer (a scan?)"),
        ("broken.pdf", b"%PDF-1.4\nnot really a PDF", "unreadable PDF file"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "unreadable DOCX file"),
        ("empty.pdf", b"", "unreadable PDF file"),
    ],
    ids=["scan", "broken-pdf", "broken-docx", "empty-pdf"],
)
def test_formats_skips_documents_without_text(
    tmp_path: Path, name: str, raw: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(raw)
    skipped = only(tmp_path)
    assert isinstance(skipped, Skipped) and skipped.reason.startswith(reason), skipped


def test_formats_word_file_without_text_or_unpacking_too_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = docx.Document()
    document.add_paragraph("  ")
    document.save(str(tmp_path / "blank.docx"))
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("word/document.xml", b" " * 3_000_000)
    monkeypatch.setattr(formats, "MAX_UNPACKED_BYTES", 2_000_000)
    assert {i.source: i.reason for i in ingest(tmp_path) if isinstance(i, Skipped)} == {
        "blank.docx": "DOCX without text: nothing to read",
        "bomb.docx": "too large for an article: 3.0 MB (limit 2 MB)",
    }


def test_formats_html_without_markup_is_read_as_text(tmp_path: Path) -> None:
    text = f"{TITLE}\n\n{PARAGRAPH}\n\nIf x < y and y > z, then x < z.\n"
    (tmp_path / "plain.html").write_text(text, encoding="utf-8")
    article = only(tmp_path)
    assert isinstance(article, Article) and not article.derived
    assert article.text == text


def test_formats_html_bounded_before_trafilatura(tmp_path: Path) -> None:
    dense = "<div><span>menu item</span><a href='/x'>link text here</a></div>\n"
    (tmp_path / "huge.html").write_text(
        PAGE_HTML.replace("<article>", "<article>" + dense * (50_000_000 // len(dense))),
        encoding="utf-8",
    )
    script = "<script>var state = " + "'abcdefghij' + " * 1000 + "'';</script>\n"
    (tmp_path / "scripts.html").write_text(
        PAGE_HTML.replace("<body>", "<body>" + script * (3_000_000 // len(script))),
        encoding="utf-8",
    )
    (tmp_path / "small.html").write_text(PAGE_HTML.replace("city", "town"), encoding="utf-8")
    huge, scripts, small = ingest(tmp_path)
    assert isinstance(huge, Skipped) and huge.reason == (
        "HTML page too large to extract: 50.0 M characters of markup without scripts and "
        "styles (limit 2 M)"
    )
    assert isinstance(scripts, Article) and isinstance(small, Article)
    assert scripts.text == small.text.replace("town", "city")
    assert "\u201cWe are proud of this work,\u201d" in small.text


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ("a<script>x</script>b<STYLE type='t'>y</style >c", "abc"),
        ("a<!-- note -->b<svg><path/></svg>c<noscript>n</noscript>", "abc"),
        ("a<script>never closed", "a"),
        ("a<!-- never closed", "a"),
        ("a<scripted>b</scripted>", "a<scripted>b</scripted>"),
    ],
)
def test_formats_heavy_elements_go_in_one_pass(markup: str, kept: str) -> None:
    assert without_heavy_elements(markup) == kept


def test_formats_third_party_warnings_stay_off_the_console(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    page = PAGE_HTML.replace(
        "</head>", '<meta property="article:published_time" content="2015-10-22 10:00 EDT"></head>'
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    raw = pdf_bytes([TITLE, *LINES])
    (tmp_path / "story.pdf").write_bytes(raw.replace(b"startxref\n", b"startxref\n1"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page_article, pdf_article = ingest(tmp_path)
    assert isinstance(page_article, Article) and page_article.meta["published"] == "2015-10-22"
    assert isinstance(pdf_article, Article) and PARAGRAPH in pdf_article.text
    assert caught == [] and capfd.readouterr().err == ""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("\n".join([TITLE, *LINES]), [TITLE, PARAGRAPH, LINES[3]]),
        ("A long line that is wrapped with a hyphen at its co-\noperation end.", None),
        ("One line.\n\nAnother line after a gap", ["One line.", "Another line after a gap"]),
        ("", []),
    ],
    ids=["wrapped", "hyphen", "gap", "empty"],
)
def test_formats_pdf_lines_join_into_paragraphs(page: str, expected: list[str] | None) -> None:
    found = list(paragraphs(page))
    if expected is None:
        assert found == [page.replace("-\n", "-")]
    else:
        assert found == expected


def test_formats_word_pdf_and_plain_html_reach_the_outputs(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    said = "\u201cWe will rebuild the {0} bridge before the winter,\u201d Mayor Anna Berg said."
    write_docx(inp / "a.docx", [TITLE, said.format("north"), LINES[3]])
    (inp / "b.pdf").write_bytes(pdf_bytes([TITLE, said.format("south"), LINES[3]]))
    (inp / "c.html").write_text(f"{TITLE}\n\n{said.format('east')}\n", encoding="utf-8")
    (inp / "d.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    summary = run_extract(Settings(inp, out, all_speakers=True, progress=False, cache=False))
    assert (summary.read, summary.skipped) == (3, 1)
    with (out / "mentions.csv").open(encoding="utf-8-sig", newline="") as handle:
        quotes = {(row["source"], row["text"]) for row in csv.DictReader(handle)}
    for source, side in (("a.docx", "north"), ("b.pdf", "south"), ("c.html", "east")):
        assert (source, f"We will rebuild the {side} bridge before the winter") in quotes
    with (out / "skipped.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.DictReader(handle)) == [
            {"source": "d.xls", "reason": "unsupported file type .xls"}
        ]
    texts = sorted(p.name.split(".")[0] for p in (out / "text").rglob("*") if p.is_file())
    assert texts == ["a", "b"]  # offsets into c.html refer to the file itself
