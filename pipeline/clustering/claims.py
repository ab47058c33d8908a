"""Claims for the cluster stage: each speaker's block clustered, each group one claim.

Mentions are grouped by speaker, and within a speaker into statements and questions
(``Quote.is_question``, set by the quotes stage), which never merge: "I asked him whether X"
is no evidence that X was said. Each block is clustered on its own (``block_claims``), here
or on a Dask worker.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.clustering.linkage import centrality, link_units, units
from pipeline.clustering.similarity import (
    Space,
    edges_of,
    embedding_space,
    with_semantic,
    word_weights,
)
from pipeline.clustering.text import Key, text_key, wording
from pipeline.clustering.wording import audit_wording
from pipeline.records import Claim, Mention, QuoteType, stable_id
from pipeline.settings import ClusterSettings

# A claim's type when its mentions' types tie: the more verbatim one (``QUOTE_TYPES``, ranked).
TYPE_PREFERENCE: tuple[QuoteType, ...] = ("direct", "mixed", "indirect", "headline")
DEFAULTS = ClusterSettings()


def cluster_claims(
    mentions: Sequence[Mention],
    settings: ClusterSettings = DEFAULTS,
    blocks_map: BlockMapper = map,
) -> tuple[Claim, ...]:
    """Group each speaker's mentions that state the same thing; one claim per group.

    Mentions without a speaker belong to no claim. The claims do not depend on the order of
    ``mentions``, but for what depends on which mention came first where no dates tell
    (``first_sentence``, ``first_mention``, the wording audit's reference): the run's order,
    articles in input order, quotes in article order. Claims are sorted by ``claim_order``.
    The corpus-wide word weights are found here; each speaker's block is then clustered on
    its own, by ``blocks_map`` (``map`` here, the run's worker processes or a Dask cluster's),
each block sent with the weights of its own words only.
    """
    keys = {m.mention_id: text_key(m.quote.text) for m in mentions if m.speaker}
    weights = word_weights(keys.values(), settings)
    space = embedding_space(mentions, keys, settings) if settings.semantic else {}
    blocks: dict[tuple[str, bool], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.speaker:
            blocks[(m.speaker, m.quote.is_question)].append(m)
    work = []
    for group in (blocks[b] for b in sorted(blocks)):
        own = {m.mention_id: keys[m.mention_id] for m in group}
        near = {k: space[k] for k in own.values() if k in space}
        heavy = {w: weights[w] for key in own.values() for w in key if w in weights}
        work.append(Block(group, own, heavy, near, settings))
    claims = [claim for found in blocks_map(block_claims, work) for claim in found]
    return tuple(sorted(claims, key=claim_order))


def claim_order(claim: Claim) -> tuple[object, ...]:
    """Where a claim goes in claims.csv: the most sources first, then the most mentions; ties
    by speaker (whatever the case), first publication (undated last) and wording, the id
    last of all."""
    return (
        -len(claim.sources),
        -len(claim.mention_ids),
        claim.speaker.casefold(),
        claim.speaker,
        not claim.first_published,
        claim.first_published,
        claim.claim,
        claim.claim_id,
    )


@dataclass(frozen=True)
class Block:
    """One speaker's statements (or questions), in the run's order, with what clustering
    them needs."""

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
    """The claims of one speaker's statements (or questions), given in the run's order."""
    order = {m.mention_id: (i, m.sentence) for i, m in enumerate(mentions)}
    mentions = sorted(mentions, key=lambda m: (m.mention_id, m.quote.source, m.quote.text))
    node_of: dict[Key, int] = {}
    members = [node_of.setdefault(keys[m.mention_id], len(node_of)) for m in mentions]
    counts = Counter(members)
    sizes = [counts[i] for i in range(len(node_of))]
    edges = edges_of(list(node_of), weights, settings)
    if settings.semantic:
        edges = with_semantic(edges, [space[key] for key in node_of], settings)
    groups = link_units(units(mentions, members, keys), sizes, edges, settings)
    node_mentions: dict[int, list[Mention]] = defaultdict(list)
    for m, node in zip(mentions, members, strict=True):
        node_mentions[node].append(m)
    central = centrality(groups, sizes, edges)
    return [_claim(group, node_mentions, central, order) for group in groups]


def _claim(
    group: list[int],
    node_mentions: Mapping[int, list[Mention]],
    central: Mapping[int, float],
    order: Mapping[str, tuple[int, str]],
) -> Claim:
    """The claim of one group of nodes: representative wording, variants, sources, cues, the
    sentence of its first mention (``order``: each mention's place in the run, sentence), its
    first publication and earliest mention, and its wording audit."""
    mentions = [m for node in group for m in node_mentions[node]]
    dated = sorted(mentions, key=lambda m: first_printed(m, order))
    first_published = dated[0].meta.get("published", "")
    audit = audit_wording(dated)
    ids = tuple(sorted(m.mention_id for m in mentions))
    ranked: dict[str, tuple[float, int, str]] = {}
    for node in group:
        for m in node_mentions[node]:
            text = " ".join(m.quote.text.split())
            rank = (-central[node], -len(text), text)
            ranked[wording(text)] = min(ranked.get(wording(text), rank), rank)
    texts = [text for *_, text in sorted(ranked.values())]
    types = Counter(m.quote.type for m in mentions)
    if len(types) > 1:
        del types["headline"]  # headlines restate the body's quotes: the body's type is the claim's
    return Claim(
        claim_id=stable_id("C", *ids),
        speaker=mentions[0].speaker,
        speaker_id=mentions[0].speaker_id,
        claim=texts[0],
        type=max(TYPE_PREFERENCE, key=lambda t: (types[t], -TYPE_PREFERENCE.index(t))),
        mention_ids=ids,
        sources=tuple(sorted({m.quote.source for m in mentions})),
        variants=tuple(sorted(texts[1:])),
        cues=tuple(sorted({m.quote.cue.strip().lower() for m in mentions} - {""})),
        first_sentence=min(order[i] for i in ids)[1],
        first_published=first_published,
        first_mention=dated[0].mention_id,
        wording=audit.wording,
        changes=audit.changes,
        differing=audit.differing,
    )


def first_printed(mention: Mention, order: Mapping[str, tuple[int, str]]) -> tuple[bool, str, int]:
    """Sorts mentions by publication: the earliest ``published`` date first, undated ones
    last, each date's (and the undated) by the run's order."""
    published = mention.meta.get("published", "")
    return not published, published, order[mention.mention_id][0]
