"""The one settings object of a run, with every tunable; the CLI only overrides its fields.

``Settings`` holds what ``extract`` reads, writes and how; its nested groups hold how long
articles are parsed (``ParseSettings``) and how mentions are grouped into claims
(``ClusterSettings``). All are frozen: a run never changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import UnknownSetting

METHODS = ("dice", "hybrid")
LINKAGES = ("average", "complete")
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class ParseSettings:
    """How the per-article stages feed the parser.

    Attributes:
        batch_size: articles per spaCy batch (16 or fewer keeps memory flat).
        chunk_words: words of the articles of one chunk sent to a worker (about 16
            articles of news).
        part_chars: a longer article is parsed in parts of at most this many characters.
        batch_chars: spaCy's memory grows with the characters of a batch: ~0.5 GB for these.
        max_chars: kept text beyond this (~1 min of parsing) is not one article: skipped.
        select: parse only the sentences that can hold a claim (``pipeline.selection``):
            off until it keeps every figure (PolNeAR dev: people under one name -0.005,
            quote F1 -0.001, and some pronouns resolved otherwise), for ~10% of the parse.
    """

    batch_size: int = 16
    chunk_words: int = 10_000
    part_chars: int = 20_000
    batch_chars: int = 100_000
    max_chars: int = 2_000_000
    select: bool = False


@dataclass(frozen=True)
class ClusterSettings:
    """How mentions are compared and grouped; defaults measured on the gold clusters.

    Attributes:
        method: ``dice`` (IDF-weighted Dice of the content-word sets) or ``hybrid`` (the
            larger of Dice and a containment score, the latter only when the shorter text
            has ``containment_words`` content words and ``min_length_ratio`` of the longer
            one's).
        threshold: the least linkage similarity (0-100) at which two groups merge.
        linkage: ``average`` or ``complete`` linkage over the similarity graph.
        min_shared: content words two texts must share to merge (texts sharing fewer merge
            only when their words are the same: "Trump" and "Clinton" in two quotes, or
            "United States" and "North Korea", are no evidence of a shared claim).
        containment_words: content words the shorter text needs for containment to count.
        min_length_ratio: least ratio of content words (shorter / longer) for containment.
        idf_base: a word's weight is 1 + log(N / df) in this base (capped at ``max_weight``).
        max_weight: the largest weight of a word.
        block_above: more distinct texts than this in one block: MinHash blocking first.
        semantic: add sentence-embedding similarity (needs the ``semantic`` extra).
        semantic_threshold: the CSLS score (see ``pipeline.semantic``) that counts as much
            as ``threshold``; a pair's semantic similarity is its CSLS score scaled by
            ``threshold / semantic_threshold``.
        neighbours: how many nearest texts make a text's neighbourhood for CSLS.

    Raises:
        UnknownSetting: ``method`` or ``linkage`` is none of the known ones.
    """

    method: str = "hybrid"
    threshold: float = 33.0
    linkage: str = "average"
    min_shared: int = 4
    containment_words: int = 5
    min_length_ratio: float = 0.5
    idf_base: float = 4.0
    max_weight: int = 3
    block_above: int = 2000
    semantic: bool = False
    semantic_threshold: float = 0.2
    neighbours: int = 10

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise UnknownSetting("clustering method", self.method, METHODS)
        if self.linkage not in LINKAGES:
            raise UnknownSetting("clustering linkage", self.linkage, LINKAGES)


@dataclass(frozen=True)
class Settings:
    """What ``extract`` reads, where it writes, and how.

    Attributes:
        input: a folder of articles (searched recursively) or a ``.jsonl`` corpus.
        out: the output folder.
        all_speakers: list claims of every speaker, not only the registry's.
        speakers: a speaker registry (TOML) replacing the default one.
        workers: processes running the per-article stages (clean, parse, quotes,
            attribution); 1 runs them in this process.
        progress: show a progress bar on stderr for longer runs.
        cache: reuse the per-article results of earlier runs kept in ``out/.cache``, and
            keep this run's there.
        xlsx: also write ``claims.xlsx`` (a claims sheet and a mentions sheet).
        report: also write ``report.html``, one self-contained page to read the claims in.
        engine: ``local`` (worker processes on this machine) or ``dask``.
        scheduler: the Dask scheduler's address; none starts a LocalCluster for the run.
        parse: how articles are fed to the parser (batches, parts, the length limit).
        cluster: how mentions are grouped into claims (``cluster.semantic`` for
            ``--semantic``).
    """

    input: Path
    out: Path = Path("data/out")
    all_speakers: bool = False
    speakers: Path | None = None
    workers: int = 1
    progress: bool = True
    cache: bool = True
    xlsx: bool = False
    report: bool = False
    engine: Literal["local", "dask"] = "local"
    scheduler: str | None = None
    parse: ParseSettings = field(default_factory=ParseSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise UnknownSetting("engine", self.engine, ENGINES)
