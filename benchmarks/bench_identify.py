"""Time ``identify`` on N synthetic mentions.

Usage: ``python benchmarks/bench_identify.py [N ...]`` (default 100000).

Speakers are made-up people, each named in the ways news names people (full name, surname
alone, a title, a middle initial, a headline's verb after the name, a possessive), a few
surnames shared by two people, plus bodies, groups and pronouns; mentions spread over
articles of about ten mentions each. Prints the time, the peak RSS of the process, the
identities found and the share of each person's mentions filed under one name.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from collections import Counter, defaultdict

from pipeline.attribution import load_registry
from pipeline.identify import identify
from pipeline.records import Mention, Quote

PEOPLE = 5000
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TITLES = ("Sen.", "Mr.", "President", "Gov.", "Republican nominee", "Prime Minister")
BODIES = ("the White House", "White House", "the ministry", "Reuters", "officials", "Democrats")


def word(rng: random.Random) -> str:
    return "".join(rng.choices(LETTERS, k=rng.randint(4, 8))).title()


def names_of(first: str, last: str, rng: random.Random) -> list[str]:
    """The ways an article names one person."""
    return [
        f"{first} {last}",
        last,
        f"{rng.choice(TITLES)} {last}",
        f"{first} {rng.choice(LETTERS).upper()}. {last}",
        f"{first} {last} Says",
        f"{last}'s",
    ]


def mentions(n: int, seed: int = 0) -> tuple[list[Mention], list[str]]:
    """``n`` mentions, and the person each names ("" for bodies and pronouns)."""
    rng = random.Random(seed)
    people = [(word(rng), word(rng)) for _ in range(PEOPLE)]
    people += [(word(rng), people[i][1]) for i in range(0, PEOPLE, 50)]  # shared surnames
    weights = [1 / (k + 1) for k in range(len(people))]
    found, truth = [], []
    for i in range(n):
        source = f"article{i // 10}.txt"
        roll = rng.random()
        if roll < 0.1:
            speaker, who = rng.choice(BODIES), ""
        elif roll < 0.15:
            speaker, who = rng.choice(("he", "she", "they")), ""
        else:
            first, last = rng.choices(people, weights)[0]
            speaker, who = rng.choice(names_of(first, last, rng)), f"{first} {last}"
        quote = Quote(source, "direct", ((i % 10 * 50, i % 10 * 50 + 40),), "x", (0, 0))
        found.append(Mention(f"M{i}", quote, speaker, resolution="name"))
        truth.append(who)
    return found, truth


def main(sizes: list[int]) -> list[float]:
    """Print a row for each size; the seconds each took."""
    took = []
    print(f"{'mentions':>9} {'seconds':>8} {'RSS MB':>7} {'identities':>10} {'one name':>9}")
    for size in sizes:
        found, truth = mentions(size)
        began = time.perf_counter()
        identified, identities = identify(found, load_registry())
        seconds = time.perf_counter() - began
        took.append(seconds)
        filed: dict[str, Counter[str]] = defaultdict(Counter)
        for m, who in zip(identified, truth, strict=True):
            if who:
                filed[who][m.speaker_id] += 1
        total = sum(sum(c.values()) for c in filed.values())
        main_name = sum(c.most_common(1)[0][1] for c in filed.values())
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{size:>9,} {seconds:>8.1f} {rss:>7.0f} {len(identities):>10,} "
            f"{main_name / total:>9.3f}"
        )
    return took


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000])
