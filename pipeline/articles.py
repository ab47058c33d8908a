"""The per-article stages of a run: clean, stage the texts, parse in parts, find and attribute.

``process_chunk`` is the one function that does them, on a chunk of articles: in this
process, in each worker process, or over each partition of another engine. Only small
records come out of it. ``article_results`` runs it over a corpus, taking what it can from
the cache of earlier runs.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path, PurePosixPath

from spacy.tokens import Doc

from pipeline.attribution import Registry, attribute
from pipeline.boilerplate import CorpusLines, strip_boilerplate
from pipeline.cache import ArticleCache
from pipeline.errors import PipelineError, StageFailed, TooLong
from pipeline.export import write_text
from pipeline.nlp import load_nlp
from pipeline.quotes import find_quotes
from pipeline.records import (
    Article,
    Block,
    CleanArticle,
    Mention,
    Offsets,
    Quote,
    Skipped,
    mention_id,
)

PART_CHARS = 20_000  # a longer article is parsed in parts of at most this many characters
BATCH_CHARS = 100_000  # spaCy's memory grows with the characters of a batch: ~0.5 GB for these
MAX_PARSED_CHARS = 2_000_000  # kept text beyond this (~1 min of parsing) is not one article
SENTENCE_CUT = re.compile(r"([.!?…][\"'”’»)\]]*)\s+")  # group 1: where the part ends
SPACE_CUT = re.compile(r"(\S)\s+")

WORKER_PRELOAD = ("pipeline.worker",)  # what the server that forks the workers imports
Texts = tuple[tuple[Path, str], ...]  # files to stage: path relative to the staging folder


@dataclass(frozen=True)
class Context:
    """What every article of a run needs besides itself; built once, sent once to a worker."""

    corpus: CorpusLines
    registry: Registry
    staging: Path
    batch_size: int
    cache: ArticleCache | None = None


@dataclass(frozen=True)
class ArticleResult:
    """What one article gives the rest of the run: its mentions, each with its sentence, or
    why it was skipped."""

    source: str
    mentions: tuple[tuple[Mention, str], ...] = ()
    skipped: Skipped | None = None


# Maps ``work(chunk, context)`` over chunks of articles, every result in input order.
ChunkMapper = Callable[
    [Callable[[Sequence[Article], Context], list[ArticleResult]], Sequence[Article], Context],
    Iterator[ArticleResult],
]


@dataclass(frozen=True)
class Cleaned:
    """An article through the clean stage, and the texts it stages."""

    clean: CleanArticle
    texts: Texts


@dataclass(frozen=True)
class Cached:
    """A cache entry: an article's result and the texts it stages."""

    result: ArticleResult
    texts: Texts


@dataclass(frozen=True)
class Part:
    """A stretch of article ``index`` parsed on its own: ``clean`` is the cleaned text from
    ``offset`` on, as a small article whose offsets are shifted back after the parse."""

    index: int
    offset: int
    clean: CleanArticle


def article_results(
    articles: Sequence[Article], context: Context, chunks: ChunkMapper
) -> Iterator[ArticleResult]:
    """Every article's result, in input order: from the cache where it holds one, the others
    computed by ``chunks`` (local worker processes or a Dask cluster). Unused cache entries
    go at the end."""
    cache = context.cache
    keys = [cache.key(a, context.corpus) for a in articles] if cache else [""] * len(articles)
    hits = [cache is not None and key in cache for key in keys]
    fresh = [a for a, hit in zip(articles, hits, strict=True) if not hit]
    computed = chunks(process_chunk, fresh, context)
    for article, key, hit in zip(articles, keys, hits, strict=True):
        yield restored(article, key, context) if hit else next(computed)
    if cache is not None:
        cache.prune(keys)


def restored(article: Article, key: str, context: Context) -> ArticleResult:
    """The cached result of ``article``, its texts staged again; computed afresh if the entry
    cannot be read."""
    entry = context.cache.load(key) if context.cache else None
    if not isinstance(entry, Cached):
        return process_chunk([article], context)[0]
    write_texts(entry.texts, context.staging)
    return entry.result


def process_chunk(articles: Sequence[Article], context: Context) -> list[ArticleResult]:
    """Clean, stage, parse, find and attribute the quotes of each article; results in order.

    The parts of all the chunk's articles are parsed in batches, and each article's docs are
    dropped as soon as its mentions are out. An article that trips a stage is skipped, with
    the reason; the others go on. Results are stored in the cache, if any.
    """
    cleaned = [clean(article, context) for article in articles]
    found = parsed_mentions(cleaned, context)
    return [finish(item, found.get(i, []), context) for i, item in enumerate(cleaned)]


