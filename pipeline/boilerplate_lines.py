"""The blocks the clean stage judges: each line of a text with its measures, and the lines
that repeat across a corpus.

A block's measures are what it says alone: its words, their share of function words, a final
stop, and whether it is page furniture (share widgets, photo credits, login prompts, menus).
``pipeline.boilerplate`` weighs them along the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.records import Offsets

LINE = re.compile(r"[^\r\n]+")
WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

# Page furniture: phrases that make a short block boilerplate wherever it stands ...
FURNITURE = re.compile(
    r"""
    ©|\(c\)\ \d{4}|\ball\ rights\ reserved\b
    | \b(cookies?\ (policy|settings|notice)|privacy\ (policy|notice|statement)
         |terms\ (of|and)\ (use|service|conditions))\b
    | \b(credit|photo(graph)?|image|picture)s?\s*:|\bcredit\s*\.\.\.|^(source|via)s?\s*:
    | \b(getty\ images|shutterstock|ap\ photo|file\ photo)\b
    | [\[(](ap|afp|epa|reuters|getty|ansa|dpa|xinhua|tass|photo)\b[^\])]*[\])]$
    | [.!?]\s*(ap|afp|epa|reuters|getty\ images|shutterstock|bloomberg)$
    | \bsend\ (in|by|via)\ e-?mail|\bcaptcha\b|\bjavascript\b|\bcommenting\b
    | \b(says|said|wrote|writes|replied)\s*:$
    """,
    re.IGNORECASE | re.VERBOSE,
)
# ... and phrases that do so only in a block that is not a sentence.
MENU_WORDS = re.compile(
    r"""
    ^(advertisement|advert|sponsored|ad|related|read\ more|more|share|tweet|e-?mail|print
      |comments?|tags?|topics?|image|photo|video|caption|close|menu|search|home|next|previous
      |loading|skip\ to.*|back\ to\ top|follow\ us.*|sign\ (in|up).*|log\ ?in.*|subscribe.*
      |reply|permalink|report|flag|like|quote)\W*$
    | \b\d{1,2}:\d\d\s*([ap]\.?m\b|[ap]\.m\.)
    | \b(sign\ (in|up)|log\ ?in|subscribe|newsletter|unsubscribe|register|browser)\b
    | \b(share\ (this|on|via)|click\ (here|the)|follow\ (us|topics))\b
    | \b(read|see)\ (more|also|full)\b|\brelated\ (articles?|stories|content|coverage|news)\b
    | \b(comments?\ (\(|feed|policy)|post\ (a|your)\ comment|leave\ a\ (reply|comment))\b
    | \b(rate\ this|most\ (read|popular|viewed|shared)|trending|advertis(e|ement|ing))\b
    | \b(reuters|afp|epa|ap)/|\s[|»›>]\s|^[|»›>•·*\-–—]
    """,
    re.IGNORECASE | re.VERBOSE,
)
SENTENCE_WORDS = 6  # words of a sentence that is never furniture
MAX_FURNITURE_WORDS = 30  # furniture phrases only condemn blocks shorter than this
MAX_MENU_WORDS = 15  # menu words only condemn blocks shorter than this
TITLE_SHARE = 0.75  # share of capitalised content words that makes a line headline-cased
PIECE_CHARS = 1_000_000  # a longer text (a dump, not an article) is labelled piece by piece


@dataclass(frozen=True)
class Line:
    """One block with the measures the classifier uses."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    stop_density: float
    sentence: bool  # ends with a full stop, question or exclamation mark
    prose: bool  # a sentence of several words: never furniture, never a repeated line
    furniture: bool

    @property
    def n_words(self) -> int:
        return len(self.words)

    @property
    def key(self) -> str:
        """The lowercased words: how lines are compared with each other."""
        return " ".join(self.words).lower()


def measure(start: int, end: int, text: str) -> Line:
    """A block's measures; ``text`` is its content with whitespace collapsed."""
    words = tuple(WORD.findall(text))
    stops = sum(1 for w in words if w.lower() in STOP_WORDS)
    density = stops / len(words) if words else 0.0
    sentence = SENTENCE_END.search(text) is not None
    prose = sentence and len(words) >= SENTENCE_WORDS
    furniture = len(words) < MAX_FURNITURE_WORDS and (
        FURNITURE.search(text) is not None
        or (not prose and len(words) < MAX_MENU_WORDS and MENU_WORDS.search(text) is not None)
    )
    return Line(start, end, text, words, density, sentence, prose, furniture)


def pieces(text: str, limit: int = PIECE_CHARS) -> Iterator[Offsets]:
    """Spans that cover ``text``, each of at most ``limit`` characters: cut after the last
    line break of each window, else after its last space, else anywhere."""
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = max(text.rfind("\n", start, end), text.rfind("\r", start, end))
        if cut < start:
            cut = text.rfind(" ", start, end)
        cut = end if cut < start else cut + 1
        yield start, cut
        start = cut
    yield start, len(text)


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Every non-blank line of ``text[start:end]`` (\\n, \\r\\n and \\r all end a line),
    stripped; offsets are into ``text``."""
    lines = []
    for match in LINE.finditer(text, start, len(text) if end is None else end):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + len(raw) - len(raw.lstrip())
            lines.append(measure(start, start + len(stripped), " ".join(stripped.split())))
    return lines


@dataclass(frozen=True)
class CorpusLines:
    """Lines that repeat across articles of one corpus: menus, widgets, footers, teasers.

    Sentences are left out: a wire story printed by several outlets repeats them.
    """

    lines: frozenset[str] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_docs: int = 2) -> CorpusLines:
        """Collect the short lines (compared by their words) seen in ``min_docs`` texts."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update({key for key in map(_repeat_key, _raw_lines(text)) if key})
        return cls(frozenset(key for key, n in counts.items() if n >= min_docs))

    def __contains__(self, line: object) -> bool:
        """Whether a line of text (or a measured block) is one of the repeated lines."""
        if isinstance(line, Line):
            return not line.prose and line.key in self.lines
        return isinstance(line, str) and _repeat_key(line) in self.lines

    def marks(self, text: str) -> str:
        """Which lines of ``text`` are repeated lines, one "1" or "0" a line ("" if none can
        be): all that cleaning takes from the corpus."""
        if not self.lines:
            return ""
        return "".join("1" if line in self else "0" for line in _raw_lines(text))


def _raw_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as they are, piece by piece (so a huge line comes in pieces)."""
    for span in pieces(text):
        yield from (m.group() for m in LINE.finditer(text, *span))


def _repeat_key(line: str) -> str:
    """How a line is compared across a corpus (its lowercased words), or "" for a line that
    never counts as repeated: a sentence of several words, or no words at all."""
    words = WORD.findall(line)
    if len(words) >= SENTENCE_WORDS and SENTENCE_END.search(line.strip()):
        return ""
    return " ".join(words).lower()


def title_case(words: Sequence[str]) -> bool:
    """Whether most content words are capitalised, as in a headline or a menu."""
    content = [w for w in words if len(w) > 3 and w.isalpha() and w.lower() not in STOP_WORDS]
    caps = sum(1 for w in content if w[0].isupper())
    return len(content) >= 2 and caps >= TITLE_SHARE * len(content)
