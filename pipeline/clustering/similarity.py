"""Similarity of texts for the cluster stage: the weighted edges of each speaker's graph.

Each word of a key becomes one character, repeated by its rarity in the corpus (an IDF
weight), and the characters are sorted, so that ``rapidfuzz`` ``ratio`` on two such strings
is the IDF-weighted Dice coefficient of the word sets: a short quote cannot swallow a long
one, and rare words count more than "Syria". Candidate pairs come from ``process.cdist`` per
block (MinHash blocking once a block is large); ``cpdist`` with the Indel distance then counts
their shared words exactly, and pairs sharing fewer than ``min_shared`` content words score 0.
With ``semantic`` on, the scaled CSLS score of sentence embeddings (``pipeline.semantic``) is
a second score for each pair, and a pair's similarity is the larger of the two.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from pipeline import semantic
from pipeline.clustering.text import Key
from pipeline.minhash import Pairs, candidate_pairs
from pipeline.records import Mention
from pipeline.settings import ClusterSettings

FIRST_CHAR = 0x10000  # word codes start above the Basic Multilingual Plane: no surrogates

Edges = dict[tuple[int, int], float]
Space = dict[Key, tuple[npt.NDArray[np.float32], float]]  # key -> unit vector, density


def word_weights(keys: Iterable[Key], settings: ClusterSettings) -> dict[str, int]:
    """Integer IDF weights of the words over the distinct texts: rare words weigh more."""
    distinct = set(keys)
    df = Counter(w for key in distinct for w in key)
    n = len(distinct)
    return {
        w: 1 + min(settings.max_weight - 1, int(math.log(n / d, settings.idf_base)))
        for w, d in df.items()
    }


def embedding_space(
    mentions: Sequence[Mention], keys: Mapping[str, Key], settings: ClusterSettings
) -> Space:
    """Each key's embedding (the mean of its texts', renormalised) and CSLS density."""
    texts: dict[Key, set[str]] = defaultdict(set)
    for m in mentions:
        if m.speaker:
            texts[keys[m.mention_id]].add(" ".join(m.quote.text.split()))
    ordered = sorted(texts)
    vectors = np.stack([semantic.embed(sorted(texts[key])).mean(axis=0) for key in ordered])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    densities = semantic.density(vectors, settings.neighbours)
    return {key: (v, float(d)) for key, v, d in zip(ordered, vectors, densities, strict=True)}


def encode(keys: list[Key], weights: Mapping[str, int]) -> list[str]:
    """Each key as a sorted string of word codes, each repeated by the word's weight."""
    code: dict[str, str] = {}
    for w in sorted({w for key in keys for w in key}):
        code[w] = chr(FIRST_CHAR + len(code))
    return ["".join(sorted(code[w] * weights.get(w, 1) for w in key)) for key in keys]


def edges_of(keys: list[Key], weights: Mapping[str, int], settings: ClusterSettings) -> Edges:
    """Similarities (0-100) of the pairs of distinct keys that score above a floor."""
    if len(keys) < 2:
        return {}
    texts = encode(keys, weights)
    cutoff = max(1, int(settings.threshold / 2))
    if len(keys) <= settings.block_above:
        dice = process.cdist(
            texts,
            texts,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=cutoff,
            workers=-1,
            dtype=np.uint8,
        )
        left, right = np.nonzero(np.triu(dice >= cutoff, 1))
    else:
        left, right = _candidate_pairs(keys)
    scores = _scores(keys, texts, (left, right), settings)
    keep = scores >= cutoff
    pairs = zip(left[keep].tolist(), right[keep].tolist(), strict=True)
    return dict(zip(pairs, scores[keep].tolist(), strict=True))


def with_semantic(
    edges: Edges, nodes: list[tuple[npt.NDArray[np.float32], float]], settings: ClusterSettings
) -> Edges:
    """The edges with each pair's scaled CSLS score where it beats the lexical one."""
    if len(nodes) < 2:
        return edges
    vectors = np.stack([v for v, _ in nodes])
    densities = np.array([d for _, d in nodes], dtype=np.float32)
    scale = settings.threshold / settings.semantic_threshold
    left, right, csls = semantic.similar_pairs(vectors, densities, settings.semantic_threshold / 2)
    scores = np.minimum(100.0, scale * csls.astype(np.float64))
    merged = dict(edges)
    for pair, score in zip(
        zip(left.tolist(), right.tolist(), strict=True), scores.tolist(), strict=True
    ):
        merged[pair] = max(merged.get(pair, 0.0), score)
    return merged


def _shared(texts: list[str], pairs: Pairs) -> npt.NDArray[np.int64]:
    """The size of the multiset intersection of each pair of sorted code strings."""
    left, right = pairs
    if not len(left):
        return np.zeros(0, dtype=np.int64)
    a, b = [texts[i] for i in left], [texts[j] for j in right]
    indel = process.cpdist(a, b, scorer=Indel.distance, processor=None, workers=-1)
    lengths = np.array([len(x) + len(y) for x, y in zip(a, b, strict=True)])
    return (lengths - indel.astype(np.int64)) // 2


def _scores(
    keys: list[Key], texts: list[str], pairs: Pairs, settings: ClusterSettings
) -> npt.NDArray[np.float64]:
    """The method's similarity of each pair of keys; 0 below ``min_shared`` common words."""
    left, right = pairs
    weighted = np.array([len(t) for t in texts])
    count = np.array([len(k) for k in keys])
    (wa, wb), (na, nb) = (weighted[left], weighted[right]), (count[left], count[right])
    common = _shared(texts, pairs).astype(np.float64)
    enough = _shared(encode(keys, {}), pairs) >= settings.min_shared
    dice = np.where(enough, 200.0 * common / (wa + wb), 0.0)
    if settings.method == "dice":
        return dice
    containment = 100.0 * common / np.minimum(wa, wb)
    fewer = np.minimum(na, nb)
    guard = enough & (fewer >= settings.containment_words)
    guard &= fewer / np.maximum(na, nb) >= settings.min_length_ratio
    return np.where(guard, np.maximum(dice, containment), dice)


def _candidate_pairs(keys: list[Key]) -> Pairs:
    """Pairs of keys that share a MinHash band (32 bands of 3 rows): likely similar, found in
    linear time. A key's words are coded by first appearance; an empty key gets a code of
    its own."""
    vocab: dict[str, int] = {}
    ids = [
        np.array([vocab.setdefault(w, len(vocab)) for w in k] or [len(keys) + i], np.uint64)
        for i, k in enumerate(keys)
    ]
    return candidate_pairs(ids, bands=32, rows=3)
