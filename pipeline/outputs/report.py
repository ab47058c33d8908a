"""Report: the run's claims and mentions -> one self-contained HTML page, ``report.html``.

Who said what, how far each claim travelled (a claims x outlets matrix), and every wording
of a claim with the quote marked in its sentence, by the quote's offsets. The page is the
template ``templates/report.html.j2`` (its CSS ``templates/report.css`` inlined); it needs no
JavaScript and loads nothing from the network (its Content-Security-Policy forbids it).
Every value reaches the page through Jinja2's autoescaping.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from pipeline.outputs.atomic import write_text
from pipeline.outputs.tables import one_line
from pipeline.outputs.workbook import LINK_SCHEMES
from pipeline.records import QUOTE_TYPES, Claim, Mention, Offsets

MATRIX_CLAIMS = 40  # rows of the matrix: the claims with the widest reach
MATRIX_OUTLETS = 30  # columns: the outlets that carried most claims
REPORT = "report.html"
WHITESPACE = re.compile(r"\s+")
Pieces = tuple[tuple[str, bool], ...]  # text, and whether it is the quote's


@dataclass(frozen=True)
class Variant:
    """One quote of a claim: where it appeared, who was named and how, and its sentence in
    pieces, the quote's marked."""

    outlet: str
    url: str  # empty unless a web address
    said: str
    pieces: Pieces


@dataclass(frozen=True)
class Card:
    """One claim as the page shows it."""

    claim_id: str
    speaker: str
    text: str
    type: str
    kind: str  # the type's colour: the type, or ``other``
    n_sources: int
    n_mentions: int
    reach: str  # sources over the speaker's widest claim's, for the bar
    outlets: tuple[str, ...]
    variants: tuple[Variant, ...]


@dataclass(frozen=True)
class Section:
    """One speaker's claims, widest reach first."""

    index: int
    name: str
    claims: tuple[Card, ...]

    @property
    def quotes(self) -> int:
        """The mentions of the speaker's claims."""
        return sum(c.n_mentions for c in self.claims)


@dataclass(frozen=True)
class MatrixRow:
    """One claim's row of the matrix: quotes per outlet shown, and outlets in all."""

    claim: Card
    cells: tuple[tuple[str, int], ...]
    n_outlets: int


@dataclass(frozen=True)
class Matrix:
    """The claims with the widest reach against the outlets that carried most claims."""

    outlets: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    note: str  # what a cell means, and what was left out


def write_report(
    folder: Path, claims: Sequence[Claim], mentions: Sequence[Mention], title: str
) -> Path:
    """Write ``folder/report.html`` for the listed ``claims`` and every mention, atomically.

    Args:
        claims: the listed claims, in their final order (widest reach first).
        mentions: every mention of the run, in article order.
        title: the name the page shows (the output folder's).

    Returns:
        The report's path.
    """
    path = folder / REPORT
    write_text(path, render_page(claims, mentions, title))
    return path


def render_page(claims: Sequence[Claim], mentions: Sequence[Mention], title: str) -> str:
    """The whole report page."""
    claim_of = {i: c.claim_id for c in claims for i in c.mention_ids}
    quotes: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.mention_id in claim_of:
            quotes[claim_of[m.mention_id]].append(m)
    sections = speaker_sections(claims, quotes)
    cards = {card.claim_id: card for s in sections for card in s.claims}
    stats = (
        ("claims", len(claims)),
        ("in 2+ sources", sum(len(c.sources) > 1 for c in claims)),
        ("speakers", len(sections)),
        ("quotes", len(mentions)),
        ("outlets", len({outlet_of(m) for m in mentions})),
    )
    counts = Counter((cid, outlet_of(m)) for cid, own in quotes.items() for m in own)
    return template().render(
        title=title,
        stats=stats,
        sections=sections,
        matrix=matrix([cards[c.claim_id] for c in claims], counts),
    )


def outlet_of(mention: Mention) -> str:
    """The outlet a mention is shown under: its source's outlet, else the source file."""
    return one_line(mention.meta.get("outlet", "")) or one_line(mention.quote.source)


