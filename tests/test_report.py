"""Report: one self-contained HTML page from a real run's records, checked against its CSVs,
as text and in a real headless Chromium where one is installed."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import shutil
import struct
import subprocess
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image, ImageColor
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.outputs.charts import CARRIED, FIRST
from pipeline.outputs.report import Card, Pieces, sentence_pieces, timeline_picture, write_report
from pipeline.records import Claim, Mention, Offsets, Quote
from pipeline.run import run_extract
from pipeline.settings import Settings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium (Debian chromium) absent")
HOSTILE = "<script>alert('x')</script>"


class Fetches(HTMLParser):
    """Collects every address the page would fetch: src-like attributes of any tag, and
    href of any tag but a plain link (<a>), that point at another host."""

    ATTRS = frozenset({"src", "href", "srcset", "action", "poster", "data"})

    def __init__(self, page: str) -> None:
        super().__init__()
        self.found: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            remote = re.match(r"\s*(?:https?:)?//", value or "")
            if name in self.ATTRS and remote and (tag, name) != ("a", "href"):
                self.found.append(value or "")


@pytest.fixture(scope="session")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run over the sample articles, every speaker's claims listed, with its report."""
    out = tmp_path_factory.mktemp("out")
    run_extract(Settings(input=RAW, out=out, all_speakers=True, progress=False, report=True))
    return out


@pytest.fixture(scope="session")
def page(extracted: Path) -> str:
    return (extracted / "report.html").read_text(encoding="utf-8")


def claim_ids(html: str) -> list[str]:
    """The claim ids of the page's claim cards, in page order."""
    return re.findall(r'<li class="claim" id="([^"]+)"', html)


