"""The quotes stage's learned scorer: the shipped weights, which candidates it judges, what
it drops, and that training on the same candidates writes the same file."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language
from test_quotes import TITLE, _clean

from pipeline.quotes.resolve import find_candidates
from pipeline.quotes.scorer import WEIGHTS_FILE, Scorer, features, judged, load_scorer

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "cross_outlet.jsonl"  # a small gold file of the repo's


@cache
def _trainer() -> ModuleType:
    """``scripts/train_scorer.py``, imported from its file once (scripts/ is no package)."""
    spec = importlib.util.spec_from_file_location(
        "train_scorer", ROOT / "scripts" / "train_scorer.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_quotes_scorer_loads_and_scores(nlp: Language) -> None:
    scorer = load_scorer()
    assert scorer.weights and 0.0 < scorer.threshold < 1.0
    text = TITLE + "The minister said the talks had failed after three days."
    _, index, found = find_candidates(nlp(text), _clean(text))
    (cand,) = [c for c in found if judged(index, c, found)]
    assert scorer.keeps(features(index, cand, found))


def test_quotes_scorer_file_has_what_the_loader_and_readers_need() -> None:
    raw = files("pipeline.quotes").joinpath(WEIGHTS_FILE).read_bytes()
    assert len(raw) < 5_000_000
    data = json.loads(raw)
    trainer = _trainer()
    assert data["trained_on"] == "polnear_train.jsonl"
    assert data["min_count"] in trainer.MIN_COUNTS and data["l2"] in trainer.PENALTIES
    assert 0.0 < data["threshold"] < 1.0 and 0.0 < data["out_of_fold_f1"] <= 1.0
    assert isinstance(data["bias"], float)
    assert data["weights"] and all(isinstance(w, float) for w in data["weights"].values())
    assert list(data["weights"]) == sorted(data["weights"])


def test_quotes_scorer_drops_what_it_scores_low_and_keeps_what_it_does_not_judge(
    nlp: Language,
) -> None:
    text = TITLE + "The minister said the talks had failed. He made it clear that nobody was safe."
    _, index, found = find_candidates(nlp(text), _clean(text))
    harsh = Scorer({"type=indirect": -50.0}, 0.0, 0.5)
    kept = [index.text[c.outer[0] : c.outer[1]] for c in harsh.kept(index, found)]
    assert kept == ["nobody was safe"]  # "made it clear" is the rules' alone


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "He said the overthrow would be a disaster, that they would not feel safe, and "
            "giving them a vacuum would be dangerous.",
            id="three reports of one cue",
        ),
        pytest.param("The coach made it clear that nobody was safe.", id="made it clear"),
        pytest.param(
            "Trump's claim that the election was rigged drew sharp criticism.",
            id="a noun of saying",
        ),
    ],
)
def test_quotes_scorer_leaves_the_designs_own_reports_to_the_rules(
    nlp: Language, body: str
) -> None:
    _, index, found = find_candidates(nlp(TITLE + body), _clean(TITLE + body))
    assert found and not any(judged(index, c, found) for c in found)


def test_quotes_scorer_training_is_deterministic(nlp: Language, tmp_path: Path) -> None:
    trainer = _trainer()
    first = trainer.train(trainer.examples(FIXTURE))
    second = trainer.train(trainer.examples(FIXTURE))
    assert first == second
    assert {"threshold", "bias", "weights", "min_count", "l2", "out_of_fold_f1"} <= set(first)
    out = tmp_path / WEIGHTS_FILE
    out.write_text(json.dumps({"trained_on": FIXTURE.name, **first}), encoding="utf-8")
    loaded = json.loads(out.read_text(encoding="utf-8"))
    scorer = Scorer(dict(loaded["weights"]), float(loaded["bias"]), float(loaded["threshold"]))
    assert 0.0 <= scorer.threshold < 1.0
