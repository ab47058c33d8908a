"""Cluster: near-duplicate mentions of one speaker grouped into claims, order-independently."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clustering import cluster_claims, content_words, wording
from pipeline.clustering.claims import TYPE_PREFERENCE
from pipeline.errors import UnknownSetting
from pipeline.evaluate import pair_scores
from pipeline.records import FRAGMENT_JOIN, QUOTE_TYPES, Claim, Mention, Quote, QuoteType
from pipeline.settings import ClusterSettings

SPEAKER = "Ana Lopez"
LONG = (
    "Our government will never accept a settlement imposed from outside by foreign powers, "
    "and the farmers of the valley deserve cheaper diesel before the winter harvest begins"
)


def mention(
    mention_id: str,
    text: str,
    source: str = "",
    speaker: str = SPEAKER,
    kind: QuoteType = "direct",
    cue: str = "said",
    asks: bool = False,
) -> Mention:
    """A mention whose quote is ``text`` (offsets are not used by the cluster stage), its
    sentence the text and its id."""
    span = (0, len(text))
    quote = Quote(
        source or f"{mention_id}.txt", kind, (span,), text, span, cue=cue, is_question=asks
    )
    return Mention(mention_id, quote, speaker=speaker, sentence=f"{mention_id}: {text}")


def claim_of(claims: tuple[Claim, ...], mention_id: str) -> Claim | None:
    """The claim holding ``mention_id``, if any."""
    return next((c for c in claims if mention_id in c.mention_ids), None)


def merged(first: Mention, second: Mention) -> bool:
    """Whether the two mentions land in one claim."""
    found = claim_of(cluster_claims([first, second]), first.mention_id)
    return found is not None and second.mention_id in found.mention_ids


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param(LONG, LONG, True, id="verbatim repeat"),
        pytest.param(LONG, f"“{LONG.upper()}.”", True, id="case and quote marks"),
        pytest.param(LONG, LONG.split(", and")[0], True, id="trimmed repeat"),
        pytest.param(LONG, LONG.split("powers, ")[1], True, id="cut at another point"),
        pytest.param(
            "The ceasefire must be respected by every side in the conflict starting tomorrow",
            "The ceasefire has to be respected by all sides of the conflict from tomorrow",
            True,
            id="small rewording",
        ),
        pytest.param("Foreign powers", LONG, False, id="short quote does not swallow long"),
        pytest.param("Cheaper diesel", "Cheaper diesel tomorrow", False, id="too few words"),
        pytest.param("Cheaper DIESEL!", "cheaper diesel", True, id="few words, same words"),
        pytest.param("it", "him", False, id="no content words"),
        pytest.param(
            "The economy grew faster than anyone expected last year",
            "Our navy holds exercises in the northern sea next month",
            False,
            id="unrelated quotes",
        ),
    ],
)
def test_clustering_merges_near_duplicates_only(first: str, second: str, expected: bool) -> None:
    assert merged(mention("m1", first, "a.txt"), mention("m2", second, "b.txt")) is expected


def test_clustering_needs_enough_shared_words() -> None:
    """Three words in common ("United Nations", "regime") are no claim in common, however
    much of the shorter text they cover."""
    first = mention("m1", "New United Nations sanctions against the regime", "a.txt")
    second = mention("m2", "The United Nations will never accept the regime as a nuclear state")
    loose = cluster_claims([first, second], ClusterSettings(min_shared=3))
    assert [c.mention_ids for c in loose] == [("m1", "m2")]
    assert not merged(first, second)


def test_clustering_different_speakers_never_merge() -> None:
    claims = cluster_claims([mention("m1", LONG), mention("m2", LONG, speaker="Ben Ode")])
    assert sorted(c.speaker for c in claims) == ["Ana Lopez", "Ben Ode"]
    assert all(len(c.mention_ids) == 1 for c in claims)


@pytest.mark.parametrize("speaker", ["", "Ana Lopez"])
def test_clustering_unresolved_speaker_has_no_claim(speaker: str) -> None:
    claims = cluster_claims([mention("m1", LONG, speaker=speaker)])
    assert (claim_of(claims, "m1") is not None) is bool(speaker)


def test_clustering_does_not_chain_through_intermediates() -> None:
    a = "alpha bravo charlie delta echo foxtrot golf hotel"
    b = "echo foxtrot golf hotel india juliet kilo lima"
    c = "india juliet kilo lima mike november oscar papa"
    claims = cluster_claims([mention("a", a), mention("b", b), mention("c", c)])
    assert claim_of(claims, "a") != claim_of(claims, "c")
    assert [len(x.mention_ids) for x in claims] == [2, 1]  # one link kept, not both


def test_clustering_claim_fields() -> None:
    short = LONG.split(", and")[0]
    mentions = [
        mention("m1", LONG, "b.txt", cue="Said"),
        mention("m2", LONG + ".", "a.txt", kind="indirect", cue="told"),
        mention("m3", short, "c.txt", cue="said"),
        mention("m4", "Something else entirely about fishing quotas", "a.txt"),
    ]
    claims = cluster_claims(mentions)
    top = claims[0]
    assert top.mention_ids == ("m1", "m2", "m3")
    assert top.sources == ("a.txt", "b.txt", "c.txt")
    assert top.claim == LONG + "."  # most central wording; ties -> longer
    assert top.variants == (short,)  # LONG and LONG + "." are one wording
    assert top.type == "direct"
    assert top.cues == ("said", "told")
    assert top.first_sentence == f"m1: {LONG}"  # the first in the run's order
    assert cluster_claims(mentions[::-1])[0].first_sentence == f"m3: {short}"
    assert [len(c.mention_ids) for c in claims] == [3, 1]


def test_clustering_type_preference_ranks_every_quote_type() -> None:
    assert sorted(TYPE_PREFERENCE) == sorted(QUOTE_TYPES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Working rebels’ TALKS,” with them", ("rebel", "talk", "work")),
        ("We won't stop", ("not", "stop")),
        ("Terrorists, terrorism and terror; he insists, insisted", ("insist", "terror")),
        ("whether the class buses work", ("bus", "class", "work")),
        ("It is what it is", ()),
    ],
)
def test_clustering_content_words(text: str, expected: tuple[str, ...]) -> None:
    assert content_words(text) == expected


def test_clustering_question_and_statement_never_merge() -> None:
    """Asking "whether we are ready to talk to X" is no claim that we are ready."""
    text = "we are ready to talk to the armed opposition in the north"
    asked = mention("m1", f"I asked him whether {text}", "a.txt", asks=True)
    assert not merged(asked, mention("m2", text, "b.txt"))
    assert merged(asked, mention("m3", f"whether {text}", "c.txt", asks=True))


def test_clustering_wording_folds_marks_and_space() -> None:
    expected = "ready to talk now"
    assert wording("«Ready»  to\n‘talk’,  NOW!") == wording('"ready" to talk now') == expected


@pytest.mark.parametrize("field", ["method", "linkage"])
def test_clustering_rejects_unknown_method(field: str) -> None:
    unknown: dict[str, Any] = {field: "magic"}
    with pytest.raises(UnknownSetting, match=f"unknown clustering {field} 'magic'"):
        ClusterSettings(**unknown)


FAMILIES = [
    LONG,
    "Prices of bread and fuel will fall sharply once the new harbour opens to cargo ships",
    "Nobody in this cabinet has ever discussed raising the retirement age for nurses",
]
POOL = [
    mention(f"m{i}", text, f"s{i % 3}.txt", speaker=SPEAKER if i % 7 else "")
    for i, text in enumerate(
        [f[: len(f) - cut] for f in FAMILIES for cut in (0, 12, 30)]
        + ["A short unrelated remark about the weather", "Is the harbour open to cargo ships?"]
    )
]


def unordered(claim: Claim) -> Claim:
    """The claim without the fields its first mention in the run's order decides."""
    return replace(
        claim, first_sentence="", first_mention="", wording="", changes=(), differing=()
    )


