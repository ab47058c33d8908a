"""The one settings object of a run; the CLI only overrides its fields."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        batch_size: articles per spaCy batch and per chunk sent to a worker (16 or fewer
            keeps memory flat).
        progress: show a progress bar on stderr for longer runs.
        cache: reuse the per-article results of earlier runs kept in ``out/.cache``, and
            keep this run's there.
        xlsx: also write ``claims.xlsx`` (a claims sheet and a mentions sheet).
        report: also write ``report.html``, one self-contained page to read the claims in.
        semantic: also join paraphrases by the same speaker by sentence embeddings (needs the
            ``semantic`` extra).
        engine: ``local`` (worker processes on this machine) or ``dask``.
        scheduler: the Dask scheduler's address; none starts a LocalCluster for the run.
    """

    input: Path
    out: Path
    all_speakers: bool = False
    speakers: Path | None = None
    workers: int = 1
    batch_size: int = 16
    progress: bool = True
    cache: bool = True
    xlsx: bool = False
    report: bool = False
    semantic: bool = False
    engine: str = "local"
    scheduler: str | None = None
