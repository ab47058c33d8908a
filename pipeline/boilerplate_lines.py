"""The blocks the clean stage judges: each line of a text with its measures, and the lines
that repeat across a corpus.

A block's measures are what it says alone: its words, their share of function words, a final
stop, and whether it is page furniture (share widgets, photo credits, login prompts, menus,
newsletter prompts, the author's bio). ``pipeline.boilerplate`` weighs them along the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.records import Offsets

LINE = re.compile(r"[^\r\n]+")
WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

# Page furniture: phrases that make a short block boilerplate wherever it stands (FURNITURE
# anywhere in it, FURNITURE_START at its start, a credit glued to its caption) ...
FURNITURE = re.compile(
    r"""
    ©|\(c\)\ \d{4}|\ball\ rights\ reserved\b
    | \b(cookies?\ (policy|settings|notice)|privacy\ (policy|notice|statement)
         |terms\ (of|and)\ (use|service|conditions))\b
    | \b(credit|photo(graph)?|image|picture)s?\s*:|\bcredit\s*\.\.\.
    | \b(getty\ images|shutterstock|ap\ photo|file\ photo)\b
    | [\[(](ap|afp|epa|reuters|getty|ansa|dpa|xinhua|tass|photo)\b[^\])]*[\])]$
    | [.!?]\s*(ap|afp|epa|reuters|getty\ images|shutterstock|bloomberg)$
    | \bsend\ (in|by|via)\ e-?mail|\bcaptcha\b|\bjavascript\b|\bcommenting\b
    | \b(says|said|wrote|writes|replied)\s*:$
    """,
    re.IGNORECASE | re.VERBOSE,
)
FURNITURE_START = re.compile(
    r"(source|via)s?\s*:|image\ (caption|copyright)\b|(image|photo|picture|slide)\ \d+\ of\ \d+$"
    r"|(show\ more|close\ extra|share\ all)\ sharing\ options\b",
    re.IGNORECASE,
)
GLUED_CREDIT = re.compile(r"[a-z.!?)]Credit\s*:")  # "...eating marmotsCredit: Vesti"
# ... what follows an article, in a block of any length up to END_MATTER_WORDS: a newsletter
# prompt, the author's bio, an invitation to follow someone or to send a tip ...
END_MATTER = re.compile(
    r"""
    \b(sign(ing)?\ up|subscribe|register)\b.{0,80}\b(newsletters?|inbox|alerts|updates|emails?)\b
    | \b(newsletters?|inbox)\b.{0,60}\b(sign(ing)?\ up|subscribe)\b|\bin\ your\ inbox\b
    | ^([\w.'-]+\s){0,3}[\w.'-]+\ (\(@\w+\)\ )?(is|was)\ an?\ ([\w-]+\s){0,8}
      (writer|reporter|editor|contributor|correspondent|journalist|author|columnist|producer|blogger)\b
    | \bfollow\ (us|me|him|her|them|@\w+|[A-Z][\w.]+(\ [A-Z][\w.]+)?)\ on
      \ (twitter|facebook|instagram|linkedin|youtube)\b
    | \b(can|may)\ be\ reached\ at\b|^(email|contact|write\ to)\ [A-Z]\w+\ .{0,30}\bat\ \S+@
    | ^have\ a\ (news\ )?tip\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A block END_MATTER matches holds one of these (a quick test: END_MATTER is slow to search).
END_MATTER_CUES = frozenset({"newsletter", "inbox", "alert", "update", "mail", "follow", "@"})
END_MATTER_CUES |= {"reached", "tip", " is a", " was a"}
# ... and phrases that do so only in a block that is not a sentence (MENU_WORDS anywhere in
# it, MENU_START at its start). A list item's bullet ("- ", "• ") is no menu: an HTML
# extractor writes the article's lists so; a dash glued to the text ("--Sports") is.
MENU_WORDS = re.compile(
    r"""
    \b\d{1,2}:\d\d\s*([ap]\.?m\b|[ap]\.m\.)
    | \b(sign\ (in|up)|log\ ?in|subscribe|newsletter|unsubscribe|register|browser)\b
    | \b(share\ (this|on|via)|click\ (here|the)|follow\ (us|topics))\b
    | \b(read|see)\ (more|also|full)\b|\brelated\ (articles?|stories|content|coverage|news)\b
    | \b(comments?\ (\(|feed|policy)|post\ (a|your)\ comment|leave\ a\ (reply|comment))\b
    | \b(rate\ this|most\ (read|popular|viewed|shared)|trending|advertis(e|ement|ing))\b
    | \b(reuters|afp|epa|ap)/|\s[|»›>]\s
    """,
    re.IGNORECASE | re.VERBOSE,
)
MENU_START = re.compile(
    r"""
    (advertisement|advert|sponsored|ad|related|read\ more|more|share|tweet|e-?mail|print
      |comments?|tags?|topics?|image|photo|video|caption|close|menu|search|home|next|previous
      |loading|skip\ to.*|back\ to\ top|follow\ us.*|sign\ (in|up).*|log\ ?in.*|subscribe.*
      |reply|permalink|report|flag|like|quote)\W*$
    | (related|also\ (read|see|on\ \S+))\s*:|(tags?|topics?|filed\ under|categor(y|ies))\b
    | [|»›>]|[•·*\-–—](?!\s)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# The head of a section that is not the article: a list of other articles (its headlines go,
# up to the next paragraph) ...
TEASERS = re.compile(
    r"""
    ^(related(\ (articles?|stories|posts|content|coverage|news|links|reading))?
      |(read|see|watch)\ (more|next|also)|also\ (read|see|on\b.*)|further\ reading
      |more\ (from|in|on|stories|news|videos|articles|to\ (read|explore))\b.*|more\ like\ this
      |most\ (read|popular|viewed|shared|recent|commented)\b.*
      |(you|we)\ (may|might)\ (also\ )?like\b.*
      |recommended(\ (for\ you|stories|reading|articles|videos))?|don'?t\ miss|must\ read
      |popular(\ (now|articles|posts|stories|videos|on\b.*))?|trending(\ (now|stories|news))?
      |top\ (stories|news|videos)|editor'?s\ picks?|latest(\ (news|stories|videos|articles))?
      |next\ up\b.*|what\ to\ read\ next|in\ other\ news|around\ the\ web|from\ our\ partners)\W*$
    """,
    re.IGNORECASE | re.VERBOSE,
)
# ... or a comment section (nothing after it is the article) ...
COMMENTS = re.compile(
    r"""
    ^\W*(\d+\ )?(comments?|responses?|replies|reactions|discussion)\W*(\d+\W*)?$
    | ^(top\ rated|readers?'?|user|show|view|load|read|see|hide)\ (all\ )?(\d+\ )?comments\b
    | ^(leave|post|add|write|submit)\ (a|an|your)\ (comment|reply|response)
    | ^join\ the\ (conversation|discussion)|^(\d+\ )?thoughts?\ on\b|^what\ do\ you\ think\W*$
    | ^comments\ (are\ closed|for\ this)|\bsubscribe\ to\ comments\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# ... of any length when it names the post: "10 thoughts on “Title”", "34 responses to “Title”"
COMMENTS_ON = re.compile(
    r"^(\d+\ )?(thoughts?|responses?|comments?|replies)\ (on|to)\ [\"“'‘]", re.IGNORECASE
)

SENTENCE_WORDS = 6  # words of a sentence that is never furniture
MAX_FURNITURE_WORDS = 30  # furniture phrases only condemn blocks shorter than this
MAX_MENU_WORDS = 15  # menu words (and a comment section's head) are in blocks shorter than this
TEASERS_HEAD_WORDS = 8  # a head of a list of other articles is no longer than this
END_MATTER_WORDS = 60  # end matter only condemns blocks shorter than this
TITLE_SHARE = 0.75  # share of capitalised content words that makes a line headline-cased
PIECE_CHARS = 1_000_000  # a longer text (a dump, not an article) is labelled piece by piece


Head = Literal["", "teasers", "comments"]


@dataclass(frozen=True)
class Line:
    """One block with the measures the classifier uses."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    stop_density: float
    sentence: bool  # ends with a full stop, question or exclamation mark
    prose: bool  # a sentence of several words: never a menu entry, never a repeated line
    furniture: bool
    head: Head  # the head of a section that is not the article, if it is one

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
    sentence = SENTENCE_END.search(text.rstrip("| ")) is not None  # (a table row ends in "|")
    prose = sentence and len(words) >= SENTENCE_WORDS
    furniture = _is_furniture(text, words, prose)
    return Line(start, end, text, words, density, sentence, prose, furniture, _head(text, words))


def _is_furniture(text: str, words: Sequence[str], prose: bool) -> bool:
    """Whether a block is page furniture by its own words."""
    n = len(words)
    if n < MAX_FURNITURE_WORDS and (
        FURNITURE_START.match(text)
        or FURNITURE.search(text)
        or ("Credit" in text and GLUED_CREDIT.search(text))
    ):
        return True
    table_row = text.startswith("|") and text.endswith("|")  # "| DL | Ann Lee | 63 |"
    menu = not prose and n < MAX_MENU_WORDS and not table_row
    if menu and (MENU_START.match(text) or MENU_WORDS.search(text)):
        return True
    if n >= END_MATTER_WORDS:
        return False
    low = text.lower()
    return any(cue in low for cue in END_MATTER_CUES) and END_MATTER.search(text) is not None


def _head(text: str, words: Sequence[str]) -> Head:
    """Which section a block opens: a list of other articles, comments, or neither."""
    if COMMENTS_ON.search(text):
        return "comments"
    if len(words) >= MAX_MENU_WORDS:
        return ""
    if len(words) <= TEASERS_HEAD_WORDS and TEASERS.search(text):
        return "teasers"
    return "comments" if COMMENTS.search(text) else ""


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
