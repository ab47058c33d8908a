"""The attribute stage: each quote's speaker mention resolved to one canonical speaker.

A mention ("Putin", "he", "the Russian president", "his Syrian counterpart") resolves to a
registry speaker where it matches one, else to the fullest name the article gives the person,
else (bodies such as "Some Western governments") to the article's own words. Quotes without
a mention continue the previous quote's speaker; a quote nested in another speaker's quote is
reported by that speaker.
"""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from spacy.tokens import Doc, Span, Token

from pipeline.errors import PipelineError
from pipeline.quotes import CUE_LEMMAS
from pipeline.records import CleanArticle, Mention, Quote, mention_id

REGISTRY_PATH = Path(__file__).with_name("speakers.toml")
NAME_CUTOFF = 88.0  # rapidfuzz ratio at which two spellings are one name ("Assad", "Asad")
PARAGRAPH_RUN = 2  # a quote without a mention continues a quote at most this many blocks back
MAX_TAIL_TOKENS = 12  # a sentence after a quote this short may hold its attribution
MAX_LABEL_TOKENS = 5  # "Speaker:" labels are at most this long
ANTECEDENT_SENTENCES = 6  # how far back a pronoun looks for the person it stands for
TITLE_VOTES = 3  # a "Mr."/"Mrs." counts as much as this many he/she in one-person sentences


def _words(text: str) -> frozenset[str]:
    """A lexicon written as words separated by white space."""
    return frozenset(text.split())


HONORIFICS = _words(
    """mr mrs ms miss dr sir president sen senator gov governor rep prime minister secretary
    chancellor general gen king queen prince lord lady judge justice"""
)
NAME_EDGES = " \t\n'\"“”‘’,.:;()[]"  # stripped from the edges of a name
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
RELATIVE = frozenset({"who", "whom", "that", "which"})
MALE_TITLES = frozenset({"mr", "mr.", "sir", "king", "prince", "lord"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "queen", "princess", "lady"})
RELATIONAL = frozenset({"counterpart", "colleague", "opposite"})
BODY_PRONOUNS = frozenset({"it", "its"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
ANAPHORIC = frozenset({"this", "that", "these", "those"})
# What a naming names: a person (he, she), a body (it), a group (they), or a proper name the
# recogniser took for an organisation, often wrongly ("DuVernay"): any of them.
PERSON, BODY, GROUP, NAME = "person", "body", "group", "name"
BODY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})  # entities that can speak as a body
BODY_NOUNS = _words(
    """government ministry committee council department agency office administration company union
    party campaign commission court army military embassy parliament group organisation
    organization statement report study poll survey letter newspaper network"""
)
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
INTERVIEWER = "interviewer"  # who asks the questions of a passive, agentless "when asked"
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "aide"})
DROPPED_WORDS = frozenset({"the", "a", "an", "of", "his", "her", "its", "their"})
# The quote stage's cues, and verbs that only carry on or report a speaker's turn.
SPEECH_VERBS = CUE_LEMMAS | _words(
    "continue go point remind shout exclaim scoff plead brag muse sing chant"
)
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
NOMINAL = frozenset({"PROPN", "NOUN", "PRON", "ADJ", "DET", "NUM"})
CLAUSE_LINKS = frozenset({"conj", "advcl", "xcomp", "ccomp", "relcl", "acl"})
NP_CUTS = frozenset({"relcl", "acl"})
CONJ_CUTS = NP_CUTS | {"cc", "conj", "preconj"}


class RegistryError(PipelineError, ValueError):
    """The speaker registry file is missing or malformed."""


