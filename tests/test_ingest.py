"""Ingest: every file decoded as it is, bad files skipped with a reason."""

from __future__ import annotations

import errno
import json
import os
import tracemalloc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputMissing
from pipeline.ingest import decode, ingest, read_jsonl
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
    decoded = decode(raw)
    assert decoded.text == expected and decoded.replaced == 0


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
        path.write_text(f"{TEXT}{name}" if not name.endswith("htm") else "<p>x</p>", "utf-8")
    items = list(ingest(tmp_path))
    assert [i.source for i in items] == ["a.txt", "b/a.TXT", "b/z.md", "c.htm", "notes.csv"]
    assert items[-1] == Skipped("notes.csv", "unsupported file type .csv")


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
        "",
        json.dumps({"text": f"{TEXT} no id"}),
        json.dumps(["a list", TEXT]),
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(ingest(corpus))
    assert isinstance(items[0], Article) and items[0].meta == {"outlet": "Example"}
    assert [i.source for i in items] == [
        "a1",
        "corpus.jsonl:2",
        "corpus.jsonl:3",
        "corpus.jsonl:5",
        "corpus.jsonl:6",
    ]
    assert [type(i) for i in items] == [Article, Skipped, Skipped, Article, Skipped]
    assert reasons(items) == {
        "corpus.jsonl:2": "invalid JSON (Expecting property name enclosed in double quotes "
        "at column 2)",
        "corpus.jsonl:3": "empty text (no 'text' or 'maintext' field with words in it)",
        "corpus.jsonl:6": "invalid JSON (not an object)",
    }


def reasons(items: Iterable[Article | Skipped]) -> dict[str, str]:
    """The reason of each Skipped record, by source."""
    return {i.source: i.reason for i in items if isinstance(i, Skipped)}


def write_lines(path: Path, lines: Iterable[bytes]) -> Path:
    """A JSONL file of these raw lines."""
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def line(**record: object) -> bytes:
    """One JSONL line (escaped as ASCII, as json.dumps does)."""
    return json.dumps(record).encode()


def test_ingest_jsonl_bad_lines_cost_only_themselves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = [line(id=f"a{n}", text=f"{TEXT} number {n}") for n in range(200)]
    bad_byte = line(id="bad", text=f"{TEXT} bad byte").replace(b"bad byte", b"bad \xff byte")
    corpus = write_lines(
        tmp_path / "corpus.jsonl",
        [
            b"\xef\xbb\xbf" + good[0],
            *good[1:100],
            bad_byte,
            b"[" * 100_000 + b"]" * 100_000,
            b'{"id": "big", "n": 1' + b"0" * 100_000 + b', "text": "Number ' + b"9" * 5000 + b'"}',
            *good[100:],
        ],
    )
    items = list(ingest(corpus))
    articles = {i.source: i for i in items if isinstance(i, Article)}
    warned = capsys.readouterr().err
    assert "warning corpus.jsonl:101: 1 invalid UTF-8 byte sequence replaced" in warned
    assert len(articles) == 202 and {f"a{n}" for n in range(200)} <= set(articles)
    assert articles["a0"].text == f"{TEXT} number 0"  # line 1, after its byte order mark
    assert articles["bad"].text == f"{TEXT} bad \ufffd byte" and articles["bad"].derived
    assert not articles["a0"].derived
    assert "n" not in articles["big"].meta  # read as its digits, too long for metadata
    assert reasons(items) == {"corpus.jsonl:102": "invalid JSON (nested too deeply)"}


