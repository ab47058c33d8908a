"""Tests of the parse readings both spaCy stages share, on hand-built parses."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.syntax import SubjectRule, cue_span, noun_phrase, subject_of_verb

VOCAB = spacy.blank("en").vocab
QUOTE_LIKE = SubjectRule(frozenset({"advcl", "xcomp", "conj"}), True, frozenset({"quote"}))
ANY_PASSIVE = SubjectRule(frozenset({"advcl"}))


def parse(arcs: list[tuple[str, int, str]], lemmas: list[str] | None = None) -> Doc:
    """A doc from (word, head index, label) triples; the root is its own head."""
    words = [w for w, _, _ in arcs]
    return Doc(
        VOCAB,
        words=words,
        heads=[h for _, h, _ in arcs],
        deps=[d for _, _, d in arcs],
        lemmas=lemmas or [w.lower() for w in words],
    )


RELATIVE = [
    ("The", 1, "det"),
    ("minister", 7, "nsubj"),
    (",", 1, "punct"),
    ("who", 4, "nsubj"),
    ("spoke", 1, "relcl"),
    ("first", 4, "advmod"),
    (",", 1, "punct"),
    ("said", 7, "ROOT"),
    ("it", 7, "dobj"),
]


@pytest.mark.parametrize(
    ("cut", "skip", "expected"),
    [
        ({"relcl"}, (), "The minister"),
        ((), (), "The minister , who spoke first"),
        ((), (3,), "The minister"),
    ],
)
def test_syntax_noun_phrase_cuts(cut: set[str], skip: tuple[int, ...], expected: str) -> None:
    doc = parse(RELATIVE)
    assert noun_phrase(doc[1], cut, skip).text == expected


def test_syntax_noun_phrase_keeps_to_its_own_subtree() -> None:
    """A clause of the subject after its verb (a crossing arc) does not pull the verb in."""
    doc = parse(
        [
            ("The", 2, "det"),
            ("Russian", 2, "amod"),
            ("president", 3, "nsubj"),
            ("went", 3, "ROOT"),
            ("on", 3, "prt"),
            (":", 3, "punct"),
            ("we", 7, "nsubj"),
            ("think", 2, "acl"),
        ]
    )
    assert noun_phrase(doc[2], {"relcl"}).text == "The Russian president"


BEGAN_BY_SAYING = [
    ("The", 1, "det"),
    ("mayor", 2, "nsubj"),
    ("began", 2, "ROOT"),
    ("by", 2, "prep"),
    ("saying", 3, "pcomp"),
    ("taxes", 6, "nsubj"),
    ("rise", 4, "ccomp"),
]
QUOTED_AS_SAYING = [
    ("He", 2, "nsubjpass"),
    ("was", 2, "auxpass"),
    ("quoted", 2, "ROOT"),
    ("as", 2, "prep"),
    ("saying", 3, "pcomp"),
]
SAID_BY = [
    ("It", 2, "nsubjpass"),
    ("was", 2, "auxpass"),
    ("said", 2, "ROOT"),
    ("by", 2, "agent"),
    ("officials", 3, "pobj"),
]


@pytest.mark.parametrize(
    ("arcs", "verb", "rule", "expected"),
    [
        (BEGAN_BY_SAYING, 4, QUOTE_LIKE, "mayor"),  # through the preposition
        (BEGAN_BY_SAYING, 4, ANY_PASSIVE, None),
        (BEGAN_BY_SAYING, 6, QUOTE_LIKE, "taxes"),  # its own subject first
        (QUOTED_AS_SAYING, 4, QUOTE_LIKE, "He"),  # "quote": the passive subject speaks
        (QUOTED_AS_SAYING, 4, SubjectRule(frozenset(), True, frozenset()), None),
        (SAID_BY, 2, QUOTE_LIKE, "officials"),  # the agent, not the passive subject
        (SAID_BY, 2, ANY_PASSIVE, "It"),
    ],
)
def test_syntax_subject_of_verb(
    arcs: list[tuple[str, int, str]], verb: int, rule: SubjectRule, expected: str | None
) -> None:
    lemmas = [w.lower() if w != "quoted" else "quote" for w, _, _ in arcs]
    subject = subject_of_verb(parse(arcs, lemmas)[verb], rule)
    assert (subject.text if subject is not None else None) == expected


def test_syntax_subject_of_verb_skips_the_quote() -> None:
    doc = parse(SAID_BY)
    agent = subject_of_verb(doc[2], ANY_PASSIVE, skip={0})
    assert agent is not None and agent.text == "officials"
    assert subject_of_verb(doc[2], ANY_PASSIVE, skip={0, 3}) is None


def test_syntax_cue_span_holds_auxiliaries_and_negation() -> None:
    doc = parse([("He", 3, "nsubj"), ("has", 3, "aux"), ("not", 3, "neg"), ("said", 3, "ROOT")])
    start, end = cue_span(doc[3])
    assert doc.text[start:end] == "has not said"


def test_syntax_subject_of_verb_of_two_is_the_nearer() -> None:
    # "MOSCOW (Reuters) - Putin said": the parser hangs the dateline on the verb as a subject too
    doc = parse(
        [
            ("MOSCOW", 6, "nsubj"),
            ("(", 2, "punct"),
            ("Reuters", 0, "appos"),
            (")", 2, "punct"),
            ("-", 0, "punct"),
            ("Putin", 6, "nsubj"),
            ("said", 6, "ROOT"),
        ]
    )
    subject = subject_of_verb(doc[6], ANY_PASSIVE)
    assert subject is not None and subject.text == "Putin"
