"""Time ``cluster_claims`` on N synthetic quotes of one speaker.

Usage: ``python benchmarks/bench_cluster.py [--semantic] [N ...]`` (default 2000 20000);
``--semantic`` adds sentence embeddings (needs the ``semantic`` extra; encoding included).

Quotes are random sentences over a Zipf-distributed vocabulary of a few thousand words, in
families of near-duplicates (verbatim, trimmed, reworded, cut at another point). Prints the
time, the peak RSS of the process and the pairwise precision and recall of the claims
against the families (every quote its own source, so every pair counts).
"""

from __future__ import annotations

import random
import resource
import sys
import time
from collections.abc import Callable

from pipeline.clustering import cluster_claims
from pipeline.evaluate import pair_scores
from pipeline.records import Mention, Quote
from pipeline.settings import ClusterSettings

VOCABULARY = 4000
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def vocabulary(rng: random.Random) -> list[str]:
    """Distinct made-up words, most frequent first."""
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choices(LETTERS, k=rng.randint(4, 9))))
    return sorted(words)


def variant(words: list[str], vocab: list[str], rng: random.Random) -> list[str]:
    """A near-duplicate of a sentence: verbatim, trimmed, reworded or cut elsewhere."""
    n = len(words)
    edits: list[Callable[[], list[str]]] = [
        lambda: words,
        lambda: words[: n - n // 4],
        lambda: [rng.choice(vocab) if rng.random() < 0.15 else w for w in words],
        lambda: words[n // 5 :],
    ]
    return rng.choice(edits)()


def synthetic(n: int, seed: int = 0) -> tuple[list[Mention], list[list[str]]]:
    """``n`` mentions of one speaker and the families (groups of mention ids) they form."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1 / (rank + 10) for rank in range(len(vocab))]
    mentions: list[Mention] = []
    families: list[list[str]] = []
    while len(mentions) < n:
        base = rng.choices(vocab, weights, k=rng.randint(12, 30))
        family = []
        for _ in range(min(rng.randint(1, 6), n - len(mentions))):
            text = " ".join(variant(base, vocab, rng))
            mention_id = f"m{len(mentions)}"
            quote = Quote(mention_id, "direct", ((0, len(text)),), text, (0, len(text)))
            mentions.append(Mention(mention_id, quote, speaker="Speaker"))
            family.append(mention_id)
        families.append(family)
    return mentions, families


def bench(n: int, settings: ClusterSettings) -> None:
    """Cluster ``n`` synthetic quotes and print time, peak memory, precision and recall."""
    mentions, families = synthetic(n)
    start = time.perf_counter()
    claims = cluster_claims(mentions, settings)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sources = {m.mention_id: m.mention_id for m in mentions}
    precision, recall = pair_scores(claims, families, sources)
    print(
        f"n={n:>7} claims={len(claims):>7} time={elapsed:6.1f}s peak_rss={peak_mb:7.0f}MB "
        f"pair_precision={precision:.3f} pair_recall={recall:.3f}"
    )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--semantic"]
    chosen = ClusterSettings(semantic="--semantic" in sys.argv[1:])
    for arg in args or ["2000", "20000"]:
        bench(int(arg), chosen)
