"""What a cue reports: the extent of its content, from the parse.

These rules decide where a reported clause, object or prepositional content starts and
ends; ``pipeline.quotes.trim`` what is trimmed off it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from pipeline.cues import Cues
from pipeline.lexicon import words
from pipeline.quotes.candidate import NP_CUT_DEPS
from pipeline.quotes.marks import MARKS
from pipeline.quotes.trim import aside, trimmed
from pipeline.records import Offsets

CONTENT_DEPS = frozenset({"ccomp"})
NOUN_CLAUSE_DEPS = frozenset({"acl", "ccomp", "appos"})
OBJECT_CUT_DEPS = frozenset({"advcl", "advmod"})
# What the parser hangs on an interrupting "X said" that goes on with the interrupted clause.
CONTINUATION_DEPS = frozenset({"prep", "cc", "agent", "advmod", "npadvmod"})
URGE_LEMMAS = words("urge")
INFINITIVE_LEMMAS = words("infinitive")
ASK_FOR_LEMMAS = words("ask_for")
DESCRIBE_LEMMAS = words("describe")
NOUN_OBJECT_LEMMAS = words("noun_object")
HEARER_LEMMAS = words("hearer_object")
# "called on (upon) the banks to lend", "called for X to Y"
ADDRESS_PREPS = frozenset({"on", "upon", "for"})
PREP_LEMMAS = {
    "about": words("report_about"),
    "on": words("report_on"),
    "against": words("report_against"),
    "of": words("report_of"),
    "with": words("report_with"),
}
OBJECT_PREPS = words("object_preps")
TIME_ENTITIES = frozenset({"DATE", "TIME"})
EMBEDDED_QUESTION = words("embedded_question")
CONDITIONS = words("conditions")
WH_OBJECTS = words("wh_objects")
SEQUENCE_MARKS = words("sequence_marks")

TokenRange = tuple[int, int]  # first and last token, both included


def noun_clause(noun: Token) -> Token | None:
    """The ``that`` clause after a noun (of saying, when its content): "the claim that X"."""
    return first(c for c in noun.rights if c.dep_ in NOUN_CLAUSE_DEPS and has_that(c))


def verb_content(verb: Token, cues: Cues) -> list[TokenRange]:
    """Token ranges of what a verb of saying reports, from the parse.

    A clause after the verb first (with the clauses coordinated with it, ``and that ...``,
    ``but ...``: one claim, as the press writes it), then an object ("described X as Y"),
    then a clause before it ("The plan is dead, he said").
    """
    clause = _reported_clause(verb.rights)
    if clause is not None:
        more = [c for c in verb.rights if c.i > clause.i and _goes_on(c, cues)]
        end = _with_conditions(verb, max(c.right_edge.i for c in (clause, *more)))
        return claims((clause.left_edge.i, end), clause)
    content = _object_content(verb, cues)
    if content is not None:
        return [(content[0], _with_conditions(verb, content[1]))]
    clause = _reported_clause(verb.lefts)
    return claims(clause_range(clause), clause) if clause is not None else []


def _with_conditions(verb: Token, end: int) -> int:
    """The end of a verb's content at token ``end``, grown over the conditions the parser hung
    on the verb right after it: what was said holds on them.

    "He threatened to impose a tariff unless the company cancels its plant." -> up to "plant".
    """
    doc = verb.doc
    for child in verb.rights:
        first_word = child.left_edge
        gap = doc[end + 1 : first_word.i]
        if (
            child.i > end
            and child.dep_ in ("advcl", "ccomp")
            and first_word.lower_ in CONDITIONS
            and (first_word.dep_ == "mark" or _inverted(first_word))
            and all(t.text == "," for t in gap)
        ):
            end = child.right_edge.i
    return end


def _inverted(aux: Token) -> bool:
    """Whether an auxiliary opens a condition by standing before its subject ("should he
    win"), not a clause of its own ("and troops should go")."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i == aux.i + 1 for c in aux.head.lefts
    )


def _goes_on(child: Token, cues: Cues) -> bool:
    """Whether a clause coordinated with a verb of saying goes on with what it reports: one
    opened by "that", or one with a subject of its own that reports nothing itself; or a
    second clause of the verb after a colon, which spells the first out.

    "He said he would meet the pope, but no meeting has been arranged." -> one report;
    "They say it is time to accept a new reality: that X leads the party." -> one report.
    """
    start = child.left_edge
    elaborates = child.dep_ == "ccomp" and ":" in (start.text, start.nbor(-1).text)
    return elaborates or (
        child.dep_ == "conj"
        and (has_that(child) or (_has_subject(child) and child.i not in cues.verbs))
    )


