"""Quotes stage: direct quotes, reported speech, mixed and headline quotes of one article.

Direct quotes come from a lexical scan of the quotation marks, paragraph by paragraph (so an
unbalanced mark only spoils its own paragraph); reported speech from the dependency parse (a
verb of saying with a subject and a reported clause, ``according to X``, ``describe X as
Y``); a reported clause holding a partial quote is ``mixed``; titles of the form
``Speaker: claim`` are ``headline`` quotes. Spans are character offsets into the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.records import FRAGMENT_JOIN, Article, Block, CleanArticle, Offsets, Quote, QuoteType

EXTENSION = "claims_quotes"
SPANS_KEY = "quotes"

# Quotation marks: which may open, which may close; the ambiguous ones decide by context.
DOUBLE_MARKS = frozenset('"“”„«»')
SINGLE_MARKS = frozenset("'‘’‚")
OPENING_ONLY = frozenset("“„«‘‚")
CLOSING_ONLY = frozenset("”»’")
MARKS = DOUBLE_MARKS | SINGLE_MARKS
MARK_RE = re.compile("''|[" + "".join(sorted(MARKS)) + "]")
OPEN_CONTEXT = frozenset("([{—–-/:")
CLOSE_CONTEXT = frozenset(".,;:!?)]}—–-…")
DECADE = re.compile(r"\d0s\b|\d\d\b")
WORD = re.compile(r"\w+")


def _lexicon(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


# Verbs whose subject is a speaker and whose clause or object is what they said or think.
SAY_LEMMAS = _lexicon(
    """say tell add warn insist claim urge deny believe argue state note explain write report
    announce suggest acknowledge admit assert declare maintain reply respond answer ask question
    wonder recall repeat reiterate stress emphasize emphasise predict promise pledge vow threaten
    concede confirm contend allege complain agree caution estimate observe remark comment tweet
    testify describe portray depict characterize characterise call accuse criticize criticise
    blast praise charge demand recommend propose conclude reveal disclose indicate mention think
    counter quip joke boast proclaim affirm reckon assure inform dismiss express hint signal
    tout lament concur retort advise brand label dub condemn outline cite reaffirm underline
    underscore recount speculate forecast denounce decry slam blame welcome reject echo"""
)
# Verbs that report only by a preposition's object: "talked about X", "railed against X".
PREP_ONLY_LEMMAS = _lexicon("rail caution elaborate")
# Verbs of opinion: "he said he believed X" reports X.
THINK_LEMMAS = _lexicon("believe think feel reckon")
# Verbs whose object and infinitive are the content: "urged X to Y".
URGE_LEMMAS = _lexicon("urge call encourage press implore invite challenge advise")
# Verbs whose infinitive alone is the content: "told supporters to vote", "agreed to pay".
INFINITIVE_LEMMAS = _lexicon("tell ask warn order instruct remind agree promise pledge vow")
# Verbs whose content follows "for": "called for a recount".
ASK_FOR_LEMMAS = _lexicon("call ask press push appeal")
# Verbs whose content is "X as Y" or "X Y": "described X as Y", "called X Y".
DESCRIBE_LEMMAS = _lexicon("describe portray depict characterize characterise call label brand dub")
# Verbs whose noun object is what was said: "mentioned the deficit", "praised the plan".
NOUN_OBJECT_LEMMAS = _lexicon(
    """mention note cite question praise criticize criticise blast condemn denounce deny demand
    describe explain report acknowledge announce promise propose suggest reiterate dismiss welcome
    urge say express recommend vow pledge threaten admit confirm outline"""
)
# Prepositions whose object is the content: "complained about X", "warned against X".
PREP_LEMMAS: dict[str, frozenset[str]] = {
    "about": _lexicon("complain ask warn joke boast write tweet testify"),
    "on": _lexicon("comment remark report elaborate"),
    "against": _lexicon("warn caution rail argue"),
}
# Every verb that may introduce reported speech.
CUE_LEMMAS = SAY_LEMMAS | PREP_ONLY_LEMMAS
# Verbs taking a noun object: the prepositions after it still belong to the content.
OBJECT_PREPS = _lexicon("to for as of about against on over with")
# Nouns of saying whose "that" clause is the content: "his view that X", "the claim that X".
SPEECH_NOUNS = _lexicon(
    """claim view warning assertion statement promise pledge argument belief insistence
    suggestion emphasis interjection allegation charge accusation assurance message announcement
    comment remark contention opinion position threat vow admission denial"""
)
# Verbs whose passive subject is the speaker: "X was quoted as saying ...".
PASSIVE_SPEAKER_LEMMAS = _lexicon("quote")
EMBEDDED_QUESTION = _lexicon("if whether")
QUESTION_WORDS = _lexicon("what which who whom whose how why when where")
# Verbs whose embedded clause is a question: "asked whether X".
ASK_LEMMAS = _lexicon("ask wonder question inquire enquire")
CONTENT_DEPS = frozenset({"ccomp"})
NOUN_CLAUSE_DEPS = frozenset({"acl", "ccomp", "appos"})
CLEAR_DEPS = frozenset({"ccomp", "advcl", "acl", "conj"})
INHERIT_DEPS = frozenset({"advcl", "xcomp", "conj"})
NP_CUT_DEPS = frozenset({"relcl", "acl", "advcl"})
OBJECT_CUT_DEPS = frozenset({"advcl", "advmod"})
PRONOUNS = _lexicon("i you he she it we they")
WH_WORDS = _lexicon("what which who whom whatever")
ASIDE_PRONOUNS = _lexicon("which who")
TRIM_END = frozenset(".,;:-—–")
RUBRICS = _lexicon(
    """the latest breaking exclusive watch analysis opinion update updated live video photos
    review editorial commentary explainer factbox timeline podcast"""
)
HEADLINE_SAYS = re.compile(
    r"^(?P<speaker>(?:\S+\s+){0,5}?\S+)\s+(?P<cue>says|say|said|tells|warns|claims|insists|admits"
    r"|denies|urges|calls)\s+(?P<content>\S.*)$",
    re.IGNORECASE,
)
# A transcript paragraph: ``PENCE: Well, look, ...`` (an all-caps name, a colon).
SPEAKER_LABEL = re.compile(
    r"[\"“”„«']?\s*(?P<name>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2}):\s+(?=\S)"
)
LABEL_RUBRICS = _lexicon(
    """update note clarification correction related source sources editor editor's editor’s
    photo video watch read more warning disclaimer"""
)
MIN_ATTRIBUTED_WORDS = 3
MIN_FREE_WORDS = 6
MAX_PHRASE_WORDS = 5
MAX_SPLIT_GAP_WORDS = 25
DIRECT_COVERAGE = 0.8


@dataclass
class _Candidate:
    """A quote being built: its pieces, the span with its marks, and its attribution."""

    type: QuoteType
    fragments: list[Offsets]
    outer: Offsets
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    parent: int | None = None
    paragraphs: tuple[int, int] = (0, 0)
    open_end: bool = False
    absorbed: bool = field(default=False)


# ---------------------------------------------------------------- direct quotes (lexical)


def _paragraphs(text: str) -> list[Offsets]:
    """The non-blank lines of ``text``, stripped of surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n\r]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


