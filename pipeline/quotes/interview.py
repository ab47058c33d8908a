"""Interview transcripts: every turn of a Q&A is a direct quote by whoever speaks it.

A turn is a paragraph opened by a speaker label (``Q:``, ``A:``, ``Interviewer:``,
``Maria Lopez:``, ``**Maria Lopez:**``, ``PENCE:``; an HTML ``<strong>Name:</strong>``
reaches us as ``Name:``) or an answer signed off by its speaker (a closing ``— Maria Lopez``
line or tail). Labels in capitals are turns wherever they stand; the other labels only in a
transcript, an article with at least MIN_TURNS of them, as "Background: ..." or "Note: ..."
also open paragraphs. Unlabelled paragraphs right after a turn carry it on. Who "Q" and "A"
are is the attribute stage's business (``attribution.interview``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.lexicon import words
from pipeline.quotes.candidate import Candidate
from pipeline.records import Offsets

NAME_WORD = r"[A-Z][\w.'’-]*"
NAME = rf"{NAME_WORD}(?:\s+(?:{NAME_WORD}|al|bin|de|la|le|van|von)){{0,3}}"
LABEL = re.compile(
    rf"[\"“”„«']?\s*(?P<bold>\*\*|__)?\s*(?P<name>{NAME})\s*(?:(?P=bold)\s*:|:\s*(?P=bold)?)\s+(?=\S)"
)
SIGN_OFF = re.compile(rf"(?:^|\s)[—–]\s*(?P<name>{NAME})\s*$", re.MULTILINE)
CAPITALS = re.compile(r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2}")
LABEL_RUBRICS = words("rubrics", "label_rubrics")
MARK_CHARS = "\"“”„«»'‘’"
MIN_TURNS = 2  # labels in other than capitals make a transcript from this many
MAX_SIGNED_WORDS = 4  # a sign-off names its speaker in at most this many words
ASIDE_OPENERS = ("(", "[")  # "(Laughter)", "[The call dropped.]": not a turn's words


def transcript_turns(text: str, paragraphs: Sequence[Offsets]) -> dict[int, Candidate]:
    """The turns of a transcript, by the index of the paragraph each opens.

    Each is a direct quote whose cue is the label's colon (or the sign-off's dash) and
    whose speaker is the label's name; a turn's unlabelled follow-up paragraphs are more
    fragments of it.
    """
    labels = {p: m for p, (s, e) in enumerate(paragraphs) if (m := _label(text, s, e))}
    transcript = sum(1 for m in labels.values() if not _in_capitals(m)) >= MIN_TURNS
    signed = [c for p in range(len(paragraphs)) if (c := _signed(text, p, paragraphs))]
    turns = {c.paragraphs[0]: c for c in signed}
    sign_offs = {c.paragraphs[1] for c in signed}
    last: Candidate | None = None
    for p, (start, end) in enumerate(paragraphs):
        match = labels.get(p)
        if p in turns or p in sign_offs:
            last = None
        elif match is not None and (transcript or _in_capitals(match)):
            last = turns[p] = _turn(text, p, (start, end), match)
        elif transcript and last is not None and _carries_on(text, last, p, start):
            last.fragments.append(_content(text, start, end))
            last.outer = (last.outer[0], end)
            last.paragraphs = (last.paragraphs[0], p)
        else:
            last = None
    return turns


def _label(text: str, start: int, end: int) -> re.Match[str] | None:
    """The speaker label opening a paragraph, unless it is a rubric ("UPDATE:")."""
    match = LABEL.match(text, start, end)
    if match is None or any(w in LABEL_RUBRICS for w in match["name"].lower().split()):
        return None
    return match


def _in_capitals(match: re.Match[str]) -> bool:
    """Whether a label is a name in capitals ("PENCE:", "SEN. WARREN:")."""
    return CAPITALS.fullmatch(match["name"]) is not None


def _turn(text: str, p: int, paragraph: Offsets, match: re.Match[str]) -> Candidate:
    """The turn a labelled paragraph holds: its words after the label, marks stripped."""
    colon = text.index(":", match.end("name"))
    end = paragraph[1]
    if text[paragraph[0]] in MARK_CHARS and text[end - 1] in MARK_CHARS:
        end -= 1  # a transcript quoted whole: '"SMITH: I have not decided."'
    content = _content(text, match.end(), end)
    return Candidate(
        "direct",
        [content],
        paragraph,
        cue=(colon, colon + 1),
        speaker=match.span("name"),
        paragraphs=(p, p),
    )


def _signed(text: str, p: int, paragraphs: Sequence[Offsets]) -> Candidate | None:
    """An answer signed off by its speaker: a paragraph ``— Name`` after it, or a quoted
    paragraph ending in ``” — Name``.

    '“We will rebuild the bridge.” — Maria Lopez' -> "We will rebuild the bridge."
    """
    start, end = paragraphs[p]
    match = SIGN_OFF.search(text, start, end)
    if match is None or len(match["name"].split()) > MAX_SIGNED_WORDS:
        return None
    dash = match.start() + len(match.group()) - len(match.group().lstrip())
    said = text[start:dash].rstrip()
    if not said and p > 0:  # the sign-off is a line of its own
        before = paragraphs[p - 1]
        content, first = _content(text, *before), p - 1
    elif said[-1:] in MARK_CHARS:
        content, first = _content(text, start, start + len(said)), p
    else:
        return None
    if content[0] >= content[1]:
        return None
    outer = (paragraphs[first][0], end)
    return Candidate(
        "direct", [content], outer, cue=(dash, dash + 1), speaker=match.span("name"),
        paragraphs=(first, p),
    )  # fmt: skip


def _carries_on(text: str, last: Candidate, p: int, start: int) -> bool:
    """Whether paragraph ``p`` goes on with the turn before it: it follows that turn's last
    paragraph and is not an aside in brackets."""
    return last.paragraphs[1] == p - 1 and not text.startswith(ASIDE_OPENERS, start)


def _content(text: str, start: int, end: int) -> Offsets:
    """The words of a turn: without surrounding spaces and the quotation marks around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 1 and text[start] in MARK_CHARS and text[end - 1] in MARK_CHARS:
        start, end = start + 1, end - 1
    return start, end
