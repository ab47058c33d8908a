"""The Python API: the pipeline on one text, or the command line's run, from Python.

``extract_text`` runs the per-article stages on a string and returns its mentions (each quote
with its speaker), writing nothing; ``extract`` is ``python -m pipeline extract``: it reads
INPUT, writes every output to OUT and returns the run's ``Summary``.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from pipeline.attribution import load_registry
from pipeline.boilerplate import CorpusLines
from pipeline.errors import ArticleError
from pipeline.ingest import settled
from pipeline.records import Article, Mention
from pipeline.run import Summary, run_extract
from pipeline.run.step import Context, process_chunk
from pipeline.settings import Settings


def extract_text(
    text: str, *, source: str = "text", settings: Settings | None = None
) -> tuple[Mention, ...]:
    """The mentions of one article's text, in article order: each quote with its speaker,
    cue and sentence, offsets into ``text``. No file is read (but the registry) or written.

    Args:
        text: the article as plain text (title, then paragraphs separated by blank lines).
        source: the article's name, as it would appear in ``mentions.csv``.
        settings: the registry (``speakers``) and parse settings; the defaults if None.

    Raises:
        RegistryError: ``settings.speakers`` cannot be read.
        ArticleError: the article cannot be processed (too long, a stage failed on it).
    """
    settings = settings or Settings(input=Path())
    article = next(settled([Article(source, text)], {}))
    assert isinstance(article, Article)  # settling an article keeps it one
    context = Context(
        CorpusLines.from_texts([article.text]), load_registry(settings.speakers), settings.parse
    )
    result = next(process_chunk([article], context))
    if result.skipped is not None:
        raise ArticleError(result.skipped.reason)
    return result.mentions


def extract(
    input: str | os.PathLike[str],
    out: str | os.PathLike[str],
    settings: Settings | None = None,
) -> Summary:
    """Run the pipeline on ``input`` (a folder of articles, a ``.jsonl`` corpus, or ``-``)
    and write every output to ``out``, as ``python -m pipeline extract INPUT -o OUT`` does
    with ``settings``' other fields (the defaults if None).

    Raises:
        PipelineError: as the command line's run (input missing, nothing read, ...).
    """
    base = settings or Settings(input=Path(input))
    return run_extract(dataclasses.replace(base, input=Path(input), out=Path(out)))
