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
from pipeline.records import Block, CleanArticle, Offsets, blanked_text

# The lists of the cue matchers' words that mark a claim without a quotation mark (the
# verbs of going on, "went on", only follow a quote), and the anchor words of the cue shapes.
CUE_LISTS = ("say", "prep_only", "ask", "speech_nouns")
ANCHORS = frozenset({"according", "clear"})
# A sentence ends after . ! ? or … (and any closing marks) before a space and a word that
# does not start in lower case; a wrong cut only makes two sentences of one.
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[^\sa-z])")
QUOTE_MARK = re.compile(r"[\"“”«»„]|(?<!\w)[‘']\w")
WORD = re.compile(r"[A-Za-z]+")
NAME = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+")  # a capitalised word not starting a sentence
FULL_NAME = re.compile(r"[A-Z][a-z]+(?: (?:[A-Z]\.|[A-Z][a-z]+))+")  # "Ann B. Briggs"
LEDE_BLOCKS = 2  # the title (or first block) and the block after it are always parsed
# Endings of the regular forms: say-s, report-ed, argue-d, deny-ing, den-ied, claim-ing.
SUFFIXES = ("", "s", "es", "ed", "d", "ing")


def claim_text(clean: CleanArticle) -> str:
    """The article's kept text with every sentence that can hold no claim blanked (spaces,
    line breaks kept), same length, as the parser reads it (``PARSE_SPACES``): offsets into
    it are offsets into the article."""
    return blanked_text(clean.article.text, claim_spans(clean))


def claim_spans(clean: CleanArticle) -> list[Offsets]:
    """The spans of the kept text to parse: sentences that can hold a claim, and those
    giving a fuller name of someone they name, in order."""
    text = clean.article.text
    sentences = [list(split_sentences(text, b.start, b.end)) for b in clean.kept]
    chosen = {
        span
        for n, (block, spans) in enumerate(zip(clean.kept, sentences, strict=True))
        for span in claim_sentences(text, spans, n < LEDE_BLOCKS or quoted(text, block))
    }
    names = {w for s, e in chosen for w in NAME.findall(text, s, e)}
    return sorted(
        chosen | {span for spans in sentences for span in spans if names_one(text, span, names)}
    )


def quoted(text: str, block: Block) -> bool:
    """Whether a block holds a quotation mark (a quote may run over all its sentences)."""
    return QUOTE_MARK.search(text, block.start, block.end) is not None


def claim_sentences(text: str, spans: list[Offsets], whole: bool) -> list[Offsets]:
    """The sentences of one block that can hold a claim: all of them if ``whole``, else
    those with a cue word and the sentence either side of each."""
    if whole:
        return spans
    near = {k + d for k, (s, e) in enumerate(spans) if has_cue(text[s:e]) for d in (-1, 0, 1)}
    return [span for k, span in enumerate(spans) if k in near]


def names_one(text: str, span: Offsets, names: set[str]) -> bool:
    """Whether the sentence at ``span`` holds a name of two words or more with one of
    ``names`` in it: the full name the article gives someone a chosen sentence names."""
    return any(not names.isdisjoint(m.group().split()) for m in FULL_NAME.finditer(text, *span))


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

    lemmas = load_nlp().get_pipe("claims_lemmas")
    table = lemmas.lemmatizer.lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
    for pos in ("verb", "noun"):
        yield from table.get(pos, {}).items()
