"""Tests for pipeline.selection: which sentences are parsed, offsets kept."""

from __future__ import annotations

from pipeline.records import Article, Block, CleanArticle
from pipeline.selection import claim_spans, claim_text, has_cue, split_sentences


def article(*paragraphs: str) -> CleanArticle:
    """An article of body blocks (the first one its title), a blank line between them."""
    text = "\n\n".join(paragraphs)
    blocks, start = [], 0
    for n, paragraph in enumerate(paragraphs):
        blocks.append(Block(start, start + len(paragraph), "title" if n == 0 else "body"))
        start += len(paragraph) + 2
    return CleanArticle(Article(source="a", text=text), tuple(blocks))


TITLE = "Storm hits the coast"
LEDE = "A storm hit the coast on Monday."
PLAIN = "The rain fell. The sea rose. Roads were closed. Schools stayed shut."


def spans_text(clean: CleanArticle) -> list[str]:
    """The text of each chosen span."""
    return [clean.article.text[s:e] for s, e in claim_spans(clean)]


def test_selection_keeps_offsets_and_length() -> None:
    clean = article(TITLE, LEDE, PLAIN, "Trains ran late. The mayor said it would pass.")
    text = claim_text(clean)
    assert len(text) == len(clean.article.text)
    for start, end in claim_spans(clean):
        assert text[start:end] == clean.article.text[start:end]
    assert text.count("\n") == clean.article.text.count("\n")


def test_selection_drops_sentences_without_a_claim() -> None:
    clean = article(TITLE, LEDE, PLAIN)
    assert spans_text(clean) == [TITLE, LEDE]
    assert claim_text(clean).split() == (TITLE + " " + LEDE).split()


def test_selection_keeps_a_cue_sentence_and_its_neighbours() -> None:
    clean = article(TITLE, LEDE, "The rain fell. The sea rose. Officials said it would pass. "
                    "Roads were closed. Schools stayed shut.")  # fmt: skip
    assert spans_text(clean)[2:] == [
        "The sea rose.", "Officials said it would pass.", "Roads were closed."
    ]  # fmt: skip


def test_selection_keeps_a_quoted_paragraph_whole() -> None:
    paragraph = "The rain fell. “It is the worst in years. We are ready.” The sea rose."
    clean = article(TITLE, LEDE, paragraph)
    assert spans_text(clean)[2:] == list(
        clean.article.text[s:e] for s, e in split_sentences(clean.article.text, *span(clean, 2))
    )


def span(clean: CleanArticle, n: int) -> tuple[int, int]:
    """The offsets of the ``n``-th block."""
    return clean.blocks[n].start, clean.blocks[n].end


def test_selection_keeps_a_fuller_name_of_a_speaker() -> None:
    clean = article(TITLE, LEDE, "The storm was led by Mayor Ann Briggs. Roads were closed.",
                    "Schools stayed shut. Later, Briggs said it would pass.")  # fmt: skip
    assert "The storm was led by Mayor Ann Briggs." in spans_text(clean)
    assert "Roads were closed." not in spans_text(clean)


def test_selection_cue_forms_in_lower_case_or_first() -> None:
    assert has_cue("She told reporters.")
    assert has_cue("According to the police, nobody was hurt.")
    assert has_cue("Says the mayor.")
    assert not has_cue("The United States sent help.")
    assert not has_cue("The rain fell.")


def test_selection_splits_sentences_without_spaces() -> None:
    text = "One. Two? “Three.” four. Five"
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text))] == [
        "One.", "Two?", "“Three.” four.", "Five"
    ]  # fmt: skip
