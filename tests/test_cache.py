"""Incremental runs: a re-run parses only the articles that changed, and writes the same bytes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import pipeline.run.cache
import pipeline.run.runner
from pipeline.boilerplate import CorpusLines
from pipeline.records import Article
from pipeline.run import run_extract
from pipeline.run.cache import CACHE_DIR, ArticleCache, code_version
from pipeline.run.step import ArticleResult, Context
from pipeline.settings import ParseSettings, Settings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CHANGE = "\n\nThe talks were adjourned until next week, officials said on Friday.\n"


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file under ``out`` but the cache, and its bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and CACHE_DIR not in p.relative_to(out).parts
    }


def entries(out: Path) -> set[str]:
    return {p.name for p in (out / CACHE_DIR).iterdir()}


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources of every article the run processes (the cache's misses), in order."""
    seen: list[str] = []
    original = pipeline.run.runner.process_chunk

    def counting(articles: Sequence[Article], context: Context) -> Iterator[ArticleResult]:
        seen.extend(a.source for a in articles)
        return original(articles, context)

    monkeypatch.setattr(pipeline.run.runner, "process_chunk", counting)
    return seen


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A copy of the sample articles, free to change."""
    return Path(shutil.copytree(RAW, tmp_path / "raw"))


def test_cache_rerun_parses_only_the_changed_article(
    raw: Path, tmp_path: Path, parsed: list[str]
) -> None:
    out = tmp_path / "out"
    run_extract(Settings(raw, out, progress=False))
    assert len(parsed) == 5
    before = entries(out)
    changed = sorted(raw.iterdir())[1]
    with changed.open("a", encoding="utf-8") as handle:
        handle.write(CHANGE)
    parsed.clear()
    run_extract(Settings(raw, out, progress=False))
    assert parsed == [changed.name]
    assert len(entries(out)) == 5 and len(entries(out) - before) == 1  # the old entry pruned
    cold = tmp_path / "cold"
    run_extract(Settings(raw, cold, cache=False, progress=False))
    assert outputs(out) == outputs(cold)
    assert not (cold / CACHE_DIR).exists()


def test_cache_unreadable_entry_is_computed_again(
    raw: Path, tmp_path: Path, parsed: list[str]
) -> None:
    out = tmp_path / "out"
    run_extract(Settings(raw, out, progress=False))
    first = outputs(out)
    broken = sorted((out / CACHE_DIR).iterdir())[0]
    broken.write_bytes(b"not a pickle")
    parsed.clear()
    run_extract(Settings(raw, out, progress=False))
    assert len(parsed) == 1
    assert outputs(out) == first


def test_cache_warm_run_in_two_workers_writes_the_same_bytes(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_extract(Settings(raw, out, progress=False))
    first = outputs(out)
    shutil.rmtree(out / "clean")  # restored from the cache, not left over
    run_extract(Settings(raw, out, workers=2, parse=ParseSettings(batch_size=2), progress=False))
    assert outputs(out) == first


@pytest.mark.parametrize(
    ("article", "corpus_lines"),
    [
        (Article("b.txt", "Menu\nSome story.\n"), ()),
        (Article("a.txt", "Menu\nSome story!\n"), ()),
        (Article("a.txt", "Menu\nSome story.\n", {"encoding": "cp1252"}), ()),
        (Article("a.txt", "Menu\nSome story.\n"), ("Menu",)),  # the corpus repeats a line
    ],
    ids=["source", "text", "meta", "corpus"],
)
def test_cache_key_changes_with_what_the_result_depends_on(
    article: Article, corpus_lines: tuple[str, ...]
) -> None:
    cache = ArticleCache(Path("unused"), "v1")
    base = Article("a.txt", "Menu\nSome story.\n")
    corpus = CorpusLines.from_texts([*corpus_lines, *corpus_lines])
    assert cache.key(base, CorpusLines()) == cache.key(base, CorpusLines())
    assert cache.key(article, corpus) != cache.key(base, CorpusLines())


def test_cache_version_changes_with_the_registry(tmp_path: Path) -> None:
    registry = tmp_path / "speakers.toml"
    registry.write_text("", encoding="utf-8")
    empty = code_version(registry)
    registry.write_text("# changed\n", encoding="utf-8")
    assert code_version(registry) != empty != code_version(None)


def test_cache_version_covers_every_file_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word lists and templates in subpackages count as code; compiled bytecode does not."""
    package = tmp_path / "pipeline"
    (package / "outputs" / "templates").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    (package / "a.py").write_text("x = 1\n")
    template = package / "outputs" / "templates" / "page.html.j2"
    template.write_text("<p>{{ x }}</p>\n")
    monkeypatch.setattr(pipeline.run.cache, "PACKAGE", package)
    before = code_version(None)
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert code_version(None) == before
    template.write_text("<p>{{ y }}</p>\n")
    assert code_version(None) != before
    names = list(pipeline.run.cache.package_files())[::2]
    assert names == ["a.py", "outputs/templates/page.html.j2"]
