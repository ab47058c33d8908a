"""Cross-source pairs of mentions: how claims are scored against gold groups."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path

from pipeline.evaluate.match import Predicted, Prf
from pipeline.records import Claim


def score_clusters(
    path: Path, matched: dict[str, Predicted], source_of: dict[str, str]
) -> Prf | None:
    """Pairwise recall over gold cross-source groups (high confidence), precision over the
    predicted cross-source pairs among matched quotes; pairs in lower-confidence groups count
    neither way (``pair_counts``)."""
    groups = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    high = [g["member_ids"] for g in groups if g.get("confidence") == "high"]
    other = [g["member_ids"] for g in groups if g.get("confidence") != "high"]
    claims: dict[str, list[str]] = defaultdict(list)
    for quote_id, pred in matched.items():
        if pred.claim_id:
            claims[pred.claim_id].append(quote_id)
    found, predicted, gold = pair_counts(claims.values(), high, source_of, other)
    return Prf(found, predicted - found, gold - found) if gold else None


def pair_scores(
    claims: Iterable[Claim],
    gold_groups: Iterable[Iterable[str]],
    sources: Mapping[str, str],
    ignored_groups: Iterable[Iterable[str]] = (),
) -> tuple[float, float]:
    """Pairwise precision and recall of claims against gold groups (see ``pair_counts``);
    each is 1.0 where there is no pair to count."""
    found, predicted, gold = pair_counts(
        (c.mention_ids for c in claims), gold_groups, sources, ignored_groups
    )
    return (found / predicted if predicted else 1.0), (found / gold if gold else 1.0)


def pair_counts(
    groups: Iterable[Iterable[str]],
    gold_groups: Iterable[Iterable[str]],
    sources: Mapping[str, str],
    ignored_groups: Iterable[Iterable[str]] = (),
) -> tuple[int, int, int]:
    """Cross-source pairs of mentions: predicted and gold, the number of each, and found.

    Recall is found / gold: gold pairs (members of one group from different sources) that
    lie in one predicted group. Precision is found / predicted: predicted pairs from
    different sources that lie in one gold group.

    Args:
        groups: the predicted groups of mention ids (a claim's ``mention_ids``).
        gold_groups: the scored groups of mention ids (e.g. ``confidence: high``).
        sources: the source of every mention id; ids without one are left out.
        ignored_groups: groups whose pairs count neither way (e.g. lower confidence).

    Returns:
        the pairs found, predicted and gold.
    """
    gold = cross_pairs(gold_groups, sources)
    predicted = cross_pairs(groups, sources)
    predicted -= cross_pairs(ignored_groups, sources) - gold
    return len(predicted & gold), len(predicted), len(gold)


def cross_pairs(
    groups: Iterable[Iterable[str]], sources: Mapping[str, str]
) -> set[tuple[str, str]]:
    """The pairs of members of one group that come from different sources."""
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        members = sorted({m for m in group if m in sources})
        pairs.update((a, b) for a, b in combinations(members, 2) if sources[a] != sources[b])
    return pairs
