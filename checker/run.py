"""A `check` run, from a `RunRequest` to written reports: streamed when every report allows it, whole otherwise.

The plans are discovered once (`discovery`): that one list is checked against the outputs (no report
may replace a file the run reads), counted for the progress bar, and checked.
Streamed (text and JSON reports, no agency filter), each plan's part of every report is made
where the plan was checked and the main process keeps only a tally, so memory stays flat
from a hundred plans to forty thousand. Any other report, or one agency's view, needs every
plan's result at once (see `report.streaming`), and then the run is held whole. Either way
the reports are byte-identical, and so are runs with any number of worker processes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from .agency import agencies, closest_agencies, for_agency
from .check import check_paths, iter_check
from .discovery import Source, discover_plans
from .errors import DhrCheckError, Problem
from .output import AtomicFile, TerminalOutput, refuse_inputs, write_atomic
from .progress import with_progress
from .report import FORMATS, as_bytes
from .report.streaming import PlanTally, RunTally, plan_piece, write_streamed
from .results import RunResult, RunSettings
from .rules import Rule
from .signals import raise_if_stopped
from .waivers import LoadedWaiver, not_in_force

__all__ = ["ReportRequest", "RunRequest", "run_check"]


@dataclass(frozen=True)
class RunRequest:
    """What a run checks and with what: the plans' paths, the as-of date, the rules, the settings, the waivers."""

    paths: tuple[Path | str, ...]
    as_of: dt.date
    rules: list[Rule]
    settings: RunSettings = field(default_factory=RunSettings)
    waivers: tuple[LoadedWaiver, ...] = ()
    reads: tuple[tuple[Path, str], ...] = ()    # files besides plans and rules the run reads, and what each is

    def result(self) -> RunResult:
        """The run's result before any plan is checked: what the streamed reports start from."""
        return RunResult(self.as_of, self.rules, settings=self.settings)


@dataclass(frozen=True)
class ReportRequest:
    """The reports a run writes: files with their formats, and the format shown in the terminal, if any."""

    files: tuple[tuple[Path, str], ...] = ()
    terminal: str | None = "text"
    progress: bool = False                  # a bar on standard error while plans are checked (see progress.py)

    @property
    def formats(self) -> tuple[str, ...]:
        names = [name for _path, name in self.files] + ([self.terminal] if self.terminal else [])
        return tuple(dict.fromkeys(names))


def run_check(request: RunRequest, reports: ReportRequest, jobs: int, on_written: Callable[[Path, str], None],
              terminal: BinaryIO | None = None, on_note: Callable[[Problem], None] | None = None) -> RunTally:
    """Check the plans `request` names and write `reports`.

    Before any plan is checked, refuses (`OutputError`) a report file that is one of the files the
    run reads, and tells `on_note` of each waiver not yet in force on the as-of date.
    The terminal report (if `reports` asks for one) goes to `terminal`, in UTF-8, once the run is
    complete. Files are replaced only then, in the order given, calling `on_written` for each.
    Returns the run's tally, for the exit code. Raises `DhrCheckError` (`OutputError` for a report
    that cannot be written).
    """
    sources = list(discover_plans(request.paths))
    if reports.files:
        refuse_inputs([path for path, _format in reports.files],
                      chain((path for path, _problem in sources if path is not None),
                            (rule.file for rule in request.rules)), request.reads)
    for notice in not_in_force(list(request.waivers), request.as_of):
        if on_note is not None:
            on_note(notice)
    streamed = request.settings.agency is None and all(FORMATS[name].streamable for name in reports.formats)
    run = _streamed if streamed else _whole
    out = TerminalOutput(terminal) if terminal is not None else None
    tally = run(request, sources, jobs, reports, on_written, out)
    if out is not None:
        out.flush()       # a full disk or closed pipe is told here, not lost at exit
    return tally


def _streamed(request: RunRequest, sources: list[Source], jobs: int, reports: ReportRequest,
              on_written: Callable[[Path, str], None], terminal: TerminalOutput | None) -> RunTally:
    head = request.result()
    files: list[AtomicFile] = []
    try:
        for path, _name in reports.files:
            files.append(AtomicFile(path))
        sinks: list[tuple[str, Any]] = [(name, file) for file, (_path, name) in zip(files, reports.files)]
        sinks += [(reports.terminal, terminal)] if reports.terminal and terminal is not None else []
        keep = functools.partial(plan_piece, reports.formats, head)
        with closing(iter_check(request.paths, request.rules, request.as_of, request.settings.rag_policy,
                                list(request.waivers), jobs, keep, sources=sources)) as outcomes:
            # closed at once on any error: workers shut down
            tally = write_streamed(head, with_progress(outcomes, len(sources), reports.progress), sinks)
        raise_if_stopped()
        for file, (path, name) in zip(files, reports.files):
            file.commit()
            on_written(path, name)
    finally:
        for file in files:
            file.discard()
    return tally


def _whole(request: RunRequest, sources: list[Source], jobs: int, reports: ReportRequest,
           on_written: Callable[[Path, str], None], terminal: TerminalOutput | None) -> RunTally:
    result = check_paths(request.paths, request.rules, request.as_of, request.settings.rag_policy,
                         list(request.waivers), jobs,
                         lambda outcomes: with_progress(outcomes, len(sources), reports.progress), sources=sources)
    result.settings = request.settings
    checked = {plan.plan_id for plan in result.plans}     # before any agency filter: waivers are for all plans
    if request.settings.agency is not None:
        result = _for_agency(result, request.settings.agency)
    rendered = [(path, name, as_bytes(FORMATS[name].render(result))) for path, name in reports.files]
    raise_if_stopped()
    for path, name, data in rendered:
        write_atomic(path, data)
        on_written(path, name)
    if reports.terminal and terminal is not None:
        terminal.write(as_bytes(FORMATS[reports.terminal].render(result)))
    tally = RunTally(errors=list(result.errors), plan_ids=checked)
    for plan in result.plans:
        tally.add(PlanTally.of(plan))
    return tally


def _for_agency(result: RunResult, agency: str) -> RunResult:
    filtered = for_agency(result, agency)
    if result.plans and not filtered.plans:
        close = closest_agencies(result, agency)
        quoted = " or ".join(f"'{name}'" for name in close)
        hint = f"Did you mean {quoted}? " if close else ""
        raise DhrCheckError(f"nothing in these plans is led, managed or maintained by '{agency}'. {hint}"
                            f"Agencies named: {'; '.join(agencies(result))}.")
    return filtered
