"""Shared fixtures: the model loaded once per session, and the evaluation data when present."""

from __future__ import annotations

import os
from collections.abc import Callable
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


def visible_outputs(out: Path) -> dict[str, bytes]:
    """Every output a user sees under OUT (through its links; hidden entries such as the
    generations, the cache and the lock left out), and its bytes."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(out, followlinks=True):
        rel = Path(folder).relative_to(out)
        dirs[:] = sorted(d for d in dirs if not (rel == Path() and d.startswith(".")))
        for name in files:
            if not (rel == Path() and name.startswith(".")):
                found[(rel / name).as_posix()] = (Path(folder) / name).read_bytes()
    return dict(sorted(found.items()))


@pytest.fixture
def outputs() -> Callable[[Path], dict[str, bytes]]:
    """``visible_outputs``, for tests that compare output folders."""
    return visible_outputs
