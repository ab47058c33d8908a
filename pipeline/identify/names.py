"""Speaker names cleaned: what a name's words are, once titles, roles, headline verbs, asides
and possessives fall away, and what kind of speaker it names; None for what names nobody
(a pronoun, a possessive scrap, a dateline, a web address, a sentence)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.lexicon import words

MAX_NAME_WORDS = 8  # more words than this is a sentence, not a name

TITLES = words("honorifics", "name_titles")
SUFFIXES = words("name_suffixes")
MALE_TITLES = frozenset(t.strip(".") for t in words("male_titles"))
FEMALE_TITLES = frozenset(t.strip(".") for t in words("female_titles"))
NOT_NAMES = words("not_names")
QUANTIFIERS = words("quantifiers")
ARTICLES = frozenset({"the", "a", "an"})
PARTICLES = ("al-", "el-")  # "al-Assad" and "Assad" are one surname
NAME_PARTICLES = words("name_particles")
NICKNAMES = {frozenset(pair.split()) for pair in words("nicknames")}
SAYING_FORMS = words("headline_cues", "headline_verbs")
ORG_WORDS = words("org_words")
ROLE_WORDS = words("spokespeople", "role_words")
KINDS = ("person", "organisation", "group", "role", "unknown")
WEB = re.compile(r"https?:|www\.|\.(?:com|org|net|co\.uk)\b|\S@\S", re.IGNORECASE)
CLOCK = re.compile(r"\b\d{1,2}[.:]\d\d\b")  # a dateline's time: "06.48 Reuters - ..."
ASIDE = re.compile(r"\s[-–—]+\s|\s--|\(|\[")  # what follows is an aside
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€")  # UTF-8 read as CP-1252: "FranÃ§ois"
EDGES = " \t\n'\"“”‘’,.:;!?"


@dataclass(frozen=True)
class Form:
    """A speaker name cleaned: its words without titles, the gender a title gave, and what
    kind of name it is."""

    words: tuple[str, ...]
    kind: str
    gender: str = field(default="", compare=False)
    title: str = field(default="", compare=False)  # the titles and roles before the name

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def surname(self) -> str:
        """The surname's key: case, accents and an "al-" folded; a "Jr." kept with it."""
        words = [fold(w).strip(".") for w in self.words]
        tail = [words.pop()] if len(words) > 1 and words[-1] in SUFFIXES else []
        last = words[-1]
        for particle in PARTICLES:
            last = last.removeprefix(particle)
        return " ".join([last, *tail])

    @property
    def body_name(self) -> str:
        """A body's or group's name: its words without leading quantifiers ("the", "some")."""
        words = list(self.words)
        while len(words) > 1 and words[0].casefold() in QUANTIFIERS:
            words = words[1:]
        return " ".join(words)


@lru_cache(maxsize=1 << 18)  # a run names its speakers again and again
def clean(name: str, kind: str = "") -> Form | None:
    """A speaker name as a Form, or None when it names nobody.

    Args:
        name: the name as the attribute stage gives it.
        kind: what the attribute stage knows it names (``person``, ``body``, ``group``;
            "" when it does not know).
    """
    text = " ".join(name.split()).strip(EDGES)
    if not text or WEB.search(text) or CLOCK.search(text) or text.casefold() in NOT_NAMES:
        return None
    text = ASIDE.split(text, maxsplit=1)[0].strip(EDGES)
    text = re.sub(r"[’']s$", "", text).strip(EDGES)
    parts = [_words(p) for p in re.split(r",\s*|\s+and\s+|\s*&\s*", text) if p.strip(EDGES)]
    if len(parts) > 1 and all(_named(p) for p in parts) and " and " in f" {text} ":
        return Form(tuple(text.split()), "group")  # "Larry King and Ed Schultz"
    words = _words(text.split(",")[0])
    if words and not _named(words):  # "his partner, Lawrence B. Cummings"
        named = (_without_article(p) for p in parts[1:])
        words = next((p for p in named if _named(p)), words)
    cut = next((i for i, w in enumerate(words) if i and _bare(w) in SAYING_FORMS), None)
    words = words[:cut]
    gender = next(filter(None, map(_title_gender, words)), "")
    titles, words = _without_titles(words)
    joined = " ".join(words)
    if (
        len(re.sub(r"\W", "", joined)) < 2
        or len(words) > MAX_NAME_WORDS
        or joined.casefold() in NOT_NAMES
    ):
        return None
    return Form(tuple(words), _kind(words, kind), gender, " ".join(titles))


def _words(text: str) -> list[str]:
    """The words of a name, without the punctuation around them."""
    return [w for w in (w.strip(',;:"“”') for w in text.split()) if w]


def _without_article(words: list[str]) -> list[str]:
    """Words without a leading "the", "a" or "an"."""
    return words[1:] if len(words) > 1 and words[0].casefold() in ARTICLES else words


def _named(words: Sequence[str]) -> bool:
    """Whether words look like a person's name: one to four capitalised words."""
    return 1 <= len(words) <= 4 and all(map(_capitalised, words)) and _capitalised(words[-1])


def _capitalised(word: str) -> bool:
    """A name word: capitalised, or a particle of one ("de", "al-Assad", "van")."""
    return word[:1].isupper() or word in NAME_PARTICLES or word.startswith(PARTICLES)


def _without_titles(words: list[str]) -> tuple[list[str], list[str]]:
    """The titles and roles before a name ("Sen.", "Republican nominee", "Russian
    President", "Secretary of State"), when what follows is a capitalised name, and the
    name."""
    for start in range(len(words) - 1, 0, -1):
        prefix, rest = words[:start], words[start:]
        if not _named(rest):
            break
        titled = any(_bare(w) in TITLES for w in prefix)
        allowed = all(_bare(w) in TITLES or w[:1].isupper() or w == "of" for w in prefix)
        if titled and allowed and (_bare(prefix[-1]) in TITLES or prefix[-2:-1] == ["of"]):
            return prefix, rest
    return [], words


def _kind(words: Sequence[str], known: str) -> str:
    """Whether a name names a person, an organisation, a group, a role, or cannot tell."""
    bare = [_bare(w) for w in words]
    capitalised = _named(words) or all(map(_capitalised, words))
    if " and " in f" {' '.join(bare)} " or "&" in words:
        return "group"
    if any(b in ORG_WORDS for b in bare) or (len(words) == 1 and _acronym(words[0])):
        return "organisation"
    if known == "group":
        return "group"
    if known == "body":
        return "organisation" if capitalised else "role" if bare[-1] in ROLE_WORDS else "unknown"
    if capitalised and len(words) <= 4 and bare[0] not in QUANTIFIERS:
        return "person"
    if bare[-1] in ROLE_WORDS:
        return "role"
    return "group" if bare[-1].endswith("s") and not capitalised else "unknown"


def fold(word: str) -> str:
    """A word without case or accents."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()


def _bare(word: str) -> str:
    """A word as the word lists hold it: lower case, no dots or possessive."""
    return re.sub(r"[’']s$", "", word).casefold().strip(".")


def initial(word: str) -> bool:
    """An initial: "J." or "J"."""
    return len(word.rstrip(".")) == 1 and word[:1].isalpha()


def _acronym(word: str) -> bool:
    """An all-capitals short word such as "FBI", "NAACP" or "S.E.C."."""
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _title_gender(word: str) -> str:
    """The gender a title gives ("Mr." male, "Mrs." female), else ""."""
    title = _bare(word)
    return "m" if title in MALE_TITLES else "f" if title in FEMALE_TITLES else ""
