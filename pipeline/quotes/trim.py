"""Trimming a piece of content: what it never starts or ends with (a complementiser, the
final stop, a dangling conjunction), a sentence the parser ran in, and the writer's aside
that closes it."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.lexicon import words
from pipeline.quotes.candidate import MIN_ATTRIBUTED_WORDS
from pipeline.quotes.marks import MARKS
from pipeline.records import Offsets
from pipeline.syntax import offsets

TRIM_END = frozenset(".,;:-—–([")  # what a piece of content never ends with
SENTENCE_STOPS = frozenset(".!?")
ASIDE_PRONOUNS = words("aside_pronouns")
DOCUMENT_NOUNS = words("document_nouns")
MEDIUM_PREPS = frozenset({"in", "during"})  # "in a statement", "during an interview"


def trimmed(doc: Doc, i: int, j: int) -> Offsets | None:
    """Tokens i..j without leading complementiser and punctuation, nor the final stop or a
    conjunction left at the end ("the rent was high and"), nor a sentence after them that
    opens with a quote, which the parser may have run in."""
    j = min([j, *(k for k in range(i, j) if _quote_opens_next(doc, k))])
    while i <= j and (
        doc[i].is_space
        or (doc[i].is_punct and doc[i].text not in MARKS)
        or (doc[i].dep_ == "mark" and doc[i].lower_ == "that")
    ):
        i += 1
    while j >= i and (doc[j].is_space or doc[j].text in TRIM_END or doc[j].dep_ == "cc"):
        j -= 1
    return offsets(doc[i], doc[j]) if i <= j else None


def _quote_opens_next(doc: Doc, k: int) -> bool:
    """Whether token ``k`` ends a sentence that another opening with a quotation mark follows:
    "with courses. ''It was just waiting for a recession,'' he said."."""
    if k + 2 >= len(doc):
        return False
    mark, word = doc[k + 1], doc[k + 2]
    return (
        doc[k].text in SENTENCE_STOPS
        and bool(doc[k].whitespace_)
        and all(ch in MARKS for ch in mark.text)
        and not mark.whitespace_
        and word.text[:1].isupper()
    )


def aside(doc: Doc, i: int, j: int) -> int | None:
    """The first token of a ``, which ...`` or ``, who ...`` relative clause that ends range
    i..j and quotes nobody (a scare quote in it aside): the writer's aside on what was said.

    "He praised the bill, which passed in May." -> the aside starts at "which".
    """
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


def before_aside(doc: Doc, i: int, j: int) -> int:
    """The end of range i..j without its trailing aside when the aside follows quoted words
    (``said X would help "those ready to fight" the group, which ...``) or tells who a named
    one is (``would vote for Bernie Sanders, who ...``); a plain reported clause keeps an
    aside on a thing (``to raise rates, which would ...``), as the speaker may have said it."""
    found = aside(doc, i, j)
    if found is None or not (_quoted_words(doc[i:found]) or _on_a_person(doc, found)):
        return j
    return found - 2


def before_medium(doc: Doc, i: int, j: int) -> int:
    """The end of range i..j without a closing phrase that says where or on what terms the
    words were given, which the parser hung inside them: the attribution's, not what was
    said (unless it is quoted).

    "confirmed the meeting on condition of anonymity" -> "the meeting"; "called the system
    'rigged' in a tweet Tuesday" -> "the system 'rigged'".
    """
    last = j
    while last > i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    for tok in doc[i + 1 : last + 1]:
        if tok.dep_ == "prep" and _closes(tok, last) and _medium(tok):
            quoted = any(t.text in MARKS for t in doc[tok.i : last + 1])
            return j if quoted else tok.i - 1
    return j


def _closes(prep: Token, last: int) -> bool:
    """Whether a phrase, with the phrases of time or place right after it on the same head,
    runs to token ``last``: "in a tweet on Tuesday"."""
    end = prep.right_edge.i
    for sibling in prep.head.rights:
        if sibling.left_edge.i == end + 1 and sibling.dep_ in ("prep", "npadvmod"):
            end = sibling.right_edge.i
    return end >= last


def _medium(prep: Token) -> bool:
    """Whether a preposition names the medium of words, one of the speaker's ("in an
    interview with CNN", "in his book"; not "was included in 22 emails"), or the terms they
    were given on ("on the condition of anonymity")."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return False
    if prep.lower_ == "on":
        return obj.lemma_.lower() == "condition" and any(
            t.lower_ == "anonymity" for t in obj.subtree
        )
    own = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("a", "an")) for c in obj.lefts)
    return prep.lower_ in MEDIUM_PREPS and obj.lemma_.lower() in DOCUMENT_NOUNS and own


def _on_a_person(doc: Doc, start: int) -> bool:
    """Whether the relative clause opening at token ``start`` tells who a named person is."""
    clause = next((t for t in doc[start:] if t.dep_ == "relcl" and t.left_edge.i == start), None)
    return doc[start].lower_ == "who" and clause is not None and clause.head.pos_ == "PROPN"


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
