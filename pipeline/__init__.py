"""Claim extraction for news: quotes and reported speech, their speakers, and claims.

The API (``extract_text`` on a string, ``extract`` from INPUT to OUT, ``Settings``) and each
stage's one public verb are re-exported here. They are imported on first use (a module
``__getattr__``), so that importing the package, or ``python -m pipeline --help``, loads no
heavy library (spaCy, pandas, torch, numpy).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.api import extract, extract_text
    from pipeline.attribution import attribute
    from pipeline.boilerplate import strip_boilerplate
    from pipeline.clustering import cluster_claims
    from pipeline.ingest import ingest
    from pipeline.outputs import write_outputs
    from pipeline.quotes import find_quotes
    from pipeline.run import run_extract
    from pipeline.settings import Settings

VERBS = {
    "Settings": "pipeline.settings",
    "attribute": "pipeline.attribution",
    "cluster_claims": "pipeline.clustering",
    "extract": "pipeline.api",
    "extract_text": "pipeline.api",
    "find_quotes": "pipeline.quotes",
    "ingest": "pipeline.ingest",
    "run_extract": "pipeline.run",
    "strip_boilerplate": "pipeline.boilerplate",
    "write_outputs": "pipeline.outputs",
}
__all__ = [
    "Settings",
    "attribute",
    "cluster_claims",
    "extract",
    "extract_text",
    "find_quotes",
    "ingest",
    "run_extract",
    "strip_boilerplate",
    "write_outputs",
]


def __getattr__(name: str) -> object:
    """An API function or stage verb, imported from its module the first time it is asked
    for."""
    if name not in VERBS:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    verb = getattr(importlib.import_module(VERBS[name]), name)
    globals()[name] = verb
    return verb


def __dir__() -> list[str]:
    return sorted([*globals(), *VERBS])
