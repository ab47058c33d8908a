"""The identify stage: one name for each person or body across every article of a run.

The attribute stage names a speaker as its article does ("Trump", "Mr. Trump", "Donald J.
Trump", "Republican nominee Donald Trump"). This stage sees every mention of the run at once
and gives each person or body one canonical name and a stable ``speaker_id``:

- a name is cleaned first (``clean``): titles and roles before it ("Sen.", "Republican
  nominee"), a final possessive, a headline's verb of saying and what follows it ("Donald
  Trump Tells", "Trump Warns Clinton"), an aside after a dash fall away; what is no name at
  all (a pronoun, a possessive scrap, a dateline, a web address, a sentence) leaves the
  speaker empty;
- full names are one person when the words of the shorter appear in order in the longer,
  surnames equal and given names agreeing (a middle name or initial, a nickname, a spelling
  variant: "Donald J. Trump", "Hillary Rodham Clinton", "Moqtada"/"Muqtada al-Sadr");
- a surname alone ("Trump", "Mr. Clarke", a transcript's "WALLACE") goes to the one person
  of the run with that surname; where several share it, to the only one its title's gender
  fits ("Mrs. Clinton"), else it is kept apart rather than guessed;
- bodies and groups are one by their words, case, "the" and quantifiers aside ("the White
  House", "White House"; "Republicans", "some Republicans");
- registry speakers keep their registry names; everyone else gets their most common full
  form.

Pure and order-independent: the same mentions give the same result in any order.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from pipeline.attribution import Registry
from pipeline.lexicon import words
from pipeline.records import Mention

SPELLING_CUTOFF = 85.0  # rapidfuzz ratio at which two name words are one spelling
MAX_NAME_WORDS = 8  # more words than this is a sentence, not a name

TITLES = words("honorifics", "name_titles")
SUFFIXES = words("name_suffixes")
MALE_TITLES = frozenset(t.strip(".") for t in words("male_titles"))
FEMALE_TITLES = frozenset(t.strip(".") for t in words("female_titles"))
NOT_NAMES = words("not_names")
POSSESSIVES = words("possessives")
QUANTIFIERS = words("quantifiers")
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
    gender: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def surname(self) -> str:
        """The surname's key: case, accents and an "al-" folded; a "Jr." kept with it."""
        words = [_fold(w).strip(".") for w in self.words]
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


@dataclass(frozen=True)
class Identity:
    """A person or body of the run: its canonical name, kind and every name seen for it."""

    speaker_id: str
    speaker: str
    kind: str
    aliases: tuple[str, ...]
    in_registry: bool


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
    if words and (words[0][:1].islower() or _bare(words[0]) in POSSESSIVES):
        words = next(
            (p for p in parts[1:] if _named(p)), words
        )  # "his partner, Lawrence B. Cummings"
    cut = next((i for i, w in enumerate(words) if i and _bare(w) in SAYING_FORMS), None)
    words = words[:cut]
    gender = next(filter(None, map(_title_gender, words)), "")
    words = _without_titles(words)
    joined = " ".join(words)
    if (
        len(re.sub(r"\W", "", joined)) < 2
        or len(words) > MAX_NAME_WORDS
        or joined.casefold() in NOT_NAMES
    ):
        return None
    return Form(tuple(words), _kind(words, kind), gender)


def _words(text: str) -> list[str]:
    """The words of a name, without the punctuation around them."""
    return [w for w in (w.strip(',;:"“”') for w in text.split()) if w]


def _named(words: Sequence[str]) -> bool:
    """Whether words look like a person's name: one to four capitalised words."""
    return 1 <= len(words) <= 4 and all(map(_capitalised, words)) and _capitalised(words[-1])


def _capitalised(word: str) -> bool:
    """A name word: capitalised, or a particle of one ("de", "al-Assad", "van")."""
    return word[:1].isupper() or word in NAME_PARTICLES or word.startswith(PARTICLES)


def _without_titles(words: list[str]) -> list[str]:
    """The name after leading titles and roles ("Sen.", "Republican nominee", "Russian
    President", "Secretary of State"), when what follows is a capitalised name."""
    for start in range(len(words) - 1, 0, -1):
        prefix, rest = words[:start], words[start:]
        if not _named(rest):
            break
        titled = any(_bare(w) in TITLES for w in prefix)
        allowed = all(_bare(w) in TITLES or w[:1].isupper() or w == "of" for w in prefix)
        if titled and allowed and (_bare(prefix[-1]) in TITLES or prefix[-2:-1] == ["of"]):
            return rest
    return words


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


