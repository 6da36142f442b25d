"""Each check in a worker process of its own, bounded in time and memory, in a private folder removed after.

A hostile file (a zip bomb, a PDF that takes minutes, YAML that eats memory) can only exhaust its
own worker: the worker's address space is capped (RLIMIT_AS), the server kills it when the time
limit passes, and at most `max_checks` workers run at once, so other people's checks go on.
Workers come from multiprocessing's forkserver, which forks each from a clean, single-threaded
process that has the checker already imported (forking the server itself, with its threads,
could copy a lock some thread holds). The upload is written only to a folder made for this
check (mode 0700) that the server removes whatever became of the worker.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import resource
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DhrCheckError, Problem
from . import checking

__all__ = ["Upload", "Job", "Outcome", "Workers"]


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: its base name (made safe) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Job:
    """One check: the plan (and review summary), the as-of date, the agency, and the report wanted."""

    plan: Upload
    summary: Upload | None
    as_of: dt.date
    agency: str | None
    report_format: str           # a download's format, or "json" for the result page
    page: bool = False           # the result page, drawn in the worker (bounded like the check) from the JSON report


@dataclass
class Outcome:
    """What a check gives back: the report's bytes, or the problems to show and the HTTP status to show them with."""

    status: int = 200
    report: bytes = b""
    problems: list[str] = field(default_factory=list)
    leftovers: list[str] | None = None     # None: nothing was imported (a YAML plan is read as it is)
    checked: str = ""                      # the file checked (the imported plan, when a summary was merged)
    notes: list[str] = field(default_factory=list)
    page: str = ""                         # the result page, when the job asked for it


class Workers:
    """Runs checks in worker processes: at most `max_checks` at once, each within `time_limit` seconds and
    `memory_limit` bytes of address space, a check waiting for a free worker at most `queue_wait` seconds."""

    def __init__(self, chosen: checking.CheckSettings, time_limit: float, memory_limit: int, max_checks: int,
                 temp_root: Path | None, queue_wait: float | None = None, pdf_problem: str | None = None):
        self.chosen = chosen
        self.pdf_problem = pdf_problem
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.temp_root = temp_root
        self.queue_wait = queue_wait if queue_wait is not None else max(60.0, 2 * time_limit)
        self._slots = threading.BoundedSemaphore(max_checks)
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])

    def run(self, job: Job) -> Outcome:
        """Check `job` in a worker process and wait for it (call it from a thread, not the event loop)."""
        if not self._slots.acquire(timeout=self.queue_wait):
            return Outcome(503, problems=[f"{job.plan.name}: not checked: the server is busy with other checks. "
                                          "Try again in a minute."])
        try:
            folder = tempfile.mkdtemp(prefix="dhr-check-", dir=self.temp_root)     # mode 0700
            try:
                return self._in_worker(job, folder)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            self._slots.release()

    def _in_worker(self, job: Job, folder: str) -> Outcome:
        receive, send = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_worker_main, args=(send, self.chosen, job, folder, self.memory_limit,
                                                                      self.time_limit, self.pdf_problem),
                                        daemon=True)
        process.start()
        send.close()
        outcome = None
        try:
            if receive.poll(self.time_limit):
                try:
                    outcome = receive.recv()
                except EOFError:          # the worker died before it could answer
                    outcome = None
            else:
                return Outcome(503, problems=[f"{job.plan.name}: not checked: checking it took longer than "
                                              f"{self.time_limit:g} seconds, the limit this server sets, so it was "
                                              "stopped. A plan is checked in a second or two; split a very large "
                                              "file into one file per plan, or ask the partnership to check it."])
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            receive.close()
        if outcome is None:
            return Outcome(503, problems=[f"{job.plan.name}: not checked: the check stopped before it ended (it "
                                          f"needed more than the {self.memory_limit // 2**20:,} MiB of memory this "
                                          "server allows, or was stopped). Split a very large file into one file "
                                          "per plan, or ask the partnership to check it."])
        return outcome


def _worker_main(send, chosen: checking.CheckSettings, job: Job, folder: str, memory_limit: int, time_limit: float,
                 pdf_problem: str | None) -> None:
    """The worker process: cap its memory and processor time, work in `folder`, send back one `Outcome`.

    The server kills a worker at the time limit; the processor-time limit, a second longer, is the kernel's
    own bound for a worker whose server was killed first (the worker server lives on while a worker does).
    """
    seconds = math.ceil(time_limit) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        os.chdir(folder)
        outcome = check(chosen, job)
        if job.page and outcome.status == 200:
            from .pages import result_page       # a plan with thousands of findings makes a long page

            outcome.page, outcome.report = result_page(chosen, job, outcome, pdf_problem), b""
    except MemoryError:
        outcome = Outcome(422, problems=[f"{job.plan.name}:1:1: not checked: checking this file needed more than "
                                         f"the {memory_limit // 2**20:,} MiB of memory this server allows. Split "
                                         "it into one file per plan."])
    except DhrCheckError as error:
        outcome = Outcome(422, problems=_problem_lines(error))
    except Exception:      # the last resort: said without detail, which could quote the upload
        outcome = Outcome(500, problems=[f"{job.plan.name}: not checked: the checker met an unexpected error."])
    finally:
        os.chdir("/")
    send.send(outcome)
    send.close()


def check(chosen: checking.CheckSettings, job: Job) -> Outcome:
    """The check itself, in the current folder (the worker's private one): as `dhr-check check` (and, with a
    review summary, `dhr-check import --summary` first) would do it there."""
    Path(job.plan.name).write_bytes(job.plan.data)
    checked, leftovers, suffix = job.plan.name, None, Path(job.plan.name).suffix.lower()
    if job.summary is not None:
        if suffix in checking.PLAN_SUFFIXES:
            return Outcome(400, problems=[f"{job.summary.name}:1:1: a review summary is merged into a published "
                                          f"plan (.docx, .pdf, .html, .txt, .xlsx, .csv) when it is imported; "
                                          f"{job.plan.name} is already a plan file. Check it without the summary."])
        if job.summary.name == job.plan.name:
            job = Job(job.plan, Upload("summary-" + job.summary.name, job.summary.data), job.as_of, job.agency,
                      job.report_format)
        Path(job.summary.name).write_bytes(job.summary.data)
        result = checking.imported(job.plan.name, job.summary.name)
        checked = Path(job.plan.name).stem + ".yaml"
        checking.write_imported(result, Path(checked), dt.date.today())
        leftovers = [str(leftover) for leftover in result.leftovers]
    elif suffix not in checking.PLAN_SUFFIXES and suffix in checking.IMPORT_SUFFIXES:
        leftovers = [str(leftover) for leftover in checking.imported(job.plan.name, None).leftovers]
    report, errors = checking.check_report(chosen, checked, job.as_of, job.agency, job.report_format)
    if errors:
        return Outcome(422, problems=[str(problem) for problem in errors], checked=checked)
    return Outcome(200, report, leftovers=leftovers, checked=checked,
                   notes=checking.not_in_force_notes(chosen, job.as_of))


def _problem_lines(error: DhrCheckError) -> list[str]:
    """The error as the CLI prints it: one line per problem."""
    problems: list[Problem] | None = getattr(error, "problems", None)
    return [str(problem) for problem in problems] if problems else [str(error)]
