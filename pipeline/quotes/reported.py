"""Reported speech from the parse: the cues the matchers found, and who says what.

The cues (verbs of saying, ``according to X``, nouns of saying with a ``that`` clause,
``made clear``) come from ``pipeline.cues``; each shape below pairs a cue with its speaker,
and ``content`` decides the extent of what it reports.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from pipeline.cues import Cues
from pipeline.lexicon import words
from pipeline.quotes.candidate import Candidate, Index, phrase, speaker_of
from pipeline.quotes.content import (
    clauses,
    first,
    noun_clause,
    parenthetical,
    report,
    trimmed,
    verb_content,
)
from pipeline.records import Offsets
from pipeline.syntax import VERBS, cue_span, offsets

CLEAR_DEPS = frozenset({"ccomp", "advcl", "acl", "conj"})
NOUN_SOURCE_PREPS = words("noun_source_preps")

Shape = Callable[[Token, Cues], list[Candidate]]


def reported(doc: Doc, index: Index) -> list[Candidate]:
    """Reported speech from the parse, cue by cue in reading order; cues inside quotation
    marks are the speaker's own."""
    cues = index.cues
    anchors: list[tuple[int, Shape]] = [
        *((i, _according) for i in cues.according),
        *((i, _verb_report) for i in cues.verbs),
        *((i, _noun_report) for i in cues.nouns if doc[i].pos_ == "NOUN"),
        *((i, _made_clear) for i in cues.made_clear),
    ]
    found = []
    for i, shape in sorted(anchors, key=lambda anchor: anchor[0]):
        if index.quoted[i] < 0:
            found.extend(shape(doc[i], cues))
    return found


# ---------------------------------------------------------------- the shapes


def _verb_report(verb: Token, cues: Cues) -> list[Candidate]:
    """A verb of saying with a subject, and what it reports.

    "The mayor said the bridge would open in May." -> "the bridge would open in May".
    """
    speaker = speaker_of(verb)
    if speaker is None:
        return []
    cue = cue_span(verb)
    found = report(verb.doc, verb_content(verb, cues), cue, speaker)
    if not found and verb.dep_ == "parataxis":
        pieces = parenthetical(verb)
        if pieces:
            outer = (pieces[0][0], pieces[-1][1])
            found.append(Candidate("indirect", pieces, outer, cue=cue, speaker=speaker))
    return found


def _according(tok: Token, cues: Cues) -> list[Candidate]:
    """``Y, according to X``: X is the speaker, the clause it hangs from the content.

    "The talks failed, according to two diplomats." -> "The talks failed".
    """
    to, source = (tok.doc[i] for i in cues.according[tok.i])
    head = tok.head
    if head is tok:
        return []
    i, j = head.left_edge.i, head.right_edge.i
    phrase_start, phrase_end = tok.left_edge.i, tok.right_edge.i
    if phrase_start <= i:
        i = phrase_end + 1
    elif all(t.is_punct or t.is_space for t in tok.doc[phrase_end + 1 : j + 1]):
        j = phrase_start - 1
    span = trimmed(tok.doc, i, j)
    if span is None:
        return []
    return [Candidate("indirect", [span], span, cue=offsets(tok, to), speaker=phrase(source))]


def _noun_report(noun: Token, cues: Cues) -> list[Candidate]:
    """A noun of saying and its ``that`` clause, with whoever holds the view.

    "She repeated her warning that the dam could fail." -> "the dam could fail".
    """
    clause = noun_clause(noun)
    speaker = _noun_speaker(noun) if clause is not None else None
    if clause is None or speaker is None:
        return []
    return report(noun.doc, [clauses(clause)[0]], offsets(noun, noun), speaker)


def _noun_speaker(noun: Token) -> Offsets | None:
    """Who holds the view: a named possessor ("Trump's claim"), the subject of the verb
    taking it ("Putin repeated his view"), a pronoun possessor, or "warnings from X"."""
    poss = first(c for c in noun.children if c.dep_ == "poss")
    if poss is not None and poss.pos_ != "PRON":
        return phrase(poss)
    if noun.dep_ == "dobj" and noun.head.pos_ in VERBS:
        speaker = speaker_of(noun.head)
        if speaker is not None:
            return speaker
    if poss is not None:
        return phrase(poss)
    source = first(c for c in noun.rights if c.dep_ == "prep" and c.lower_ in NOUN_SOURCE_PREPS)
    pobj = first(c for c in source.children if c.dep_ == "pobj") if source is not None else None
    return phrase(pobj) if pobj is not None else None


def _made_clear(clear: Token, cues: Cues) -> list[Candidate]:
    """``X made (it) clear (that) Y``: Y is what X said.

    "The coach made it clear that nobody was safe." -> "nobody was safe".
    """
    make = clear.doc[cues.made_clear[clear.i]]
    clauses = [c for c in (*clear.rights, *make.rights) if c.i > clear.i and c.dep_ in CLEAR_DEPS]
    speaker = speaker_of(make)
    if not clauses or speaker is None:
        return []
    end = max(c.right_edge.i for c in clauses)
    return report(clear.doc, [(clear.i + 1, end)], offsets(make, clear), speaker)
