"""Who speaks the turns of an interview labelled by role: "Q" and "Interviewer" are the
interviewer, "A" the person interviewed.

The person interviewed is the one the article names outside the turns: first in its title,
else the person it names most often in its introduction and asides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.attribution.cast import PERSON, Cast, within
from pipeline.attribution.resolver import ROLE, Resolved
from pipeline.lexicon import words
from pipeline.records import Quote

INTERVIEWER = "interviewer"  # who asks, when the transcript does not name them
INTERVIEWER_LABELS = words("interviewer_labels")
INTERVIEWEE_LABELS = words("interviewee_labels")
TURN_CUE = ":"


def interview_roles(doc: Doc, quotes: Sequence[Quote], cast: Cast) -> dict[int, Resolved]:
    """The speaker of each turn labelled by role, by its index in ``quotes``.

    "Q: Why now?" -> the interviewer (a role); "A: Because it was time." -> the person
    interviewed, by name (nobody when the article names nobody).
    """
    roles = {i: _role(q) for i, q in enumerate(quotes) if q.cue == TURN_CUE}
    roles = {i: role for i, role in roles.items() if role}
    if not roles:
        return {}
    named = _interviewee(doc, quotes, cast) if INTERVIEWEE_LABELS & set(roles.values()) else ""
    asking = Resolved(INTERVIEWER, "role", ROLE)
    answering = Resolved(named, "name", PERSON) if named else Resolved.nobody()
    return {i: asking if role in INTERVIEWER_LABELS else answering for i, role in roles.items()}


def _role(quote: Quote) -> str:
    """The role label of a turn ("q", "a", "interviewer"), or "" for a name."""
    label = quote.speaker_mention.lower()
    return label if label in INTERVIEWER_LABELS | INTERVIEWEE_LABELS else ""


def _interviewee(doc: Doc, quotes: Sequence[Quote], cast: Cast) -> str:
    """The person the article names outside its quotes: first in the first line (the
    title), else the one named most often."""
    spans = [f for q in quotes for f in q.fragments]
    persons = [e for e in doc.ents if e.label_ == "PERSON" and not within(e.start_char, spans)]
    if not persons:
        return ""
    title_end = doc.text.find("\n")
    in_title = [e for e in persons if title_end < 0 or e.end_char <= title_end]
    if in_title:
        return cast.canonical(in_title[0].text)
    counts = Counter(cast.canonical(e.text) for e in persons)
    return counts.most_common(1)[0][0]  # ties: the first named