def _mark_role(text: str, mark: re.Match[str], start: int, end: int) -> str:
    """Whether a mark can open (``open``), close (``close``), both or neither, by context."""
    ch, i, j = mark.group(), mark.start(), mark.end()
    before = text[i - 1] if i > start else " "
    after = text[j] if j < end else " "
    if before.isspace() and after.isspace():
        return "none"
    can_open = not after.isspace() and (
        before.isspace() or before in OPEN_CONTEXT or before in MARKS
    )
    can_close = not before.isspace() and (
        after.isspace() or after in CLOSE_CONTEXT or after in MARKS
    )
    if ch in SINGLE_MARKS:
        if before.isalnum() and after.isalnum():
            return "none"  # an apostrophe inside a word: don't, Assad's
        if can_open and DECADE.match(text, j, end):
            return "none"  # the '90s
        if ch == "’" and not can_close:
            return "none"
    if ch in OPENING_ONLY:
        return "open" if can_open or not can_close else "close"
    if ch in CLOSING_ONLY and can_close:
        return "close"
    if can_open and can_close:
        return "both"
    if can_open:
        return "open"
    return "close" if can_close else "none"


def _scan_paragraph(text: str, start: int, end: int) -> list[tuple[Offsets, Offsets, bool]]:
    """(marks and all, between the marks, closed) of each quote in a paragraph, by start.

    Double and single marks are matched separately, so a single-quoted quote inside a double
    one is found as well. An opener left unclosed runs to the end of the paragraph.
    """
    opened: dict[bool, re.Match[str] | None] = {True: None, False: None}
    found = []
    for mark in MARK_RE.finditer(text, start, end):
        double = mark.group() not in SINGLE_MARKS
        role = _mark_role(text, mark, start, end)
        current = opened[double]
        if role == "both":
            role = "close" if current is not None else "open"
        if role == "open" and (current is None or double):
            opened[double] = mark
            if double:
                opened[False] = None
        elif role == "close" and current is not None:
            found.append(((current.start(), mark.end()), (current.end(), mark.start()), True))
            opened[double] = None
            if double:
                opened[False] = None
    unclosed = opened[True]
    if unclosed is not None:
        found.append(((unclosed.start(), end), (unclosed.end(), end), False))
    return sorted(found)


def _content(text: str, between: Offsets, closed: bool) -> Offsets:
    """The words inside the marks: no surrounding spaces, no attribution comma."""
    start, end = between
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or (closed and text[end - 1] == ",")):
        end -= 1
    return start, end


