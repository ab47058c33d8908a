"""The learned part of the quotes stage: a logistic regression that scores each candidate the
rules found, on features of its parse, and drops the unlikely ones.

The features are what the rules know of a candidate: its type and shape (which rule made
it), how its cue stands in the parse and which lists of the lexicon its word is in, what
kind of words name its speaker, the length, shape and place of its content, and the other
candidates around it; some are crossed with the type. The weights (``scorer.json``, a few
kilobytes) come from ``make train`` (``scripts/train_scorer.py``), which fits them on
PolNeAR's training split; scoring is a sum of the weights of a candidate's features, so it
needs no library and no network.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Span, Token

from pipeline.lexicon import words
from pipeline.quotes.candidate import Candidate, Index, n_words, overlaps
from pipeline.syntax import VERBS

WEIGHTS_FILE = "scorer.json"
MODALS = words("modals")
FIRST_PERSON = words("first_person")
LENGTHS = (3, 6, 10, 20, 40)  # word-count buckets of the content
LABEL_CUES = frozenset(":—–")  # the cue of a transcript's turn: its label's colon, a dash
GAPS = (0, 1, 2, 5, 10)  # word-count buckets of the words between the cue and the content
SPEAKER_LENGTHS = (1, 3, 6)  # word-count buckets of the speaker's words
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
SECOND_PERSON = frozenset({"you", "your"})
RELATIVE_PRONOUNS = words("relative_pronouns")
ORG_WORDS = words("org_words")
# What a common noun naming the speaker is: a role ("the senator"), a body ("the campaign"),
# a document ("the report"), or another thing ("a look at X suggests").
NOUN_KINDS = {
    "role": words("role_words", "spokespeople", "name_titles"),
    "document": words("document_nouns"),
    "body": words("body_nouns"),
}
ORG_ENTS = frozenset({"ORG", "NORP", "GPE"})
OPENERS = frozenset({"that", "whether", "if", "to", "what", "how", "why", "the", "a", "he", "she"})
# The lexicon lists whose cue verbs behave alike: asking, urging, describing, the verbs that
# report with a preposition, those whose object is the hearer, and so on.
CUE_CLASSES = (
    "ask",
    "ask_for",
    "as_source",
    "carry_on",
    "describe",
    "hearer_object",
    "prep_only",
    "report_about",
    "report_against",
    "report_of",
    "report_on",
    "urge",
    "voice_verbs",
)
# Features crossed with the candidate's type: a direct quote's cue or speaker says other
# things than an indirect one's.
CROSSED = frozenset(
    {"dep", "shape", "gap", "quoted", "clause", "finite", "speaker_kind", "cue_class"}
)
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

    def kept(self, index: Index, found: Sequence[Candidate]) -> list[Candidate]:
        """The article's candidates the scorer keeps, and those it does not judge."""
        return [
            c for c in found if not judged(index, c, found) or self.keeps(features(index, c, found))
        ]


