"""``python benchmarks/bench_news.py``: ``extract`` against bare spaCy on real news.

Usage: ``python benchmarks/bench_news.py [--articles 200] [--parallel 1000] [--memory 10000]
[--runs 3]`` (``make bench``).

The corpus is the PolNeAR training articles (``../shared/eval/polnear_train.jsonl``, only
their text) when present, else the synthetic corpus of ``bench.py``. Each figure is a whole
process, timed from here: bare ``nlp.pipe`` (full model, batch 16, one process) and
``extract --workers 1 --no-cache`` over the same articles, in turn (A B A B ...), so that a
machine whose speed drifts slows both alike; the median of the runs and the median of the
pair-by-pair ratios, of wall-clock and of CPU time (on a shared machine the CPU ratio is
the steadier), are printed. Words are counted once, over the articles' raw texts, so
every words/s is over the same words. Then ``--workers 2`` against ``--workers 1`` on
``--parallel`` articles, and bare ``nlp.pipe`` in one process against two at once over the
same articles, half each (what two processes can gain on this machine at all: the ceiling of
two workers), ``bench_identify.py``, and one ``--workers 2`` run over ``--memory``
articles for the peak RSS of each of its processes. Where more articles are asked for than
there are real ones, the real ones are taken again, in turn, each copy with a line of its
own at the end (an exact duplicate would be skipped, not parsed).

Every process a run starts is followed (its ``/proc`` entries, read every fifth of a second):
CPU seconds are the sum over the run's processes (or the run's own account, with the
children it waited for, if larger), and peak RSS is each process's own high water mark
(the largest is printed; for ``--memory``, the run's and each worker's). A benchmark, not a
test: it never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
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
# Bare nlp.pipe in as many processes at once as files are named: what two processes of the
# same work gain on this machine, the most two workers can gain (shared caches and memory).
BARE_AT_ONCE = (
    "import subprocess, sys\n"
    f"bare = {BARE!r}\n"
    "runs = [subprocess.Popen([sys.executable, '-c', bare, path]) for path in sys.argv[1:]]\n"
    "sys.exit(max(run.wait() for run in runs))\n"
)
POLL_SECONDS = 0.2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    """One finished process and every process it started: wall-clock seconds, CPU seconds
    (summed over them: other load on the machine leaves them as they are) and the peak RSS
    of each in MB, with its depth in the tree (0: the run, 1: its children, 2: theirs)."""

    seconds: float
    cpu_seconds: float
    peaks_mb: list[tuple[int, float]]

    @property
    def rss_mb(self) -> float:
        """The peak RSS of the largest process."""
        return max(mb for _, mb in self.peaks_mb)


@dataclass
class Watch:
    """What ``/proc`` last showed of a process tree: each process's CPU seconds and peak
    RSS (a process's figures stay once it is gone)."""

    root: int
    cpu: dict[int, float] = field(default_factory=dict)
    peak: dict[int, float] = field(default_factory=dict)
    depth: dict[int, int] = field(default_factory=dict)

    def poll(self) -> None:
        """Read the figures of the root and all its descendants now."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (stat := read_proc(f"/proc/{entry}/stat")):
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
        todo = [(self.root, 0)]
        while todo:
            pid, depth = todo.pop()
            self.depth.setdefault(pid, depth)
            todo.extend((child, depth + 1) for child in children.get(pid, ()))
            stat, status = read_proc(f"/proc/{pid}/stat"), read_proc(f"/proc/{pid}/status")
            if stat and status:
                fields = stat.rsplit(")", 1)[1].split()
                self.cpu[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
                hwm = next((line for line in status.splitlines() if line.startswith("VmHWM")), "")
                if hwm:
                    self.peak[pid] = max(self.peak.get(pid, 0.0), int(hwm.split()[1]) / 1024)


def read_proc(path: str) -> str:
    """A ``/proc`` file's text, or "" if its process is gone."""
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except OSError:
        return ""


def timed(command: Sequence[str]) -> Run:
    """Run ``command`` to its end, its output thrown away; its time, CPU and peak RSS, and
    its descendants'."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch, done = Watch(process.pid), threading.Event()

    def follow() -> None:
        while not done.wait(POLL_SECONDS):
            watch.poll()

    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    done.set()
    follower.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}")
    others = [pid for pid in watch.peak if pid != process.pid]
    return Run(
        seconds,  # the run's own account counts only the children it waited for
        max(usage.ru_utime + usage.ru_stime, sum(watch.cpu.values())),
        [(0, max(usage.ru_maxrss / 1024, watch.peak.get(process.pid, 0.0)))]
        + [(watch.depth[pid], watch.peak[pid]) for pid in others],
    )


def write_corpus(size: int, path: Path) -> tuple[int, int]:
    """``size`` real articles (the real ones in turn, as often as it takes), or synthetic
    ones, as JSONL at ``path``; their number and their raw words."""
    if NEWS.exists():
        lines = NEWS.read_text(encoding="utf-8").splitlines()
        texts = [
            json.loads(lines[i % len(lines)])["text"]
            + (f"\n\nCopy {i}." if i >= len(lines) else "")
            for i in range(size)
        ]  # a copy says it is one: exact duplicates are skipped
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
    label: str,
    a: Sequence[str],
    b: Sequence[str],
    names: tuple[str, str],
    runs: int,
    words: int,
    warm_up: bool = True,
) -> float:
    """Time ``a`` and ``b`` in turn ``runs`` times each (after one warm-up of each, unless
    the files are warm already) and print both medians and the median ratio of b's words/s
    to a's; b's median seconds."""
    if warm_up:
        timed(a), timed(b)  # files and model in the page cache
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


def ceiling(corpus: Path, processes: int, label: str, words: int) -> None:
    """Bare ``nlp.pipe`` over ``corpus`` in one process against ``processes`` processes at
    once, each over its share of the articles (one interleaved pair): the speed-up this
    machine gives the same parse in more processes, the ceiling of ``--workers``."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    shares = [corpus.with_name(f"{corpus.stem}-share-{i}.jsonl") for i in range(processes)]
    for i, share in enumerate(shares):
        share.write_text("".join(lines[i::processes]), encoding="utf-8")
    one = [sys.executable, "-c", BARE, str(corpus)]
    many = [sys.executable, "-c", BARE_AT_ONCE, *map(str, shares)]
    names = ("nlp.pipe, 1 process", f"nlp.pipe, {processes} at once")
    versus(f"{label}, bare spaCy", one, many, names, 1, words, warm_up=False)


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


def memory(size: int, kind: str, tmp: Path) -> None:
    """One ``extract --workers 2`` over ``size`` articles: the peak RSS of each of its
    processes (the run, the server that forks the workers, the workers)."""
    corpus = tmp / f"corpus-{size}.jsonl"
    count, words = write_corpus(size, corpus)
    run = timed(extract(corpus, tmp / "out-memory", 2))
    print(f"\n{count:,} articles, {kind}: {words:,} words, extract --workers 2, one run")
    print(f"{run.seconds:.0f} s, {words / run.seconds:,.0f} words/s; peak RSS MB of each process:")
    for depth, name in ((0, "the run"), (1, "its children (forkserver)"), (2, "workers")):
        peaks = sorted((mb for d, mb in run.peaks_mb if d == depth), reverse=True)
        print(f"  {name:<28}{', '.join(f'{mb:,.0f}' for mb in peaks) or '-'}")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the comparisons."""
    parser = argparse.ArgumentParser(prog="python benchmarks/bench_news.py", description=__doc__)
    parser.add_argument("--articles", type=int, default=200, help="articles for the ratio")
    parser.add_argument(
        "--parallel", type=int, default=1000, help="articles for 2 workers; 0: none"
    )
    parser.add_argument("--memory", type=int, default=10_000, help="articles for RSS; 0: none")
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
                versus(label, one, two, names, args.runs, words, warm_up=not args.articles)
                ceiling(corpus, workers, label, words)
            else:
                bare = [sys.executable, "-c", BARE, str(corpus)]
                seconds = versus(label, bare, one, ("nlp.pipe, 1 process", "extract --workers 1"),
                                 args.runs, words)  # fmt: skip
                rows = (tmp / "out-1" / "mentions.csv").read_text(encoding="utf-8-sig")
                bench_identify(seconds / count, (len(rows.splitlines()) - 1) / count)
        if args.memory:
            memory(args.memory, kind, tmp)


if __name__ == "__main__":
    main()