def _label(text: str, p: int, start: int, end: int) -> _Candidate | None:
    """A transcript paragraph ``NAME: words``: the words, spoken by NAME (the colon is the cue).

    It is a quote of its own, never the continuation of the paragraph before it.
    """
    match = SPEAKER_LABEL.match(text, start, end)
    if match is None or any(w in LABEL_RUBRICS | RUBRICS for w in match["name"].lower().split()):
        return None
    content_end = end
    if text[start] in MARKS and text[end - 1] in MARKS:
        content_end -= 1
    content = _content(text, (match.end(), content_end), closed=False)
    if content[0] >= content[1]:
        return None
    colon = match.end("name")
    return _Candidate(
        "direct",
        [content],
        (start, end),
        cue=(colon, colon + 1),
        speaker=match.span("name"),
        paragraphs=(p, p),
    )


def _direct(text: str, paragraphs: Sequence[Offsets]) -> list[_Candidate]:
    """Every quoted stretch, a quote over several paragraphs joined into one; a quote inside
    another one points at it by ``parent``. A transcript paragraph (``NAME: ...``) is one quote."""
    found: list[_Candidate] = []
    top: int | None = None
    for p, (start, end) in enumerate(paragraphs):
        label = _label(text, p, start, end)
        if label is not None:
            top = len(found)
            found.append(label)
            start = label.fragments[0][0]
        for outer, between, closed in _scan_paragraph(text, start, end):
            inner = _content(text, between, closed)
            if inner[0] >= inner[1]:
                continue
            last = found[top] if top is not None else None
            if last is not None and last.paragraphs[1] == p and outer[1] <= last.outer[1]:
                found.append(_Candidate("direct", [inner], outer, parent=top, paragraphs=(p, p)))
                continue
            if (
                last is not None
                and last.open_end
                and last.paragraphs[1] == p - 1
                and (outer[0] == start)
            ):
                last.fragments.append(inner)
                last.outer = (last.outer[0], outer[1])
                last.paragraphs = (last.paragraphs[0], p)
                last.open_end = not closed
                continue
            cand = _Candidate("direct", [inner], outer, paragraphs=(p, p), open_end=not closed)
            top = len(found)
            found.append(cand)
    return found


# ---------------------------------------------------------------- tokens and offsets


class _Index:
    """Character-to-token lookups and which tokens lie inside quotation marks."""

    def __init__(self, doc: Doc, quotes: Sequence[_Candidate]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access: read it once
        self.quoted = [-1] * len(doc)
        for n, cand in enumerate(quotes):
            if cand.parent is None:
                for tok in self.tokens(cand.outer):
                    self.quoted[tok.i] = n

    def tokens(self, span: Offsets) -> Span:
        """The tokens overlapping ``span``."""
        found = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        return found if found is not None else self.doc[0:0]

    def sentence(self, span: Offsets) -> Offsets:
        """The sentence(s) holding ``span``."""
        toks = self.tokens(span)
        if not len(toks):
            return span
        first, last = toks[0].sent, toks[-1].sent
        return first.start_char, max(last.end_char, span[1])


def _offsets(first: Token, last: Token) -> Offsets:
    return first.idx, last.idx + len(last.text)


def _trimmed(doc: Doc, i: int, j: int) -> Offsets | None:
    """Tokens i..j without leading complementiser and punctuation, nor the final stop."""
    while i <= j and (
        doc[i].is_space
        or (doc[i].is_punct and doc[i].text not in MARKS)
        or (doc[i].dep_ == "mark" and doc[i].lower_ == "that")
    ):
        i += 1
    while j >= i and (doc[j].is_space or doc[j].text in TRIM_END):
        j -= 1
    return _offsets(doc[i], doc[j]) if i <= j else None


def _phrase(head: Token, cut: frozenset[str]) -> tuple[int, int]:
    """Token range of a phrase: the head's subtree up to its first dependent in ``cut``."""
    doc = head.doc
    end = head.right_edge.i
    for child in head.rights:
        if child.dep_ in cut:
            end = min(end, child.left_edge.i - 1)
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return start, end


def _noun_phrase(head: Token) -> Offsets:
    """The words naming a speaker: the subject's subtree without relative clauses."""
    start, end = _phrase(head, NP_CUT_DEPS)
    return _offsets(head.doc[start], head.doc[end])


def _own_subject(verb: Token) -> Offsets | None:
    """The verb's own speaker: its subject, the agent of a passive, or the passive subject of
    "X was quoted as saying"."""
    passive_speaker = verb.lemma_.lower() in PASSIVE_SPEAKER_LEMMAS
    for child in verb.children:
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and passive_speaker):
            return _noun_phrase(child)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
    return None


def _subject(verb: Token) -> Offsets | None:
    """The speaker of a cue verb: its subject, or that of the verb it hangs from ("began by
    saying", "traveled to Moscow to express")."""
    tok = verb
    for _ in range(3):
        speaker = _own_subject(tok)
        if speaker is not None:
            return speaker
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            tok = tok.head
        elif tok.dep_ not in INHERIT_DEPS:
            return None
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _cue(verb: Token) -> Offsets:
    """The cue as written: the verb with its auxiliaries and negation ("has said")."""
    start = verb
    for child in verb.lefts:
        if child.dep_ in ("aux", "auxpass", "neg") and verb.i - child.i <= 3:
            start = child if child.i < start.i else start
    return _offsets(start, verb)


