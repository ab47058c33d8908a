"""The wording audit of a claim: each direct printing compared, word by word, with the first.

Words are a quote's ``\\w+`` runs (an apostrophe inside a word kept: "don't"), compared
case-folded, curly and straight apostrophes alike: punctuation and case alone are no change.
The reference is the claim's earliest direct (verbatim, in quotation marks) printing: the one
with the earliest ``published`` date, else the first in the run's order. Every other direct
printing is compared with it through ``rapidfuzz``'s Levenshtein opcodes over the two word
lists, and the claim's ``wording`` is the furthest any printing goes from it:

- ``verbatim``: every direct printing has the reference's words.
- ``trimmed``: every direct printing and the reference differ only at their ends: one
  unbroken run of shared words, words cut (or not cut) before or after it. Each printing is
  then a contiguous cut of the quote at its longest; outlets cut it at different points.
- ``altered``: some printing has words changed, added or dropped inside the shared run
  (``never → not``), and shares at least half its words with the reference.
- ``paraphrased``: the claim has no direct printing (reported speech, mixed and headline
  quotes only), or some direct printing shares fewer than half its words with the reference:
  the two were joined by meaning (``--semantic``) or by their content words, not printed as
  one quote.

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
    """The wording audit of one claim's mentions, given earliest first (see the module)."""
    direct = [m for m in mentions if m.quote.type == "direct"]
    if not direct:
        return Audit("paraphrased")
    reference = printed_words(direct[0].quote.text)
    worst = 0
    outlets: dict[str, list[str]] = {}
    differing = []
    for m in direct[1:]:
        words = printed_words(m.quote.text)
        level, changes = compare(reference, words)
        worst = max(worst, level)
        if level:
            differing.append(m.mention_id)
        for change in changes:
            names = outlets.setdefault(change, [])
            if m.outlet not in names:
                names.append(m.outlet)
    entries = tuple(f"{change} ({', '.join(names)})" for change, names in outlets.items())
    return Audit(CLASSES[worst], entries, tuple(sorted(differing)))


def printed_words(text: str) -> Words:
    """The words of ``text``, each as (its comparison key, its printed form)."""
    folded = unicodedata.normalize("NFKC", text)
    return [(w.casefold().replace("’", "'"), w) for w in WORD.findall(folded)]


def compare(reference: Words, words: Words) -> tuple[int, list[str]]:
    """How far ``words`` goes from ``reference`` (an index into ``CLASSES``) and its changes."""
    old, new = [k for k, _ in reference], [k for k, _ in words]
    if old == new:
        return 0, []
    ops = [op for op in Levenshtein.opcodes(old, new) if op.tag != "equal"]
    shared = len(old) - sum(op.src_end - op.src_start for op in ops if op.tag != "insert")
    if shared < SHARED_FLOOR * min(len(old), len(new)) or not shared:
        return 3, ["reworded"]
    ends = all(
        op.tag != "replace" and (op.src_start == 0 or op.src_end == len(old)) for op in ops
    ) and len(ops) <= 2
    changes = []
    for op in ops:
        before = phrase(reference[op.src_start : op.src_end])
        after = phrase(words[op.dest_start : op.dest_end])
        if op.tag == "replace":
            changes.append(f"{before} → {after}")
        elif op.tag == "delete":
            changes.append(f'−"{before}"')
        else:
            changes.append(f'+"{after}"')
    return (1 if ends else 2), changes


def phrase(words: Sequence[tuple[str, str]]) -> str:
    """The printed words of a change, a long run shortened to its first and last words."""
    shown = [w for _, w in words]
    if len(shown) > PHRASE_WORDS:
        half = PHRASE_WORDS // 2
        shown = [*shown[:half], "…", *shown[-half + 1 :]]
    return " ".join(shown)
