"""The output folder: each run's outputs form one generation, put on show by one rename.

::

    OUT/.claims.lock              held by the run writing OUT; a second run is refused
    OUT/.generations/<id>/        one run's complete outputs, synced to disk before shown
    OUT/.current -> .generations/<id>     the generation on show
    OUT/mentions.csv -> .current/mentions.csv, OUT/clean -> .current/clean, ...

The names users open are links that never change; only ``.current`` is switched, by
renaming a new link over it, so a reader of OUT always sees one run's complete set, and a
kill at any point leaves the old set or the new one on show. The next run finishes what a
killed one left (links not yet made, generations no longer on show). Nothing else in OUT is
touched: an output name held by something this tool did not make is refused before the run
begins, except the plain files and folders an older version of this tool wrote there.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutInUse, OutNotOurs

LOCK = ".claims.lock"
GENERATIONS = ".generations"
CURRENT = ".current"
CACHE = ".cache"  # the per-article results of past runs (``run.cache``)
OUTPUT_NAMES = (
    "mentions.csv",
    "claims.csv",
    "skipped.csv",
    "articles.csv",
    "speakers.csv",
    "clean",
    "text",
    "claims.xlsx",
    "report.html",
)
GENERATION = re.compile(r"[0-9a-f]+-\d+|old-\w+-[0-9a-f]+")  # the folders we make in there
LEGACY_FOLDERS = ("clean", "text")  # what an older version wrote as plain folders
LEGACY_LEFTOVERS = (".staging", ".old-clean", ".old-text")  # and left when it was killed
LEGACY_HEADER = "\ufeffmention_id,claim_id,source,"  # how its mentions.csv began


@dataclass(frozen=True)
class OutputFolder:
    """OUT, kept as described above."""

    path: Path

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold OUT's lock for the ``with`` block; the operating system lets go of it when
        the process ends, however it ends.

        Raises:
            OutInUse: another run holds it.
            OSError: OUT cannot be made or written.
        """
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutInUse(self.path) from None
            yield
        finally:
            os.close(fd)

    def check(self) -> None:
        """Refuse an OUT where an output name (or one of ours) holds something else.

        Raises:
            OutNotOurs: naming the first such entry.
        """
        legacy = self._is_legacy()
        for name in OUTPUT_NAMES:
            entry = self.path / name
            if not os.path.lexists(entry) or self._is_link(name):
                continue
            if not (legacy and (entry.is_file() or name in LEGACY_FOLDERS)):
                raise OutNotOurs(entry)
        cache = self.path / CACHE
        if os.path.lexists(cache) and (cache.is_symlink() or not cache.is_dir()):
            raise OutNotOurs(cache)
        generations, current = self.path / GENERATIONS, self.path / CURRENT
        if os.path.lexists(generations) and (generations.is_symlink() or not generations.is_dir()):
            raise OutNotOurs(generations)
        for child in generations.iterdir() if generations.is_dir() else ():
            if not GENERATION.fullmatch(child.name) or child.is_symlink() or not child.is_dir():
                raise OutNotOurs(child)
        if os.path.lexists(current) and not (
            current.is_symlink() and os.readlink(current).startswith(f"{GENERATIONS}/")
        ):
            raise OutNotOurs(current)

    def tidy(self) -> None:
        """Finish what a killed run left: make the links of the generation on show, and
        remove the generations (and temporary links) that are not on show."""
        shown = self._shown()
        if shown is not None:
            self._link(n for n in OUTPUT_NAMES if os.path.lexists(self.path / CURRENT / n))
        generations = self.path / GENERATIONS
        if generations.is_dir():
            for child in generations.iterdir():
                if child.name != shown:
                    _remove(child)
        for stray in self.path.glob(".link-*.tmp"):
            stray.unlink(missing_ok=True)
        for leftover in LEGACY_LEFTOVERS if self._is_legacy() else ():
            _remove(self.path / leftover)

    def new_generation(self) -> Path:
        """A new, empty folder for this run's outputs, not on show until ``publish``."""
        path = self.path / GENERATIONS / f"{time.time_ns():x}-{os.getpid()}"
        path.mkdir(parents=True)
        return path

    def discard(self, generation: Path) -> None:
        """Remove a generation that will not be shown (its run failed)."""
        _remove(generation)

    def publish(self, generation: Path) -> list[str]:
        """Put ``generation`` on show: sync it to disk, link each of its outputs (a link to
        ``.current/NAME``, dangling until the switch), switch ``.current`` to it with one
        rename, then unlink the outputs it lacks and remove the generation shown before.

        Returns:
            the output names that were shown before and are no longer written (their links
            are removed, so no stale output stays beside the new ones).
        """
        os.sync()  # every file of the generation is on disk before it can be shown
        self._link([name for name in OUTPUT_NAMES if os.path.lexists(generation / name)])
        self._place_link(CURRENT, f"{GENERATIONS}/{generation.name}")
        _sync_folder(self.path)
        gone = self._unlink_missing()
        self.tidy()
        return gone

    def _shown(self) -> str | None:
        """The name of the generation on show, if any."""
        current = self.path / CURRENT
        return Path(os.readlink(current)).name if current.is_symlink() else None

    def _is_link(self, name: str) -> bool:
        """Whether OUT/name is the link this tool makes for that output."""
        entry = self.path / name
        return entry.is_symlink() and os.readlink(entry) == f"{CURRENT}/{name}"

    def _is_legacy(self) -> bool:
        """Whether OUT holds the plain outputs of an older version of this tool."""
        mentions = self.path / "mentions.csv"
        if mentions.is_symlink() or not mentions.is_file():
            return False
        with mentions.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(len(LEGACY_HEADER)) == LEGACY_HEADER

    def _link(self, names: Iterable[str]) -> None:
        """Make each of ``names`` the link to its output in the generation on show.

        A plain file an older version wrote is replaced by the link in one rename; a plain
        folder is first moved into the generations, which ``tidy`` then removes.
        """
        for name in names:
            entry = self.path / name
            if self._is_link(name):
                continue
            if entry.is_dir() and not entry.is_symlink():
                entry.rename(self.path / GENERATIONS / f"old-{name}-{time.time_ns():x}")
            self._place_link(name, f"{CURRENT}/{name}")
        _sync_folder(self.path)

    def _unlink_missing(self) -> list[str]:
        """Remove the links to outputs the generation on show lacks; their names."""
        gone = [
            name
            for name in OUTPUT_NAMES
            if self._is_link(name) and not os.path.lexists(self.path / CURRENT / name)
        ]
        for name in gone:
            (self.path / name).unlink()
        return gone

    def _place_link(self, name: str, target: str) -> None:
        """Make OUT/name a link to ``target`` in one rename, over whatever file it was."""
        link = self.path / f".link-{name}-{os.getpid()}.tmp"
        link.unlink(missing_ok=True)
        os.symlink(target, link)
        os.replace(link, self.path / name)


def _remove(path: Path) -> None:
    """Remove a file, link or folder of ours (a link is removed, never followed)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sync_folder(path: Path) -> None:
    """Make a folder's renames durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
