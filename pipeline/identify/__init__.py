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
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.attribution import Registry
from pipeline.attribution.resolver import CONFIDENCE
from pipeline.identify.names import Form, clean, fold
from pipeline.identify.people import People, agree, display, fullest
from pipeline.records import Mention

KNOWN_KINDS = {"group": "group", "body": "body", "name": "body", "role": "role"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
ARTICLES = ("the ", "a ", "an ")


@dataclass(frozen=True)
class Identity:
    """A person or body of the run: its canonical name, kind, every name seen for it, the
    roles the articles give it ("Republican nominee", "the Russian president") and, for a
    person, the gender its titles and pronouns give ("m", "f", "" when unknown)."""

    speaker_id: str
    speaker: str
    kind: str
    aliases: tuple[str, ...]
    in_registry: bool
    roles: tuple[str, ...] = ()
    gender: str = ""
    n_mentions: int = 0


def identify(
    mentions: Sequence[Mention], registry: Registry
) -> tuple[tuple[Mention, ...], tuple[Identity, ...]]:
    """One canonical name and ``speaker_id`` for each speaker across ``mentions``.

    Returns:
        the mentions, in order, with ``speaker`` (empty where the name was no name),
        ``in_registry``, ``speaker_id`` and, where a surname alone was completed from
        the other articles, ``resolution`` ("corpus") set; and the identities they name,
        most mentioned first.
    """
    forms = [
        clean(m.speaker, KNOWN_KINDS.get(m.speaker_kind, "")) if m.speaker else None
        for m in mentions
    ]
    people = People.of(
        (f, _gender(f, m))
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
    ids = {i.speaker: i.speaker_id for i in identities}
    return tuple(
        _identified(m, f, names[key] if key else ("", False), ids)
        for m, f, key in zip(mentions, forms, keys, strict=True)
    ), identities


def _identified(
    mention: Mention, form: Form | None, name: tuple[str, bool], ids: Mapping[str, str]
) -> Mention:
    """The mention under its identity's name: a name of one word completed from the other
    articles is resolved by the ``corpus``; one that names nobody leaves no speaker."""
    speaker, in_registry = name
    if not speaker:
        return dataclasses.replace(
            mention, speaker="", speaker_id="", resolution="none", confidence=0.0
        )
    completed = form is not None and len(form.words) == 1 and len(speaker.split()) > 1
    if completed and mention.resolution in ("surname", "name"):
        mention = dataclasses.replace(mention, resolution="corpus", confidence=CONFIDENCE["corpus"])
    return dataclasses.replace(
        mention, speaker=speaker, in_registry=in_registry, speaker_id=ids[speaker]
    )


def _gender(form: Form, mention: Mention) -> str:
    """The gender the article gives a person: its title ("Mrs. Clinton"), or the pronoun
    the speaker was found by ("she said")."""
    written = mention.quote.speaker_mention
    if form.gender or not written:
        return form.gender
    if mention.resolution == "pronoun":
        return PRONOUN_GENDER.get(written.casefold(), "")
    found = clean(written)
    return found.gender if found else ""


def _key(mention: Mention, form: Form | None, people: People, here: frozenset[Form]) -> str:
    """The key of the identity a mention names ("" for no one); ``here`` are the persons
    the mention's article names in full."""
    if form is None:
        return ""
    lone = len(form.words) == 1 and form.surname in people.by_surname
    if lone and form.kind in ("organisation", "group"):
        form = dataclasses.replace(form, kind="person")  # a transcript's "PENCE:", "Sanders"
    if form.kind != "person":
        return f"{form.kind}:{form.body_name.casefold()}"
    return people.key(form, _gender(form, mention), here)


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
        names[key] = (display(fullest(counts)), False)
    return names


def _identities(
    keys: Sequence[str],
    forms: Sequence[Form | None],
    mentions: Sequence[Mention],
    names: Mapping[str, tuple[str, bool]],
) -> tuple[Identity, ...]:
    """The identities of the run, with every alias, role and gender seen, most mentioned
    first; a name two keys share (a body and a person written alike) is one identity."""
    aliases: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    genders: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    tracked: dict[str, bool] = {}
    for key, form, m in zip(keys, forms, mentions, strict=True):
        if not key or form is None:
            continue
        name, in_registry = names[key]
        aliases[name].update(_names_seen(m))
        roles[name].update(filter(None, (form.title, _role(m))))
        genders[name][_gender(form, m)] += 1
        counts[name] += 1
        kinds.setdefault(name, "person" if key.startswith("person:") else form.kind)
        tracked[name] = tracked.get(name, False) or in_registry
    slugs = _slugs(counts)
    return tuple(
        Identity(
            slugs[s],
            s,
            kinds[s],
            tuple(sorted(a for a in aliases[s] if kinds[s] != "person" or _alias_of(a, s))),
            tracked[s],
            tuple(r for r, _ in sorted(roles[s].items(), key=lambda rn: (-rn[1], rn[0]))),
            _majority(genders[s]) if kinds[s] == "person" else "",
            counts[s],
        )
        for s in sorted(counts, key=lambda s: (-counts[s], s))
    )


def _names_seen(mention: Mention) -> list[str]:
    """The names a mention gives its speaker: the attribute stage's, and the words that
    name the speaker in the article where they are a name ("Mr. Trump" -> "Trump")."""
    found = [clean(mention.speaker)]
    written = mention.quote.speaker_mention
    if written and mention.resolution in ("name", "surname", "corpus"):
        form = clean(written)
        found += [form] if form is not None and form.kind == "person" else []
    return [f.text for f in found if f is not None]


def _alias_of(alias: str, name: str) -> bool:
    """Whether ``alias`` is another way to write a person's ``name``: the surname alone, or
    a form whose first and last words are the name's ("Donald J. Trump"), spelling
    variants allowed; not a headline scrap ("Obama Says") nor a word before the name."""
    a, n = clean(alias), clean(name)
    if a is None or n is None:
        return False
    if len(a.words) == 1:
        return a.surname == n.surname
    return agree(a.words[0], n.words[0]) and agree(a.words[-1], n.words[-1])


def _role(mention: Mention) -> str:
    """The description a speaker was found by ("the Russian president" -> "Russian
    president"), where it was found by one that ends in a common noun."""
    if mention.resolution != "role" or not mention.quote.speaker_mention:
        return ""
    written = " ".join(mention.quote.speaker_mention.split())
    for article in ARTICLES:
        written = written.removeprefix(article).removeprefix(article.capitalize())
    head = written.split()[-1] if written else ""
    return written if head.islower() and not head.endswith("s") else ""


def _majority(votes: Counter[str]) -> str:
    """The gender most votes give, "" on a tie or with none."""
    m, f = votes["m"], votes["f"]
    return "m" if m > f else "f" if f > m else ""


def _slugs(counts: Mapping[str, int]) -> dict[str, str]:
    """A distinct speaker id for each name: its slug, "-2", "-3"... where two names share
    one, in the names' order."""
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
    return slugs


def _slug(name: str) -> str:
    """A speaker id from a name: ASCII letters and digits, words joined by "-"."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(name))) or "speaker"
