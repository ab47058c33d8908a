"""Tests for pipeline.run.engine and local: chunks sized by words, the local workers."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence

from pipeline.records import Article
from pipeline.run.engine import word_chunks
from pipeline.run.local import Workers


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


def pid_of(item: int) -> tuple[int, int]:
    """The item, and the process that saw it."""
    return item, os.getpid()


def listed(chunk: Sequence[int], context: None) -> list[tuple[int, int]]:
    """Each item of a chunk, with its process."""
    return [pid_of(item) for item in chunk]


def test_engine_local_workers_cluster_the_blocks_once_they_parsed() -> None:
    workers = Workers(2, ())
    try:
        assert list(workers.blocks(pid_of, [1, 2])) == [(1, os.getpid()), (2, os.getpid())]
        parsed = list(workers.chunks(listed, [1, 2, 3, 4], None, lambda xs: [xs[:2], xs[2:]]))
        assert [item for item, _ in parsed] == [1, 2, 3, 4]
        clustered = list(workers.blocks(pid_of, range(20)))
        assert [item for item, _ in clustered] == list(range(20))  # in order
        # in the workers (which of them parsed a chunk depends on which started first)
        workers_seen = {pid for _, pid in parsed + clustered}
        assert os.getpid() not in workers_seen and len(workers_seen) <= 2
    finally:
        workers.close()


def test_engine_local_workers_leave_ctrl_c_to_the_run() -> None:
    # A terminal's Ctrl-C reaches the whole process group: a worker waiting for its next
    # chunk must neither die nor print a traceback; the run ends its workers itself.
    workers = Workers(2, ())
    try:
        parsed = list(workers.chunks(listed, [1, 2, 3, 4], None, lambda xs: [xs[:2], xs[2:]]))
        for pid in {pid for _, pid in parsed}:
            os.kill(pid, signal.SIGINT)
        time.sleep(0.5)  # a worker that obeyed it would be gone by now
        assert [item for item, _ in workers.blocks(pid_of, range(8))] == list(range(8))
    finally:
        workers.close()
