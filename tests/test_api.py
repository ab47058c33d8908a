"""The Python API: one text's mentions without a file written, and the command line's run."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from pipeline.errors import ArticleError, InputMissing
from pipeline.settings import ParseSettings, Settings

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
TEXT = (
    "Talks resume\n\n"
    "Ana Ortiz said on Monday that the port would reopen. "
    "\u201cWe are ready to talk,\u201d she told reporters.\n"
)


def test_api_extract_text_gives_each_quote_with_its_speaker() -> None:
    mentions = pipeline.extract_text(TEXT, source="talks.txt")
    assert [(m.speaker, m.quote.type) for m in mentions] == [
        ("Ana Ortiz", "indirect"),
        ("Ana Ortiz", "direct"),
    ]
    for m in mentions:
        assert m.quote.source == "talks.txt"
        assert all(TEXT[s:e] in m.quote.text for s, e in m.quote.fragments)  # offsets in TEXT
        assert not m.in_registry  # not a speaker of the default registry


def test_api_extract_text_reads_the_settings_registry(tmp_path: Path) -> None:
    registry = tmp_path / "speakers.toml"
    registry.write_text('[[speaker]]\nname = "Ana Ortiz"\naliases = ["Ortiz"]\n')
    mentions = pipeline.extract_text(TEXT, settings=Settings(input=Path(), speakers=registry))
    assert mentions and all(m.in_registry for m in mentions)


def test_api_extract_text_of_an_article_too_long_is_an_error() -> None:
    settings = Settings(input=Path(), parse=ParseSettings(max_chars=20))
    with pytest.raises(ArticleError, match="too long to parse"):
        pipeline.extract_text(TEXT, settings=settings)


def test_api_extract_is_the_command_lines_run(tmp_path: Path) -> None:
    settings = Settings(input=Path("ignored"), all_speakers=True, progress=False)
    summary = pipeline.extract(RAW, tmp_path / "out", settings)
    assert (summary.read, summary.skipped) == (5, 0)
    assert (tmp_path / "out" / "claims.csv").is_file()
    with pytest.raises(InputMissing):
        pipeline.extract(tmp_path / "nowhere", tmp_path / "out", settings)
