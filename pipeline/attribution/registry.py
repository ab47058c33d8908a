"""The speaker registry: the people whose names, spellings and roles are known in advance.

The default one is ``pipeline/speakers.toml``; ``--speakers FILE`` replaces it.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from pipeline.errors import RegistryError
from pipeline.lexicon import words

REGISTRY_PATH = Path(__file__).resolve().parents[1] / "speakers.toml"
NAME_CUTOFF = 88.0  # rapidfuzz ratio at which two spellings are one name ("Assad", "Asad")
NAME_EDGES = " \t\n'\"“”‘’,.:;()[]"  # stripped from the edges of a name
POSSESSIVES = ("'s", "’s")
HONORIFICS = words("honorifics")
GENDERS = ("m", "f", "")


@dataclass(frozen=True)
class Speaker:
    """A tracked speaker: canonical name, other spellings, roles of the time, pronoun gender."""

    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    gender: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Registry:
    """The speakers whose names, spelling variants and roles are known in advance."""

    speakers: tuple[Speaker, ...] = ()

    @cached_property
    def _spellings(self) -> dict[str, Speaker]:
        """Each name and alias, as rapidfuzz's default processor writes it, to its speaker."""
        return {utils.default_process(n): s for s in self.speakers for n in s.names}

    @cached_property
    def _found(self) -> dict[str, Speaker | None]:
        """What ``find`` answered for each name asked so far (an article asks again and again)."""
        return {}

    def find(self, name: str) -> Speaker | None:
        """The speaker ``name`` refers to: a fuzzy match of the whole name, or of the surname
        with every other word of ``name`` found in the speaker's name ("Bashar Assad")."""
        if name not in self._found:
            self._found[name] = self._search(name)
        return self._found[name]

    def _search(self, name: str) -> Speaker | None:
        """``find`` without the memory."""
        parts = name_words(name)
        if not parts:
            return None
        query = " ".join(parts)
        best = process.extractOne(
            query, list(self._spellings), scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF
        )
        if best is not None:
            return self._spellings[best[0]]
        matches = {s for sp, s in self._spellings.items() if _surname_match(parts, sp.split())}
        return matches.pop() if len(matches) == 1 else None  # two Clintons: neither

    @cached_property
    def names(self) -> frozenset[str]:
        """The canonical names of the registry's speakers."""
        return frozenset(s.name for s in self.speakers)


def load_registry(path: Path | None = None) -> Registry:
    """Read a speaker registry (TOML, ``[[speaker]]`` tables); None reads the default one.
    A byte order mark at its start (as some Windows editors write) is accepted.

    Raises:
        RegistryError: the file is missing, not TOML, or a speaker entry is malformed.
    """
    path = path or REGISTRY_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise RegistryError(f"speaker registry {path} cannot be read: {err.strerror}") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RegistryError(f"speaker registry {path} is not valid TOML: {err}") from err
    entries = data.get("speaker")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"speaker registry {path} has no [[speaker]] entries")
    speakers = tuple(_speaker(entry, path) for entry in entries)
    owner: dict[str, Speaker] = {}
    for speaker in speakers:
        for name in {utils.default_process(n) for n in speaker.names}:
            other = owner.setdefault(name, speaker)
            if other is not speaker:
                raise RegistryError(
                    f"speaker registry {path}: {name!r} names both {other.name} and "
                    f"{speaker.name}; keep it for one of them"
                )
    return Registry(speakers)


def _speaker(entry: object, path: Path) -> Speaker:
    """One ``[[speaker]]`` table as a Speaker, checking the type of every field."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise RegistryError(f"speaker registry {path}: every [[speaker]] needs a name string")
    lists = {key: entry.get(key, []) for key in ("aliases", "roles")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegistryError(f"speaker registry {path}: {entry['name']}: {key} must be strings")
    gender = entry.get("gender", "")
    if gender not in GENDERS:
        raise RegistryError(f"speaker registry {path}: {entry['name']}: gender is m, f or ''")
    return Speaker(entry["name"], tuple(lists["aliases"]), tuple(lists["roles"]), gender)


def clean_name(name: str) -> str:
    """A person's name as written, without a possessive or leading titles ("Mr.", "Sen.")."""
    name = name.strip(NAME_EDGES)
    for suffix in POSSESSIVES:
        name = name.removesuffix(suffix)
    parts = name.split()
    while len(parts) > 1 and utils.default_process(parts[0]) in HONORIFICS:
        parts = parts[1:]
    return " ".join(parts)


def name_words(name: str) -> list[str]:
    """A person's name as lower-case words, without a possessive or leading titles."""
    return utils.default_process(clean_name(name)).split()


def _surname_match(parts: list[str], spelling: list[str]) -> bool:
    """Same surname, and every other word of ``parts`` is somewhere in ``spelling``."""
    if not spelling or fuzz.ratio(parts[-1], spelling[-1]) < NAME_CUTOFF:
        return False
    return all(any(fuzz.ratio(w, s) >= NAME_CUTOFF for s in spelling) for w in parts[:-1])


def registry_toml(speakers: Iterable[Speaker], comment: str) -> str:
    """A registry file (the shape ``load_registry`` reads) for ``speakers``, ``comment``
    (one line) at its head."""
    lines = [f"# {' '.join(comment.split())}", ""]
    for speaker in speakers:
        lines += [
            "[[speaker]]",
            f"name = {_toml_string(speaker.name)}",
            f"aliases = [{', '.join(map(_toml_string, speaker.aliases))}]",
            f"roles = [{', '.join(map(_toml_string, speaker.roles))}]",
            f"gender = {_toml_string(speaker.gender)}",
            "",
        ]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)
