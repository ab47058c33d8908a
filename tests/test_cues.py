"""Tests of the cue matchers on sentences written for them."""

from __future__ import annotations

from spacy.language import Language

from pipeline.cues import cue_matchers, find_cues


def test_cues_words_by_lemma_and_part_of_speech(nlp: Language) -> None:
    doc = nlp("The mayor said taxes would rise. She went on. Her claim that it works is bold.")
    cues = find_cues(doc)
    assert [doc[i].text for i in sorted(cues.say)] == ["said"]
    assert [doc[i].text for i in sorted(cues.speech)] == ["said", "went", "claim"]  # any POS
    assert [doc[i].text for i in sorted(cues.nouns)] == ["claim"]


def test_cues_according_to(nlp: Language) -> None:
    doc = nlp("The talks failed, according to two diplomats. It was done accordingly.")
    cues = find_cues(doc)
    ((anchor, (to, source)),) = cues.according.items()
    assert (doc[anchor].text, doc[to].text, doc[source].text) == ("according", "to", "diplomats")


def test_cues_made_clear(nlp: Language) -> None:
    doc = nlp("The coach made it clear that nobody was safe. The sky was clear.")
    cues = find_cues(doc)
    ((clear, make),) = cues.made_clear.items()
    assert (doc[make].lemma_, doc[clear].text) == ("make", "clear")


def test_cues_without_anchor_words_find_no_shapes(nlp: Language) -> None:
    cues = find_cues(nlp("The mayor said taxes would rise."))
    assert cues.according == {} and cues.made_clear == {}


def test_cues_matchers_built_once_per_vocab(nlp: Language) -> None:
    assert cue_matchers(nlp.vocab) is cue_matchers(nlp.vocab)