def speaker_sections(claims: Sequence[Claim], quotes: Mapping[str, list[Mention]]) -> list[Section]:
    """The speakers' sections, by the mentions of their claims (most first), then by name."""
    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_speaker[claim.speaker].append(claim)
    totals = {name: sum(len(c.mention_ids) for c in own) for name, own in by_speaker.items()}
    names = sorted(by_speaker, key=lambda name: (-totals[name], name))
    sections = []
    for index, name in enumerate(names):
        own = by_speaker[name]
        widest = max(len(c.sources) for c in own)
        cards = tuple(card(c, quotes.get(c.claim_id, []), widest) for c in own)
        sections.append(Section(index, name, cards))
    return sections


def card(claim: Claim, quotes: Sequence[Mention], widest: int) -> Card:
    """A claim's card: its reach, wording, type and every quote of it."""
    return Card(
        claim_id=claim.claim_id,
        speaker=claim.speaker,
        text=claim.claim,
        type=claim.type,
        kind=claim.type if claim.type in QUOTE_TYPES else "other",
        n_sources=len(claim.sources),
        n_mentions=len(claim.mention_ids),
        reach=f"{len(claim.sources) / max(widest, 1):.3f}",
        outlets=tuple(sorted({outlet_of(m) for m in quotes})),
        variants=tuple(variant(m) for m in quotes),
    )


def variant(mention: Mention) -> Variant:
    """One quote as the page shows it, its sentence marked where the quote's fragments are."""
    q = mention.quote
    url = one_line(mention.meta.get("url", ""))
    said = " ".join(filter(None, (one_line(q.speaker_mention), one_line(q.cue))))
    pieces = sentence_pieces(mention.sentence, q.sentence[0], q.fragments)
    return Variant(
        outlet=outlet_of(mention),
        url=url if url.startswith(LINK_SCHEMES) else "",
        said=said,
        pieces=pieces or ((one_line(q.text), True),),
    )


def sentence_pieces(sentence: str, start: int, fragments: Sequence[Offsets]) -> Pieces:
    """The sentence (which begins at article offset ``start``) cut where the fragments begin
    and end, each piece flagged when it is the quote's; empty when no fragment lies in it.

    Whitespace is folded over the whole sentence as the CSVs fold it: each run one space,
    none at either end.
    """
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for s, e in fragments:
        s, e = max(s - start, pos), min(e - start, len(sentence))
        if s < e:
            pieces += [(sentence[pos:s], False), (sentence[s:e], True)]
            pos = e
    if not pieces:
        return ()
    pieces.append((sentence[pos:], False))
    return folded(pieces)


def folded(pieces: Sequence[tuple[str, bool]]) -> Pieces:
    """The pieces with each whitespace run of their concatenation one space and none at its
    ends (``one_line``); pieces left empty are dropped."""
    found: list[tuple[str, bool]] = []
    after_space = True  # a space at the start is dropped
    for text, marked in pieces:
        text = WHITESPACE.sub(" ", text)
        if after_space:
            text = text.lstrip(" ")
        if text:
            found.append((text, marked))
            after_space = text.endswith(" ")
    if found and after_space:
        text, marked = found.pop()
        if text := text.rstrip(" "):
            found.append((text, marked))
    return tuple(found)


def matrix(cards: Sequence[Card], counts: Mapping[tuple[str, str], int]) -> Matrix:
    """The claims with the widest reach against the outlets that carried most claims.

    Args:
        cards: every listed claim, widest reach first.
        counts: the quotes of each (claim id, outlet) pair.
    """
    carried = Counter(o for _, o in counts)
    outlets = tuple(sorted(carried, key=lambda o: (-carried[o], o))[:MATRIX_OUTLETS])
    reach = Counter(cid for cid, _ in counts)
    rows = tuple(
        MatrixRow(c, tuple((o, counts.get((c.claim_id, o), 0)) for o in outlets), reach[c.claim_id])
        for c in cards[:MATRIX_CLAIMS]
    )
    note = "A filled cell: the outlet printed the claim; the figure counts its quotes."
    if len(rows) < len(cards) or len(outlets) < len(carried):
        note += (
            f" Showing the {len(rows)} of {len(cards):,} claims with the widest reach and the"
            f" {len(outlets)} of {len(carried):,} outlets that carried most claims."
        )
    return Matrix(outlets, rows, note)


def plural(n: int, word: str) -> str:
    """``n`` (with thousands separators) and ``word``, with an s when n is not 1."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@cache
def template() -> Template:
    """The page template, loaded once, autoescaping every value."""
    env = Environment(
        loader=PackageLoader("pipeline.outputs", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plural"] = plural
    env.filters["count"] = "{:,}".format
    return env.get_template("report.html.j2")