# ---------------------------------------------------------------- reported speech (parse)


def _first(tokens: Iterable[Token]) -> Token | None:
    return next(iter(tokens), None)


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.lefts)


def _clauses(head: Token) -> list[tuple[int, int]]:
    """Token ranges of a reported clause, split at ``and that ...`` or ``, that ...`` into one
    per claim."""
    own = [c for c in head.rights if _is_next_claim(c)]
    end = own[0].left_edge.i - 1 if own else head.right_edge.i
    ranges = [(head.left_edge.i, end)]
    for clause in own:
        ranges.extend(_clauses(clause))
    return ranges


def _is_next_claim(clause: Token) -> bool:
    """A clause that starts a claim of its own: ``X and that Y``, ``X, that Y``."""
    if not _has_that(clause):
        return False
    before = clause.doc[max(0, clause.left_edge.i - 2) : clause.left_edge.i]
    return clause.dep_ == "conj" or (
        clause.dep_ in ("ccomp", "advcl")
        and clause.left_edge.lower_ == "that"
        and any(t.text == "," for t in before)
    )


def _is_clause(child: Token) -> bool:
    """A reported clause: a clausal complement, or ``if``/``whether`` clause."""
    return child.dep_ in CONTENT_DEPS or (
        child.dep_ == "advcl" and any(m.lower_ in EMBEDDED_QUESTION for m in child.lefts)
    )


def _object_content(verb: Token) -> tuple[int, int] | None:
    """Content that is the verb's object: "described X as Y", "urged X to Y", "hailed X"."""
    lemma = verb.lemma_.lower()
    rights = list(verb.rights)
    obj = _first(c for c in rights if c.dep_ == "dobj")
    if lemma in DESCRIBE_LEMMAS and obj is not None:
        pred = _first(
            c for c in rights if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")
        )
        if pred is not None and pred.i > obj.i:
            return obj.left_edge.i, pred.right_edge.i
    if lemma in URGE_LEMMAS:
        inf = _first(c for c in rights if c.dep_ == "xcomp")
        if inf is not None:
            first = obj if obj is not None and obj.i < inf.i else inf
            return first.left_edge.i, inf.right_edge.i
    inf = _first(c for c in rights if c.dep_ == "xcomp")
    if lemma in INFINITIVE_LEMMAS and inf is not None:
        return inf.left_edge.i, inf.right_edge.i
    wanted = _first(c for c in rights if c.dep_ == "prep" and c.lower_ == "for")
    if lemma in ASK_FOR_LEMMAS and wanted is not None and obj is None:
        return wanted.i + 1, wanted.right_edge.i
    phrase = _object_phrase(verb, obj) if obj is not None else None
    if obj is not None and phrase is not None and _is_content_object(verb, obj, phrase):
        return phrase
    return _prep_content(lemma, rights)


def _is_content_object(verb: Token, obj: Token, phrase: tuple[int, int]) -> bool:
    """An object that is what was said: one holding a quote, or a noun phrase after a verb
    that reports by its object ("mentioned the deficit"); not "said it", not "repeated his
    view that X" (the clause is the content), not "urged the crowd to 'act'" (the quote is)."""
    doc = verb.doc
    if any(t.text in MARKS for t in doc[phrase[0] : phrase[1] + 1]):
        return True
    return (
        verb.lemma_.lower() in NOUN_OBJECT_LEMMAS
        and obj.pos_ != "PRON"
        and obj.lower_ not in WH_WORDS
        and _noun_clause(obj) is None
        and not any(t.text in MARKS for t in doc[phrase[1] + 1 : verb.right_edge.i + 1])
    )


def _object_phrase(verb: Token, obj: Token) -> tuple[int, int]:
    """An object with its restrictive modifiers and the verb's prepositions after it that
    belong to what was said ("praised the plan as bold"), not a ", which ..." clause, even
    one on a nested noun ("questioned the health of X, who is 70")."""
    doc = obj.doc
    end = obj.right_edge.i
    for child in obj.rights:
        if child.dep_ in OBJECT_CUT_DEPS or (
            child.dep_ in NP_CUT_DEPS and doc[child.left_edge.i - 1].text == ","
        ):
            end = min(end, child.left_edge.i - 1)
    for child in verb.rights:
        if child.i <= obj.i:
            continue
        if child.dep_ != "prep" or child.lower_ not in OBJECT_PREPS or child.i != end + 1:
            break
        end = child.right_edge.i
    aside = _aside(doc, obj.left_edge.i, end)
    return obj.left_edge.i, end if aside is None else aside - 2


def _prep_content(lemma: str, rights: Sequence[Token]) -> tuple[int, int] | None:
    """The object of a preposition that carries the content: "complained about the mic"."""
    for child in rights:
        if child.dep_ == "prep" and lemma in PREP_LEMMAS.get(child.lower_, ()):
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return objects[0].left_edge.i, child.right_edge.i
    return None


def _restates(clause: Token) -> bool:
    """``Putin said he believed X``: the inner verb of saying, by the same speaker, reports."""
    return clause.lemma_.lower() in THINK_LEMMAS and any(
        c.dep_ == "nsubj" and c.lower_ in PRONOUNS for c in clause.children
    )


