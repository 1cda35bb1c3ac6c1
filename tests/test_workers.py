"""The forked workers of a build: every task runs once, idle workers help, failures surface."""

from __future__ import annotations

import os
import signal
import time

import pytest

from skillmatrix.workers import WorkerError, can_fork, run_shares

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")


def _slow(task: int) -> tuple[int, int]:
    time.sleep(0.01)
    return task, os.getpid()


def test_every_task_runs_once_and_idle_workers_help() -> None:
    results: list[tuple[int, int]] = []
    # The first share is one task: its worker then helps with the second.
    run_shares([[0], list(range(1, 41))], _slow, results.append)
    assert sorted(task for task, _ in results) == list(range(41))
    workers_on_second_share = {pid for task, pid in results if task > 0}
    assert len(workers_on_second_share) == 2
    assert os.getpid() not in workers_on_second_share


def test_a_worker_starts_with_its_own_share() -> None:
    results: list[tuple[int, int]] = []
    run_shares([[0, 1, 2], [10, 11, 12]], _slow, results.append)
    by_task = dict(results)
    assert by_task[0] != by_task[10]


def _fails(task: int) -> int:
    if task == 3:
        raise ValueError("task three is broken")
    return task


def test_a_failing_task_fails_the_run_with_its_traceback() -> None:
    with pytest.raises(WorkerError, match="task three is broken"):
        run_shares([[1, 2, 3], [4, 5]], _fails, lambda result: None)


def _dies(task: int) -> int:
    if task == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return task


def test_a_killed_worker_fails_the_run_instead_of_hanging() -> None:
    with pytest.raises(WorkerError, match="died"):
        run_shares([[1, 2], [3]], _dies, lambda result: None)
