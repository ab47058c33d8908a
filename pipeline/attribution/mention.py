"""The attribute stage's verb: each quote's speaker mention found and resolved.

A quote without a speaker mention gets one found in its sentence (the subject of its cue,
"according to X", a "Speaker:" label), else continues the previous quote's speaker; a quote
nested in another speaker's quote is reported by that speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from pipeline.attribution.cast import NP_CUTS, Cast, within
from pipeline.attribution.registry import Registry
from pipeline.attribution.resolver import ROLE, Resolved, Resolver, confidence
from pipeline.cues import Cues, find_cues
from pipeline.records import CleanArticle, Mention, Quote, mention_id
from pipeline.syntax import VERBS, SubjectRule, noun_phrase, subject_of_verb

PARAGRAPH_RUN = 2  # a quote without a mention continues a quote at most this many blocks back
MAX_TAIL_TOKENS = 12  # a sentence after a quote this short may hold its attribution
MAX_LABEL_TOKENS = 5  # "Speaker:" labels are at most this long
INTERVIEWER = "interviewer"  # who asks the questions of a passive, agentless "when asked"
ASK = "ask"
NOMINAL = frozenset({"PROPN", "NOUN", "PRON", "ADJ", "DET", "NUM"})
# A cue's subject may be that of any clause it hangs from; any passive subject speaks.
MENTION_RULE = SubjectRule(links=frozenset({"conj", "advcl", "xcomp", "ccomp", "relcl", "acl"}))


def attribute(
    doc: Doc, quotes: Sequence[Quote], clean: CleanArticle, registry: Registry
) -> tuple[Mention, ...]:
    """Resolve every quote's speaker; one Mention per quote, in the order given.

    A quote without a speaker mention gets one found in its sentence, else continues the
    previous quote's speaker within a run of paragraphs. Outer quotes are resolved before
    the quotes nested in them, which get ``reported_by``.
    """
    if not quotes:
        return ()
    resolver = Resolver(Cast.build(doc, registry, quotes))
    cues = find_cues(doc)
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i].start, -quotes[i].end))
    done: dict[int, Mention] = {}
    previous: Mention | None = None
    for i in order:
        outer_i = _outer(quotes[i], quotes)
        outer = done[outer_i].speaker if outer_i is not None and outer_i in done else ""
        mention = _attribute_one(doc, cues, quotes[i], clean, resolver, (outer, previous))
        done[i] = mention
        if outer_i is None:
            previous = mention
    return tuple(done[i] for i in range(len(quotes)))


def _attribute_one(
    doc: Doc,
    cues: Cues,
    quote: Quote,
    clean: CleanArticle,
    resolver: Resolver,
    before: tuple[str, Mention | None],
) -> Mention:
    """One quote's Mention: its mention resolved, or the previous quote's speaker; the
    question of a passive, agentless "when asked" is an unnamed interviewer's.

    ``before`` holds the speaker of the quote this one is nested in ("" if none) and the
    Mention of the previous quote outside any other.
    """
    outer, previous = before
    if _asked_by_nobody(doc, quote):
        quote = replace(quote, speaker_mention="", speaker_span=None)
        return _mention(quote, Resolved(INTERVIEWER, "role", ROLE), outer, resolver)
    span = _given_span(doc, quote)
    if span is None:
        span = find_mention(doc, cues, quote)
        if span is not None:
            quote = replace(
                quote, speaker_mention=span.text, speaker_span=(span.start_char, span.end_char)
            )
    found = Resolved.nobody()
    if span is not None:
        found = resolver.resolve(span, quote, outer)
        resolver.remember(span, found.speaker)
    elif previous is not None and previous.speaker and _same_run(clean, previous.quote, quote):
        found = Resolved(previous.speaker, "continuation", previous.speaker_kind)
    return _mention(quote, found, outer, resolver)


def _mention(quote: Quote, found: Resolved, outer: str, resolver: Resolver) -> Mention:
    """The Mention record of a resolved quote; reported by ``outer`` when that is another
    speaker."""
    return Mention(
        mention_id=mention_id(quote),
        quote=quote,
        speaker=found.speaker,
        reported_by=outer if outer and outer != found.speaker else "",
        in_registry=found.speaker in resolver.cast.registry.names,
        resolution=found.how if found.speaker else "none",
        confidence=confidence(found),
        speaker_kind=found.kind,
    )


def find_mention(doc: Doc, cues: Cues, quote: Quote) -> Span | None:
    """The words introducing a quote's speaker, when the quote stage gave none: the subject
    of the speech verb (or the agent, or "according to X"), or a headline's "X:" part."""
    sent = _sentence(doc, quote)
    if sent is None:
        return None
    content = _fragment_tokens(doc, quote)
    label = _label_before(sent, content)
    if label is not None:
        return label
    if quote.cue_span is not None:
        cue = doc.char_span(*quote.cue_span, alignment_mode="expand")
        verbs = [cue.root] if cue is not None else []
    else:
        verbs = _cue_candidates(sent, content, cues)
    for verb in verbs:
        subject = _speaker_token(verb, content, cues)
        if subject is not None:
            return noun_phrase(subject, NP_CUTS, content)
    return _next_to(verbs[0], content) if verbs else None