@dataclass(frozen=True)
class Speaker:
    """A tracked speaker: canonical name, other spellings, roles of the time, pronoun gender."""

    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    gender: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Registry:
    """The speakers whose names, spelling variants and roles are known in advance."""

    speakers: tuple[Speaker, ...] = ()

    @cached_property
    def _spellings(self) -> dict[str, Speaker]:
        return {utils.default_process(n): s for s in self.speakers for n in s.names}

    def find(self, name: str) -> Speaker | None:
        """The speaker ``name`` refers to: a fuzzy match of the whole name, or of the surname
        with every other word of ``name`` found in the speaker's name ("Bashar Assad")."""
        words = name_words(name)
        if not words:
            return None
        query = " ".join(words)
        best = process.extractOne(
            query, list(self._spellings), scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF
        )
        if best is not None:
            return self._spellings[best[0]]
        for spelling, speaker in self._spellings.items():
            if _surname_match(words, spelling.split()):
                return speaker
        return None

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(s.name for s in self.speakers)


def load_registry(path: Path | None = None) -> Registry:
    """Read a speaker registry (TOML, ``[[speaker]]`` tables); None reads the default one.

    Raises:
        RegistryError: the file is missing, not TOML, or a speaker entry is malformed.
    """
    path = path or REGISTRY_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise RegistryError(f"speaker registry {path} cannot be read: {err.strerror}") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RegistryError(f"speaker registry {path} is not valid TOML: {err}") from err
    entries = data.get("speaker")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"speaker registry {path} has no [[speaker]] entries")
    return Registry(tuple(_speaker(entry, path) for entry in entries))


def _speaker(entry: object, path: Path) -> Speaker:
    """One ``[[speaker]]`` table as a Speaker, checking the type of every field."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise RegistryError(f"speaker registry {path}: every [[speaker]] needs a name string")
    lists = {key: entry.get(key, []) for key in ("aliases", "roles")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegistryError(f"speaker registry {path}: {entry['name']}: {key} must be strings")
    gender = entry.get("gender", "")
    if gender not in ("m", "f", ""):
        raise RegistryError(f"speaker registry {path}: {entry['name']}: gender is m, f or ''")
    return Speaker(entry["name"], tuple(lists["aliases"]), tuple(lists["roles"]), gender)


def clean_name(name: str) -> str:
    """A person's name as written, without a possessive or leading titles ("Mr.", "Sen.")."""
    name = name.strip(NAME_EDGES)
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    words = name.split()
    while len(words) > 1 and utils.default_process(words[0]) in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def name_words(name: str) -> list[str]:
    """A person's name as lower-case words, without a possessive or leading titles."""
    return utils.default_process(clean_name(name)).split()


