"""A `check` run, from plan paths to written reports: streamed when every report allows it, whole otherwise.

Streamed (text and JSON reports, no agency filter), each plan's part of every report is made
where the plan was checked and the main process keeps only a tally, so memory stays flat
from a hundred plans to forty thousand. Any other report, or one agency's view, needs every
plan's result at once (see `report.streaming`), and then the run is held whole. Either way
the reports are byte-identical, and so are runs with any number of worker processes.
"""

from __future__ import annotations

import functools
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable

from .agency import agencies, closest_agencies, for_agency
from .check import RunResult, check_paths, iter_check
from .errors import DhrCheckError
from .output import AtomicFile, TerminalOutput, write_atomic
from .progress import with_progress
from .report import FORMATS, as_bytes
from .report.streaming import PlanTally, RunTally, plan_piece, write_streamed
from .signals import raise_if_stopped
from .waivers import LoadedWaiver

__all__ = ["ReportRequest", "run_check"]


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


def run_check(head: RunResult, paths: Iterable[str | Path], waivers: list[LoadedWaiver], jobs: int,
              reports: ReportRequest, on_written: Callable[[Path, str], None],
              terminal: IO[bytes] | None = None) -> RunTally:
    """Check the plans under `paths` and write `reports`; `head` gives the as-of date, rules and settings.

    The terminal report (if `reports` asks for one) goes to `terminal`, in UTF-8, once the run is
    complete. Files are replaced only then, in the order given, calling `on_written` for each.
    Returns the run's tally, for the exit code. Raises `DhrCheckError` (`OutputError` for a report
    that cannot be written).
    """
    streamed = head.settings.agency is None and all(FORMATS[name].streamable for name in reports.formats)
    run = _streamed if streamed else _whole
    terminal = TerminalOutput(terminal) if terminal is not None else None
    tally = run(head, list(paths), waivers, jobs, reports, on_written, terminal)
    if terminal is not None:
        terminal.flush()       # a full disk or closed pipe is told here, not lost at exit
    return tally


def _streamed(head, paths, waivers, jobs, reports, on_written, terminal):
    files = []
    try:
        for path, _name in reports.files:
            files.append(AtomicFile(path))
        sinks = [(name, file) for file, (_path, name) in zip(files, reports.files)]
        sinks += [(reports.terminal, terminal)] if reports.terminal else []
        keep = functools.partial(plan_piece, reports.formats, head)
        with closing(iter_check(paths, head.rules, head.as_of, head.settings.rag_policy, waivers, jobs,
                                keep)) as outcomes:          # closed at once on any error: workers shut down
            tally = write_streamed(head, with_progress(outcomes, paths, reports.progress), sinks)
        raise_if_stopped()
        for file, (path, name) in zip(files, reports.files):
            file.commit()
            on_written(path, name)
    finally:
        for file in files:
            file.discard()
    return tally


def _whole(head, paths, waivers, jobs, reports, on_written, terminal):
    result = check_paths(paths, head.rules, head.as_of, head.settings.rag_policy, waivers, jobs,
                         lambda outcomes: with_progress(outcomes, paths, reports.progress))
    result.settings = head.settings
    checked = {plan.plan_id for plan in result.plans}     # before any agency filter: waivers are for all plans
    if head.settings.agency is not None:
        result = _for_agency(result, head.settings.agency)
    rendered = [(path, name, as_bytes(FORMATS[name].render(result))) for path, name in reports.files]
    raise_if_stopped()
    for path, name, data in rendered:
        write_atomic(path, data)
        on_written(path, name)
    if reports.terminal:
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
