"""Cluster stage: group the mentions of one speaker that state the same thing into claims.

- ``text``: a quote as the set of its content words (folded, stopwords dropped, stemmed).
- ``similarity``: the IDF-weighted Dice (and containment) of two such sets, computed with
  ``rapidfuzz`` over each speaker's block, MinHash blocking for large blocks, and with
  ``--semantic`` the CSLS score of sentence embeddings.
- ``linkage``: average linkage over the sparse similarity graph, a headline linked with its
  article's lede.
- ``claims``: the public verb, ``cluster_claims``, and each group of mentions as a ``Claim``.

Two names in common are no claim in common, a short quote cannot swallow a long one, and
questions and statements never merge.
"""

from pipeline.clustering.claims import Block, BlockMapper, block_claims, cluster_claims
from pipeline.clustering.text import content_words, wording

__all__ = ["Block", "BlockMapper", "block_claims", "cluster_claims", "content_words", "wording"]
