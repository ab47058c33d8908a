"""Tests for pipeline.run.engine: chunks sized by words."""

from __future__ import annotations

from pipeline.records import Article
from pipeline.run.engine import word_chunks


def articles(*words: int) -> list[Article]:
    """Articles of that many words each."""
    return [Article(source=str(i), text=" ".join(["w"] * n)) for i, n in enumerate(words)]


def test_engine_word_chunks_close_at_the_words() -> None:
    chunks = word_chunks(articles(3, 3, 3, 3, 3), words=6)
    assert [[a.source for a in c] for c in chunks] == [["0", "1"], ["2", "3"], ["4"]]


def test_engine_word_chunks_hold_every_article_once_in_order() -> None:
    items = articles(1, 50, 1, 1)
    chunks = word_chunks(items, words=10)
    assert [len(c) for c in chunks] == [2, 2]
    assert [a for c in chunks for a in c] == items
    assert word_chunks([], words=10) == []
