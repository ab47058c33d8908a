"""Train the quotes stage's candidate scorer (``make train``) and write its weights.

Every candidate the rules find in the training articles is labelled by the gold: 1 when it
matches a required gold quote (word Dice >= 0.5, as ``pipeline.evaluate`` matches), 0 when
it matches none; candidates that match an optional gold quote count neither way and are
left out. A logistic regression (L2, Newton's method in numpy) is fitted on the candidates'
features (``pipeline.quotes.scorer.features``). Cross-validation by article (five folds)
chooses the penalty and the least count of a feature, then the threshold: those that give
the best quote F1 on out-of-fold scores, where gold quotes no candidate matches count as
misses. (A threshold per candidate type was no better on articles held out of the choice.)
The run is deterministic: the same candidates give the same file.

    python scripts/train_scorer.py ../shared/eval/polnear_train.jsonl

Training data: PolNeAR (Newell, Margolin & Ruths, LREC 2018; github networkdynamics/PolNeAR),
its training split only (the README says where it came from; the repository has no licence).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.boilerplate import CorpusLines, strip_boilerplate
from pipeline.evaluate import OVERLAP, Predicted, match
from pipeline.nlp import load_nlp
from pipeline.quotes.candidate import Candidate, Index
from pipeline.quotes.resolve import find_candidates
from pipeline.quotes.scorer import WEIGHTS_FILE, Features, features, judged
from pipeline.records import Article

MIN_COUNTS = (2, 5, 10, 20)  # the least count of a kept feature, chosen by cross-validation
PENALTIES = (0.3, 1.0, 3.0, 10.0)  # the L2 penalties on the squared weights, likewise
FOLDS = 5
ROUNDS = 25  # Newton steps at most
TOLERANCE = 1e-7  # a step this small (largest change of a weight) ends the fit
THRESHOLDS = tuple(round(t * 0.01, 2) for t in range(0, 91))
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "quotes" / WEIGHTS_FILE


@dataclass(frozen=True)
class Example:
    """One judged candidate: its features, its label and its article's number."""

    features: Features
    label: int
    doc: int


@dataclass(frozen=True)
class Examples:
    """The judged candidates of some articles, and what the scorer cannot change: required
    gold quotes that candidates it does not judge match (always found), such candidates
    that match no gold quote (always false), required gold quotes no candidate matches
    (always missed)."""

    rows: list[Example]
    found: int
    false: int
    missed: int

    def __add__(self, other: Examples) -> Examples:
        """The examples of both sets of articles."""
        return Examples(
            self.rows + other.rows,
            self.found + other.found,
            self.false + other.false,
            self.missed + other.missed,
        )


def examples(gold: Path) -> Examples:
    """The labelled candidates of every article of a gold file."""
    docs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    corpus = CorpusLines.from_texts(d["text"] for d in docs)
    cleans = [strip_boilerplate(Article(d["file"], d["text"]), corpus) for d in docs]
    parsed = load_nlp().pipe((c.masked_text() for c in cleans), batch_size=16)
    data = Examples([], 0, 0, 0)
    for n, (doc_gold, clean, doc) in enumerate(zip(docs, cleans, parsed, strict=True)):
        _, index, found = find_candidates(doc, clean)
        data += labelled(n, doc_gold, index, found)
    return data


def labelled(
    n: int, doc_gold: dict[str, Any], index: Index, found: Sequence[Candidate]
) -> Examples:
    """The candidates of article ``n`` matched to its gold quotes as ``pipeline.evaluate``
    matches them, the judged ones labelled (those matching an optional quote left out)."""
    preds = [Predicted(str(i), "", "", tuple(c.fragments), "", None) for i, c in enumerate(found)]
    pairs = {p: g for g, p in match(doc_gold, preds, OVERLAP).items()}
    quotes = doc_gold.get("quotes") or []
    required = {p for p, g in pairs.items() if not quotes[g].get("optional")}
    rows, hits, false = [], 0, 0
    for i, cand in enumerate(found):
        if i in pairs and i not in required:
            continue
        if judged(index, cand, found):
            rows.append(Example(features(index, cand, found), int(i in required), n))
        else:
            hits, false = hits + (i in required), false + (i not in required)
    wanted = sum(1 for q in quotes if not q.get("optional"))
    return Examples(rows, hits, false, wanted - len(required))


