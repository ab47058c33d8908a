"""Tests for pipeline.run.engine: chunks sized by words."""

from __future__ import annotations

from pipeline.records import Article
from pipeline.run.engine import word_chunks


def articles(*words: int) -> list[Article]:
    """Articles of that many words each."""
    return [Article(source=str(i), text=" ".join(["w"] * n)) for i, n in enumerate(words)]


def test_engine_word_chunks_close_at_the_words() -> None:
    chunks = word_chunks(articles(3, 3, 3, 3, 3), words=6, workers=1)
    assert [[a.source for a in c] for c in chunks] == [["0", "1"], ["2", "3"], ["4"]]


def test_engine_word_chunks_hold_every_article_once_in_order() -> None:
    items = articles(1, 50, 1, 1)
    chunks = word_chunks(items, words=10, workers=1)
    assert [len(c) for c in chunks] == [2, 2]
    assert [a for c in chunks for a in c] == items
    assert word_chunks([], words=10, workers=2) == []


def test_engine_word_chunks_shrink_at_the_end_for_the_workers_to_finish_together() -> None:
    chunks = word_chunks(articles(*[500] * 80), words=5_000, workers=2)
    words = [sum(len(a.text.split()) for a in c) for c in chunks]
    assert words[:2] == [5_000, 5_000]  # whole chunks while much is left
    assert words[-3:] == [1_000, 1_000, 1_000]  # then down to the smallest
    assert all(a >= b for a, b in zip(words, words[1:], strict=False))
    assert sum(words) == 40_000
