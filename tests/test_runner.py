"""The run: the same outputs, byte for byte, in worker processes as in one; a per-article step
that writes nothing; every output with the mode of a new file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.attribution import load_registry
from pipeline.boilerplate import CorpusLines
from pipeline.records import Article
from pipeline.run import run_extract
from pipeline.run.step import Context, process_chunk
from pipeline.settings import ParseSettings, Settings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
STORY = (
    "Talks resume in Geneva\n\n"
    "\u201cWe are ready to talk to the opposition,\u201d the minister said on Monday.\n"
)


def test_runner_two_workers_write_the_same_bytes_as_one(
    tmp_path: Path, outputs: Callable[[Path], dict[str, bytes]]
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run_extract(Settings(RAW, one, progress=False))
    run_extract(Settings(RAW, two, workers=2, parse=ParseSettings(batch_size=2), progress=False))
    assert outputs(one) == outputs(two)
    assert "mentions.csv" in outputs(one) and len(outputs(one)) > 5


def test_runner_process_chunk_gives_one_result_per_article_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    articles = [
        Article("a.txt", STORY, {"outlet": "Reuters"}),
        Article("empty.txt", ""),
        Article("b.html", "Hi\n" + STORY, derived=True),
    ]
    context = Context(CorpusLines.from_texts(a.text for a in articles), load_registry())
    results = list(process_chunk(articles, context))
    assert [r.source for r in results] == ["a.txt", "empty.txt", "b.html"]
    assert [len(r.mentions) for r in results] == [1, 0, 1]
    first, second = results[0].mentions[0], results[2].mentions[0]
    assert first.sentence == STORY[slice(*first.quote.sentence)]
    assert first.meta == {"outlet": "Reuters"}
    assert second.quote.start == first.quote.start + 3
    texts = results[0].texts
    assert texts is not None and texts.clean.startswith("Talks") and texts.decoded is None
    assert results[2].texts is not None and results[2].texts.decoded == "Hi\n" + STORY
    assert list(tmp_path.iterdir()) == []  # the step writes no file


def test_runner_workbook_and_report_get_the_csvs_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_extract(Settings(RAW, out, progress=False, cache=False, xlsx=True, report=True))
    shown = [p for p in out.iterdir() if p.is_file() and not p.name.startswith(".")]
    modes = {p.name: p.stat().st_mode & 0o777 for p in shown}
    assert sorted(modes) == [
        "articles.csv",
        "claims.csv",
        "claims.xlsx",
        "mentions.csv",
        "report.html",
        "skipped.csv",
        "speakers.csv",
    ]
    assert set(modes.values()) == {modes["mentions.csv"]}
