"""Speaker accuracy by how the speaker was found, on a gold file: the figures behind
``attribution.resolver.CONFIDENCE`` (``make calibrate``, on PolNeAR's training split).

Usage: python scripts/calibrate.py GOLD.jsonl
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from pipeline.evaluate import run_on
from pipeline.evaluate.match import OVERLAP, match, read_mentions, speaker_correct


def calibrate(gold: Path) -> dict[str, tuple[float, int]]:
    """Speaker accuracy and count of the matched gold quotes, by resolution."""
    docs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        predicted = read_mentions(run_on(docs, Path(tmp)) / "mentions.csv")
    for doc in docs:
        preds = predicted.get(doc["file"], [])
        for gi, pi in match(doc, preds, OVERLAP).items():
            if doc["quotes"][gi].get("optional"):
                continue
            cell = counts[preds[pi].resolution]
            cell[0] += speaker_correct(doc, doc["quotes"][gi], preds[pi])
            cell[1] += 1
    return {k: (right / n, n) for k, (right, n) in sorted(counts.items())}


def main() -> None:
    """Print the table for the gold file named on the command line."""
    for resolution, (accuracy, n) in calibrate(Path(sys.argv[1])).items():
        print(f"{resolution:14} {accuracy:.3f} {n:6}")


if __name__ == "__main__":
    main()