def _surname_match(words: list[str], spelling: list[str]) -> bool:
    """Same surname, and every other word of ``words`` is somewhere in ``spelling``."""
    if not spelling or fuzz.ratio(words[-1], spelling[-1]) < NAME_CUTOFF:
        return False
    return all(any(fuzz.ratio(w, s) >= NAME_CUTOFF for s in spelling) for w in words[:-1])


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
        words = [w for w in text.lower().split() if w not in DROPPED_WORDS]
        before_of = text.lower().split(" of ")[0].split()
        return cls(before_of[-1], frozenset(map(_stem, words)), name)

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
    direct: tuple[tuple[int, int], ...]
    full_names: dict[str, frozenset[str]] = field(default_factory=dict)
    namings: list[Naming] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    sent_ids: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, registry: Registry, quotes: Sequence[Quote]) -> Cast:
        """Collect the article's person names, where they occur, their roles and genders."""
        direct = tuple(f for q in quotes if q.type == "direct" for f in q.fragments)
        cast = cls(doc, registry, direct)
        cast.sent_ids = {s.start: k for k, s in enumerate(doc.sents)}
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
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
        words = frozenset(name_words(name))
        if not words:
            return ""
        fuller = [n for n, w in self.full_names.items() if words <= w]
        best = max(fuller, key=lambda n: len(self.full_names[n]), default=clean_name(name))
        speaker = self.registry.find(best)
        return speaker.name if speaker else best

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
        ents = {e.root.i: e for e in self.doc.ents}
        for token in self.doc:
            if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in MODIFIER_DEPS:
                continue
            if token.dep_ not in SUBJECTS and token.ent_type_ != "ORG":
                continue
            phrase = ents.get(token.i) or _noun_phrase(token, set())
            kind = _kind(phrase)
            if kind != PERSON:
                yield self.naming(token, _as_written(phrase), kind=BODY if kind == NAME else kind)

    def naming(self, token: Token, name: str, subject: bool = False, kind: str = PERSON) -> Naming:
        """A naming of ``name`` at ``token``; subjects are preferred antecedents."""
        sent = self.sent_ids[token.sent.start]
        return Naming(token.idx, sent, name, subject or token.dep_ in SUBJECTS, kind)

    def _article_roles(self, persons: list[Span]) -> Iterator[Role]:
        """Roles the article teaches: "Russian President X", "X, the head of Y", "the Y, X"."""
        for ent in persons:
            name = self.canonical(ent.text)
            title = [t for t in self.doc[ent.root.left_edge.i : ent.start] if _content(t)]
            if title and title[-1].pos_ in ("NOUN", "PROPN"):
                yield _role(title[-1], title, name)
            for appos in (c for c in ent.root.children if c.dep_ == "appos"):
                if appos.pos_ == "NOUN":
                    yield _role(appos, [t for t in appos.subtree if _content(t)], name)
            if ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN":
                head = ent.root.head
                words = [t for t in head.lefts if _content(t)] + [head]
                yield _role(head, words, name)

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
                counts = Counter(_pronoun_gender(t.lower_) for t in sent)
                votes[next(iter(names))].update(counts)
        genders = {n: _majority(v) for n, v in votes.items()}
        genders.update({s.name: s.gender for s in self.registry.speakers if s.gender})
        return genders

    def compatible(self, name: str, gender: str) -> bool:
        return not gender or self.genders.get(name, "") in ("", gender)

    def in_direct(self, start: int) -> bool:
        return _within(start, self.direct)