def read_output(out: Path, name: str) -> pd.DataFrame:
    """One CSV of an output folder, every cell a string (empty cells as "")."""
    return pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def with_outlets(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions with the outlet the page shows them under: their own, else the source."""
    outlet = mentions["outlet"]
    return mentions.assign(outlet=outlet.where(outlet != "", mentions["source"]))


def hostile(**meta: str) -> tuple[Claim, Mention]:
    """A claim and its one mention whose every field tries to break out of the page."""
    text = f"{HOSTILE} & more"
    sentence = f"\u201c{text},\u201d Mallory said."
    quote = Quote("a.txt", "direct", ((1, 1 + len(text)),), text, (0, len(sentence)), "said")
    mention = Mention(
        "M1",
        dataclasses.replace(quote, speaker_mention="Mallory"),
        "<b>Mallory</b>",
        meta={"outlet": '"><img src=https://evil.example/x.png>', "url": "javascript:alert(1)"}
        | meta,
        sentence=sentence,
    )
    claim = Claim("C1", "<b>Mallory</b>", text, "direct", ("M1",), ("a.txt",), ())
    return claim, mention


def page_of(folder: Path, claim: Claim, mention: Mention) -> str:
    """The report of one claim and its mention."""
    return write_report(folder, [claim], [mention], "out").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("sentence", "fragments", "expected"),
    [
        ("He said we won.", [(8, 14)], (("He said ", False), ("we won", True), (".", False))),
        (
            "\u201cA,\u201d he said, \u201cB.\u201d",
            [(1, 2), (15, 17)],
            (("\u201c", False), ("A", True), (",\u201d he said, \u201c", False), ("B.", True),
             ("\u201d", False)),
        ),
        ("the x, he said the x", [(15, 20)], (("the x, he said ", False), ("the x", True))),
        (" He  said\n\u201cwe\n won\u201d. ", [(11, 18)],
         (("He said \u201c", False), ("we won", True), ("\u201d.", False))),
        ("Nothing here.", [(40, 50)], ()),
        ("", [(0, 5)], ()),
    ],
    ids=["one piece", "split", "not the first match", "whitespace", "outside", "empty"],
)  # fmt: skip
def test_report_sentence_pieces_mark_each_fragment_by_offsets(
    sentence: str, fragments: list[Offsets], expected: Pieces
) -> None:
    assert sentence_pieces(sentence, 0, fragments) == expected
    shifted = [(s + 100, e + 100) for s, e in fragments]
    assert sentence_pieces(sentence, 100, shifted) == expected


def test_report_is_self_contained(page: str) -> None:
    assert page.startswith("<!doctype html>")
    assert not re.search(r"https?://", page)  # the run has no URLs: none on the page
    for banned in ("<script", "<link", "<img", "<iframe", "<image", "@import"):
        assert banned not in page
    assert not re.search(r"url\((?!#)", page)  # the charts' clip paths only: url(#id)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_report_escapes_hostile_text(tmp_path: Path) -> None:
    html = page_of(tmp_path, *hostile())
    assert "<script" not in html and "<img" not in html and "<b>Mallory" not in html
    assert "<mark>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</mark>" in html
    assert "javascript:" not in html
    assert Fetches(html).found == []


def test_report_links_outlets_to_their_urls(tmp_path: Path) -> None:
    html = page_of(tmp_path, *hostile(outlet="Le Monde", url="https://lemonde.example/a?b=1&c=2"))
    anchor = '<a href="https://lemonde.example/a?b=1&amp;c=2" rel="noopener noreferrer">Le Monde'
    assert anchor in html
    assert '<th scope="col" class="outlet"><span>Le Monde</span></th>' in html
    assert Fetches(html).found == []


def test_report_claims_per_speaker_by_reach(extracted: Path, page: str) -> None:
    claims = read_output(extracted, "claims.csv")
    claims[["n_sources", "n_mentions"]] = claims[["n_sources", "n_mentions"]].astype(int)
    sections = re.split(r'<article class="speaker"', page)[1:]
    assert len(sections) == claims["speaker"].nunique()
    for section in sections:
        shown = claims.set_index("claim_id").loc[claim_ids(section)]
        assert shown["speaker"].nunique() == 1
        reach = list(zip(shown["n_sources"], shown["n_mentions"], strict=True))
        assert reach == sorted(reach, reverse=True)
    assert sorted(claim_ids(page)) == sorted(claims["claim_id"])


def test_report_matrix_marks_who_carried_what(extracted: Path, page: str) -> None:
    mentions = with_outlets(read_output(extracted, "mentions.csv"))
    outlets = re.findall(r'<th scope="col" class="outlet"><span>([^<]+)</span>', page)
    assert sorted(outlets) == sorted(mentions["outlet"].unique())
    rows = re.findall(r"<tr><th scope=\"row\"><a href=\"#([^\"]+)\".*?</tr>", page)
    pairs = mentions[mentions["claim_id"].isin(rows)].groupby(["claim_id", "outlet"]).size()
    assert page.count('<td class="hit"') == len(pairs)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium with no network side traffic; return its stdout."""
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout


@needs_chromium
def test_report_renders_in_chromium(extracted: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    url = (extracted / "report.html").as_uri()
    chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert shot.stat().st_size > 50_000  # a page of text and colour, not a blank canvas
    assert png_size(shot) == (1280, 2000)


@needs_chromium
def test_report_dom_has_matrix_and_marks(extracted: Path, page: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", (extracted / "report.html").as_uri())
    assert '<table class="matrix">' in dom
    assert dom.count('<td class="hit"') == page.count('<td class="hit"') > 0
    assert dom.count("<mark>") == page.count("<mark>") >= len(claim_ids(page))
    assert "<script" not in dom


def test_report_of_a_run_without_quotes(tmp_path: Path) -> None:
    html = write_report(tmp_path, [], [], "out").read_text(encoding="utf-8")
    assert "<dt>claims</dt><dd>0</dd>" in html and claim_ids(html) == []
    assert "<svg" not in html and "No claim has a publication date" in html


FIRST_NAMES = ("Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hassan", "Irina")
SURNAMES = ("Berg", "Cole", "Dunn", "Ekman", "Ford", "Gallo", "Haas", "Ivers", "Jansen", "Kahn")
PAPERS = (
    "Daily Example", "Morning Ledger", "Evening Courier", "Harbour Gazette", "Valley Times",
    "North Star", "City Herald", "Coastal Post", "River Tribune", "Mountain Echo",
    "Plains Register", "Island Mail", "Capital Observer", "Border Sentinel", "Lakeside News",
    "Metro Bulletin", "Southern Cross", "Eastern Review", "Western Dispatch", "Central Press",
    "Highland Voice", "Delta Journal", "Forest Chronicle", "Canyon Record", "Prairie Standard",
    "Bay Monitor", "Summit Examiner", "Harvest Weekly", "Union Leader", "Frontier Daily",
    "Atlantic Wire", "Pacific Report", "Old Town Crier", "New Town Gazette",
)  # fmt: skip
PUTIN = (
    "We will never abandon our partners in Damascus, and we will keep fighting the terrorists "
    "until the job is done"
)


def wide_article(i: int, paper: str) -> dict[str, str]:
    """One outlet's article: Putin's quote (one word changed by every third outlet, cut by
    some others), and two local speakers of its own, over filler words of its own (the last
    three outlets print one wire copy)."""
    rng = random.Random(min(i, len(PAPERS) - 3))
    quote = PUTIN.replace("never", "not") if i % 3 == 1 else PUTIN
    quote = quote.split(", and")[0] if i % 4 == 2 else quote
    official = f"{FIRST_NAMES[i % 9]} {SURNAMES[i % 10]}"
    mayor = f"{FIRST_NAMES[(i + 4) % 9]} {SURNAMES[(i + 3) % 10]}-{i}"
    filler = " ".join(rng.choices(SURNAMES + FIRST_NAMES, k=120)).lower()
    text = (
        f"{paper}: Putin vows to stand by Damascus\n\n"
        "MOSCOW \u2014 Russian President Vladimir Putin said on Thursday that Moscow would keep "
        "supporting the Syrian army.\n\n"
        f"\u201c{quote},\u201d Putin told reporters in the Kremlin.\n\n"
        f"Residents listed what they had seen: {filler}.\n\n"
        f"{official}, a local official, said the harbour in town {i} would reopen next month.\n\n"
        f"\u201cThe new bridge over the river will carry buses from spring {i},\u201d said "
        f"{mayor}, the mayor.\n"
    )
    day = f"2015-10-{20 + i % 7:02d}"
    return {"id": f"{i:02d}.txt", "outlet": paper, "published": day, "text": text}


@pytest.fixture(scope="session")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run over 34 dated articles from 34 outlets, 60 speakers, with its report."""
    folder = tmp_path_factory.mktemp("wide")
    lines = [json.dumps(wide_article(i, paper)) for i, paper in enumerate(PAPERS)]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "out"
    run_extract(
        Settings(folder / "corpus.jsonl", out, all_speakers=True, progress=False, report=True)
    )
    return out


@pytest.fixture(scope="session")
def wide_page(wide: Path) -> str:
    return (wide / "report.html").read_text(encoding="utf-8")


def stat(page: str, label: str) -> int:
    """A header figure of the page."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>([\d,]+)</dd>", page)
    assert found is not None, label
    return int(found[1].replace(",", ""))


def test_report_pictures_claims_by_outlet_and_per_day(wide_page: str) -> None:
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', wide_page, re.S)
    assert len(figures) == 2
    outlets, timeline = figures
    assert '<svg viewBox="' in outlets and 'aria-label="claims by outlet"' in outlets
    assert 'aria-label="claims per day of first publication"' in timeline
    assert "Daily Example" in outlets and "Oct" in timeline  # labels stay text
    assert outlets.count(f"fill: {CARRIED}") >= 20  # one bar per outlet shown


def dated_card(published: str) -> Card:
    """A claim card first published on ``published``; nothing else about it matters here."""
    return Card("C1", "S", "t", "direct", "direct", True, 1, 1, 1, "100%", (), "", published,
                "verbatim", (), ())  # fmt: skip


@pytest.mark.parametrize(
    ("span", "unit"), [(1, "day"), (4, "day"), (120, "day"), (400, "week"), (1100, "month")]
)
def test_report_timeline_names_days_never_hours(span: int, unit: str) -> None:
    """Claims on the first and last days of a span: a bar a day over a few months, a week or
    a month over longer spans (two bars either way), and the axis never names an hour."""
    first = date(2015, 10, 22)
    cards = [dated_card((first + timedelta(days=d)).isoformat()) for d in (0, 0, span - 1)]
    picture = timeline_picture(cards)
    assert picture.title == f"Claims per {unit}"
    assert f'aria-label="claims per {unit} of first publication"' in picture.svg
    labels = re.findall(r"<text [^>]*>([^<]*)</text>", picture.svg)
    assert labels and not any(":" in label for label in labels)
    assert picture.svg.count(f"fill: {CARRIED}") == (1 if span == 1 else 2)


def test_report_header_counts_agree_with_the_matrix(wide: Path, wide_page: str) -> None:
    claims = read_output(wide, "claims.csv")
    mentions = read_output(wide, "mentions.csv")
    listed = mentions[mentions["claim_id"] != ""]
    assert stat(wide_page, "claims") == len(claims) == len(claim_ids(wide_page))
    assert stat(wide_page, "quotes") == len(listed)
    assert stat(wide_page, "outlets") == listed["outlet"].nunique() == len(PAPERS)
    assert stat(wide_page, "in 2+ stories") == sum(claims["independent_sources"].astype(int) > 1)
    shown = re.findall(r'<th scope="col" class="outlet"><span>([^<]+)</span>', wide_page)
    assert len(shown) == 30
    assert '<th scope="col" class="outlet other"><span>4 other outlets</span>' in wide_page
    assert "The 30 of 34 outlets that carried most claims have a column each" in wide_page


def test_report_matrix_keeps_the_claims_text_whole(wide_page: str) -> None:
    assert f'<span class="what">{PUTIN}</span>' in wide_page.split('id="speakers"')[0]


def test_report_speaker_chips_name_the_30_most_quoted(wide: Path, wide_page: str) -> None:
    header = wide_page.split("</header>")[0]
    shown, _, rest = header.partition('<details class="more">')
    chips = re.findall(r'<li title="([^"]*)">', shown)
    assert len(chips) == 30 and chips[0] == "Vladimir Putin"
    speakers = read_output(wide, "claims.csv")["speaker"].nunique()
    assert len(re.findall(r'<li title="', rest)) == speakers - 30 > 0


def test_report_quotes_only_direct_wording(wide_page: str) -> None:
    """Reported speech is never printed inside quotation marks; a direct quote is."""
    texts = re.findall(r'<p class="(text(?: quoted)?)">([^<]*)</p>', wide_page)
    quoted = {text for kind, text in texts if kind == "text quoted"}
    plain = {text for kind, text in texts if kind == "text"}
    assert PUTIN in quoted
    assert "Moscow would keep supporting the Syrian army" in plain


def test_report_shows_the_wording_audit(wide: Path, wide_page: str) -> None:
    """Putin's quote: altered, its one change naming every outlet that printed "not" for
    "never", each of their printings flagged, the first printing marked."""
    mentions = read_output(wide, "mentions.csv")
    claim_id = mentions.loc[mentions["text"] == PUTIN, "claim_id"].iloc[0]
    own = mentions[mentions["claim_id"] == claim_id]
    card = wide_page.split(f'<li class="claim" id="{claim_id}">')[1].split('<li class="claim"')[0]
    assert '<span class="wording altered">altered</span>' in card
    changed = own.loc[own["text"].str.contains("will not abandon"), "outlet"]
    changes = re.findall(r"<li>never → not \(([^<]+)\)</li>", card)
    assert len(changes) == 1 and set(changes[0].split(", ")) == set(changed) != set()
    assert card.count('class="flag differs"') == (own["differs_from_first"] == "true").sum()
    assert card.count('class="flag first"') == 1


@needs_chromium
def test_report_pictures_render_in_chromium(wide: Path, tmp_path: Path) -> None:
    """The page of 34 outlets, drawn by Chromium: both pictures in the DOM, their bars on
    the screen (the bars' colours are the charts' own)."""
    url = (wide / "report.html").as_uri()
    dom = chromium(tmp_path / "profile", "--dump-dom", url)
    drawn = r'<figure class="chart">\s*<figcaption>.*?</figcaption>\s*<svg'
    assert len(re.findall(drawn, dom, re.S)) == 2
    shot = tmp_path / "wide.png"
    chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1400", url)
    colours = {rgb: n for n, rgb in Image.open(shot).convert("RGB").getcolors(1 << 24) or ()}
    for colour in (CARRIED, FIRST):
        assert colours.get(ImageColor.getrgb(colour), 0) > 2000, colour  # solid bars


def test_report_chart_labels_are_text_not_markup(tmp_path: Path) -> None:
    """An outlet's name reaches the chart as escaped text, never as mathematics or markup."""
    claim, mention = hostile(outlet="$5 News$ <b>Daily</b>")
    html = page_of(tmp_path, claim, mention)
    chart = html.split('aria-label="claims by outlet"')[1].split("</svg>")[0]
    assert "$5 News$ &lt;b&gt;Daily&lt;/b&gt;" in chart and "<b>" not in chart


def test_report_and_workbook_of_an_earlier_run_are_removed(tmp_path: Path) -> None:
    """A run without --xlsx or --report leaves no older claims.xlsx or report.html beside
    its CSVs, and says which it removed."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(RAW.glob("*.txt")), folder)
    out = tmp_path / "out"
    args = ["extract", str(folder), "--out", str(out), "--quiet"]
    first = CliRunner().invoke(app, [*args, "--xlsx", "--report"])
    assert first.exit_code == 0, first.output
    assert (out / "claims.xlsx").is_file() and (out / "report.html").is_file()
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert not os.path.lexists(out / "claims.xlsx") and not os.path.lexists(out / "report.html")
    assert (out / "claims.csv").is_file()
    for name in ("claims.xlsx", "report.html"):
        assert f"removed {out / name}: this run did not write it" in again.output