def _verb_content(verb: Token) -> list[tuple[int, int]]:
    """Token ranges of what a verb of saying reports, from the parse.

    A clause after the verb first, then an object ("described X as Y"), then a clause
    before it ("The plan is dead, he said").
    """
    clause = _first(c for c in verb.rights if _is_clause(c))
    if clause is not None and _restates(clause):
        return []
    ranges = _clauses(clause) if clause is not None else []
    for conj in verb.rights:
        if conj.dep_ == "conj" and _has_that(conj):
            ranges.extend(_clauses(conj))
    if ranges:
        return ranges
    content = _object_content(verb)
    if content is not None:
        return [content]
    clause = _first(c for c in verb.lefts if _is_clause(c))
    if clause is not None:
        return _clauses(clause)
    return []


def _parenthetical(verb: Token) -> list[Offsets]:
    """``X, he said, Y`` or ``X, he said``: the pieces of the sentence around the attribution."""
    head, doc = verb.head, verb.doc
    pieces = [
        _trimmed(doc, head.left_edge.i, verb.left_edge.i - 1),
        _trimmed(doc, verb.right_edge.i + 1, head.right_edge.i),
    ]
    return [p for p in pieces if p is not None]


def _according(tok: Token) -> _Candidate | None:
    """``Y, according to X``: X is the speaker, the clause it hangs from the content."""
    to = _first(c for c in tok.children if c.lower_ == "to")
    source = _first(c for c in to.children if c.dep_ == "pobj") if to is not None else None
    head = tok.head
    if to is None or source is None or head is tok:
        return None
    i, j = head.left_edge.i, head.right_edge.i
    phrase_start, phrase_end = tok.left_edge.i, tok.right_edge.i
    if phrase_start <= i:
        i = phrase_end + 1
    elif all(t.is_punct or t.is_space for t in tok.doc[phrase_end + 1 : j + 1]):
        j = phrase_start - 1
    span = _trimmed(tok.doc, i, j)
    if span is None:
        return None
    return _Candidate("indirect", [span], span, cue=_offsets(tok, to), speaker=_noun_phrase(source))


def _reported(doc: Doc, index: _Index) -> list[_Candidate]:
    """Reported speech from the parse; cues inside quotation marks are the speaker's own."""
    found = []
    for tok in doc:
        if index.quoted[tok.i] >= 0:
            continue
        if tok.lower_ == "according":
            cand = _according(tok)
            found.extend([cand] if cand is not None else [])
        elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in CUE_LEMMAS:
            found.extend(_verb_report(tok))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS:
            found.extend(_noun_report(tok))
        elif tok.lower_ == "clear" and tok.head.lemma_.lower() == "make":
            found.extend(_made_clear(tok))
    return found


def _noun_report(noun: Token) -> list[_Candidate]:
    """``his view that X``, ``Trump's claim that X``: a noun of saying and its clause."""
    clause = _noun_clause(noun)
    speaker = _noun_speaker(noun) if clause is not None else None
    if clause is None or speaker is None:
        return []
    return _report(noun.doc, [_clauses(clause)[0]], _offsets(noun, noun), speaker)


def _noun_clause(noun: Token) -> Token | None:
    """The ``that`` clause of a noun of saying: "the claim that X"."""
    if noun.lemma_.lower() not in SPEECH_NOUNS:
        return None
    return _first(c for c in noun.rights if c.dep_ in NOUN_CLAUSE_DEPS and _has_that(c))


def _noun_speaker(noun: Token) -> Offsets | None:
    """Who holds the view: a named possessor ("Trump's claim"), the subject of the verb
    taking it ("Putin repeated his view"), a pronoun possessor, or "warnings from X"."""
    poss = _first(c for c in noun.children if c.dep_ == "poss")
    if poss is not None and poss.pos_ != "PRON":
        return _noun_phrase(poss)
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        speaker = _subject(noun.head)
        if speaker is not None:
            return speaker
    if poss is not None:
        return _noun_phrase(poss)
    source = _first(c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("from", "by"))
    pobj = _first(c for c in source.children if c.dep_ == "pobj") if source is not None else None
    return _noun_phrase(pobj) if pobj is not None else None


def _made_clear(clear: Token) -> list[_Candidate]:
    """``X made (it) clear (that) Y``: Y is what X said."""
    make = clear.head
    clauses = [c for c in (*clear.rights, *make.rights) if c.i > clear.i and c.dep_ in CLEAR_DEPS]
    speaker = _subject(make)
    if clear.i < make.i or not clauses or speaker is None:
        return []
    end = max(c.right_edge.i for c in clauses)
    return _report(clear.doc, [(clear.i + 1, end)], _offsets(make, clear), speaker)


