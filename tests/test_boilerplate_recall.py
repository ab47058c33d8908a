"""Tests of the clean stage leaning towards the article: the kinds of body text that a
rendered web page's article holds and that the cleaner must not drop (pictures between its
paragraphs, long list lines, lists and headings after its paragraphs), and the heads of
sections that are not the article."""

from __future__ import annotations

import pytest
from test_boilerplate import BODY, DEK, MENU, TITLE, label_of, raw_page

from pipeline.boilerplate_lines import measure

GALLERY = [
    "Image 1 of 3",
    "The old bridge seen from the harbour wall at dawn.",
    "(Image credit: Maria Lopez/Harbour Press)",
    "Image 2 of 3",
    "Engineers inspect the arches of the bridge.",
    "(Image credit: Harbour Council)",
    "Image 3 of 3",
    "A bus crosses the bridge in the rain.",
    "(Image credit: Getty Images)",
]
# Lines of a recipe or a data sheet: long, few function words, no full stop
SPECS = [
    "Stone arches [4 spans, 12 m each, granite, rebuilt 1948, repointed 1975, 1992, 2011]",
    "Deck [reinforced concrete slab, 9 m wide, 2 lanes, 1 footpath, asphalt 8 cm, drains 24]",
    "Load [buses 10 t, lorries 7.5 t, cyclists, pedestrians, emergency vehicles 18 t max]",
    "Works [scaffold 3 months, arches 9 months, deck 6 months, footbridge 4 weeks, tests 2]",
] * 2
# Headings, list items and short lines of a how-to after its paragraphs
STEPS = [
    "Plan A for Weekday Crossings",
    "Morning Buses",
    "Leave 10 minutes early",
    "Route 4 [Harbour Road, Quay Street, Old Bridge, Market Square, Station]",
    "Stops: 1 Harbour, 2 Quay, 3 Market.",
    "Evening Buses",
    "Leave after 6 pm",
    "Route 7 [Station, Market Square, Old Bridge, Quay Street, Harbour Road]",
    "Stops: 3 Market, 2 Quay, 1 Harbour.",
] * 3
FOOTER = [
    "Home",
    "World",
    "Business",
    "Sport",
    "Contact Us",
    "The information on this website is provided for general guidance and does not replace "
    "the timetables published by the bus company, which should always be checked first.",
    "Prices, routes and stops may change without notice, and the publisher accepts no "
    "liability for any loss arising from the use of the information given on these pages.",
]


def test_boilerplate_recall_gallery_between_paragraphs_kept() -> None:
    """A photo gallery's counters and credits inside an article cost its paragraphs nothing:
    the paragraphs on both sides stay, the credits go."""
    text = raw_page(*GALLERY)
    assert label_of(text, BODY[1]) == "body"
    assert label_of(text, BODY[2]) == "body"
    assert label_of(text, GALLERY[2]) == "boilerplate"


def test_boilerplate_recall_long_list_lines_kept() -> None:
    """Long lines of figures and names are no menu: their length is no evidence against
    them, so the paragraphs after them stay in the body."""
    text = raw_page(*SPECS)
    assert label_of(text, SPECS[1]) == "body"
    assert label_of(text, BODY[4]) == "body"


def test_boilerplate_recall_list_after_paragraphs_kept() -> None:
    """A list after an article's paragraphs (headings two or three in a row, items, short
    sentences) continues them up to the menus, in a page with menus and prose in its footer;
    the menus and the footer stay out."""
    text = "\n".join([*MENU, TITLE, DEK, *BODY[:3], *STEPS, *FOOTER])
    assert label_of(text, BODY[0]) == "body"
    assert label_of(text, STEPS[1]) == "body"
    assert label_of(text, STEPS[-1]) == "body"
    assert label_of(text, "Sport") == "boilerplate"


@pytest.mark.parametrize(
    ("head", "section"),
    [
        ("More Great Harbour Stories", "teasers"),
        ("Explore further", "teasers"),
        ("Community standards", "comments"),
    ],
)
def test_boilerplate_recall_section_heads(head: str, section: str) -> None:
    """Heads of sections that are not the article: the lines under them go."""
    assert measure(0, len(head), head).head == section
    after = "Ferry Operator Cuts Winter Timetable"
    text = "\n".join([*MENU, TITLE, *BODY, head, after, "Harbour Festival Draws Crowds"])
    assert label_of(text, after) == "boilerplate"


@pytest.mark.parametrize(
    "line",
    [
        "Thanks for signing up!",
        "Keep an eye on your inbox for the latest harbour news.",
        "There was an error processing your subscription.",
    ],
)
def test_boilerplate_recall_newsletter_widget_dropped(line: str) -> None:
    """A newsletter widget's messages after the article are end matter, not its last lines."""
    text = "\n\n".join([TITLE, DEK, *BODY, line])
    assert label_of(text, line) == "boilerplate"


def test_boilerplate_recall_wordless_lines_cost_nothing() -> None:
    """Lines with no words between paragraphs (a zero-width space around each photo, a
    "* * *" separator) are no evidence against the article: its paragraphs stay, they go."""
    photo = ["\u200b", "Harbour Town Photo Series: The Old Stone Bridge at Dawn", "\u200b"]
    text = raw_page(*photo, "* * *", *photo)
    assert label_of(text, BODY[1]) == "body"
    assert label_of(text, BODY[2]) == "body"
    assert label_of(text, "* * *") == "boilerplate"
