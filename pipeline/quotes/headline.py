"""Headline quotes: ``Speaker: claim`` and ``Speaker says claim`` in the title."""

from __future__ import annotations

import re

from pipeline.lexicon import words
from pipeline.quotes.candidate import Candidate, n_words, overlaps
from pipeline.records import Block, CleanArticle

RUBRICS = words("rubrics")
MAX_SPEAKER_WORDS = 6
HEADLINE_SAYS = re.compile(
    r"^(?P<speaker>(?:\S+\s+){0,5}?\S+)\s+(?P<cue>"
    + "|".join(sorted(words("headline_cues")))
    + r")\s+(?P<content>\S.*)$",
    re.IGNORECASE,
)


def with_headline(text: str, clean: CleanArticle, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, a headline quote replacing what was found in the title."""
    title = next((b for b in clean.kept if b.label == "title"), None)
    headline = _headline(text, title) if title is not None else None
    if title is None or headline is None:
        return candidates
    span = (title.start, title.end)
    rest = [c for c in candidates if not overlaps(c.outer, span)]
    if headline.type != "headline" and len(rest) < len(candidates):
        return candidates  # the parse found the reported speech of the title already
    return [*rest, headline]


def _headline(text: str, title: Block) -> Candidate | None:
    """The quote of a title, spoken by its first words after any rubric.

    "Mayor: bridge will open in May" (headline), "Mayor says bridge will open" (indirect),
    "The Latest: Mayor says bridge will open" (a rubric, then the title).
    """
    start = title.start
    line = text[start : title.end]
    colon = line.find(": ")
    if colon > 0 and _rubric(line[:colon]):
        start += colon + 2
        line = text[start : title.end]
        colon = line.find(": ")
    if colon > 0:
        speaker = line[:colon]
        claim_start = start + colon + 2
        if 1 <= n_words(speaker) <= MAX_SPEAKER_WORDS and claim_start < title.end:
            span = (claim_start, title.end)
            who = (start, start + len(speaker.split(" to ")[0]))
            return Candidate("headline", [span], span, speaker=who)
    match = HEADLINE_SAYS.match(line)
    if match is None:
        return None
    span = (start + match.start("content"), title.end)
    cue = (start + match.start("cue"), start + match.end("cue"))
    who = (start, start + match.end("speaker"))
    return Candidate("indirect", [span], span, cue=cue, speaker=who)


def _rubric(words_before_colon: str) -> bool:
    """Whether a title's words before its colon are a rubric ("The Latest", "Analysis")."""
    return set(words_before_colon.lower().split()) <= RUBRICS
