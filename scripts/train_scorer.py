"""Train the quotes stage's candidate scorer (``make train``) and write its weights.

Every candidate the rules find in the training articles is labelled by the gold: 1 when it
matches a required gold quote (word Dice >= 0.5, as ``pipeline.evaluate`` matches), 0 when
it matches none; candidates that match an optional gold quote count neither way and are
left out. A logistic regression (L2, Newton's method in numpy) is fitted on the candidates'
features (``pipeline.quotes.scorer.features``); the threshold is the one that gives the best
quote F1 on out-of-fold scores.

    python scripts/train_scorer.py ../shared/eval/polnear_train.jsonl

Training data: PolNeAR (Newell, Margolin & Ruths, LREC 2018; github networkdynamics/PolNeAR),
its training split only (the README says where it came from; the repository has no licence).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from pipeline.boilerplate import CorpusLines, strip_boilerplate
from pipeline.evaluate import OVERLAP, Predicted, match
from pipeline.nlp import load_nlp
from pipeline.quotes.resolve import find_candidates
from pipeline.quotes.scorer import WEIGHTS_FILE, Features, features, judged
from pipeline.records import Article

MIN_COUNT = 5  # a feature seen fewer times is left out
L2 = 1.0  # the penalty on the squared weights
FOLDS = 5
ROUNDS = 25  # Newton steps
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "quotes" / WEIGHTS_FILE


def examples(gold: Path) -> Iterator[tuple[Features, int, int]]:
    """(features, label, document number) of every candidate in the gold file's articles,
    and for each required gold quote no candidate matches, ``({}, 1, -1)``."""
    docs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    corpus = CorpusLines.from_texts(d["text"] for d in docs)
    cleans = [strip_boilerplate(Article(d["file"], d["text"]), corpus) for d in docs]
    parsed = load_nlp().pipe((c.masked_text() for c in cleans), batch_size=16)
    for n, (doc_gold, clean, doc) in enumerate(zip(docs, cleans, parsed, strict=True)):
        _, index, found = find_candidates(doc, clean)
        found = [c for c in found if judged(index, c)]
        preds = [
            Predicted(str(i), "", "", tuple(c.fragments), "", None) for i, c in enumerate(found)
        ]
        pairs = {p: g for g, p in match(doc_gold, preds, OVERLAP).items()}
        quotes = doc_gold.get("quotes") or []
        matched = set(pairs.values())
        for g, quote in enumerate(quotes):
            if g not in matched and not quote.get("optional"):
                yield {}, 1, -1
        for i, cand in enumerate(found):
            if i in pairs and quotes[pairs[i]].get("optional"):
                continue
            yield features(index, cand), int(i in pairs), n


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression weights (the bias last) by Newton's method with an L2 penalty."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(ROUNDS):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        w -= np.linalg.solve(hess, grad)
    return w


def best_threshold(p: np.ndarray, y: np.ndarray, missed: int) -> float:
    """The threshold that maximises F1 when candidates scored below it are dropped; gold
    quotes no candidate matches (``missed``) count as misses throughout."""
    best, best_f1 = 0.0, 0.0
    for t in np.arange(0.0, 0.61, 0.01):
        kept = p >= t
        tp, fp = int((kept & (y == 1)).sum()), int((kept & (y == 0)).sum())
        fn = int((y == 1).sum()) - tp + missed
        f1 = 2 * tp / (2 * tp + fp + fn)
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return round(best, 2)


def main() -> None:
    """Read the gold file, fit, write the weights next to the scorer."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path, help="a gold JSONL file (PolNeAR's training split)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the weights go")
    args = parser.parse_args()
    everything = list(examples(args.gold))
    rows = [row for row in everything if row[2] >= 0]
    missed = len(everything) - len(rows)
    counts = Counter(k for f, _, _ in rows for k in f)
    names = sorted(k for k, c in counts.items() if c >= MIN_COUNT)
    column = {k: i for i, k in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, (f, _, _) in enumerate(rows):
        for k, v in f.items():
            if k in column:
                x[r, column[k]] = v
    y = np.array([label for _, label, _ in rows], dtype=float)
    fold = np.array([n % FOLDS for _, _, n in rows])
    out_of_fold = np.zeros(len(rows))
    for part in range(FOLDS):
        held = fold == part
        w = fit(x[~held], y[~held])
        out_of_fold[held] = 1 / (1 + np.exp(-(x[held] @ w[:-1] + w[-1])))
    threshold = best_threshold(out_of_fold, y, missed)
    w = fit(x, y)
    weights = {k: round(float(w[i]), 4) for k, i in column.items() if abs(w[i]) >= 1e-4}
    data = {
        "trained_on": args.gold.name,
        "examples": len(rows),
        "threshold": threshold,
        "bias": round(float(w[-1]), 4),
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    dropped = int((out_of_fold < threshold).sum())
    print(f"{len(rows)} candidates, {len(names)} features, threshold {threshold}: drops {dropped}")


if __name__ == "__main__":
    main()