@settings(max_examples=40, deadline=None)
@given(st.permutations(POOL))
def test_clustering_is_independent_of_input_order(shuffled: list[Mention]) -> None:
    """The same claims whatever the order, but for what the first mention in the order given
    decides where no dates tell: each claim's first sentence and its wording audit."""
    claims = cluster_claims(shuffled)
    assert [unordered(c) for c in claims] == [unordered(c) for c in cluster_claims(POOL)]
    sentence = {m.mention_id: m.sentence for m in shuffled}
    order = [m.mention_id for m in shuffled]
    assert all(c.first_sentence == sentence[min(c.mention_ids, key=order.index)] for c in claims)
    ids = [i for c in claims for i in c.mention_ids]
    assert sorted(ids) == sorted(m.mention_id for m in POOL if m.speaker)  # each exactly once
    assert all(
        c.claim_id.startswith("C") and list(c.mention_ids) == sorted(c.mention_ids) for c in claims
    )


Groups = list[list[str]]


def asks(text: str) -> bool:
    """Whether a gold quote asks (gold carries no flag; the quotes stage sets it from the parse):
    it holds a "?", or reports an embedded whether-question."""
    return "?" in text or re.search(r"\bwhether\b", text) is not None


def gold_mentions(shared: Path) -> tuple[list[Mention], Groups, Groups]:
    """Mentions built from the gold quotes (gold speaker, source = file), and the gold groups.

    Returns the mentions, the scored (``confidence: high``) groups and the other groups.
    """
    mentions = []
    for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for q in doc["quotes"]:
            spans = [tuple(f) for f in q.get("fragments") or [(q["start"], q["end"])]]
            text = FRAGMENT_JOIN.join(doc["text"][s:e] for s, e in spans)
            outer = (spans[0][0], spans[-1][1])
            quote = Quote(doc["file"], q["type"], tuple(spans), text, outer, is_question=asks(text))
            mentions.append(Mention(q["id"], quote, speaker=q["speaker"]))
    high: Groups = []
    other: Groups = []
    for line in (shared / "gold" / "clusters.jsonl").read_text(encoding="utf-8").splitlines():
        group = json.loads(line)
        (high if group["confidence"] == "high" else other).append(group["member_ids"])
    return mentions, high, other


