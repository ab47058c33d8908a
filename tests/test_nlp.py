"""The model as the run loads it: its stand-in components and its matrix library give the
annotations of the model as spaCy ships it."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import numpy
import pytest
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from thinc.api import NumpyOps
from thinc.types import Floats3d
from threadpoolctl import threadpool_info

from pipeline.nlp import STAND_INS, InferenceOps, model_package

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
# The attribute ruler's patterns of two tokens, of one token naming no word, and with a
# regular expression, each met at least once.
RULER_CASES = (
    "I ain't gon na stop, y'all. Let's go: we got ta win. C'mon, there are nothin' left.\n\n"
    "There is a plan that he said was wrong, because it ’s late."
)


@pytest.fixture(scope="module")
def shipped() -> Language:
    """The model as spaCy ships it (its own attribute ruler and lemmatizer, BLIS)."""
    nlp = model_package().load()
    nlp.add_pipe("claims_paragraphs", before="parser")
    return nlp


def token_annotations(nlp: Language, text: str) -> list[tuple[object, ...]]:
    """Every annotation of every token the outputs can depend on."""
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_,
         t.ent_type_, t.is_sent_start)
        for t in nlp(text)
    ]  # fmt: skip


@pytest.mark.parametrize("text", [RULER_CASES, *(p.read_text() for p in sorted(RAW.glob("*")))])
def test_nlp_stand_ins_annotate_as_the_shipped_model(
    nlp: Language, shipped: Language, text: str
) -> None:
    assert set(STAND_INS).isdisjoint(nlp.pipe_names)
    assert token_annotations(nlp, text) == token_annotations(shipped, text)


def test_nlp_layers_multiply_through_numpy_on_one_thread(nlp: Language) -> None:
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, EntityRecognizer)
    ops = ner.model.ops
    assert isinstance(ops, InferenceOps) and not ops.use_blis
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_nlp_inference_maxout_keeps_the_best_piece_of_each_output(pieces: int) -> None:
    X = cast(Floats3d, numpy.random.default_rng(pieces).standard_normal((7, 5, pieces), "f"))
    best, _ = InferenceOps(use_blis=False).maxout(X)
    expected, _ = NumpyOps(use_blis=False).maxout(X)
    assert best.dtype == expected.dtype and (best == expected).all()


def test_nlp_inference_ops_refuse_to_learn() -> None:
    ops = InferenceOps(use_blis=False)
    best, which = ops.maxout(cast(Floats3d, numpy.ones((2, 3, 2), dtype="float32")))
    with pytest.raises(NotImplementedError):
        ops.backprop_maxout(best, which, 2)