def _reported_clause(children: Iterable[Token]) -> Token | None:
    """The reported clause among a verb's children: a clausal complement, else an
    ``if``/``whether`` clause ("said that X, if bogus, Y" reports X, not "if bogus")."""
    children = list(children)
    return first(c for c in children if c.dep_ in CONTENT_DEPS) or first(
        c for c in children if is_clause(c)
    )


def is_clause(child: Token) -> bool:
    """A reported clause: a clausal complement, or an ``if``/``whether`` clause."""
    return child.dep_ in CONTENT_DEPS or (
        child.dep_ == "advcl" and any(m.lower_ in EMBEDDED_QUESTION for m in child.lefts)
    )


def claims(span: TokenRange, head: Token) -> list[TokenRange]:
    """A reported clause split where ``, that ...`` opens another claim of the same cue.

    "He said the rent was high, that the roof leaked, and the heating failed." -> three
    claims; "... and that ..." alone stays one.
    """
    doc = head.doc
    cuts = [
        t.i
        for t in doc[span[0] + 1 : span[1] + 1]
        if t.lower_ == "that" and t.dep_ == "mark" and t.head.head.i in (head.i, head.head.i)
        and _after_comma(doc, t.i)
    ]  # fmt: skip
    starts, ends = [span[0], *cuts], [*(c - 1 for c in cuts), span[1]]
    if cuts:  # a list of claims: "that A, that B, and C" -> C is the third
        heads = [head, *(doc[c].head for c in cuts)]
        tail = [
            c
            for h in heads
            for c in h.rights
            if c.dep_ == "conj" and c.i > cuts[-1] and _has_subject(c)
        ] or _listed_last(doc, cuts[-1], span[1])
        if tail and doc[tail[-1].left_edge.i - 1].dep_ == "cc":
            ends[-1] = tail[-1].left_edge.i - 2
            starts.append(tail[-1].left_edge.i)
            ends.append(span[1])
    return list(zip(starts, ends, strict=True))


def _listed_last(doc: Doc, i: int, j: int) -> list[Token]:
    """The clause after ", and" closing a list of claims, when the parser hung it deep in
    the claim before it (tokens i..j): '..., that "we would not feel safe", and giving ISIS
    a vacuum would be "dangerous."'"""
    return [
        c
        for c in doc[i + 1 : j + 1]
        if c.dep_ == "conj" and _has_subject(c) and c.right_edge.i >= j - 2
        and doc[c.left_edge.i - 1].dep_ == "cc" and _after_comma(doc, c.left_edge.i - 1)
    ][-1:]  # fmt: skip


def _has_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own (a clause, not a bare predicate)."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children)