def _within(offset: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _content(token: Token) -> bool:
    """A word that can say who someone is: not a determiner, possessive or punctuation."""
    return not (
        token.is_punct
        or token.is_space
        or token.lower_ in DROPPED_WORDS
        or token.pos_ in ("DET", "PRON", "ADP", "CCONJ", "VERB", "AUX")
    )


def _role(head: Token, words: Iterable[Token], name: str) -> Role:
    return Role(head.lemma_.lower(), frozenset(_stem(t.text) for t in words), name)


def _title_gender(word: str) -> str:
    return "m" if word in MALE_TITLES else "f" if word in FEMALE_TITLES else ""


def _pronoun_gender(word: str) -> str:
    return "m" if word in MALE else "f" if word in FEMALE else ""


def _majority(votes: Counter[str]) -> str:
    m, f = votes["m"], votes["f"]
    return "m" if m > f else "f" if f > m else ""


@dataclass
class Resolver:
    """Resolves speaker mentions in reading order, remembering who spoke where."""

    cast: Cast
    said: list[Naming] = field(default_factory=list)

    def resolve(self, span: Span, quote: Quote, outer: str = "") -> str:
        """The canonical speaker a mention refers to ("" when it cannot be told).

        Args:
            span: the words naming the speaker.
            quote: the quote it introduces; people named in its content are not its speaker.
            outer: the speaker of the quote this one is nested in, if any; a pronoun other
                than I or we cannot refer to them.
        """
        span = _subject_of(span)
        root = span.root
        conjuncts = [c for c in root.conjuncts if span.start <= c.i < span.end]
        if not conjuncts:
            return self._resolve_one(span, quote, outer)
        heads = (_noun_phrase(h, set(), CONJ_CUTS) for h in (root, *conjuncts))
        return " and ".join(filter(None, (self._resolve_one(h, quote, outer) for h in heads)))

    def _resolve_one(self, span: Span, quote: Quote, outer: str) -> str:
        """The speaker one noun phrase (no conjuncts) refers to."""
        if span.root.pos_ == "PRON" or span.root.lower_ in RELATIVE:
            return self._pronoun(span, quote, outer)
        exclude = frozenset({outer} - {""})
        name = self._person(span)
        if name:
            return name
        return self._by_role(span, exclude) or _spokesperson(span) or _as_written(span)

    def remember(self, span: Span, speaker: str) -> None:
        """Record a resolved mention as a later pronoun's possible antecedent."""
        if speaker:
            self.said.append(self.cast.naming(span[0], speaker, True, _kind(span)))

    def _person(self, span: Span) -> str:
        """The person a name in the mention stands for: the root's name, an appositive, or
        the final name of a flat phrase the parser got wrong ("Tulsa police Chief Ann Roe")."""
        root = span.root
        tokens = [root, *(c for c in root.children if c.dep_ == "appos")]
        if not any(t.pos_ in ("ADP", "VERB", "AUX") for t in span):
            tokens.append(span[-1])
        for token in tokens:
            if token.ent_type_ == "PERSON":
                ent = next(e for e in self.cast.doc.ents if e.start <= token.i < e.end)
                return self.cast.canonical(ent.text)
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
        words = set(name_words(text))
        known = words and any(words <= f for f in self.cast.full_names.values())
        return self.cast.canonical(text) if known else ""

    def _by_role(self, span: Span, exclude: frozenset[str]) -> str:
        """The speaker a description ("the Russian president") picks out, if one does."""
        root = span.root
        if root.pos_ not in ("NOUN", "PROPN"):
            return ""
        words = frozenset(_stem(t.text) for t in span if _content(t) and t.i != root.i)
        head = root.lemma_.lower()
        names = {r.name for r in self.cast.roles if r.fits(head, words)} - exclude
        return self._most_recent(names, span.start_char)

    def _most_recent(self, names: set[str], at: int) -> str:
        """Of ``names``, the one named last before ``at``; else the only one."""
        before = [n for n in self._namings() if n.name in names and n.start < at]
        if before:
            return max(before, key=lambda n: n.start).name
        return next(iter(names)) if len(names) == 1 else ""

    def _namings(self) -> list[Naming]:
        return self.cast.namings + self.said

    def _pronoun(self, span: Span, quote: Quote, outer: str) -> str:
        """He/she: the nearest compatible person before; it: the nearest body (organisation,
        country, ministry); they: the nearest body or group; I/we: the enclosing speaker;
        who/which: the noun the relative clause hangs on; this/these: unresolved;
        everyone, some, others: as written."""
        token = span.root
        word = token.lower_
        if word in FIRST_PERSON:
            return outer
        if word in RELATIVE:
            noun = token.head.head if token.head.dep_ == "relcl" else None
            return self.resolve(_noun_phrase(noun, set()), quote, outer) if noun else ""
        kinds = _pronoun_kinds(word)
        if kinds:
            return self._antecedent(token, (_pronoun_gender(word), kinds), quote, outer)
        return "" if word in ANAPHORIC else _as_written(span)

    def _antecedent(
        self, token: Token, fits: tuple[str, frozenset[str]], quote: Quote, outer: str
    ) -> str:
        """What a pronoun most likely stands for, of the kinds it ``fits`` and compatible with
        its gender: the nearest one in the sentence, else a recent sentence's subject, else
        anyone in that sentence."""
        gender, kinds = fits
        inside = self.cast.in_direct(token.idx)
        sent = self.cast.sent_ids[token.sent.start]
        quoted = {n.name for n in self._namings() if _within(n.start, quote.fragments)}
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
            return max(same, key=lambda n: n.start).name
        recent = max((n.sent for n in candidates if n.sent < sent), default=None)
        if recent is None or sent - recent > ANTECEDENT_SENTENCES:
            return ""
        ranked = sorted(
            (n for n in candidates if n.sent == recent), key=lambda n: (not n.subject, n.start)
        )
        return ranked[0].name


def _pronoun_kinds(word: str) -> frozenset[str]:
    """The kinds of naming a pronoun can stand for: he/she a person, it a body, they either
    a body or a group; none for other words."""
    if word in BODY_PRONOUNS:
        return frozenset({BODY, NAME})
    if word in GROUP_PRONOUNS:
        return frozenset({BODY, GROUP, NAME})
    return frozenset({PERSON, NAME}) if _pronoun_gender(word) else frozenset()


def _kind(span: Span) -> str:
    """Whether a mention names a person, a body ("the ministry", "it"), a group
    ("diplomats", "they", "Putin and Obama") or a proper name the recogniser did not call a
    person."""
    root = _subject_of(span).root
    word = root.lower_
    if word in GROUP_PRONOUNS or root.tag_ in PLURAL_TAGS or root.conjuncts:
        return GROUP
    if word in BODY_PRONOUNS or root.lemma_.lower() in BODY_NOUNS:
        return BODY
    if root.ent_type_ not in BODY_LABELS:
        return PERSON
    return NAME if root.pos_ == "PROPN" else BODY


def _as_written(span: Span) -> str:
    """A body or unresolved description in the article's words, without a leading article."""
    edges = (span.start, span.end - 1)
    words = [t for t in span if not (t.is_space or t.is_punct and t.i in edges)]
    if words and words[0].lower_ in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
    if not words:
        return ""
    return " ".join(span.doc[words[0].i : words[-1].i + 1].text.split())


def _subject_of(span: Span) -> Span:
    """The noun phrase a mention is about: its subject when it holds a clause."""
    root = span.root
    if root.pos_ not in ("VERB", "AUX"):
        return span
    subjects = [c for c in root.children if c.dep_ in SUBJECTS and span.start <= c.i < span.end]
    return _noun_phrase(subjects[0], set()) if subjects else span


def _spokesperson(span: Span) -> str:
    """A bare "a spokesman" speaks for the organisation named before it in the sentence."""
    root = span.root
    if root.lemma_.lower() not in SPOKESPEOPLE or any(_content(t) for t in span if t.i != root.i):
        return ""
    orgs = [e for e in root.sent.ents if e.label_ == "ORG" and e.end <= span.start]
    return f"{_as_written(orgs[-1])} {root.text}" if orgs else ""


def _noun_phrase(token: Token, content: set[int], cuts: frozenset[str] = NP_CUTS) -> Span:
    """The noun phrase headed by ``token``, without relative clauses (or other ``cuts``)
    and quoted content."""
    cut = {t.i for c in token.children if c.dep_ in cuts for t in c.subtree}
    keep = [t.i for t in token.subtree if t.i not in cut and t.i not in content]
    kept = [i for i in keep if not token.doc[i].is_punct] or [token.i]
    return token.doc[min(kept) : max(kept) + 1]


def _fragment_tokens(doc: Doc, quote: Quote) -> set[int]:
    """Indices of the tokens inside the quote's content."""
    inside: set[int] = set()
    for start, end in quote.fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _sentence(doc: Doc, quote: Quote) -> Span | None:
    """The quote's sentence, and the next one when the quote closes the sentence and a
    short attribution follows in the same paragraph ('"...?" Vitter demanded.')."""
    sent = doc.char_span(*quote.sentence, alignment_mode="expand")
    if sent is None or sent.end >= len(doc) or quote.end < sent.end_char - 3:
        return sent
    after = doc[sent.end].sent
    if len(after) > MAX_TAIL_TOKENS or any("\n" in t.text for t in doc[sent.end : after.start]):
        return sent
    return doc[sent.start : after.end]


def _label_before(sent: Span, content: set[int]) -> Span | None:
    """A "Speaker:" label opening the sentence, as in headlines and transcripts."""
    first = min(content, default=sent.end)
    colon = next((t for t in sent if t.text == ":" and first - 3 < t.i < first), None)
    if colon is None or colon.i == sent.start or colon.i - sent.start > MAX_LABEL_TOKENS:
        return None
    label = sent.doc[sent.start : colon.i]
    return None if any(t.pos_ in ("VERB", "AUX") for t in label) else label


def find_mention(doc: Doc, quote: Quote) -> Span | None:
    """The words introducing a quote's speaker, when the quote stage gave none: the subject
    of the speech verb (or the agent, or "according to X"), or a headline's "X:" part."""
    sent = _sentence(doc, quote)
    if sent is None:
        return None
    content = _fragment_tokens(doc, quote)
    label = _label_before(sent, content)
    if label is not None:
        return label
    if quote.cue_span is not None:
        cue = doc.char_span(*quote.cue_span, alignment_mode="expand")
        cues = [cue.root] if cue is not None else []
    else:
        cues = _cue_candidates(sent, content)
    for verb in cues:
        subject = _subject(verb, content)
        if subject is not None:
            return _noun_phrase(subject, content)
    return _next_to(cues[0], content) if cues else None


def _next_to(verb: Token, content: set[int]) -> Span | None:
    """The nominal words right before a cue the parser gave no subject (or right after
    it): '"...," Tulsa police Chief Ann Roe said'."""
    doc = verb.doc

    def nominal(i: int) -> bool:
        return 0 <= i < len(doc) and i not in content and doc[i].pos_ in NOMINAL

    left = verb.i
    while nominal(left - 1):
        left -= 1
    right = verb.i + 1
    while left == verb.i and nominal(right):
        right += 1
    found = doc[left : verb.i] if left < verb.i else doc[verb.i + 1 : right]
    return found if any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in found) else None


