"""The persons of a run: full names grouped into people, a surname alone given to its one
holder, and the name each person is called by."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from pipeline.identify.names import MOJIBAKE, NICKNAMES, Form, fold, initial

SPELLING_CUTOFF = 85.0  # rapidfuzz ratio at which two name words are one spelling


@dataclass(frozen=True)
class People:
    """The persons of a run: each full name's group (named by its first form), the groups
    holding each surname, and the gender the groups' titles give."""

    group: Mapping[Form, Form]
    by_surname: Mapping[str, frozenset[Form]]
    gender: Mapping[Form, str]

    @classmethod
    def of(cls, forms: Iterable[tuple[Form, str]]) -> People:
        """Group the full names (two words or more) of ``forms`` (each with the gender its
        title gives, "" for none): one person where the words of one line up with the
        other's (``_same_person``)."""
        seen: dict[Form, set[str]] = defaultdict(set)
        for form, gender in forms:
            seen[form].add(gender)
        full = sorted((f for f in seen if len(f.words) > 1), key=lambda f: f.words)
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
                    ra, rb = sorted((root(a), root(b)), key=lambda f: f.words)
                    parent[rb] = ra
        group = {f: root(f) for f in full}
        holders: dict[str, set[Form]] = defaultdict(set)
        for key, members in spellings.items():
            for f in members:
                holders[key].add(group[f])
                holders[f.surname].add(group[f])
        titles: dict[Form, set[str]] = defaultdict(set)
        for f, person in group.items():
            titles[person] |= seen[f]
        genders = {p: "".join(sorted(g - {""})) for p, g in titles.items()}
        return cls(group, {k: frozenset(v) for k, v in holders.items()}, genders)

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
    if not agree(short.words[-1], long.words[-1]) and short.surname != long.surname:
        return False
    rest = iter(long.words[:-1])
    return all(any(agree(w, other) for other in rest) for w in short.words[:-1])


def agree(a: str, b: str) -> bool:
    """Whether word ``a`` of a shorter name can stand for word ``b`` of a longer one: equal,
    an initial of it, a nickname of it, or a spelling variant (an initial in the longer
    name is a middle name: "Jim Bennett" is not "William J. Bennett")."""
    x, y = fold(a).strip("."), fold(b).strip(".")
    if x == y or frozenset((x, y)) in NICKNAMES:
        return True
    if initial(a) or initial(b):
        return initial(a) and x[:1] == y[:1]
    return min(len(x), len(y)) >= 4 and fuzz.ratio(x, y) >= SPELLING_CUTOFF


def fullest(counts: Counter[Form]) -> Form:
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


def display(form: Form) -> str:
    """A person's name as written, a transcript's capitals ("JAKE TAPPER") title-cased."""
    if all(w.isupper() and len(w) > 2 for w in form.words):
        return " ".join(w.title() for w in form.words)
    return form.text
