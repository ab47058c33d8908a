"""Who the article names: the people and bodies, where, with which roles and genders."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.attribution.registry import Registry, clean_name, name_words
from pipeline.lexicon import words
from pipeline.records import Offsets, Quote
from pipeline.syntax import SUBJECTS, VERBS, noun_phrase

# What a naming names: a person (he, she), a body (it), a group (they), or a proper name the
# recogniser took for an organisation, often wrongly ("DuVernay"): any of them.
PERSON, BODY, GROUP, NAME = "person", "body", "group", "name"
BODY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})  # entities that can speak as a body
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
NP_CUTS = frozenset({"relcl", "acl"})  # what a mention's noun phrase leaves out
FUNCTION_POS = frozenset({"DET", "PRON", "ADP", "CCONJ", *VERBS})
TITLE_WORD = 4  # letters from which a word is capitalised in a Title-Case headline
HEADLINE_VERBS = words("headline_cues", "headline_verbs")  # "Tells", "Blasts": no name's
TITLE_VOTES = 3  # a "Mr."/"Mrs." counts as much as this many he/she in one-person sentences
ARTICLES = words("articles")
DROPPED_WORDS = words("articles", "role_fillers")
BODY_NOUNS = words("body_nouns")
BODY_PRONOUNS = words("body_pronouns")
GROUP_PRONOUNS = words("group_pronouns")
MALE, FEMALE = words("male_pronouns"), words("female_pronouns")
MALE_TITLES, FEMALE_TITLES = words("male_titles"), words("female_titles")
RELATIONAL = words("relational")


def _stem(word: str) -> str:
    """A crude stem so that "Russia" meets "Russian" and "U.S." meets "US"."""
    return word.lower().replace(".", "")[:5]


@dataclass(frozen=True)
class Role:
    """A description that picks out a speaker: head noun and stemmed content words."""

    head: str
    words: frozenset[str]
    name: str

    @classmethod
    def parse(cls, text: str, name: str) -> Role:
        """A role written as text ("Russian president", "president of Syria")."""
        kept = [w for w in text.lower().split() if w not in DROPPED_WORDS]
        before_of = text.lower().split(" of ")[0].split()
        return cls(before_of[-1], frozenset(map(_stem, kept)), name)

    def fits(self, head: str, words: frozenset[str]) -> bool:
        """Whether a description with this head lemma and content words fits the role."""
        if head in RELATIONAL:
            return bool(words) and words <= self.words
        return head == self.head and words <= self.words


@dataclass(frozen=True)
class Naming:
    """A place where the article names a person, resolved to the canonical name."""

    start: int
    sent: int
    name: str
    subject: bool
    kind: str = PERSON


@dataclass
class Cast:
    """Who the article names, where, with which roles and genders; built once per doc."""

    doc: Doc
    registry: Registry
    direct: tuple[Offsets, ...]
    ents: tuple[Span, ...] = ()
    full_names: dict[str, frozenset[str]] = field(default_factory=dict)
    namings: list[Naming] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    sent_ids: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, registry: Registry, quotes: Sequence[Quote]) -> Cast:
        """Collect the article's person names, where they occur, their roles and genders."""
        direct = tuple(f for q in quotes if q.type == "direct" for f in q.fragments)
        cast = cls(doc, registry, direct, names_in_headlines_trimmed(doc))
        cast.sent_ids = {s.start: k for k, s in enumerate(doc.sents)}
        persons = [e for e in cast.ents if e.label_ == "PERSON"]
        cast.full_names = {clean_name(e.text): frozenset(name_words(e.text)) for e in persons}
        namings = [*cast._namings(persons), *cast._bodies()]
        cast.namings = sorted(namings, key=lambda n: n.start)
        cast.roles = [Role.parse(r, s.name) for s in registry.speakers for r in s.roles]
        cast.roles += list(cast._article_roles(persons))
        cast.genders = cast._genders(persons)
        return cast

    def canonical(self, name: str) -> str:
        """The registry name of a person, else the fullest name the article gives them."""
        speaker = self.registry.find(name)
        if speaker is not None:
            return speaker.name
        parts = frozenset(name_words(name))
        if not parts:
            return ""
        fuller = [n for n, w in self.full_names.items() if parts <= w]
        best = max(fuller, key=lambda n: len(self.full_names[n]), default=clean_name(name))
        speaker = self.registry.find(best)
        return speaker.name if speaker else best

    def entity(self, token: Token) -> Span | None:
        """The entity ``token`` is part of, if any (a headline's name may have been cut
        short of it: ``names_in_headlines_trimmed``)."""
        return next((e for e in self.ents if e.start <= token.i < e.end), None)

    def naming(self, token: Token, name: str, subject: bool = False, kind: str = PERSON) -> Naming:
        """A naming of ``name`` at ``token``; subjects are preferred antecedents."""
        sent = self.sent_ids[token.sent.start]
        return Naming(token.idx, sent, name, subject or token.dep_ in SUBJECTS, kind)

    def compatible(self, name: str, gender: str) -> bool:
        """Whether a pronoun of ``gender`` may stand for ``name``."""
        return not gender or self.genders.get(name, "") in ("", gender)

    def in_direct(self, start: int) -> bool:
        """Whether ``start`` lies inside a direct quote."""
        return within(start, self.direct)

    def _namings(self, persons: list[Span]) -> Iterator[Naming]:
        """Person entities, and registry names the entity recogniser missed."""
        covered: set[int] = set()
        for ent in persons:
            covered.update(range(ent.start, ent.end))
            yield self.naming(ent.root, self.canonical(ent.text))
        for token in self.doc:
            if token.pos_ == "PROPN" and token.i not in covered:
                speaker = self.registry.find(token.text)
                if speaker is not None:
                    yield self.naming(token, speaker.name)

    def _bodies(self) -> Iterator[Naming]:
        """Bodies and groups an "it" or "they" may stand for: subjects ("Russia", "the
        ministry", "diplomats") and organisations anywhere but as modifiers ("NATO's")."""
        ents = {e.root.i: e for e in self.ents}
        for token in self.doc:
            if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in MODIFIER_DEPS:
                continue
            if token.dep_ not in SUBJECTS and token.ent_type_ != "ORG":
                continue
            phrase = ents.get(token.i) or noun_phrase(token, NP_CUTS)
            found = kind(phrase)
            if found != PERSON:
                yield self.naming(token, as_written(phrase), kind=BODY if found == NAME else found)

    def _article_roles(self, persons: list[Span]) -> Iterator[Role]:
        """Roles the article teaches: "Russian President X", "X, the head of Y", "the Y, X"."""
        for ent in persons:
            name = self.canonical(ent.text)
            title = [t for t in self.doc[ent.root.left_edge.i : ent.start] if is_content(t)]
            if title and title[-1].pos_ in ("NOUN", "PROPN"):
                yield _role(title[-1], title, name)
            for appos in (c for c in ent.root.children if c.dep_ == "appos"):
                if appos.pos_ == "NOUN":
                    yield _role(appos, [t for t in appos.subtree if is_content(t)], name)
            if ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN":
                head = ent.root.head
                yield _role(head, [t for t in head.lefts if is_content(t)] + [head], name)

    def _genders(self, persons: list[Span]) -> dict[str, str]:
        """Gender per name: registry, then titles (Mr, Mrs), then he/she in one-person
        sentences."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for ent in persons:
            title = self.doc[max(ent.start - 1, 0) : ent.start + 1]
            gender = next(filter(None, (_title_gender(t.lower_) for t in title)), "")
            votes[self.canonical(ent.text)][gender] += TITLE_VOTES
        by_sent: dict[int, set[str]] = defaultdict(set)
        for naming in self.namings:
            if naming.kind == PERSON:
                by_sent[naming.sent].add(naming.name)
        for k, sent in enumerate(self.doc.sents):
            names = by_sent.get(k, set())
            if len(names) == 1:
                counts = Counter(pronoun_gender(t.lower_) for t in sent)
                votes[next(iter(names))].update(counts)
        genders = {n: _majority(v) for n, v in votes.items()}
        genders.update({s.name: s.gender for s in self.registry.speakers if s.gender})
        return genders


def within(offset: int, spans: Iterable[Offsets]) -> bool:
    """Whether ``offset`` lies inside one of ``spans``."""
    return any(s <= offset < e for s, e in spans)


def is_content(token: Token) -> bool:
    """A word that can say who someone is: not a determiner, possessive or punctuation."""
    return not (
        token.is_punct
        or token.is_space
        or token.lower_ in DROPPED_WORDS
        or token.pos_ in FUNCTION_POS
    )


def stems(tokens: Iterable[Token]) -> frozenset[str]:
    """The stems of ``tokens``' words, as roles hold them."""
    return frozenset(_stem(t.text) for t in tokens)