@dataclass(frozen=True)
class People:
    """The persons of a run: each full name's group (named by its first form), the groups
    holding each surname, and the gender the groups' titles give."""

    group: Mapping[Form, Form]
    by_surname: Mapping[str, frozenset[Form]]
    gender: Mapping[Form, str]

    @classmethod
    def of(cls, forms: Iterable[Form]) -> People:
        """Group the full names (two words or more) of ``forms``: one person where the
        words of one line up with the other's (``_same_person``)."""
        forms = list(forms)
        full = sorted({f for f in forms if len(f.words) > 1}, key=lambda f: (f.words, f.gender))
        by_surname: dict[str, list[Form]] = defaultdict(list)
        for form in full:
            by_surname[form.surname].append(form)
        parent = {f: f for f in full}

        def root(f: Form) -> Form:
            while parent[f] != f:
                f = parent[f]
            return f

        spellings = _spellings(by_surname)
        for members in spellings.values():
            for a, b in combinations(members, 2):
                if _same_person(a, b):
                    ra, rb = sorted((root(a), root(b)), key=lambda f: (f.words, f.gender))
                    parent[rb] = ra
        group = {f: root(f) for f in full}
        holders: dict[str, set[Form]] = defaultdict(set)
        for key, members in spellings.items():
            for f in members:
                holders[key].add(group[f])
                holders[f.surname].add(group[f])
        titles: dict[Form, set[str]] = defaultdict(set)
        for f, person in group.items():
            titles[person].add(f.gender)
        gender = {p: "".join(sorted(g - {""})) for p, g in titles.items()}
        return cls(group, {k: frozenset(v) for k, v in holders.items()}, gender)

    def key(self, form: Form, gender: str, here: frozenset[Form] = frozenset()) -> str:
        """The identity key of a person's name: its group's; for a surname alone, the one
        person with that surname whom ``gender`` fits, among those named ``here`` (in the
        same article) first, then in the whole run; else the name's own."""
        person = self.group.get(form)
        if person is None and len(form.words) == 1:
            holders = [
                p
                for p in self.by_surname.get(form.surname, ())
                if not gender or self.gender[p] in ("", gender)
            ]
            near = [p for p in holders if p in here]
            person = near[0] if len(near) == 1 else holders[0] if len(holders) == 1 else None
        return "person:" + (person or form).text.casefold()


def _spellings(by_surname: Mapping[str, list[Form]]) -> dict[str, list[Form]]:
    """The full names by surname, surnames that are one spelling joined (compared only
    within one initial and from five letters up)."""
    keys = sorted(by_surname)
    joined = {k: k for k in keys}
    by_initial: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_initial[key[:1]].append(key)
    for group in by_initial.values():
        for a, b in combinations(group, 2):
            if min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= SPELLING_CUTOFF:
                joined[b] = joined[a]
    groups: dict[str, list[Form]] = defaultdict(list)
    for key in keys:
        groups[joined[key]].extend(by_surname[key])
    return groups


def _same_person(a: Form, b: Form) -> bool:
    """Whether two full names are one person: surnames agree, and the shorter's other
    words appear in order among the longer's (middle names, initials, a nickname may be
    added or differ)."""
    short, long = sorted((a, b), key=lambda f: (len(f.words), f.words))
    if not _agree(short.words[-1], long.words[-1]) and short.surname != long.surname:
        return False
    rest = iter(long.words[:-1])
    return all(any(_agree(w, other) for other in rest) for w in short.words[:-1])


def _agree(a: str, b: str) -> bool:
    """Whether word ``a`` of a shorter name can stand for word ``b`` of a longer one: equal,
    an initial of it, a nickname of it, or a spelling variant (an initial in the longer
    name is a middle name: "Jim Bennett" is not "William J. Bennett")."""
    x, y = _fold(a).strip("."), _fold(b).strip(".")
    if x == y or frozenset((x, y)) in NICKNAMES:
        return True
    if _initial(a) or _initial(b):
        return _initial(a) and x[:1] == y[:1]
    return min(len(x), len(y)) >= 4 and fuzz.ratio(x, y) >= SPELLING_CUTOFF


def identify(
    mentions: Sequence[Mention], registry: Registry, kinds: Sequence[str] | None = None
) -> tuple[tuple[Mention, ...], tuple[Identity, ...]]:
    """One canonical name and ``speaker_id`` for each speaker across ``mentions``.

    Args:
        mentions: every mention of the run.
        registry: the speakers whose names win.
        kinds: what the attribute stage knows each mention's speaker is (see ``clean``).

    Returns:
        the mentions, in order, with ``speaker`` (empty where the name was no name),
        ``in_registry`` and ``speaker_id`` set, and the identities they name, most
        mentioned first.
    """
    kinds = kinds or [""] * len(mentions)
    forms = [
        clean(m.speaker, k) if m.speaker else None for m, k in zip(mentions, kinds, strict=True)
    ]
    people = People.of(
        _with_title(f, m)
        for f, m in zip(forms, mentions, strict=True)
        if f is not None and f.kind == "person"
    )
    named: dict[str, set[Form]] = defaultdict(set)
    for m, f in zip(mentions, forms, strict=True):
        if f is not None and f in people.group:
            named[m.quote.source].add(people.group[f])
    keys = [
        _key(m, f, people, frozenset(named[m.quote.source]))
        for m, f in zip(mentions, forms, strict=True)
    ]
    names = _names(keys, forms, mentions, registry)
    identities = _identities(keys, forms, mentions, names)
    ids = {i.speaker: i for i in identities}
    return tuple(
        dataclasses.replace(
            m,
            speaker=names[key][0] if key else "",
            in_registry=bool(key) and names[key][1],
            speaker_id=ids[names[key][0]].speaker_id if key else "",
        )
        for m, key in zip(mentions, keys, strict=True)
    ), identities


