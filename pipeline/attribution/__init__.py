"""The attribute stage: each quote's speaker mention resolved to one canonical speaker.

A mention ("Putin", "he", "the Russian president", "his Syrian counterpart") resolves to a
registry speaker where it matches one (``registry``), else to the fullest name the article
gives the person (``cast``: who the article names), else (bodies such as "Some Western
governments") to the article's own words; ``resolver`` does the resolving and ``mention``
finds the words and runs the stage.
"""

from pipeline.attribution.mention import attribute
from pipeline.attribution.registry import (
    REGISTRY_PATH,
    Registry,
    Speaker,
    clean_name,
    load_registry,
    name_words,
)
from pipeline.errors import RegistryError

__all__ = [
    "REGISTRY_PATH",
    "Registry",
    "RegistryError",
    "Speaker",
    "attribute",
    "clean_name",
    "load_registry",
    "name_words",
]
