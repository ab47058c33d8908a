"""Quotes between quotation marks: the lexical scan, their cues, split quotes made one.

The scan goes paragraph by paragraph, so an unbalanced mark only spoils its own paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from pipeline.quotes.candidate import WORD, Candidate, Index, n_words, speaker_of
from pipeline.quotes.interview import transcript_turns
from pipeline.records import Offsets
from pipeline.syntax import VERBS, cue_span

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
PARAGRAPH = re.compile(r"[^\n\r]+")
MAX_SPLIT_GAP_WORDS = 40  # an attribution with a long description of its speaker
MAX_GAP_PHRASE_WORDS = 5  # a quoted phrase this short may stand in an attribution
SENTENCE_END = frozenset(("", ".", "!", "?"))  # what a sentence-opening quote follows
NEXT_SAYING_DEPS = frozenset({"advcl", "conj", "xcomp"})  # "said, adding, 'B'": B's own cue
REPORTED_CLAUSE_DEPS = frozenset({"ccomp"})  # what a verb of saying in an attribution reports

Found = tuple[Offsets, Offsets, bool]  # a quote with its marks, between them, closed


def paragraphs(text: str) -> list[Offsets]:
    """The non-blank lines of ``text``, stripped of surrounding whitespace."""
    spans = []
    for match in PARAGRAPH.finditer(text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


def direct_quotes(text: str, paragraphs: Sequence[Offsets]) -> list[Candidate]:
    """Every quoted stretch, a quote over several paragraphs joined into one; a quote inside
    another one points at it by ``parent``. A transcript's turn (``NAME: ...``) is one
    quote (``interview``)."""
    found: list[Candidate] = []
    top: int | None = None
    turns = transcript_turns(text, paragraphs)
    for p, (start, end) in enumerate(paragraphs):
        turn = turns.get(p)
        if turn is not None:
            top = len(found)
            found.append(turn)
            start = max(start, turn.fragments[0][0])
        for outer, between, closed in _scan_paragraph(text, start, end):
            inner = _content(text, between, closed)
            if inner[0] >= inner[1] or (turn is not None and inner in turn.fragments):
                continue
            last = found[top] if top is not None else None
            if (
                last is not None
                and last.paragraphs[0] <= p <= last.paragraphs[1]
                and (outer[1] <= last.outer[1])
            ):
                found.append(Candidate("direct", [inner], outer, parent=top, paragraphs=(p, p)))
            elif last is not None and _continues(last, p, outer[0] == start):
                last.fragments.append(inner)
                last.outer = (last.outer[0], outer[1])
                last.paragraphs = (last.paragraphs[0], p)
                last.open_end = not closed
            else:
                top = len(found)
                cand = Candidate("direct", [inner], outer, paragraphs=(p, p), open_end=not closed)
                found.append(cand)
    return found


def _continues(last: Candidate, p: int, opens_paragraph: bool) -> bool:
    """Whether a quote opening paragraph ``p`` goes on with ``last``, left open at the end of
    the paragraph before: the press's way of quoting over paragraphs.

    "“We trained hard all winter. / “Next season will be harder.”" is one quote.
    """
    return last.open_end and last.paragraphs[1] == p - 1 and opens_paragraph


def _mark_role(text: str, mark: re.Match[str], start: int, end: int) -> str:
    """Whether a mark can open (``open``), close (``close``), both or neither, by context."""
    ch, i, j = mark.group(), mark.start(), mark.end()
    before = text[i - 1] if i > start else " "
    after = text[j] if j < end else " "
    if before.isspace() and after.isspace():
        return "none"
    can_open = not after.isspace() and (
        before.isspace()
        or before in OPEN_CONTEXT
        or before in MARKS
        or (before in SENTENCE_END and ch in DOUBLE_MARKS - CLOSING_ONLY)  # 'lies."We'
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


def _scan_paragraph(text: str, start: int, end: int) -> list[Found]:
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


# ---------------------------------------------------------------- cues and split quotes


def attribute_direct(doc: Doc, index: Index, cand: Candidate) -> None:
    """Find the cue of a direct quote in its sentence(s), outside quotation marks; for a quote
    inside another one, inside that one ("He answered: 'I agree'")."""
    within = -1 if cand.parent is None else cand.parent
    best: tuple[int, Token] | None = None
    for tok in index.tokens(index.sentence(cand.outer)):
        if cand.outer[0] <= tok.idx < cand.outer[1] or index.quoted[tok.i] != within:
            continue
        if tok.i in index.cues.say:
            distance = min(abs(tok.idx - cand.outer[0]), abs(tok.idx - cand.outer[1]))
            if best is None or distance < best[0]:
                best = distance, tok
    if best is None:
        best = _colon_verb(doc, index, cand)
    if best is not None:
        cand.cue, cand.speaker = cue_span(best[1]), speaker_of(best[1])


def _colon_verb(doc: Doc, index: Index, cand: Candidate) -> tuple[int, Token] | None:
    """The verb before a colon that introduces the quote.

    'The minister went on: "We will not pay."' -> "went".
    """
    toks = index.tokens((cand.outer[0], cand.outer[0] + 1))
    if not len(toks) or toks[0].i == 0:
        return None
    prev = doc[toks[0].i - 1]
    if prev.text != ":":
        return None
    head = prev.head if prev.head.pos_ in VERBS else None
    return (0, head) if head is not None and head.i < prev.i else None


def merge_split(index: Index, direct: list[Candidate]) -> list[Candidate]:
    """Join ``"A," he said. "B."`` into one quote with two fragments; a short quoted phrase in
    the attribution (a programme's title, a scare quote) does not keep the two apart."""
    merged: list[Candidate] = []
    prev: Candidate | None = None
    for cand in direct:
        attribution = _split_attribution(index, prev, cand) if prev is not None else None
        if prev is not None and attribution is not None:
            prev.fragments.extend(cand.fragments)
            prev.outer = (prev.outer[0], cand.outer[1])
            prev.cue, prev.speaker = attribution
            continue
        merged.append(cand)
        if cand.parent is None and not _in_attribution(index.text, prev, cand):
            prev = cand
    return merged


def join_reported_split(
    index: Index, found: list[Candidate], direct: list[Candidate]
) -> list[Candidate]:
    """Join each report whose attribution follows it to the quote right after that
    attribution (it becomes mixed); the direct quotes left over.

    'America needs leaders "who listen," she said. "That is why I ran."' -> one quote.
    """
    joined: set[int] = set()
    for rep in found:
        if rep.cue is None or rep.cue[0] < rep.outer[1]:
            continue
        after = next((d for d in direct if d.outer[0] >= rep.cue[1]), None)
        attribution = _split_attribution(index, rep, after) if after is not None else None
        if after is None or attribution is None or attribution[0] != rep.cue:
            continue
        rep.type = "mixed"
        rep.fragments.extend(after.fragments)
        rep.outer = (rep.outer[0], after.outer[1])
        joined.add(id(after))
    return [d for d in direct if id(d) not in joined]


def _in_attribution(text: str, prev: Candidate | None, cand: Candidate) -> bool:
    """Whether ``cand`` is a short quoted phrase after ``prev`` in its paragraph, which may
    stand in the attribution of a split quote.

    '"A," he told ABC's "This Week." "B."' -> "This Week." stands in the attribution; a
    quote opening its sentence does not ('shouted "Yes!" at the TV. "I loved it," she said.').
    """
    before = _without_marks(text[text.rfind("\n", 0, cand.outer[0]) + 1 : cand.outer[0]])
    return (
        prev is not None
        and prev.paragraphs[1] == cand.paragraphs[0]
        and sum(n_words(text, s, e) for s, e in cand.fragments) <= MAX_GAP_PHRASE_WORDS
        and before[-1:] not in SENTENCE_END
    )


def _split_attribution(
    index: Index, prev: Candidate, cand: Candidate
) -> tuple[Offsets, Offsets | None] | None:
    """The attribution between two quotes of one paragraph that are one quote split by it:
    one sentence with a verb of saying, set off by punctuation, that goes on with no report
    of its own.

    '"The road is closed," the officer said. "Take the bridge."' -> "said", "the officer".
    """
    gap = (prev.outer[1], cand.outer[0])
    gap_text = index.text[gap[0] : gap[1]]
    if prev.open_end or cand.parent is not None:
        return None
    if "\n" in gap_text and not _goes_on_next_paragraph(index.text, cand, gap_text):
        return None
    if cand.cue is not None and cand.cue[0] >= cand.outer[1]:
        return None  # '"A," she said. "B," she said.': each quote has its own attribution
    if n_words(gap_text) > MAX_SPLIT_GAP_WORDS or not _ends_clause(index.text, prev, gap_text):
        return None  # a quoted phrase inside its sentence: to express "thanks" to X, adding
    tokens = index.tokens(gap)
    words = [tok for tok in tokens if not (tok.is_space or tok.is_punct)]
    if any(tok.is_sent_start for tok in words[1:]):
        return None  # a sentence of its own between the two quotes
    said = [tok for tok in tokens if tok.i in index.cues.say and index.quoted[tok.i] < 0]
    if not said or _introduces(said[0], said[-1], tokens):
        return None  # none, or the second quote is a report of its own: 'she said, adding, "B"'
    if any(_reports_in(tok, gap) for tok in said[1:]):
        return None  # '"A," said X, who also said that Y. "B."': B may go on with Y
    return cue_span(said[0]), speaker_of(said[0])


def _reports_in(verb: Token, gap: Offsets) -> bool:
    """Whether a verb of saying in a relative clause of a split quote's attribution reports a
    clause of its own there ("said X, who said he would not vote for Y"): the quote after
    the attribution may go on with that report; not the attribution's own next words ("she
    said, adding that Y")."""
    in_relative = any(t.dep_ == "relcl" and t.idx >= gap[0] for t in (verb, *verb.ancestors))
    return in_relative and any(
        c.dep_ in REPORTED_CLAUSE_DEPS and gap[0] <= c.idx and c.right_edge.idx < gap[1]
        for c in verb.rights
    )


def _introduces(verb: Token, other: Token, gap: Span) -> bool:
    """Whether ``other``, the last verb of saying of a gap, is the speaker's next report hung
    on ``verb`` that the quote after the gap is the content of ("she said, adding, 'B'"), not
    one with content of its own ("she said, adding that X. 'B'")."""
    rest = [tok for tok in gap if tok.i > other.i and not (tok.is_punct or tok.is_space)]
    return other.head.i == verb.i and other.dep_ in NEXT_SAYING_DEPS and not rest


def _goes_on_next_paragraph(text: str, cand: Candidate, gap_text: str) -> bool:
    """Whether ``cand``, a quote with no attribution of its own that fills the paragraph
    after the gap, goes on with the quote the gap attributes at the end of its paragraph.

    '"We will win," she said.\n\n"The polls are with us."' -> one quote, two fragments.
    """
    line_end = text.find("\n", cand.outer[1])
    after = text[cand.outer[1] : line_end if line_end >= 0 else len(text)]
    before, _, lead = gap_text.partition("\n")
    return (
        cand.cue is None
        and not lead.strip()
        and not after.strip()
        and before.rstrip()[-1:] in SENTENCE_END - {""}
    )


def _ends_clause(text: str, quote: Candidate, gap_text: str) -> bool:
    """Whether the gap between two quotes is an attribution set off by punctuation: the first
    quote ends at a pause, inside or just outside its closing mark (``"A," he said``,
    ``"A", he said``), or opens its sentence (``"A" he said``), and the attribution ends at
    one, even at the end of a title it quotes (``he said, "B"``, ``he said. "B"``,
    ``he told "This Week." "B"``); not after a quote closed by a full stop."""
    inside = _without_marks(text[quote.outer[0] : quote.outer[1]])
    if inside[-1:] == "." and WORD.search(gap_text):
        return False  # '"A." He adds, "B."': the attribution is a sentence of its own
    before = text[text.rfind("\n", 0, quote.outer[0]) + 1 : quote.outer[0]].rstrip()
    first_pauses = (
        inside[-1:] in CLOSE_CONTEXT
        or gap_text.lstrip()[:1] in CLOSE_CONTEXT
        or before[-1:] in SENTENCE_END
    )
    return first_pauses and _without_marks(gap_text)[-1:] in CLOSE_CONTEXT


def _without_marks(text: str) -> str:
    """``text`` without the quotation marks and spaces (of any kind) it ends with."""
    return text.rstrip().rstrip("".join(MARKS)).rstrip()
