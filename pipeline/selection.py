"""Which sentences of an article can hold a claim: the only ones the model needs to parse.

Parsing is most of a run's time, and most sentences of news hold no quote. A cheap rule
splitter cuts each kept block into sentences; a sentence is parsed when it could hold a
quote or name its speaker: a paragraph with a quotation mark (a quote may run over several
of its sentences), a sentence with a word of saying (any form of the lexicon's cue words),
the sentences either side of those (a quote's attribution, the person a pronoun stands
for), and the title and lede (headline quotes, the names and roles the article starts
with). ``claim_text`` blanks the other sentences as the clean stage blanks boilerplate, so
offsets into it stay offsets into the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from pipeline.lexicon import words
from pipeline.records import CleanArticle, Offsets

# The lists of the cue matchers' words that mark a claim without a quotation mark (the
# verbs of going on, "went on", only follow a quote), and the anchor words of the cue shapes.
CUE_LISTS = ("say", "prep_only", "ask", "speech_nouns")
ANCHORS = frozenset({"according", "clear"})
# A sentence ends after . ! ? or … (and any closing marks) before a space and a word that
# does not start in lower case; a wrong cut only makes two sentences of one.
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[^\sa-z])")
QUOTE_MARK = re.compile(r"[\"“”«»„]|(?<!\w)[‘']\w")
WORD = re.compile(r"[A-Za-z]+")
LEDE_BLOCKS = 2  # the title (or first block) and the block after it are always parsed
# Endings of the regular forms: say-s, report-ed, argue-d, deny-ing, den-ied, claim-ing.
SUFFIXES = ("", "s", "es", "ed", "d", "ing")


def claim_text(clean: CleanArticle) -> str:
    """The article's kept text with every sentence that can hold no claim blanked (spaces,
    line breaks kept), same length: offsets into it are offsets into the article."""
    text = clean.article.text
    chars = [c if c in "\n\r" else " " for c in text]
    for start, end in claim_spans(clean):
        chars[start:end] = text[start:end]
    return "".join(chars)


def claim_spans(clean: CleanArticle) -> list[Offsets]:
    """The spans of the kept text to parse: sentences that can hold a claim, in order."""
    text = clean.article.text
    selected: list[Offsets] = []
    for n, block in enumerate(clean.kept):
        sentences = list(split_sentences(text, block.start, block.end))
        if n < LEDE_BLOCKS or QUOTE_MARK.search(text, block.start, block.end):
            selected += sentences
            continue
        cued = [has_cue(text[s:e]) for s, e in sentences]
        near = set()
        for k, flag in enumerate(cued):
            if flag:
                near |= {k - 1, k, k + 1}
        selected += [s for k, s in enumerate(sentences) if k in near]
    return selected


def split_sentences(text: str, start: int, end: int) -> Iterator[Offsets]:
    """The sentences of ``text[start:end]``, each without the spaces after it."""
    for cut in SENTENCE_END.finditer(text, start, end):
        yield start, cut.start() + len(cut.group().rstrip())
        start = cut.end()
    if start < end:
        yield start, end


def has_cue(sentence: str) -> bool:
    """Whether ``sentence`` holds a form of a cue word (or an anchor word of a cue shape) in
    lower case, or as its first word: "United States" does not state anything."""
    forms = cue_forms()
    found = WORD.findall(sentence)
    return bool(found) and (found[0].lower() in forms or not forms.isdisjoint(found))


@cache
def cue_forms() -> frozenset[str]:
    """Every form of the cue words, single words and the first word of each phrase: the
    regular inflections and the model lemmatizer's irregular ones ("said", "told")."""
    heads = {entry.split()[0].lower() for entry in words(*CUE_LISTS)} | ANCHORS
    forms = set(inflections(heads))
    for form, lemmas in irregular_forms():
        if heads.intersection(lemmas):
            forms.add(form)
    return frozenset(forms)


def inflections(lemmas: Iterable[str]) -> Iterator[str]:
    """The regular forms of each lemma: with each suffix, its final e or y dropped or a
    final consonant doubled first."""
    for lemma in lemmas:
        stems = {lemma, lemma[:-1], lemma + lemma[-1:]} if len(lemma) > 2 else {lemma}
        yield lemma
        yield from (stem + suffix for stem in stems for suffix in SUFFIXES if suffix)
        if lemma.endswith("y"):
            yield from (lemma[:-1] + "ies", lemma[:-1] + "ied")


def irregular_forms() -> Iterator[tuple[str, list[str]]]:
    """The model lemmatizer's exceptions (form, lemmas) for verbs and nouns."""
    from pipeline.nlp import load_nlp  # the model is loaded by the run anyway

    table = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
    for pos in ("verb", "noun"):
        yield from table.get(pos, {}).items()