@cache
def load_scorer() -> Scorer:
    """The shipped scorer, read once per process from the package's ``scorer.json``."""
    data = json.loads(files(__package__).joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    return Scorer(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


def judged(index: Index, cand: Candidate, found: Sequence[Candidate]) -> bool:
    """Whether the scorer judges a candidate among the article's candidates ``found``: not a
    headline, not a quote nested in another (a relayed speaker's words), not a transcript's
    turn, not the report of a noun of saying ("her claim that X"), not ``X made it clear
    that Y``, not one of several reports of one cue ("said A, that B, and C"); those the
    rules alone decide (the training corpus annotates the last two never, or as one quote,
    where our design counts each report)."""
    if cand.type == "headline" or cand.parent is not None:
        return False
    if cand.cue is None:
        return True
    cue = index.tokens(cand.cue)
    label = index.text[cand.cue[0] : cand.cue[1]] in LABEL_CUES
    coordinated = any(o is not cand and o.parent is None and o.cue == cand.cue for o in found)
    return not (label or coordinated or cue.root.pos_ == "NOUN" or _shape(cue) == "made_clear")


def features(index: Index, cand: Candidate, found: Sequence[Candidate]) -> Features:
    """The features of one candidate among the article's candidates ``found``: its type,
    its content, its cue, its speaker, the candidates around it, and the type crossed with
    the features that tell the types apart."""
    own: Features = {f"type={cand.type}": 1.0}
    own.update(_content_features(index, cand))
    own.update(_cue_features(index, cand))
    own.update(_speaker_features(index, cand))
    own.update(_neighbour_features(index, cand, found))
    crossed = {k: v for k, v in own.items() if k.split("=")[0] in CROSSED}
    own.update({f"{cand.type}&{k}": v for k, v in crossed.items()})
    return own


def _content_features(index: Index, cand: Candidate) -> Features:
    """What the content is: its length, pieces, first word, whether it holds a verb and a
    clause of its own, how much of it is inside quotation marks, where it stands in its
    sentence and whether it is the title."""
    text = index.text
    body = [tok for s, e in cand.fragments for tok in index.tokens((s, e))]
    count = sum(n_words(text, s, e) for s, e in cand.fragments)
    found: Features = {f"len<={_bucket(count, LENGTHS)}": 1.0}
    found["fragments>1"] = float(len(cand.fragments) > 1)
    found["has_verb"] = float(any(t.pos_ in VERBS for t in body))
    found["finite"] = float(any(t.tag_ in FINITE_TAGS for t in body))
    inside = {t.i for t in body}
    found["clause"] = float(any(t.dep_ in CLAUSE_SUBJECTS and t.head.i in inside for t in body))
    found["question"] = float("?" in text[cand.outer[0] : cand.outer[1]])
    found["title_line"] = float(text.find("\n") > cand.outer[0] or "\n" not in text)
    words_ = [t for t in body if not (t.is_punct or t.is_space)]
    if words_:
        first_word = words_[0]
        opener = first_word.lower_ if first_word.lower_ in OPENERS else first_word.pos_
        found[f"first={opener}"] = 1.0
        quoted = sum(index.quoted[t.i] >= 0 for t in words_)
        share = "none" if not quoted else "all" if quoted == len(words_) else "part"
        found[f"quoted={share}"] = 1.0
        sent = [t for t in words_[0].sent if not (t.is_punct or t.is_space)]
        found["opens_sentence"] = float(bool(sent) and sent[0].i == first_word.i)
        found["closes_sentence"] = float(bool(sent) and sent[-1].i == words_[-1].i)
        found["inner_cue"] = float(any(t.i in index.cues.verbs for t in words_))
    return found


def _neighbour_features(index: Index, cand: Candidate, found: Sequence[Candidate]) -> Features:
    """How the candidate stands among the article's other candidates (nested ones aside):
    another overlapping its words, another in its sentence. (Not another with its cue: a
    coordinated report is two quotes by design, one by the training corpus' habit.)"""
    others = [o for o in found if o is not cand and o.parent is None]
    sentence = index.sentence(cand.outer)
    pieces = [(f, g) for o in others for f in cand.fragments for g in o.fragments]
    return {
        "overlapped": float(any(overlaps(f, g) for f, g in pieces)),
        "same_sentence": float(any(overlaps(sentence, o.outer) for o in others)),
    }


def _bucket(value: int, limits: tuple[int, ...]) -> str:
    """The least limit ``value`` is at most, or ``more``."""
    return str(next((n for n in limits if value <= n), "more"))


def _cue_features(index: Index, cand: Candidate) -> Features:
    """How the cue stands: its tag, its dependency, a modal or negation on it, its shape,
    which lists of the lexicon its word is in (not which word it is: which verbs a corpus
    annotates is the corpus' own habit), how many words part it from the content and
    whether a colon does."""
    if cand.cue is None:
        return {"cue=none": 1.0}
    cue = index.tokens(cand.cue)
    verb = cue.root
    lemma = verb.lemma_.lower()
    before = cand.cue[1] <= cand.outer[0]
    found = {
        f"tag={verb.tag_}": 1.0,
        f"dep={verb.dep_}": 1.0,
        f"cue_pos={verb.pos_}": 1.0,
        f"head_dep={_clause_dep(verb)}": 1.0,
        "modal": float(any(c.lower_ in MODALS for c in verb.children if c.dep_ == "aux")),
        "negated": float(any(c.dep_ == "neg" for c in verb.children)),
        "in_quote": float(index.quoted[verb.i] >= 0),
        "cue_before": float(before),
        f"shape={_shape(cue)}": 1.0,
    }
    found.update({f"cue_class={name}": 1.0 for name in CUE_CLASSES if lemma in words(name)})
    gap = (cand.cue[1], cand.outer[0]) if before else (cand.outer[1], cand.cue[0])
    between = index.text[gap[0] : gap[1]] if gap[0] <= gap[1] else ""
    found[f"gap<={_bucket(n_words(between), GAPS)}"] = 1.0
    found["colon"] = float(before and ":" in between)
    return found


def _shape(cue: Span) -> str:
    """Which rule made the cue: ``according to X``, ``made clear``, or a verb of saying."""
    first_word, last_word = cue[0].lower_, cue[-1].lower_
    if first_word == "according":
        return "according"
    return "made_clear" if last_word == "clear" else "verb"


def _clause_dep(verb: Token) -> str:
    """The dependency of the clause the cue heads, seen from above it (``ROOT`` for a main
    clause)."""
    return "ROOT" if verb.head.i == verb.i else verb.head.dep_


def _speaker_features(index: Index, cand: Candidate) -> Features:
    """What kind of words name the speaker (``_speaker_kind``), the tag and entity type of
    their head, and how many they are."""
    if cand.speaker is None:
        return {"speaker=none": 1.0}
    words_ = index.tokens(cand.speaker)
    if not len(words_):
        return {"speaker=none": 1.0}
    root = words_.root
    count = n_words(index.text, *cand.speaker)
    return {
        f"speaker_kind={_speaker_kind(root)}": 1.0,
        f"speaker={root.pos_}": 1.0,
        f"speaker_ent={root.ent_type_ or 'none'}": 1.0,
        f"speaker_len<={_bucket(count, SPEAKER_LENGTHS)}": 1.0,
    }


def _speaker_kind(root: Token) -> str:
    """The kind of speaker the head word of its words names: a pronoun (first or second
    person, relative, other), a person, an organisation, another entity or name, a role, a
    body, a document or another noun."""
    lower = root.lower_
    if lower in FIRST_PERSON or lower in SECOND_PERSON:
        return "first_person" if lower in FIRST_PERSON else "second_person"
    if lower in RELATIVE_PRONOUNS:
        return "relative"
    if root.pos_ == "PRON":
        return "pronoun"
    if root.ent_type_ == "PERSON":
        return "person"
    if root.ent_type_ in ORG_ENTS or lower in ORG_WORDS:
        return "organisation"
    if root.ent_type_:
        return "other_entity"
    if root.pos_ == "PROPN":
        return "name"
    lemma = root.lemma_.lower()
    return next((kind for kind, nouns in NOUN_KINDS.items() if lemma in nouns), "noun")