def _speaker_token(verb: Token, content: set[int], cues: Cues) -> Token | None:
    """The speaker of a cue: X of "according to X", else the subject (or passive agent) of
    the verb or of the clause it hangs from, outside the quote's own words."""
    if verb.i in cues.according_words:
        found = cues.according.get(verb.i)
        return verb.doc[found[1]] if found is not None else None
    return subject_of_verb(verb, MENTION_RULE, content)


def _next_to(verb: Token, content: set[int]) -> Span | None:
    """The nominal words right before a cue the parser gave no subject (or right after it).

    '"The lights went out," fire chief Ana Ruiz said.' -> "fire chief Ana Ruiz".
    """
    doc = verb.doc

    def nominal(i: int) -> bool:
        """Whether token ``i`` can be part of a name or description outside the quote."""
        return 0 <= i < len(doc) and i not in content and doc[i].pos_ in NOMINAL

    left = verb.i
    while nominal(left - 1):
        left -= 1
    right = verb.i + 1
    while left == verb.i and nominal(right):
        right += 1
    found = doc[left : verb.i] if left < verb.i else doc[verb.i + 1 : right]
    return found if any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in found) else None


def _cue_candidates(sent: Span, content: set[int], cues: Cues) -> list[Token]:
    """Words outside the content that may introduce it: speech verbs first, then the
    content's governors, nearest to the content first."""
    first = min(content, default=sent.start)
    governors = {t.head.i for t in sent if t.i in content and t.head.i not in content}

    def rank(t: Token) -> tuple[bool, bool, int]:
        """Speech verbs first, then governors of the content, then the nearest."""
        return (t.i not in cues.speech, t.i not in governors, abs(t.i - first))

    verbs = [
        t
        for t in sent
        if t.i not in content
        and (t.i in cues.speech or t.i in governors or t.i in cues.according_words)
    ]
    return sorted(verbs, key=rank)


def _sentence(doc: Doc, quote: Quote) -> Span | None:
    """The quote's sentence, and the next one when the quote closes the sentence and a
    short attribution follows in the same paragraph ('"...?" Vitter demanded.')."""
    sent = doc.char_span(*quote.sentence, alignment_mode="expand")
    if sent is None or sent.end >= len(doc) or quote.end < sent.end_char - 3:
        return sent
    after = doc[sent.end].sent
    if len(after) > MAX_TAIL_TOKENS or any("\n" in t.text for t in doc[sent.end : after.start]):
        return sent
    return doc[sent.start : after.end]


def _label_before(sent: Span, content: set[int]) -> Span | None:
    """A "Speaker:" label opening the sentence, as in headlines and transcripts.

    "Mayor: the bridge opens in May" -> "Mayor".
    """
    first = min(content, default=sent.end)
    colon = next((t for t in sent if t.text == ":" and first - 3 < t.i < first), None)
    if colon is None or colon.i == sent.start or colon.i - sent.start > MAX_LABEL_TOKENS:
        return None
    label = sent.doc[sent.start : colon.i]
    return None if any(t.pos_ in VERBS for t in label) else label


def _fragment_tokens(doc: Doc, quote: Quote) -> set[int]:
    """Indices of the tokens inside the quote's content."""
    inside: set[int] = set()
    for start, end in quote.fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _asked_by_nobody(doc: Doc, quote: Quote) -> bool:
    """Whether the quote is the question of a passive "ask" that names no asker (neither a
    subject nor a "by" agent).

    '"Will you run again?" the mayor was asked.' -> an interviewer's question, not the mayor's.
    """
    if quote.cue_span is None:
        return False
    cue = doc.char_span(*quote.cue_span, alignment_mode="expand")
    if cue is None:
        return False
    verb = cue.root
    deps = {c.dep_ for c in verb.children}
    passive = verb.dep_ == "advcl" and verb.tag_ != "VBG" or "auxpass" in deps
    return verb.lemma_.lower() == ASK and passive and not deps & {"nsubj", "agent"}


def _given_span(doc: Doc, quote: Quote) -> Span | None:
    """The mention the quote stage found, unless it lies inside the quote's own words."""
    given = quote.speaker_span
    if given is None or within(given[0], quote.fragments):
        return None
    return doc.char_span(*given, alignment_mode="expand")


def _same_run(clean: CleanArticle, before: Quote, quote: Quote) -> bool:
    """Whether ``quote`` is close enough after ``before`` to continue its speaker."""
    gap = _block_index(clean, quote.start) - _block_index(clean, before.end)
    return gap <= PARAGRAPH_RUN


def _block_index(clean: CleanArticle, offset: int) -> int:
    """The index of the kept block holding ``offset`` (or the last one before it)."""
    kept = clean.kept
    return max((i for i, b in enumerate(kept) if b.start <= offset), default=0)


def _outer(quote: Quote, quotes: Sequence[Quote]) -> int | None:
    """The index of the innermost other direct quote whose content holds this one.

    Only a direct quote relays: inside a speaker's own words "he" is someone else, while
    in a reported clause ("he asked Assad whether he ...") the writer still narrates.
    """
    holders = [
        i
        for i, q in enumerate(quotes)
        if q is not quote
        and q.type == "direct"
        and (q.end - q.start) > (quote.end - quote.start)
        and any(s <= quote.start and quote.end <= e for s, e in q.fragments)
    ]
    return min(holders, key=lambda i: quotes[i].end - quotes[i].start, default=None)
