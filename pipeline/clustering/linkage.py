"""Linkage for the cluster stage: the groups of a speaker's similarity graph.

Average linkage over the sparse graph groups texts without chaining unrelated quotes through
intermediates. A headline quote restates its article's lede, the speaker's first statement
below it, in fewer and other words; the two are linked as one unit (when they share a content
word), and a unit's similarity to another is the best of its wordings', so that a headline
joins the claim its lede joins.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping

from pipeline.clustering.similarity import Edges
from pipeline.clustering.text import Key
from pipeline.records import Mention
from pipeline.settings import ClusterSettings


def units(mentions: list[Mention], members: list[int], keys: Mapping[str, Key]) -> list[int]:
    """The unit of each node: a headline's node and its lede's are one unit, all others
    their own. The lede is the speaker's first statement in the headline's article; it
    must share a content word with the headline (the headline restates the lede)."""
    unit = list(range(max(members, default=-1) + 1))

    def root(node: int) -> int:
        while unit[node] != node:
            node = unit[node]
        return node

    by_source: dict[str, list[tuple[int, Mention]]] = defaultdict(list)
    for m, node in zip(mentions, members, strict=True):
        by_source[m.quote.source].append((node, m))
    for found in by_source.values():
        body = [(m.quote.start, node, m) for node, m in found if m.quote.type != "headline"]
        if not body:
            continue
        _, lede, first = min(body, key=lambda item: item[:2])
        for node, m in found:
            shared = set(keys[m.mention_id]) & set(keys[first.mention_id])
            if m.quote.type == "headline" and shared:
                a, b = sorted((root(node), root(lede)))
                unit[b] = a
    return [root(node) for node in range(len(unit))]


def link_units(
    units: list[int], sizes: list[int], edges: Edges, settings: ClusterSettings
) -> list[list[int]]:
    """Link the units (``link``), a unit's similarity to another the best of its nodes'
    (a headline and its lede are one statement in two wordings); the groups of nodes."""
    ids = {u: i for i, u in enumerate(sorted(set(units)))}
    unit_sizes = [0] * len(ids)
    for node, size in enumerate(sizes):
        unit_sizes[ids[units[node]]] += size
    unit_edges: Edges = {}
    for (i, j), score in edges.items():
        a, b = sorted((ids[units[i]], ids[units[j]]))
        if a != b:
            unit_edges[(a, b)] = max(unit_edges.get((a, b), 0.0), score)
    nodes: dict[int, list[int]] = defaultdict(list)
    for node, u in enumerate(units):
        nodes[ids[u]].append(node)
    groups = link(unit_sizes, unit_edges, settings)
    return sorted(sorted(n for u in group for n in nodes[u]) for group in groups)


def link(sizes: list[int], edges: Edges, settings: ClusterSettings) -> list[list[int]]:
    """Average (or complete) linkage over the sparse graph; missing edges count as 0.

    Node ``i`` stands for ``sizes[i]`` mentions with one text (similarity 100 among them).
    Returns the groups of nodes, each sorted, in order of their first node.
    """
    size = dict(enumerate(sizes))
    nodes = {i: [i] for i in range(len(sizes))}
    # per pair of clusters: (similarity summed over mention pairs, node pairs seen, least)
    links: dict[int, dict[int, tuple[float, int, float]]] = defaultdict(dict)
    for (i, j), score in edges.items():
        links[i][j] = links[j][i] = (score * sizes[i] * sizes[j], 1, score)
    heap = [(-_linkage(a, b, links, size, nodes, settings), a, b) for (a, b) in edges]
    heapq.heapify(heap)
    while heap and -heap[0][0] >= settings.threshold:
        neg, a, b = heapq.heappop(heap)
        if a in nodes and b in links[a] and -neg == _linkage(a, b, links, size, nodes, settings):
            _merge(a, b, size, nodes, links)
            for c in links[a]:
                pair = (min(a, c), max(a, c))
                heapq.heappush(heap, (-_linkage(a, c, links, size, nodes, settings), *pair))
    return sorted(sorted(group) for group in nodes.values())


def _linkage(
    a: int,
    b: int,
    links: Mapping[int, Mapping[int, tuple[float, int, float]]],
    size: Mapping[int, int],
    nodes: Mapping[int, list[int]],
    settings: ClusterSettings,
) -> float:
    """The linkage similarity of clusters ``a`` and ``b`` from their edge statistics."""
    total, seen, least = links[a][b]
    if settings.linkage == "complete":
        return least if seen == len(nodes[a]) * len(nodes[b]) else 0.0
    return total / (size[a] * size[b])


def _merge(
    a: int,
    b: int,
    size: dict[int, int],
    nodes: dict[int, list[int]],
    links: dict[int, dict[int, tuple[float, int, float]]],
) -> None:
    """Fold cluster ``b`` into cluster ``a`` (``a < b``), summing their edge statistics."""
    size[a] += size.pop(b)
    nodes[a].extend(nodes.pop(b))
    del links[a][b]
    for c, (total, seen, least) in links.pop(b).items():
        if c != a:
            del links[c][b]
            old = links[a].get(c, (0.0, 0, 100.0))
            links[a][c] = links[c][a] = (old[0] + total, old[1] + seen, min(old[2], least))


def centrality(groups: list[list[int]], sizes: list[int], edges: Edges) -> dict[int, float]:
    """Mean similarity of each node's mentions to the other mentions of its group."""
    group_of = {n: k for k, group in enumerate(groups) for n in group}
    total = [sum(sizes[n] for n in group) for group in groups]
    sums = {n: 100.0 * (sizes[n] - 1) for n in group_of}
    for (i, j), score in edges.items():
        if group_of[i] == group_of[j]:
            sums[i] += score * sizes[j]
            sums[j] += score * sizes[i]
    return {n: sums[n] / max(total[group_of[n]] - 1, 1) for n in group_of}
