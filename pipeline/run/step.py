"""The per-article step of a run: clean, parse in parts, find and attribute the quotes.

``process_chunk`` does it on a chunk of articles: in this process, in each worker process, or
over each partition of another engine. It writes no file: only small records come out of it,
each article's mentions and the texts the runner writes under ``clean/`` and ``text/``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from spacy.tokens import Doc

from pipeline.attribution import Registry, attribute
from pipeline.boilerplate import CorpusLines, strip_boilerplate
from pipeline.errors import PipelineError, StageFailed, TooLong
from pipeline.nlp import load_nlp
from pipeline.quotes import find_quotes
from pipeline.records import Article, CleanArticle, Mention, Skipped
from pipeline.run.parts import Part, batch_size, part_spans, shift_mention, sub_article
from pipeline.selection import claim_text
from pipeline.settings import ParseSettings


@dataclass(frozen=True)
class Context:
    """What every article of a run needs besides itself; built once, sent once to a worker."""

    corpus: CorpusLines
    registry: Registry
    parse: ParseSettings = field(default_factory=ParseSettings)


@dataclass(frozen=True)
class Texts:
    """An article's texts for the output folder: its clean text (``clean/``) and, where
    offsets do not refer to the file's UTF-8 text (HTML, other encodings), the text they
    refer to (``text/``)."""

    clean: str
    decoded: str | None = None


@dataclass(frozen=True)
class ArticleResult:
    """What one article gives the rest of the run: its mentions (in article order, each
    with its sentence and the article's metadata) and its texts, or why it was skipped
    (an article skipped after cleaning still has its texts)."""

    source: str
    mentions: tuple[Mention, ...] = ()
    texts: Texts | None = None
    skipped: Skipped | None = None


@dataclass(frozen=True)
class Cleaned:
    """An article through the clean stage, and its texts."""

    clean: CleanArticle
    texts: Texts


def process_chunk(articles: Sequence[Article], context: Context) -> Iterator[ArticleResult]:
    """Clean, parse, find and attribute the quotes of each article; results in order, each as
    soon as its article is parsed.

    The parts of all the chunk's articles are parsed in batches, and each article's docs are
    dropped as soon as its mentions are out. An article that trips a stage is skipped, with
    the reason; the others go on.
    """
    cleaned = [clean(article, context) for article in articles]
    found = parsed_mentions(cleaned, context)
    return (finish(item, mentions) for item, mentions in zip(cleaned, found, strict=True))


def clean(article: Article, context: Context) -> Cleaned | Skipped:
    """Clean the article; skip it if its kept text is too long to parse."""
    try:
        cleaned = strip_boilerplate(article, context.corpus)
        kept = sum(b.end - b.start for b in cleaned.kept)
        if kept > context.parse.max_chars:
            raise TooLong(kept, context.parse.max_chars)
    except Exception as err:  # one bad article must not cost the whole corpus
        reason = str(err if isinstance(err, PipelineError) else StageFailed("clean", err))
        return Skipped(article.source, reason)
    return Cleaned(cleaned, article_texts(cleaned))


def parsed_mentions(
    cleaned: Sequence[Cleaned | Skipped], context: Context
) -> Iterator[list[Mention] | Skipped]:
    """The mentions of each cleaned article, in order, as soon as its parts are parsed (none
    for an article skipped or with nothing to parse), or why it was skipped."""
    kept = {i: c.clean for i, c in enumerate(cleaned) if isinstance(c, Cleaned)}
    parts = (
        Part(i, s, sub_article(c, s, e))
        for i, c in kept.items()
        for s, e in part_spans(c, context.parse.part_chars)
    )
    docs = (
        load_nlp().pipe(
            ((parse_text(p.clean, context.parse), p) for p in parts),
            as_tuples=True,
            batch_size=batch_size([c.article for c in kept.values()], context.parse),
        )
        if kept
        else iter(())
    )
    done = 0
    for index, parsed in groupby(docs, key=lambda doc_part: doc_part[1].index):
        yield from ([] for _ in range(done, index))  # nothing to parse in these
        try:
            yield [m for doc, p in parsed for m in part_mentions(doc, p, context.registry)]
        except Exception as err:  # one bad article must not cost the whole corpus
            yield Skipped(kept[index].article.source, str(StageFailed("quotes", err)))
        done = index + 1
    yield from ([] for _ in range(done, len(cleaned)))


def parse_text(clean: CleanArticle, parse: ParseSettings) -> str:
    """The text the model parses: the kept blocks, or only their sentences that can hold a
    claim (``parse.select``); either way as long as the article, offsets unchanged."""
    return claim_text(clean) if parse.select else clean.masked_text()


def part_mentions(doc: Doc, part: Part, registry: Registry) -> list[Mention]:
    """Find and attribute the quotes of one part; offsets shifted back into the article."""
    mentions = attribute(doc, find_quotes(doc, part.clean), part.clean, registry)
    return [shift_mention(m, part.offset) for m in mentions] if part.offset else list(mentions)


def finish(item: Cleaned | Skipped, found: list[Mention] | Skipped) -> ArticleResult:
    """The result of one article: its mentions, each with its sentence and the article's
    metadata, and its texts."""
    if isinstance(item, Skipped):
        return ArticleResult(item.source, skipped=item)
    if isinstance(found, Skipped):
        return ArticleResult(found.source, texts=item.texts, skipped=found)
    article = item.clean.article
    mentions = tuple(
        dataclasses.replace(m, meta=article.meta, sentence=article.text[slice(*m.quote.sentence)])
        for m in found
    )
    return ArticleResult(article.source, mentions, item.texts)


def article_texts(clean: CleanArticle) -> Texts:
    """The article's clean text and, where offsets do not refer to the file's own UTF-8
    text (``Article.derived``: HTML, DOCX, PDF, other encodings, replaced bytes), the text
    they refer to."""
    article = clean.article
    return Texts(clean.clean_text() + "\n", article.text if article.derived else None)
