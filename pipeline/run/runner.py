"""The run: ingest -> clean -> quotes -> attribute -> cluster -> export, over one corpus.

The per-article stages run in ``step.process_chunk`` on the engine's workers (or come from
the cache of earlier runs); their results come back here in input order, and only this
process writes files: each article's texts as its result arrives, the tables at the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from pipeline.attribution import load_registry
from pipeline.boilerplate import CorpusLines
from pipeline.clustering import cluster_claims
from pipeline.errors import NothingRead, StageFailed, skipped_line
from pipeline.ingest import ingest
from pipeline.nlp import model_package
from pipeline.outputs import write_outputs
from pipeline.records import Article, Mention, Skipped
from pipeline.run.cache import ArticleCache
from pipeline.run.engine import WORKER_PRELOAD, ChunkMapper, engine
from pipeline.run.local import start_server
from pipeline.run.staging import staging, swap_in, write_texts
from pipeline.run.step import ArticleResult, Context, process_chunk
from pipeline.settings import Settings
from pipeline.stories import find_stories, with_stories

PROGRESS_FROM = 20  # articles: a shorter run shows no progress bar


@dataclass(frozen=True)
class Summary:
    """What a run did, for the one-line report at the end."""

    read: int
    skipped: int
    quotes: int
    claims: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.read} articles read, {self.skipped} skipped, {self.quotes} quotes, "
            f"{self.claims} claims in {self.seconds:.1f} s"
        )


def run_extract(settings: Settings) -> Summary:
    """Run the whole pipeline on ``settings.input`` and write every output to ``settings.out``.

    Every output is written to a staging folder and moved into place at the end: a run that
    dies midway leaves the previous outputs as they were (the next run tidies up after it).

    Raises:
        ModelMissing: the English model is not installed.
        InputMissing: the input is not there.
        NothingRead: no article could be read (the outputs are still written).
    """
    began = time.monotonic()
    model_package()  # a missing model is one clear error here, before any work or worker
    if settings.workers > 1 and settings.engine == "local":
        start_server(WORKER_PRELOAD)  # workers load the model while the corpus is read
    registry = load_registry(settings.speakers)
    items = list(ingest(settings.input))
    articles = [a for a in items if isinstance(a, Article)]
    skipped = [warn(s) for s in items if isinstance(s, Skipped)]
    context = Context(CorpusLines.from_texts(a.text for a in articles), registry, settings.parse)
    with staging(settings.out) as folder:
        with engine(settings) as (chunks, blocks):
            results = article_results(articles, context, chunks, settings, folder)
            texts: dict[str, str] = {}
            mentions = collect(results, skipped, texts)
            mentions = with_stories(mentions, find_stories(texts))
            claims = cluster_claims(mentions, settings.cluster, blocks)
        tracked = {m.speaker for m in mentions if m.in_registry}
        listed = [c for c in claims if settings.all_speakers or c.speaker in tracked]
        skipped.sort(key=lambda s: s.source)
        title = settings.out.resolve().name if settings.report else None
        write_outputs(folder, mentions, listed, skipped, xlsx=settings.xlsx, report=title)
        swap_in(folder, settings.out)
    if not articles:
        raise NothingRead(settings.input, len(skipped))
    return Summary(
        len(articles), len(skipped), len(mentions), len(listed), time.monotonic() - began
    )


def article_results(
    articles: Sequence[Article],
    context: Context,
    chunks: ChunkMapper,
    settings: Settings,
    folder: Path,
) -> Iterator[ArticleResult]:
    """Every article's result, in input order, its texts written under ``folder``: from the
    cache where it holds one, the others computed by ``chunks`` (local worker processes or a
    Dask cluster) and stored in the cache. Unused cache entries go at the end."""
    cache = ArticleCache.of(settings.out, settings.speakers) if settings.cache else None
    keys = [cache.key(a, context.corpus) for a in articles] if cache else [""] * len(articles)
    hits = [cache is not None and key in cache for key in keys]
    computed = chunks(
        process_chunk, [a for a, hit in zip(articles, hits, strict=True) if not hit], context
    )
    progress = tqdm(
        zip(articles, keys, hits, strict=True),
        total=len(articles),
        unit="article",
        file=sys.stderr,
        disable=not settings.progress or len(articles) < PROGRESS_FROM,
    )
    for article, key, hit in progress:
        result = cached(cache, key) if hit else None
        fresh = result is None
        if result is None:
            result = next(computed) if not hit else next(process_chunk([article], context))
        result = staged(result, folder)
        if cache is not None and fresh and result.skipped is None:
            cache.store(key, result)
        yield result
    if cache is not None:
        cache.prune(keys)


def collect(
    results: Iterable[ArticleResult], skipped: list[Skipped], texts: dict[str, str]
) -> list[Mention]:
    """The mentions of every result, in order; each article's clean text is added to
    ``texts`` (for ``find_stories``), a skipped article named on stderr and added to
    ``skipped``."""
    mentions: list[Mention] = []
    for result in results:
        if result.skipped is not None:
            skipped.append(warn(result.skipped))
        if result.texts is not None:
            texts[result.source] = result.texts.clean
        mentions.extend(result.mentions)
    return mentions


def cached(cache: ArticleCache | None, key: str) -> ArticleResult | None:
    """The result stored under ``key``, or None when there is none that can be read."""
    entry = cache.load(key) if cache is not None else None
    return entry if isinstance(entry, ArticleResult) else None


def staged(result: ArticleResult, folder: Path) -> ArticleResult:
    """The result, its texts written under ``folder``; skipped if they cannot be written."""
    try:
        if result.texts is not None:
            write_texts(folder, result.source, result.texts)
    except OSError as err:
        return ArticleResult(
            result.source, skipped=Skipped(result.source, str(StageFailed("clean", err)))
        )
    return result


def warn(skip: Skipped) -> Skipped:
    """Name a skipped input on stderr, one line."""
    print(skipped_line(skip.source, skip.reason), file=sys.stderr)
    return skip
