"""Imported once by the server that forks the worker processes: the modules the workers run,
and the model, loaded there so that every worker starts with them (``local.start_server``).
"""

from contextlib import suppress

import pipeline.run.step  # noqa: F401  (imported for the workers, which unpickle its functions)
from pipeline.errors import ModelMissing
from pipeline.nlp import load_nlp

with suppress(ModelMissing):  # the run checks for the model before it starts any worker
    load_nlp()
