"""Report: an output folder's claims.csv and mentions.csv -> one self-contained HTML page.

Who said what, how far each claim travelled (a claims x outlets matrix), and every wording
of a claim with the quote marked in its sentence. The page holds its own CSS, needs no
JavaScript and loads nothing from the network (its Content-Security-Policy forbids it).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from pipeline.export import atomic_open
from pipeline.workbook import LINK_SCHEMES, read_output

FRAGMENT_JOINER = " … "  # how mentions.csv joins the pieces of a split quote
MATRIX_CLAIMS = 40  # rows of the matrix: the claims with the widest reach
MATRIX_OUTLETS = 30  # columns: the outlets that carried most claims
UNATTRIBUTED = "Unattributed"
TYPES = ("direct", "indirect", "mixed", "headline")
Row = dict[str, str]


def write_report(out: Path) -> Path:
    """Write ``out/report.html`` from the folder's CSVs, atomically.

    Returns:
        The report's path.
    """
    claims = read_output(out, "claims.csv")
    mentions = with_outlets(read_output(out, "mentions.csv"))
    page = build_page(claims, mentions, out.resolve().name)
    path = out / "report.html"
    with atomic_open(path, newline="") as handle:
        handle.write(page)
    return path


def with_outlets(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions with an ``outlet`` (its own column where given, else the source file) and a
    ``url`` column (empty where unknown)."""
    outlet = mentions.get("outlet", mentions["source"])
    return mentions.assign(
        outlet=outlet.where(outlet != "", mentions["source"]), url=mentions.get("url", "")
    )


def rows(frame: pd.DataFrame) -> list[Row]:
    """A frame's rows as plain dicts of strings."""
    return [{str(k): str(v) for k, v in row.items()} for row in frame.to_dict("records")]


