"""Parts: a long article parsed in pieces, and what is found in a piece moved back into it.

spaCy's time and memory grow with a doc's length, so an article longer than
``ParseSettings.part_chars`` is cut into parts: between kept blocks, and inside a block that
is longer still at sentence ends. Each part is parsed as an article of its own, and the
offsets of its quotes are shifted back into the whole article.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.records import Article, Block, CleanArticle, Mention, Offsets, Quote, mention_id
from pipeline.settings import ParseSettings

SENTENCE_CUT = re.compile(r"([.!?…][\"'”’»)\]]*)\s+")  # group 1: where the part ends
SPACE_CUT = re.compile(r"(\S)\s+")


@dataclass(frozen=True)
class Part:
    """A stretch of article ``index`` parsed on its own: ``clean`` is the cleaned text from
    ``offset`` on, as a small article whose offsets are shifted back after the parse."""

    index: int
    offset: int
    clean: CleanArticle


def batch_size(articles: Sequence[Article], parse: ParseSettings) -> int:
    """Parts per spaCy batch: ``parse.batch_size``, fewer when the articles are long, so that
    a batch holds about ``parse.batch_chars`` characters at most."""
    longest = max((len(a.text) for a in articles), default=1)
    return max(
        1, min(parse.batch_size, parse.batch_chars // max(1, min(longest, parse.part_chars)))
    )


def part_spans(clean: CleanArticle, limit: int) -> list[Offsets]:
    """Spans of the article to parse, each at most ``limit`` characters.

    A short article is one span, whole. A longer one is cut between kept blocks (lines),
    and a block longer than ``limit`` at sentence ends; blocks that are not kept are never
    parsed, so a page of boilerplate costs nothing.
    """
    if len(clean.article.text) <= limit:
        return [(0, len(clean.article.text))]
    spans: list[Offsets] = []
    for start, end in (p for b in clean.kept for p in block_pieces(clean.article.text, b, limit)):
        if spans and end - spans[-1][0] <= limit:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def block_pieces(text: str, block: Block, limit: int) -> Iterator[Offsets]:
    """Cut one block into pieces of at most ``limit`` characters: after the last sentence
    end in the second half of each window, else at its last space, else anywhere."""
    start = block.start
    while block.end - start > limit:
        low = start + limit // 2
        window = text[low : start + limit]
        cut = last_cut(SENTENCE_CUT, window) or last_cut(SPACE_CUT, window)
        if cut is None:
            yield start, start + limit
            start += limit
        else:
            yield start, low + cut.end(1)
            start = low + cut.end()
    yield start, block.end


def last_cut(pattern: re.Pattern[str], window: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``window``, if any."""
    last = deque(pattern.finditer(window), maxlen=1)
    return last[0] if last else None


def sub_article(clean: CleanArticle, start: int, end: int) -> CleanArticle:
    """The cleaned article between ``start`` and ``end``, as an article of its own."""
    if (start, end) == (0, len(clean.article.text)):
        return clean
    blocks = clean.blocks
    first = bisect.bisect_right([b.end for b in blocks], start)
    last = bisect.bisect_left([b.start for b in blocks], end)
    return CleanArticle(
        dataclasses.replace(clean.article, text=clean.article.text[start:end]),
        tuple(
            Block(max(b.start, start) - start, min(b.end, end) - start, b.label)
            for b in blocks[first:last]
        ),
    )


def shift_mention(mention: Mention, by: int) -> Mention:
    """A mention found in a part, with its offsets (and so its id) made the article's."""
    quote = shift_quote(mention.quote, by)
    return dataclasses.replace(mention, quote=quote, mention_id=mention_id(quote))


def shift_quote(quote: Quote, by: int) -> Quote:
    """``quote`` with every span moved ``by`` characters."""

    def move(span: Offsets) -> Offsets:
        return span[0] + by, span[1] + by

    return dataclasses.replace(
        quote,
        fragments=tuple(map(move, quote.fragments)),
        sentence=move(quote.sentence),
        cue_span=quote.cue_span and move(quote.cue_span),
        speaker_span=quote.speaker_span and move(quote.speaker_span),
    )