def design(rows: Sequence[Example], names: Sequence[str]) -> np.ndarray:
    """The feature matrix of ``rows`` over the features ``names`` (others left out)."""
    column = {k: i for i, k in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for k, v in row.features.items():
            if k in column:
                x[r, column[k]] = v
    return x


def fit(x: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    """Logistic regression weights (the bias last) by Newton's method with an L2 penalty."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    l2 = np.full(x.shape[1], penalty)
    l2[-1] = 0.0
    for _ in range(ROUNDS):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(l2 + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < TOLERANCE:
            break
    return w


def probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The fitted model's probability for each row of ``x``."""
    return 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))


def out_of_fold(data: Examples, names: Sequence[str], penalty: float) -> np.ndarray:
    """Every candidate's probability from a model fitted on the other folds' articles."""
    x = design(data.rows, names)
    y = np.array([row.label for row in data.rows], dtype=float)
    fold = np.array([row.doc % FOLDS for row in data.rows])
    scores = np.zeros(len(data.rows))
    for part in range(FOLDS):
        held = fold == part
        scores[held] = probabilities(x[held], fit(x[~held], y[~held], penalty))
    return scores


def counts(kept: np.ndarray, y: np.ndarray, data: Examples) -> tuple[int, int, int]:
    """True positives, false positives and misses when only the ``kept`` judged candidates
    stay, with those the scorer cannot change."""
    tp = int((kept & (y == 1)).sum())
    fp = int((kept & (y == 0)).sum())
    return tp + data.found, fp + data.false, int((y == 1).sum()) - tp + data.missed


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 of the counts (0 when there is nothing to count)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_threshold(p: np.ndarray, y: np.ndarray, data: Examples) -> float:
    """The threshold that maximises F1 when judged candidates scored below it are dropped
    (the lowest on ties)."""
    scores = [f1(*counts(p >= t, y, data)) for t in THRESHOLDS]
    return THRESHOLDS[scores.index(max(scores))]


def train(data: Examples) -> dict[str, Any]:
    """The scorer file's contents: the least feature count and the penalty with the best
    out-of-fold F1 (the first on ties), its threshold, and the weights fitted on every
    candidate."""
    y = np.array([row.label for row in data.rows], dtype=float)
    seen = Counter(k for row in data.rows for k in row.features)
    best: tuple[float, int, float, float] = (-1.0, 0, 0.0, 0.0)
    for min_count in MIN_COUNTS:
        names = sorted(k for k, c in seen.items() if c >= min_count)
        for penalty in PENALTIES:
            p = out_of_fold(data, names, penalty)
            threshold = best_threshold(p, y, data)
            score = f1(*counts(p >= threshold, y, data))
            print(
                f"least count {min_count}, L2 {penalty}: out-of-fold F1 {score:.4f} at {threshold}"
            )
            if score > best[0]:
                best = (score, min_count, penalty, threshold)
    score, min_count, penalty, threshold = best
    names = sorted(k for k, c in seen.items() if c >= min_count)
    w = fit(design(data.rows, names), y, penalty)
    weights = {k: round(float(w[i]), 4) for i, k in enumerate(names) if abs(w[i]) >= 1e-4}
    return {
        "examples": len(data.rows),
        "min_count": min_count,
        "l2": penalty,
        "out_of_fold_f1": round(score, 4),
        "threshold": threshold,
        "bias": round(float(w[-1]), 4),
        "weights": dict(sorted(weights.items())),
    }


def main() -> None:
    """Read the gold file, fit, write the weights next to the scorer."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path, help="a gold JSONL file (PolNeAR's training split)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the weights go")
    args = parser.parse_args()
    data = {"trained_on": args.gold.name, **train(examples(args.gold))}
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{data['examples']} candidates, {len(data['weights'])} weights -> {args.out}")


if __name__ == "__main__":
    main()
