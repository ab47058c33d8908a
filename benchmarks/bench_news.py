"""``python benchmarks/bench_news.py``: ``extract`` against bare spaCy on real news.

Usage: ``python benchmarks/bench_news.py [--articles 200] [--parallel 1000] [--runs 3]``
(``make bench``).

The corpus is the PolNeAR training articles (``../shared/eval/polnear_train.jsonl``, only
their text) when present, else the synthetic corpus of ``bench.py``. Each figure is a whole
process, timed from here: bare ``nlp.pipe`` (full model, batch 16, one process) and
``extract --workers 1 --no-cache`` over the same articles, in turn (A B A B ...), so that a
machine whose speed drifts slows both alike; the median of the runs and the median of the
pair-by-pair ratios, of wall-clock and of CPU time (on a shared machine the CPU ratio is
the steadier), are printed. Words are counted once, over the articles' raw texts, so
every words/s is over the same words. Then ``--workers 2`` against ``--workers 1`` on
``--parallel`` articles (all the real ones if there are fewer), and ``bench_identify.py``.
Peak RSS is that of the largest process of a run. A benchmark, not a test: it never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "eval" / "polnear_train.jsonl"
BATCH_SIZE = 16
BARE = (
    "import json, sys\n"
    "from pipeline.nlp import model_package\n"
    "nlp = model_package().load()\n"
    "texts = (json.loads(line)['text'] for line in open(sys.argv[1], encoding='utf-8'))\n"
    f"for _ in nlp.pipe(texts, batch_size={BATCH_SIZE}, n_process=1):\n"
    "    pass\n"
)


@dataclass(frozen=True)
class Run:
    """One finished process: wall-clock seconds, CPU seconds (its own and its waited-for
    children's: other load on the machine leaves them as they are) and its peak RSS (the
    largest process's)."""

    seconds: float
    cpu_seconds: float
    rss_mb: float


def timed(command: Sequence[str]) -> Run:
    """Run ``command`` to its end, its output thrown away; its time and peak RSS."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def write_corpus(size: int, path: Path) -> tuple[int, int]:
    """The first ``size`` real articles (or synthetic ones) as JSONL at ``path``; their
    number and their raw words."""
    if NEWS.exists():
        lines = NEWS.read_text(encoding="utf-8").splitlines()[:size]
        texts = [json.loads(line)["text"] for line in lines]
        with path.open("w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"news-{i:05d}", "text": text}) + "\n")
        return len(texts), sum(len(t.split()) for t in texts)
    sys.path.insert(0, str(Path(__file__).parent))
    import bench  # the synthetic corpus, built from the sample articles

    return size, bench.write_corpus(bench.load_samples(bench.SAMPLES), size, path)


def extract(corpus: Path, out: Path, workers: int) -> list[str]:
    """The ``extract`` command over ``corpus`` with ``workers`` processes, nothing cached."""
    return [
        sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out),
        "--workers", str(workers), "--no-cache", "--quiet",
    ]  # fmt: skip


def versus(
    label: str, a: Sequence[str], b: Sequence[str], names: tuple[str, str], runs: int, words: int
) -> float:
    """Time ``a`` and ``b`` in turn ``runs`` times each (after one warm-up of each) and print
    both medians and the median ratio of b's words/s to a's; b's median seconds."""
    timed(a), timed(b)  # warm-up: files and model in the page cache
    pairs = [(timed(a), timed(b)) for _ in range(runs)]
    print(f"\n{label}: {words:,} words, {runs} interleaved runs each, medians")
    print(f"{'run':<24}{'seconds':>9}{'CPU s':>8}{'words/s':>10}{'peak RSS MB':>13}")
    for name, side in zip(names, zip(*pairs, strict=True), strict=True):
        seconds = statistics.median(r.seconds for r in side)
        cpu = statistics.median(r.cpu_seconds for r in side)
        rss = max(r.rss_mb for r in side)
        print(f"{name:<24}{seconds:>9.1f}{cpu:>8.1f}{words / seconds:>10,.0f}{rss:>13,.0f}")
    for label, of in (("wall", lambda r: r.seconds), ("CPU", lambda r: r.cpu_seconds)):
        spread = sorted(of(ra) / of(rb) for ra, rb in pairs)
        ratio = statistics.median(spread)
        print(
            f"ratio {names[1]} / {names[0]} (words/s, {label} time): {ratio:.2f}"
            f"  (runs {spread[0]:.2f}-{spread[-1]:.2f})"
        )
    return statistics.median(rb.seconds for _, rb in pairs)


def bench_identify(per_article: float, mentions: float) -> None:
    """Time the identify stage alone on 100,000 synthetic mentions (``bench_identify.py``),
    and on as many as 1,000 articles like the benchmark's hold, against ``extract``'s time
    for 1,000 of them (``per_article`` seconds each, ``mentions`` mentions each)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_identify

    print("\nidentify alone, synthetic mentions (bench_identify.py; peak RSS of this process)")
    sizes = [round(mentions * 1000), 100_000]
    share = bench_identify.main(sizes)[0] / (per_article * 1000)
    print(f"identify's share of extract --workers 1 on 1,000 such articles: {share:.1%}")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the comparisons."""
    parser = argparse.ArgumentParser(prog="python benchmarks/bench_news.py", description=__doc__)
    parser.add_argument("--articles", type=int, default=200, help="articles for the ratio")
    parser.add_argument(
        "--parallel", type=int, default=1000, help="articles for 2 workers; 0: none"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each command")
    args = parser.parse_args(argv)
    kind = "real news (PolNeAR train)" if NEWS.exists() else "synthetic (no PolNeAR train)"
    with tempfile.TemporaryDirectory(prefix="claims-bench-news-") as folder:
        tmp = Path(folder)
        for size, workers in ((args.articles, 0), (args.parallel, 2)):
            if not size:
                continue
            corpus = tmp / f"corpus-{size}.jsonl"
            count, words = write_corpus(size, corpus)
            one = extract(corpus, tmp / "out-1", 1)
            label = f"{count:,} articles, {kind}"
            if workers:
                two = extract(corpus, tmp / "out-2", workers)
                names = ("extract --workers 1", f"extract --workers {workers}")
                versus(label, one, two, names, args.runs, words)
            else:
                bare = [sys.executable, "-c", BARE, str(corpus)]
                seconds = versus(label, bare, one, ("nlp.pipe, 1 process", "extract --workers 1"),
                                 args.runs, words)  # fmt: skip
                rows = (tmp / "out-1" / "mentions.csv").read_text(encoding="utf-8-sig")
                bench_identify(seconds / count, (len(rows.splitlines()) - 1) / count)


if __name__ == "__main__":
    main()
