"""The clean stage: label every line of an article as title, dek, byline, body or boilerplate.

Each non-blank line is one block, measured alone (``pipeline.boilerplate_lines``): how much it
reads like running text (length, share of function words, a final stop, not a headline-cased
menu entry) and whether it is page furniture (share widgets, credits, login prompts, the
author's bio, lines that repeat across the corpus). A comment section that announces itself
is cut first. The body is then the best two-state path through the blocks' scores, each change
between boilerplate and body costing a fixed amount, so short blocks take the side of their
neighbours and stray good-looking blocks far from the article fall away. The cleaner errs
towards keeping the article, since a lost paragraph loses its quotes for good: a list after a
paragraph that introduces it (or after any paragraph of a text with no menus, such as an HTML
extractor's output) costs the path nothing, and the lines after the body's last paragraph are
kept up to the next furniture. Last, the comment section after the body, the headlines listed
under a head such as "Related articles" and photo captions are dropped, and the head of the
article (title, dek, bylines) is labelled. Kept blocks that the same classifier would drop
from the clean text alone are dropped too, so that cleaning is idempotent.

Pure Python, linear in the size of the text, and it never raises. A text longer than any
article is labelled in pieces of whole lines (a line longer than a piece is cut at a space),
so that the memory it takes stays bounded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.boilerplate_lines import (
    PIECE_CHARS,
    CorpusLines,
    Line,
    pieces,
    split_lines,
    title_case,
)
from pipeline.lexicon import words
from pipeline.records import KEPT_LABELS, Article, Block, CleanArticle, Label

__all__ = ["PIECE_CHARS", "CorpusLines", "strip_boilerplate"]

# A comment's signature: who wrote it and when ("Ann on May 2, 2018 at 4:47 pm said:")
COMMENT_SIGNATURE = re.compile(
    r"""
    \b(said|says|wrote|writes|replied)\s*:$
    | \bat\ \d{1,2}:\d\d\s*([ap]\.?m\.?)?$
    | ^\d+\ (minutes?|hours?|days?|weeks?|months?|years?)\ ago$
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A photo credit alone on its line ("Photo: Ann Lee, AP", "(Image credit: NASA)", "Image 2 of
# 5"): the line before it is the photo's caption
CREDIT = re.compile(
    r"^\(?(image|photo|picture)s?(\ credit)?\s*:\s*[^.:]{0,60}\)?$"
    r"|^(image|photo|picture|slide)\ \d+\ of\ \d+$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?i:(\w+\ )?by)\s+\w|\bby\s+[A-Z][\w.'-]*(\s+[A-Z][\w.'-]*){0,3}$")
NAME_LINKS = words("name_links")

SHORT_CHARS = 70  # below this a block is short (jusText's length_low)
ENGLISH_DENSITY = 0.15  # below this share of stopwords the text is not English
DENSITY_HIGH = 0.32  # jusText's stopwords_high
DENSITY_LOW = 0.2
LENGTH_WEIGHT = 0.1  # evidence gained per word of a block, up to LENGTH_CAP words
LENGTH_CAP = 80
FURNITURE_SCORE = -5.0
SHORT_COST = 1.5  # taken off the prose score of a short block ...
SHORT_SENTENCE_COST = 0.5  # ... or of a short sentence
SWITCH_COST = 12.0  # cost of each change between boilerplate and body along the page
HEAD_WINDOW = 8  # blocks before the body searched for the title, dek and bylines
TITLE_REACH = 24  # blocks before the body searched for a repeat of the page title
DEK_WORDS = 8
DEK_REACH = 3  # blocks after the title searched for the dek
TITLE_WORDS = (4, 20)
BYLINE_WORDS = (2, 10)
COMMENTS_AFTER_WORDS = 60  # body words that must come before a comment section head ...
COMMENT_REACH = 6  # ... unless a comment's signature follows it this closely
CREDIT_CHARS = 60  # a caption repeated with more than this appended is no caption
CAPTION_WORDS = 40  # a longer line before a photo credit is a paragraph, not a caption
MENU_LINE_WORDS = 3  # a line of at most this many words is a menu entry, a tag or a date ...
CLEAN_SHORT_SHARE = 0.2  # ... and a text with at most this share of them has no menus
BULLETS = ("- ", "• ", "· ", "* ", "– ")  # how a list item starts
HEADLINE_WORDS = 4  # a headline-cased line of this many words may be another article's headline
TEASER_RUN = 3  # ... and this many in a row are a list of other articles
LIST_SCORE = 0.01  # evidence of a list line that continues a paragraph: the path takes it in
MAX_PASSES = 8  # rounds of _settle; one or two suffice in practice


def _prose(line: Line, english: bool) -> float:
    """How much a block reads like running text, from -1 (menu, headline) to 1 (prose)."""
    if not english:
        score = 1.0 if len(line.text) >= SHORT_CHARS else -0.5
        return min(1.0, score + (0.5 if line.sentence else 0.0))
    if line.stop_density >= DENSITY_HIGH:
        score = 1.0
    elif line.stop_density >= DENSITY_LOW:
        score = 0.5 if line.sentence else -0.5
    else:
        score = -1.0
    if line.sentence and line.n_words >= 4:
        score += 0.5
    if not line.sentence and title_case(line.words):
        score -= 1.0
    if len(line.text) < SHORT_CHARS:
        score -= SHORT_SENTENCE_COST if line.sentence else SHORT_COST
    return max(-1.0, min(1.0, score))


def _is_english(lines: Sequence[Line]) -> bool:
    """Whether the long blocks hold enough English function words to judge by them."""
    words = stops = 0.0
    for line in lines:
        if len(line.text) >= SHORT_CHARS:
            words += line.n_words
            stops += line.stop_density * line.n_words
    return words == 0 or stops >= ENGLISH_DENSITY * words


def _evidence(line: Line, corpus: CorpusLines | None, english: bool) -> float:
    """How much a block speaks for body text (positive) or boilerplate (negative)."""
    if not line.words or line.furniture or (corpus is not None and line in corpus):
        return FURNITURE_SCORE
    return (1.0 + LENGTH_WEIGHT * min(line.n_words, LENGTH_CAP)) * _prose(line, english)


def _is_weak(line: Line, score: float) -> bool:
    """A block that is neither furniture nor a sentence: a heading, a list item, a tag."""
    return FURNITURE_SCORE < score <= 0 and not line.sentence


def _is_link(line: Line) -> bool:
    """A line that reads as a link to another page: another article's headline (headline-cased,
    several words) or a menu entry (a few words); with no figures and no bullet (a list item)."""
    if any(c.isdigit() for c in line.text) or line.text.startswith(BULLETS):
        return False
    return line.n_words <= MENU_LINE_WORDS or (
        line.n_words >= HEADLINE_WORDS and title_case(line.words)
    )


def _lists_end(lines: Sequence[Line], i: int) -> bool:
    """Whether a list that continues the text cannot run on into line ``i``: it heads a
    section that is not the article, or starts a run of links (other articles, a menu)."""
    if lines[i].head:
        return True
    run = lines[i : i + TEASER_RUN]
    return len(run) == TEASER_RUN and all(_is_link(line) for line in run)


def _path_scores(lines: Sequence[Line], scores: Sequence[float]) -> list[float]:
    """The scores the body path runs on: a list that continues a paragraph costs nothing.

    A run of weak blocks (list items, headings) right after a paragraph is that paragraph's
    list when the paragraph ends with a colon, or when the whole text has no menus (few
    short lines: an HTML extractor's output, a clean article). Up to a section head or a
    run of links, its blocks then weigh ``LIST_SCORE`` instead of costing.
    """
    short = sum(1 for line in lines if line.n_words <= MENU_LINE_WORDS)
    clean = short <= CLEAN_SHORT_SHARE * len(lines)
    out = list(scores)
    listing = False
    for i, (line, score) in enumerate(zip(lines, scores, strict=True)):
        if _is_weak(line, score):
            listing = listing and not _lists_end(lines, i)
            if listing:
                out[i] = LIST_SCORE
        else:
            listing = score > 0 and (clean or line.text.endswith(":"))
    return out


def _extend_tail(lines: Sequence[Line], scores: Sequence[float], path: list[bool]) -> None:
    """Take into the body the weak blocks after its last one, up to the next furniture or
    section head: the end of an article is often a list, a table or a sign-off."""
    last = max((i for i, inside in enumerate(path) if inside), default=len(path))
    for i in range(last + 1, len(path)):
        if not _is_weak(lines[i], scores[i]) or _lists_end(lines, i):
            return
        path[i] = True


def _best_run(scores: Sequence[float]) -> tuple[int, int]:
    """The run of blocks with the highest total evidence (Kadane's algorithm); may be empty."""
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _body_path(scores: Sequence[float]) -> list[bool]:
    """The best two-state path (body or not) through the scores, each change costing.

    Viterbi over two states: staying costs nothing, switching costs ``SWITCH_COST``; a
    block in the body state adds its score. The best single run is always body, so a short
    article is kept even when it cannot pay for the two changes around it.
    """
    out_total, in_total = 0.0, -SWITCH_COST
    back: list[tuple[bool, bool]] = []  # (came from body, for out; for in)
    for score in scores:
        out_from_in = in_total - SWITCH_COST > out_total
        in_from_in = in_total >= out_total - SWITCH_COST
        out_total, in_total = (
            max(out_total, in_total - SWITCH_COST),
            max(in_total, out_total - SWITCH_COST) + score,
        )
        back.append((out_from_in, in_from_in))
    state = in_total - SWITCH_COST > out_total
    path = []
    for out_from_in, in_from_in in reversed(back):
        path.append(state)
        state = in_from_in if state else out_from_in
    path.reverse()
    first, last = _best_run(scores)
    path[first : last + 1] = [True] * (last + 1 - first)
    return path


def _is_byline(line: Line) -> bool:
    """A "By X" line, or a short line of capitalised names ("Ann Lee and Bo Chan in Paris")."""
    if BYLINE.search(line.text) and line.n_words <= BYLINE_WORDS[1] + 4:
        return True
    low, high = BYLINE_WORDS
    return (
        low <= line.n_words <= high
        and not line.sentence
        and not line.furniture
        and ":" not in line.text
        and all(w[0].isupper() or w.lower() in NAME_LINKS for w in line.words)
        and not any(w.isdigit() for w in line.words)
    )


def _is_heading(line: Line) -> bool:
    """A title-like block: a few words, no full stop unless headline-cased."""
    low, high = TITLE_WORDS
    if not low <= line.n_words <= high or line.furniture:
        return False
    return not line.sentence or line.text.endswith(("?", "!")) or title_case(line.words)


def _is_dek(line: Line) -> bool:
    """A summary under the title: a sentence, or a long line of running text."""
    prose = line.sentence or line.stop_density >= DENSITY_LOW
    return prose and line.n_words >= DEK_WORDS and not line.furniture and not _is_heading(line)


def _label_head(lines: Sequence[Line], labels: list[Label], captions: set[int]) -> None:
    """Label the title, dek and bylines at the start of the body or just before it.

    The title is the text's first line if headline-like and the body starts soon after;
    else the body's first block if headline-like and followed by body;
    else the headline-like line shortly before the body that repeats the first line (a
    web page's title); else the nearest headline-like line before the body. The dek is
    the first long line after the title; bylines lie between them and the first body
    blocks. Captions are never title nor dek.
    """
    start = next((i for i, label in enumerate(labels) if label == "body"), None)
    if start is None:
        return
    title = _find_title(lines, labels, start, captions)
    if title is not None:
        labels[title] = "title"
        start = max(start, title + 1)
        for i in range(title + 1, min(start, title + 1 + DEK_REACH)):
            if labels[i] == "boilerplate" and i not in captions and _is_dek(lines[i]):
                labels[i] = "dek"
                break
    for i in range(max(0, start - HEAD_WINDOW), min(len(lines), start + 3)):
        if labels[i] in ("body", "boilerplate") and _is_byline(lines[i]):
            labels[i] = "byline"


def _is_first_line_title(line: Line) -> bool:
    """A text's first line is its title if it is one short sentence or heading."""
    low, high = TITLE_WORDS
    return low <= line.n_words <= high and not line.furniture and not _is_byline(line)


def _find_title(
    lines: Sequence[Line], labels: Sequence[Label], start: int, captions: set[int]
) -> int | None:
    """The index of the title for a body starting at ``start``, if there is one."""

    def heading(i: int) -> bool:
        return i not in captions and _is_heading(lines[i]) and not _is_byline(lines[i])

    if start <= HEAD_WINDOW and 0 not in captions and _is_first_line_title(lines[0]):
        return 0
    if heading(start) and start + 1 < len(labels) and labels[start + 1] == "body":
        return start
    before = range(start - 1, max(0, start - 1 - TITLE_REACH), -1)
    repeat = next((i for i in before if heading(i) and _repeats_page_title(lines, i)), None)
    if repeat is not None:
        return repeat
    return next((i for i in before[:HEAD_WINDOW] if heading(i)), None)


def _repeats_page_title(lines: Sequence[Line], i: int) -> bool:
    """Whether line ``i`` repeats the text's first line (a web page's title), or part of it."""
    return i > 0 and lines[i].n_words >= TITLE_WORDS[0] and lines[i].key in lines[0].key


def _comments_start(lines: Sequence[Line]) -> int:
    """Where a comment section surely starts: a head with a comment's signature ("Ann says:",
    "May 2, 2018 at 4:47 pm") close after it; ``len(lines)`` if there is none."""
    for i, line in enumerate(lines):
        if line.head == "comments" and any(
            COMMENT_SIGNATURE.search(lines[j].text)
            for j in range(i + 1, min(len(lines), i + COMMENT_REACH))
        ):
            return i
    return len(lines)


def _drop_comments(lines: Sequence[Line], labels: list[Label]) -> None:
    """Drop everything after a comment section's head that follows the article body."""
    body_words = 0
    for i, line in enumerate(lines):
        if line.head == "comments" and body_words >= COMMENTS_AFTER_WORDS:
            for j in range(i, len(labels)):
                labels[j] = "boilerplate"
            return
        if labels[i] == "body":
            body_words += line.n_words


def _drop_teasers(lines: Sequence[Line], labels: list[Label]) -> None:
    """Drop the headlines listed under a head such as "Related articles" or "Most read",
    up to the next paragraph of running text."""
    listing = False
    for i, line in enumerate(lines):
        if line.head == "teasers":
            listing = True
        elif line.prose:
            listing = False
        elif listing:
            labels[i] = "boilerplate"


def _drop_captions(lines: Sequence[Line], labels: list[Label]) -> set[int]:
    """Drop photo captions: a line repeated at once, alone or with a credit appended, and
    a short line just before a photo credit."""
    captions: set[int] = set()
    for i in range(len(lines) - 1):
        first, second = lines[i].key, lines[i + 1].key
        repeated = first and second.startswith(first) and len(second) - len(first) <= CREDIT_CHARS
        if repeated and not _repeats_page_title(lines, i):
            labels[i] = labels[i + 1] = "boilerplate"
            captions.update((i, i + 1))
        elif _is_caption(lines[i], lines[i + 1]):
            labels[i] = "boilerplate"
            captions.add(i)
    return captions


def _is_caption(line: Line, after: Line) -> bool:
    """Whether ``line`` is the caption of the photo credited by the line ``after`` it."""
    return (
        after.furniture  # (a credit always is: a quick test first)
        and CREDIT.search(after.text) is not None
        and line.n_words < CAPTION_WORDS
        and not line.text.endswith(":")
        and CREDIT.search(line.text) is None
    )


def _classify(lines: Sequence[Line], corpus: CorpusLines | None) -> list[Label]:
    """Label each block."""
    english = _is_english(lines)
    end = _comments_start(lines)
    scores = [_evidence(line, corpus, english) for line in lines[:end]]
    path = _body_path(_path_scores(lines[:end], scores))
    _extend_tail(lines, scores, path)
    labels: list[Label] = [
        "body" if inside and score > FURNITURE_SCORE else "boilerplate"
        for score, inside in zip(scores, path, strict=True)
    ]
    labels += ["boilerplate"] * (len(lines) - end)
    _drop_comments(lines, labels)
    _drop_teasers(lines, labels)
    _label_head(lines, labels, _drop_captions(lines, labels))
    return labels


def _settle(lines: Sequence[Line], labels: list[Label]) -> None:
    """Drop kept blocks until the kept text, labelled again on its own, keeps them all.

    This makes cleaning idempotent: cleaning the clean text again changes nothing.
    """
    for _ in range(MAX_PASSES):
        kept = [i for i, label in enumerate(labels) if label in KEPT_LABELS]
        again = _classify([lines[i] for i in kept], None)
        dropped = [i for i, label in zip(kept, again, strict=True) if label not in KEPT_LABELS]
        if not dropped:
            return
        for i in dropped:
            labels[i] = "boilerplate"


def strip_boilerplate(article: Article, corpus: CorpusLines | None = None) -> CleanArticle:
    """Split ``article`` into line blocks and label each one.

    Args:
        article: the article as read.
        corpus: lines repeated across the corpus the article belongs to, if known.

    Returns:
        The article with its blocks; ``clean_text()`` gives the kept text.
    """
    blocks: list[Block] = []
    for span in pieces(article.text):
        lines = split_lines(article.text, *span)
        labels = _classify(lines, corpus)
        _settle(lines, labels)
        blocks.extend(Block(ln.start, ln.end, lab) for ln, lab in zip(lines, labels, strict=True))
    return CleanArticle(article, tuple(blocks))
