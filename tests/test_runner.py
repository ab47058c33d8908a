"""The run in worker processes: the same outputs, byte for byte, as in one process."""

from __future__ import annotations

from pathlib import Path

from pipeline.articles import Context, process_chunk
from pipeline.attribution import load_registry
from pipeline.boilerplate import CorpusLines
from pipeline.records import Article
from pipeline.runner import run_extract
from pipeline.settings import Settings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
STORY = (
    "Talks resume in Geneva\n\n"
    "\u201cWe are ready to talk to the opposition,\u201d the minister said on Monday.\n"
)


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file under ``out`` but the cache, and its bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(out).parts
    }


def test_runner_two_workers_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run_extract(Settings(RAW, one, progress=False))
    run_extract(Settings(RAW, two, workers=2, batch_size=2, progress=False))  # 3 chunks
    assert outputs(one) == outputs(two)
    assert "mentions.csv" in outputs(one) and len(outputs(one)) > 5


def test_runner_process_chunk_gives_one_result_per_article_in_order(tmp_path: Path) -> None:
    articles = [Article("a.txt", STORY), Article("empty.txt", ""), Article("b.txt", "Hi\n" + STORY)]
    corpus = CorpusLines.from_texts(a.text for a in articles)
    context = Context(corpus, load_registry(), tmp_path, batch_size=16)
    results = process_chunk(articles, context)
    assert [r.source for r in results] == ["a.txt", "empty.txt", "b.txt"]
    assert [len(r.mentions) for r in results] == [1, 0, 1]
    (first, sentence), (second, _) = results[0].mentions[0], results[2].mentions[0]
    assert sentence == STORY[slice(*first.quote.sentence)]
    assert second.quote.start == first.quote.start + 3
    assert (tmp_path / "clean" / "a.txt").read_text(encoding="utf-8").startswith("Talks")
