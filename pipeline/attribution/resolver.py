"""From a speaker mention to the speaker: names, roles, spokespeople, pronouns, relatives."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.attribution.cast import (
    BODY,
    BODY_PRONOUNS,
    GROUP,
    GROUP_PRONOUNS,
    NAME,
    NP_CUTS,
    PERSON,
    Cast,
    Naming,
    as_written,
    is_content,
    kind,
    pronoun_gender,
    stems,
    subject_of,
    within,
)
from pipeline.attribution.registry import name_words
from pipeline.lexicon import words
from pipeline.records import Quote, Resolution
from pipeline.syntax import VERBS, noun_phrase

# How often a speaker found each way is right: speaker accuracy by resolution on PolNeAR's
# training split (``make eval`` prints the calibration on the development split).
CONFIDENCE: dict[Resolution, float] = {
    "name": 0.97,
    "surname": 0.95,
    "corpus": 0.9,
    "pronoun": 0.85,
    "role": 0.8,
    "continuation": 0.85,
    "relayed": 0.85,
    "none": 0.0,
}
ROLE = "role"  # a description of a person not resolved to a name: "a White House spokesman"
CONJ_CUTS = NP_CUTS | {"cc", "conj", "preconj"}  # one conjunct of "Putin and Obama"
ANTECEDENT_SENTENCES = 6  # how far back a pronoun looks for the person it stands for
FIRST_PERSON = words("first_person")
RELATIVE = words("relative_pronouns")
SPOKESPEOPLE = words("spokespeople")
DOCUMENT_NOUNS = words("document_nouns")


@dataclass(frozen=True)
class Resolved:
    """Who a mention names, how that was found (a ``records.Resolution``), and what kind of
    speaker it is (``cast.PERSON``, ``BODY``, ``GROUP`` or ``NAME``)."""

    speaker: str
    how: Resolution
    kind: str

    @classmethod
    def nobody(cls) -> Resolved:
        return cls("", "none", "")


def confidence(found: Resolved) -> float:
    """How likely a resolved speaker is right, by how it was found (``CONFIDENCE``)."""
    return CONFIDENCE[found.how] if found.speaker else 0.0


@dataclass
class Resolver:
    """Resolves speaker mentions in reading order, remembering who spoke where."""

    cast: Cast
    said: list[Naming] = field(default_factory=list)

    def resolve(self, span: Span, quote: Quote, outer: str = "") -> Resolved:
        """The canonical speaker a mention refers to (nobody when it cannot be told).

        Args:
            span: the words naming the speaker.
            quote: the quote it introduces; people named in its content are not its speaker.
            outer: the speaker of the quote this one is nested in, if any; a pronoun other
                than I or we cannot refer to them.
        """
        span = subject_of(span)
        root = span.root
        conjuncts = [c for c in root.conjuncts if span.start <= c.i < span.end]
        if not conjuncts:
            return self._resolve_one(span, quote, outer)
        heads = (noun_phrase(h, CONJ_CUTS) for h in (root, *conjuncts))
        each = [r for h in heads if (r := self._resolve_one(h, quote, outer)).speaker]
        if not each:
            return Resolved.nobody()
        return Resolved(" and ".join(r.speaker for r in each), each[0].how, GROUP)

    def remember(self, span: Span, speaker: str) -> None:
        """Record a resolved mention as a later pronoun's possible antecedent."""
        if speaker:
            self.said.append(self.cast.naming(span[0], speaker, True, kind(span)))

    def _resolve_one(self, span: Span, quote: Quote, outer: str) -> Resolved:
        """The speaker one noun phrase (no conjuncts) refers to, and how it was found."""
        if span.root.pos_ == "PRON" or span.root.lower_ in RELATIVE:
            return self._pronoun(span, quote, outer)
        name = self._person(span)
        if name:
            parts = name_words(" ".join(t.text for t in span if t.pos_ == "PROPN"))
            return Resolved(name, "name" if len(parts) > 1 else "surname", PERSON)
        described = self._by_role(span, frozenset({outer} - {""}))
        if described:
            return Resolved(described, "role", PERSON)
        spokesperson = _spokesperson(span)
        if spokesperson:
            return Resolved(spokesperson, "role", ROLE)
        owner = _owner(span)
        if owner is not None:  # "a new Clinton ad", "Trump's statement"
            return self._resolve_one(owner, quote, outer)
        text = as_written(span)
        if not text:
            return Resolved.nobody()
        what = kind(span)
        if span.root.pos_ == "PROPN":
            return Resolved(text, "name", what)
        return Resolved(text, "role", ROLE if what == PERSON else what)

    def _person(self, span: Span) -> str:
        """The person a name in the mention stands for: the root's name, an appositive, or
        the final name of a flat phrase the parser got wrong ("Tulsa police Chief Ann Roe")."""
        root = span.root
        tokens = [root, *(c for c in root.children if c.dep_ == "appos")]
        if not any(t.pos_ in ("ADP", *VERBS) for t in span):
            tokens.append(span[-1])
        for token in tokens:
            entity = self.cast.entity(token) if token.ent_type_ == "PERSON" else None
            if entity is not None:
                return self.cast.canonical(entity.text)
            if token.pos_ == "PROPN" and span.start <= token.i < span.end:
                name = self._propn_name(token)
                if name:
                    return name
        return ""

    def _propn_name(self, token: Token) -> str:
        """A proper noun the recogniser did not call a person but the article or registry
        does."""
        chain = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        text = " ".join(t.text for t in [*chain, token])
        if self.cast.registry.find(text) or self.cast.registry.find(token.text):
            return self.cast.canonical(text)
        parts = set(name_words(text))
        known = parts and any(parts <= f for f in self.cast.full_names.values())
        return self.cast.canonical(text) if known else ""

    def _by_role(self, span: Span, exclude: frozenset[str]) -> str:
        """The speaker a description ("the Russian president") picks out, if one does."""
        root = span.root
        if root.pos_ not in ("NOUN", "PROPN"):
            return ""
        described = stems(t for t in span if is_content(t) and t.i != root.i)
        head = root.lemma_.lower()
        names = {r.name for r in self.cast.roles if r.fits(head, described)} - exclude
        return self._most_recent(names, span.start_char)

    def _most_recent(self, names: set[str], at: int) -> str:
        """Of ``names``, the one named last before ``at``; else the only one."""
        before = [n for n in self._namings() if n.name in names and n.start < at]
        if before:
            return max(before, key=lambda n: n.start).name
        return next(iter(names)) if len(names) == 1 else ""

    def _namings(self) -> list[Naming]:
        """Every naming so far: the article's, and the speakers resolved."""
        return self.cast.namings + self.said

    def _pronoun(self, span: Span, quote: Quote, outer: str) -> Resolved:
        """He/she: the nearest compatible person before; it: the nearest body (organisation,
        country, ministry); they: the nearest body or group; I/we: the enclosing speaker
        (relayed); who/which: the noun the relative clause hangs on; any other pronoun
        (this, everyone, some, others) names nobody."""
        token = span.root
        word = token.lower_
        if word in FIRST_PERSON:
            return Resolved(outer, "relayed", PERSON) if outer else Resolved.nobody()
        if word in RELATIVE:
            noun = token.head.head if token.head.dep_ == "relcl" else None
            return self.resolve(noun_phrase(noun, NP_CUTS), quote, outer) if noun else (
                Resolved.nobody()
            )
        kinds = pronoun_kinds(word)
        if not kinds:
            return Resolved.nobody()
        found = self._antecedent(token, (pronoun_gender(word), kinds), quote, outer)
        if found is None:
            return Resolved.nobody()
        return Resolved(found.name, "pronoun", found.kind)

    def _antecedent(
        self, token: Token, fits: tuple[str, frozenset[str]], quote: Quote, outer: str
    ) -> Naming | None:
        """What a pronoun most likely stands for, of the kinds it ``fits`` and compatible with
        its gender: the nearest one in the sentence, else a recent sentence's subject, else
        anyone in that sentence."""
        gender, kinds = fits
        inside = self.cast.in_direct(token.idx)
        sent = self.cast.sent_ids[token.sent.start]
        quoted = {n.name for n in self._namings() if within(n.start, quote.fragments)}
        candidates = [
            n
            for n in self._namings()
            if n.start < token.idx
            and n.name != outer
            and n.name not in quoted
            and n.kind in kinds
            and self.cast.compatible(n.name, gender)
            and (inside or not self.cast.in_direct(n.start))
        ]
        same = [n for n in candidates if n.sent == sent]
        if same:
            return max(same, key=lambda n: n.start)
        recent = max((n.sent for n in candidates if n.sent < sent), default=None)
        if recent is None or sent - recent > ANTECEDENT_SENTENCES:
            return None
        ranked = sorted(
            (n for n in candidates if n.sent == recent), key=lambda n: (not n.subject, n.start)
        )
        return ranked[0]