def clean(article: Article, context: Context) -> Cleaned | Skipped:
    """Clean the article and stage its texts; skip it if its text is too long to parse or
    its texts cannot be written."""
    try:
        cleaned = strip_boilerplate(article, context.corpus)
        kept = sum(b.end - b.start for b in cleaned.kept)
        if kept > MAX_PARSED_CHARS:
            raise TooLong(kept, MAX_PARSED_CHARS)
        texts = staged_texts(cleaned)
        write_texts(texts, context.staging)
    except Exception as err:  # one bad article must not cost the whole corpus
        reason = str(err if isinstance(err, PipelineError) else StageFailed("clean", err))
        return Skipped(article.source, reason)
    return Cleaned(cleaned, texts)


def parsed_mentions(
    cleaned: Sequence[Cleaned | Skipped], context: Context
) -> dict[int, list[Mention] | Skipped]:
    """Parse the parts of the cleaned articles; the mentions of each article by its index
    in ``cleaned`` (none for an article with nothing to parse), or why it was skipped."""
    kept = {i: c.clean for i, c in enumerate(cleaned) if isinstance(c, Cleaned)}
    if not kept:
        return {}
    parts = (Part(i, s, sub_article(c, s, e)) for i, c in kept.items() for s, e in part_spans(c))
    docs = load_nlp().pipe(
        ((p.clean.masked_text(), p) for p in parts),
        as_tuples=True,
        batch_size=batch_size([c.article for c in kept.values()], context.batch_size),
    )
    found: dict[int, list[Mention] | Skipped] = {}
    for index, parsed in groupby(docs, key=lambda doc_part: doc_part[1].index):
        try:
            found[index] = [m for doc, p in parsed for m in part_mentions(doc, p, context.registry)]
        except Exception as err:  # one bad article must not cost the whole corpus
            found[index] = Skipped(kept[index].article.source, str(StageFailed("quotes", err)))
    return found


def finish(
    item: Cleaned | Skipped, found: list[Mention] | Skipped, context: Context
) -> ArticleResult:
    """The result of one article, with each mention's sentence; stored in the cache when the
    article went through every stage."""
    if isinstance(item, Skipped):
        return ArticleResult(item.source, skipped=item)
    if isinstance(found, Skipped):
        return ArticleResult(found.source, skipped=found)
    article = item.clean.article
    found = [dataclasses.replace(m, meta=article.meta) for m in found]
    sentences = (article.text[slice(*m.quote.sentence)] for m in found)
    result = ArticleResult(article.source, tuple(zip(found, sentences, strict=True)))
    if context.cache is not None:
        context.cache.store(context.cache.key(article, context.corpus), Cached(result, item.texts))
    return result


def batch_size(articles: Sequence[Article], most: int) -> int:
    """Parts per spaCy batch: ``most``, fewer when the articles are long, so that a batch
    holds about BATCH_CHARS characters at most."""
    longest = max((len(a.text) for a in articles), default=1)
    return max(1, min(most, BATCH_CHARS // max(1, min(longest, PART_CHARS))))


def part_spans(clean: CleanArticle, limit: int = PART_CHARS) -> list[Offsets]:
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


def part_mentions(doc: Doc, part: Part, registry: Registry) -> list[Mention]:
    """Find and attribute the quotes of one part; offsets shifted back into the article."""
    mentions = attribute(doc, find_quotes(doc, part.clean), part.clean, registry)
    return [shift_mention(m, part.offset) for m in mentions] if part.offset else list(mentions)


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


def staged_texts(clean: CleanArticle) -> Texts:
    """The article's clean text and, where offsets do not refer to the file's UTF-8 text
    (``Article.derived``: HTML, DOCX, PDF, other encodings, replaced bytes), the text they
    refer to."""
    name = output_name(clean.article.source)
    texts = [(Path("clean") / name, clean.clean_text() + "\n")]
    if clean.article.derived:
        texts.append((Path("text") / name, clean.article.text))
    return tuple(texts)


def write_texts(texts: Iterable[tuple[Path, str]], staging: Path) -> None:
    """Write staged texts under ``staging``."""
    for path, text in texts:
        write_text(staging / path, text)


def output_name(source: str) -> Path:
    """The relative path of a source's text outputs: suffix ``.txt``, and never outside the
    output folder whatever the source (a JSONL id such as ``/etc/x`` or ``../x``)."""
    parts = [p for p in PurePosixPath(source.replace("\0", "")).parts if p not in ("/", "..")]
    return Path(*parts or ["_"]).with_suffix(".txt")
