"""Where a run's work is done: chunks of articles and speakers' blocks of mentions.

The local engine (``local``) maps chunks over worker processes on this machine and clusters
the blocks here; the Dask engine (``dask``) does both on a Dask cluster. Either way the
results come back in input order, so the outputs are byte-identical whatever the engine and
the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from pipeline.clustering import BlockMapper
from pipeline.records import Article
from pipeline.run.local import map_chunks
from pipeline.run.step import ArticleResult, Context
from pipeline.settings import Settings

WORKER_PRELOAD = ("pipeline.run.worker",)  # what the server that forks the workers imports

# Maps ``work(chunk, context)`` over chunks of articles, every result in input order.
ChunkMapper = Callable[
    [Callable[[Sequence[Article], Context], Iterable[ArticleResult]], Sequence[Article], Context],
    Iterator[ArticleResult],
]


@contextmanager
def engine(settings: Settings) -> Iterator[tuple[ChunkMapper, BlockMapper]]:
    """The chunk and block mappers of ``settings.engine``, for the length of a run.

    Raises:
        DaskMissing: the Dask engine without the ``dask`` extra.
        SchedulerUnreachable: no Dask scheduler at ``settings.scheduler``.
    """
    split = partial(word_chunks, words=settings.parse.chunk_words)
    if settings.engine == "dask":
        from pipeline.run.dask import dask_client, map_blocks_on, map_chunks_on

        with dask_client(settings.scheduler, settings.workers) as client:
            yield partial(map_chunks_on, client, split=split), partial(map_blocks_on, client)
        return
    yield partial(map_chunks, workers=settings.workers, split=split, preload=WORKER_PRELOAD), map


def word_chunks(articles: Sequence[Article], words: int) -> list[Sequence[Article]]:
    """Consecutive articles in chunks of about ``words`` words (a chunk closes at the article
    that reaches them): a chunk's work follows its words, not its number of articles, so the
    workers finish together."""
    chunks: list[Sequence[Article]] = []
    start, count = 0, 0
    for i, article in enumerate(articles):
        count += len(article.text.split())
        if count >= words:
            chunks.append(articles[start : i + 1])
            start, count = i + 1, 0
    return [*chunks, articles[start:]] if start < len(articles) else chunks