def test_ingest_jsonl_line_over_the_limit_is_skipped_unread(tmp_path: Path) -> None:
    long = line(id="long", text="word " * 1_000_000)
    corpus = write_lines(
        tmp_path / "c.jsonl", [line(id="a", text=TEXT), long, line(id="b", text=f"{TEXT}.")]
    )
    tracemalloc.start()
    items = list(read_jsonl(corpus, limit=10_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [i.source for i in items] == ["a", "c.jsonl:2", "b"]
    assert reasons(items) == {"c.jsonl:2": "too large for an article: 5.0 MB (limit 0 MB)"}
    assert peak < len(long) // 4  # read past in pieces, never held whole


def test_ingest_jsonl_surrogates_and_nuls_never_reach_the_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = (
        b'{"id": "x\\ud800y", "text": "Lone \\udc00 surrogate and a NUL \\u0000 here.", '
        b'"outlet": "Out\\ud83dlet", "\\udfffkey": "v\\u0000"}'
    )
    (article,) = ingest(write_lines(tmp_path / "c.jsonl", [raw]))
    assert isinstance(article, Article)
    assert article.source == "x\ufffdy"
    assert article.text == "Lone \ufffd surrogate and a NUL   here."  # same length
    assert article.meta == {"outlet": "Out\ufffdlet", "\ufffdkey": "v "}
    assert article.derived
    for value in (article.source, article.text, *article.meta, *article.meta.values()):
        value.encode("utf-8")  # a lone surrogate would raise here
        assert "\x00" not in value
    warned = capsys.readouterr().err
    assert "warning x\ufffdy: 2 lone surrogate or NUL characters replaced" in warned


def test_ingest_jsonl_sources_are_unique_and_never_none(tmp_path: Path) -> None:
    lines = [
        line(id="a", text=f"{TEXT} 1"),
        line(id="a", text=f"{TEXT} 2"),
        line(id=None, url="https://example.org/3", text=f"{TEXT} 3"),
        line(id="", source="feed/4.html", text=f"{TEXT} 4"),
        line(filename="https%3A%2F%2Fexample.org%2F5.json", text=f"{TEXT} 5"),
        line(id=None, text=f"{TEXT} 6"),
        line(id=7, text=f"{TEXT} 7"),
        line(id="a", text=f"{TEXT} 8"),
        line(id="a#2", text=f"{TEXT} 9"),
    ]
    sources = [i.source for i in ingest(write_lines(tmp_path / "c.jsonl", lines))]
    assert sources == [
        "a",
        "a#2",
        "https://example.org/3",
        "feed/4.html",
        "https%3A%2F%2Fexample.org%2F5.json",
        "c.jsonl:6",
        "7",
        "a#8",
        "a#2#9",
    ]


TRAFILATURA_LINE = {  # trafilatura --json --with-metadata, as it writes a page
    "title": "Bridge to reopen",
    "author": "Jane Doe",
    "hostname": "example.com",
    "date": "2015-10-22",
    "fingerprint": "364d896a98a24e77",
    "id": None,
    "license": None,
    "comments": "",
    "raw_text": "The mayor said the bridge would reopen. \u201cWe are proud,\u201d she said.",
    "text": "The mayor said the bridge would reopen.\n\u201cWe are proud,\u201d she said.",
    "language": None,
    "image": None,
    "pagetype": None,
    "filedate": "2026-12-01",
    "source": "https://news.example.com/2015/10/22/bridge",
    "source-hostname": "Example News",
    "excerpt": None,
    "categories": "",
    "tags": "",
}
NEWS_PLEASE_LINE = {  # news-please's article JSON, one a line
    "authors": ["Jane Doe", "John Roe"],
    "date_download": None,
    "date_modify": None,
    "date_publish": "2017-07-17 17:03:00",
    "description": "Russia has called on Ukraine to stick to the Minsk peace process.",
    "filename": "https%3A%2F%2Fwww.rt.com%2Fnews%2F203203-ukraine%2F.json",
    "image_url": "https://img.rt.com/files/news/31/9c/30/00/canada.si.jpg",
    "language": "en",
    "localpath": None,
    "source_domain": "www.rt.com",
    "maintext": "\u201cStick to Minsk,\u201d the Russian foreign minister said on Monday.",
    "text": None,
    "title": "Moscow to Kiev: Stick to Minsk ceasefire",
    "title_page": None,
    "title_rss": None,
    "url": "https://www.rt.com/news/203203-ukraine/",
}


def test_ingest_reads_trafilatura_and_news_please_jsonl(tmp_path: Path) -> None:
    bare = {"text": "\u201cWe will win,\u201d he said on Monday in Geneva.", "comments": ""}
    corpus = write_lines(
        tmp_path / "c.jsonl", [line(**TRAFILATURA_LINE), line(**NEWS_PLEASE_LINE), line(**bare)]
    )
    trafilatura, news_please, plain = ingest(corpus)
    assert isinstance(trafilatura, Article) and trafilatura.text == TRAFILATURA_LINE["text"]
    assert trafilatura.source == "https://news.example.com/2015/10/22/bridge"
    assert trafilatura.meta == {
        "url": "https://news.example.com/2015/10/22/bridge",
        "published": "2015-10-22",
        "outlet": "Example News",  # the site's name, not its host
        "host": "example.com",
        "author": "Jane Doe",
        "title": "Bridge to reopen",
        "fingerprint": "364d896a98a24e77",
        "filedate": "2026-12-01",
    }
    assert isinstance(news_please, Article) and news_please.text == NEWS_PLEASE_LINE["maintext"]
    assert news_please.source == "https://www.rt.com/news/203203-ukraine/"
    assert news_please.meta == {
        "url": "https://www.rt.com/news/203203-ukraine/",
        "published": "2017-07-17",
        "host": "www.rt.com",
        "outlet": "RT",  # the host, named by the outlets table
        "author": "Jane Doe; John Roe",
        "description": "Russia has called on Ukraine to stick to the Minsk peace process.",
        "image_url": "https://img.rt.com/files/news/31/9c/30/00/canada.si.jpg",
        "language": "en",
        "title": "Moscow to Kiev: Stick to Minsk ceasefire",
    }
    assert isinstance(plain, Article) and plain.source == "c.jsonl:3" and not plain.derived


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


def test_ingest_repairs_a_mostly_utf8_file_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = TEXT.encode("utf-8").replace(b"give up", b"give \x97up")  # one CP-1252 dash
    (tmp_path / "a.txt").write_bytes(raw)
    (article,) = ingest(tmp_path)
    assert isinstance(article, Article)
    assert article.text == TEXT.replace("give up", "give \ufffdup")  # not \u201c as mojibake
    assert article.derived
    assert article.meta == {
        "encoding": "utf-8 (1 invalid UTF-8 byte sequence replaced with U+FFFD)"
    }
    assert "warning a.txt: 1 invalid UTF-8 byte sequence replaced" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"It\x92s the mayor\x92s bridge.", "It\u2019s the mayor\u2019s bridge."),
        ((LATIN + " \u00c2\u00a3").encode("cp1252"), LATIN + " \u00c2\u00a3"),  # C2 A3 is UTF-8
    ],
    ids=["ascii-and-one-byte", "legacy-with-a-utf8-pair"],
)
def test_ingest_still_detects_legacy_code_pages(raw: bytes, expected: str) -> None:
    decoded = decode(raw)
    assert decoded == (expected, "cp1252", 0)


