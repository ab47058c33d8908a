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

from pipeline.attribution import Registry, load_registry
from pipeline.boilerplate import CorpusLines
from pipeline.clustering import cluster_claims
from pipeline.errors import NothingRead, OutInsideInput, OutUnwritable, skipped_line
from pipeline.identify import Identity, identify
from pipeline.ingest import ingest
from pipeline.nlp import load_nlp, model_package
from pipeline.outputs import write_outputs
from pipeline.outputs.atomic import write_text
from pipeline.outputs.names import output_names
from pipeline.records import Article, ArticleFiles, Mention, Skipped, unique_ids
from pipeline.run.cache import ArticleCache
from pipeline.run.engine import ChunkMapper, engine
from pipeline.run.folder import OutputFolder
from pipeline.run.local import start_server
from pipeline.run.step import ArticleResult, Context, process_chunk
from pipeline.settings import Settings
from pipeline.stories import find_stories, with_stories

PROGRESS_FROM = 20  # articles: a shorter run shows no progress bar
HINT_NAMES = 3  # the most quoted speakers a hint names


@dataclass(frozen=True)
class Summary:
    """What a run did, for the one-line report at the end; ``removed`` names the outputs of
    an earlier run that this one did not write (an old claims.xlsx without ``--xlsx``);
    ``hint`` says what to do when the registry's speakers are missing or rare."""

    read: int
    skipped: int
    quotes: int
    claims: int
    seconds: float
    removed: tuple[str, ...] = ()
    hint: str = ""

    def line(self) -> str:
        return (
            f"{self.read} articles read, {self.skipped} skipped, {self.quotes} quotes, "
            f"{self.claims} claims in {self.seconds:.1f} s"
        )


def run_extract(settings: Settings) -> Summary:
    """Run the whole pipeline on ``settings.input`` and write every output to ``settings.out``.

    OUT is locked for the run; every output is written into a new generation of OUT, put on
    show in one rename at the end (``folder.OutputFolder``): a run that dies midway leaves
    the previous outputs as they were, and the next run tidies up after it.

    Raises:
        ModelMissing: the English model is not installed.
        InputMissing: the input is not there.
        OutInsideInput: OUT lies inside INPUT (its outputs would be read as articles).
        OutInUse, OutNotOurs: another run holds OUT; an output name in OUT is not ours.
        OutUnwritable: OUT cannot be written (read-only, a full disk).
        NothingRead: no article could be read (the outputs are still written).
    """
    began = time.monotonic()
    model_package()  # a missing model is one clear error here, before any work or worker
    refuse_out_inside_input(settings.input, settings.out)
    try:
        summary = write_run(settings, began)
    except OSError as err:  # a read-only OUT, a full disk: OUT keeps the previous outputs
        raise OutUnwritable(settings.out, err) from err
    if not summary.read:
        raise NothingRead(settings.input, summary.skipped)
    return summary


def write_run(settings: Settings, began: float) -> Summary:
    """The run with OUT locked, its outputs written into a new generation put on show at
    the end (discarded if the run fails)."""
    folder = OutputFolder(settings.out)
    with folder.locked():
        folder.check()
        folder.tidy()
        if settings.workers > 1 and settings.engine == "local":
            start_server()  # workers load the model while the corpus is read
        registry = load_registry(settings.speakers)
        items = list(ingest(settings.input))
        articles = [a for a in items if isinstance(a, Article)]
        skipped = [warn(s) for s in items if isinstance(s, Skipped)]
        context = Context(
            CorpusLines.from_texts(a.text for a in articles), registry, settings.parse
        )
        generation = folder.new_generation()
        try:
            with engine(settings) as (chunks, blocks):
                results = article_results(articles, context, chunks, settings, generation)
                texts: dict[str, str] = {}
                mentions, files = collect(results, skipped, texts)
                mentions = with_stories(mentions, find_stories(texts))
                identified, identities = identify(mentions, registry)
                mentions = list(identified)
                claims = cluster_claims(mentions, settings.cluster, blocks)
            tracked = {m.speaker for m in mentions if m.in_registry}
            listed = [c for c in claims if settings.all_speakers or c.speaker in tracked]
            skipped.sort(key=lambda s: s.source)
            title = settings.out.resolve().name if settings.report else None
            write_outputs(
                generation,
                mentions,
                listed,
                skipped,
                files,
                (identities, claims),
                xlsx=settings.xlsx,
                report=title,
            )
            removed = folder.publish(generation)
        except BaseException:
            folder.discard(generation)
            raise
    hint = "" if settings.all_speakers else registry_hint(len(listed), registry, identities)
    return Summary(
        len(articles),
        len(skipped),
        len(mentions),
        len(listed),
        time.monotonic() - began,
        tuple(removed),
        hint,
    )


