"""The Dask engine: the per-article stages, and clustering per speaker, on a Dask cluster.

``extract --engine dask [--scheduler ADDRESS]`` maps the same chunk function as the local
engine over the cluster's workers; each worker process loads the model once (``load_nlp``
is cached per process) and the run's context is sent to every worker once. With no address
a ``LocalCluster`` on loopback is started for the run. Workers write no file: their results
come back to the run, which writes every output. Dask is an optional extra:
``pip install .[dask]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from pipeline.errors import DaskMissing, SchedulerUnreachable

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
C = TypeVar("C")
R = TypeVar("R")


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``workers``
    single-threaded processes on loopback, closed when the run is over."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise DaskMissing() from err
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as err:
            raise SchedulerUnreachable(scheduler, err) from err
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def map_chunks_on(
    client: Client,
    work: Callable[[Sequence[T], C], Iterable[R]],
    items: Sequence[T],
    context: C,
    split: Callable[[Sequence[T]], list[Sequence[T]]],
) -> Iterator[R]:
    """``work(chunk, context)`` over the chunks ``split`` cuts ``items`` into, on the
    cluster; results in order."""
    shared = client.scatter(context, broadcast=True)
    futures = [client.submit(listed, work, chunk, shared, pure=False) for chunk in split(items)]
    for future in futures:
        yield from future.result()
        future.release()


def listed(
    work: Callable[[Sequence[T], C], Iterable[R]], chunk: Sequence[T], context: C
) -> list[R]:
    """``work(chunk, context)`` as a list, the form a result comes back from a worker in."""
    return list(work(chunk, context))


def map_blocks_on(client: Client, work: Callable[[T], R], blocks: Sequence[T]) -> Iterator[R]:
    """``work(block)`` for each block (one speaker's mentions) on the cluster, in order."""
    for future in client.map(work, list(blocks), pure=False):
        yield future.result()
