"""Reported speech from the parse: the cues the matchers found, and who says what.

The cues (verbs of saying, ``according to X``, nouns of saying with a ``that`` clause,
``made clear``) come from ``pipeline.cues``; each shape below pairs a cue with its speaker,
and ``content`` decides the extent of what it reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

from pipeline.cues import Cues
from pipeline.lexicon import words
from pipeline.quotes.candidate import Candidate, Index, phrase, speaker_of
from pipeline.quotes.content import (
    TokenRange,
    clause_range,
    continuation,
    first,
    lead,
    noun_clause,
    parenthetical,
    verb_content,
)
from pipeline.quotes.coordinated import before_next_report, before_source, coordinated_speaker
from pipeline.quotes.marks import MARKS
from pipeline.quotes.misread import RELATIVE_PRONOUNS, hidden_content, participle_speaker
from pipeline.quotes.trim import before_aside, before_medium, trimmed
from pipeline.records import Offsets
from pipeline.syntax import SUBJECTS, VERBS, cue_span, offsets

CLEAR_DEPS = frozenset({"ccomp", "advcl", "acl", "conj"})
NOUN_SOURCE_PREPS = words("noun_source_preps")
AS_SOURCE_LEMMAS = words("as_source")
INFINITIVE_NOUNS = words("infinitive")  # "his pledge to X", as "pledged to X"
FOR_NOUNS = words("noun_for")
VOICE_VERBS = words("voice_verbs")
HEARER_LEMMAS = words("hearer_object")
# What follows a verb of saying that only attributes: "told a panel on Wednesday in Rome".
ATTRIBUTION_DEPS = frozenset({"prep", "npadvmod", "advmod", "dative", "agent", "punct"})

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
    speaker = coordinated_speaker(verb, cues) or speaker_of(verb) or participle_speaker(verb)
    if speaker is None:
        return []
    cue = cue_span(verb)
    statement = _colon_statement(verb)
    ranges = [statement] if statement is not None else verb_content(verb, cues)
    ranges = ranges or hidden_content(verb)
    found = report(verb.doc, ranges, cue, speaker, cues)
    rest = continuation(verb, cues)
    if len(found) == 1 and rest is not None and _unquoted(verb.doc, found[0].outer[1], cue[0]):
        _go_on(found[0], verb.doc, rest)
    opening = lead(verb)
    if len(found) == 1 and opening is not None and cue[1] <= found[0].outer[0]:
        _open_with(found[0], verb.doc, opening)
    if not found and (verb.dep_ == "parataxis" or _as_source(verb, cues) or _comma_conj(verb)):
        pieces = parenthetical(verb, cues)
        if pieces:
            outer = (pieces[0][0], pieces[-1][1])
            found.append(Candidate("indirect", pieces, outer, cue=cue, speaker=speaker))
    return found


def _comma_conj(verb: Token) -> bool:
    """Whether a verb of saying with a subject of its own follows, after a comma and no
    conjunction, the clause the parser coordinated it with: an attribution after its report.

    "This includes a special force, Ash Carter told a Senate panel." -> "This includes a
    special force".
    """
    doc, head = verb.doc, verb.head
    start = verb.left_edge.i
    return (
        verb.dep_ == "conj"
        and start > 0
        and doc[start - 1].text == ","
        and any(c.dep_ in SUBJECTS and c.i < verb.i for c in verb.children)
        and not any(c.dep_ in ("cc", "preconj") and head.i < c.i < verb.i for c in head.children)
        and _attribution_only(verb)
    )


def _attribution_only(verb: Token) -> bool:
    """Whether nothing after a verb of saying is said: only when, where, how and to whom
    ("told a Senate panel on Wednesday"), so the clause it attributes is elsewhere."""
    hearer = verb.lemma_.lower() in HEARER_LEMMAS
    return all(c.dep_ in ATTRIBUTION_DEPS or (c.dep_ == "dobj" and hearer) for c in verb.rights)


def _as_source(verb: Token, cues: Cues) -> bool:
    """Whether a verb of saying heads an ``as X reported`` clause set off by a comma in the
    clause it sources: the rest of that clause is what X reported, unless it is a report
    itself or the ``as`` clause opens a quote.

    "As the Times reported, the talks failed." -> "the talks failed"; "He waved as she said,
    'Go'" -> nothing.
    """
    doc, head = verb.doc, verb.head
    start, end = verb.left_edge.i, verb.right_edge.i
    if doc[end].text != ",":  # the parser may hang the comma after the clause on its verb
        end += 1
    after = doc[end : end + 2]
    return (
        verb.dep_ == "advcl"
        and head.pos_ in VERBS
        and verb.lemma_.lower() in AS_SOURCE_LEMMAS
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.lefts)
        and ((start > 0 and doc[start - 1].text == ",") or after[:1].text == ",")
        and not (len(after) == 2 and after[1].text in MARKS)
        and _attribution_only(verb)
        and not any(_verb_reports(v, cues) for v in (head, *head.ancestors))
    )


def _go_on(cand: Candidate, doc: Doc, rest: TokenRange) -> None:
    """A report before its attribution goes on after it: "The argument would be aided, Devine
    said, by the calendar" -> "The argument would be aided", "by the calendar"."""
    piece = trimmed(doc, *rest)
    if piece is not None:
        cand.fragments.append(piece)
        cand.outer = (cand.outer[0], piece[1])


