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


def test_boilerplate_repeated_caption_dropped() -> None:
    caption = "Workers inspect the arches of the old bridge on Monday."
    text = article_with(f"{caption}\n{caption}Credit: Reuters", position=1)
    assert label_of(text, caption) == "boilerplate"


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
    ("name", "floor"), [("gold/seeds.jsonl", 0.98), ("eval/aeb_boilerplate.jsonl", 0.90)]
)
def test_boilerplate_golden_gate(shared: Path, name: str, floor: float) -> None:
    counts = Prf()
    for doc, clean in clean_file(shared / name):
        bow_prf(clean.clean_text(), str(doc["gold_text"]), counts)
    assert counts.f1 >= floor


def test_boilerplate_keeps_quotes_of_clean_news(shared: Path) -> None:
    kept = total = 0
    for doc, clean in clean_file(shared / "eval/polnear_dev.jsonl"):
        spans = [(b.start, b.end) for b in clean.kept]
        for quote in doc["quotes"]:
            for start, end in quote.get("fragments") or [(quote["start"], quote["end"])]:
                total += end - start
                kept += sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    assert kept / total >= 0.99
