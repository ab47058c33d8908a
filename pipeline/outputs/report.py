"""Report: the run's claims and mentions -> one self-contained HTML page, ``report.html``.

Who said what, how far each claim travelled (two pictures, claims by outlet and claims per
day of first publication, then a claims x outlets matrix), and every wording of a claim with
the quote marked in its sentence, by the quote's offsets, and its wording audit (how each
outlet's printing differs from the first). The page is the template
``templates/report.html.j2`` (its CSS ``templates/report.css`` inlined, its pictures inline
SVG from ``charts``); it needs no JavaScript and loads nothing from the network (its
Content-Security-Policy forbids it). Every value reaches the page through Jinja2's
autoescaping; the pictures are matplotlib's SVG, whose text matplotlib escapes.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from pipeline.outputs import charts
from pipeline.outputs.atomic import write_text
from pipeline.outputs.tables import one_line
from pipeline.outputs.workbook import LINK_SCHEMES
from pipeline.records import QUOTE_TYPES, Claim, Mention, Offsets

MATRIX_CLAIMS = 40  # rows of the matrix: the claims with the widest reach
MATRIX_OUTLETS = 30  # columns: the outlets that carried most claims; the rest fold into "other"
CHART_OUTLETS = 20  # bars of the outlets chart
SPEAKER_CHIPS = 30  # the most quoted speakers named in the header; the rest behind a disclosure
REPORT = "report.html"
WHITESPACE = re.compile(r"\s+")
Pieces = tuple[tuple[str, bool], ...]  # text, and whether it is the quote's


@dataclass(frozen=True)
class Variant:
    """One quote of a claim: where and when it appeared, who was named and how, its sentence
    in pieces (the quote's marked), and whether it is the claim's first printing or a direct
    quote whose words differ from the first direct one."""

    outlet: str
    url: str  # empty unless a web address
    published: str
    said: str
    pieces: Pieces
    first: bool = False
    differs: bool = False


@dataclass(frozen=True)
class Card:
    """One claim as the page shows it: in quotation marks (``quoted``) only when its wording
    is a direct quote's, never when it is reported speech."""

    claim_id: str
    speaker: str
    text: str
    type: str
    kind: str  # the type's colour: the type, or ``other``
    quoted: bool
    n_sources: int
    n_mentions: int
    independent: int  # distinct stories among its sources
    reach: str  # sources over the speaker's widest claim's, for the bar
    outlets: tuple[str, ...]
    first_outlet: str
    first_published: str
    wording: str
    changes: tuple[str, ...]
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
    """One claim's row of the matrix: quotes per outlet shown, outlets folded into "other"
    that carried it, and outlets in all."""

    claim: Card
    cells: tuple[tuple[str, int], ...]
    other: int
    n_outlets: int


@dataclass(frozen=True)
class Matrix:
    """The claims with the widest reach against the outlets that carried most claims."""

    outlets: tuple[str, ...]
    folded: int  # outlets beyond the shown ones, counted in the "other" column
    rows: tuple[MatrixRow, ...]
    note: str  # what a cell means, and what was left out


@dataclass(frozen=True)
class Picture:
    """One chart: its title, inline SVG (empty when there is nothing to draw) and caption."""

    title: str
    svg: Markup
    caption: str


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
    """The whole report page. Its header counts what the matrix and the cards show: the
    listed claims, their quotes, and the outlets that printed them."""
    claim_of = {i: c.claim_id for c in claims for i in c.mention_ids}
    quotes: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.mention_id in claim_of:
            quotes[claim_of[m.mention_id]].append(m)
    for own in quotes.values():
        own.sort(key=lambda m: (not m.meta.get("published"), m.meta.get("published", "")))
    sections = speaker_sections(claims, quotes)
    cards = [card for s in sections for card in s.claims]
    by_id = {card.claim_id: card for card in cards}
    counts = Counter((cid, m.outlet) for cid, own in quotes.items() for m in own)
    outlets = {outlet for _, outlet in counts}
    stats = (
        ("claims", len(claims)),
        ("in 2+ sources", sum(len(c.sources) > 1 for c in claims)),
        ("in 2+ stories", sum(card.independent > 1 for card in cards)),
        ("speakers", len(sections)),
        ("quotes", sum(len(own) for own in quotes.values())),
        ("outlets", len(outlets)),
    )
    return template().render(
        title=title,
        stats=stats,
        chips=sections[:SPEAKER_CHIPS],
        more_chips=sections[SPEAKER_CHIPS:],
        sections=sections,
        pictures=(outlet_picture(cards, counts), timeline_picture(cards)),
        matrix=matrix([by_id[c.claim_id] for c in claims], counts),
    )


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
    """A claim's card: its reach, wording, type, first printing, wording audit and every
    quote of it (``quotes``: earliest published first)."""
    first = next((m for m in quotes if m.mention_id == claim.first_mention), None)
    printed = [m.quote for m in quotes]
    return Card(
        claim_id=claim.claim_id,
        speaker=claim.speaker,
        text=claim.claim,
        type=claim.type,
        kind=claim.type if claim.type in QUOTE_TYPES else "other",
        quoted=any(q.type == "direct" and one_line(q.text) == claim.claim for q in printed),
        n_sources=len(claim.sources),
        n_mentions=len(claim.mention_ids),
        independent=len({m.story_id or m.quote.source for m in quotes}),
        reach=f"{len(claim.sources) / max(widest, 1):.3f}",
        outlets=tuple(sorted({m.outlet for m in quotes})),
        first_outlet=first.outlet if first else "",
        first_published=claim.first_published,
        wording=claim.wording,
        changes=claim.changes,
        variants=tuple(variant(m, claim) for m in quotes),
    )


def variant(mention: Mention, claim: Claim) -> Variant:
    """One quote as the page shows it, its sentence marked where the quote's fragments are."""
    q = mention.quote
    url = one_line(mention.meta.get("url", ""))
    said = " ".join(filter(None, (one_line(q.speaker_mention), one_line(q.cue))))
    pieces = sentence_pieces(mention.sentence, q.sentence[0], q.fragments)
    return Variant(
        outlet=mention.outlet,
        url=url if url.startswith(LINK_SCHEMES) else "",
        published=mention.meta.get("published", ""),
        said=said,
        pieces=pieces or ((one_line(q.text), True),),
        first=mention.mention_id == claim.first_mention,
        differs=mention.mention_id in claim.differing,
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
    """The claims with the widest reach against the outlets that carried most claims; the
    other outlets fold into one "other" column (how many of them carried the claim).

    Args:
        cards: every listed claim, widest reach first.
        counts: the quotes of each (claim id, outlet) pair.
    """
    carried = Counter(o for _, o in counts)
    outlets = tuple(sorted(carried, key=lambda o: (-carried[o], o))[:MATRIX_OUTLETS])
    reach = Counter(cid for cid, _ in counts)
    rows = []
    for c in cards[:MATRIX_CLAIMS]:
        cells = tuple((o, counts.get((c.claim_id, o), 0)) for o in outlets)
        shown = sum(n > 0 for _, n in cells)
        rows.append(MatrixRow(c, cells, reach[c.claim_id] - shown, reach[c.claim_id]))
    folded = len(carried) - len(outlets)
    note = "A filled cell: the outlet printed the claim; the figure counts its quotes."
    if len(rows) < len(cards):
        note += f" Showing the {len(rows)} of {len(cards):,} claims with the widest reach."
    if folded:
        note += (
            f" The {len(outlets)} of {len(carried):,} outlets that carried most claims have a"
            " column each; “other” counts how many of the others printed the claim."
        )
    return Matrix(outlets, folded, tuple(rows), note)


def outlet_picture(cards: Sequence[Card], counts: Mapping[tuple[str, str], int]) -> Picture:
    """The bar chart of the claims each outlet carried, and of those it printed first."""
    carried = Counter(o for _, o in counts)
    first = Counter(card.first_outlet for card in cards)
    ranked = sorted(carried, key=lambda o: (-carried[o], o))
    shown = ranked[:CHART_OUTLETS]
    caption = "Claims each outlet printed; in red, those it printed before any other outlet."
    if len(shown) < len(ranked):
        caption += f" The {len(shown)} of {len(ranked):,} outlets that carried most claims."
    rows = [(o, carried[o], first[o]) for o in shown]
    return Picture("Claims by outlet", Markup(charts.outlet_chart(rows) if rows else ""), caption)


@dataclass(frozen=True)
class Period:
    """What one bar of the timeline counts: a day, a week or a month (``days`` long, about),
    the first day of the one a date falls in, and the longest span of dates (in days) it is
    drawn for: a bar a day over years would be too thin to see."""

    unit: str
    days: int
    start: Callable[[date], date]
    longest: int


PERIODS = (
    Period("day", 1, lambda d: d, 120),
    Period("week", 7, lambda d: d - timedelta(days=d.weekday()), 730),  # weeks from Monday
    Period("month", 30, lambda d: d.replace(day=1), sys.maxsize),
)


def timeline_picture(cards: Sequence[Card]) -> Picture:
    """The bar chart of the claims first published each day, or each week or month where
    the dates span too long for a bar a day to be seen (``PERIODS``)."""
    dates = [date.fromisoformat(c.first_published) for c in cards if c.first_published]
    undated = len(cards) - len(dates)
    span = (max(dates) - min(dates)).days if dates else 0
    period = next(p for p in PERIODS if span <= p.longest)
    caption = f"Claims by the {period.unit} they were first published."
    if undated:
        caption += f" {plural(undated, 'claim')} with no publication date are left out."
    svg = ""
    if dates:
        bars = sorted(Counter(map(period.start, dates)).items())
        label = f"claims per {period.unit} of first publication"
        svg = charts.timeline_chart(bars, period.days, label)
    else:
        caption = "No claim has a publication date (give them in a sources.csv: see the README)."
    return Picture(f"Claims per {period.unit}", Markup(svg), caption)


def plural(n: int, word: str, many: str = "") -> str:
    """``n`` (with thousands separators) and ``word``, or when n is not 1 ``many`` (by
    default the word with an s)."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


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
