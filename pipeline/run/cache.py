"""Per-article results kept between runs, so that a re-run parses only the articles that changed.

One JSON file per article under ``OUT/.cache/``, named by a hash of everything its result
depends on: the article (source, text, metadata), which of its lines the corpus repeats (the
clean stage drops those), and the code (every file of the package: sources, word lists,
templates), model and speaker registry of the run. A change to any of them is a new name, so
an entry is never stale, only unused; unused ones are pruned at the end of a run.

An entry is data, never code (JSON decoded against the records' types, ``codec``), and is
trusted only when it names its own key, its checksum holds, and its quotes, speaker words,
sentences and texts are the article's own (``consistent``); any other entry is computed
again. Nothing in ``.cache`` but entries (and their temporary files) is ever removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from pipeline.boilerplate import CorpusLines
from pipeline.nlp import model_version
from pipeline.outputs.atomic import TEMPORARY, write_bytes
from pipeline.records import FRAGMENT_JOIN, Article
from pipeline.run.codec import Undecodable, decode, encode
from pipeline.run.folder import CACHE
from pipeline.run.step import ArticleResult

SUFFIX = ".json"
MAX_ENTRY_BYTES = 50_000_000  # an entry larger than this is no entry of ours
OURS = re.compile(rf"[0-9a-f]{{64}}(?:{re.escape(SUFFIX)}|\.pickle)|\..*{re.escape(TEMPORARY)}")
PACKAGE = Path(__file__).resolve().parents[1]  # the ``pipeline`` folder


@dataclass(frozen=True)
class ArticleCache:
    """The results of one output folder's past runs, valid for ``version`` of the code."""

    folder: Path
    version: str

    @classmethod
    def of(cls, out: Path, speakers: Path | None) -> ArticleCache:
        """The cache of output folder ``out`` for this code, model and registry."""
        return cls(out / CACHE, code_version(speakers))

    def key(self, article: Article, corpus: CorpusLines) -> str:
        """The name of ``article``'s entry: a hash of all its result depends on."""
        repeated = corpus.marks(article.text)
        meta = json.dumps(dict(article.meta), sort_keys=True)
        return digest([self.version, article.source, article.text, meta, repeated])

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.path(key).is_file()

    def load(self, key: str, article: Article) -> ArticleResult | None:
        """The result stored under ``key`` for ``article``, or None when there is none or it
        is not to be trusted (not ours, damaged, edited, or another article's)."""
        try:
            path = self.path(key)
            if path.is_symlink() or path.stat().st_size > MAX_ENTRY_BYTES:
                return None
            entry = json.loads(path.read_bytes())
            payload = entry["result"]
            if entry["key"] != key or entry["sha256"] != _checksum(payload):
                return None
            result = decode(ArticleResult, payload)
        except (OSError, ValueError, KeyError, TypeError, RecursionError, Undecodable):
            return None  # never a failed run: the article is computed again
        return result if consistent(result, article) else None

    def store(self, key: str, result: ArticleResult) -> None:
        """Store ``result`` under ``key`` atomically, with its key and checksum; an entry
        that cannot be written (a folder in its place) is left out: the cache only saves
        time, and a lost entry is computed again."""
        payload = encode(result)
        entry = {"key": key, "sha256": _checksum(payload), "result": payload}
        data = json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")
        with suppress(IsADirectoryError, NotADirectoryError):
            write_bytes(self.path(key), data, durable=False)  # a lost entry costs a parse

    def prune(self, keep: Iterable[str]) -> None:
        """Remove every entry (and leftover temporary file) but those under ``keep``; any
        other file or folder in the cache folder is left alone."""
        names = {self.path(key).name for key in keep}
        if self.folder.is_dir() and not self.folder.is_symlink():
            for path in self.folder.iterdir():
                if path.name not in names and OURS.fullmatch(path.name) and not path.is_dir():
                    path.unlink(missing_ok=True)


def consistent(result: ArticleResult, article: Article) -> bool:
    """Whether a result is the article's own: its source, every quote's text, speaker words
    and sentence are the article's at their offsets, its decoded text is the article's
    text, and every paragraph of its clean text is in the article."""
    text = article.text
    if result.source != article.source:
        return False
    for m in result.mentions:
        q = m.quote
        spans = [*q.fragments, q.sentence, *([q.speaker_span] if q.speaker_span else [])]
        if q.source != article.source or not all(0 <= s <= e <= len(text) for s, e in spans):
            return False
        if q.text != FRAGMENT_JOIN.join(text[s:e] for s, e in q.fragments):
            return False
        if q.speaker_span and text[slice(*q.speaker_span)] != q.speaker_mention:
            return False
        if m.sentence != text[slice(*q.sentence)]:
            return False
    texts = result.texts
    if texts is None:
        return True
    if texts.decoded is not None and texts.decoded != text:
        return False
    flat = " ".join(text.split())
    return all(p.strip() in flat for p in texts.clean.split("\n\n"))


def _checksum(payload: object) -> str:
    """SHA-256 of a payload in one canonical JSON form."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


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
