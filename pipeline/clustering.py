"""Cluster stage: group the mentions of one speaker that state the same thing into claims.

Texts are compared as sets of content words: case, punctuation, quote marks and whitespace
folded, stopwords dropped, a light suffix stemmer applied. Each word becomes one character,
repeated by its rarity in the corpus (an IDF weight), and the characters are sorted, so that
``rapidfuzz`` ``ratio`` on two such strings is the IDF-weighted Dice coefficient of the word
sets: a short quote cannot swallow a long one, and rare words count more than "Syria".
Candidate pairs come from ``process.cdist`` per speaker block (MinHash blocking once a block
is large); ``cpdist`` with the Indel distance then counts their shared words exactly, and
pairs sharing fewer than a few content words score 0 (two names in common are no claim in
common). Average linkage over the sparse similarity graph groups them without chaining
unrelated quotes through intermediates. Questions and statements (``Quote.is_question``, set
by the quotes stage) never merge: "I asked him whether X" is no evidence that X was said.
A headline quote restates its article's lede, the speaker's first statement below it, in
fewer and other words; the two are linked as one unit (when they share a content word), and
a unit's similarity to another is the best of its wordings', so that a headline joins the
claim its lede joins.

With ``semantic`` on, sentence embeddings (``pipeline.semantic``) add a second score for each
pair, so that paraphrases and translation variants sharing few words can merge; a pair's
similarity is the larger of the two, and the linkage is the same.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from pipeline import semantic
from pipeline.records import Claim, Mention, QuoteType, stable_id

METHODS = ("dice", "hybrid")
LINKAGES = ("average", "complete")


@dataclass(frozen=True)
class ClusterSettings:
    """How mentions are compared and grouped; defaults measured on the gold clusters.

    Attributes:
        method: ``dice`` (IDF-weighted Dice of the content-word sets) or ``hybrid`` (the
            larger of Dice and a containment score, the latter only when the shorter text
            has ``containment_words`` content words and ``min_length_ratio`` of the longer
            one's).
        threshold: the least linkage similarity (0-100) at which two groups merge.
        linkage: ``average`` or ``complete`` linkage over the similarity graph.
        min_shared: content words two texts must share to merge (texts sharing fewer merge
            only when their words are the same: "Trump" and "Clinton" in two quotes, or
            "United States" and "North Korea", are no evidence of a shared claim).
        containment_words: content words the shorter text needs for containment to count.
        min_length_ratio: least ratio of content words (shorter / longer) for containment.
        idf_base: a word's weight is 1 + log(N / df) in this base (capped at ``max_weight``).
        max_weight: the largest weight of a word.
        block_above: more distinct texts than this in one block: MinHash blocking first.
        semantic: add sentence-embedding similarity (needs the ``semantic`` extra).
        semantic_threshold: the CSLS score (see ``pipeline.semantic``) that counts as much
            as ``threshold``; a pair's semantic similarity is its CSLS score scaled by
            ``threshold / semantic_threshold``.
        neighbours: how many nearest texts make a text's neighbourhood for CSLS.
    """

    method: str = "hybrid"
    threshold: float = 33.0
    linkage: str = "average"
    min_shared: int = 4
    containment_words: int = 5
    min_length_ratio: float = 0.5
    idf_base: float = 4.0
    max_weight: int = 3
    block_above: int = 2000
    semantic: bool = False
    semantic_threshold: float = 0.2
    neighbours: int = 10


# Function words only: negations and modals that change a claim's meaning are kept.
# fmt: off
STOPWORDS = frozenset(
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
        "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
        "between", "both", "but", "by", "did", "do", "does", "doing", "down", "during", "each",
        "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
        "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "itself", "just", "me", "more", "most", "my", "myself", "now", "of", "off", "on",
        "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same",
        "she", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
        "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "whether", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
        "yourself", "yourselves", "can", "could", "may", "might", "shall", "should"
    }
)
# fmt: on
_SUFFIXES = (
    ("ists", ""),
    ("ist", ""),
    ("isms", ""),
    ("ism", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("edly", ""),
    ("ed", ""),
    ("ers", ""),
    ("er", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)
# Letters before a suffix that make it part of the stem: "class", "bus", "insist", "insists".
_KEEP_AFTER = {"s": "su", "ist": "s", "ists": "s"}
_NOT = re.compile(r"n[’'`]t\b")
_IRREGULAR_NOT = {"wo": "will", "ca": "can", "sha": "shall"}  # won't, can't, shan't
_IRREGULAR = re.compile(r"\b(?:wo|ca|sha)(?=n[’'`]t\b)")
_WORD = re.compile(r"\w+")
_TYPE_ORDER: tuple[QuoteType, ...] = ("direct", "mixed", "indirect", "headline")
_FIRST_CHAR = 0x10000  # word codes start above the Basic Multilingual Plane: no surrogates

Edges = dict[tuple[int, int], float]
Pairs = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]  # left and right indices
Key = tuple[str, ...]
Space = dict[Key, tuple[npt.NDArray[np.float32], float]]  # key -> unit vector, density


def stem(word: str) -> str:
    """Strip one common English suffix and a final ``e``.

    ``working`` -> ``work``; ``terrorists``, ``terrorism`` -> ``terror``.
    """
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if word[-len(suffix) - 1] in _KEEP_AFTER.get(suffix, ""):
                continue
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def words(text: str) -> list[str]:
    """The case-folded word runs of ``text``: punctuation and quote marks fall away."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    expanded = _IRREGULAR.sub(lambda m: _IRREGULAR_NOT[m.group()], folded)
    return _WORD.findall(_NOT.sub(" not", expanded))


def wording(text: str) -> str:
    """The text with case, punctuation, quote marks and whitespace folded."""
    return " ".join(words(text))


def content_words(text: str) -> Key:
    """The distinct stems of the words that carry content, sorted."""
    return tuple(sorted({stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}))


def _key(text: str) -> Key:
    """The content words, or for a text without any its whole wording as one word."""
    return content_words(text) or (f"={wording(text)}",)


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
    gold = _cross_pairs(gold_groups, sources)
    predicted = _cross_pairs(groups, sources)
    predicted -= _cross_pairs(ignored_groups, sources) - gold
    return len(predicted & gold), len(predicted), len(gold)


def _cross_pairs(
    groups: Iterable[Iterable[str]], sources: Mapping[str, str]
) -> set[tuple[str, str]]:
    """The pairs of members of one group that come from different sources."""
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        members = sorted({m for m in group if m in sources})
        pairs.update((a, b) for a, b in combinations(members, 2) if sources[a] != sources[b])
    return pairs


def cluster_claims(
    mentions: Sequence[Mention],
    settings: ClusterSettings = ClusterSettings(),
    blocks_map: BlockMapper = map,
) -> tuple[Claim, ...]:
    """Group each speaker's mentions that state the same thing; one claim per group.

    Mentions without a speaker belong to no claim. The result does not depend on the
    order of ``mentions``: claims are sorted by sources, then mentions (both descending),
    then id. The corpus-wide word weights are found here; each speaker's block is then
    clustered on its own, by ``blocks_map`` (``map`` here, or a Dask cluster's workers).
    """
    if settings.method not in METHODS or settings.linkage not in LINKAGES:
        raise ValueError(f"unknown clustering method or linkage: {settings}")
    keys = {m.mention_id: _key(m.quote.text) for m in mentions if m.speaker}
    weights = _word_weights(keys.values(), settings)
    space = _space(mentions, keys, settings) if settings.semantic else {}
    blocks: dict[tuple[str, bool], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.speaker:
            blocks[(m.speaker, m.quote.is_question)].append(m)
    work = []
    for group in (blocks[b] for b in sorted(blocks)):
        own = {m.mention_id: keys[m.mention_id] for m in group}
        near = {k: space[k] for k in own.values() if k in space}
        work.append(Block(group, own, weights, near, settings))
    claims = [claim for found in blocks_map(block_claims, work) for claim in found]
    return tuple(sorted(claims, key=lambda c: (-len(c.sources), -len(c.mention_ids), c.claim_id)))


def _word_weights(keys: Iterable[Key], settings: ClusterSettings) -> dict[str, int]:
    """Integer IDF weights of the words over the distinct texts: rare words weigh more."""
    distinct = set(keys)
    df = Counter(w for key in distinct for w in key)
    n = len(distinct)
    return {
        w: 1 + min(settings.max_weight - 1, int(math.log(n / d, settings.idf_base)))
        for w, d in df.items()
    }


def _space(
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


@dataclass(frozen=True)
class Block:
    """One speaker's statements (or questions), with what clustering them needs."""

    mentions: list[Mention]
    keys: Mapping[str, Key]
    weights: Mapping[str, int]
    space: Space
    settings: ClusterSettings


BlockMapper = Callable[[Callable[[Block], list[Claim]], list[Block]], Iterable[list[Claim]]]


def block_claims(block: Block) -> list[Claim]:
    """The claims of one block: a module-level function, so workers can import it."""
    return _block_claims(block.mentions, block.keys, block.weights, block.space, block.settings)


def _block_claims(
    mentions: list[Mention],
    keys: Mapping[str, Key],
    weights: Mapping[str, int],
    space: Space,
    settings: ClusterSettings,
) -> list[Claim]:
    """The claims of one speaker's statements (or questions)."""
    mentions = sorted(mentions, key=lambda m: (m.mention_id, m.quote.source, m.quote.text))
    node_of: dict[Key, int] = {}
    members = [node_of.setdefault(keys[m.mention_id], len(node_of)) for m in mentions]
    counts = Counter(members)
    sizes = [counts[i] for i in range(len(node_of))]
    edges = _edges(list(node_of), weights, settings)
    if settings.semantic:
        edges = _with_semantic(edges, [space[key] for key in node_of], settings)
    groups = _link_units(_units(mentions, members, keys), sizes, edges, settings)
    node_mentions: dict[int, list[Mention]] = defaultdict(list)
    for m, node in zip(mentions, members, strict=True):
        node_mentions[node].append(m)
    centrality = _centrality(groups, sizes, edges)
    return [_claim(group, node_mentions, centrality) for group in groups]


def _units(mentions: list[Mention], members: list[int], keys: Mapping[str, Key]) -> list[int]:
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


def _link_units(
    units: list[int], sizes: list[int], edges: Edges, settings: ClusterSettings
) -> list[list[int]]:
    """Link the units (``_link``), a unit's similarity to another the best of its nodes'
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
    groups = _link(unit_sizes, unit_edges, settings)
    return sorted(sorted(n for u in group for n in nodes[u]) for group in groups)


def _encode(keys: list[Key], weights: Mapping[str, int]) -> list[str]:
    """Each key as a sorted string of word codes, each repeated by the word's weight."""
    code: dict[str, str] = {}
    for w in sorted({w for key in keys for w in key}):
        code[w] = chr(_FIRST_CHAR + len(code))
    return ["".join(sorted(code[w] * weights.get(w, 1) for w in key)) for key in keys]


def _edges(keys: list[Key], weights: Mapping[str, int], settings: ClusterSettings) -> Edges:
    """Similarities (0-100) of the pairs of distinct keys that score above a floor."""
    if len(keys) < 2:
        return {}
    texts = _encode(keys, weights)
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


def _with_semantic(
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
    enough = _shared(_encode(keys, {}), pairs) >= settings.min_shared
    dice = np.where(enough, 200.0 * common / (wa + wb), 0.0)
    if settings.method == "dice":
        return dice
    containment = 100.0 * common / np.minimum(wa, wb)
    fewer = np.minimum(na, nb)
    guard = enough & (fewer >= settings.containment_words)
    guard &= fewer / np.maximum(na, nb) >= settings.min_length_ratio
    return np.where(guard, np.maximum(dice, containment), dice)


def _candidate_pairs(
    keys: list[Key], bands: int = 32, rows: int = 3
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs of keys that share a MinHash band: likely similar, found in linear time."""
    vocab: dict[str, int] = {}
    ids = [
        np.array([vocab.setdefault(w, len(vocab)) for w in k] or [len(keys) + i])
        for i, k in enumerate(keys)
    ]
    starts = np.cumsum([0] + [len(x) for x in ids[:-1]])
    flat = np.concatenate(ids).astype(np.uint64)
    rng = np.random.default_rng(0)
    prime = np.uint64((1 << 31) - 1)
    pairs: list[npt.NDArray[np.int64]] = []
    for _ in range(bands):
        mul = rng.integers(1, int(prime), size=rows, dtype=np.uint64)
        add = rng.integers(0, int(prime), size=rows, dtype=np.uint64)
        mins = np.minimum.reduceat((flat[:, None] * mul + add) % prime, starts, axis=0)
        pairs.append(_colliding(mins))
    unique = np.unique(np.concatenate(pairs), axis=0)
    return unique[:, 0], unique[:, 1]


def _colliding(signatures: npt.NDArray[np.uint64], window: int = 64) -> npt.NDArray[np.int64]:
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


def _link(sizes: list[int], edges: Edges, settings: ClusterSettings) -> list[list[int]]:
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


def _centrality(groups: list[list[int]], sizes: list[int], edges: Edges) -> dict[int, float]:
    """Mean similarity of each node's mentions to the other mentions of its group."""
    group_of = {n: k for k, group in enumerate(groups) for n in group}
    total = [sum(sizes[n] for n in group) for group in groups]
    sums = {n: 100.0 * (sizes[n] - 1) for n in group_of}
    for (i, j), score in edges.items():
        if group_of[i] == group_of[j]:
            sums[i] += score * sizes[j]
            sums[j] += score * sizes[i]
    return {n: sums[n] / max(total[group_of[n]] - 1, 1) for n in group_of}


def _claim(
    group: list[int], node_mentions: Mapping[int, list[Mention]], centrality: Mapping[int, float]
) -> Claim:
    """The claim of one group of nodes: representative wording, variants, sources, cues."""
    mentions = [m for node in group for m in node_mentions[node]]
    ids = tuple(sorted(m.mention_id for m in mentions))
    ranked: dict[str, tuple[float, int, str]] = {}
    for node in group:
        for m in node_mentions[node]:
            text = " ".join(m.quote.text.split())
            rank = (-centrality[node], -len(text), text)
            ranked[wording(text)] = min(ranked.get(wording(text), rank), rank)
    texts = [text for *_, text in sorted(ranked.values())]
    types = Counter(m.quote.type for m in mentions)
    if len(types) > 1:
        del types["headline"]  # headlines restate the body's quotes: the body's type is the claim's
    return Claim(
        claim_id=stable_id("C", *ids),
        speaker=mentions[0].speaker,
        claim=texts[0],
        type=max(_TYPE_ORDER, key=lambda t: (types[t], -_TYPE_ORDER.index(t))),
        mention_ids=ids,
        sources=tuple(sorted({m.quote.source for m in mentions})),
        variants=tuple(sorted(texts[1:])),
        cues=tuple(sorted({m.quote.cue.strip().lower() for m in mentions} - {""})),
    )
