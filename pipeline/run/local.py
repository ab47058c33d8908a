"""The local engine: a function mapped over chunks of items in worker processes, in order,
then the speakers' blocks clustered in the same processes.

Workers are forked by a 'forkserver': a fresh process, safe with spaCy's threads and memory
pools, that imports the modules (and loads the model) the workers need once, so that each
worker starts at once with them. Each worker gets the run's context once, through its
initializer, so a chunk carries only its own items.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import forkserver, get_context
from typing import Generic, TypeVar, cast

T = TypeVar("T")
C = TypeVar("C")
R = TypeVar("R")
PARENT_CHECK_SECONDS = 1.0
WORKER_PRELOAD = ("pipeline.run.worker",)  # what the server that forks the workers imports


class Task(Generic[T, C, R]):
    """``work`` bound to the run's ``context``; a worker holds one, set by its initializer."""

    current: Task[object, object, object] | None = None

    def __init__(self, work: Callable[[Sequence[T], C], Iterable[R]], context: C) -> None:
        self.work = work
        self.context = context

    def __call__(self, chunk: Sequence[T]) -> list[R]:
        """The results of one chunk, as a list (to be sent back to the run)."""
        return list(self.work(chunk, self.context))


def start_server(preload: Sequence[str] = WORKER_PRELOAD) -> None:
    """Start the process that forks the workers, importing ``preload`` in it. It takes
    seconds, so start it early, while other work goes on (the command line starts it before
    it imports spaCy itself); later calls do nothing."""
    get_context("forkserver").set_forkserver_preload(list(preload))
    forkserver.ensure_running()


def stop_server() -> None:
    """Stop the server that forks the workers, and wait for it: the resources its workers
    used then count among this process's children's (a benchmark reads them)."""
    forkserver._forkserver._stop()  # type: ignore[attr-defined]  # the only way to stop it


class Workers:
    """The run's worker processes: started for the first chunks that need them, kept for
    the speakers' blocks clustered after the parse, stopped when the run ends (``close``).
    With one worker, or one chunk, everything runs in this process, each result out as soon
    as it is ready, and no worker is started."""

    def __init__(self, workers: int, preload: Sequence[str] = WORKER_PRELOAD) -> None:
        self.workers = workers
        self.preload = preload
        self.pool: ProcessPoolExecutor | None = None

    def chunks(
        self,
        work: Callable[[Sequence[T], C], Iterable[R]],
        items: Sequence[T],
        context: C,
        split: Callable[[Sequence[T]], list[Sequence[T]]],
    ) -> Iterator[R]:
        """``work(chunk, context)`` over the chunks ``split`` cuts ``items`` into; every
        result, in order. ``work`` is a module-level function (workers import it by name);
        a run maps its chunks once."""
        assert self.pool is None, "a run's chunks are mapped once"
        chunks = split(items)
        workers = min(self.workers, len(chunks))
        if workers <= 1:
            return (result for part in chunks for result in work(part, context))
        start_server(self.preload)
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=get_context("forkserver"),
            initializer=start_worker,
            initargs=(Task(work, context), os.getpid()),
        )
        parts = [self.pool.submit(run_chunk, chunk) for chunk in chunks]
        return (result for part in in_order(parts) for result in cast(list[R], part))

    def blocks(self, work: Callable[[T], R], blocks: Iterable[T]) -> Iterator[R]:
        """``work(block)`` for each block, in order: in the workers where the run started
        them, else here."""
        if self.pool is None:
            return map(work, blocks)
        todo = list(blocks)
        size = max(1, len(todo) // (4 * self.workers))
        parts = [
            self.pool.submit(map_list, work, todo[i : i + size]) for i in range(0, len(todo), size)
        ]
        return (result for part in in_order(parts) for result in part)

    def close(self, wait: bool = True) -> None:
        """Stop the workers, dropping the chunks still queued; ``wait=False`` (a run that
        failed or was interrupted) ends the chunks being parsed too, so that Ctrl-C is
        obeyed at once (the pool would wait for them, even at exit)."""
        if self.pool is None:
            return
        if not wait:
            for process in list(self.pool._processes.values()):  # no public way in 3.11
                process.terminate()
        self.pool.shutdown(wait=wait, cancel_futures=wait)  # see in_order


def in_order(futures: Sequence[Future[R]]) -> Iterator[R]:
    """Each future's result in turn. Unlike ``Executor.map``, an interrupted run cancels
    none: Python 3.11's pool, its workers ended, fails on a future cancelled under it and
    prints the traceback of its thread (the pool marks those left as broken itself)."""
    return (future.result() for future in futures)


def map_list(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``work`` over a batch of items, in a worker."""
    return [work(item) for item in items]


def start_worker(task: Task[T, C, R], run: int) -> None:
    """Keep the run's task, and watch the run's process ``run``: a killed run must not
    leave workers behind (nor the server that forked them, which waits for them). Ctrl-C
    is the run's to obey (it ends its workers): a worker waiting for its next chunk would
    otherwise print a traceback of its own."""
    Task.current = task  # type: ignore[assignment]
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with, args=(run,), daemon=True).start()


def exit_with(run: int) -> None:
    """Wait for process ``run`` to go away, then end this one."""
    while alive(run):
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def alive(pid: int) -> bool:
    """Whether process ``pid`` is still there."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def run_chunk(chunk: Sequence[object]) -> list[object]:
    """Run this worker's task over one chunk."""
    assert Task.current is not None, "worker started without a task"
    return Task.current(chunk)
