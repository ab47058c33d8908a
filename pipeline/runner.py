"""The run: ingest -> clean -> quotes -> attribute -> cluster -> export, over one corpus."""

from __future__ import annotations

import dataclasses
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from pipeline.attribution import Registry, attribute, load_registry
from pipeline.boilerplate import CorpusLines, strip_boilerplate
from pipeline.clustering import cluster_claims
from pipeline.errors import NothingRead
from pipeline.export import write_outputs, write_text
from pipeline.ingest import HTML_SUFFIXES, ingest
from pipeline.nlp import load_nlp
from pipeline.quotes import find_quotes
from pipeline.records import Article, Claim, CleanArticle, Mention, Skipped
from pipeline.settings import Settings

STAGING = ".staging"
TEXT_DIRS = ("clean", "text")


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

    Text outputs are written to a staging folder and swapped in at the end, CSVs are written
    atomically: a run that dies midway leaves the previous outputs as they were.

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
    shutil.rmtree(staging, ignore_errors=True)
    try:
        mentions = list(extract_mentions(articles, registry, settings, staging, skipped))
        claims = with_first_sentences(cluster_claims([m for m, _ in mentions]), mentions)
        tracked = {m.speaker for m, _ in mentions if m.in_registry}
        listed = [c for c in claims if settings.all_speakers or c.speaker in tracked]
        write_outputs(settings.out, mentions, listed, skipped)
        swap_in(staging, settings.out)
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
) -> Iterator[tuple[Mention, str]]:
    """Clean, parse, find and attribute quotes article by article; yield (mention, sentence).

    Every article is parsed once, in batches, and its docs are dropped as soon as its
    mentions are out, so memory does not grow with the corpus. An article that trips a
    stage is named on stderr and added to ``skipped``; the run goes on without its quotes.
    """
    corpus = CorpusLines.from_texts(a.text for a in articles)
    cleaned = (strip_boilerplate(a, corpus) for a in articles)
    nlp = load_nlp()
    docs = nlp.pipe(
        ((c.masked_text(), c) for c in cleaned),
        as_tuples=True,
        batch_size=settings.batch_size,
        n_process=settings.workers,
    )
    bar = tqdm(
        docs,
        total=len(articles),
        unit="article",
        file=sys.stderr,
        disable=not settings.progress or len(articles) < 20,
    )
    for doc, clean in bar:
        write_texts(clean, staging)
        text = clean.article.text
        try:
            mentions = attribute(doc, find_quotes(doc, clean), clean, registry)
        except Exception as err:  # one bad article must not cost the whole corpus
            skipped.append(warn(Skipped(clean.article.source, f"quotes not extracted: {err!r}")))
            continue
        for mention in mentions:
            start, end = mention.quote.sentence
            yield mention, text[start:end]


def warn(skip: Skipped) -> Skipped:
    """Name a skipped input on stderr, one line."""
    print(f"skipped {skip.source}: {skip.reason}", file=sys.stderr)
    return skip


def write_texts(clean: CleanArticle, staging: Path) -> None:
    """Write the article's clean text and, where offsets do not refer to the file's UTF-8
    text (HTML, other encodings), the text they refer to."""
    source = Path(clean.article.source)
    name = source.with_suffix(".txt")
    write_text(staging / "clean" / name, clean.clean_text() + "\n")
    if source.suffix.lower() in HTML_SUFFIXES or "encoding" in clean.article.meta:
        write_text(staging / "text" / name, clean.article.text)


def swap_in(staging: Path, out: Path) -> None:
    """Replace each text folder of ``out`` by its staged version (or remove a stale one)."""
    for name in TEXT_DIRS:
        old = out / f".old-{name}"
        shutil.rmtree(old, ignore_errors=True)
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