def _role(head: Token, tokens: Iterable[Token], name: str) -> Role:
    """The role of ``name`` that a description in the article gives: its head and words."""
    return Role(head.lemma_.lower(), stems(tokens), name)


def _title_gender(word: str) -> str:
    """The gender a title gives its bearer ("Mrs" a woman's), or ""."""
    return "m" if word in MALE_TITLES else "f" if word in FEMALE_TITLES else ""


def pronoun_gender(word: str) -> str:
    """The gender of a personal pronoun ("she" a woman's), or ""."""
    return "m" if word in MALE else "f" if word in FEMALE else ""


def _majority(votes: Counter[str]) -> str:
    """The gender most votes are for; "" on a tie."""
    m, f = votes["m"], votes["f"]
    return "m" if m > f else "f" if f > m else ""


def kind(span: Span) -> str:
    """Whether a mention names a person, a body ("the ministry", "it"), a group
    ("diplomats", "they", "Putin and Obama") or a proper name the recogniser did not call a
    person."""
    root = subject_of(span).root
    word = root.lower_
    if root.ent_type_ == "PERSON" and not root.conjuncts:
        return PERSON  # "Sanders", tagged as a plural
    if word in GROUP_PRONOUNS or root.tag_ in PLURAL_TAGS or root.conjuncts:
        return GROUP
    if word in BODY_PRONOUNS or root.lemma_.lower() in BODY_NOUNS:
        return BODY
    if root.ent_type_ not in BODY_LABELS:
        return PERSON
    return NAME if root.pos_ == "PROPN" else BODY