def pronoun_kinds(word: str) -> frozenset[str]:
    """The kinds of naming a pronoun can stand for: he/she a person, it a body, they either
    a body or a group; none for other words."""
    if word in BODY_PRONOUNS:
        return frozenset({BODY, NAME})
    if word in GROUP_PRONOUNS:
        return frozenset({BODY, GROUP, NAME})
    return frozenset({PERSON, NAME}) if pronoun_gender(word) else frozenset()


def _owner(span: Span) -> Span | None:
    """The person whose words a document carries: "Clinton" in "a new Clinton ad" or
    "Trump's statement" (a possessor or a name before the noun), where there is one."""
    root = span.root
    if root.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    owners = [
        c for c in root.children if c.dep_ in ("poss", "compound") and c.ent_type_ == "PERSON"
    ]
    return noun_phrase(owners[0], NP_CUTS) if owners else None


def _spokesperson(span: Span) -> str:
    """A bare "a spokesman" speaks for the organisation named before it in the sentence."""
    root = span.root
    if root.lemma_.lower() not in SPOKESPEOPLE or any(is_content(t) for t in span if t.i != root.i):
        return ""
    orgs = [e for e in root.sent.ents if e.label_ == "ORG" and e.end <= span.start]
    return f"{as_written(orgs[-1])} {root.text}" if orgs else ""
