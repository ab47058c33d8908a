"""The model as the run loads it: its stand-in components and its matrix library give the
annotations of the model as spaCy ships it."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from pipeline.nlp import STAND_INS, model_package

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
    assert isinstance(ops, NumpyOps) and not ops.use_blis
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
