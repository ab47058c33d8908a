"""Where a run's work is done: chunks of articles and speakers' blocks of mentions.

The local engine (``local``) maps chunks over worker processes on this machine and clusters
the blocks in the same processes (here, where the run started none); the Dask engine
(``dask``) does both on a Dask cluster. Either way the results come back in input order, so
the outputs are byte-identical whatever the engine and the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from pipeline.clustering import BlockMapper
from pipeline.records import Article
from pipeline.run.local import Workers
from pipeline.run.step import ArticleResult, Context
from pipeline.settings import Settings

MIN_CHUNK_WORDS = 1_000  # the last chunks of a run shrink to this

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
    split = partial(word_chunks, words=settings.parse.chunk_words, workers=settings.workers)
    if settings.engine == "dask":
        from pipeline.run.dask import dask_client, map_blocks_on, map_chunks_on

        with dask_client(settings.scheduler, settings.workers) as client:
            yield partial(map_chunks_on, client, split=split), partial(map_blocks_on, client)
        return
    workers = Workers(settings.workers)
    try:
        yield partial(workers.chunks, split=split), workers.blocks
    except BaseException:
        workers.close(wait=False)  # Ctrl-C or a failure: out at once
        raise
    workers.close()


def word_chunks(articles: Sequence[Article], words: int, workers: int) -> list[Sequence[Article]]:
    """Consecutive articles in chunks of about ``words`` words (a chunk closes at the article
    that reaches them): a chunk's work follows its words, not its number of articles. The
    last chunks are smaller, none over ``1 / (2 * workers)`` of the words still to come (down
    to ``MIN_CHUNK_WORDS``), so that the workers finish together: no worker is left with a
    whole chunk to parse while the others wait."""
    sizes = [len(article.text.split()) for article in articles]
    left = sum(sizes)
    chunks: list[Sequence[Article]] = []
    start, count = 0, 0
    for i, size in enumerate(sizes):
        count += size
        if count >= min(words, max(MIN_CHUNK_WORDS, left // (2 * workers))):
            chunks.append(articles[start : i + 1])
            start, left, count = i + 1, left - count, 0
    return [*chunks, articles[start:]] if start < len(articles) else chunks
