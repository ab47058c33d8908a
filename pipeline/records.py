"""Small frozen records passed between the stages.

Every span is a pair of character offsets into ``Article.text`` (0-based, end exclusive);
no stage finds text again by searching for it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

Label = Literal["title", "dek", "byline", "body", "boilerplate"]
QuoteType = Literal["direct", "indirect", "mixed", "headline"]
# How a mention's speaker was found: a full name, a surname (or part of a name), a name the
# run's other articles complete, a pronoun, a role or description, the previous quote's
# speaker, the enclosing quote's speaker ("I" inside a relayed quote), or not at all.
Resolution = Literal[
    "name", "surname", "corpus", "pronoun", "role", "continuation", "relayed", "none"
]
Offsets = tuple[int, int]

QUOTE_TYPES: tuple[QuoteType, ...] = get_args(QuoteType)

KEPT_LABELS: frozenset[str] = frozenset({"title", "dek", "body"})
FRAGMENT_JOIN = " … "  # joins the pieces of a split quote in ``Quote.text`` and the CSVs
# What the parser reads as a plain space: a non-breaking space becomes a token of its own
# and splits the parse ("according to\u00a0an interview"). One character for one: offsets
# are kept.
PARSE_SPACES = str.maketrans({"\u00a0": " "})


@dataclass(frozen=True)
class Article:
    """One input document: ``source`` is its path relative to INPUT (or its JSONL id).

    ``derived``: offsets refer to a text that is not the input's own (the file decoded as
    plain UTF-8, or a JSONL line's ``text`` as given) but one made from it: extracted from
    HTML, DOCX or PDF, decoded from another encoding, or with bytes or characters replaced.
    The run writes such a text to ``OUT/text/``.
    """

    source: str
    text: str
    meta: Mapping[str, str] = field(default_factory=dict)
    derived: bool = False


@dataclass(frozen=True)
class ArticleFiles:
    """Where an article's texts were written (names under ``OUT/clean/`` and ``OUT/text/``,
    "" where none was), with its source metadata: one row of ``articles.csv``."""

    source: str
    clean_file: str
    text_file: str
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the article (no surrounding whitespace) and its label."""

    start: int
    end: int
    label: Label


@dataclass(frozen=True)
class CleanArticle:
    """An article with every block labelled by the clean stage."""

    article: Article
    blocks: tuple[Block, ...]

    @property
    def kept(self) -> tuple[Block, ...]:
        """The title, dek and body blocks: the text quotes are looked for in."""
        return tuple(b for b in self.blocks if b.label in KEPT_LABELS)

    def clean_text(self) -> str:
        """The kept blocks, one per paragraph, blank line between them."""
        text = self.article.text
        return "\n\n".join(" ".join(text[b.start : b.end].split()) for b in self.kept)

    def masked_text(self) -> str:
        """The article text with everything but kept blocks blanked out, same length.

        Offsets into it are offsets into the article, so the parse can run on it directly.
        Blanked characters become spaces, except line breaks, which are kept so that
        paragraphs stay apart; non-breaking spaces become plain ones (``PARSE_SPACES``).
        """
        return blanked_text(self.article.text, [(b.start, b.end) for b in self.kept])


@dataclass(frozen=True)
class Quote:
    """A quote or piece of reported speech found in one article.

    ``fragments`` are the pieces of the content (several when the attribution splits it or
    it runs over paragraphs); ``sentence`` spans the sentence(s) holding it. The speaker
    fields name the words that introduce the speaker in the article, if any.
    """

    source: str
    type: QuoteType
    fragments: tuple[Offsets, ...]
    text: str
    sentence: Offsets
    cue: str = ""
    cue_span: Offsets | None = None
    speaker_mention: str = ""
    speaker_span: Offsets | None = None
    is_question: bool = False

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass(frozen=True)
class Mention:
    """A quote resolved to its speaker (canonical name, empty when unresolved).

    ``meta`` is the article's source metadata and ``sentence`` the text of
    ``quote.sentence``; the per-article step fills both, so that the corpus-wide stages
    (cluster, export) need no article text. ``resolution`` says how the speaker was found
    and ``confidence`` how likely it is right (0 to 1); ``speaker_kind`` is what the
    attribute stage knows the speaker is (person, body, group, role, name: a proper name
    it cannot class); ``speaker_id`` is set by the identify stage, one per person or body
    of the run. ``story_id`` names the story its article carries (``stories.find_stories``:
    copies of one wire story share it), set by the run.
    """

    mention_id: str
    quote: Quote
    speaker: str = ""
    reported_by: str = ""
    in_registry: bool = False
    meta: Mapping[str, str] = field(default_factory=dict)
    sentence: str = ""
    speaker_id: str = ""
    resolution: Resolution = "none"
    confidence: float = 0.0
    speaker_kind: str = ""
    story_id: str = ""

    @property
    def outlet(self) -> str:
        """The outlet the mention is credited to: its article's, else its source (one line)."""
        return " ".join(self.meta.get("outlet", "").split()) or " ".join(self.quote.source.split())


@dataclass(frozen=True)
class Claim:
    """Mentions of one speaker that state the same thing, across sources.

    ``first_sentence`` is the sentence of its first mention in the run's order;
    ``first_published`` the earliest ``published`` date of its mentions ("" when none is
    dated) and ``first_mention`` the id of its earliest mention (the earliest date, else the
    first in the run's order), whose outlet is the claim's ``first_outlet``. The wording
    audit (``clustering.wording``): ``wording`` is ``verbatim``, ``trimmed``, ``altered`` or
    ``paraphrased``; ``changes`` lists each change from the first direct wording with the
    outlets that made it (``never → not (Reuters)``), and ``differing`` the ids of the
    direct mentions whose words differ from it.
    """

    claim_id: str
    speaker: str
    claim: str
    type: QuoteType
    mention_ids: tuple[str, ...]
    sources: tuple[str, ...]
    variants: tuple[str, ...]
    cues: tuple[str, ...] = ()
    first_sentence: str = ""
    speaker_id: str = ""
    first_published: str = ""
    first_mention: str = ""
    wording: str = ""
    changes: tuple[str, ...] = ()
    differing: tuple[str, ...] = ()


def blanked_text(text: str, spans: Iterable[Offsets]) -> str:
    """``text`` as the parser reads it: everything outside ``spans`` blanked (spaces, line
    breaks kept, so paragraphs stay apart), non-breaking spaces made plain
    (``PARSE_SPACES``); same length, so offsets into it are offsets into ``text``."""
    chars = [c if c in "\n\r" else " " for c in text]
    for start, end in spans:
        chars[start:end] = text[start:end]
    return "".join(chars).translate(PARSE_SPACES)


def stable_id(prefix: str, *parts: object, digits: int = 10) -> str:
    """A short id that depends only on ``parts``: the same input always gives the same id."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:digits]}"


def mention_id(quote: Quote) -> str:
    """The stable id of the mention of ``quote``: its article and offsets."""
    return stable_id("M", quote.source, quote.start, quote.end)


def unique_ids(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions, in order, each id that several share (two quotes over one stretch, or
    a collision of the short hash in a huge run) made longer, from every fragment."""
    shared = {i for i, n in Counter(m.mention_id for m in mentions).items() if n > 1}
    if not shared:
        return list(mentions)
    return [
        replace(m, mention_id=stable_id("M", m.quote.source, m.quote.fragments, digits=20))
        if m.mention_id in shared
        else m
        for m in mentions
    ]
