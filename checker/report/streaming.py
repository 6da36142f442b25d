"""Reports written plan by plan, so a run's memory stays flat however many plans it checks.

The text and JSON reports stream. Each plan's part of a report is rendered where the plan was
checked (in a worker process with `--jobs`); the main process appends parts to disk and keeps
only a tally of ratings and the files that could not be read. The other formats need the
whole run before their first line: the HTML and Markdown board reports and the XLSX workbook
open with counts, gaps and agency tables across every plan and give anchors unique across the
run; SARIF, JUnit and CSV are built from the whole run today. A run asking for any of these
(or for one agency's view, whose agency name and ratings depend on every plan) keeps the
whole run in memory, as before.

A streamed format (`Format.streamable`)'s module has `plan_part(plan, head)`, run in the worker, and a
`Writer(head, out)` with `add(part)` and `finish(tally)`. `head` is the run without its plans:
the as-of date, the rules and the settings.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from itertools import chain
from typing import IO, Any

from ..errors import Problem
from ..findings import RAG_ORDER
from ..results import PlanResult, RunResult
from .formats import FORMATS

__all__ = ["PlanPiece", "PlanTally", "RunTally", "plan_piece", "render_whole", "write_streamed"]


@dataclass(frozen=True)
class PlanTally:
    """What the run's summary and exit code need of one plan."""

    rag: str
    findings: tuple[tuple[str, int], ...]      # findings that count towards the RAG, per RAG
    waived: int
    plan_id: str = ""

    @classmethod
    def of(cls, plan: PlanResult) -> PlanTally:
        counting = Counter(finding.rag for finding in plan.findings if finding.counts)
        return cls(plan.rating.rag, tuple(sorted(counting.items())), len(plan.findings) - counting.total(),
                   plan.plan_id)


@dataclass(frozen=True)
class PlanPiece:
    """One checked plan as the main process receives it: its tally and each streamed report's part."""

    tally: PlanTally
    parts: dict[str, Any]


@dataclass
class RunTally:
    """The run so far, without its plans: ratings counted, and every problem with a file that could not be read."""

    plans: Counter = field(default_factory=Counter)          # plans per suggested RAG
    findings: Counter = field(default_factory=Counter)       # counting findings per RAG
    waived: int = 0
    errors: list[Problem] = field(default_factory=list)
    plan_ids: set[str] = field(default_factory=set)          # every plan checked, for waivers naming others

    @property
    def plans_checked(self) -> int:
        return self.plans.total()

    def add(self, tally: PlanTally) -> None:
        self.plans[tally.rag] += 1
        self.findings.update(dict(tally.findings))
        self.waived += tally.waived
        self.plan_ids.add(tally.plan_id)

    def fails(self, level: str) -> bool:
        """Whether a finding that counts is at least as serious as `level` (red or amber)."""
        return any(count and RAG_ORDER[rag] >= RAG_ORDER[level] for rag, count in self.findings.items())


def plan_piece(formats: tuple[str, ...], head: RunResult, plan: PlanResult) -> PlanPiece:
    """One plan's tally and its part of each streamed report; runs where the plan was checked."""
    return PlanPiece(PlanTally.of(plan), {name: _module(name).plan_part(plan, head) for name in formats})


def write_streamed(head: RunResult, outcomes: Iterable[PlanPiece | list[Problem]],
                   sinks: list[tuple[str, IO[bytes]]]) -> RunTally:
    """Write each (format, binary stream) report from plans' pieces and bad files' problems, in the order they
    come. Reports are UTF-8; the plans' parts were encoded where they were rendered."""
    writers = [(name, _module(name).Writer(head, out)) for name, out in sinks]
    tally = RunTally()
    for outcome in outcomes:
        if isinstance(outcome, PlanPiece):
            tally.add(outcome.tally)
            for name, writer in writers:
                writer.add(outcome.parts[name])
        else:
            tally.errors.extend(outcome)
    for _name, writer in writers:
        writer.finish(tally)
    return tally


def render_whole(result: RunResult, name: str) -> str:
    """A run already held whole, through the same writer: one format, the same text however it was made."""
    out = io.BytesIO()
    pieces = (plan_piece((name,), result, plan) for plan in result.plans)
    write_streamed(result, chain(pieces, [result.errors]), [(name, out)])
    return out.getvalue().decode("utf-8")


def _module(name: str):
    return import_module(f"{__package__}.{FORMATS[name].module}")