def _aside(doc: Doc, i: int, j: int) -> int | None:
    """The first token of a ``, which ...`` or ``, who ...`` relative clause that ends range
    i..j and quotes nobody (a scare quote in it aside): the writer's aside on what was said."""
    last = j
    while last > i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    for tok in doc[i + 1 : last + 1]:
        first = tok.left_edge.i
        if (
            tok.dep_ == "relcl"
            and tok.right_edge.i >= last
            and i < first - 1
            and doc[first - 1].text == ","
            and doc[first].lower_ in ASIDE_PRONOUNS
            and _quoted_words(doc[first : j + 1]) < MIN_ATTRIBUTED_WORDS
        ):
            return first
    return None


def _before_aside(doc: Doc, i: int, j: int) -> int:
    """The end of range i..j without its trailing aside when the aside follows quoted words
    (``said X would help "those ready to fight" the group, which ...``); a plain reported
    clause keeps it, as the speaker may have said it."""
    aside = _aside(doc, i, j)
    return aside - 2 if aside is not None and _quoted_words(doc[i:aside]) else j


def _quoted_words(tokens: Span) -> int:
    """The words of ``tokens`` that stand between quotation marks (a scare quote's one or
    two, a partial quote's more)."""
    inside, count = False, 0
    for tok in tokens:
        if tok.text in MARKS:
            inside = not inside
        elif inside and not tok.is_punct:
            count += 1
    return count


def _report(
    doc: Doc, ranges: Sequence[tuple[int, int]], cue: Offsets, speaker: Offsets
) -> list[_Candidate]:
    """Indirect candidates for token ranges, trimmed; ranges holding the cue are dropped."""
    found = []
    for i, j in ranges:
        span = _trimmed(doc, i, _before_aside(doc, i, j))
        if span is not None and not span[0] <= cue[0] < span[1]:
            found.append(_Candidate("indirect", [span], span, cue=cue, speaker=speaker))
    return found


def _verb_report(verb: Token) -> list[_Candidate]:
    """Reported speech introduced by one verb of saying with a subject."""
    speaker = _subject(verb)
    if speaker is None:
        return []
    cue = _cue(verb)
    found = _report(verb.doc, _verb_content(verb), cue, speaker)
    if not found and verb.dep_ == "parataxis":
        pieces = _parenthetical(verb)
        if pieces:
            outer = (pieces[0][0], pieces[-1][1])
            found.append(_Candidate("indirect", pieces, outer, cue=cue, speaker=speaker))
    return found


# ---------------------------------------------------------------- putting them together


def _words(text: str, spans: Iterable[Offsets]) -> set[int]:
    """Start offsets of the words in ``spans``."""
    return {m.start() for s, e in spans for m in WORD.finditer(text, s, e)}


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _absorb(text: str, reported: list[_Candidate], direct: list[_Candidate]) -> list[_Candidate]:
    """Resolve reported clauses against quotes: one that is a quote lends it its cue and
    speaker; one that holds a partial quote becomes mixed, keeping the marks."""
    kept = []
    for rep in reported:
        span = rep.outer
        touching = [d for d in direct if any(_overlaps(d.outer, f) for f in rep.fragments)]
        if not touching:
            kept.append(rep)
            continue
        words = _words(text, rep.fragments)
        inside = _words(text, [f for d in touching for f in d.fragments])
        if words and len(words & inside) >= DIRECT_COVERAGE * len(words):
            for d in touching:
                if d.cue is None:
                    d.cue, d.speaker = rep.cue, rep.speaker
            continue
        start = min([span[0], *(d.outer[0] for d in touching)])
        end = max([span[1], *(d.outer[1] for d in touching)])
        for d in touching:
            d.absorbed = True
        kept.append(replace(rep, type="mixed", fragments=[(start, end)], outer=(start, end)))
    return kept


def _gap_cue(doc: Doc, index: _Index, gap: Offsets) -> tuple[Offsets, Offsets | None] | None:
    """The cue (and speaker) of an attribution standing between two quotes, if any."""
    for tok in index.tokens(gap):
        if tok.lemma_.lower() in SAY_LEMMAS and tok.pos_ in ("VERB", "AUX"):
            return _cue(tok), _subject(tok)
    return None


def _attribute_direct(doc: Doc, index: _Index, cand: _Candidate) -> None:
    """Find the cue of a direct quote in its sentence(s), outside quotation marks; for a quote
    inside another one, inside that one ("He answered: 'I agree'")."""
    within = -1 if cand.parent is None else cand.parent
    best: tuple[int, Token] | None = None
    for tok in index.tokens(index.sentence(cand.outer)):
        if cand.outer[0] <= tok.idx < cand.outer[1] or index.quoted[tok.i] != within:
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SAY_LEMMAS:
            distance = min(abs(tok.idx - cand.outer[0]), abs(tok.idx - cand.outer[1]))
            if best is None or distance < best[0]:
                best = distance, tok
    if best is None:
        best = _colon_verb(doc, index, cand)
    if best is not None:
        cand.cue, cand.speaker = _cue(best[1]), _subject(best[1])


