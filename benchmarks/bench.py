"""``python benchmarks/bench.py``: how fast ``extract`` runs, next to bare spaCy on the same texts.

Usage: ``python benchmarks/bench.py [--sizes 1000 10000] [--quick]`` (``make bench``).

Builds synthetic corpora from the sample articles (paragraphs permuted, people renamed,
seeded), then times each run in a fresh process: ``nlp.pipe`` with the full model as the
floor, ``extract`` with 1 and 2 workers (cold: an empty output folder), and ``extract`` again
into the 1-worker folder after one article changed (warm: the cache holds the others). Words
are counted once per corpus, from the raw texts, so every run's words/s is over the same
words. Where the ``semantic`` extra is installed, ``extract --workers 2 --semantic`` joins the
runs. Last, clustering of synthetic quotes from ``bench_cluster.py`` (beside this), lexical and,
where the extra is installed, ``--semantic`` (its model loading and encoding included).
A benchmark, not a test: it prints, it never fails.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import bench_cluster
from spacy.tokens import Doc

from pipeline import semantic
from pipeline.clustering import cluster_claims
from pipeline.ingest import ingest
from pipeline.nlp import load_nlp
from pipeline.records import Article
from pipeline.run import run_extract
from pipeline.run.local import stop_server
from pipeline.settings import ClusterSettings, ParseSettings, Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "raw"
SEED = 0
BATCH_SIZE = 16
QUICK_SIZES = (200,)
CLUSTER_SIZES = (20_000, 100_000)
QUICK_CLUSTER_SIZES = (2_000, 20_000)
SEMANTIC_SIZES = (2_000, 20_000)  # encoding takes most of the time: ~150 quotes/s on 2 cores
QUICK_SEMANTIC_SIZES = (2_000,)
BASELINE = "nlp.pipe, 1 process"
ONE_WORKER = "extract --workers 1"
CHANGE = "\n\nThe talks were adjourned until the following week, officials said on Friday.\n"
FIRST_NAMES: tuple[str, ...] = (
    "Alvar", "Brisa", "Corin", "Dalia", "Edric", "Fenna", "Goran", "Halla", "Ivo", "Jessa",
    "Kel", "Liora",
)  # fmt: skip
SURNAMES: tuple[str, ...] = (
    "Ardelt", "Brevik", "Castano", "Dumitra", "Elsworth", "Farrand", "Gostin", "Harkov",
    "Isfeld", "Jarrow", "Kessane", "Lothway", "Mirelli", "Norvath", "Ostrand", "Pelloux",
)  # fmt: skip
NAME_WORD = re.compile(r"\b[A-Z][a-z]+\b")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Sample:
    """A source article cut into its first block and the rest, and the words naming people
    in it (as ``pattern`` matches them), to be replaced by invented ones."""

    head: str
    paragraphs: tuple[str, ...]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Measure:
    """One run: wall-clock seconds, CPU seconds of its process and of those it started (load
    from other programs leaves them as they are), peak RSS of its process and of any process
    it started."""

    seconds: float
    cpu_seconds: float
    rss_mb: float
    workers_rss_mb: float


def load_samples(folder: Path) -> list[Sample]:
    """Read the sample articles and find the people they name (spaCy's PERSON entities)."""
    articles = [a for a in ingest(folder) if isinstance(a, Article)]
    docs = load_nlp().pipe(a.text for a in articles)
    return [sample(article.text, doc) for article, doc in zip(articles, docs, strict=True)]


def sample(text: str, doc: Doc) -> Sample:
    """Cut ``text`` into blocks and collect its name words.

    A name word is a capitalised word of a PERSON entity of two words or more that is neither
    part of another entity nor seen in lower case (so "Israel Reins" keeps "Israel"); the
    last word of an entity is a surname, the others first names.
    """
    other = {w for e in doc.ents if e.label_ != "PERSON" for w in NAME_WORD.findall(e.text)}
    lower = {t.lower_ for t in doc if t.is_lower}
    names = [NAME_WORD.findall(e.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    kept = [[w for w in words if w not in other and w.lower() not in lower] for words in names]
    surnames = {words[-1] for words in kept if words}
    first_names = {w for words in kept for w in words[:-1]} - surnames
    pattern = re.compile(r"\b(?:" + "|".join(sorted(surnames | first_names)) + r")\b")
    head, *paragraphs = PARAGRAPH_BREAK.split(text.strip())
    return Sample(
        head, tuple(paragraphs), tuple(sorted(first_names)), tuple(sorted(surnames)), pattern
    )


def synthetic_text(source: Sample, rng: random.Random) -> str:
    """The sample with its paragraphs (all but the first) shuffled and its people renamed,
    each person consistently within the article."""
    paragraphs = list(source.paragraphs)
    rng.shuffle(paragraphs)
    names = invented(source.first_names, FIRST_NAMES, rng)
    names |= invented(source.surnames, SURNAMES, rng)
    text = "\n\n".join([source.head, *paragraphs]) + "\n"
    return source.pattern.sub(lambda m: names[m.group()], text)


def invented(words: Sequence[str], names: Sequence[str], rng: random.Random) -> dict[str, str]:
    """A distinct invented name for each of ``words``."""
    return dict(zip(words, rng.sample(names, len(words)), strict=True))


def write_corpus(samples: Sequence[Sample], size: int, path: Path) -> int:
    """Write ``size`` synthetic articles to ``path`` (JSONL); return their number of words."""
    rng = random.Random(SEED)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            text = synthetic_text(samples[i % len(samples)], rng)
            words += len(text.split())
            out.write(json.dumps({"id": f"bench-{i:06d}", "text": text}) + "\n")
    return words


def write_changed(corpus: Path, path: Path) -> None:
    """Copy ``corpus`` to ``path`` with one paragraph added to its first article."""
    first, *rest = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    article = json.loads(first)
    article["text"] += CHANGE
    path.write_text(json.dumps(article) + "\n" + "".join(rest), encoding="utf-8")


@dataclass(frozen=True)
class Start:
    """When a run began: clock and CPU readings."""

    wall: float
    cpu: float

    @classmethod
    def now(cls) -> Start:
        return cls(time.perf_counter(), cpu_seconds())


def cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of the children it waited for."""
    used = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return sum(u.ru_utime + u.ru_stime for u in used)


def measured(began: Start) -> Measure:
    """The measure of this process since ``began``."""
    seconds = time.perf_counter() - began.wall
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Measure(seconds, cpu_seconds() - began.cpu, own_peak_mb(), children)


def own_peak_mb() -> float:
    """Peak RSS of this process in MB, from /proc: ``ru_maxrss`` would start from the
    parent's RSS, as it carries over across the fork and exec that start a process."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kilobytes) / 1024


def time_nlp(corpus: Path) -> Measure:
    """Load the full model and parse every raw text of ``corpus``, doing nothing else."""
    began = Start.now()
    with corpus.open(encoding="utf-8") as lines:
        texts = (json.loads(line)["text"] for line in lines)
        for _ in load_nlp().pipe(texts, batch_size=BATCH_SIZE, n_process=1):
            pass
    return measured(began)


def time_extract(corpus: Path, out: Path, workers: int, semantic: bool = False) -> Measure:
    """Run the whole ``extract`` on ``corpus``, model loading and output writing included."""
    began = Start.now()
    settings = Settings(
        corpus,
        out,
        workers=workers,
        progress=False,
        parse=ParseSettings(batch_size=BATCH_SIZE),
        cluster=ClusterSettings(semantic=semantic),
    )
    run_extract(settings)
    stop_server()  # so that its workers' CPU and memory are counted
    return measured(began)


def time_clustering(quotes: int, semantic: bool = False) -> Measure:
    """Cluster ``quotes`` synthetic quotes of one speaker (generating them is not timed;
    with ``semantic``, loading the model and encoding the quotes are)."""
    mentions, _ = bench_cluster.synthetic(quotes)
    began = Start.now()
    cluster_claims(mentions, ClusterSettings(semantic=semantic))
    return measured(began)


def in_fresh_process(run: Callable[[], Measure]) -> Measure:
    """Run ``run`` in a new interpreter, so its memory is its own and its peak RSS is too."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run).result()


def corpus_runs(corpus: Path, changed: Path, out: Path) -> dict[str, Callable[[], Measure]]:
    """The runs timed on each corpus, in order, the baseline first; ``changed`` is the corpus
    with one article changed, re-run over the 1-worker outputs. A new engine (Dask) adds its
    runs here, and they join the table."""
    runs: dict[str, Callable[[], Measure]] = {
        BASELINE: partial(time_nlp, corpus),
        ONE_WORKER: partial(time_extract, corpus, out / "1", 1),
        "extract --workers 2": partial(time_extract, corpus, out / "2", 2),
        "warm, 1 changed": partial(time_extract, changed, out / "1", 1),
    }
    if semantic.available():
        runs["-w 2 --semantic"] = partial(time_extract, corpus, out / "s", 2, semantic=True)
    return runs


def bench_corpus(samples: Sequence[Sample], size: int, folder: Path) -> None:
    """Build the corpus of ``size`` articles, time every run on it and print the table."""
    corpus = folder / f"corpus-{size}.jsonl"
    words = write_corpus(samples, size, corpus)
    changed = folder / f"changed-{size}.jsonl"
    write_changed(corpus, changed)
    print(f"\n{size:,} articles ({words:,} words), batch_size={BATCH_SIZE}, runs in new processes")
    print(
        f"{'run':<22}{'seconds':>9}{'CPU s':>7}{'words/s':>9}{'vs nlp':>8}{'vs 1 worker':>12}"
        f"{'RSS MB':>8}{'workers RSS MB':>16}"
    )
    speeds: dict[str, float] = {}
    for label, run in corpus_runs(corpus, changed, folder / f"out-{size}").items():
        measure = in_fresh_process(run)
        speeds[label] = words / measure.seconds
        print(
            f"{label:<22}{measure.seconds:>9.1f}{measure.cpu_seconds:>7.1f}{speeds[label]:>9,.0f}"
            f"{speeds[label] / speeds[BASELINE]:>8.2f}"
            f"{ratio(speeds[label], speeds.get(ONE_WORKER)):>12}"
            f"{measure.rss_mb:>8,.0f}{megabytes(measure.workers_rss_mb):>16}",
            flush=True,
        )


def ratio(speed: float, reference: float | None) -> str:
    """``speed`` over ``reference`` to two decimals, or a dash before the reference has run."""
    return "-" if reference is None else f"{speed / reference:.2f}"


def megabytes(mb: float) -> str:
    """A peak RSS in MB, or a dash for none (a run that started no process)."""
    return f"{mb:,.0f}" if mb else "-"


def bench_clustering(sizes: Sequence[int], semantic_sizes: Sequence[int]) -> None:
    """Time clustering of each number of synthetic quotes and print the table; with
    ``--semantic`` too, for ``semantic_sizes``, where the extra is installed."""
    print("\nclustering quotes of one speaker (bench_cluster.py), each in a fresh process")
    print(f"{'quotes':>9}{'seconds':>9}{'RSS MB':>8}")
    runs = [(quotes, False) for quotes in sizes]
    runs += [(quotes, True) for quotes in semantic_sizes if semantic.available()]
    for quotes, embedded in runs:
        measure = in_fresh_process(partial(time_clustering, quotes, embedded))
        print(
            f"{quotes:>9,}{measure.seconds:>9.1f}{measure.rss_mb:>8,.0f}"
            f"{'  --semantic' if embedded else ''}",
            flush=True,
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run every benchmark it asks for."""
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000], help="corpus sizes, in articles"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 200 articles, fewer quotes"
    )
    args = parser.parse_args(argv)
    samples = load_samples(SAMPLES)
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as folder:
        for size in QUICK_SIZES if args.quick else args.sizes:
            bench_corpus(samples, size, Path(folder))
    if args.quick:
        bench_clustering(QUICK_CLUSTER_SIZES, QUICK_SEMANTIC_SIZES)
    else:
        bench_clustering(CLUSTER_SIZES, SEMANTIC_SIZES)


if __name__ == "__main__":
    main()
