"""Accuracy against gold files, as DESIGN.md "How accuracy is measured" defines it.

The pipeline runs for real on the gold documents (written to a temporary folder under their
``file`` names) and its CSV outputs are read back, so the scores also check the contract.
"""

from __future__ import annotations

import bisect
import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

from pipeline.attribution import load_registry
from pipeline.outputs.csv import read_rows, write_csv
from pipeline.records import FRAGMENT_JOIN, QUOTE_TYPES, Claim
from pipeline.run import run_extract
from pipeline.settings import ClusterSettings, Settings

WORD = re.compile(r"\w+")
OVERLAP, EXACT = 0.5, 0.9
# fmt: off
TITLES = frozenset([
    "mr", "mrs", "ms", "dr", "sir", "the", "a", "an", "al", "el", "president", "prime",
    "minister", "sen", "senator", "rep", "gov", "governor", "secretary", "former", "spokesman",
    "spokeswoman", "spokesperson",
])
# fmt: on
ERROR_COLUMNS = (
    "kind",
    "gold_file",
    "doc",
    "type",
    "start",
    "end",
    "text",
    "sentence",
    "predicted_speaker",
    "gold_speaker",
)  # fmt: skip
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


@dataclass
class Report:
    """The figures of one gold file; ``None`` marks a figure the file cannot give."""

    name: str
    docs: int = 0
    quotes: Prf | None = None
    exact: Prf | None = None
    by_type: dict[str, Prf] = field(default_factory=dict)
    speaker_ok: int = 0
    speaker_n: int = 0
    tracked: Prf | None = None
    boilerplate: Prf | None = None
    clusters: Prf | None = None
    errors: list[list[object]] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_ok / self.speaker_n if self.speaker_n else None


@dataclass(frozen=True)
class Predicted:
    """One row of mentions.csv as the scorer needs it."""

    mention_id: str
    claim_id: str
    source: str
    fragments: Spans
    speaker: str
    speaker_span: tuple[int, int] | None


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
            )
        )
    return by_source


