"""Accuracy against gold files, as DESIGN.md "How accuracy is measured" defines it.

The pipeline runs for real on the gold documents (written to a temporary folder under their
``file`` names) and its CSV outputs are read back, so the scores also check the contract.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.attribution import load_registry
from pipeline.evaluate.match import (
    EXACT,
    OVERLAP,
    Predicted,
    Prf,
    Spans,
    bow_prf,
    gold_spans,
    match,
    read_mentions,
    same_person,
    score_quotes,
    speaker_correct,
)
from pipeline.evaluate.pairs import pair_counts, pair_scores, score_clusters
from pipeline.evaluate.speakers import CALIBRATION_BINS, Identity, people, score_identity
from pipeline.outputs.csv import read_rows, write_csv
from pipeline.records import FRAGMENT_JOIN, QUOTE_TYPES
from pipeline.run import run_extract
from pipeline.settings import ClusterSettings, Settings

__all__ = [
    "Predicted",
    "Prf",
    "Report",
    "bow_prf",
    "evaluate_file",
    "format_table",
    "match",
    "pair_counts",
    "pair_scores",
    "same_person",
    "score_quotes",
    "write_errors",
]

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
    identity: Identity | None = None
    errors: list[list[object]] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_ok / self.speaker_n if self.speaker_n else None


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
            report.identity = report.identity or Identity()
            score_quotes(doc, preds, EXACT, report.exact)
            pairs = score_quotes(doc, preds, OVERLAP, report.quotes, report.by_type)
            score_speakers(doc, preds, pairs, report)
            score_identity(doc, preds, pairs, report.identity, people(gold.name))
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


def write_errors(path: Path, reports: Sequence[Report]) -> None:
    """Every miss, false alarm and wrong speaker of every gold file, in one CSV."""
    write_csv(path, ERROR_COLUMNS, (row for r in reports for row in r.errors))


def fmt(value: float | str | None) -> str:
    """A figure as the table prints it: three decimals, text as it is, "-" for none."""
    if value is None:
        return "-"
    return value if isinstance(value, str) else f"{value:.3f}"


def _bin(identity: Identity | None, low: float) -> str | None:
    """One calibration cell: the speaker accuracy of a confidence bin, and its count."""
    found = identity.accuracy_from(low) if identity else None
    return f"{found[0]:.3f} ({found[1]})" if found else None


def format_table(reports: Sequence[Report]) -> str:
    """The figures of every gold file side by side, one metric a line."""
    rows: list[tuple[str, list[str]]] = [("documents", [str(r.docs) for r in reports])]

    def add(label: str, values: Iterable[float | str | None]) -> None:
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
    identities = [r.identity for r in reports]
    add("people under one name", (i.one_name_share() if i else None for i in identities))
    add("speakers not names", (i.not_name_share() if i else None for i in identities))
    for low, high in zip(CALIBRATION_BINS, (1.0, *CALIBRATION_BINS), strict=False):
        add(f"speaker acc. conf {low:.1f}-{high:.1f}", (_bin(i, low) for i in identities))
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