def _cue_candidates(sent: Span, content: set[int]) -> list[Token]:
    """Verbs outside the content that may introduce it: speech verbs first, then the
    content's governors, nearest to the content first."""
    outside = [t for t in sent if t.i not in content]
    first = min(content, default=sent.start)
    governors = {t.head.i for t in sent if t.i in content and t.head.i not in content}

    def rank(t: Token) -> tuple[bool, bool, int]:
        return (t.lemma_.lower() not in SPEECH_VERBS, t.i not in governors, abs(t.i - first))

    verbs = [
        t
        for t in outside
        if t.lemma_.lower() in SPEECH_VERBS or t.i in governors or t.lower_ == "according"
    ]
    return sorted(verbs, key=rank)


def _subject(verb: Token, content: set[int]) -> Token | None:
    """The subject (or passive agent, or "according to" object) of a speech verb, climbing
    to the governing clause when the verb has none ("..., saying")."""
    if verb.lower_ == "according":
        return next((g for c in verb.children for g in c.children if g.dep_ == "pobj"), None)
    for _ in range(3):
        for child in verb.children:
            if child.i in content:
                continue
            if child.dep_ in SUBJECTS:
                return child
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if verb.dep_ not in CLAUSE_LINKS or verb.head is verb:
            return None
        verb = verb.head
    return None


