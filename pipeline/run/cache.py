"""Per-article results kept between runs, so that a re-run parses only the articles that changed.

One pickle per article under ``OUT/.cache/``, named by a hash of everything its result depends
on: the article (source, text, metadata), which of its lines the corpus repeats (the clean
stage drops those), and the code (every file of the package: sources, word lists, templates),
model and speaker registry of the run. A change to any of them is a new name, so an entry is
never stale, only unused; unused ones are pruned at the end of a run. Entries are pickles:
like the code, the output folder is trusted.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.boilerplate import CorpusLines
from pipeline.nlp import model_version
from pipeline.outputs.atomic import write_bytes
from pipeline.records import Article

CACHE_DIR = ".cache"
SUFFIX = ".pickle"
PACKAGE = Path(__file__).resolve().parents[1]  # the ``pipeline`` folder


@dataclass(frozen=True)
class ArticleCache:
    """The results of one output folder's past runs, valid for ``version`` of the code."""

    folder: Path
    version: str

    @classmethod
    def of(cls, out: Path, speakers: Path | None) -> ArticleCache:
        """The cache of output folder ``out`` for this code, model and registry."""
        return cls(out / CACHE_DIR, code_version(speakers))

    def key(self, article: Article, corpus: CorpusLines) -> str:
        """The name of ``article``'s entry: a hash of all its result depends on."""
        repeated = corpus.marks(article.text)
        meta = json.dumps(dict(article.meta), sort_keys=True)
        return digest([self.version, article.source, article.text, meta, repeated])

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.path(key).is_file()

    def load(self, key: str) -> object | None:
        """The entry stored under ``key``, or None when there is none or it cannot be read."""
        try:
            return pickle.loads(self.path(key).read_bytes())
        except Exception:  # a truncated or foreign file is a miss, never a failed run
            return None

    def store(self, key: str, value: object) -> None:
        """Store ``value`` under ``key`` atomically."""
        write_bytes(self.path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self, keep: Iterable[str]) -> None:
        """Remove every entry (and leftover temporary file) but those under ``keep``."""
        names = {self.path(key).name for key in keep}
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in names:
                    path.unlink(missing_ok=True)


def code_version(speakers: Path | None) -> str:
    """A hash of every file of the package, the model and spaCy versions, and the registry."""
    registry = [speakers.read_bytes()] if speakers is not None else []
    return digest([model_version(), *package_files(), *registry])


def package_files() -> Iterator[str | bytes]:
    """Each file of the package (compiled bytecode aside), sorted by its relative path: the
    path, then the bytes."""
    found = {
        path.relative_to(PACKAGE).as_posix(): path
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    for name in sorted(found):
        yield name
        yield found[name].read_bytes()


def digest(parts: Iterable[str | bytes]) -> str:
    """SHA-256 of ``parts``, each length-prefixed so that no two lists share a hash."""
    sha = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        sha.update(f"{len(data)}:".encode())
        sha.update(data)
    return sha.hexdigest()
