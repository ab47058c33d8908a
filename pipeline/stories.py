"""Stories: the articles that carry one story, found by the overlap of their clean texts.

A wire story printed by several outlets, each with its own headline, dek and page furniture
(stripped by the clean stage, or not), is one story: a claim printed by all of them has one
independent source. Each clean text becomes the set of its word shingles (runs of
``SHINGLE_WORDS`` case-folded words, hashed), of which the one in ``SAMPLE`` whose code is a
multiple of it is kept (the same shingles in every text, so overlaps keep their size in
proportion). MinHash with banding (``pipeline.minhash``) proposes the pairs likely to share
many shingles, and a pair is one story when the shingles they share are at least
``MIN_OVERLAP`` of the smaller set's (an outlet that prints a cut of the wire copy still
carries it). Stories are the connected groups of such pairs; a text of fewer than
``MIN_WORDS`` words (a brief that is mostly one quote, which other stories may quote too) is
a story of its own. Linear in the corpus but for the candidate pairs: 10,000 articles take
seconds.
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from pipeline.minhash import PRIME, candidate_pairs
from pipeline.records import Mention, stable_id

SHINGLE_WORDS = 4
SAMPLE = 4
MIN_WORDS = 50
MIN_OVERLAP = 0.5  # of the smaller text's shingles, shared with the other
BANDS, ROWS = 32, 2  # pairs sharing 35% of their shingles are proposed with probability 0.98
BASE = 1_000_003  # the shingle code: the words' codes as digits in this base, mod PRIME
WORD = re.compile(r"\w+")
Codes = npt.NDArray[np.uint64]


def find_stories(texts: Mapping[str, str]) -> dict[str, str]:
    """The story id of each source, given the clean texts of the run's articles.

    A story's id depends only on the sources it holds (``stable_id`` of them, sorted), so a
    story of one article has an id of its own.
    """
    sources = list(texts)
    codes = WordCodes()
    sets = [shingles(text, codes) for text in texts.values()]
    usable = [i for i, found in enumerate(sets) if len(found)]
    left, right = candidate_pairs([sets[i] for i in usable], BANDS, ROWS)
    parent = list(range(len(sources)))
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        i, j = usable[a], usable[b]
        if overlap(sets[i], sets[j]) >= MIN_OVERLAP:
            parent[root(parent, i)] = root(parent, j)
    members: dict[int, list[str]] = {}
    for i, source in enumerate(sources):
        members.setdefault(root(parent, i), []).append(source)
    return {
        source: stable_id("S", *sorted(group)) for group in members.values() for source in group
    }


def with_stories(mentions: Sequence[Mention], stories: Mapping[str, str]) -> list[Mention]:
    """The mentions, each with the story id of its article (``find_stories``)."""
    return [dataclasses.replace(m, story_id=stories.get(m.quote.source, "")) for m in mentions]


class WordCodes(dict[str, int]):
    """Each word's code below ``PRIME`` (its CRC-32): the same word, the same code, in any run."""

    def __missing__(self, word: str) -> int:
        code = self[word] = zlib.crc32(word.encode("utf-8")) % PRIME
        return code


def shingles(text: str, codes: WordCodes) -> Codes:
    """The distinct sampled codes of the text's word shingles, sorted; none for a text of
    fewer than ``MIN_WORDS`` words."""
    words = np.fromiter(map(codes.__getitem__, WORD.findall(text.casefold())), np.uint64)
    count = len(words) - SHINGLE_WORDS + 1
    if len(words) < MIN_WORDS:
        return np.empty(0, dtype=np.uint64)
    found = words[:count].copy()
    for k in range(1, SHINGLE_WORDS):
        found = (found * np.uint64(BASE) + words[k : k + count]) % np.uint64(PRIME)
    return np.unique(found[found % np.uint64(SAMPLE) == 0])


def overlap(a: Codes, b: Codes) -> float:
    """The share of the smaller set's codes that the other holds too."""
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def root(parent: list[int], i: int) -> int:
    """The representative of ``i``'s group (union-find, halving the path as it goes)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