def _block_index(clean: CleanArticle, offset: int) -> int:
    """The index of the kept block holding ``offset`` (or the last one before it)."""
    kept = clean.kept
    return max((i for i, b in enumerate(kept) if b.start <= offset), default=0)


def _outer(quote: Quote, quotes: Sequence[Quote]) -> int | None:
    """The index of the innermost other direct quote whose content holds this one.

    Only a direct quote relays: inside a speaker's own words "he" is someone else, while
    in a reported clause ("he asked Assad whether he ...") the writer still narrates.
    """
    holders = [
        i
        for i, q in enumerate(quotes)
        if q is not quote
        and q.type == "direct"
        and (q.end - q.start) > (quote.end - quote.start)
        and any(s <= quote.start and quote.end <= e for s, e in q.fragments)
    ]
    return min(holders, key=lambda i: quotes[i].end - quotes[i].start, default=None)


def attribute(
    doc: Doc, quotes: Sequence[Quote], clean: CleanArticle, registry: Registry
) -> tuple[Mention, ...]:
    """Resolve every quote's speaker; one Mention per quote, in the order given.

    A quote without a speaker mention gets one found in its sentence, else continues the
    previous quote's speaker within a run of paragraphs. Outer quotes are resolved before
    the quotes nested in them, which get ``reported_by``.
    """
    if not quotes:
        return ()
    resolver = Resolver(Cast.build(doc, registry, quotes))
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i].start, -quotes[i].end))
    done: dict[int, Mention] = {}
    previous: Mention | None = None
    for i in order:
        outer_i = _outer(quotes[i], quotes)
        outer = done[outer_i].speaker if outer_i is not None and outer_i in done else ""
        mention = _attribute_one(doc, quotes[i], clean, resolver, outer, previous)
        done[i] = mention
        if outer_i is None:
            previous = mention
    return tuple(done[i] for i in range(len(quotes)))