def _key(mention: Mention, form: Form | None, people: People, here: frozenset[Form]) -> str:
    """The key of the identity a mention names ("" for no one); ``here`` are the persons
    the mention's article names in full."""
    if form is None:
        return ""
    if form.kind == "organisation" and len(form.words) == 1 and form.surname in people.by_surname:
        form = dataclasses.replace(form, kind="person")  # a transcript's "PENCE:"
    if form.kind != "person":
        return f"{form.kind}:{form.body_name.casefold()}"
    form = _with_title(form, mention)
    return people.key(form, form.gender, here)


def _with_title(form: Form, mention: Mention) -> Form:
    """A person's name with the gender of the title the article gives it ("Mrs. Clinton")."""
    if form.gender or not mention.quote.speaker_mention:
        return form
    written = clean(mention.quote.speaker_mention)
    return dataclasses.replace(form, gender=written.gender) if written and written.gender else form


def _names(
    keys: Sequence[str],
    forms: Sequence[Form | None],
    mentions: Sequence[Mention],
    registry: Registry,
) -> dict[str, tuple[str, bool]]:
    """Each identity's name and whether it is a registry speaker: the registry's name
    where one of its mentions or names is a registry speaker's; else, for a person, the
    most common full form, ties going to the core that the other forms hold ("Hillary
    Clinton" in "Hillary Rodham Clinton"); for a body, its most common form."""
    seen: dict[str, Counter[Form]] = defaultdict(Counter)
    tracked: dict[str, str] = {}
    for key, form, m in zip(keys, forms, mentions, strict=True):
        if key and form is not None:
            seen[key][form] += 1
            if m.in_registry:
                tracked.setdefault(key, m.speaker)
    names: dict[str, tuple[str, bool]] = {}
    for key, counts in sorted(seen.items()):
        if not key.startswith("person:"):
            bodies = Counter[str]()
            for form, n in counts.items():
                bodies[form.body_name] += n
            names[key] = (min(bodies, key=lambda b: (-bodies[b], b.swapcase())), False)
            continue
        common = max(sorted(counts, key=lambda f: f.words), key=counts.__getitem__)
        speaker = registry.find(common.text)
        if key in tracked or speaker is not None:
            names[key] = (tracked.get(key) or speaker.name, True)  # type: ignore[union-attr]
            continue
        names[key] = (_display(_fullest(counts)), False)
    return names


def _fullest(counts: Counter[Form]) -> Form:
    """The name to call a person by: the full form printed most often; ties go to forms
    not in capitals nor garbled by a wrong encoding, then to the core the other forms hold
    ("Hillary Clinton" in "Hillary Rodham Clinton"), then to the longer."""
    full = [f for f in counts if len(f.words) > 1] or list(counts)

    def rank(f: Form) -> tuple[int, bool, bool, int, int, tuple[str, ...]]:
        shouting = all(w.isupper() for w in f.words)
        holders = sum(len(o.words) > len(f.words) and _same_person(f, o) for o in full)
        garbled = bool(MOJIBAKE.search(f.text))
        return -counts[f], shouting, garbled, -holders, -len(f.words), f.words

    return min(full, key=rank)


def _display(form: Form) -> str:
    """A person's name as written, a transcript's capitals ("JAKE TAPPER") title-cased."""
    if all(w.isupper() and len(w) > 2 for w in form.words):
        return " ".join(w.title() for w in form.words)
    return form.text


def _identities(
    keys: Sequence[str],
    forms: Sequence[Form | None],
    mentions: Sequence[Mention],
    names: Mapping[str, tuple[str, bool]],
) -> tuple[Identity, ...]:
    """The identities of the run, with every alias seen, most mentioned first; a name two
    keys share (a body and a person written alike) is one identity."""
    aliases: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    tracked: dict[str, bool] = {}
    for key, form, m in zip(keys, forms, mentions, strict=True):
        if key and form is not None:
            name, in_registry = names[key]
            aliases[name].add(" ".join(m.speaker.split()))
            counts[name] += 1
            kinds.setdefault(name, form.kind)
            tracked[name] = tracked.get(name, False) or in_registry
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(counts):
        slug = base = _slug(name)
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs[name] = slug
    ordered = sorted(counts, key=lambda s: (-counts[s], s))
    return tuple(
        Identity(slugs[s], s, kinds[s], tuple(sorted(aliases[s])), tracked[s]) for s in ordered
    )


def _slug(name: str) -> str:
    """A speaker id from a name: ASCII letters and digits, words joined by "-"."""
    return "-".join(re.findall(r"[a-z0-9]+", _fold(name))) or "speaker"


def _fold(word: str) -> str:
    """A word without case or accents."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()


def _bare(word: str) -> str:
    """A word as the word lists hold it: lower case, no dots or possessive."""
    return re.sub(r"[’']s$", "", word).casefold().strip(".")


def _initial(word: str) -> bool:
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
