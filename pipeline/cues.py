"""Where the cues of a doc are, for both spaCy stages: spaCy's matchers, built from the
lexicon once per vocab.

Phrase matchers find the cue words: verbs and nouns of saying by lemma, the anchor words of
the cue shapes ("according", "clear") by form. A dependency matcher per shape finds the shape
itself: ``according to X``, ``X made (it) clear``. (A noun of saying with its ``that``
clause is checked in code, ``quotes.content.noun_clause``: as a dependency pattern it took
about 0.1 s over PolNeAR dev's 81,000 tokens, a tenth of both stages' time, as its clause
node matches every clausal dependent of a doc. The verbs of saying are found here, but who
says what stays code: a subject is inherited over up to three clauses, and a verb's content
is the first of several constructions that applies.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.lexicon import words
from pipeline.syntax import VERBS

MAKE, CLEAR, ACCORDING = "make", "clear", "according"
# The phrase matchers' keys: the lists each key's lemmas come from, the form of each anchor.
LEMMA_LISTS = {
    "SAY": ("say",),
    "CUE": ("say", "prep_only"),
    "SPEECH": ("say", "prep_only", "carry_on"),
    "ASK": ("ask",),
    "SPEECH_NOUN": ("speech_nouns",),
}
FORMS = {"ACCORDING": ACCORDING, "CLEAR": CLEAR}
IDIOM = "IDIOM"  # the key of the set phrases whose verb of saying is no cue
SHAPE_ANCHORS = {"ACCORDING": "ACCORDING", "MADE_CLEAR": "CLEAR"}
Tokens = tuple[int, int]
Pattern = list[dict[str, object]]


class Cues:
    """Where the cues of one doc are, by token index.

    Each shape's dependency matcher runs on first use, and only over a doc that holds its
    anchor word: a dependency matcher costs a pass in Python over every token its nodes
    could match. A word of a set phrase (``idioms``: "That said, ...") is no cue.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._matchers = cue_matchers(doc.vocab)
        strings = doc.vocab.strings
        idioms = {i for _, start, end in self._matchers.idioms(doc) for i in range(start, end)}
        found: dict[str, set[int]] = defaultdict(set)
        for matcher in (self._matchers.lemmas, self._matchers.forms):
            for key, start, _ in matcher(doc):
                if start not in idioms:  # "That said, ...": no cue
                    found[strings[key]].add(start)
        self._found = found
        as_verbs = {i for i in found["CUE"] if doc[i].pos_ in VERBS}
        self.say = frozenset(as_verbs & found["SAY"])  # verbs of saying (say.txt) as verbs
        self.verbs = frozenset(as_verbs)  # cue verbs as verbs: "said", "railed against"
        self.speech = frozenset(found["SPEECH"])  # a speech verb's lemma: "went on" as well
        self.ask = frozenset(found["ASK"])  # verbs of asking, whose clause may be a question
        self.nouns = frozenset(found["SPEECH_NOUN"])  # nouns of saying: "claim", "warning"
        self.according_words = frozenset(found["ACCORDING"])  # every "according"

    @cached_property
    def according(self) -> dict[int, Tokens]:
        """``according to X``: "according" -> its "to" and X (the first "to" with an object)."""
        return _first_by_anchor((a, (to, x)) for a, to, x in self._shape("ACCORDING"))

    @cached_property
    def made_clear(self) -> dict[int, int]:
        """``X made (it) clear (that) Y``: "clear" -> its "make"."""
        return {clear: make for make, clear in self._shape("MADE_CLEAR")}

    def _shape(self, name: str) -> list[list[int]]:
        """The token ids of each match of one shape, in pattern order (none without its
        anchor word)."""
        if not self._found[SHAPE_ANCHORS[name]]:
            return []
        return [ids for _, ids in self._matchers.shapes[name](self.doc)]


def find_cues(doc: Doc) -> Cues:
    """The cues of a parsed doc, found by the matchers of its vocab."""
    return Cues(doc)


@dataclass(frozen=True)
class CueMatchers:
    """The matchers of one vocab: cue words by lemma and by form, and one per cue shape."""

    lemmas: PhraseMatcher
    forms: PhraseMatcher
    idioms: PhraseMatcher
    shapes: dict[str, DependencyMatcher]


@lru_cache(maxsize=8)
def cue_matchers(vocab: Vocab) -> CueMatchers:
    """The cue matchers of a vocab, built from the lexicon on first use and kept."""
    lemmas = PhraseMatcher(vocab, attr="LEMMA")
    for key, lists in LEMMA_LISTS.items():
        lemmas.add(key, [Doc(vocab, words=[w], lemmas=[w]) for w in _cased(words(*lists))])
    forms = PhraseMatcher(vocab, attr="LOWER")
    for key, form in FORMS.items():
        forms.add(key, [Doc(vocab, words=[form])])
    idioms = PhraseMatcher(vocab, attr="LOWER")
    idioms.add(IDIOM, [Doc(vocab, words=phrase.split()) for phrase in sorted(words("idioms"))])
    patterns = {
        "ACCORDING": _according_pattern(),
        "MADE_CLEAR": _made_clear_pattern(),
    }
    shapes = {name: DependencyMatcher(vocab) for name in patterns}
    for name, pattern in patterns.items():
        shapes[name].add(name, [pattern])
    return CueMatchers(lemmas, forms, idioms, shapes)


def _according_pattern() -> Pattern:
    """``according to X``: "according", its "to", and X, the object of "to"."""
    return [
        {"RIGHT_ID": "according", "RIGHT_ATTRS": {"LOWER": ACCORDING}},
        {"LEFT_ID": "according", "REL_OP": ">", "RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to"}},
        {"LEFT_ID": "to", "REL_OP": ">", "RIGHT_ID": "source", "RIGHT_ATTRS": {"DEP": "pobj"}},
    ]


def _made_clear_pattern() -> Pattern:
    """``X made (it) clear``: "clear" after the "make" it depends on."""
    return [
        {"RIGHT_ID": "make", "RIGHT_ATTRS": {"LEMMA": {"IN": _cased([MAKE])}}},
        {"LEFT_ID": "make", "REL_OP": ">++", "RIGHT_ID": "clear", "RIGHT_ATTRS": {"LOWER": CLEAR}},
    ]


def _first_by_anchor(pairs: Iterable[tuple[int, Tokens]]) -> dict[int, Tokens]:
    """For each anchor token, the first of the token pairs matched with it."""
    first: dict[int, Tokens] = {}
    for anchor, value in sorted(pairs):
        first.setdefault(anchor, value)
    return first


def _cased(lemmas: Iterable[str]) -> list[str]:
    """Each lemma lower-case, capitalised and in capitals: the forms a token's ``lemma_``
    takes for these words (the parser keeps the case of a proper noun's lemma)."""
    return sorted({form for w in lemmas for form in (w, w.capitalize(), w.upper())})
