"""Incremental runs: a re-run parses only the articles that changed, and writes the same bytes."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

import pipeline.run.cache
import pipeline.run.runner
from pipeline.boilerplate import CorpusLines
from pipeline.records import Article
from pipeline.run import run_extract
from pipeline.run.cache import ArticleCache, code_version
from pipeline.run.folder import CACHE
from pipeline.run.step import ArticleResult, Context
from pipeline.settings import ParseSettings, Settings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
Outputs = Callable[[Path], dict[str, bytes]]
CHANGE = "\n\nThe talks were adjourned until next week, officials said on Friday.\n"


def entries(out: Path) -> set[str]:
    return {p.name for p in (out / CACHE).iterdir()}


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
    raw: Path, tmp_path: Path, parsed: list[str], outputs: Outputs
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
    assert not (cold / CACHE).exists()


def tamper_nothing(entry: Path, others: list[Path]) -> None:
    """Leave the entry as it is (the control case)."""


def truncate(entry: Path, others: list[Path]) -> None:
    entry.write_bytes(entry.read_bytes()[:100])


def plant_pickle(entry: Path, others: list[Path]) -> None:
    """A pickle that would write a file if anything unpickled it."""
    entry.write_bytes(pickle.dumps(Boom()))


def edit_keeping_checksum(entry: Path, others: list[Path]) -> None:
    """Valid JSON, checksum recomputed, but a quote's text no longer the article's."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["result"]["mentions"][0]["quote"]["text"] = '=HYPERLINK("http://x")'
    data["sha256"] = pipeline.run.cache._checksum(data["result"])
    entry.write_text(json.dumps(data), encoding="utf-8")


def copy_another(entry: Path, others: list[Path]) -> None:
    """Another article's (valid) entry under this article's key."""
    entry.write_bytes(others[0].read_bytes())


class Boom:
    """Unpickling it would create ``BOOM`` in the working folder."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch BOOM",))


@pytest.mark.parametrize(
    "tamper", [tamper_nothing, truncate, plant_pickle, edit_keeping_checksum, copy_another]
)
def test_cache_entry_not_to_be_trusted_is_computed_again(
    raw: Path,
    tmp_path: Path,
    parsed: list[str],
    outputs: Outputs,
    monkeypatch: pytest.MonkeyPatch,
    tamper: Callable[[Path, list[Path]], None],
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    run_extract(Settings(raw, out, progress=False))
    first = outputs(out)
    entry, *others = sorted((out / CACHE).iterdir())
    tamper(entry, others)
    parsed.clear()
    run_extract(Settings(raw, out, progress=False))
    assert len(parsed) == (0 if tamper is tamper_nothing else 1)
    assert outputs(out) == first
    assert not (tmp_path / "BOOM").exists()


def test_cache_keeps_what_is_not_its_own(raw: Path, tmp_path: Path, outputs: Outputs) -> None:
    out = tmp_path / "out"
    run_extract(Settings(raw, out, progress=False))
    first = outputs(out)
    entry = sorted((out / CACHE).iterdir())[0]
    entry.unlink()
    entry.mkdir()  # a folder where an entry goes
    (out / CACHE / "notes.txt").write_text("mine")
    (out / CACHE / "sub").mkdir()
    (out / CACHE / "sub" / "deep.txt").write_text("mine")
    run_extract(Settings(raw, out, progress=False))
    assert outputs(out) == first
    assert (out / CACHE / "notes.txt").read_text() == "mine"
    assert (out / CACHE / "sub" / "deep.txt").read_text() == "mine" and entry.is_dir()


def test_cache_warm_run_in_two_workers_writes_the_same_bytes(
    raw: Path, tmp_path: Path, outputs: Outputs
) -> None:
    out = tmp_path / "out"
    run_extract(Settings(raw, out, progress=False))
    first = outputs(out)
    shutil.rmtree((out / "clean").resolve())  # restored from the cache, not left over
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
