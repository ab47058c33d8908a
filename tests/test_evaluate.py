"""The scorer itself: word Dice matching, speaker identity, bag-of-words overlap."""

from __future__ import annotations

import pytest

from pipeline.attribution import load_registry
from pipeline.evaluate import (
    Predicted,
    Prf,
    bow_prf,
    match,
    pair_scores,
    same_person,
    score_quotes,
    tracked,
)
from pipeline.records import Claim

TEXT = "Alpha beta gamma delta epsilon. Zeta eta theta iota kappa lambda."


def predicted(*fragments: tuple[int, int]) -> Predicted:
    return Predicted("m", "", "doc", tuple(fragments), "", None)


@pytest.mark.parametrize(
    ("pred", "matched"),
    [
        ((0, 30), True),  # the gold span exactly
        ((6, 30), True),  # one word short: Dice 0.89
        ((0, 11), False),  # two words of five: Dice 2*2/7 = 0.57 < 0.6
        ((32, 65), False),  # the other sentence
    ],
)
def test_evaluate_matches_by_word_dice(pred: tuple[int, int], matched: bool) -> None:
    doc = {"text": TEXT, "quotes": [{"id": "q", "start": 0, "end": 30, "type": "direct"}]}
    pairs = match(doc, [predicted(pred)], 0.6)
    assert (0 in pairs) is matched


def test_evaluate_optional_gold_counts_neither_way() -> None:
    doc = {
        "text": TEXT,
        "quotes": [
            {"id": "a", "start": 0, "end": 30, "type": "direct"},
            {"id": "b", "start": 32, "end": 65, "type": "indirect", "optional": True},
        ],
    }
    counts = Prf()
    score_quotes(doc, [predicted((32, 65))], 0.5, counts)
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 1)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Bashar al-Assad", "Assad", True),
        ("President Barack Obama", "Obama", True),
        ("Vladimir Putin", "Bashar al-Assad", False),
        ("", "Obama", False),
        ("Mr. Smith", "President", False),
    ],
)
def test_evaluate_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


def test_evaluate_bag_of_words_overlap() -> None:
    counts = bow_prf("the cat sat on the mat", "The cat sat")
    assert (counts.tp, counts.fp, counts.fn) == (3, 3, 0)
    assert counts.p == 0.5 and counts.r == 1.0


def test_evaluate_pair_scores() -> None:
    sources = {"a1": "a", "b1": "b", "c1": "c", "a2": "a"}
    assert pair_scores([], [["a1", "b1"]], sources) == (1.0, 0.0)
    claim = Claim("C1", "Ana Lopez", "x", "direct", ("a1", "a2", "b1", "c1"), ("a", "b", "c"), ())
    assert pair_scores([claim], [["a1", "b1"]], sources) == (0.2, 1.0)
    assert pair_scores([claim], [["a1", "b1"]], sources, [["a2", "c1"]]) == (0.25, 1.0)


def test_evaluate_tracks_the_default_registry_speakers() -> None:
    assert tracked() == load_registry().names
    assert "Vladimir Putin" in tracked() and "Ana Lopez" not in tracked()
