"""Tasks run by forked worker processes, each working through its own share first.

Rendering fills caches per locale (Markdown, shared fragments): a worker that renders mostly
one locale's pages reuses what it rendered, where a pool handing out tasks in turn made every
worker render every locale's fragments (on the scale corpus, 7 % more CPU time). So each worker
gets a share of the tasks, takes them from the front of its share, and once it is done helps
the others from the back of theirs: the tasks their owners would reach last.

The tasks and the function reach the workers by `fork` (copy-on-write); only what a task
returns comes back, through a queue.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Task = TypeVar("Task")

_DONE = "done"
_FAILED = "failed"
_RESULT = "result"


class WorkerError(RuntimeError):
    """A task failed in a worker (its traceback is the message), or a worker died."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_shares(
    shares: Sequence[Sequence[Task]], run: Callable[[Task], Any], on_result: Callable[[Any], None]
) -> None:
    """`run(task)` for every task of every share, one forked worker per share; `on_result` is
    called in this process with each task's result, in the order they finish."""
    context = multiprocessing.get_context("fork")
    tasks = [task for share in shares for task in share]
    # cursors[2*w] is the next task of share w, cursors[2*w+1] the end of what is left of it.
    bounds: list[int] = []
    start = 0
    for share in shares:
        bounds += [start, start + len(share)]
        start += len(share)
    cursors = context.Array("q", bounds)
    results = context.Queue()
    workers = [
        context.Process(target=_work, args=(me, tasks, run, cursors, results), daemon=True)
        for me in range(len(shares))
    ]
    for worker in workers:
        worker.start()
    try:
        running = len(workers)
        while running:
            try:
                kind, value = results.get(timeout=0.5)
            except queue.Empty:
                if any(worker.exitcode not in (None, 0) for worker in workers):
                    raise WorkerError("a worker process died") from None
                continue
            if kind == _RESULT:
                on_result(value)
            elif kind == _DONE:
                running -= 1
            else:
                raise WorkerError(value)
        for worker in workers:
            worker.join()
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join()
        results.close()


def _claim(me: int, cursors: Any) -> int | None:
    """The index of the next task for worker `me`, or None when none is left."""
    with cursors.get_lock():
        if cursors[2 * me] < cursors[2 * me + 1]:
            cursors[2 * me] += 1
            return int(cursors[2 * me] - 1)
        # Help the share with the most left, from its back.
        shares = range(len(cursors) // 2)
        other = max(shares, key=lambda w: cursors[2 * w + 1] - cursors[2 * w])
        if cursors[2 * other] < cursors[2 * other + 1]:
            cursors[2 * other + 1] -= 1
            return int(cursors[2 * other + 1])
        return None


def _work(me: int, tasks: list[Any], run: Callable[[Any], Any], cursors: Any, results: Any) -> None:
    try:
        while (index := _claim(me, cursors)) is not None:
            results.put((_RESULT, run(tasks[index])))
        results.put((_DONE, None))
    except BaseException:
        results.put((_FAILED, traceback.format_exc()))
    finally:
        results.close()
        results.join_thread()  # everything put is sent before the process ends
