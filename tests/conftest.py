"""Shared fixtures: the model loaded once per session, and the evaluation data when present."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.nlp import load_nlp

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English model with our components, loaded once."""
    return load_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The evaluation data beside the repo; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared (gold and evaluation sets) is absent")
    return SHARED
