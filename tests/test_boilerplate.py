"""Tests of the clean stage: block labels, offsets, idempotence and the golden gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.boilerplate import PIECE_CHARS, CorpusLines, strip_boilerplate
from pipeline.boilerplate_lines import pieces
from pipeline.evaluate import Prf, bow_prf
from pipeline.records import Article, CleanArticle

TITLE = "Harbour Town Votes to Rebuild Its Old Stone Bridge"
DEK = "The council approved the plan after a long debate, and work is due to start in spring."
BODY = (
    "The town council voted on Tuesday to rebuild the old stone bridge over the harbour, "
    "ending a dispute that had divided residents for almost three years.",
    "Engineers told the council that the bridge, which was built in the nineteenth century, "
    "could no longer carry the weight of the buses that cross it every day.",
    "\u201cWe owe it to the people who use this bridge to make it safe again,\u201d the mayor "
    "said after the vote, adding that the town would ask the region to share the cost.",
    "Opponents of the plan had argued that a new ferry service would be cheaper, but a "
    "report published in the summer found that it would cost more within ten years.",
    "The work is expected to take two years, and a temporary footbridge will be opened "
    "before the old structure is closed to traffic in the autumn.",
)


def article_with(line: str, position: int = 2, text_title: str = TITLE) -> str:
    """A small article with ``line`` inserted among its body paragraphs."""
    body = list(BODY)
    body.insert(position, line)
    return "\n\n".join([text_title, DEK, *body])


def label_of(text: str, line: str) -> str:
    """The label given to the block holding exactly ``line``."""
    clean = strip_boilerplate(Article("a.txt", text))
    labels = [b.label for b in clean.blocks if text[b.start : b.end] == line]
    assert labels, f"no block holds {line!r}"
    return labels[0]


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Send by e-mailSend by e-mail",
        "Dockers unload cargo at the harbour on Monday [Reuters]",
        "Photo: Maria Lopez/Harbour Press",
        "The old bridge seen from the harbour wall.Credit: AP",
        "Home | News | Local",
        "Already a subscriber? Log in",
        "Advertisement",
        "Leave a comment",
        "Tags",
        "\u00a9 2024 Harbour Media Group. All rights reserved.",
        "Sign up for our morning newsletter",
        "Type the captcha shown above",
        "Read more: Ferry operator cuts winter timetable",
        "Tags Harbour Town Bridges Council",
        "Show more sharing options",
    ],
)
def test_boilerplate_furniture_dropped(line: str) -> None:
    assert label_of(article_with(line), line) == "boilerplate"


@pytest.mark.parametrize(
    "line",
    [
        BODY[0],
        "\u201cNot this year,\u201d she said.",
        "\u201cThe bridge is part of who we are, and we will not let it fall into the sea,\u201d "
        "said Anna Keller, who has lived beside it for forty years.",
        "The council said a new advertisement campaign would urge residents to register "
        "their views before the final design is chosen.",
        "Critics said the comments were unfair to the engineers, who had warned about the "
        "state of the bridge for a decade.",
    ],
)
def test_boilerplate_body_kept(line: str) -> None:
    assert label_of(article_with(line), line) == "body"


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("By Anna Keller", "byline"),
        ("Anna Keller and Tom Reyes", "byline"),
        ("Tom Reyes in Harbour Town", "byline"),
        ("Reporting by Tom Reyes; editing by Anna Keller", "byline"),
        ("Anna Keller, the mayor, voted for the plan.", "body"),
    ],
)
def test_boilerplate_byline_labelled(line: str, label: str) -> None:
    assert label_of("\n\n".join([TITLE, DEK, line, *BODY]), line) == label


@pytest.mark.parametrize(
    ("first", "label"),
    [
        ("Putin: Ready to Talk", "title"),
        ("Mayor says bridge will be rebuilt.", "title"),
        ("Share this article", "boilerplate"),
        ("Home | News | Local", "boilerplate"),
    ],
)
def test_boilerplate_first_line_title(first: str, label: str) -> None:
    assert label_of(article_with("", text_title=first), first) == label


def test_boilerplate_title_and_dek() -> None:
    text = "\n".join([TITLE, DEK, "By Anna Keller", "Share this article", *BODY])
    assert label_of(text, TITLE) == "title"
    assert label_of(text, DEK) == "dek"


def test_boilerplate_title_before_body_found_past_menu() -> None:
    menu = ["Home", "World", "Business", "Sport", "Culture", "Weather", "Search"] * 3
    text = "\n".join([*menu, TITLE, "By Tom Reyes", *BODY, *menu])
    assert label_of(text, TITLE) == "title"
    assert label_of(text, "By Tom Reyes") == "byline"
    assert label_of(text, "Weather") == "boilerplate"


@pytest.mark.parametrize(
    ("second", "label"),
    [
        ("{caption}Credit: Reuters", "boilerplate"),
        ("{caption} Photo: Maria Lopez/Harbour Press", "boilerplate"),
        ("{caption} " + BODY[0], "body"),  # a paragraph that starts as the line before it
    ],
)
def test_boilerplate_repeated_caption_dropped(second: str, label: str) -> None:
    caption = "Workers inspect the arches of the old bridge on Monday."
    second = second.format(caption=caption)
    text = article_with(f"{caption}\n{second}", position=1)
    assert label_of(text, second) == label
    assert label == "body" or label_of(text, caption) == "boilerplate"


@pytest.mark.parametrize(
    ("teaser", "label"),
    [
        ("Ferry Operator Cuts Winter Timetable as Costs Rise", "boilerplate"),
        ("The bridge will stay open to pedestrians during the works.", "body"),
    ],
)
def test_boilerplate_trailing_teasers(teaser: str, label: str) -> None:
    others = [
        "Harbour Festival Draws Record Crowds Despite Rain",
        "Local School Wins National Robotics Contest",
        "New Cycle Lanes Planned for the Town Centre",
    ]
    tail = [teaser, *others] if label == "boilerplate" else [teaser]
    text = "\n\n".join([TITLE, DEK, *BODY, *tail])
    assert label_of(text, teaser) == label


@pytest.mark.parametrize(("head", "dropped"), [("12 Comments", True), ("Key facts", False)])
def test_boilerplate_comment_section_dropped(head: str, dropped: bool) -> None:
    reader = (
        "I have crossed that bridge every morning for twenty years and I think the council "
        "should have listened to the people who actually use it before spending the money."
    )
    text = "\n".join([TITLE, *BODY, head, "harbourfan22", reader])
    assert (label_of(text, reader) == "boilerplate") is dropped


LONG_PARAGRAPH = (
    "The stone bridge has carried traffic over the harbour since 1870, when it replaced a "
    "wooden crossing that storms had twice swept away; it was widened after the war, closed "
    "for a year in the seventies to repair its arches, and listed as a monument in 1992, "
    "which is why the council needed the region's consent to rebuild it."
)


MENU = ["Home", "World", "Business", "Sport", "Culture", "Weather", "Search"] * 3
LIST = ["Buses of up to ten tonnes", "A footbridge open during the works", "Monthly reports"]


def raw_page(*middle: str) -> str:
    """A rendered web page: menus around the article, ``middle`` inside its body."""
    return "\n".join([*MENU, TITLE, DEK, BODY[0], BODY[1], *middle, *BODY[2:], *MENU])


@pytest.mark.parametrize(
    ("text", "line", "label"),
    [
        # a list introduced by a paragraph ending with a colon, inside a rendered page
        (raw_page("The council set three conditions:", *LIST), LIST[1], "body"),
        # a list at the article's end, before the menus: kept, and the menus are not
        ("\n".join([*MENU, TITLE, *BODY, *LIST, *MENU]), LIST[1], "body"),
        ("\n".join([*MENU, TITLE, *BODY, *LIST, *MENU]), "Weather", "boilerplate"),
        # a heading between paragraphs
        (raw_page("Work Starts in Spring"), "Work Starts in Spring", "body"),
        # an extracted text (an HTML extractor's output) keeps its bulleted list ...
        (article_with("\n".join(f"- {item}" for item in LIST)), f"- {LIST[1]}", "body"),
        # ... and its list after the last paragraph, up to the next furniture
        ("\n".join([TITLE, *BODY, "Opening hours:", *LIST, "Advertisement"]), LIST[2], "body"),
        ("\n".join([TITLE, *BODY, *LIST, "Advertisement"]), "Advertisement", "boilerplate"),
        # an extracted table's rows, and a page laid out in a table's cells
        (
            article_with("| Pos | Player | Plays |\n| DL | Ann Lee | 63 |"),
            "| DL | Ann Lee | 63 |",
            "body",
        ),
        (article_with(f"| {LONG_PARAGRAPH} |"), f"| {LONG_PARAGRAPH} |", "body"),
        # but not a menu after the article
        ("\n".join([TITLE, *BODY, "Home", "News", "Sport", "Contact"]), "Sport", "boilerplate"),
    ],
)
def test_boilerplate_headings_and_lists_in_body_kept(text: str, line: str, label: str) -> None:
    assert label_of(text, line) == label


COMMENT = (
    "I have crossed that bridge every morning for twenty years and I think the council "
    "should have listened to the people who actually use it before spending the money."
)


@pytest.mark.parametrize(
    ("head", "signature", "dropped"),
    [
        (f"3 thoughts on \u201c{TITLE}\u201d", "harbourfan22 says:", True),
        ("Comments", "May 2, 2019 at 4:47 pm", True),
        ("2 responses to \u201cThe bridge\u201d", "Ann Lee on May 2, 2019 at 4:47 pm said:", True),
        ("Comments", "Tom Reyes", False),  # a menu entry, then a paragraph of the post
        ("Key facts", "May 2, 2019 at 4:47 pm", False),
    ],
)
def test_boilerplate_blog_comments_dropped(head: str, signature: str, dropped: bool) -> None:
    """Comments below a blog post go, even when the post is too short to pass for a body
    before them: a comment section's head with a comment's signature after it."""
    text = "\n".join([TITLE, BODY[0], head, signature, COMMENT, "Reply"])
    assert (label_of(text, COMMENT) == "boilerplate") is dropped
    assert not dropped or label_of(text, BODY[0]) in ("body", "dek")


@pytest.mark.parametrize(
    ("head", "dropped"),
    [("Related articles", True), ("Most read", True), ("More from Harbour Town", True)]
    + [("Timeline", False), ("Related", True)],
)
def test_boilerplate_related_links_dropped(head: str, dropped: bool) -> None:
    """The headlines listed under a head of other articles go; the article goes on after."""
    links = ["Ferry operator cuts winter timetable", "Harbour festival draws record crowds"]
    text = raw_page(head, *links)
    assert (label_of(text, links[1]) == "boilerplate") is dropped
    assert label_of(text, BODY[2]) == "body"


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Sign up for our newsletter to get the latest stories in your inbox.", "boilerplate"),
        ("Anna Keller is a reporter for the Harbour Post covering local politics.", "boilerplate"),
        ("Follow Anna Keller on Twitter and Facebook.", "boilerplate"),
        ("Have a tip? Anna Keller may be reached at anna@harbourpost.example.", "boilerplate"),
        (
            "Engineers who inspected the bridge said it was a reporter who first raised the alarm "
            "in a newsletter published last spring.",
            "body",
        ),
        ("\u2014 Anna Keller (@annakeller) November 18, 2019", "body"),  # an embedded tweet
    ],
)
def test_boilerplate_end_matter_dropped(line: str, label: str) -> None:
    assert label_of(article_with(line, position=5), line) == label


@pytest.mark.parametrize(
    ("before", "label"),
    [
        ("Workers inspect the arches of the old bridge on Monday.", "boilerplate"),
        ("The council said the bridge, built in 1870, would close in the autumn.", "boilerplate"),
        (LONG_PARAGRAPH, "body"),  # a long paragraph before a photo is no caption
        ("The council listed the photographs it holds:", "body"),
    ],
)
def test_boilerplate_caption_before_credit_dropped(before: str, label: str) -> None:
    text = article_with(f"{before}\nPhoto: Maria Lopez/Harbour Press", position=2)
    assert label_of(text, before) == label


def test_boilerplate_line_endings_and_nbsp() -> None:
    text = "\r\n".join([TITLE, "\u00a0", DEK]) + "\r" + "\n".join(BODY) + "\r\n\u00a0 \r\n"
    clean = strip_boilerplate(Article("a.txt", text))
    assert [text[b.start : b.end] for b in clean.blocks] == [TITLE, DEK, *BODY]
    assert clean.clean_text() == "\n\n".join([TITLE, DEK, *BODY])


def test_boilerplate_other_languages_kept() -> None:
    body = [
        "Der Stadtrat hat am Dienstag beschlossen, die alte Steinbrücke über den Hafen neu "
        "zu bauen, nachdem die Bewohner fast drei Jahre lang darüber gestritten hatten.",
        "Die Ingenieure erklärten, dass die Brücke aus dem neunzehnten Jahrhundert das "
        "Gewicht der Busse, die sie jeden Tag überqueren, nicht mehr tragen könne.",
        "Die Arbeiten sollen zwei Jahre dauern, und eine provisorische Fußgängerbrücke wird "
        "eröffnet, bevor das alte Bauwerk im Herbst für den Verkehr gesperrt wird.",
    ]
    menu = ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur"]
    text = "\n".join([*menu, *body, *menu])
    clean = strip_boilerplate(Article("de.txt", text))
    assert [text[b.start : b.end] for b in clean.kept] == body


def test_boilerplate_corpus_lines_dropped() -> None:
    widget = "Follow the Harbour Post on social media"
    texts = [article_with(widget, position=p) for p in (1, 3)]
    corpus = CorpusLines.from_texts(texts)
    assert widget in corpus
    assert label_of(texts[0], widget) == "body"
    clean = strip_boilerplate(Article("a.txt", texts[0]), corpus)
    assert widget not in clean.clean_text()
    assert BODY[1] in clean.clean_text()


@pytest.mark.parametrize(
    ("line", "repeated"), [(BODY[0], False), (DEK, False), (TITLE, True), ("One", False)]
)
def test_boilerplate_corpus_leaves_out_sentences(line: str, repeated: bool) -> None:
    corpus = CorpusLines.from_texts([article_with("One"), article_with("Two")])
    assert (line in corpus) is repeated


def test_boilerplate_empty_text() -> None:
    clean = strip_boilerplate(Article("e.txt", ""))
    assert clean.blocks == ()
    assert clean.clean_text() == ""


def assert_invariants(text: str, clean: CleanArticle) -> None:
    """Offsets slice back to stripped text, blocks are ordered, cleaning twice is stable."""
    ends = 0
    for block in clean.blocks:
        piece = text[block.start : block.end]
        assert piece and piece == piece.strip()
        assert "\n" not in piece and "\r" not in piece
        assert block.start >= ends
        ends = block.end
    once = clean.clean_text()
    assert strip_boilerplate(Article("again", once)).clean_text() == once


CHARS = st.sampled_from(
    list("ab Z.,;:?!'\"\u201c\u201d\u2019-|\u00a9\u00a0\u200b\r\n\t") + ["\r\n"]
)
LINES = st.sampled_from([*BODY, TITLE, DEK, "Home", "By Anna Keller", "Advertisement", "", " "])


@settings(max_examples=150, deadline=None)
@given(st.lists(CHARS, max_size=200).map("".join))
def test_boilerplate_random_text_never_breaks(text: str) -> None:
    assert_invariants(text, strip_boilerplate(Article("r.txt", text)))


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=25), st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
def test_boilerplate_random_articles_idempotent(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    assert_invariants(text, strip_boilerplate(Article("r.txt", text)))


@settings(max_examples=150, deadline=None)
@given(st.lists(CHARS, max_size=300).map("".join), st.integers(1, 40))
def test_boilerplate_pieces_cover_the_text_at_line_breaks(text: str, limit: int) -> None:
    spans = list(pieces(text, limit))
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(0 < e - s <= limit for s, e in spans[:-1]) and spans[-1][1] - spans[-1][0] <= limit
    for start, end in spans[:-1]:  # a cut falls after a line break where the window has one
        window = text[start : start + limit]
        assert text[end - 1] in "\r\n" or not ("\n" in window or "\r" in window)


def test_boilerplate_dump_is_labelled_in_pieces_like_its_articles() -> None:
    """A text longer than a piece (a dump of articles) is labelled piece by piece: every
    line is a block, and the articles' text is kept as it is in each article alone."""
    one = "\n".join(["Home | News | Sport", article_with("Advertisement"), "Sign in"]) + "\n"
    dump = one * (PIECE_CHARS // len(one) * 3 // 2)
    clean = strip_boilerplate(Article("dump.txt", dump))
    lines = [line.strip() for line in dump.splitlines() if line.strip()]
    assert [dump[b.start : b.end] for b in clean.blocks] == lines
    alone = strip_boilerplate(Article("one.txt", one)).clean_text()
    assert clean.clean_text().count(BODY[3]) == dump.count(BODY[3])
    assert clean.clean_text().count("Advertisement") == alone.count("Advertisement")


def clean_file(path: Path) -> list[tuple[dict[str, Any], CleanArticle]]:
    """Every document of a gold JSONL file with its cleaned article."""
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    corpus = CorpusLines.from_texts(str(d["text"]) for d in docs)
    return [(d, strip_boilerplate(Article(str(d["id"]), str(d["text"])), corpus)) for d in docs]


@pytest.mark.parametrize(
    ("name", "f1", "recall"),
    [("gold/seeds.jsonl", 0.998, 0.998), ("eval/aeb_boilerplate.jsonl", 0.94, 0.94)],
)
def test_boilerplate_golden_gate(shared: Path, name: str, f1: float, recall: float) -> None:
    counts = Prf()
    for doc, clean in clean_file(shared / name):
        bow_prf(clean.clean_text(), str(doc["gold_text"]), counts)
    assert counts.f1 >= f1
    assert counts.r >= recall


def test_boilerplate_keeps_quotes_of_clean_news(shared: Path) -> None:
    kept = total = 0
    for doc, clean in clean_file(shared / "eval/polnear_dev.jsonl"):
        spans = [(b.start, b.end) for b in clean.kept]
        for quote in doc["quotes"]:
            for start, end in quote.get("fragments") or [(quote["start"], quote["end"])]:
                total += end - start
                kept += sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    assert kept / total >= 0.995
