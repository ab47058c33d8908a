"""What a cue reports: the extent of its content, from the parse.

These rules decide where a reported clause, object or prepositional content starts and
ends, and what is trimmed off it (a complementiser, the final stop, the writer's aside).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from pipeline.cues import Cues
from pipeline.lexicon import words
from pipeline.quotes.candidate import MIN_ATTRIBUTED_WORDS, NP_CUT_DEPS, Candidate
from pipeline.quotes.marks import MARKS
from pipeline.records import Offsets
from pipeline.syntax import offsets

CONTENT_DEPS = frozenset({"ccomp"})
NOUN_CLAUSE_DEPS = frozenset({"acl", "ccomp", "appos"})
OBJECT_CUT_DEPS = frozenset({"advcl", "advmod"})
TRIM_END = frozenset(".,;:-—–")
THINK_LEMMAS = words("think")
URGE_LEMMAS = words("urge")
INFINITIVE_LEMMAS = words("infinitive")
ASK_FOR_LEMMAS = words("ask_for")
DESCRIBE_LEMMAS = words("describe")
NOUN_OBJECT_LEMMAS = words("noun_object")
PREP_LEMMAS = {
    "about": words("report_about"),
    "on": words("report_on"),
    "against": words("report_against"),
}
OBJECT_PREPS = words("object_preps")
EMBEDDED_QUESTION = words("embedded_question")
SUBJECT_PRONOUNS = words("subject_pronouns")
WH_OBJECTS = words("wh_objects")
ASIDE_PRONOUNS = words("aside_pronouns")

TokenRange = tuple[int, int]  # first and last token, both included


def noun_clause(noun: Token) -> Token | None:
    """The ``that`` clause after a noun (of saying, when its content): "the claim that X"."""
    return first(c for c in noun.rights if c.dep_ in NOUN_CLAUSE_DEPS and has_that(c))


def verb_content(verb: Token, cues: Cues) -> list[TokenRange]:
    """Token ranges of what a verb of saying reports, from the parse.

    A clause after the verb first, then an object ("described X as Y"), then a clause
    before it ("The plan is dead, he said").
    """
    clause = first(c for c in verb.rights if is_clause(c))
    if clause is not None and _restates(clause):
        return []
    ranges = clauses(clause) if clause is not None else []
    for conj in verb.rights:
        if conj.dep_ == "conj" and has_that(conj):
            ranges.extend(clauses(conj))
    if ranges:
        return ranges
    content = _object_content(verb, cues)
    if content is not None:
        return [content]
    clause = first(c for c in verb.lefts if is_clause(c))
    if clause is not None:
        return clauses(clause)
    return []


def is_clause(child: Token) -> bool:
    """A reported clause: a clausal complement, or an ``if``/``whether`` clause."""
    return child.dep_ in CONTENT_DEPS or (
        child.dep_ == "advcl" and any(m.lower_ in EMBEDDED_QUESTION for m in child.lefts)
    )


def _restates(clause: Token) -> bool:
    """The inner verb of opinion restates, by the same speaker: the outer cue reports nothing
    of its own.

    "The judge said she believed the witness." -> the report is that of "believed".
    """
    return clause.lemma_.lower() in THINK_LEMMAS and any(
        c.dep_ == "nsubj" and c.lower_ in SUBJECT_PRONOUNS for c in clause.children
    )


def clauses(head: Token) -> list[TokenRange]:
    """Token ranges of a reported clause, split at ``and that ...`` or ``, that ...`` into one
    per claim."""
    own = [c for c in head.rights if _is_next_claim(c)]
    end = own[0].left_edge.i - 1 if own else head.right_edge.i
    ranges = [(head.left_edge.i, end)]
    for clause in own:
        ranges.extend(clauses(clause))
    return ranges


def _is_next_claim(clause: Token) -> bool:
    """A clause that starts a claim of its own.

    "He said the rent was high and that the roof leaked." -> two claims.
    """
    if not has_that(clause):
        return False
    before = clause.doc[max(0, clause.left_edge.i - 2) : clause.left_edge.i]
    return clause.dep_ == "conj" or (
        clause.dep_ in ("ccomp", "advcl")
        and clause.left_edge.lower_ == "that"
        and any(t.text == "," for t in before)
    )


def _object_content(verb: Token, cues: Cues) -> TokenRange | None:
    """Content that is the verb's object: "described X as Y", "urged X to Y", "hailed X"."""
    lemma = verb.lemma_.lower()
    rights = list(verb.rights)
    obj = first(c for c in rights if c.dep_ == "dobj")
    if lemma in DESCRIBE_LEMMAS and obj is not None:
        pred = first(
            c for c in rights if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")
        )
        if pred is not None and pred.i > obj.i:
            return obj.left_edge.i, pred.right_edge.i
    inf = first(c for c in rights if c.dep_ == "xcomp")
    if lemma in URGE_LEMMAS and inf is not None:
        start = obj if obj is not None and obj.i < inf.i else inf
        return start.left_edge.i, inf.right_edge.i
    if lemma in INFINITIVE_LEMMAS and inf is not None:
        return inf.left_edge.i, inf.right_edge.i
    wanted = first(c for c in rights if c.dep_ == "prep" and c.lower_ == "for")
    if lemma in ASK_FOR_LEMMAS and wanted is not None and obj is None:
        return wanted.i + 1, wanted.right_edge.i
    found = _object_phrase(verb, obj) if obj is not None else None
    if obj is not None and found is not None and _is_content_object(verb, obj, found, cues):
        return found
    return _prep_content(lemma, rights)