def _colon_verb(doc: Doc, index: _Index, cand: _Candidate) -> tuple[int, Token] | None:
    """``X went on: "..."``: the verb before a colon that introduces the quote."""
    toks = index.tokens((cand.outer[0], cand.outer[0] + 1))
    if not len(toks) or toks[0].i == 0:
        return None
    prev = doc[toks[0].i - 1]
    if prev.text != ":":
        return None
    head = prev.head if prev.head.pos_ in ("VERB", "AUX") else None
    return (0, head) if head is not None and head.i < prev.i else None


def _split_attribution(
    doc: Doc, index: _Index, prev: _Candidate, cand: _Candidate
) -> tuple[Offsets, Offsets | None] | None:
    """The attribution between two quotes of one paragraph that are one quote split by it."""
    if prev.paragraphs[1] != cand.paragraphs[0] or prev.open_end or cand.parent is not None:
        return None
    gap_text = index.text[prev.outer[1] : cand.outer[0]]
    if len(WORD.findall(gap_text)) > MAX_SPLIT_GAP_WORDS or any(ch in MARKS for ch in gap_text):
        return None
    if not _ends_clause(index.text, prev, gap_text):
        return None  # a quoted phrase inside its sentence: to express "thanks" to X, adding
    return _gap_cue(doc, index, (prev.outer[1], cand.outer[0]))


def _ends_clause(text: str, quote: _Candidate, gap_text: str) -> bool:
    """Whether the gap between two quotes is an attribution set off by punctuation: the first
    quote ends at a pause, inside or just outside its closing mark (``"A," he said``,
    ``"A", he said``), and the attribution ends at one (``he said, "B"``, ``he said. "B"``)."""
    inside = text[quote.outer[0] : quote.outer[1]].rstrip("".join(MARKS) + " ")
    first_pauses = inside[-1:] in CLOSE_CONTEXT or gap_text.lstrip()[:1] in CLOSE_CONTEXT
    return first_pauses and gap_text.rstrip()[-1:] in CLOSE_CONTEXT


def _merge_split(doc: Doc, index: _Index, direct: list[_Candidate]) -> list[_Candidate]:
    """Join ``"A," he said. "B."`` into one quote with two fragments."""
    merged: list[_Candidate] = []
    prev: _Candidate | None = None
    for cand in direct:
        attribution = _split_attribution(doc, index, prev, cand) if prev is not None else None
        if prev is not None and attribution is not None:
            prev.fragments.extend(cand.fragments)
            prev.outer = (prev.outer[0], cand.outer[1])
            prev.cue, prev.speaker = attribution
            continue
        merged.append(cand)
        if cand.parent is None:
            prev = cand
    return merged


def _is_title_case(text: str) -> bool:
    words = WORD.findall(text)
    long_words = [w for w in words if len(w) > 3]
    return len(words) >= 2 and bool(long_words) and all(w[0].isupper() for w in long_words)


def _n_words(text: str, start: int, end: int) -> int:
    return sum(1 for _ in WORD.finditer(text, start, end))


def _is_embedded_phrase(text: str, index: _Index, cand: _Candidate, n_words: int) -> bool:
    """A short quoted phrase without a verb inside a sentence: the writer quoting a label
    ("pushed by 'wounded American families'"), not a claim."""
    if n_words > MAX_PHRASE_WORDS or len(cand.fragments) > 1:
        return False
    cue_end = cand.cue[1] if cand.cue is not None else len(text)
    if cue_end <= cand.outer[0] and _n_words(text, cue_end, cand.outer[0]) <= 2:
        return False  # what the cue says: 'described it as "a disgrace"', 'called it "crap"'
    before = text[: cand.outer[0]].rstrip()[-1:]
    if not before or not (before.isalnum() or before == ","):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in index.tokens(cand.fragments[0]))


def _keep_direct(text: str, index: _Index, cand: _Candidate) -> bool:
    """A quote is a claim when it is attributed or is a clause; not a scare quote or title."""
    body = FRAGMENT_JOIN.join(text[s:e] for s, e in cand.fragments)
    n_words = len(WORD.findall(body))
    if _is_title_case(body) and n_words <= 12 or _is_embedded_phrase(text, index, cand, n_words):
        return False
    if cand.cue is not None:
        return n_words >= MIN_ATTRIBUTED_WORDS
    return cand.parent is None and n_words >= MIN_FREE_WORDS


# ---------------------------------------------------------------- headlines


def _with_headline(
    text: str, clean: CleanArticle, candidates: list[_Candidate]
) -> list[_Candidate]:
    """The candidates, a headline quote replacing what was found in the title."""
    title = next((b for b in clean.kept if b.label == "title"), None)
    headline = _headline(text, title) if title is not None else None
    if title is None or headline is None:
        return candidates
    span = (title.start, title.end)
    rest = [c for c in candidates if not _overlaps(c.outer, span)]
    if headline.type != "headline" and len(rest) < len(candidates):
        return candidates  # the parse found the reported speech of the title already
    return [*rest, headline]


