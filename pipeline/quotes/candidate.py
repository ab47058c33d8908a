"""A quote being built, and the lookups and parse readings every step of the quotes stage
shares."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.cues import Cues, find_cues
from pipeline.lexicon import words
from pipeline.records import Offsets, QuoteType
from pipeline.syntax import SubjectRule, noun_phrase, subject_of_verb

WORD = re.compile(r"\w+")
MIN_ATTRIBUTED_WORDS = 3  # an attributed quote has at least this many words
NP_CUT_DEPS = frozenset({"relcl", "acl", "advcl"})  # what a speaker's noun phrase leaves out
# A cue shares the subject of the clause it hangs from ("began by saying", "went on to add");
# a passive subject speaks only for "X was quoted as saying", the copula's subject for "X was
# quick to say".
SPEAKER_RULE = SubjectRule(
    links=frozenset({"advcl", "xcomp", "conj"}),
    through_prep=True,
    passive=words("passive_speaker"),
    adjectives=words("speaker_adjectives"),
)


@dataclass
class Candidate:
    """A quote being built: its pieces, the span with its marks, and its attribution.

    ``parent`` is the index of the quote this one is nested in; ``paragraphs`` the first and
    last paragraph it spans; ``open_end`` that its closing mark is missing (it may go on in
    the next paragraph); ``absorbed`` that a reported clause took it in (as a mixed quote).
    """

    type: QuoteType
    fragments: list[Offsets]
    outer: Offsets
    cue: Offsets | None = None
    speaker: Offsets | None = None
    parent: int | None = None
    paragraphs: tuple[int, int] = (0, 0)
    open_end: bool = False
    absorbed: bool = field(default=False)


class Index:
    """Character-to-token lookups, which tokens lie inside quotation marks, and the cues."""

    def __init__(self, doc: Doc, text: str, quotes: Sequence[Candidate]) -> None:
        self.doc = doc
        self.text = text  # doc.text, which spaCy rebuilds on every access
        self.cues: Cues = find_cues(doc)
        self.quoted = [-1] * len(doc)
        for n, cand in enumerate(quotes):
            if cand.parent is None:
                for tok in self.tokens(cand.outer):
                    self.quoted[tok.i] = n

    def tokens(self, span: Offsets) -> Span:
        """The tokens overlapping ``span``."""
        found = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        return found if found is not None else self.doc[0:0]

    def sentence(self, span: Offsets) -> Offsets:
        """The sentence(s) holding ``span``."""
        toks = self.tokens(span)
        if not len(toks):
            return span
        first, last = toks[0].sent, toks[-1].sent
        return first.start_char, max(last.end_char, span[1])


def word_starts(text: str, spans: Iterable[Offsets]) -> set[int]:
    """Start offsets of the words in ``spans``."""
    return {m.start() for s, e in spans for m in WORD.finditer(text, s, e)}


def n_words(text: str, start: int = 0, end: int | None = None) -> int:
    """The number of words in ``text[start:end]``."""
    return sum(1 for _ in WORD.finditer(text, start, len(text) if end is None else end))


def overlaps(a: Offsets, b: Offsets) -> bool:
    """Whether two spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def phrase(head: Token) -> Offsets:
    """The words naming a speaker: the noun phrase of ``head`` without relative clauses."""
    span = noun_phrase(head, NP_CUT_DEPS)
    return span.start_char, span.end_char


def speaker_of(verb: Token) -> Offsets | None:
    """The words naming the speaker of a cue verb, if the parse gives them."""
    subject = subject_of_verb(verb, SPEAKER_RULE)
    return phrase(subject) if subject is not None else None
