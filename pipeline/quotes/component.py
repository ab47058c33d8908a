"""The quotes stage as a spaCy component: ``nlp.add_pipe("claims_quotes")``.

It finds the quotes of a parsed doc (``match``), then stores them (``set_annotations``): one
span per fragment in ``doc.spans[spans_key]``, labelled with the quote's type, and the
records in ``doc._.claims_quotes``. The doc's first line is taken as its title. Its
factory's annotations are classes, not strings, as in ``pipeline.nlp``.
"""

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.cues import cue_matchers
from pipeline.quotes.marks import paragraphs
from pipeline.quotes.resolve import find_quotes
from pipeline.records import Article, Block, CleanArticle, Quote

EXTENSION = "claims_quotes"
SPANS_KEY = "quotes"


class QuoteFinder:
    """Finds the quotes of a doc and writes them to ``doc.spans`` and ``doc._``."""

    def __init__(self, nlp: Language, name: str = EXTENSION, spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        cue_matchers(nlp.vocab)
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=())

    def __call__(self, doc: Doc) -> Doc:
        """Find the doc's quotes and write them to it."""
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> tuple[Quote, ...]:
        """The quotes of a doc, its first line taken as the title."""
        return find_quotes(doc, _clean_from_doc(doc))

    def set_annotations(self, doc: Doc, quotes: Sequence[Quote]) -> None:
        """One span per fragment, labelled with the quote's type; the records as well."""
        spans = []
        for quote in quotes:
            for start, end in quote.fragments:
                span = doc.char_span(start, end, label=quote.type, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.set(EXTENSION, tuple(quotes))


@Language.factory(EXTENSION, default_config={"spans_key": SPANS_KEY})
def make_quote_finder(nlp: Language, name: str, spans_key: str) -> QuoteFinder:
    """Build the ``claims_quotes`` component."""
    return QuoteFinder(nlp, name, spans_key)


def _clean_from_doc(doc: Doc) -> CleanArticle:
    """A CleanArticle for a bare doc: every line a body block, the first one the title."""
    blocks = tuple(
        Block(s, e, "title" if n == 0 else "body") for n, (s, e) in enumerate(paragraphs(doc.text))
    )
    return CleanArticle(Article(source="", text=doc.text), blocks)
