"""The word lists of the spaCy stages, as data: one small text file per list, read once.

Each ``<name>.txt`` here holds one word or phrase a line; ``#`` starts a comment. A list that
is another plus a few words is written once and read as their union, e.g. the cue verbs are
``words("say", "prep_only")``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def words(*names: str) -> frozenset[str]:
    """The words of the lists ``names`` (their union), each file read once per process.

    Raises:
        FileNotFoundError: there is no list of one of these names.
    """
    return frozenset().union(*map(_read, names))


@cache
def _read(name: str) -> frozenset[str]:
    """The entries of one list file: comments and blank lines left out, spaces collapsed."""
    text = files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = (" ".join(line.split("#", 1)[0].split()) for line in text.splitlines())
    return frozenset(entry for entry in entries if entry)


def names() -> list[str]:
    """The names of every list, sorted."""
    found = (p.name for p in files(__name__).iterdir())
    return sorted(name.removesuffix(".txt") for name in found if name.endswith(".txt"))
