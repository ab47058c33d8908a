"""The accuracy gate: today's `make eval` figures pinned as floors, a hair below their values.

Each gold set is run through the whole pipeline once (as `python -m pipeline eval` does) and
every figure is checked against its floor; a change that lowers one fails here. The sets
live beside the repo in ../shared and the tests skip where they are absent.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.evaluate import Report, evaluate_file

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = "gold/seeds.jsonl"
CLUSTERS = "gold/clusters.jsonl"
POLNEAR = "eval/polnear_dev.jsonl"
AEB = "eval/aeb_boilerplate.jsonl"
AEB_HTML = "eval/aeb_html.jsonl"


@cache
def report(name: str) -> Report:
    """The evaluation of one gold set (the seeds with their cross-source clusters)."""
    gold = SHARED / name
    if not gold.is_file():
        pytest.skip(f"{gold} is absent")
    clusters = SHARED / CLUSTERS if name == SEEDS and (SHARED / CLUSTERS).is_file() else None
    return evaluate_file(gold, clusters)


def figure(r: Report, metric: str) -> float | None:
    """One figure of a report by the name `make eval` prints it under."""
    values = {
        "quote F1": r.quotes.f1 if r.quotes else None,
        "speaker accuracy": r.speaker_accuracy,
        "tracked-speaker F1": r.tracked.f1 if r.tracked else None,
        "cluster pair P": r.clusters.p if r.clusters else None,
        "cluster pair R": r.clusters.r if r.clusters else None,
        "boilerplate F1": r.boilerplate.f1 if r.boilerplate else None,
        "boilerplate R": r.boilerplate.r if r.boilerplate else None,
        "people under one name": r.identity.one_name_share() if r.identity else None,
    }
    return values[metric]


# (gold set, metric, floor): the figure of 2026-12-02 (fourth stop) was 0.987, 1.000, 0.982,
# 1.000, 0.727; 0.896, 0.966, 0.986; 0.959 (R 0.973); 0.973 (R 0.972).
FLOORS = [
    (SEEDS, "quote F1", 0.984),
    (SEEDS, "speaker accuracy", 0.995),
    (SEEDS, "tracked-speaker F1", 0.978),
    (SEEDS, "cluster pair P", 0.99),
    (SEEDS, "cluster pair R", 0.72),
    (POLNEAR, "quote F1", 0.893),
    (POLNEAR, "speaker accuracy", 0.962),
    (POLNEAR, "people under one name", 0.98),
    (AEB, "boilerplate F1", 0.955),
    (AEB, "boilerplate R", 0.97),
    (AEB_HTML, "boilerplate F1", 0.970),
    (AEB_HTML, "boilerplate R", 0.97),
]


# The seeds take seconds and run with `make test`; the other sets take minutes (`slow`).
GATES = [f if f[0] == SEEDS else pytest.param(*f, marks=pytest.mark.slow) for f in FLOORS]


@pytest.mark.parametrize(("gold", "metric", "floor"), GATES)
def test_gate_figure_holds_its_floor(gold: str, metric: str, floor: float) -> None:
    value = figure(report(gold), metric)
    assert value is not None, f"{gold} gave no {metric}"
    assert value >= floor, f"{gold} {metric} {value:.3f} fell below its floor {floor}"
