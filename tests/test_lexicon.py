"""Tests of the lexicon: the word lists as data files, and their one loader."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline import lexicon
from pipeline.lexicon import names, words

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"


def test_lexicon_reads_one_entry_a_line_without_comments() -> None:
    say = words("say")
    assert {"say", "tell", "warn"} <= say
    assert not any("#" in w or " " in w or not w for w in say)


def test_lexicon_union_of_lists() -> None:
    assert words("say", "prep_only") == words("say") | words("prep_only")
    assert "rail" in words("say", "prep_only") and "rail" not in words("say")


def test_lexicon_reads_each_file_once() -> None:
    lexicon._read.cache_clear()
    words.cache_clear()
    words("say")
    words("say")
    words("say", "urge")
    assert lexicon._read.cache_info().misses == 2


def test_lexicon_unknown_list_raises() -> None:
    with pytest.raises(FileNotFoundError):
        words("no_such_list")


@pytest.mark.parametrize("name", names())
def test_lexicon_every_list_is_clean(name: str) -> None:
    """Non-empty, lower-case, no entry twice."""
    text = files("pipeline.lexicon").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert entries
    assert len(entries) == len(set(entries))
    assert all(e == e.lower().strip() for e in entries)


def test_lexicon_every_list_is_used() -> None:
    """No dead data: each list is read somewhere in the package by its name."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert [n for n in names() if f'"{n}"' not in source] == []


def test_lexicon_headline_cues_are_forms_of_verbs_of_saying(nlp: Language) -> None:
    """The headline regex's word forms stay forms of the verbs of saying."""
    for form in sorted(words("headline_cues")):
        doc = nlp(f"The minister {form} taxes will rise.")
        assert doc[2].lemma_.lower() in words("say"), form