def run_on(docs: Sequence[dict[str, Any]], folder: Path, semantic: bool = False) -> Path:
    """Write the gold documents under their file names and run the pipeline on them."""
    raw = folder / "raw"
    for doc in docs:
        path = raw / doc["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(doc["text"].encode("utf-8"))
    out = folder / "out"
    cluster = ClusterSettings(semantic=semantic)
    run_extract(Settings(input=raw, out=out, all_speakers=True, progress=False, cluster=cluster))
    return out


def evaluate_file(gold: Path, clusters: Path | None = None, semantic: bool = False) -> Report:
    """Run the pipeline on one gold file and score every stage the file has gold for."""
    docs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    report = Report(gold.name, docs=len(docs))
    with tempfile.TemporaryDirectory() as tmp:
        out = run_on(docs, Path(tmp), semantic)
        predicted = read_mentions(out / "mentions.csv")
        clean_files = {r["source"]: r["clean_file"] for r in read_rows(out / "articles.csv")}
        matched: dict[str, Predicted] = {}
        has_quotes = any(doc.get("quotes") for doc in docs)
        for doc in docs:
            preds = predicted.get(doc["file"], [])
            if "gold_text" in doc:
                name = clean_files.get(doc["file"])
                text = (out / "clean" / name).read_text(encoding="utf-8") if name else ""
                report.boilerplate = bow_prf(text, doc["gold_text"], report.boilerplate)
            if not has_quotes:
                continue
            report.quotes, report.exact = report.quotes or Prf(), report.exact or Prf()
            report.tracked = report.tracked or Prf()
            score_quotes(doc, preds, EXACT, report.exact)
            pairs = score_quotes(doc, preds, OVERLAP, report.quotes, report.by_type)
            score_speakers(doc, preds, pairs, report)
            matched.update({doc["quotes"][g]["id"]: preds[p] for g, p in pairs.items()})
            report.errors.extend(quote_errors(gold.name, doc, preds, pairs))
    if clusters is not None:
        source_of = {q["id"]: doc["file"] for doc in docs for q in doc.get("quotes") or []}
        report.clusters = score_clusters(clusters, matched, source_of)
    return report


@cache
def tracked() -> frozenset[str]:
    """The names of the default registry's speakers: the speakers tracked-speaker F1 is over."""
    return frozenset(load_registry().names)


def score_speakers(
    doc: dict[str, Any], preds: Sequence[Predicted], pairs: dict[int, int], report: Report
) -> None:
    """Speaker accuracy over matched required quotes, and F1 over the tracked speakers."""
    assert report.tracked is not None
    quotes = doc["quotes"]
    for gi, pi in pairs.items():
        if not quotes[gi].get("optional"):
            report.speaker_n += 1
            report.speaker_ok += speaker_correct(doc, quotes[gi], preds[pi])
    names = tracked()
    gold_tracked = {
        i for i, q in enumerate(quotes) if q.get("speaker") in names and not q.get("optional")
    }
    pred_tracked = {i for i, p in enumerate(preds) if p.speaker in names}
    hits = {
        g
        for g, p in pairs.items()
        if g in gold_tracked and p in pred_tracked and preds[p].speaker == quotes[g]["speaker"]
    }
    optional = {p for g, p in pairs.items() if quotes[g].get("optional")}
    report.tracked.tp += len(hits)
    report.tracked.fn += len(gold_tracked) - len(hits)
    report.tracked.fp += len(pred_tracked - optional) - len(hits)


def quote_errors(
    name: str, doc: dict[str, Any], preds: Sequence[Predicted], pairs: dict[int, int]
) -> list[list[object]]:
    """Rows for the --errors CSV: missed gold quotes, false predictions, wrong speakers."""
    text, quotes = doc["text"], doc["quotes"]

    def row(kind: str, spans: Spans, qtype: str, pred: str, gold: str) -> list[object]:
        s, e = spans[0][0], spans[-1][1]
        para_start = text.rfind("\n", 0, s) + 1
        para_end = text.find("\n", e)
        sentence = text[para_start : para_end if para_end >= 0 else len(text)]
        return [
            kind,
            name,
            doc["id"],
            qtype,
            s,
            e,
            FRAGMENT_JOIN.join(text[a:b] for a, b in spans),
            sentence,
            pred,
            gold,
        ]

    rows = []
    for gi, quote in enumerate(quotes):
        spans = gold_spans(quote)[0]
        if gi not in pairs and not quote.get("optional"):
            rows.append(row("missed", spans, quote["type"], "", quote.get("speaker") or ""))
        elif (
            gi in pairs
            and not quote.get("optional")
            and not speaker_correct(doc, quote, preds[pairs[gi]])
        ):
            rows.append(
                row(
                    "speaker",
                    spans,
                    quote["type"],
                    preds[pairs[gi]].speaker,
                    quote.get("speaker") or "",
                )
            )
    used = set(pairs.values())
    rows.extend(
        row("false", p.fragments, "", p.speaker, "") for i, p in enumerate(preds) if i not in used
    )
    return rows


def score_clusters(
    path: Path, matched: dict[str, Predicted], source_of: dict[str, str]
) -> Prf | None:
    """Pairwise recall over gold cross-source groups (high confidence), precision over the
    predicted cross-source pairs among matched quotes; pairs in lower-confidence groups count
    neither way (``pair_counts``)."""
    groups = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    high = [g["member_ids"] for g in groups if g.get("confidence") == "high"]
    other = [g["member_ids"] for g in groups if g.get("confidence") != "high"]
    claims: dict[str, list[str]] = defaultdict(list)
    for quote_id, pred in matched.items():
        if pred.claim_id:
            claims[pred.claim_id].append(quote_id)
    found, predicted, gold = pair_counts(claims.values(), high, source_of, other)
    return Prf(found, predicted - found, gold - found) if gold else None


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
    gold = cross_pairs(gold_groups, sources)
    predicted = cross_pairs(groups, sources)
    predicted -= cross_pairs(ignored_groups, sources) - gold
    return len(predicted & gold), len(predicted), len(gold)


def cross_pairs(
    groups: Iterable[Iterable[str]], sources: Mapping[str, str]
) -> set[tuple[str, str]]:
    """The pairs of members of one group that come from different sources."""
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        members = sorted({m for m in group if m in sources})
        pairs.update((a, b) for a, b in combinations(members, 2) if sources[a] != sources[b])
    return pairs


def write_errors(path: Path, reports: Sequence[Report]) -> None:
    """Every miss, false alarm and wrong speaker of every gold file, in one CSV."""
    write_csv(path, ERROR_COLUMNS, (row for r in reports for row in r.errors))


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(reports: Sequence[Report]) -> str:
    """The figures of every gold file side by side, one metric a line."""
    rows: list[tuple[str, list[str]]] = [("documents", [str(r.docs) for r in reports])]

    def add(label: str, values: Iterable[float | None]) -> None:
        rows.append((label, [fmt(v) for v in values]))

    for label, attr in (("quote", "quotes"), ("quote exact", "exact")):
        for part in ("p", "r", "f1"):
            add(
                f"{label} {part.upper()}",
                (
                    getattr(getattr(r, attr), part, None) if getattr(r, attr) else None
                    for r in reports
                ),
            )
    for t in QUOTE_TYPES:
        add(f"recall {t}", (r.by_type[t].r if t in r.by_type else None for r in reports))
    add("speaker accuracy", (r.speaker_accuracy for r in reports))
    add(
        "tracked-speaker F1",
        (r.tracked.f1 if r.tracked and r.tracked.tp + r.tracked.fn else None for r in reports),
    )
    for part in ("p", "r"):
        add(
            f"cluster pair {part.upper()}",
            (getattr(r.clusters, part) if r.clusters else None for r in reports),
        )
    for part in ("p", "r", "f1"):
        add(
            f"boilerplate {part.upper()}",
            (getattr(r.boilerplate, part) if r.boilerplate else None for r in reports),
        )
    width = max(12, *(len(r.name) for r in reports))
    head = f"{'metric':<22}" + "".join(f"{r.name:>{width + 2}}" for r in reports)
    lines = [head, "-" * len(head)]
    lines += [
        f"{label:<22}" + "".join(f"{v:>{width + 2}}" for v in values) for label, values in rows
    ]
    return "\n".join(lines)
