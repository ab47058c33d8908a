"""Text keys for the cluster stage: a quote as the set of its content words.

Case, punctuation, quote marks and whitespace folded, stopwords dropped (function words only:
negations and modals that change a claim's meaning are kept), a light suffix stemmer applied,
"n't" read as "not".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

Key = tuple[str, ...]

# fmt: off
STOPWORDS = frozenset(
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
        "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
        "between", "both", "but", "by", "did", "do", "does", "doing", "down", "during", "each",
        "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
        "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "itself", "just", "me", "more", "most", "my", "myself", "now", "of", "off", "on",
        "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same",
        "she", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
        "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "whether", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
        "yourself", "yourselves", "can", "could", "may", "might", "shall", "should"
    }
)
# fmt: on
_SUFFIXES = (
    ("ists", ""),
    ("ist", ""),
    ("isms", ""),
    ("ism", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("edly", ""),
    ("ed", ""),
    ("ers", ""),
    ("er", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)
# Letters before a suffix that make it part of the stem: "class", "bus", "insist", "insists".
_KEEP_AFTER = {"s": "su", "ist": "s", "ists": "s"}
_NOT = re.compile(r"n[’'`]t\b")
_IRREGULAR_NOT = {"wo": "will", "ca": "can", "sha": "shall"}  # won't, can't, shan't
_IRREGULAR = re.compile(r"\b(?:wo|ca|sha)(?=n[’'`]t\b)")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1 << 16)  # a corpus's quotes repeat their words: each stemmed once
def stem(word: str) -> str:
    """Strip one common English suffix and a final ``e``.

    ``working`` -> ``work``; ``terrorists``, ``terrorism`` -> ``terror``.
    """
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if word[-len(suffix) - 1] in _KEEP_AFTER.get(suffix, ""):
                continue
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def words(text: str) -> list[str]:
    """The case-folded word runs of ``text``: punctuation and quote marks fall away."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    expanded = _IRREGULAR.sub(lambda m: _IRREGULAR_NOT[m.group()], folded)
    return _WORD.findall(_NOT.sub(" not", expanded))


def wording(text: str) -> str:
    """The text with case, punctuation, quote marks and whitespace folded."""
    return " ".join(words(text))


def content_words(text: str) -> Key:
    """The distinct stems of the words that carry content, sorted."""
    return tuple(sorted({stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}))


def text_key(text: str) -> Key:
    """The content words, or for a text without any its whole wording as one word."""
    return content_words(text) or (f"={wording(text)}",)