def by_reach(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims ordered by reach: number of sources, then number of mentions, descending."""
    reach = claims.assign(
        reach_sources=claims["n_sources"].astype(int),
        reach_mentions=claims["n_mentions"].astype(int),
    )
    return reach.sort_values(["reach_sources", "reach_mentions"], ascending=False, kind="stable")


def build_page(claims: pd.DataFrame, mentions: pd.DataFrame, title: str) -> str:
    """The whole report page for ``claims`` and ``mentions`` (with outlets)."""
    claims = by_reach(claims)
    speakers = speaker_order(claims)
    claims_of = {str(name): group for name, group in claims.groupby("speaker", sort=False)}
    variants = {str(cid): rows(group) for cid, group in mentions.groupby("claim_id", sort=False)}
    body = "\n".join(
        [
            header(claims, mentions, speakers, title),
            "<main>",
            matrix(claims, mentions),
            '<section id="speakers"><h2>Claims by speaker</h2>',
            *(
                speaker_section(i, name, claims_of[name], variants)
                for i, name in enumerate(speakers)
            ),
            "</section>",
            "</main>",
        ]
    )
    return PAGE.format(title=escape(title), css=CSS, body=body)


def speaker_order(claims: pd.DataFrame) -> list[str]:
    """Speakers by the mentions of their claims, most first, then by name."""
    totals = claims.groupby("speaker")["reach_mentions"].sum()
    return sorted(totals.index, key=lambda name: (-totals[name], name))


def speaker_label(name: str) -> str:
    """A speaker's name as shown (escaped); a stand-in when the speaker is unknown."""
    return escape(name) if name else f"<em>{UNATTRIBUTED}</em>"


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an s when n is not 1."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def header(claims: pd.DataFrame, mentions: pd.DataFrame, speakers: list[str], title: str) -> str:
    """The page header: counts, and a link to each speaker's claims."""
    stats = [
        (len(claims), "claims"),
        (int((claims["reach_sources"] > 1).sum()), "in 2+ sources"),
        (len(speakers), "speakers"),
        (len(mentions), "quotes"),
        (mentions["outlet"].nunique(), "outlets"),
    ]
    figures = "".join(f"<div><dt>{label}</dt><dd>{n:,}</dd></div>" for n, label in stats)
    nav = "".join(
        f'<li title="{escape(name)}"><a href="#s{i}">{speaker_label(name)}</a> '
        f'<span class="n">{int((claims["speaker"] == name).sum())}</span></li>'
        for i, name in enumerate(speakers)
    )
    return (
        f'<header class="top"><div class="wrap"><p class="kicker">Claims report</p>'
        f'<h1>Who said what</h1><p class="folder">{escape(title)}</p>'
        f'<dl class="stats">{figures}</dl>'
        f'<nav aria-label="Speakers"><ul class="speakers">{nav}</ul>'
        f'<a class="jump" href="#matrix">Claims × outlets</a></nav></div></header>'
    )


def matrix(claims: pd.DataFrame, mentions: pd.DataFrame) -> str:
    """A table of the claims with the widest reach against the outlets that carried them."""
    listed = mentions[mentions["claim_id"].isin(claims["claim_id"])]
    counts = pd.crosstab(listed["claim_id"], listed["outlet"])
    carried = (counts > 0).sum().sort_values(ascending=False, kind="stable")
    outlets = [str(o) for o in carried.index[:MATRIX_OUTLETS]]
    top = claims.head(MATRIX_CLAIMS)
    grid = counts.reindex(index=top["claim_id"], columns=outlets, fill_value=0)
    reach = (counts > 0).sum(axis=1).reindex(top["claim_id"], fill_value=0)
    heads = "".join(
        f'<th scope="col" class="outlet"><span>{escape(o)}</span></th>' for o in outlets
    )
    body = "".join(
        matrix_row(claim, dict(zip(outlets, cells, strict=True)), n)
        for claim, cells, n in zip(rows(top), grid.to_numpy().tolist(), reach, strict=True)
    )
    return (
        f'<section id="matrix"><h2>Which outlet carried which claim</h2>'
        f'<p class="note">{matrix_note(len(claims), len(carried), len(top), len(outlets))}</p>'
        f'<div class="scroll"><table class="matrix"><thead><tr><th scope="col">Claim</th>'
        f'{heads}<th scope="col" class="total">Outlets</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div></section>"
    )


def matrix_note(n_claims: int, n_outlets: int, shown_claims: int, shown_outlets: int) -> str:
    """The line above the matrix: what a cell means, and what was left out."""
    note = "A filled cell: the outlet printed the claim; the figure counts its quotes."
    if shown_claims < n_claims or shown_outlets < n_outlets:
        note += (
            f" Showing the {shown_claims} of {n_claims:,} claims with the widest reach and the"
            f" {shown_outlets} of {n_outlets:,} outlets that carried most claims."
        )
    return note


def matrix_row(claim: Row, quotes: dict[str, int], n_outlets: int) -> str:
    """One claim's row of the matrix: a cell per outlet, filled where it was carried."""
    cells = "".join(matrix_cell(n, outlet) for outlet, n in quotes.items())
    return (
        f'<tr><th scope="row"><a href="#{escape(claim["claim_id"])}" '
        f'title="{escape(claim["claim"])}">'
        f'<span class="who">{speaker_label(claim["speaker"])}</span>'
        f'<span class="what">{escape(claim["claim"])}</span></a></th>{cells}'
        f'<td class="total">{n_outlets}</td></tr>'
    )


def matrix_cell(n: int, outlet: str) -> str:
    """A matrix cell: empty, or a mark with the number of quotes the outlet printed."""
    if not n:
        return "<td></td>"
    return f'<td class="hit" title="{escape(outlet)}: {plural(n, "quote")}"><b>{n}</b></td>'


def speaker_section(
    index: int, name: str, claims: pd.DataFrame, variants: dict[str, list[Row]]
) -> str:
    """One speaker's claims, widest reach first, each with its variants (mentions by claim)."""
    widest = int(claims["reach_sources"].max())
    items = "".join(
        claim_item(claim, variants.get(claim["claim_id"], []), widest) for claim in rows(claims)
    )
    count = (
        f"{plural(len(claims), 'claim')} · {plural(int(claims['reach_mentions'].sum()), 'quote')}"
    )
    return (
        f'<article class="speaker" id="s{index}"><h3>{speaker_label(name)}'
        f' <span class="count">{count}</span></h3><ol class="claims">{items}</ol></article>'
    )


def claim_item(claim: Row, variants: list[Row], widest: int) -> str:
    """A claim: its reach, its wording, and every quote of it, marked in its sentence."""
    n_sources, n_mentions = int(claim["reach_sources"]), int(claim["reach_mentions"])
    kind = claim["type"] if claim["type"] in TYPES else "other"
    outlets = sorted({v["outlet"] for v in variants})
    quotes = "".join(variant_item(v) for v in variants)
    return (
        f'<li class="claim" id="{escape(claim["claim_id"])}">'
        f'<div class="reach" style="--reach:{n_sources / max(widest, 1):.3f}">'
        f"<b>{n_sources}</b><span>{'source' if n_sources == 1 else 'sources'}</span>"
        f'<i aria-hidden="true"></i></div><div class="body">'
        f'<p class="text">{escape(claim["claim"])}</p>'
        f'<p class="meta"><span class="type {kind}">{escape(claim["type"])}</span> '
        f"{plural(n_mentions, 'quote')} in {', '.join(map(escape, outlets)) or '—'}</p>"
        f"<details{' open' if n_sources > 1 or n_mentions == 1 else ''}><summary>"
        f"{'Every wording' if n_mentions > 1 else 'In context'}</summary>"
        f'<ul class="variants">{quotes}</ul></details></div></li>'
    )


def variant_item(mention: Row) -> str:
    """One quote: where it appeared, who was named and how, and its sentence with the quote
    marked."""
    outlet = escape(mention["outlet"])
    url = mention["url"]
    if url.startswith(LINK_SCHEMES):
        outlet = f'<a href="{escape(url)}" rel="noopener noreferrer">{outlet}</a>'
    said = " ".join(filter(None, (mention["speaker_mention"], mention["cue"])))
    where = f'<span class="outlet">{outlet}</span>'
    if said:
        where += f" · {escape(said)}"
    return (
        f'<li><p class="where">{where}</p>'
        f"<blockquote>{highlight(mention['sentence'], mention['text'])}</blockquote></li>"
    )


def highlight(sentence: str, text: str) -> str:
    """The sentence, escaped, with each piece of the quote's text in ``<mark>``.

    Pieces (joined in ``text`` by " … ") are found in order; when none is found, or the
    sentence is empty, the quote itself is shown, marked.
    """
    parts: list[str] = []
    pos = 0
    for piece in filter(None, text.split(FRAGMENT_JOINER)):
        at = sentence.find(piece, pos)
        if at >= 0:
            parts += [escape(sentence[pos:at]), f"<mark>{escape(piece)}</mark>"]
            pos = at + len(piece)
    if not parts:
        return f"<mark>{escape(text)}</mark>"
    return "".join(parts) + escape(sentence[pos:])


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>Who said what · {title}</title>
<style>{css}</style>
</head>
<body>
{body}
</body>
</html>
"""

CSS = """
:root {
  --paper: #fbfaf7; --card: #ffffff; --ink: #1c2430; --muted: #5e6b7a; --rule: #e4e1da;
  --accent: #b3261e; --band: #1c2430; --band-ink: #f4f1ea; --mark: #ffe58a; --hit: #2f5d8a;
  --direct: #2f5d8a; --indirect: #2e7d6b; --mixed: #7a4fa3; --headline: #a86a12;
  --other: #5e6b7a;
  --serif: "Iowan Old Style", "Charter", "Georgia", "Cambria", "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans",
    sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --paper: #14181e; --card: #1b2028; --ink: #e6e2da; --muted: #9aa5b1; --rule: #2c333d;
    --band: #0d1014; --mark: #6b5a14; --hit: #6fa2d6; --direct: #6fa2d6;
    --indirect: #5fbfa8; --mixed: #b293d6; --headline: #d9a453;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 16px/1.55 var(--sans); overflow-wrap: anywhere;
}
a { color: inherit; }
.wrap, main { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem; }
header.top { background: var(--band); color: var(--band-ink); padding: 2.2rem 0 1.6rem; }
.kicker {
  margin: 0; font-size: .8rem; letter-spacing: .14em; text-transform: uppercase;
  color: #e8a29d;
}
h1 { font: 700 2.6rem/1.1 var(--serif); margin: .2rem 0 .1rem; }
.folder { margin: 0 0 1.4rem; color: #aeb6c0; font-size: .9rem; }
.stats { display: flex; flex-wrap: wrap; gap: .8rem; margin: 0 0 1.4rem; }
.stats div {
  border-left: 3px solid var(--accent); padding: .1rem 1.4rem .1rem .8rem;
  display: flex; flex-direction: column-reverse;
}
.stats dd { margin: 0; font: 700 2rem/1.1 var(--serif); }
.stats dt { font-size: .78rem; color: #aeb6c0; text-transform: uppercase; letter-spacing: .08em; }
nav .speakers { list-style: none; margin: 0 0 .8rem; padding: 0; display: flex;
  flex-wrap: wrap; gap: .4rem; }
nav .speakers li {
  background: rgba(255, 255, 255, .08); border-radius: 999px; padding: .15rem .7rem;
  font-size: .88rem; max-width: 24rem; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;
}
nav .speakers a { text-decoration: none; }
nav .speakers a:hover { text-decoration: underline; }
nav .n { color: #aeb6c0; font-size: .78rem; margin-left: .2rem; }
.jump { font-size: .88rem; color: #e8a29d; }
h2 {
  font: 700 1.6rem/1.2 var(--serif); margin: 2.6rem 0 .3rem; padding-bottom: .4rem;
  border-bottom: 2px solid var(--ink);
}
.note { color: var(--muted); font-size: .9rem; margin: .3rem 0 1rem; }
.scroll { overflow-x: auto; }
table.matrix { border-collapse: collapse; font-size: .88rem; background: var(--card); }
.matrix th, .matrix td { border-bottom: 1px solid var(--rule); padding: .35rem .5rem; }
.matrix thead th { vertical-align: bottom; text-align: left; font-weight: 600; }
.matrix th.outlet { padding: .5rem .2rem; width: 2.4rem; }
.matrix th.outlet span {
  writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  display: inline-block; max-height: 14rem; overflow: hidden; text-overflow: ellipsis;
  font-weight: 500; color: var(--muted);
}
table.matrix { width: 100%; }
.matrix tbody th { text-align: left; font-weight: 400; width: 100%; max-width: 0; }
.matrix tbody th a {
  text-decoration: none; display: block; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;
}
.matrix tbody th a:hover .what { text-decoration: underline; }
.matrix .who { font-size: .78rem; color: var(--muted); font-weight: 600; margin-right: .4rem; }
.matrix .what { font-family: var(--serif); font-size: .95rem; }
.matrix td { text-align: center; min-width: 2.4rem; padding: .25rem .3rem; }
.matrix td.hit b {
  display: inline-block; min-width: 1.45rem; height: 1.45rem; line-height: 1.45rem;
  border-radius: 999px; background: var(--hit); color: #fff; font-size: .78rem;
}
.matrix .total { font-weight: 700; color: var(--muted); white-space: nowrap; }
.matrix tbody tr:hover { background: rgba(127, 127, 127, .07); }
article.speaker { margin: 2rem 0 2.4rem; }
h3 { font: 700 1.35rem/1.25 var(--serif); margin: 0 0 .8rem; }
h3 .count { font: 400 .88rem var(--sans); color: var(--muted); margin-left: .4rem; }
ol.claims { list-style: none; margin: 0; padding: 0; }
li.claim {
  display: grid; grid-template-columns: 5.5rem 1fr; gap: 1.1rem; background: var(--card);
  border: 1px solid var(--rule); border-radius: 8px; padding: 1rem 1.2rem; margin: 0 0 .8rem;
}
li.claim:target { outline: 3px solid var(--accent); }
.reach { text-align: center; }
.reach b { display: block; font: 700 2rem/1 var(--serif); }
.reach span { font-size: .75rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: .06em; }
.reach i {
  display: block; height: 5px; margin-top: .5rem; border-radius: 3px; background: var(--rule);
  background-image: linear-gradient(var(--accent), var(--accent));
  background-size: calc(var(--reach) * 100%) 100%; background-repeat: no-repeat;
}
.body { min-width: 0; }
p.text { font: 1.15rem/1.5 var(--serif); margin: 0 0 .35rem; }
p.text::before { content: "\\201C"; color: var(--accent); }
p.text::after { content: "\\201D"; color: var(--accent); }
p.meta { margin: 0 0 .4rem; font-size: .85rem; color: var(--muted); }
.type {
  display: inline-block; padding: 0 .5rem; border-radius: 999px; color: #fff;
  font-size: .72rem; font-weight: 600; letter-spacing: .04em; text-transform: uppercase;
  background: var(--other); margin-right: .3rem;
}
.type.direct { background: var(--direct); }
.type.indirect { background: var(--indirect); }
.type.mixed { background: var(--mixed); }
.type.headline { background: var(--headline); }
details summary { cursor: pointer; font-size: .85rem; color: var(--muted); }
ul.variants { list-style: none; margin: .5rem 0 0; padding: 0; }
ul.variants li { border-left: 3px solid var(--rule); padding: .1rem 0 .1rem .9rem;
  margin: .6rem 0; }
.where { margin: 0; font-size: .78rem; color: var(--muted); }
.outlet { font-weight: 600; }
blockquote { margin: .15rem 0 0; font: 1rem/1.55 var(--serif); }
mark { background: var(--mark); color: inherit; padding: .05em .1em; border-radius: 2px; }
@media (max-width: 40rem) {
  li.claim { grid-template-columns: 1fr; }
  h1 { font-size: 2rem; }
}
@media print {
  header.top { background: none; color: var(--ink); }
  li.claim { break-inside: avoid; }
}
"""
