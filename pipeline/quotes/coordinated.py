"""Reports next to and inside other reports: where a report ends because another begins,
who speaks for a verb of saying coordinated with another, and which nested report is the
relay of an outer one.

"He said the rent was high and called the landlord a crook" is two reports by one speaker;
"The aide said the minister told him the plan was dead" is one, by the aide; "Putin said he
asked Assad whether he would cooperate" is two, the question being no claim of the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from pipeline.cues import Cues
from pipeline.lexicon import words
from pipeline.quotes.candidate import Candidate, Index, speaker_of
from pipeline.quotes.content import TokenRange, verb_content
from pipeline.records import Offsets
from pipeline.syntax import VERBS

# A clause hung on the content by these starts a report of its own, once it has content.
NEXT_REPORT_DEPS = frozenset({"conj", "advcl", "parataxis"})
# A verb of saying hung by these below another's cue relays what that one reports.
RELAY_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl", "parataxis", "pcomp", "prep"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
QUESTION_LEMMAS = words("ask")  # a question relayed in a report is no claim of it
CONTENT_MARKS = words("content_marks", "conditions")  # a clause they open goes on with it


def before_next_report(doc: Doc, span: TokenRange, cues: Cues) -> int:
    """The last token of range ``span`` before a coordinated or adverbial clause that closes it
    and reports on its own: a verb of saying with content of its own.

    "She said the rent was high and called the landlord a crook." -> the range of "said" ends
    at "high"; "The state admitted it erred when a doctor reported the levels." -> at "erred".
    """
    i, j = span
    for tok in doc[i + 1 : j + 1]:
        clause = _next_report_clause(tok, span, cues)
        if clause is not None and clause.right_edge.i >= _last_word(doc, i, j):
            return clause.left_edge.i - 1
    return j


def before_source(doc: Doc, span: TokenRange, cues: Cues) -> int:
    """The last token of range ``span`` before an ``according to X`` closing it: a source the
    writer names for the report, not part of what was said.

    "She said the plan would cost $1 trillion, according to the Tax Policy Center." -> the
    range ends at "trillion".
    """
    i, j = span
    last = _last_word(doc, i, j)
    for a in cues.according_words:
        tok = doc[a]
        start = tok.left_edge.i
        if i < start - 1 <= j and tok.right_edge.i >= last and doc[start - 1].text == ",":
            return start - 2
    return j


def _next_report_clause(verb: Token, span: TokenRange, cues: Cues) -> Token | None:
    """The clause, hung by ``NEXT_REPORT_DEPS`` on a token of ``span``, in which ``verb``
    reports something (``verb`` itself, or the clause its ``by``-gerund hangs from)."""
    if verb.i not in cues.verbs or not verb_content(verb, cues):
        return None
    clause = verb
    if clause.dep_ == "pcomp" and clause.head.dep_ == "prep":
        clause = clause.head.head  # "has soared in the polls by saying that X"
    inside = span[0] <= clause.head.i <= span[1]
    own = clause.dep_ in NEXT_REPORT_DEPS and not _goes_on_with_content(clause)
    return clause if own and inside else None


def _goes_on_with_content(clause: Token) -> bool:
    """Whether a clause holding a verb of saying is still the content around it, not a report
    of its own: an infinitive, which states nothing done ("it was wrong for X to criticize
    Y"), a clause opened by ``that``, the same claim going on ("... and that he thinks it
    would pass"), or by a reason or condition ("he was on the fence until Haley said she
    backed Rubio"); not a time or a contrast ("it erred when a doctor reported X")."""
    return any(
        (c.dep_ == "aux" and c.tag_ == "TO") or (c.dep_ == "mark" and c.lower_ in CONTENT_MARKS)
        for c in clause.lefts
    )


def _last_word(doc: Doc, i: int, j: int) -> int:
    """The last token of i..j that is not punctuation or space."""
    while j > i and (doc[j].is_punct or doc[j].is_space):
        j -= 1
    return j


def coordinated_speaker(verb: Token, cues: Cues) -> Offsets | None:
    """The speaker of a verb of saying without a subject of its own, coordinated inside the
    reported clause of another: the other's speaker, not the clause's subject.

    "The mayor said the economy would grow and praised the council." -> "The mayor" praised.
    """
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    tok = verb
    while tok.dep_ in NEXT_REPORT_DEPS and tok.head.i != tok.i:
        tok = tok.head
        if any(c.dep_ in SUBJECT_DEPS for c in tok.children) and tok.dep_ == "ccomp":
            outer = tok.head
            return speaker_of(outer) if outer.i in cues.verbs else None
    return None


def outermost(index: Index, found: Sequence[Candidate]) -> list[Candidate]:
    """The reports that are not the relay of another: a verb's report inside another's
    reported clause is that report's content; one that describes a noun of it ("X, who said
    Y") or a noun of saying ("Trump's claim that Y") is a report of its own.

    'The aide said the minister told him the plan was dead.' -> one report, by the aide.
    """
    kept = []
    for cand in found:
        outer = [
            o
            for o in found
            if o.outer[0] <= cand.outer[0] and cand.outer[1] <= o.outer[1] and o.outer != cand.outer
        ]
        if not outer or not _relayed(index, cand, outer):
            kept.append(cand)
    return kept


def _relayed(index: Index, cand: Candidate, outer: Sequence[Candidate]) -> bool:
    """Whether the cue of ``cand`` is a verb in the clausal chain below the cues of the
    reports around it: complements, coordinated and adverbial clauses, never a noun's; a
    verb of asking reports a question of its own."""
    if cand.cue is None:
        return False
    stops = {index.tokens(o.cue).root.i for o in outer if o.cue is not None}
    tok = index.tokens(cand.cue).root
    if tok.pos_ not in VERBS or tok.lemma_ in QUESTION_LEMMAS:
        return False
    while tok.head.i != tok.i and tok.i not in stops:
        if tok.dep_ not in RELAY_DEPS:
            return False
        tok = tok.head
    return True
