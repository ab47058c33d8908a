"""Sources: outlet, URL and date of each article, from sources.csv, metadata or the text."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import IngestError
from pipeline.records import Article
from pipeline.sources import (
    canonical_outlet,
    iso_date,
    name_key,
    outlet_key,
    parse_table,
    source_meta,
    text_outlet,
)

BODY = "Russian President Vladimir Putin said on Monday that talks would go on."


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (f"Putin backs talks\n\nReuters - {BODY}", "Reuters"),
        (f"Putin backs talks\n\nREUTERS - {BODY}", "Reuters"),
        (f"MOSCOW (Reuters) - {BODY}", "Reuters"),
        (f"Headline\n\nST. PETERSBURG, Oct 22 (Reuters) \u2013 {BODY}", "Reuters"),
        (f"WASHINGTON (AP) \u2014 {BODY}", "Associated Press"),
        (f"(AP) \u2014 {BODY}", "Associated Press"),
        (f"AFP: {BODY}", "AFP"),
        (f"BEIRUT (Agence France-Presse) - {BODY}", "AFP"),
        (
            f"{BODY}\n\n\u201cWe will win,\u201d he said.\u201d/Guardian\n\nPost your comment",
            "The Guardian",
        ),
        (f"{BODY} /Reuters\n", "Reuters"),
        (f"{BODY}\n\n\u2014 The Guardian\n", "The Guardian"),
        (f"{BODY}\n\n- Reuters\n", "Reuters"),
        (f"{BODY}\n\nSource: News Agencies\n\nAdvertisement", "News Agencies"),
        (f"{BODY}\n\nSource: Al Jazeera and agencies\n", "Al Jazeera and agencies"),
    ],
)
def test_sources_infers_outlet_from_datelines_and_signoffs(text: str, outlet: str) -> None:
    assert text_outlet(text) == outlet


@pytest.mark.parametrize(
    "text",
    [
        f"{BODY}\n\nReuters reported that the talks would go on.",
        f"{BODY} A spokesman told Reuters - in an interview - that he was sure.",
        f"Putin told Reuters: {BODY}",
        f"{BODY}\n\nA Reuters-Ipsos poll found support - at least for now.",
        f"{BODY}\n\nAccording to the Associated Press (AP), the talks went on.",
        f"{BODY}\n\nRead more at https://example.com/World/Guardian\n",
        f"{BODY}\n\n- Home\n- Politics\n",
        f"{BODY}\n\nThe source: a leaked memo.",
        f"{'Filler line before the body. ' * 120}\n\nReuters - {BODY}",
    ],
    ids=[
        "reported",
        "told-reuters-dash",
        "told-reuters-colon",
        "poll",
        "parenthesis-in-sentence",
        "url-path",
        "menu",
        "lowercase-source",
        "dateline-too-deep",
    ],
)
def test_sources_body_mentions_are_not_datelines(text: str) -> None:
    assert text_outlet(text) == ""


def test_sources_table_overrides_metadata_and_text() -> None:
    table = parse_table(
        "\ufeffFile,Outlet,URL,Published\n"
        "a/one.txt,Le Monde,https://lemonde.example/1,22/10/2015\n"
        ".\\b.txt,,,2015-10-23T09:00:00Z\n"
    )
    one = Article("a/one.txt", f"MOSCOW (Reuters) - {BODY}", {"outlet": "Example"})
    assert source_meta(one, table) == {
        "outlet": "Le Monde",
        "url": "https://lemonde.example/1",
        "published": "2015-10-22",
    }
    two = Article("b.txt", f"MOSCOW (Reuters) - {BODY}", {"encoding": "cp1252"})
    assert source_meta(two, table) == {
        "encoding": "cp1252",
        "published": "2015-10-23",
        "outlet": "Reuters",
    }


def test_sources_table_needs_a_file_column() -> None:
    with pytest.raises(IngestError, match="no 'file' column"):
        parse_table("outlet,url\nLe Monde,https://lemonde.example/1\n")


@pytest.mark.parametrize(
    ("meta", "text", "expected"),
    [
        ({"outlet": "  The  Guardian ", "published": "2015-11-16"}, BODY, "The Guardian"),
        ({"url": "https://www.haaretz.com/world/1.682101"}, BODY, "Haaretz"),
        ({"url": "https://www.example-news.com/a/1"}, BODY, "example-news.com"),
        ({"host": "www.RT.com", "url": "https://rt.example/1"}, BODY, "RT"),
        ({"host": "rt.com"}, f"MOSCOW (Reuters) - {BODY}", "Reuters"),
        ({"outlet": "RT", "host": "rt.com"}, f"MOSCOW (Reuters) - {BODY}", "RT"),
        ({}, BODY, ""),
    ],
    ids=[
        "given", "url-host", "unknown-url-host", "host", "dateline-over-host", "name-over-all",
        "unknown",
    ],  # fmt: skip
)
def test_sources_outlet_falls_back_to_hosts(meta: dict[str, str], text: str, expected: str) -> None:
    assert source_meta(Article("a.txt", text, meta), {}).get("outlet", "") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-10-22", "2015-10-22"),
        ("2015-10-22T23:30:00-05:00", "2015-10-22"),
        ("2015-10-22T08:30:00Z", "2015-10-22"),
        ("Thu, 22 Oct 2015 08:30:00 +0000", "2015-10-22"),
        ("October 22, 2015", "2015-10-22"),
        ("22 Oct 2015", "2015-10-22"),
        ("2015/10/22", "2015-10-22"),
        ("2017-07-17 17:03:00", "2017-07-17"),
        ("Dec. 30, 2014", "2014-12-30"),
        ("12/30/2014", "2014-12-30"),
        ("Sept. 5, 2016", "2016-09-05"),
        ("Sept 5 2016", "2016-09-05"),
        ("Oct 22, 2015 10:00 EDT", "2015-10-22"),
        ("03/04/2015", "2015-03-04"),  # month first (DATE_ORDER)
        ("22/10/2015", "2015-10-22"),  # 22 cannot be a month
        ("last Thursday", ""),
        ("yesterday", ""),
        ("3 days ago", ""),
        ("1445500000", ""),
        ("Dec 30", ""),
        ("December 2014", ""),
        ("2014", ""),
        ("Monday", ""),
        ("n/a", ""),
        ("", ""),
        ("Posted by " + "x" * 100 + " on Dec. 30, 2014", ""),
    ],
)
def test_sources_dates_become_iso(value: str, expected: str) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The Guardian", "guardian", True),
        ("REUTERS", "Reuters", True),
        ("AP", "Associated Press", True),
        ("Reuters", "AFP", False),
        ("Express.co.uk", "express", True),
        ("www.haaretz.co.il", "Haaretz", True),
        ("The Times", "The Sun", False),
    ],
)
def test_sources_outlet_key_ignores_case_and_article(a: str, b: str, same: bool) -> None:
    assert (outlet_key(a) == outlet_key(b)) is same


@pytest.mark.parametrize(
    "name",
    ["Reuters_Co_Uk", "ReutersIndia", "reuters.com", "Reuters UK", "uk.reuters.com", "REUTERS"],
)
def test_sources_outlet_aliases_name_one_outlet(name: str) -> None:
    meta = source_meta(Article("a.txt", BODY, {"outlet": name}), {})
    assert meta["outlet"] == canonical_outlet(name) == "Reuters"
    assert outlet_key(name) == outlet_key("Reuters")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Express.co.uk", "Express.co.uk"),  # a host the table does not know: as given
        ("  Daily   Example ", "Daily Example"),
        ("Al_Jazeera", "Al Jazeera"),  # underscores are no host
        ("NATO.", "NATO."),
    ],
)
def test_sources_unknown_outlets_keep_their_name(name: str, expected: str) -> None:
    assert canonical_outlet(name) == expected


def test_sources_outlet_table_names_each_alias_once() -> None:
    table = tomllib.loads((Path(pipeline.__file__).parent / "outlets.toml").read_text("utf-8"))
    outlets: dict[str, set[str]] = {}
    for outlet in table["outlet"]:
        for alias in (outlet["name"], *outlet.get("signs", ()), *outlet.get("aliases", ())):
            outlets.setdefault(name_key(alias), set()).add(outlet["name"])
    assert {key: names for key, names in outlets.items() if len(names) > 1} == {}


@pytest.mark.parametrize(
    ("tail", "outlet"),
    [
        ("Source: Russian Defense Ministry, October 25, 2019\nFalse\n" + BODY, ""),
        ("Source: Russian Defense Ministry\n" + BODY + "\n" + BODY, ""),
        ("Source: News Agencies\n\nAdvertisement\nShare this", "News Agencies"),
        ("Source: Reuters, October 25, 2019\n\u2014 The Guardian", "The Guardian"),
    ],
    ids=["dated", "prose-follows", "signs-off", "later-signoff"],
)
def test_sources_credit_lines_inside_the_body_are_no_outlet(tail: str, outlet: str) -> None:
    assert text_outlet(f"{BODY}\n\n{tail}\n") == outlet