def test_ingest_nul_in_a_text_file_becomes_a_space(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TEXT.replace("said", "sa\0id").encode())
    (article,) = ingest(tmp_path)
    assert isinstance(article, Article) and article.derived
    assert article.text == TEXT.replace("said", "sa id")


def test_ingest_never_follows_a_symlink_out_of_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inp, outside = tmp_path / "in", tmp_path / "outside"
    (inp / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{TEXT} secret", encoding="utf-8")
    (inp / "a.txt").write_text(TEXT, encoding="utf-8")
    (inp / "hostname.txt").symlink_to("/etc/hostname")
    (inp / "sub" / "linked").symlink_to(outside, target_is_directory=True)
    (inp / "sub" / "secret.txt").symlink_to(outside / "secret.txt")
    (inp / "sources.csv").symlink_to(outside / "secret.txt")
    opened: list[tuple[str, int]] = []
    real_open = os.open

    def spy(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        opened.append((os.fspath(path), flags))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    items = list(ingest(inp))
    assert reasons(items) == {
        "sources.csv": "symbolic link: not followed",
        "hostname.txt": "symbolic link: not followed",
        "sub/linked/": "symbolic link: not followed",
        "sub/secret.txt": "symbolic link: not followed",
    }
    assert [i.source for i in items if isinstance(i, Article)] == ["a.txt"]
    assert {Path(p).name for p, _ in opened} == {"a.txt", "sources.csv"}  # the link refused:
    assert all(Path(p).is_relative_to(inp) and flags & os.O_NOFOLLOW for p, flags in opened)


def test_ingest_names_every_file_it_does_not_read(tmp_path: Path) -> None:
    for name in ("a.txt", "table.xls", "old.doc", "photo.PNG", "README", "sub/data.csv", "c.jsonl"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"{TEXT} {name}", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,outlet\na.txt,Example\n", encoding="utf-8")
    items = list(ingest(tmp_path))
    (article,) = (i for i in items if isinstance(i, Article))
    assert article.source == "a.txt" and article.meta["outlet"] == "Example"
    assert reasons(items) == {
        "README": "unsupported file type (no suffix)",
        "c.jsonl": "unsupported file type .jsonl (a JSONL corpus is read when it is INPUT itself)",
        "old.doc": "unsupported file type .doc",
        "photo.PNG": "unsupported file type .png",
        "sub/data.csv": "unsupported file type .csv",
        "table.xls": "unsupported file type .xls",
    }