def test_clustering_gold_pair_precision_and_recall(shared: Path) -> None:
    mentions, high, other = gold_mentions(shared)
    sources = {m.mention_id: m.quote.source for m in mentions}
    precision, recall = pair_scores(cluster_claims(mentions), high, sources, other)
    assert precision >= 0.95
    assert recall >= 0.7


def lead(source: str, headline: str, lede: str, later: str) -> list[Mention]:
    """An article's headline quote, its first statement (the lede) and a later one."""
    kinds: list[QuoteType] = ["headline", "indirect", "direct"]
    found = []
    for n, (kind, text) in enumerate(zip(kinds, [headline, lede, later], strict=True)):
        span = (100 * n, 100 * n + len(text))
        quote = Quote(f"{source}.txt", kind, (span,), text, span, cue="said")
        found.append(Mention(f"{source}-{n}", quote, speaker=SPEAKER))
    return found


def test_clustering_headline_joins_its_lede_and_what_the_lede_joins() -> None:
    """Two outlets' headlines share few words with each other's ledes, but each restates its
    own lede, and the ledes are one claim: all four are one claim; later quotes stay out."""
    first = lead(
        "a",
        "Minister May Back Harbour Bridge Rebuild",
        "the minister told parliament the government was ready to fund a new stone bridge "
        "over the harbour if engineers confirmed the old one was unsafe for buses",
        "the ferry service would stay in public hands for another decade at least",
    )
    second = lead(
        "b",
        "Minister Ready to Fund Bridge, Especially for Buses",
        "the minister said the government was ready to fund a new stone bridge over the "
        "harbour, particularly since the old one could no longer carry buses",
        "teachers would get a pay rise in the spring, paid for by the regional budget",
    )
    claims = cluster_claims(first + second)
    joined = claim_of(claims, "a-0")
    assert joined is not None and set(joined.mention_ids) == {"a-0", "a-1", "b-0", "b-1"}
    assert joined.type == "indirect"  # the body's type: the headlines only restate it
    assert not merged(first[0], second[0])  # the headlines alone share too few words


def test_clustering_headline_needs_a_word_in_common_with_its_lede() -> None:
    article = lead("a", "Bridge Plan Approved", "the ferry would stay public", "taxes will rise")
    claims = cluster_claims(article)
    assert claim_of(claims, "a-0") != claim_of(claims, "a-1")


def test_clustering_blocking_finds_the_same_claims() -> None:
    assert cluster_claims(POOL, ClusterSettings(block_above=2)) == cluster_claims(POOL)


def printed(mention_id: str, text: str, outlet: str, published: str = "", **kw: Any) -> Mention:
    """A mention printed by ``outlet`` (its own source) on ``published``."""
    meta = {"outlet": outlet} | ({"published": published} if published else {})
    return replace(mention(mention_id, text, f"{mention_id}.txt", **kw), meta=meta)


NEVER = "We will never abandon our friends in the valley, whatever the foreign powers decide"


