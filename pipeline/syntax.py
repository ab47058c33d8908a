"""Reading the parse, for both spaCy stages: the subject of a verb of saying, noun phrases
and cue spans."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.records import Offsets

VERBS = ("VERB", "AUX")
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
CUE_AUX_DEPS = ("aux", "auxpass", "neg")
MAX_AUX_DISTANCE = 3  # "has not yet said": auxiliaries this close belong to the cue
PARTICIPLES = frozenset({"VBG", "VBN"})
BARE_DEPS = frozenset({"mark", "aux", "auxpass", "neg"})  # a real clause's, not a misparsed noun's
MAX_CLIMB = 3  # clauses a cue climbs to find the subject it shares ("began by saying")


def offsets(first: Token, last: Token) -> Offsets:
    """The characters from ``first`` to ``last``, both included."""
    return first.idx, last.idx + len(last.text)


def noun_phrase(head: Token, cut: Container[str], skip: Container[int] = ()) -> Span:
    """The noun phrase headed by ``head``: the run of its subtree around it that holds no
    dependent whose label is in ``cut`` (a relative clause, say) nor a token in ``skip``
    (quoted content), without punctuation at its edges.

    "The minister, who spoke first, said" -> "The minister".
    """
    doc = head.doc
    removed = {t.i for c in head.children if c.dep_ in cut for t in c.subtree}
    kept = {t.i for t in head.subtree} - removed
    start = end = head.i
    while start - 1 in kept and start - 1 not in skip:
        start -= 1
    while end + 1 in kept and end + 1 not in skip:
        end += 1
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return doc[start : end + 1]


@dataclass(frozen=True)
class SubjectRule:
    """Where ``subject_of_verb`` looks besides the verb's own subject and passive agent.

    Attributes:
        links: dependency labels over which a verb shares the subject of its head.
        through_prep: a gerund shares the subject of the verb its preposition hangs on
            ("began by saying").
        passive: verbs whose passive subject is the speaker ("was quoted as saying"); None:
            every verb's.
        adjectives: adjectives over which a verb shares the subject of their copula ("voters
            are more likely to say", "she was quick to point out"); not "it is fair to say".
    """

    links: frozenset[str]
    through_prep: bool = False
    passive: frozenset[str] | None = None
    adjectives: frozenset[str] = frozenset()


def subject_of_verb(verb: Token, rule: SubjectRule, skip: Container[int] = ()) -> Token | None:
    """The speaker of a verb of saying: its subject, or the object of its passive ``by``, else
    those of the clause it hangs from (``rule.links``), up to MAX_CLIMB clauses up. Tokens in
    ``skip`` (the quote's own words) are never the subject."""
    tok = verb
    for _ in range(MAX_CLIMB):
        subject = _own_subject(tok, rule, skip)
        if subject is not None:
            return subject
        if rule.through_prep and tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            tok = tok.head
        elif tok.dep_ == "acomp" and tok.lemma_.lower() in rule.adjectives:
            pass  # "likely" in "voters are likely to say": the copula's subject speaks
        elif tok.dep_ not in rule.links:
            return None
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _own_subject(verb: Token, rule: SubjectRule, skip: Container[int]) -> Token | None:
    """The verb's own speaker: its subject (the nearer of two), or (for the verbs of
    ``rule.passive``) its passive subject; else a number the parser hung on the verb before
    it ("About 4 in 10 say ...", parsed with "10" a nummod of "say") or the object of its
    passive agent, or the subject of a clause before it that is the speaker misparsed
    (``_misparsed_subject``)."""
    passive = rule.passive is None or verb.lemma_.lower() in rule.passive
    subjects = [
        c
        for c in verb.children
        if c.i not in skip and (c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and passive))
    ]
    if subjects:  # of two, the other is a misparsed dateline ("MOSCOW (Reuters) - Putin said")
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    for child in verb.children:
        if child.i in skip:
            continue
        if child.dep_ == "nummod" and child.i < verb.i and verb.pos_ == "VERB":
            return child
        if child.i < verb.i and _misparsed_subject(verb, child):
            noun = next((g for g in child.lefts if g.dep_ == "nsubj" and g.i not in skip), None)
            if noun is not None:
                return noun
        if child.dep_ == "agent":
            agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return agent
        if child.dep_ == "prep" and child.right_edge.i + 1 == verb.i:
            named = _fronted_apposition(child, skip)
            if named is not None:
                return named
    return None


def _fronted_apposition(prep: Token, skip: Container[int]) -> Token | None:
    """A name the parser hung as an apposition on the place or time fronting a subjectless
    verb, the phrase running up to the verb: its speaker misparsed ("At Boca West, Jay
    DiPietro, the club's president, suggested that ...", "DiPietro" an appos of "West")."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    appos = [c for c in obj.rights if c.dep_ == "appos"] if obj is not None else []
    if appos and appos[0].pos_ == "PROPN" and appos[0].i not in skip:
        return appos[0]
    return None


def _misparsed_subject(verb: Token, child: Token) -> bool:
    """Whether a clause before a verb is its speaker's noun phrase misparsed: a participle
    taken for a clausal subject ("Majorities of voters going to the polls said", "going" the
    csubj), or a noun taken for a verb whose clause cannot be the content, as the verb reports
    a clause after it ("Salkin, a rabbi helping to organize it, said he was alarmed", "rabbi"
    a ccomp without a complementiser or an auxiliary, as no real clause is: "While the lineup
    is light, Early says X")."""
    if child.dep_ == "csubj":
        return child.tag_ in PARTICIPLES
    bare = child.pos_ == "VERB" and not any(c.dep_ in BARE_DEPS for c in child.children)
    return child.dep_ == "ccomp" and bare and any(c.dep_ == "ccomp" for c in verb.rights)


def cue_span(verb: Token) -> Offsets:
    """The cue as written: the verb with its auxiliaries and negation ("has not said")."""
    start = verb
    for child in verb.lefts:
        if child.dep_ in CUE_AUX_DEPS and verb.i - child.i <= MAX_AUX_DISTANCE:
            start = child if child.i < start.i else start
    return offsets(start, verb)
