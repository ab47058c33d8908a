"""Claim extraction for news: quotes and reported speech, their speakers, and claims.

Each stage has one public verb, re-exported here.
"""

from pipeline.attribution import attribute
from pipeline.boilerplate import strip_boilerplate
from pipeline.clustering import cluster_claims
from pipeline.export import write_outputs
from pipeline.ingest import ingest
from pipeline.quotes import find_quotes
from pipeline.runner import run_extract

__all__ = [
    "attribute",
    "cluster_claims",
    "find_quotes",
    "ingest",
    "run_extract",
    "strip_boilerplate",
    "write_outputs",
]
