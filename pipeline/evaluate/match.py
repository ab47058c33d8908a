"""Matching predicted quotes to gold ones and judging their speakers, as DESIGN.md's "How
accuracy is measured" defines it: words are ``\\w+`` runs, a match is a Dice coefficient of
word positions (0.5 overlap, 0.9 exact), each gold quote matched once, best first."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.outputs.csv import read_rows

WORD = re.compile(r"\w+")
OVERLAP, EXACT = 0.5, 0.9
# fmt: off
TITLES = frozenset([
    "mr", "mrs", "ms", "dr", "sir", "the", "a", "an", "al", "el", "president", "prime",
    "minister", "sen", "senator", "rep", "gov", "governor", "secretary", "former", "spokesman",
    "spokeswoman", "spokesperson",
])
# fmt: on
Spans = tuple[tuple[int, int], ...]


@dataclass
class Prf:
    """Counts for precision, recall and F1."""

    tp: float = 0
    fp: float = 0
    fn: float = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass(frozen=True)
class Predicted:
    """One row of mentions.csv as the scorer needs it."""

    mention_id: str
    claim_id: str
    source: str
    fragments: Spans
    speaker: str
    speaker_span: tuple[int, int] | None
    confidence: float = 0.0
    resolution: str = ""


def bow_prf(predicted: str, gold: str, counts: Prf | None = None) -> Prf:
    """Bag-of-words overlap of two texts (multisets of lowercased ``\\w+`` tokens), added up."""
    counts = counts or Prf()
    p, g = Counter(WORD.findall(predicted.lower())), Counter(WORD.findall(gold.lower()))
    overlap = sum((p & g).values())
    counts.tp += overlap
    counts.fp += sum(p.values()) - overlap
    counts.fn += sum(g.values()) - overlap
    return counts


class WordIndex:
    """Word positions (``\\w+`` runs) of one text, to turn character spans into word sets."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in WORD.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def words(self, fragments: Iterable[tuple[int, int]]) -> frozenset[int]:
        """Indices of the words that overlap any of the fragments."""
        found: set[int] = set()
        for s, e in fragments:
            found.update(
                range(bisect.bisect_right(self.ends, s), bisect.bisect_left(self.starts, e))
            )
        return frozenset(found)


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def name_tokens(name: str) -> list[str]:
    return [t for t in WORD.findall(name.lower()) if t not in TITLES]


def same_person(predicted: str, gold: str) -> bool:
    """Same speaker: surnames agree or the names share a token, titles ignored."""
    p, g = name_tokens(predicted), name_tokens(gold)
    return bool(p and g) and (p[-1] == g[-1] or bool(set(p) & set(g)))


def overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def gold_spans(quote: dict[str, Any]) -> list[Spans]:
    """The accepted spans of a gold quote: its fragments, then each ``alt`` span."""
    main = tuple((a, b) for a, b in quote.get("fragments") or [[quote["start"], quote["end"]]])
    return [main, *(((a, b),) for a, b in quote.get("alt") or [])]


def match(doc: dict[str, Any], predicted: Sequence[Predicted], threshold: float) -> dict[int, int]:
    """Match gold quotes to predictions, best Dice first; returns {gold index: pred index}."""
    index = WordIndex(doc["text"])
    pred_words = [index.words(p.fragments) for p in predicted]
    candidates = []
    for gi, quote in enumerate(doc.get("quotes") or []):
        alternatives = [index.words(spans) for spans in gold_spans(quote)]
        for pi, words in enumerate(pred_words):
            score = max(dice(words, alt) for alt in alternatives)
            if score >= threshold:
                candidates.append((-score, gi, pi))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in sorted(candidates):
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def score_quotes(
    doc: dict[str, Any],
    predicted: Sequence[Predicted],
    threshold: float,
    counts: Prf,
    by_type: dict[str, Prf] | None = None,
) -> dict[int, int]:
    """Add one document's quote matches to ``counts``; optional gold quotes count neither way."""
    quotes = doc.get("quotes") or []
    pairs = match(doc, predicted, threshold)
    required = [i for i, q in enumerate(quotes) if not q.get("optional")]
    hits = sum(1 for i in required if i in pairs)
    to_optional = sum(1 for i in pairs if quotes[i].get("optional"))
    counts.tp += hits
    counts.fn += len(required) - hits
    counts.fp += len(predicted) - hits - to_optional
    for i in required if by_type is not None else ():
        kind = by_type.setdefault(quotes[i]["type"], Prf())  # type: ignore[union-attr]
        kind.tp += i in pairs
        kind.fn += i not in pairs
    return pairs


def speaker_correct(doc: dict[str, Any], quote: dict[str, Any], pred: Predicted) -> bool:
    """Same person, or for ``speaker_kind: mention`` gold, overlapping speaker mentions."""
    gold_speaker = quote.get("speaker") or ""
    if not gold_speaker:
        return not pred.speaker
    if same_person(pred.speaker, gold_speaker):
        return True
    gold_span = (
        (quote["speaker_start"], quote["speaker_end"])
        if quote.get("speaker_start") is not None
        else None
    )
    return doc.get("speaker_kind") == "mention" and overlaps(pred.speaker_span, gold_span)


def read_mentions(path: Path) -> dict[str, list[Predicted]]:
    """mentions.csv grouped by source."""
    by_source: dict[str, list[Predicted]] = defaultdict(list)
    for row in read_rows(path):
        frags = tuple(tuple(map(int, f.split("-"))) for f in row["fragments"].split(";"))
        span = (
            (int(row["speaker_start"]), int(row["speaker_end"])) if row["speaker_start"] else None
        )
        by_source[row["source"]].append(
            Predicted(
                row["mention_id"],
                row["claim_id"],
                row["source"],
                frags,  # type: ignore[arg-type]
                row["speaker"],
                span,
                float(row.get("confidence") or 0),
                row.get("resolution", ""),
            )
        )
    return by_source
