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
from pipeline.evaluate.speakers import Identity, Person, not_a_name, score_identity
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


@pytest.mark.parametrize(
    ("speaker", "no_name"),
    [
        ("Donald Trump", False),
        ("a White House spokesman", False),
        ("Russian officials", False),
        ("he", True),
        ("'s", True),
        ("something", True),
        ("06.48 Reuters - INDONESIA SEARCH", True),
        ("http://example.com/x", True),
        ("Donald Trump Tells", True),
        ("Trump Warns Clinton", True),
    ],
)
def test_evaluate_not_a_name(speaker: str, no_name: bool) -> None:
    assert not_a_name(speaker) is no_name


def test_evaluate_identity_counts_people_under_one_name() -> None:
    text = "Alpha beta gamma delta epsilon. Zeta eta theta iota kappa lambda."
    doc = {
        "file": "a.txt",
        "text": text,
        "speaker_kind": "mention",
        "quotes": [
            {"id": "q1", "start": 0, "end": 30, "type": "direct", "speaker": "Trump"},
            {"id": "q2", "start": 32, "end": 65, "type": "direct", "speaker": "Mr. Trump"},
        ],
    }
    preds = [
        Predicted("m1", "", "a.txt", ((0, 30),), "Donald Trump", None, 0.95),
        Predicted("m2", "", "a.txt", ((32, 65),), "Trump", None, 0.5),
    ]
    counts = Identity()
    trump = Person("Donald Trump", frozenset({"Trump", "Mr. Trump"}))
    score_identity(doc, preds, {0: 0, 1: 1}, counts, [trump])
    assert counts.one_name_share() == 0.5
    assert counts.not_name_share() == 0.0
    assert counts.accuracy_from(0.9) == (1.0, 1) and counts.accuracy_from(0.5) == (1.0, 1)