def _open_with(cand: Candidate, doc: Doc, opening: TokenRange) -> None:
    """A report after its attribution opens before it: "If whites were moving his way, Cohn
    wrote, 'the assumption may be shakier'" -> "If whites were moving his way", "the ..."."""
    piece = trimmed(doc, *opening)
    if piece is not None:
        cand.fragments.insert(0, piece)
        cand.outer = (piece[0], cand.outer[1])


def _unquoted(doc: Doc, start: int, end: int) -> bool:
    """Whether characters start..end of ``doc`` come in order and hold no quotation mark (a
    reported clause before its cue, not a direct quote's)."""
    return start <= end and not any(c in MARKS for c in doc.text[start:end])


def _colon_statement(verb: Token) -> TokenRange | None:
    """The statement after a colon that closes a reporting clause: what the speaker said,
    rather than the noun object before the colon.

    "The company rejected the claims: the plant had passed every inspection." -> "the plant
    had passed every inspection".
    """
    doc = verb.doc
    end = verb.sent.end
    colon = next((t for t in doc[verb.i + 1 : end] if t.text == ":"), None)
    if colon is None or colon.i + 1 >= len(doc) or doc[colon.i + 1].text in MARKS:
        return None  # none, or a quote: that one is direct ("He went on: 'We will win'")
    if any(t.pos_ in VERBS for t in doc[verb.i + 1 : colon.i]):
        return None  # the colon closes another clause
    rest = doc[colon.i + 1 : doc[colon.i + 1].sent.end]
    if not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in rest):
        return None  # a list or a label, not a statement
    return rest.start, rest.end - 1


def _according(tok: Token, cues: Cues) -> list[Candidate]:
    """``Y, according to X``: X is the speaker, the clause it hangs from the content (up to
    the phrase, when the phrase follows the clause's verb); the whole rest of the sentence
    when the phrase opens or closes it.

    "The talks failed, according to two diplomats." -> "The talks failed"; "The mill employs
    400 people according to the firm, but ..." -> "The mill employs 400 people".
    """
    to, source = (tok.doc[i] for i in cues.according[tok.i])
    head = tok.head
    if head.i == tok.i or any(_verb_reports(v, cues) for v in (head, *head.ancestors)):
        return []  # "Putin said (X), according to the Kremlin": the verb reports it
    around = _sentence_around(tok)
    clause = _clause_of(head)
    i, j = around or (clause.left_edge.i, clause.right_edge.i)
    phrase_start, phrase_end = tok.left_edge.i, tok.right_edge.i
    if phrase_start <= i:
        i = phrase_end + 1
    elif _closes(tok, j) or (around is None and phrase_start > clause.i):
        j = phrase_start - 1
    span = trimmed(tok.doc, i, j)
    if span is None:
        return []
    return [Candidate("indirect", [span], span, cue=offsets(tok, to), speaker=phrase(source))]


def _clause_of(tok: Token) -> Token:
    """The verb of the clause a phrase hangs from: the token itself, else its nearest verb
    ("400 people according to X" hangs from "people", sourcing "employs 400 people")."""
    if tok.pos_ in VERBS:
        return tok
    return first(a for a in tok.ancestors if a.pos_ in VERBS) or tok


def _verb_reports(verb: Token, cues: Cues) -> bool:
    """Whether a verb of saying with a speaker reports something of its own (so an
    ``according to X`` on it names where the report is from, not who speaks)."""
    return (
        verb.i in cues.verbs
        and speaker_of(verb) is not None
        and (bool(verb_content(verb, cues)) or verb.dep_ == "parataxis")
    )


