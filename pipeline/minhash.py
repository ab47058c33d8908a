"""MinHash with banding (locality-sensitive hashing): likely similar sets, in linear time.

Each set is an array of integer codes below ``PRIME``. For each band, ``rows`` universal hash
functions ``(a * x + b) mod PRIME`` are applied to every code, and a set's signature in that
band is its minimum under each; two sets whose signatures agree in any band are a candidate
pair. Two sets with Jaccard similarity ``s`` become one with probability
``1 - (1 - s ** rows) ** bands``. The hash functions are seeded: the same sets always give
the same pairs. Used by the cluster stage's blocking and by ``stories``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

PRIME = (1 << 31) - 1
Pairs = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]  # left and right indices


def candidate_pairs(
    sets: Sequence[npt.NDArray[np.uint64]], bands: int, rows: int, window: int = 64
) -> Pairs:
    """The pairs ``(i, j)``, ``i < j``, of the sets that share a band's signature.

    Args:
        sets: each set's codes (below ``PRIME``), none empty.
        window: within a run of identical signatures each set is paired with the next
            ``window`` only (see ``colliding``).
    """
    if len(sets) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    starts = np.cumsum([0] + [len(x) for x in sets[:-1]])
    flat = np.concatenate(sets).astype(np.uint64)
    rng = np.random.default_rng(0)
    prime = np.uint64(PRIME)
    pairs: list[npt.NDArray[np.int64]] = []
    for _ in range(bands):
        mul = rng.integers(1, PRIME, size=rows, dtype=np.uint64)
        add = rng.integers(0, PRIME, size=rows, dtype=np.uint64)
        mins = np.minimum.reduceat((flat[:, None] * mul + add) % prime, starts, axis=0)
        pairs.append(colliding(mins, window))
    unique = np.unique(np.concatenate(pairs), axis=0)
    return unique[:, 0], unique[:, 1]


def colliding(signatures: npt.NDArray[np.uint64], window: int = 64) -> npt.NDArray[np.int64]:
    """The pairs ``(i, j)``, ``i < j``, of rows with identical signatures.

    Within a run of identical rows, each row is paired with the next ``window`` rows only,
    so that a huge bucket (many tiny texts sharing one common word) stays linear in cost.
    """
    _, group = np.unique(signatures, axis=0, return_inverse=True)
    labels = group.ravel()
    order = np.argsort(labels, kind="stable")
    ranked = labels[order]
    found = [
        np.stack([order[:-k][same], order[k:][same]], axis=1)
        for k in range(1, min(window, len(order) - 1) + 1)
        if (same := ranked[:-k] == ranked[k:]).any()
    ]
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)
