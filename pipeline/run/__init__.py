"""The run of ``extract``: the runner and what it drives.

- ``runner``: ``run_extract(settings) -> Summary``, the whole pipeline over one corpus.
- ``step``: the per-article stages (clean, parse in parts, find, attribute), writing nothing.
- ``parts``: long articles cut into parts for the parser, offsets shifted back.
- ``cache``: per-article results kept between runs.
- ``engine``, ``local``, ``dask``: where the work runs (worker processes here, or Dask);
  ``worker`` is what the local engine's workers import first.
- ``folder``: the output folder: a lock, and each run's outputs as one generation put on
  show by one rename.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as they are, for the type checker
    from pipeline.run.runner import Summary, run_extract

__all__ = ["Summary", "run_extract"]


def __getattr__(name: str) -> Any:
    """``run_extract`` and ``Summary``, imported from ``runner`` when first asked for: the
    package itself stays light, so that ``local.start_server`` can be imported (and the
    workers' server started) before spaCy is."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from pipeline.run import runner

    return getattr(runner, name)
