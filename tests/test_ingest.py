"""Ingest: every file decoded as it is, bad files skipped with a reason."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputMissing
from pipeline.ingest import decode, ingest
from pipeline.records import Article, Skipped

STORY_HTML = (  # the article paragraphs of the HTML pages
    "<p>The mayor said the bridge would reopen next week after months of repairs by "
    "the city crews and two private firms.</p>"
    "<p>\u201cWe are proud of this work,\u201d she told reporters at the city hall.</p>"
)
TEXT = "Title of the story\n\n\u201cWe will not give up,\u201d said Jos\u00e9 Mart\u00ednez.\r\n"
LATIN = "Caf\u00e9 cr\u00e8me, d\u00e9j\u00e0 vu: the na\u00efve ma\u00eetre d' said so.\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        ("\ufeff".encode() + TEXT.encode("utf-8"), "\ufeff" + TEXT),
        (TEXT.encode("cp1252"), TEXT),
        (("\ufeff" + TEXT).encode("utf-16-le"), TEXT),
        (("\ufeff" + TEXT).encode("utf-16-be"), TEXT),
        (LATIN.encode("latin-1"), LATIN),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16le", "utf16be", "latin1"],
)
def test_ingest_decodes_each_encoding(raw: bytes, expected: str) -> None:
    text, _ = decode(raw)
    assert text == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
    ids=["empty", "blank", "png", "controls"],
)
def test_ingest_skips_unreadable_files(tmp_path: Path, raw: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(raw)
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    items = list(ingest(tmp_path))
    assert [type(i) for i in items] == [Skipped, Article]
    assert items[0].source == "bad.txt" and reason in items[0].reason  # type: ignore[union-attr]


def test_ingest_reads_folders_recursively_and_sorted(tmp_path: Path) -> None:
    for name in ("b/z.md", "a.txt", "b/a.TXT", "notes.csv", "c.htm"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT if not name.endswith("htm") else "<p>x</p>", encoding="utf-8")
    sources = [i.source for i in ingest(tmp_path)]
    assert sources == ["a.txt", "b/a.TXT", "b/z.md", "c.htm"]


def test_ingest_names_a_folder_it_cannot_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "locked/inside.txt", "z.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"{TEXT} {name}", encoding="utf-8")
    locked = tmp_path / "locked"
    if os.geteuid() == 0:  # root lists any folder: refuse it the way the system would
        scandir = os.scandir

        def refuse(path: Any) -> Any:
            if Path(path) == locked:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return scandir(path)

        monkeypatch.setattr(os, "scandir", refuse)
    else:
        locked.chmod(0)
    try:
        items = list(ingest(tmp_path))
    finally:
        locked.chmod(0o755)
    assert [i.source for i in items] == ["a.txt", "locked/", "z.txt"]
    assert items[1] == Skipped("locked/", "unreadable: Permission denied")


def test_ingest_keeps_offsets_of_the_file_as_is(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    (article,) = ingest(tmp_path)
    assert isinstance(article, Article)
    assert article.text == TEXT.replace("\n", "\r\n")


def test_ingest_extracts_html_article(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Bridge to reopen</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article>"
        f"{STORY_HTML}"
        "</article><footer>Copyright 2015 Example Media. All rights reserved.</footer>"
        "</body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (article,) = ingest(tmp_path)
    assert isinstance(article, Article)
    assert article.text.startswith("Bridge to reopen\n\n")
    assert "\u201cWe are proud of this work,\u201d" in article.text
    assert "Home" not in article.text and article.meta["title"] == "Bridge to reopen"


def test_ingest_reads_jsonl_corpus(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": TEXT, "outlet": "Example"}),
        "{not json",
        json.dumps({"id": "a2", "text": "  "}),
        json.dumps({"text": "no id"}),
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(ingest(corpus))
    assert isinstance(items[0], Article) and items[0].meta == {"outlet": "Example"}
    assert [type(i) for i in items[1:]] == [Skipped, Skipped, Skipped]
    assert "invalid JSON" in items[1].reason  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["missing", "file.txt"])
def test_ingest_rejects_missing_input(tmp_path: Path, name: str) -> None:
    (tmp_path / "file.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputMissing, match="folder of articles"):
        list(ingest(tmp_path / name))


def test_ingest_reads_html_source_meta(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Bridge to reopen</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:url" content="https://news.example.com/2015/10/22/bridge">'
        '<meta property="article:published_time" content="2015-10-22T08:30:00+03:00">'
        '<meta name="author" content="Jane Doe">'
        "</head><body><article>"
        f"{STORY_HTML}"
        "</article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (article,) = ingest(tmp_path)
    assert isinstance(article, Article)
    assert article.meta == {
        "title": "Bridge to reopen",
        "published": "2015-10-22",
        "outlet": "Example News",
        "url": "https://news.example.com/2015/10/22/bridge",
        "author": "Jane Doe",
    }


def test_ingest_reads_jsonl_source_meta(tmp_path: Path) -> None:
    record = {
        "id": "a1",
        "text": TEXT,
        "url": "https://www.example.org/a1",
        "published": "2015-10-22T10:00:00Z",
        "title": "Title of the story",
        "lang": "en",
    }
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = ingest(corpus)
    assert isinstance(article, Article)
    assert article.meta == {
        "url": "https://www.example.org/a1",
        "published": "2015-10-22",
        "title": "Title of the story",
        "lang": "en",
        "outlet": "example.org",
    }


def test_ingest_sources_csv_overrides_the_rest(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "one.txt").write_text(f"MOSCOW (Reuters) - {TEXT}", encoding="utf-8")
    (tmp_path / "two.txt").write_text(f"MOSCOW (Reuters) - {TEXT}", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        "file,outlet,url,published\nb/one.txt,Haaretz,https://haaretz.example/1,2015-10-22\n",
        encoding="utf-8-sig",
    )
    one, two = ingest(tmp_path)
    assert isinstance(one, Article) and isinstance(two, Article)
    assert one.meta == {
        "outlet": "Haaretz",
        "url": "https://haaretz.example/1",
        "published": "2015-10-22",
    }
    assert two.meta == {"outlet": "Reuters"}  # same text, another outlet: not a duplicate


def test_ingest_skips_a_broken_sources_csv(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("outlet\nHaaretz\n", encoding="utf-8")
    skipped, article = ingest(tmp_path)
    assert isinstance(skipped, Skipped) and skipped.source == "sources.csv"
    assert "no 'file' column" in skipped.reason and isinstance(article, Article)
