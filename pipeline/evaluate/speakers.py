"""Speaker identity on gold documents: is each person filed under one name across articles,
are the named speakers names, and does a mention's confidence say how often it is right.

The most quoted people of a gold set, and the names its source mentions give them, are in
``people.toml`` beside this module (written by hand from PolNeAR's development split).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from pipeline.evaluate.match import Predicted, speaker_correct

CALIBRATION_BINS = (0.9, 0.8, 0.5, 0.0)  # lower bounds, highest first
# What names nobody, by the evaluation's own rules (never the identify stage's lists):
PRONOUNS = frozenset(
    """i me you he him she her it we us they them who whom which that this these those
    someone somebody something some many others one all everyone anyone nobody none""".split()  # noqa: SIM905  (a word list read as one)
)
HEADLINE_VERB = re.compile(
    r"\b(?:Says|Said|Tells|Told|Warns|Claims|Insists|Admits|Denies|Urges|Calls|Slams|Rips"
    r"|Blasts|Hits|Knocks|Mocks|Praises|Vows|Demands|Defends|Accuses|Attacks|Blames|Hammers"
    r"|Debunks|Rejects)\b"
)
NOT_A_NAME = re.compile(r"https?:|www\.|\b\d{1,2}[.:]\d\d\b|^\W*['’]s\b|^\W*$")
MAX_NAME_WORDS = 10


@dataclass
class Identity:
    """Speaker-identity counts of one gold file."""

    filed: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    named: int = 0
    not_names: int = 0
    calibration: dict[float, list[int]] = field(default_factory=dict)  # bin -> [right, n]

    def one_name_share(self) -> float | None:
        """Of the people's mentions, the share filed under each person's main name."""
        total = sum(sum(c.values()) for c in self.filed.values())
        main = sum(c.most_common(1)[0][1] for c in self.filed.values() if c)
        return main / total if total else None

    def not_name_share(self) -> float | None:
        """Of the mentions with a speaker, the share whose speaker is no name."""
        return self.not_names / self.named if self.named else None

    def accuracy_from(self, low: float) -> tuple[float, int] | None:
        """Speaker accuracy and count of the matched mentions in the bin from ``low``."""
        right, n = self.calibration.get(low, [0, 0])
        return (right / n, n) if n else None


@dataclass(frozen=True)
class Person:
    """One of the most quoted people: the gold's names for them, and where a name means
    someone else (a "Clinton" in an article about Bill Clinton)."""

    name: str
    mentions: frozenset[str]
    except_in: frozenset[str] = frozenset()


@cache
def people(gold_name: str) -> tuple[Person, ...]:
    """The most quoted people of a gold file (none for a file ``people.toml`` lacks)."""
    data = tomllib.loads(files(__package__).joinpath("people.toml").read_text("utf-8"))
    return tuple(
        Person(p["name"], frozenset(p["mentions"]), frozenset(p.get("except_in", ())))
        for p in data.get(gold_name.removesuffix(".jsonl"), [])
    )


def not_a_name(speaker: str) -> bool:
    """Whether a speaker is no name: a pronoun, a possessive scrap, a time or web address,
    a headline's verb with the name, or a sentence."""
    text = " ".join(speaker.split())
    return (
        text.casefold() in PRONOUNS
        or NOT_A_NAME.search(text) is not None
        or HEADLINE_VERB.search(text) is not None
        or len(text.split()) > MAX_NAME_WORDS
    )


def score_identity(
    doc: dict[str, Any],
    preds: Sequence[Predicted],
    pairs: Mapping[int, int],
    counts: Identity,
    cast: Iterable[Person],
) -> None:
    """Add one document's identity counts: its people's matched mentions by the name they
    are filed under, its named speakers, and the calibration of its matched mentions."""
    quotes = doc["quotes"]
    written = {m: p for p in cast for m in p.mentions if doc["file"] not in p.except_in}
    for gi, pi in pairs.items():
        quote = quotes[gi]
        if quote.get("optional"):
            continue
        person = written.get(quote.get("speaker") or "")
        if person is not None:
            counts.filed[person.name][preds[pi].speaker] += 1
        low = next(b for b in CALIBRATION_BINS if preds[pi].confidence >= b)
        cell = counts.calibration.setdefault(low, [0, 0])
        cell[0] += speaker_correct(doc, quote, preds[pi])
        cell[1] += 1
    named = [p.speaker for p in preds if p.speaker]
    counts.named += len(named)
    counts.not_names += sum(map(not_a_name, named))