def as_written(span: Span) -> str:
    """A body or unresolved description in the article's words, without a leading article."""
    edges = (span.start, span.end - 1)
    kept = [t for t in span if not (t.is_space or t.is_punct and t.i in edges)]
    if kept and kept[0].lower_ in ARTICLES and len(kept) > 1:
        kept = kept[1:]
    if not kept:
        return ""
    return " ".join(span.doc[kept[0].i : kept[-1].i + 1].text.split())


def subject_of(span: Span) -> Span:
    """The noun phrase a mention is about: its subject when it holds a clause."""
    root = span.root
    if root.pos_ not in VERBS:
        return span
    subjects = [c for c in root.children if c.dep_ in SUBJECTS and span.start <= c.i < span.end]
    return noun_phrase(subjects[0], NP_CUTS) if subjects else span


def names_in_headlines_trimmed(doc: Doc) -> tuple[Span, ...]:
    """The doc's entities, a person's name in a Title-Case line or the title (the first
    line) cut to the words the rest of the article gives that name: in "Donald Trump Tells
    Supporters To Watch Polls" or
    "Clinton Hid Past Health Problems" the recogniser takes the headline's capitalised
    words for the name; the body says "Donald Trump", "Clinton". Without such words in the
    body, the name ends before a headline's verb of saying ("Glenn Beck Blasts Drudge")."""
    sents = list(doc.sents)
    heads = [s for k, s in enumerate(sents) if _title_cased(s) or (k == 0 and len(sents) > 1)]
    headline = {i for s in heads for i in range(s.start, s.end)}
    body = {
        t.lower_ for e in doc.ents if e.label_ == "PERSON" and e.start not in headline for t in e
    }
    trimmed = []
    for ent in doc.ents:
        end = ent.end
        if ent.label_ == "PERSON" and ent.start in headline and len(ent) > 1:
            known = next((i for i, t in enumerate(ent) if t.lower_ not in body), len(ent))
            verb = next((i for i, t in enumerate(ent) if i and t.lower_ in HEADLINE_VERBS), None)
            end = ent.start + (known or verb or len(ent))
        trimmed.append(ent if end == ent.end else Span(doc, ent.start, end, label=ent.label))
    return tuple(trimmed)


def _title_cased(sent: Span) -> bool:
    """Whether a sentence is written in Title Case, as headlines are: every word of four
    letters or more capitalised, and at least three of them."""
    long = [t for t in sent if t.is_alpha and len(t) >= TITLE_WORD]
    return len(long) >= 3 and all(t.text[0].isupper() for t in long)