def _headline(text: str, title: Block) -> _Candidate | None:
    """``Speaker: claim`` (headline) or ``Speaker says claim`` (indirect) in the title."""
    line = text[title.start : title.end]
    colon = line.find(": ")
    if colon > 0:
        speaker = line[:colon]
        claim_start = title.start + colon + 2
        n_words = len(WORD.findall(speaker))
        if 1 <= n_words <= 6 and speaker.lower() not in RUBRICS and claim_start < title.end:
            span = (claim_start, title.end)
            who = (title.start, title.start + len(speaker.split(" to ")[0]))
            return _Candidate("headline", [span], span, speaker=who)
    match = HEADLINE_SAYS.match(line)
    if match is None:
        return None
    span = (title.start + match.start("content"), title.end)
    cue = (title.start + match.start("cue"), title.start + match.end("cue"))
    who = (title.start, title.start + match.end("speaker"))
    return _Candidate("indirect", [span], span, cue=cue, speaker=who)


# ---------------------------------------------------------------- the stage


def _to_quote(text: str, source: str, index: _Index, cand: _Candidate) -> Quote:
    """The record of one candidate."""
    pieces = [text[s:e] for s, e in cand.fragments]
    body = FRAGMENT_JOIN.join(pieces)
    cue = text[cand.cue[0] : cand.cue[1]] if cand.cue else ""
    speaker = text[cand.speaker[0] : cand.speaker[1]] if cand.speaker else ""
    return Quote(
        source=source,
        type=cand.type,
        fragments=tuple(cand.fragments),
        text=body,
        sentence=index.sentence((cand.fragments[0][0], cand.fragments[-1][1])),
        cue=cue,
        cue_span=cand.cue,
        speaker_mention=speaker,
        speaker_span=cand.speaker,
        is_question=_is_question(index, cand, body),
    )


def _is_question(index: _Index, cand: _Candidate, body: str) -> bool:
    """Whether the quote asks rather than states: it holds a question ("What now?"), or a
    verb of asking, its cue or one inside it, takes an embedded question ("asked whether X",
    "he asked Assad if X", "I asked him what X")."""
    if "?" in body:
        return True
    cue = [index.tokens(cand.cue)[-1:]] if cand.cue is not None else []
    tokens = (tok for span in [*cue, *map(index.tokens, cand.fragments)] for tok in span)
    return any(
        tok.lemma_.lower() in ASK_LEMMAS and any(_is_embedded_question(c) for c in tok.rights)
        for tok in tokens
    )


def _is_embedded_question(clause: Token) -> bool:
    """``whether X``, ``if X``, ``what X``: a clause that is a question, not a statement."""
    if clause.dep_ == "ccomp":
        return clause.left_edge.lower_ in EMBEDDED_QUESTION | QUESTION_WORDS
    return clause.dep_ == "advcl" and _is_clause(clause)


def find_quotes(doc: Doc, clean: CleanArticle) -> tuple[Quote, ...]:
    """Every quote and piece of reported speech of the article, sorted by start.

    Args:
        doc: the parse of ``clean.masked_text()`` (its offsets are the article's).
        clean: the cleaned article; its title block is searched for headline quotes.
    """
    text = clean.article.text if len(clean.article.text) == len(doc.text) else doc.text
    paragraphs = _paragraphs(doc.text)
    direct = _direct(text, paragraphs)
    index = _Index(doc, direct)
    reported = _absorb(text, _reported(doc, index), direct)
    direct = [d for d in direct if not d.absorbed]
    for cand in direct:
        if cand.cue is None:
            _attribute_direct(doc, index, cand)
    direct = [d for d in _merge_split(doc, index, direct) if _keep_direct(text, index, d)]
    candidates = _with_headline(text, clean, direct + reported)
    quotes = {
        tuple(c.fragments): _to_quote(text, clean.article.source, index, c) for c in candidates
    }
    return tuple(sorted(quotes.values(), key=lambda q: (q.start, q.end)))


# ---------------------------------------------------------------- spaCy component


def _clean_from_doc(doc: Doc) -> CleanArticle:
    """A CleanArticle for a bare doc: every line a body block, the first one the title."""
    blocks = tuple(
        Block(s, e, "title" if n == 0 else "body") for n, (s, e) in enumerate(_paragraphs(doc.text))
    )
    return CleanArticle(Article(source="", text=doc.text), blocks)


class QuoteFinder:
    """spaCy component: finds quotes (``match``), then stores them (``set_annotations``)
    in ``doc.spans["quotes"]`` and ``doc._.claims_quotes``."""

    def __init__(self, nlp: Language, name: str = EXTENSION) -> None:
        self.name = name
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=())

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> tuple[Quote, ...]:
        """The quotes of a doc, its first line taken as the title."""
        return find_quotes(doc, _clean_from_doc(doc))

    def set_annotations(self, doc: Doc, quotes: Sequence[Quote]) -> None:
        """One span per fragment, labelled with the quote's type; the records as well."""
        spans = []
        for quote in quotes:
            for start, end in quote.fragments:
                span = doc.char_span(start, end, label=quote.type, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans[SPANS_KEY] = spans
        doc._.set(EXTENSION, tuple(quotes))


@Language.factory("claims_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    """Build the ``claims_quotes`` component."""
    return QuoteFinder(nlp, name)