def _after_comma(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows a comma (a closing quotation mark aside), not ", and"."""
    j = i - 1
    while j > 0 and doc[j].text in MARKS:
        j -= 1
    return doc[j].text == ","


def clause_range(head: Token) -> TokenRange:
    """The tokens of a reported clause, first and last."""
    return head.left_edge.i, head.right_edge.i


def _object_content(verb: Token, cues: Cues) -> TokenRange | None:
    """Content that is the verb's object: "described X as Y", "urged X to Y", "hailed X"."""
    lemma = verb.lemma_.lower()
    rights = list(verb.rights)
    obj = first(c for c in rights if c.dep_ == "dobj")
    if lemma in DESCRIBE_LEMMAS and obj is not None:
        pred = first(c for c in rights if _predicative(c))
        if pred is not None and pred.i > obj.i:
            return obj.left_edge.i, pred.right_edge.i
    inf = first(c for c in rights if c.dep_ == "xcomp")
    gerund = inf is not None and inf.tag_ == "VBG" and lemma in NOUN_OBJECT_LEMMAS
    if inf is not None and (lemma in INFINITIVE_LEMMAS or gerund):
        return inf.left_edge.i, inf.right_edge.i  # "promised to X", "reported spending X"
    asked = _addressee_and_infinitive(rights, obj, inf) if lemma in URGE_LEMMAS else None
    if asked is not None:
        return asked
    wanted = first(c for c in rights if c.dep_ == "prep" and c.lower_ == "for")
    if lemma in ASK_FOR_LEMMAS and wanted is not None and obj is None:
        return wanted.i + 1, wanted.right_edge.i
    found = _object_phrase(verb, obj) if obj is not None else None
    if obj is not None and found is not None and _is_content_object(verb, obj, found, cues):
        return found
    return _prep_content(lemma, rights)


def _predicative(child: Token) -> bool:
    """What "described X as" says X is: a predicate, an ``as`` phrase or ``as`` clause
    ("described the country as beset by crime")."""
    as_clause = child.dep_ == "advcl" and any(m.lower_ == "as" for m in child.lefts)
    return child.dep_ == "oprd" or (child.dep_ == "prep" and child.lower_ == "as") or as_clause


def _addressee_and_infinitive(
    rights: Sequence[Token], obj: Token | None, inf: Token | None
) -> TokenRange | None:
    """What a verb of asking or urging reports: whom it asks, and what to do; nothing when
    it addresses nobody, a wish of the speaker's own.

    "The council asked the court to intervene." -> "the court to intervene"; "called on the
    banks to lend" -> "the banks to lend" (so "called for the army to withdraw"); "She asked
    to speak to the manager." -> nothing.
    """
    if inf is None:
        return None
    on = first(c for c in rights if c.dep_ == "prep" and c.lower_ in ADDRESS_PREPS and c.i < inf.i)
    addressee = obj if obj is not None and obj.i < inf.i else None
    if addressee is None and on is not None:
        addressee = first(c for c in on.children if c.dep_ == "pobj")
    if addressee is None:
        return None
    return addressee.left_edge.i, inf.right_edge.i


def _is_content_object(verb: Token, obj: Token, found: TokenRange, cues: Cues) -> bool:
    """An object that is what was said: one holding a quote, or a noun phrase after a verb
    that reports by its object ("mentioned the deficit"); not "said it", not "repeated his
    view that X" (the clause is the content), not "urged the crowd to 'act'" (the quote is,
    unless a report coordinated with the verb holds it: "praised the plan and said 'X'"), not
    the hearer ("told ABC's 'This Week'"), not what a participle of saying on another verb of
    saying cites or recalls to back that one's report ('"We grew," he said, recalling his
    terms')."""
    doc = verb.doc
    if verb.lemma_.lower() not in HEARER_LEMMAS and any(
        t.text in MARKS for t in doc[found[0] : found[1] + 1]
    ):
        return True
    own = [c.right_edge.i for c in verb.rights if not _next_report(c, cues)]
    return (
        verb.lemma_.lower() in NOUN_OBJECT_LEMMAS
        and not _backs_report(verb, cues)
        and obj.pos_ != "PRON"
        and obj.lower_ not in WH_OBJECTS
        and not (obj.i in cues.nouns and noun_clause(obj) is not None)
        and not any(t.text in MARKS for t in doc[found[1] + 1 : max(own, default=found[1]) + 1])
    )


def _backs_report(verb: Token, cues: Cues) -> bool:
    """Whether a token is a participle of saying hung on a verb of saying: what it names
    ("citing low growth", "recalling a visit") is the ground of the other's report."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i in cues.verbs
        and verb.head.i in cues.verbs
    )


def _next_report(child: Token, cues: Cues) -> bool:
    """Whether a child of a verb of saying is no word of its own report: punctuation, a verb
    coordinated with it ("and said 'X'"), a participle of saying ("calling it 'bold'")."""
    return child.dep_ in ("cc", "conj", "punct") or _backs_report(child, cues)


def _object_phrase(verb: Token, obj: Token) -> TokenRange:
    """An object with its restrictive modifiers and the verb's prepositions and infinitives
    after it that belong to what was said ("praised the plan as bold", "announced steps to
    tighten gun sales"), not a ", which ..." clause, even one on a nested noun ("questioned
    the health of X, who is 70")."""
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
        if child.left_edge.i != end + 1 or not (
            _is_infinitive(child) or (child.dep_ == "prep" and child.lower_ in OBJECT_PREPS)
        ):
            break
        end = child.right_edge.i
    found = aside(doc, obj.left_edge.i, end)
    return obj.left_edge.i, end if found is None else found - 2


def _is_infinitive(child: Token) -> bool:
    """A clause hung on a verb that opens with ``to``: "announced steps to tighten sales"."""
    return child.dep_ in ("advcl", "xcomp") and child.left_edge.tag_ == "TO"


def _prep_content(lemma: str, rights: Sequence[Token]) -> TokenRange | None:
    """The object of a preposition that carries the content, not a time ("commented on
    Monday").

    "The pilot complained about the radio." -> "the radio".
    """
    for child in rights:
        if child.dep_ == "prep" and lemma in PREP_LEMMAS.get(child.lower_, ()):
            objects = [
                c
                for c in child.children
                if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in TIME_ENTITIES
            ]
            if objects:
                return objects[0].left_edge.i, child.right_edge.i
    return None


def parenthetical(verb: Token, cues: Cues) -> list[Offsets]:
    """The pieces of the sentence around an attribution set in it.

    "The plan, he said, was never costed." -> "The plan", "was never costed"; what the parser
    hung on the verb before its speaker is the sentence's too ("In any case, he said, ..."),
    unless the attribution is a subordinate clause ("As the Times reported, ...").
    """
    head, doc = verb.head, verb.doc
    rest = continuation(verb, cues) or (verb.right_edge.i + 1, head.right_edge.i)
    subject = first(c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass"))
    subordinate = any(c.dep_ == "mark" for c in verb.lefts)  # "as X reported": all its own
    before = (verb if subordinate or subject is None else subject).left_edge.i - 1
    pieces = [trimmed(doc, min(head.left_edge.i, verb.left_edge.i), before), trimmed(doc, *rest)]
    return [p for p in pieces if p is not None]


def lead(verb: Token) -> TokenRange | None:
    """The adverbial clause opening a sentence that an attribution interrupts, commas on both
    sides of it: what was said starts there, before the attribution.

    "If whites were moving his way, Cohn wrote, 'the assumption may be shakier.'" -> "If
    whites were moving his way"; not a frame without a subject ("Asked about it, he said,
    ..."), nor the writer's time ("Soon after she was booed, he wrote, ..."), nor one before
    an attribution that is not set off ("When it rained, he said X").
    """
    doc = verb.doc
    subject = first(c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass"))
    opening = first(c for c in verb.lefts if c.dep_ == "advcl")
    clause = _reported_clause(verb.rights)
    if subject is None or opening is None or clause is None or not _has_subject(opening):
        return None
    if any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in opening.lefts):
        return None
    start, end = clause_range(opening)
    before = clause.left_edge.i - 1
    while before > verb.i and all(ch in MARKS for ch in doc[before].text):
        before -= 1  # the marks opening a quote, "''" too
    set_off = (
        doc[end + 1].text == "," and end + 2 == subject.left_edge.i and doc[before].text == ","
    )
    return (start, end) if start == verb.sent.start and set_off else None


def continuation(verb: Token, cues: Cues) -> TokenRange | None:
    """The rest of a sentence an attribution interrupts, when the parser hung it on the verb
    of saying: what follows ", X said," up to the sentence's end, reporting nothing itself.

    "The argument would be aided, Devine said, by the calendar." -> "by the calendar";
    "The plan is dead, he said, adding that ..." -> nothing (a report of its own).
    """
    doc, end = verb.doc, verb.sent.end - 1
    comma = verb.i + 1
    if comma > end or doc[comma].text != "," or verb.right_edge.i <= comma:
        return None
    rest = [c for c in verb.rights if c.i > comma and not c.is_punct]
    if not rest or any(not _continues(c, cues) for c in rest):
        return None
    return comma + 1, max(end, verb.right_edge.i)


def _continues(child: Token, cues: Cues) -> bool:
    """Whether a child after an interrupting "X said," goes on with the interrupted clause:
    a preposition or adverb, a clause with a subject of its own, a subordinate clause ("he
    said, because ..."); not a report, not the speaker's next act ("he said, and walked
    out")."""
    if child.i in cues.verbs:
        return False
    subordinate = child.dep_ == "advcl" and any(c.dep_ == "mark" for c in child.lefts)
    return (
        child.dep_ in CONTINUATION_DEPS
        or subordinate
        or (child.dep_ == "conj" and _has_subject(child))
    )


def first(tokens: Iterable[Token]) -> Token | None:
    """The first of ``tokens``, if any."""
    return next(iter(tokens), None)


def has_that(clause: Token) -> bool:
    """Whether a clause opens with the complementiser ``that``."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.lefts)