@pytest.mark.parametrize(
    ("second", "wording_class", "changes"),
    [
        (NEVER, "verbatim", ()),
        (f"\u201c{NEVER.upper()}!\u201d", "verbatim", ()),  # case and punctuation alone
        (NEVER.replace("foreign powers", "foreign-powers"), "verbatim", ()),  # a hyphen alone
        (NEVER.replace("never", "not"), "altered", ("never → not (Daily Example)",)),
        (
            NEVER.replace("valley,", "valley and the Kurds,"),
            "altered",
            ('+"and the Kurds" (Daily Example)',),
        ),
        (
            NEVER.split(",")[0],
            "trimmed",
            ('−"whatever the foreign powers decide" (Daily Example)',),
        ),
        (f"I say this: {NEVER}", "trimmed", ('+"I say this" (Daily Example)',)),
    ],
    ids=[
        "identical", "case-and-marks", "hyphen", "one-word", "words-added", "cut-end",
        "longer-start",
    ],  # fmt: skip
)
def test_clustering_wording_audit_compares_each_printing_with_the_first(
    second: str, wording_class: str, changes: tuple[str, ...]
) -> None:
    claims = cluster_claims(
        [printed("m1", NEVER, "Wire Service", "2015-10-22"), printed("m2", second, "Daily Example")]
    )
    assert len(claims) == 1
    claim = claims[0]
    assert (claim.wording, claim.changes) == (wording_class, changes)
    assert claim.differing == (() if wording_class == "verbatim" else ("m2",))
    assert claim.first_mention == "m1" and claim.first_published == "2015-10-22"


def test_clustering_wording_reference_is_the_earliest_direct_printing() -> None:
    """The dated printing before the undated first of the run, the direct before a report."""
    claims = cluster_claims(
        [
            printed("m1", NEVER.replace("never", "not"), "Late Daily"),
            printed("m2", NEVER, "Wire Service", "2015-10-23"),
            printed("m3", NEVER, "Early Post", "2015-10-22", kind="indirect"),
        ]
    )
    (claim,) = claims
    assert claim.changes == ("never → not (Late Daily)",) and claim.differing == ("m1",)
    assert claim.first_mention == "m3"  # the earliest of all, reported speech or not


@pytest.mark.parametrize(
    ("kinds", "second", "expected"),
    [
        (("indirect", "indirect"), NEVER, "paraphrased"),  # reported speech only
        (("direct", "mixed"), NEVER, "verbatim"),  # the one direct printing agrees with itself
        (
            ("direct", "direct"),
            "Whatever foreign powers decide, valley friends stay ours",
            "paraphrased",
        ),
    ],
    ids=["reported", "one-direct", "reworded"],
)
def test_clustering_wording_paraphrased(
    kinds: tuple[QuoteType, QuoteType], second: str, expected: str
) -> None:
    first, other = kinds
    claims = cluster_claims(
        [printed("m1", NEVER, "A", kind=first), printed("m2", second, "B", kind=other)]
    )
    assert [c.wording for c in claims] == [expected]


def test_clustering_ties_ordered_by_speaker_then_first_publication_then_text() -> None:
    texts = [
        "Prices of bread and fuel will fall sharply once the new harbour opens to cargo ships",
        "Nobody in this cabinet has ever discussed raising the retirement age for nurses",
        "The ferry to the islands will run every hour from the first day of spring",
    ]
    mentions = [
        printed("m1", texts[0], "A", "2015-10-23", speaker="Zoe Ward"),
        printed("m2", texts[1], "A", "2015-10-24"),
        printed("m3", texts[2], "A", "2015-10-23"),
        printed("m4", texts[0], "A"),
        printed("m5", texts[1], "A", "2015-10-22", speaker="Zoe Ward"),
        printed("m6", texts[2], "A", speaker="de Mistura"),
    ]
    order = [(c.speaker, c.first_published, c.claim[:6]) for c in cluster_claims(mentions)]
    assert order == [
        (SPEAKER, "2015-10-23", "The fe"),
        (SPEAKER, "2015-10-24", "Nobody"),
        (SPEAKER, "", "Prices"),
        ("de Mistura", "", "The fe"),  # names in alphabetical order, whatever their case
        ("Zoe Ward", "2015-10-22", "Nobody"),
        ("Zoe Ward", "2015-10-23", "Prices"),
    ]


def test_clustering_wording_compares_articles_not_pieces_of_one() -> None:
    """The first article quoting a piece of its own quote is no rewording; another article
    that prints the quote whole (a hyphen aside) and a cut of it printed it verbatim."""
    piece = NEVER.split("abandon ")[1]
    hyphened = NEVER.replace("foreign", "far-off foreign")
    mentions = [
        printed("m1", hyphened, "Wire Service", "2015-10-22"),
        printed("m2", piece, "Wire Service"),
        printed("m3", hyphened.replace("far-off", "faroff").upper(), "Daily Example"),
        printed("m4", piece, "Daily Example"),
    ]
    same = {"m2": "m1.txt", "m4": "m3.txt"}  # the pieces are printed in the whole's article
    mentions = [
        replace(m, quote=replace(m.quote, source=same.get(m.mention_id, m.quote.source)))
        for m in mentions
    ]
    (claim,) = cluster_claims(mentions)
    assert (claim.wording, claim.changes, claim.differing) == ("verbatim", (), ())