def _sentence_around(tok: Token) -> TokenRange | None:
    """The tokens of the sentence of ``tok`` when its phrase opens or closes the sentence
    (punctuation aside), whatever clause the parser hung it from.

    "The Dow fell, wiping out $1 billion, according to analysts." -> the whole sentence.
    """
    sent = tok.sent
    words = [t.i for t in sent if not (t.is_punct or t.is_space)]
    if not words or not (tok.left_edge.i <= words[0] or tok.right_edge.i >= words[-1]):
        return None
    return sent.start, sent.end - 1


def _closes(tok: Token, j: int) -> bool:
    """Whether the phrase of ``tok`` ends the range up to token ``j`` (punctuation aside)."""
    return all(t.is_punct or t.is_space for t in tok.doc[tok.right_edge.i + 1 : j + 1])


def _noun_report(noun: Token, cues: Cues) -> list[Candidate]:
    """A noun of saying and its ``that`` clause (or what ``_noun_content`` finds), with
    whoever holds the view.

    "She repeated her warning that the dam could fail." -> "the dam could fail".
    """
    clause = noun_clause(noun)
    content = clause_range(clause) if clause is not None else _noun_content(noun)
    if content is None:
        return []
    speaker = _noun_speaker(noun) if clause is not None else _voiced_by(noun)
    if speaker is None:
        return []
    return report(noun.doc, [content], offsets(noun, noun), speaker, cues)


def _voiced_by(noun: Token) -> Offsets | None:
    """Whose a noun of saying without a ``that`` clause is: the subject of a verb that voices
    it ("Trump made a call for X"), else its possessor ("Pence's call", "his pledge"); nobody's
    when it is received ("got a call for help")."""
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in VOICE_VERBS:
        speaker = speaker_of(noun.head)
        if speaker is not None:
            return speaker
    poss = first(c for c in noun.children if c.dep_ == "poss")
    return phrase(poss) if poss is not None else None


def _noun_content(noun: Token) -> TokenRange | None:
    """What a noun of saying without a ``that`` clause reports: the infinitive of a noun of
    commitment, the ``for`` phrase of a noun of asking.

    "Rubio's claim to be the strongest rival" -> "to be the strongest rival"; "Pence's call
    for a special prosecutor" -> "a special prosecutor".
    """
    lemma = noun.lemma_.lower()
    for child in noun.rights:
        if lemma in INFINITIVE_NOUNS and _infinitive(child):
            return clause_range(child)
        if lemma in FOR_NOUNS and child.dep_ == "prep" and child.lower_ == "for":
            return (child.i + 1, child.right_edge.i) if child.i < child.right_edge.i else None
    return None


def _infinitive(child: Token) -> bool:
    """Whether a noun's dependent is an infinitive with its ``to``: "a pledge to cut taxes"."""
    return (
        child.dep_ == "acl"
        and child.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.lefts)
    )


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
    return report(clear.doc, [(clear.i + 1, end)], offsets(make, clear), speaker, cues)


def report(
    doc: Doc, ranges: Sequence[TokenRange], cue: Offsets, speaker: Offsets, cues: Cues
) -> list[Candidate]:
    """Indirect candidates for token ranges, each ending before a report of its own, the
    medium the words were given in and a trailing aside, trimmed; ranges holding the cue
    are dropped."""
    found = []
    for i, j in ranges:
        end = before_source(doc, (i, before_next_report(doc, (i, j), cues)), cues)
        start = _after_relative_cue(doc, i, end, cue)
        span = trimmed(doc, start, before_aside(doc, i, before_medium(doc, i, end)))
        if span is not None and not span[0] <= cue[0] < span[1]:
            found.append(Candidate("indirect", [span], span, cue=cue, speaker=speaker))
    return found


def _after_relative_cue(doc: Doc, i: int, j: int, cue: Offsets) -> int:
    """Where the content (tokens i..j) of a cue inside a relative clause starts: after the
    cue, when the clause is the content's own, opened by its relative pronoun; not when the
    cue follows the content ("That plan was warranted, he said": a determiner).

    "a rule change that he said would make it harder" -> "would make it harder".
    """
    if doc[i].lower_ not in RELATIVE_PRONOUNS or not doc[i].idx < cue[0] < doc[j].idx:
        return i
    last = doc.char_span(*cue, alignment_mode="expand")
    return last.end if last is not None else i
