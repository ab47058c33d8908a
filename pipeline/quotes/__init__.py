"""The quotes stage: direct quotes, reported speech, mixed and headline quotes of one article.

Direct quotes come from a lexical scan of the quotation marks (``marks``); reported speech
from the dependency parse (``reported``: a verb of saying with a subject and a reported
clause, ``according to X``, ``describe X as Y``, ``his claim that X``); a reported clause
holding a partial quote is ``mixed`` and titles of the form ``Speaker: claim`` are
``headline`` quotes (``headline``); ``resolve`` puts them together. ``component`` registers
the stage as the spaCy component ``claims_quotes``. Spans are character offsets into the
article.
"""

from pipeline.quotes.component import EXTENSION, SPANS_KEY, QuoteFinder
from pipeline.quotes.marks import paragraphs
from pipeline.quotes.resolve import find_quotes

__all__ = ["EXTENSION", "SPANS_KEY", "QuoteFinder", "find_quotes", "paragraphs"]
