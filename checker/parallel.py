"""Check plans in worker processes, the results coming back in the order the plans were given.

A durable-rules ruleset cannot be pickled or shared between processes, so each worker builds
its own `Checker` once, when it starts (forked from this process on Linux, so the rules and
waivers are not even pickled). Plans go out in small chunks with only a few chunks per worker
in flight, so results never pile up in memory however slowly they are consumed, and they are
handed back in input order: the output of a run is byte-identical whatever the number of
workers, bad files' errors included.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from .discovery import Source
from .errors import DhrCheckError, PlanError
from .signals import die_with_parent

__all__ = ["CHUNK", "PARALLEL_FROM", "check_in_order", "default_jobs", "fewer_collections"]

PARALLEL_FROM = 16
"""Runs of this many files or fewer are checked in this process: starting workers would cost more than it saves."""

CHUNK = 8
"""Plans sent to a worker at a time."""

IN_FLIGHT = 4
"""Chunks per worker queued or being checked at any moment."""

Outcome = Any   # what `keep` makes of a PlanResult, or the problems of a file that could not be checked


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_in_order(sources: Iterable[Source], make_checker: Callable[[], Any], keep: Callable[[Any], Any],
                   jobs: int) -> Iterator[Outcome]:
    """For each (path, problem) from `discover_plans`: `keep(result)`, or the file's problems, in input order.

    `make_checker()` builds a `Checker` (once per process); `keep` runs where the plan was checked, so
    rendering a plan's part of a report is spread over the workers too.
    """
    sources = iter(sources)
    first = list(islice(sources, PARALLEL_FROM + 1))
    if jobs <= 1 or len(first) <= PARALLEL_FROM:
        with fewer_collections(), make_checker() as checker:
            for source in chain(first, sources):
                yield _check(checker, keep, source)
        return
    yield from _in_workers(chain(first, sources), make_checker, keep, jobs)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run with the cyclic garbage collector mostly out of the way, and put it back afterwards.

    Checking a plan allocates some hundred thousand short-lived objects (YAML nodes, dicts, models)
    and creates no reference cycles worth collecting, yet each allocation burst set off collections
    that walked every long-lived object (modules, rules) again: a quarter of a run's time.
    Freezing what exists at the start and collecting the young generation less often removes that.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _check(checker, keep: Callable[[Any], Any], source: Source) -> Outcome:
    path, problem = source
    if problem is not None:
        return [problem]
    try:
        return keep(checker.check_file(path))
    except PlanError as error:
        return error.problems


def _in_workers(sources: Iterator[Source], make_checker: Callable[[], Any], keep: Callable[[Any], Any],
                jobs: int) -> Iterator[Outcome]:
    import multiprocessing  # only here: a one-plan check should not pay for importing them
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                               initargs=(make_checker, keep, os.getpid()))
    chunks = iter(lambda: list(islice(sources, CHUNK)), [])
    pending = deque(pool.submit(_check_chunk, chunk) for chunk in islice(chunks, jobs * IN_FLIGHT))
    try:
        while pending:
            try:
                outcomes = pending.popleft().result()
            except BrokenProcessPool:
                raise DhrCheckError("a worker process stopped unexpectedly, so the run is incomplete. Run again "
                                    "with --jobs 1 to find the plan that stops it.") from None
            chunk = next(chunks, None)
            if chunk is not None:
                pending.append(pool.submit(_check_chunk, chunk))
            yield from outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker: tuple[Any, Callable[[Any], Any]] | None = None


def _start_worker(make_checker: Callable[[], Any], keep: Callable[[Any], Any], parent: int) -> None:
    global _worker
    die_with_parent(parent)
    _worker = (make_checker(), keep)
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _check_chunk(chunk: list[Source]) -> list[Outcome]:
    assert _worker is not None, "runs only in a pool worker, after _start_worker"
    checker, keep = _worker
    return [_check(checker, keep, source) for source in chunk]
