"""What a verb of saying reports, and who says it, where the parse hides them from the usual
constructions (``content.verb_content``, ``syntax.subject_of_verb``): a ``that`` clause hung
on a noun after the cue, a request read as a clause, a predicate read into the object, a
relative pronoun or a passive subject that is the content, a participle whose speaker is the
noun it describes.

"The mayor said on Friday during a news conference that he may wait." -> "he may wait";
"Sanders called her fallen son her hero." -> "her fallen son her hero"; "voters saying they
want a ban" -> "voters" say "they want a ban".
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.lexicon import words
from pipeline.quotes.candidate import NP_CUT_DEPS, phrase, speaker_of
from pipeline.quotes.content import TokenRange, clause_range, first, has_that
from pipeline.records import Offsets
from pipeline.syntax import SUBJECTS, VERBS, noun_phrase

# What a verb of saying has between it and a ``that`` clause the parser hung on a noun there:
# "said on Friday during a news conference that X", "told the audience at a rally that X".
DISPLACED_DEPS = frozenset({"prep", "npadvmod", "dobj", "dative"})
DISPLACED_CLAUSE_DEPS = frozenset({"relcl", "acl"})
RELATIVE_PRONOUNS = words("relative_pronouns") | {"what"}
ASK_FOR_LEMMAS = words("ask_for")
DESCRIBE_LEMMAS = words("describe")
PASSIVE_CONTENT_LEMMAS = words("passive_content")
NOUN_OBJECT_LEMMAS = words("noun_object")
DOCUMENT_NOUNS = words("document_nouns")
STAND_IN_NOUNS = words("event_nouns", "document_nouns")
ASK_OF_LEMMAS = frozenset({"ask"})
ASK_OF_PREPS = frozenset({"for", "about"})
# What a pronoun object is accused, praised or blamed of, for, as, over: not "mentioned it to".
PRONOUN_OBJECT_PREPS = frozenset({"of", "for", "as", "over", "about", "against"})
NOUNS = frozenset({"NOUN", "PROPN"})
NAMED_DEPS = frozenset({"appos", "dobj"})  # a predicate misread inside the object phrase
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})  # what a participle reports: a clause, a request
WHO = frozenset({"who", "whom", "whose"})


def hidden_content(verb: Token) -> list[TokenRange]:
    """The token ranges a verb of saying reports by one of the misread constructions below,
    the first that applies; none when none does."""
    for read in (
        _displaced_clause,
        _for_clause,
        _relative_object,
        _relative_clause,
        _passive_subject,
        _named_object,
        _pronoun_object,
        _asked_of,
    ):
        found = read(verb)
        if found:
            return found
    return []


def participle_speaker(verb: Token) -> Offsets | None:
    """Who speaks in a participle of saying that describes a noun and reports a clause or a
    request: the noun ("voters saying they want a ban", "a chorus urging him to resign"), or
    whoever issued it when it is a document ("McConnell issued a statement saying that X");
    nobody for a mere object ("a man calling himself Paul", "a book calling for stimulus").
    An event or document the speaker of a verb speaks at or in stands in for that speaker
    ("Ivanov was quoted in the media urging a union", "spoke at a rally announcing X").
    """
    noun = verb.head
    if verb.tag_ != "VBG" or verb.dep_ != "acl" or noun.pos_ not in NOUNS:
        return None
    if noun.lower_ in STAND_IN_NOUNS and noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        return speaker_of(noun.head.head) if noun.head.head.pos_ in VERBS else None
    if not any(c.dep_ in CLAUSE_DEPS and c.left_edge.lower_ not in WHO for c in verb.rights):
        return None  # "the witness testifying who listened in": a relative clause misread
    if noun.lower_ in DOCUMENT_NOUNS and noun.dep_ == "dobj":
        issuer = speaker_of(noun.head)
        if issuer is not None:
            return issuer
    return phrase(noun)


def _displaced_clause(verb: Token) -> list[TokenRange]:
    """The ``that`` clause of a verb of saying that the parser hung on a noun of the
    material between them (a time, a place, a medium), not on the verb, or read as its
    object.

    "Adelson said on Friday during a news conference that he may wait." -> "he may wait".
    """
    for child in verb.rights:
        if child.dep_ not in DISPLACED_DEPS:
            continue
        if child.dep_ == "dobj" and _opens_clause(child):
            return [clause_range(child)]
        clause = first(t for t in child.subtree if _that_clause(t))
        if clause is not None:
            return [clause_range(clause)]
    return []


def _relative_object(verb: Token) -> list[TokenRange]:
    """What a verb of naming says of the thing its relative pronoun object stands for: its
    predicate after the verb (the range opens at the pronoun; ``report`` starts it after the
    cue), with the prepositions right after it.

    "Florida, which he describes as his second home" -> "as his second home"; "in what
    officials called a hate crime" -> "a hate crime".
    """
    if verb.lemma_.lower() not in DESCRIBE_LEMMAS:
        return []
    obj = first(c for c in verb.lefts if c.dep_ == "dobj" and c.lower_ in RELATIVE_PRONOUNS)
    pred = first(c for c in verb.rights if c.dep_ == "oprd" or (c.dep_, c.lower_) == ("prep", "as"))
    if obj is None or pred is None or pred.pos_ == "PROPN":
        return []  # "the dog, which he called Rex": a name, not a claim
    end = pred.right_edge.i
    for child in verb.rights:
        if child.dep_ == "prep" and child.left_edge.i == end + 1:
            end = child.right_edge.i
    return [(obj.i, end)]


def _relative_clause(verb: Token) -> list[TokenRange]:
    """What a verb of saying in a relative clause reports when the parser read the clause its
    relative pronoun opens as a bare complement of the verb (no ``to``): that clause (the
    range opens at the pronoun; ``report`` starts it after the cue).

    "troops in Iraq, which they say left a vacuum" -> "left a vacuum".
    """
    pronoun = verb.left_edge
    clause = first(c for c in verb.rights if c.dep_ == "xcomp" and c.pos_ == "VERB")
    if verb.dep_ != "relcl" or pronoun.lower_ not in RELATIVE_PRONOUNS or clause is None:
        return []
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.lefts):
        return []  # "which he promised to build": an infinitive, read as one already
    return [(pronoun.i, clause.right_edge.i)]


def _passive_subject(verb: Token) -> list[TokenRange]:
    """What a passive verb of reporting with its agent reports: its subject, without a
    relative clause the writer hangs on it.

    "The meeting was first reported by Politico." -> "The meeting"; "the attacks, which were
    claimed by the Islamic State" -> "which" (the pronoun stands for what was claimed).
    """
    if verb.lemma_.lower() not in PASSIVE_CONTENT_LEMMAS:
        return []
    if not any(c.dep_ == "agent" for c in verb.rights):
        return []
    subject = first(c for c in verb.lefts if c.dep_ == "nsubjpass")
    if subject is None:
        return []
    span = noun_phrase(subject, NP_CUT_DEPS)
    return [(span.start, span.end - 1)]


def _named_object(verb: Token) -> list[TokenRange]:
    """What a verb of naming says of its object when the parser took the predicate into the
    object phrase: an apposition or object without a comma, an adjective after its noun.

    "Sanders called her fallen son her hero." -> "her fallen son her hero"; "He called the
    squabble with the agency unusual." -> "the squabble with the agency unusual".
    """
    obj = first(c for c in verb.rights if c.dep_ == "dobj" or _noun_xcomp(c))
    if verb.lemma_.lower() not in DESCRIBE_LEMMAS or obj is None or obj.pos_ == "PRON":
        return []
    doc = verb.doc
    predicate = any(
        (t.dep_ in NAMED_DEPS and doc[t.left_edge.i - 1].text != ",")
        or (t.dep_ == "amod" and t.pos_ == "ADJ" and t.i > t.head.i)
        for t in obj.subtree
        if t.i > obj.i
    )
    return [(obj.left_edge.i, obj.right_edge.i)] if predicate else []


def _noun_xcomp(child: Token) -> bool:
    """Whether a verb's dependent is a noun the parser read as a clausal complement, its
    predicate hung below it ("calling Trump a fascist", "fascist" the object of "Trump")."""
    return child.dep_ == "xcomp" and child.pos_ in NOUNS


def _pronoun_object(verb: Token) -> list[TokenRange]:
    """What a verb that reports by its object says of a pronoun object: the pronoun with the
    preposition right after it that says what of (a bare "said it" reports nothing).

    "Mrs. Clinton accused him of sexism." -> "him of sexism".
    """
    obj = first(c for c in verb.rights if c.dep_ == "dobj")
    if verb.lemma_.lower() not in NOUN_OBJECT_LEMMAS or obj is None or obj.pos_ != "PRON":
        return []
    prep = first(c for c in verb.rights if c.dep_ == "prep" and c.i == obj.right_edge.i + 1)
    if prep is None or prep.lower_ not in PRONOUN_OBJECT_PREPS or prep.right_edge.i == prep.i:
        return []
    return [(obj.left_edge.i, prep.right_edge.i)]


def _asked_of(verb: Token) -> list[TokenRange]:
    """What a verb of asking asks its addressee for or about, the preposition hung on the verb
    or on the addressee.

    "Schuette asked the Supreme Court for quick action." -> "quick action"; "Todd asked the
    frontrunner about the kerfuffle." -> "the kerfuffle".
    """
    obj = first(c for c in verb.rights if c.dep_ == "dobj")
    if verb.lemma_.lower() not in ASK_OF_LEMMAS or obj is None:
        return []
    prep = first(
        c
        for c in (*verb.rights, *obj.rights)
        if c.dep_ == "prep" and c.lower_ in ASK_OF_PREPS and c.i > obj.i
    )
    if prep is None or prep.right_edge.i == prep.i:
        return []
    return [(prep.i + 1, prep.right_edge.i)]


def _for_clause(verb: Token) -> list[TokenRange]:
    """What a verb of asking asks for when the parser read "for X to Y" as a clause of its
    own ("for" its mark): "X to Y".

    "She called for all candidates to lay out their plans." -> "all candidates to lay out
    their plans".
    """
    if verb.lemma_.lower() not in ASK_FOR_LEMMAS:
        return []
    for child in verb.rights:
        mark = first(c for c in child.lefts if c.dep_ == "mark" and c.lower_ == "for")
        if child.dep_ == "advcl" and mark is not None and mark.i == child.left_edge.i:
            return [(mark.i + 1, child.right_edge.i)]
    return []


def _opens_clause(obj: Token) -> bool:
    """Whether a verb's object is a ``that`` clause the parser read as a noun phrase: it
    opens with the complementiser and holds a subject ("agreed that the Treasury has limited
    power", "power" the object)."""
    start = obj.left_edge
    return (
        start.lower_ == "that"
        and start.dep_ == "mark"
        and any(t.dep_ in SUBJECTS for t in obj.subtree)
    )


def _that_clause(tok: Token) -> bool:
    """Whether a token heads a clause with a subject of its own opened by the complementiser
    ``that`` (not a relative pronoun), whatever the parser hung it from."""
    return (
        tok.dep_ in DISPLACED_CLAUSE_DEPS
        and has_that(tok)
        and any(c.dep_ in SUBJECTS for c in tok.children)
    )
