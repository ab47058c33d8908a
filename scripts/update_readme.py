"""Paste generated figures into README.md: the eval table, sample rows of claims.csv and,
where ``make bench`` has written it, the benchmark's output.

usage: python scripts/update_readme.py EVAL_TXT CLAIMS_CSV [BENCH_TXT]
Each block lives between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->`` markers, so the
README's numbers always come from a command anyone can re-run (``make readme``).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
SAMPLE_COLUMNS = ("speaker", "claim", "type", "n_sources", "n_mentions", "sources")


def replace_block(text: str, name: str, body: str) -> str:
    """Put ``body`` between the markers of block ``name``."""
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def claims_table(path: Path, rows: int = 5) -> str:
    """The first claims of claims.csv as a Markdown table."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        claims = list(csv.DictReader(handle))[:rows]
    lines = ["| " + " | ".join(SAMPLE_COLUMNS) + " |", "|" + "---|" * len(SAMPLE_COLUMNS)]
    for claim in claims:
        cells = (claim[c].replace("|", "\\|") for c in SAMPLE_COLUMNS)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(eval_txt: str, claims_csv: str, bench_txt: str = "") -> None:
    text = README.read_text(encoding="utf-8")
    text = replace_block(text, "eval", fenced(Path(eval_txt)))
    text = replace_block(text, "claims", claims_table(Path(claims_csv)))
    if bench_txt and Path(bench_txt).is_file():
        text = replace_block(text, "bench", fenced(Path(bench_txt)))
    README.write_text(text, encoding="utf-8")


def fenced(path: Path) -> str:
    """The text of a file as a Markdown code block."""
    return f"```\n{path.read_text(encoding='utf-8').strip()}\n```\n"


if __name__ == "__main__":
    main(*sys.argv[1:4])
