"""The run: ingest -> clean -> quotes -> attribute -> cluster -> export, over one corpus."""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
import shutil
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path, PurePosixPath

from spacy.tokens import Doc
from tqdm import tqdm

from pipeline.attribution import Registry, attribute, load_registry
from pipeline.boilerplate import CorpusLines, strip_boilerplate
from pipeline.clustering import cluster_claims
from pipeline.errors import NothingRead, PipelineError, StageFailed, TooLong
from pipeline.export import write_outputs, write_text
from pipeline.ingest import HTML_SUFFIXES, ingest
from pipeline.nlp import load_nlp
from pipeline.quotes import find_quotes
from pipeline.records import (
    Article,
    Block,
    Claim,
    CleanArticle,
    Mention,
    Offsets,
    Quote,
    Skipped,
    stable_id,
)
from pipeline.settings import Settings

STAGING = ".staging"
TEXT_DIRS = ("clean", "text")
CSV_FILES = ("mentions.csv", "claims.csv", "skipped.csv")
PART_CHARS = 20_000  # a longer article is parsed in parts of at most this many characters
BATCH_CHARS = 100_000  # spaCy's memory grows with the characters of a batch: ~0.5 GB for these
MAX_PARSED_CHARS = 2_000_000  # kept text beyond this (~6 min of parsing) is not one article
SENTENCE_CUT = re.compile(r"([.!?…][\"'”’»)\]]*)\s+")  # group 1: where the part ends
SPACE_CUT = re.compile(r"(\S)\s+")


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
    registry = load_registry(settings.speakers)
    items = list(ingest(settings.input))
    articles = [a for a in items if isinstance(a, Article)]
    skipped = [s for s in items if isinstance(s, Skipped)]
    for s in skipped:
        warn(s)
    staging = settings.out / STAGING
    recover(settings.out)
    try:
        mentions = list(extract_mentions(articles, registry, settings, staging, skipped))
        claims = with_first_sentences(cluster_claims([m for m, _ in mentions]), mentions)
        tracked = {m.speaker for m, _ in mentions if m.in_registry}
        listed = [c for c in claims if settings.all_speakers or c.speaker in tracked]
        skipped.sort(key=lambda s: s.source)
        write_outputs(staging, mentions, listed, skipped)
        swap_in(staging, settings.out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not articles:
        raise NothingRead(settings.input, len(skipped))
    return Summary(
        len(articles), len(skipped), len(mentions), len(listed), time.monotonic() - began
    )


@dataclass(frozen=True)
class Part:
    """A stretch of article ``index`` parsed on its own: ``clean`` is the cleaned text from
    ``offset`` on, as a small article whose offsets are shifted back after the parse."""

    index: int
    offset: int
    clean: CleanArticle


def extract_mentions(
    articles: Sequence[Article],
    registry: Registry,
    settings: Settings,
    staging: Path,
    skipped: list[Skipped],
) -> Iterator[tuple[Mention, str]]:
    """Clean, parse, find and attribute quotes article by article; yield (mention, sentence).

    Articles are parsed in parts of at most PART_CHARS characters, in batches, and each
    article's docs are dropped as soon as its mentions are out, so memory stays flat however
    large the corpus or the article. An article that trips a stage is named on stderr and
    added to ``skipped``; the run goes on without its quotes.
    """
    corpus = CorpusLines.from_texts(a.text for a in articles)
    nlp = load_nlp()
    docs = nlp.pipe(
        ((p.clean.masked_text(), p) for p in staged_parts(articles, corpus, staging, skipped)),
        as_tuples=True,
        batch_size=batch_size(articles, settings.batch_size),
        n_process=settings.workers,
    )
    bar = tqdm(
        groupby(docs, key=lambda doc_part: doc_part[1].index),
        total=len(articles),
        unit="article",
        file=sys.stderr,
        disable=not settings.progress or len(articles) < 20,
    )
    for index, parsed in bar:
        article = articles[index]
        try:
            mentions = [m for doc, part in parsed for m in part_mentions(doc, part, registry)]
        except Exception as err:  # one bad article must not cost the whole corpus
            skipped.append(warn(Skipped(article.source, str(StageFailed("quotes", err)))))
            continue
        for mention in mentions:
            start, end = mention.quote.sentence
            yield mention, article.text[start:end]


def batch_size(articles: Sequence[Article], most: int) -> int:
    """Parts per spaCy batch: ``most``, fewer when the articles are long, so that a batch
    holds about BATCH_CHARS characters at most."""
    longest = max((len(a.text) for a in articles), default=1)
    return max(1, min(most, BATCH_CHARS // max(1, min(longest, PART_CHARS))))


def staged_parts(
    articles: Sequence[Article], corpus: CorpusLines, staging: Path, skipped: list[Skipped]
) -> Iterator[Part]:
    """Clean each article, stage its texts, and cut it into the parts to parse.

    An article with too much text, or whose texts cannot be written, is skipped.
    """
    for index, article in enumerate(articles):
        try:
            clean = strip_boilerplate(article, corpus)
            kept = sum(b.end - b.start for b in clean.kept)
            if kept > MAX_PARSED_CHARS:
                raise TooLong(kept, MAX_PARSED_CHARS)
            write_texts(clean, staging)
        except Exception as err:  # one bad article must not cost the whole corpus
            reason = str(err if isinstance(err, PipelineError) else StageFailed("clean", err))
            skipped.append(warn(Skipped(article.source, reason)))
            continue
        for start, end in part_spans(clean):
            yield Part(index, start, sub_article(clean, start, end))


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
    mention_id = stable_id("M", quote.source, quote.start, quote.end)
    return dataclasses.replace(mention, quote=quote, mention_id=mention_id)


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


def warn(skip: Skipped) -> Skipped:
    """Name a skipped input on stderr, one line."""
    print(f"skipped {skip.source}: {skip.reason}", file=sys.stderr)
    return skip


def write_texts(clean: CleanArticle, staging: Path) -> None:
    """Write the article's clean text and, where offsets do not refer to the file's UTF-8
    text (HTML, other encodings), the text they refer to."""
    name = output_name(clean.article.source)
    write_text(staging / "clean" / name, clean.clean_text() + "\n")
    html = Path(clean.article.source).suffix.lower() in HTML_SUFFIXES
    if html or "encoding" in clean.article.meta:
        write_text(staging / "text" / name, clean.article.text)


def output_name(source: str) -> Path:
    """The relative path of a source's text outputs: suffix ``.txt``, and never outside the
    output folder whatever the source (a JSONL id such as ``/etc/x`` or ``../x``)."""
    parts = [p for p in PurePosixPath(source.replace("\0", "")).parts if p not in ("/", "..")]
    return Path(*parts or ["_"]).with_suffix(".txt")


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
