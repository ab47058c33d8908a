"""Putting the quotes of an article together: reported clauses against quotes (mixed quotes),
which direct quotes are claims, and the records."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from pipeline.lexicon import words
from pipeline.quotes.candidate import (
    MIN_ATTRIBUTED_WORDS,
    WORD,
    Candidate,
    Index,
    n_words,
    overlaps,
    word_starts,
)
from pipeline.quotes.content import is_clause
from pipeline.quotes.coordinated import outermost
from pipeline.quotes.headline import with_headline
from pipeline.quotes.marks import (
    attribute_direct,
    direct_quotes,
    join_reported_split,
    merge_split,
    paragraphs,
)
from pipeline.quotes.reported import reported
from pipeline.quotes.scorer import load_scorer
from pipeline.records import FRAGMENT_JOIN, CleanArticle, Offsets, Quote
from pipeline.syntax import VERBS

QUESTION_OPENERS = words("embedded_question", "question_words")
MIN_FREE_WORDS = 6  # a quote nobody is said to say is a claim from this many words
MAX_SPEAKER_GAP_WORDS = 4  # '"Savage," the old friend said': a speaker this short between
MAX_PHRASE_WORDS = 5  # a quoted phrase without a verb this short is the writer's label
MAX_TITLE_WORDS = 12  # a title-cased quote this short is a title (of a book, a film)
DIRECT_COVERAGE = 1.0  # a reported clause wholly inside quotes is those quotes; a word out: mixed


def find_quotes(doc: Doc, clean: CleanArticle) -> tuple[Quote, ...]:
    """Every quote and piece of reported speech of the article, sorted by start: the rules'
    candidates that the learned scorer keeps.

    Args:
        doc: the parse of ``clean.masked_text()`` (its offsets are the article's).
        clean: the cleaned article; its title block is searched for headline quotes.
    """
    text, index, found = find_candidates(doc, clean)
    kept = load_scorer().kept(index, found)
    quotes = {tuple(c.fragments): _to_quote(text, clean.article.source, index, c) for c in kept}
    return tuple(sorted(quotes.values(), key=lambda q: (q.start, q.end)))


def find_candidates(doc: Doc, clean: CleanArticle) -> tuple[str, Index, list[Candidate]]:
    """The article's text, its index and every candidate quote the rules find."""
    parsed = doc.text  # Doc.text is rebuilt on every access: read it once
    text = clean.article.text if len(clean.article.text) == len(parsed) else parsed
    direct = direct_quotes(text, paragraphs(parsed))
    index = Index(doc, parsed, direct)
    found = absorb(text, outermost(index, reported(doc, index)), direct)
    direct = [d for d in direct if not d.absorbed]
    for cand in direct:
        if cand.cue is None:
            attribute_direct(doc, index, cand)
    direct = join_reported_split(index, found, merge_split(index, direct))
    direct = [d for d in direct if keep_direct(text, index, d)]
    return text, index, with_headline(text, clean, direct + found)


def absorb(text: str, found: list[Candidate], direct: list[Candidate]) -> list[Candidate]:
    """Resolve reported clauses against quotes: one that is a quote lends it its cue and
    speaker; one that holds a partial quote becomes mixed, keeping the marks.

    'He said the deal was "dead in the water".' -> one mixed quote, marks and all.
    """
    kept = []
    for rep in found:
        span = rep.outer
        touching = [d for d in direct if any(overlaps(d.outer, f) for f in rep.fragments)]
        if not touching:
            kept.append(rep)
            continue
        said = word_starts(text, rep.fragments)
        inside = word_starts(text, [f for d in touching for f in d.fragments])
        if said and len(said & inside) >= DIRECT_COVERAGE * len(said):
            for d in touching:
                if d.cue is None:
                    d.cue, d.speaker = rep.cue, rep.speaker
            continue
        for d in touching:
            d.absorbed = True
        fragments = _with_marks(rep.fragments, [d.outer for d in touching])
        outer = (min(span[0], fragments[0][0]), max(span[1], fragments[-1][1]))
        kept.append(replace(rep, type="mixed", fragments=fragments, outer=outer))
    return kept


def _with_marks(fragments: list[Offsets], quotes: list[Offsets]) -> list[Offsets]:
    """The pieces of a report, each grown to the quotes (marks and all) it overlaps; an
    attribution between two pieces stays out.

    '"The plan", she said, "is dead"' -> two pieces, each with its marks.
    """
    grown: list[Offsets] = []
    for s, e in fragments:
        inside = [q for q in quotes if overlaps(q, (s, e))]
        s, e = min([s, *(q[0] for q in inside)]), max([e, *(q[1] for q in inside)])
        if grown and s <= grown[-1][1]:  # one quote reaching both pieces: one piece
            first, last = grown.pop()
            s, e = first, max(last, e)
        grown.append((s, e))
    return grown


def keep_direct(text: str, index: Index, cand: Candidate) -> bool:
    """A quote is a claim when it is attributed or is a clause; not a scare quote or title."""
    body = FRAGMENT_JOIN.join(text[s:e] for s, e in cand.fragments)
    count = n_words(body)
    if _is_title(body, count) or _is_embedded_phrase(text, index, cand, count):
        return False
    if cand.cue is not None:
        return count >= MIN_ATTRIBUTED_WORDS or _opens_attributed(text, cand)
    return cand.parent is None and count >= MIN_FREE_WORDS


def _opens_attributed(text: str, cand: Candidate) -> bool:
    """A short quote that opens its sentence and is attributed right after it: a statement,
    however short.

    '"Technicals," Bob said.' -> "Technicals" is what Bob said.
    """
    assert cand.cue is not None
    line_start = text.rfind("\n", 0, cand.outer[0]) + 1
    before = text[line_start : cand.outer[0]].rstrip()
    gap = text[cand.outer[1] : cand.cue[0]]
    inside = text[cand.fragments[-1][1] : cand.outer[1]] + gap
    return (
        (not before or before[-1] in ".!?")
        and cand.cue[0] >= cand.outer[1]
        and n_words(gap) <= MAX_SPEAKER_GAP_WORDS
        and "," in inside
    )


def _is_title(body: str, count: int) -> bool:
    """A short quote with every longer word capitalised: a title, not a claim.

    'She had just read "The Long Walk Home".' -> a book's title.
    """
    long_words = [w for w in WORD.findall(body) if len(w) > 3]
    return (
        count >= 2
        and count <= MAX_TITLE_WORDS
        and bool(long_words)
        and all(w[0].isupper() for w in long_words)
    )


def _is_embedded_phrase(text: str, index: Index, cand: Candidate, count: int) -> bool:
    """A short quoted phrase without a verb inside a sentence: the writer quoting a label,
    not a claim.

    'The group, pushed by "worried local parents", sued.' -> a label.
    """
    if count > MAX_PHRASE_WORDS or len(cand.fragments) > 1:
        return False
    cue_end = cand.cue[1] if cand.cue is not None else len(text)
    if cue_end <= cand.outer[0] and n_words(text, cue_end, cand.outer[0]) <= 2:
        return False  # what the cue says: 'described it as "a disgrace"', 'called it "crap"'
    before = text[text.rfind("\n", 0, cand.outer[0]) + 1 : cand.outer[0]].rstrip()[-1:]
    if not before or not (before.isalnum() or before == ","):
        return False
    return not any(t.pos_ in VERBS for t in index.tokens(cand.fragments[0]))


def _to_quote(text: str, source: str, index: Index, cand: Candidate) -> Quote:
    """The record of one candidate."""
    body = FRAGMENT_JOIN.join(text[s:e] for s, e in cand.fragments)
    return Quote(
        source=source,
        type=cand.type,
        fragments=tuple(cand.fragments),
        text=body,
        sentence=index.sentence((cand.fragments[0][0], cand.fragments[-1][1])),
        cue=text[cand.cue[0] : cand.cue[1]] if cand.cue else "",
        cue_span=cand.cue,
        speaker_mention=text[cand.speaker[0] : cand.speaker[1]] if cand.speaker else "",
        speaker_span=cand.speaker,
        is_question=_is_question(index, cand, body),
    )


def _is_question(index: Index, cand: Candidate, body: str) -> bool:
    """Whether the quote asks rather than states: it holds a question ("What now?"), or a
    verb of asking, its cue or one inside it, takes an embedded question ("asked whether X",
    "he asked Assad if X", "I asked him what X")."""
    if "?" in body:
        return True
    cue = [index.tokens(cand.cue)[-1:]] if cand.cue is not None else []
    tokens = (tok for span in [*cue, *map(index.tokens, cand.fragments)] for tok in span)
    return any(
        tok.i in index.cues.ask and any(_is_embedded_question(c) for c in tok.rights)
        for tok in tokens
    )


def _is_embedded_question(clause: Token) -> bool:
    """A clause that is a question, not a statement.

    "They asked whether the school would close." -> "whether the school would close".
    """
    if clause.dep_ == "ccomp":
        return clause.left_edge.lower_ in QUESTION_OPENERS
    return clause.dep_ == "advcl" and is_clause(clause)
