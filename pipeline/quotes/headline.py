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
    """The quote of a title, spoken by its first words.

    "Mayor: bridge will open in May" (headline), "Mayor says bridge will open" (indirect).
    """
    line = text[title.start : title.end]
    colon = line.find(": ")
    if colon > 0:
        speaker = line[:colon]
        claim_start = title.start + colon + 2
        if (
            1 <= n_words(speaker) <= MAX_SPEAKER_WORDS
            and speaker.lower() not in RUBRICS
            and claim_start < title.end
        ):
            span = (claim_start, title.end)
            who = (title.start, title.start + len(speaker.split(" to ")[0]))
            return Candidate("headline", [span], span, speaker=who)
    match = HEADLINE_SAYS.match(line)
    if match is None:
        return None
    span = (title.start + match.start("content"), title.end)
    cue = (title.start + match.start("cue"), title.start + match.end("cue"))
    who = (title.start, title.start + match.end("speaker"))
    return Candidate("indirect", [span], span, cue=cue, speaker=who)
