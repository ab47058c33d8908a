"""File names for each article's texts under OUT/clean/ and OUT/text/, one per source.

A name is the source's path with ``.txt`` appended unless it already ends in ``.txt``
(``a/story.txt`` -> ``a/story.txt``, ``story.md`` -> ``story.md.txt``). A source that is not
a safe relative path (a JSONL id such as ``..`` or ``/etc/x``, a character such as ``\\`` or
``:`` that some file system refuses, a name too long for one) is made safe; two sources
that would still share a name, compared without case (``Story.txt``, ``story.txt``), or
where one would need the other's file as a folder, get ``~2``, ``~3``... before ``.txt``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')  # not in a name on every file system
MAX_PART_BYTES = 200  # file systems allow 255 bytes a name; room for a suffix
SUFFIX = ".txt"


def output_names(sources: Iterable[str]) -> dict[str, str]:
    """The relative name of each source's text files, unique across ``sources``, in order."""
    names: dict[str, str] = {}
    files: set[str] = set()
    folders: set[str] = set()
    for source in sources:
        parts = safe_parts(source)
        if _under_file(parts, files):
            parts = [_shortened("_".join(parts), SUFFIX)]
        name, n = "/".join(parts), 1
        while name.casefold() in files | folders:
            n += 1
            name = "/".join([*parts[:-1], parts[-1].removesuffix(SUFFIX) + f"~{n}{SUFFIX}"])
        files.add(name.casefold())
        folders.update("/".join(name.casefold().split("/")[:k]) for k in range(1, len(parts)))
        names[source] = name
    return names


def safe_parts(source: str) -> list[str]:
    """The path parts of a source's name: no empty, ``.`` or ``..`` part, no character a
    file system refuses, none too long, the last one ending in ``.txt``."""
    parts = [UNSAFE.sub("_", p) for p in PurePosixPath(source).parts]
    parts = [_shortened(p) for p in parts if p not in ("/", ".", "..") and p.strip()]
    last = parts.pop() if parts else "_"
    return [*parts, last if last.endswith(SUFFIX) else _shortened(last + SUFFIX, SUFFIX)]


def _shortened(part: str, keep: str = "") -> str:
    """``part`` cut to MAX_PART_BYTES (with a hash of the whole, so cut names stay
    distinct), ending in ``keep``."""
    if len(part.encode("utf-8", "surrogatepass")) <= MAX_PART_BYTES:
        return part
    digest = hashlib.sha1(part.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    head = part.encode("utf-8", "surrogatepass")[: MAX_PART_BYTES - 12 - len(keep)]
    return head.decode("utf-8", "ignore") + f"-{digest}{keep}"


def _under_file(parts: list[str], files: set[str]) -> bool:
    """Whether a name needs a taken file name as one of its folders."""
    folded = [p.casefold() for p in parts]
    return any("/".join(folded[:k]) in files for k in range(1, len(parts)))