def _is_content_object(verb: Token, obj: Token, found: TokenRange, cues: Cues) -> bool:
    """An object that is what was said: one holding a quote, or a noun phrase after a verb
    that reports by its object ("mentioned the deficit"); not "said it", not "repeated his
    view that X" (the clause is the content), not "urged the crowd to 'act'" (the quote is)."""
    doc = verb.doc
    if any(t.text in MARKS for t in doc[found[0] : found[1] + 1]):
        return True
    return (
        verb.lemma_.lower() in NOUN_OBJECT_LEMMAS
        and obj.pos_ != "PRON"
        and obj.lower_ not in WH_OBJECTS
        and not (obj.i in cues.nouns and noun_clause(obj) is not None)
        and not any(t.text in MARKS for t in doc[found[1] + 1 : verb.right_edge.i + 1])
    )


def _object_phrase(verb: Token, obj: Token) -> TokenRange:
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


def _prep_content(lemma: str, rights: Sequence[Token]) -> TokenRange | None:
    """The object of a preposition that carries the content.

    "The pilot complained about the radio." -> "the radio".
    """
    for child in rights:
        if child.dep_ == "prep" and lemma in PREP_LEMMAS.get(child.lower_, ()):
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return objects[0].left_edge.i, child.right_edge.i
    return None


def parenthetical(verb: Token) -> list[Offsets]:
    """The pieces of the sentence around an attribution set in it.

    "The plan, he said, was never costed." -> "The plan", "was never costed".
    """
    head, doc = verb.head, verb.doc
    pieces = [
        trimmed(doc, head.left_edge.i, verb.left_edge.i - 1),
        trimmed(doc, verb.right_edge.i + 1, head.right_edge.i),
    ]
    return [p for p in pieces if p is not None]


# ---------------------------------------------------------------- trimming the content


def report(
    doc: Doc, ranges: Sequence[TokenRange], cue: Offsets, speaker: Offsets
) -> list[Candidate]:
    """Indirect candidates for token ranges, trimmed; ranges holding the cue are dropped."""
    found = []
    for i, j in ranges:
        span = trimmed(doc, i, _before_aside(doc, i, j))
        if span is not None and not span[0] <= cue[0] < span[1]:
            found.append(Candidate("indirect", [span], span, cue=cue, speaker=speaker))
    return found


def trimmed(doc: Doc, i: int, j: int) -> Offsets | None:
    """Tokens i..j without leading complementiser and punctuation, nor the final stop."""
    while i <= j and (
        doc[i].is_space
        or (doc[i].is_punct and doc[i].text not in MARKS)
        or (doc[i].dep_ == "mark" and doc[i].lower_ == "that")
    ):
        i += 1
    while j >= i and (doc[j].is_space or doc[j].text in TRIM_END):
        j -= 1
    return offsets(doc[i], doc[j]) if i <= j else None


def _aside(doc: Doc, i: int, j: int) -> int | None:
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


def first(tokens: Iterable[Token]) -> Token | None:
    """The first of ``tokens``, if any."""
    return next(iter(tokens), None)


def has_that(clause: Token) -> bool:
    """Whether a clause opens with the complementiser ``that``."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.lefts)
