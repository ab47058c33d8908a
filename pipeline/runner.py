"""The run: ingest -> clean -> quotes -> attribute -> cluster -> export, over one corpus."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from tqdm import tqdm

from pipeline.articles import WORKER_PRELOAD, ChunkMapper, Context, article_results
from pipeline.attribution import Registry, load_registry
from pipeline.boilerplate import CorpusLines
from pipeline.cache import ArticleCache
from pipeline.clustering import BlockMapper, ClusterSettings, cluster_claims
from pipeline.errors import NothingRead
from pipeline.export import write_outputs
from pipeline.ingest import ingest
from pipeline.parallel import map_chunks, start_server
from pipeline.records import Article, Claim, Mention, Skipped
from pipeline.report import write_report
from pipeline.settings import Settings
from pipeline.workbook import write_workbook

STAGING = ".staging"
TEXT_DIRS = ("clean", "text")
CSV_FILES = ("mentions.csv", "claims.csv", "skipped.csv")


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
        InputMissing: the input is not there.
        NothingRead: no article could be read (the outputs are still written).
    """
    began = time.monotonic()
    if settings.workers > 1 and settings.engine == "local":
        start_server(WORKER_PRELOAD)  # workers load the model while the corpus is read
    registry = load_registry(settings.speakers)
    items = list(ingest(settings.input))
    articles = [a for a in items if isinstance(a, Article)]
    skipped = [s for s in items if isinstance(s, Skipped)]
    for s in skipped:
        warn(s)
    staging = settings.out / STAGING
    recover(settings.out)
    try:
        with engine(settings) as (chunks, blocks):
            mentions = list(
                extract_mentions(articles, registry, settings, staging, skipped, chunks)
            )
            found = cluster_claims(
                [m for m, _ in mentions], ClusterSettings(semantic=settings.semantic), blocks
            )
        claims = with_first_sentences(found, mentions)
        tracked = {m.speaker for m, _ in mentions if m.in_registry}
        listed = [c for c in claims if settings.all_speakers or c.speaker in tracked]
        skipped.sort(key=lambda s: s.source)
        write_outputs(staging, mentions, listed, skipped)
        swap_in(staging, settings.out)
        if settings.xlsx:
            write_workbook(settings.out)
        if settings.report:
            write_report(settings.out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not articles:
        raise NothingRead(settings.input, len(skipped))
    return Summary(
        len(articles), len(skipped), len(mentions), len(listed), time.monotonic() - began
    )


def extract_mentions(
    articles: Sequence[Article],
    registry: Registry,
    settings: Settings,
    staging: Path,
    skipped: list[Skipped],
    chunks: ChunkMapper,
) -> Iterator[tuple[Mention, str]]:
    """Run the per-article stages over ``articles``; yield (mention, sentence) in input order.

    The corpus-level lines are found once, here; the articles then go through
    ``process_chunk`` mapped by ``chunks``, or come from the cache. An article
    that trips a stage is named on stderr and added to ``skipped``; the run goes on.
    """
    cache = ArticleCache.of(settings.out, settings.speakers) if settings.cache else None
    corpus = CorpusLines.from_texts(a.text for a in articles)
    context = Context(corpus, registry, staging, settings.batch_size, cache)
    bar = tqdm(
        article_results(articles, context, chunks),
        total=len(articles),
        unit="article",
        file=sys.stderr,
        disable=not settings.progress or len(articles) < 20,
    )
    for result in bar:
        if result.skipped is not None:
            skipped.append(warn(result.skipped))
        yield from result.mentions


@contextmanager
def engine(settings: Settings) -> Iterator[tuple[ChunkMapper, BlockMapper]]:
    """Where chunks of articles and speakers' blocks of mentions are processed: chunks in
    local worker processes and blocks here, or both on a Dask cluster."""
    if settings.engine == "dask":
        from pipeline.engine_dask import dask_client, map_blocks_on, map_chunks_on

        with dask_client(settings.scheduler, settings.workers) as client:
            yield (
                partial(map_chunks_on, client, chunk_size=settings.batch_size),
                partial(map_blocks_on, client),
            )
        return
    chunks = partial(
        map_chunks, workers=settings.workers, chunk=settings.batch_size, preload=WORKER_PRELOAD
    )
    yield chunks, map


def warn(skip: Skipped) -> Skipped:
    """Name a skipped input on stderr, one line."""
    print(f"skipped {skip.source}: {skip.reason}", file=sys.stderr)
    return skip


def recover(out: Path) -> None:
    """Tidy up after a run that was killed: bring back a text folder it had moved aside, and
    remove its staging folder and temporary files."""
    for name in TEXT_DIRS:
        old = out / f".old-{name}"
        if old.exists() and not (out / name).exists():
            old.rename(out / name)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(out / STAGING, ignore_errors=True)
    for tmp in out.glob(".*.tmp"):
        tmp.unlink()


def swap_in(staging: Path, out: Path) -> None:
    """Move the staged CSVs over ``out``'s, then replace each text folder by its staged
    version (or remove a stale one): the outputs change within a few renames."""
    for name in CSV_FILES:
        os.replace(staging / name, out / name)
    for name in TEXT_DIRS:
        old = out / f".old-{name}"
        if (out / name).exists():
            (out / name).rename(old)
        if (staging / name).exists():
            (staging / name).rename(out / name)
        shutil.rmtree(old, ignore_errors=True)


def with_first_sentences(
    claims: Sequence[Claim], mentions: Sequence[tuple[Mention, str]]
) -> list[Claim]:
    """Fill each claim's ``first_sentence``: the sentence of its first mention in input order."""
    sentence_of = {m.mention_id: s for m, s in mentions}
    order = {m.mention_id: i for i, (m, _) in enumerate(mentions)}
    first = {c.claim_id: min(c.mention_ids, key=order.__getitem__) for c in claims}
    return [dataclasses.replace(c, first_sentence=sentence_of[first[c.claim_id]]) for c in claims]
