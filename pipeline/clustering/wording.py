"""The wording audit of a claim: how each outlet printed it, word by word, against the first.

Words are a quote's runs of letters and digits (an apostrophe inside a word kept: "don't"),
compared case-folded, curly and straight apostrophes alike; words that only a space or a
hyphen tells apart are the same ("third quarter", "third-quarter"; "multi-planetary",
"multiplanetary"): punctuation and case alone are no change. The reference is the claim's
earliest direct (verbatim, in quotation marks) printing: the one with the earliest
``published`` date, else the first in the run's order. Each other article's direct printings
are compared with it through ``rapidfuzz``'s Levenshtein opcodes over the two word lists, and
the article's closest printing stands for it (an article that also quotes a piece of the
quote, or quotes it twice, printed it as closely as its closest printing); the reference's
own article is not compared with itself. The claim's ``wording`` is the furthest any article
goes from the reference:

- ``verbatim``: every article prints the reference's words.
- ``trimmed``: every article's printing and the reference differ only at their ends: one
  unbroken run of shared words, words cut (or not cut) before or after it. Each printing is
  then a contiguous cut of the quote at its longest; outlets cut it at different points.
- ``altered``: some article has words changed, added or dropped inside the shared run
  (``never → not``), and shares at least half its words with the reference.
- ``paraphrased``: the claim has no direct printing (reported speech, mixed and headline
  quotes only), or some article's printing shares fewer than half its words with the
  reference: the two were joined by meaning (``--semantic``) or by their content words, not
  printed as one quote.

Changes read as ``never → not`` (words replaced), ``+"and the Kurds"`` (added), ``−"very"``
(dropped) or ``reworded`` (a paraphrase), each followed by the outlets whose printings make
it: ``never → not (Daily Example, The Sun)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline.records import Mention

CLASSES = ("verbatim", "trimmed", "altered", "paraphrased")  # least to most changed
SHARED_FLOOR = 0.5  # a printing sharing fewer of its words with the reference: a paraphrase
PHRASE_WORDS = 12  # a longer phrase in a change is shortened to its first and last words
WORD = re.compile(r"\w+(?:['’]\w+)*")
Words = list[tuple[str, str]]  # each word's comparison key and printed form


@dataclass(frozen=True)
class Audit:
    """A claim's wording class, its changes (each with its outlets) and the direct mentions
    whose words differ from the first direct wording."""

    wording: str
    changes: tuple[str, ...] = ()
    differing: tuple[str, ...] = ()


def audit_wording(mentions: Sequence[Mention]) -> Audit:
    """The wording audit of one claim's mentions, given earliest first (see the module).

    ``differing`` holds each article's closest printing where it differs from the reference.
    """
    direct = [m for m in mentions if m.quote.type == "direct"]
    if not direct:
        return Audit("paraphrased")
    first = direct[0]
    reference = printed_words(first.quote.text)
    closest: dict[str, tuple[int, list[str], Mention]] = {}
    for m in direct:
        if m.quote.source != first.quote.source:
            level, changes = compare(reference, printed_words(m.quote.text))
            kept = closest.get(m.quote.source)
            if kept is None or (level, len(changes)) < (kept[0], len(kept[1])):
                closest[m.quote.source] = (level, changes, m)
    outlets: dict[str, list[str]] = {}
    for _, changes, m in closest.values():
        for change in changes:
            names = outlets.setdefault(change, [])
            if m.outlet not in names:
                names.append(m.outlet)
    entries = tuple(f"{change} ({', '.join(names)})" for change, names in outlets.items())
    worst = max((level for level, *_ in closest.values()), default=0)
    differing = sorted(m.mention_id for level, _, m in closest.values() if level)
    return Audit(CLASSES[worst], entries, tuple(differing))


def printed_words(text: str) -> Words:
    """The words of ``text``, each as (its comparison key, its printed form)."""
    folded = unicodedata.normalize("NFKC", text)
    return [(w.casefold().replace("’", "'"), w) for w in WORD.findall(folded)]


def compare(reference: Words, words: Words) -> tuple[int, list[str]]:
    """How far ``words`` goes from ``reference`` (an index into ``CLASSES``) and its changes,
    each run of edits with no shared word between them one change."""
    old, new = [k for k, _ in reference], [k for k, _ in words]
    if old == new:
        return 0, []
    spans = [
        (s_start, s_end, d_start, d_end)
        for s_start, s_end, d_start, d_end in edited_spans(old, new)
        if "".join(old[s_start:s_end]) != "".join(new[d_start:d_end])  # not a space alone
    ]
    if not spans:
        return 0, []
    shared = len(old) - sum(s_end - s_start for s_start, s_end, _, _ in spans)
    if not shared or shared < SHARED_FLOOR * min(len(old), len(new)):
        return 3, ["reworded"]
    changes = []
    at_ends = True
    for s_start, s_end, d_start, d_end in spans:
        before, after = phrase(reference[s_start:s_end]), phrase(words[d_start:d_end])
        if before and after:
            changes.append(f"{before} → {after}")
        else:
            changes.append(f'−"{before}"' if before else f'+"{after}"')
        start, end = s_start == d_start == 0, (s_end, d_end) == (len(old), len(new))
        at_ends &= not (before and after) and (start or end)
    return (1 if at_ends else 2), changes


def edited_spans(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """The runs of Levenshtein edits between two word lists, adjacent edits merged: each as
    (old start, old end, new start, new end)."""
    spans: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(old, new):
        if op.tag == "equal":
            continue
        if spans and spans[-1][1] == op.src_start and spans[-1][3] == op.dest_start:
            spans[-1] = (spans[-1][0], op.src_end, spans[-1][2], op.dest_end)
        else:
            spans.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return spans


def phrase(words: Sequence[tuple[str, str]]) -> str:
    """The printed words of a change, a long run shortened to its first and last words."""
    shown = [w for _, w in words]
    if len(shown) > PHRASE_WORDS:
        half = PHRASE_WORDS // 2
        shown = [*shown[:half], "…", *shown[-half + 1 :]]
    return " ".join(shown)
