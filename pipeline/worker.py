"""Imported once by the server that forks the worker processes: the modules the workers run,
and the model, loaded there so that every worker starts with them (``parallel.start_server``).
"""

from contextlib import suppress

import pipeline.articles  # noqa: F401  (imported for the workers, which unpickle its functions)
from pipeline.nlp import ModelMissing, load_nlp

with suppress(ModelMissing):  # a worker loading it again raises it, with its message, in the run
    load_nlp()