def registry_hint(listed: int, registry: Registry, identities: Sequence[Identity]) -> str:
    """What to tell a user whose registry's speakers are missing or rare in the corpus: the
    claims listed, the speakers quoted most, and how to list them; "" when the registry's
    speakers are among the most quoted."""
    others = [i for i in identities if not i.in_registry and i.kind == "person"][:HINT_NAMES]
    tracked = [i for i in identities if i.in_registry]
    if not others or (tracked and identities.index(tracked[0]) < HINT_NAMES and listed):
        return ""
    quoted = ", ".join(f"{i.speaker} ({i.n_mentions})" for i in others)
    return (
        f"{listed} claims by the {len(registry.speakers)} registry speakers; most quoted: "
        f"{quoted} (use --all-speakers, or --speakers FILE)"
    )


def refuse_out_inside_input(input: Path, out: Path) -> None:
    """Refuse an output folder inside the input folder (or the same folder): the next run
    would read this run's outputs as articles.

    Raises:
        OutInsideInput: it is.
    """
    if input.is_dir() and out.resolve().is_relative_to(input.resolve()):
        raise OutInsideInput(input, out)


def article_results(
    articles: Sequence[Article],
    context: Context,
    chunks: ChunkMapper,
    settings: Settings,
    folder: Path,
) -> Iterator[tuple[ArticleResult, ArticleFiles]]:
    """Every article's result, in input order, with the files its texts were written to
    under ``folder``: from the cache where it holds one, the others computed by ``chunks``
    (local worker processes or a Dask cluster) and stored in the cache. Unused cache entries
    go at the end."""
    names = output_names(a.source for a in articles)
    cache = ArticleCache.of(settings.out, settings.speakers) if settings.cache else None
    keys = [cache.key(a, context.corpus) for a in articles] if cache else [""] * len(articles)
    hits = [cache is not None and key in cache for key in keys]
    computed = chunks(
        process_chunk, [a for a, hit in zip(articles, hits, strict=True) if not hit], context
    )
    if settings.engine == "local" and settings.workers == 1 and not all(hits):
        load_nlp()  # here, not in the first article's time: the bar's estimate leaves it out
    progress = tqdm(
        zip(articles, keys, hits, strict=True),
        total=len(articles),
        unit="article",
        file=sys.stderr,
        disable=not settings.progress or len(articles) < PROGRESS_FROM,
    )
    for article, key, hit in progress:
        result = cache.load(key, article) if cache is not None and hit else None
        fresh = result is None
        if result is None:
            result = next(computed) if not hit else next(process_chunk([article], context))
        result, files = staged(result, article, names[article.source], folder)
        if cache is not None and fresh and result.skipped is None:
            cache.store(key, result)
        yield result, files
    if cache is not None:
        cache.prune(keys)


def collect(
    results: Iterable[tuple[ArticleResult, ArticleFiles]],
    skipped: list[Skipped],
    texts: dict[str, str],
) -> tuple[list[Mention], list[ArticleFiles]]:
    """The mentions of every result, in order, and each article's files; each article's
    clean text is added to ``texts`` (for ``find_stories``), a skipped article named on
    stderr and added to ``skipped``."""
    mentions: list[Mention] = []
    files: list[ArticleFiles] = []
    for result, written in results:
        if result.skipped is not None:
            skipped.append(warn(result.skipped))
        if result.texts is not None:
            texts[result.source] = result.texts.clean
        mentions.extend(result.mentions)
        files.append(written)
    return unique_ids(mentions), files


def staged(
    result: ArticleResult, article: Article, name: str, folder: Path
) -> tuple[ArticleResult, ArticleFiles]:
    """The result, its texts written as ``clean/<name>`` and ``text/<name>`` under
    ``folder``, and where they went. A file that cannot be written (a full disk) ends the
    run: the generation is then discarded and the previous outputs stay on show."""
    texts = result.texts
    if texts is None:
        return result, ArticleFiles(article.source, "", "", article.meta)
    write_text(folder / "clean" / name, texts.clean, durable=False)
    if texts.decoded is not None:
        write_text(folder / "text" / name, texts.decoded, durable=False)
    text_file = name if texts.decoded is not None else ""
    return result, ArticleFiles(article.source, name, text_file, article.meta)


def warn(skip: Skipped) -> Skipped:
    """Name a skipped input on stderr, one line."""
    print(skipped_line(skip.source, skip.reason), file=sys.stderr)
    return skip