def _attribute_one(
    doc: Doc,
    quote: Quote,
    clean: CleanArticle,
    resolver: Resolver,
    outer: str,
    previous: Mention | None,
) -> Mention:
    """One quote's Mention: its mention resolved, or the previous quote's speaker; the
    question of a passive, agentless "when asked" is an unnamed interviewer's."""
    if _asked_by_nobody(doc, quote):
        quote = replace(quote, speaker_mention="", speaker_span=None)
        return _mention(quote, INTERVIEWER, outer, resolver.cast.registry)
    span = _given_span(doc, quote)
    if span is None:
        span = find_mention(doc, quote)
        if span is not None:
            quote = replace(
                quote, speaker_mention=span.text, speaker_span=(span.start_char, span.end_char)
            )
    speaker = ""
    if span is not None:
        speaker = resolver.resolve(span, quote, outer)
        resolver.remember(span, speaker)
    elif previous is not None and _same_run(clean, previous.quote, quote):
        speaker = previous.speaker
    return _mention(quote, speaker, outer, resolver.cast.registry)


def _mention(quote: Quote, speaker: str, outer: str, registry: Registry) -> Mention:
    """The Mention record of a resolved quote; reported by ``outer`` when that is another
    speaker."""
    return Mention(
        mention_id=mention_id(quote),
        quote=quote,
        speaker=speaker,
        reported_by=outer if outer and outer != speaker else "",
        in_registry=speaker in registry.names,
    )


def _asked_by_nobody(doc: Doc, quote: Quote) -> bool:
    """Whether the quote is the question of a passive "ask" that names no asker ("when
    asked whether ...", "Assad was asked if ..."): neither a subject nor a "by" agent."""
    if quote.cue_span is None:
        return False
    cue = doc.char_span(*quote.cue_span, alignment_mode="expand")
    if cue is None:
        return False
    verb = cue.root
    deps = {c.dep_ for c in verb.children}
    passive = verb.dep_ == "advcl" and verb.tag_ != "VBG" or "auxpass" in deps
    return verb.lemma_.lower() == "ask" and passive and not deps & {"nsubj", "agent"}


def _given_span(doc: Doc, quote: Quote) -> Span | None:
    """The mention the quote stage found, unless it lies inside the quote's own words."""
    given = quote.speaker_span
    if given is None or _within(given[0], quote.fragments):
        return None
    return doc.char_span(*given, alignment_mode="expand")


def _same_run(clean: CleanArticle, before: Quote, quote: Quote) -> bool:
    """Whether ``quote`` is close enough after ``before`` to continue its speaker."""
    gap = _block_index(clean, quote.start) - _block_index(clean, before.end)
    return gap <= PARAGRAPH_RUN
