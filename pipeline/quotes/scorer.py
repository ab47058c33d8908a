"""The learned part of the quotes stage: a logistic regression that scores each candidate the
rules found, on features of its parse, and drops the unlikely ones.

The weights (``scorer.json``, a few kilobytes) come from ``make train``
(``scripts/train_scorer.py``), which fits them on PolNeAR's training split; scoring is a sum
of the weights of a candidate's features, so it needs no library and no network.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Token

from pipeline.lexicon import words
from pipeline.quotes.candidate import Candidate, Index, n_words
from pipeline.syntax import VERBS

WEIGHTS_FILE = "scorer.json"
MODALS = words("modals")
FIRST_PERSON = words("first_person")
LENGTHS = (3, 6, 10, 20, 40)  # word-count buckets of the content
LABEL_CUES = frozenset(":—–")  # the cue of a transcript's turn: its label's colon, a dash
Features = dict[str, float]


@dataclass(frozen=True)
class Scorer:
    """Weights of named features, a bias, and the least probability a kept quote has."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: Features) -> float:
        """The probability that a candidate with these features is a quote."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, features: Features) -> bool:
        """Whether a candidate with these features is kept."""
        return self.probability(features) >= self.threshold


@cache
def load_scorer() -> Scorer:
    """The shipped scorer, read once per process from the package's ``scorer.json``."""
    data = json.loads(files(__package__).joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    return Scorer(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


def judged(index: Index, cand: Candidate) -> bool:
    """Whether the scorer judges a candidate: not a headline, not a quote nested in another
    (a relayed speaker's words), not a transcript's turn, not the report of a noun of saying
    ("her claim that X"); those the rules alone decide."""
    if cand.type == "headline" or cand.parent is not None:
        return False
    if cand.cue is None:
        return True
    label = index.text[cand.cue[0] : cand.cue[1]] in LABEL_CUES
    return not label and index.tokens(cand.cue).root.pos_ != "NOUN"


def features(index: Index, cand: Candidate) -> Features:
    """The features of one candidate: its type, its cue (which word, how it stands in the
    parse), its speaker and the shape and length of its content."""
    text = index.text
    found: Features = {f"type={cand.type}": 1.0}
    body = [tok for s, e in cand.fragments for tok in index.tokens((s, e))]
    count = sum(n_words(text, s, e) for s, e in cand.fragments)
    found[f"len<={next((n for n in LENGTHS if count <= n), 'more')}"] = 1.0
    found["fragments>1"] = float(len(cand.fragments) > 1)
    found["has_verb"] = float(any(t.pos_ in VERBS for t in body))
    found["question"] = float("?" in text[cand.outer[0] : cand.outer[1]])
    if body:
        found[f"first={body[0].lower_ if body[0].lower_ in OPENERS else body[0].pos_}"] = 1.0
    found.update(_cue_features(index, cand))
    found.update(_speaker_features(index, cand))
    return found


OPENERS = frozenset({"that", "whether", "if", "to", "what", "how", "why", "the", "a", "he", "she"})


def _cue_features(index: Index, cand: Candidate) -> Features:
    """How the cue stands: its tag, its dependency, a modal or negation on it (not which
    word it is: which verbs a corpus annotates is the corpus' own habit)."""
    if cand.cue is None:
        return {"cue=none": 1.0}
    verb = index.tokens(cand.cue).root
    found = {
        f"tag={verb.tag_}": 1.0,
        f"dep={verb.dep_}": 1.0,
        f"cue_pos={verb.pos_}": 1.0,
        "modal": float(any(c.lower_ in MODALS for c in verb.children if c.dep_ == "aux")),
        "negated": float(any(c.dep_ == "neg" for c in verb.children)),
        "in_quote": float(index.quoted[verb.i] >= 0),
        "cue_before": float(cand.cue[1] <= cand.outer[0]),
    }
    found[f"head_dep={_clause_dep(verb)}"] = 1.0
    return found


def _clause_dep(verb: Token) -> str:
    """The dependency of the clause the cue heads, seen from above it (``ROOT`` for a main
    clause)."""
    return "ROOT" if verb.head.i == verb.i else verb.head.dep_


def _speaker_features(index: Index, cand: Candidate) -> Features:
    """What kind of words name the speaker: none, a pronoun (first person or not), a name,
    a noun."""
    if cand.speaker is None:
        return {"speaker=none": 1.0}
    words_ = index.tokens(cand.speaker)
    if not len(words_):
        return {"speaker=none": 1.0}
    root = words_.root
    if root.lower_ in FIRST_PERSON:
        return {"speaker=first_person": 1.0}
    return {f"speaker={root.pos_}": 1.0, f"speaker_ent={root.ent_type_ or 'none'}": 1.0}
