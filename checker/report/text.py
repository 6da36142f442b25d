"""The run as plain text for a person: plan, then recommendation, then action, worst first in each.

Written plan by plan (see `streaming`): the report opens with the number of plans checked and
closes with the actions due soon across every plan, so the plans' text and the due list wait
on disk until the run is over.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Iterator

from ..identifiers import action_ref
from ..agency import PLAN_WIDE_NOTE, canonical_agency
from ..results import PlanResult, RunResult
from ..explain import describe_values
from ..findings import Finding
from ..provenance import provenance
from ..rag import due_order, is_due
from ..spool import SortedSpool, Spool
from .escape import terminal_text
from .streaming import RunTally, render_whole

if TYPE_CHECKING:  # pragma: no cover - typing only; a check run does not need the diff module
    from ..diff import RagChange, RunDiff

__all__ = ["render", "render_diff", "TextPart", "plan_part", "Writer"]

WIDTH = 100


def render(result: RunResult) -> str:
    return render_whole(result, "text")


@dataclass(frozen=True)
class TextPart:
    """One plan's share of the text report: its section (UTF-8), and its open actions due soon with sort keys."""

    text: bytes
    due: tuple[tuple[tuple, tuple[str | None, str]], ...]   # (sort key, (agency, line)) per due action


def plan_part(plan: PlanResult, head: RunResult) -> TextPart:
    """Render one plan's section and due-soon lines (in the worker that checked it)."""
    settings = head.settings
    until = head.as_of + dt.timedelta(days=settings.due_within_days)
    due = []
    for rec in plan.rating.recommendations:
        for action in rec.actions:
            if action.target_date is None or not is_due(action, head.as_of, until):
                continue
            ref = action_ref(rec.number, action.number)
            agency = canonical_agency(action.agency, settings.agency_names)
            due.append((due_order(action, plan.file, ref, agency),
                        (agency, f"    {action.target_date.isoformat()}  {plan.file} {ref} "
                                 f"({action.agency or 'no agency named'}): {action.rag.upper()}")))
    return TextPart(("\n\n" + "\n".join(map(terminal_text, _plan(plan, head.as_of.isoformat())))).encode("utf-8"),
                    tuple(due))


class Writer:
    """Gathers plans' sections and due lines on disk; `finish` writes the report in reading order."""

    def __init__(self, head: RunResult, out: IO[bytes]):
        self.head = head
        self.out = out
        self.sections = Spool()
        self.due = SortedSpool()

    def add(self, part: TextPart) -> None:
        self.sections.write(part.text)
        for key, line in part.due:
            self.due.add(key, line)

    def finish(self, tally: RunTally) -> None:
        head, out, errors = self.head, self.out, tally.errors
        if head.settings.marking:                       # first and last, as a printed page carries it
            _write(out, head.settings.marking)
            out.write(b"\n\n")
        _write(out, f"dhr-check: as of {head.as_of.isoformat()}, {len(head.rules)} rules, "
                    f"{_count(tally.plans_checked, 'plan')} checked"
                    + (f", {_count(len({p.file for p in errors}), 'file')} could not be checked" if errors else ""))
        if head.settings.agency:
            _lines(out, textwrap.wrap(f"Filtered to {head.settings.agency}: only the actions it leads are shown. "
                                      + PLAN_WIDE_NOTE, WIDTH))
        self.sections.copy_to(out)
        if errors:
            _lines(out, ["", "Could not be checked (fix these and run again):"])
            _lines(out, [f"  {problem}" for problem in errors])
        heading = f"Due in the next {head.settings.due_within_days} days (open actions):"
        _lines(out, ["", heading if len(self.due) else f"{heading} none."])
        _lines(out, _by_agency(self.due))
        _lines(out, ["", summary_line(tally), _about(head)] + (["", head.settings.marking]
                                                               if head.settings.marking else []))
        out.write(b"\n")
        self.sections.close()
        self.due.close()


def _by_agency(due) -> Iterator[str]:
    """The due lines under a heading per agency, for the partnership's chase letters."""
    heading: object = object()       # no agency (None) is a group of its own
    for agency, line in due:
        if agency != heading:
            heading = agency
            yield f"  {agency or 'No agency named'}:"
        yield line


def _write(out: IO[bytes], line: str) -> None:
    """Write one line of the report (without its line break), its control characters made visible."""
    out.write(terminal_text(line).encode("utf-8"))


def _lines(out: IO[bytes], lines) -> None:
    for line in lines:
        out.write(b"\n")
        _write(out, line)


def _about(result: RunResult) -> str:
    about = provenance(result)
    return (f"Run: {about.tool} {about.version}, rule set SHA-256 {about.rule_set_sha256[:16]}…; "
            f"repeat with: {about.command}")


def _plan(plan: PlanResult, as_of: str) -> list[str]:
    rating = plan.rating
    lines = [f"{plan.file}: {plan.subject} ({plan.partnership})",
             f"  Suggested RAG for the plan: {rating.rag.upper()}"]
    about: dict[tuple[str | None, str | None], list[Finding]] = {}   # (recommendation, action) -> findings
    for finding in plan.findings:
        about.setdefault((finding.recommendation, finding.action), []).append(finding)
    plan_wide = [f for f in plan.findings if f.recommendation is None]
    if plan_wide:
        lines.append("  Plan-wide:")
        lines += _findings(plan_wide, 4, as_of)
    for rec in rating.recommendations:
        lines.append(f"  Recommendation {rec.number}: {rec.rag.upper()}")
        lines += _findings(about.get((rec.number, None), []), 4, as_of)
        for action in rec.actions:
            own = f"self-assessed {action.self_rag.upper()}" if action.self_rag else "no self-assessed RAG"
            lines.append(f"    Action {action.number}: {action.rag.upper()} ({own})")
            lines += _findings(about.get((rec.number, action.number), []), 6, as_of)
    return lines


def _findings(findings: list[Finding], indent: int, as_of: str) -> list[str]:
    lines = []
    for finding in findings:
        head = f"{finding.rag.upper():<5} {finding.rule} ({finding.file}:{finding.line}): "
        if finding.waiver is not None:
            w = finding.waiver
            head = f"WAIVED {head}"
            message = (f"{finding.message} Waived until {w.expires_on} by {w.approved_by} ({w.approved_on}): "
                       f"{w.reason}")
        else:
            message = finding.message
        basis = describe_values(finding.values)
        message += f" Based on: {basis}{'; ' if basis else ''}as of {as_of}."
        wrapped = textwrap.wrap(head + message, WIDTH - indent,
                                subsequent_indent=" " * 6, break_on_hyphens=False)
        lines += [" " * indent + line for line in wrapped]
    return lines


def summary_line(tally: RunTally) -> str:
    """'Summary: 3 plans (red 3, amber 0, green 0); 80 findings (red 10, amber 70); 1 error.'"""
    plans, findings = tally.plans, tally.findings
    return (f"Summary: {_count(tally.plans_checked, 'plan')} "
            f"(red {plans['red']}, amber {plans['amber']}, green {plans['green']}"
            + (f", blue {plans['blue']}" if plans["blue"] else "") + "); "
            f"{_count(findings.total(), 'finding')} (red {findings['red']}, amber {findings['amber']})"
            + (f"; {tally.waived} waived" if tally.waived else "")
            + (f"; {_count(len(tally.errors), 'error')}" if tally.errors else "") + ".")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render_diff(diff: RunDiff) -> str:
    """Quarter over quarter as plain text: RAG changes first, then new, resolved and persisting findings."""
    lines = [f"dhr-check diff: {diff.old.name} (as of {diff.old.as_of}) -> {diff.new.name} (as of {diff.new.as_of}); "
             f"same {_count(len(diff.new.data['rules']), 'rule')}"]
    if diff.new.agency:
        lines.append(f"Both runs are filtered to {diff.new.agency}.")
    lines += ["", "Suggested RAG changes:"]
    changes = [_change(change) for change in diff.changes]
    lines += changes or ["  none"]
    lines += [f"  plan added: {plan}" for plan in diff.plans_added]
    lines += [f"  plan no longer checked: {plan}" for plan in diff.plans_removed]
    for title, records in [("New findings", diff.new_findings), ("Resolved findings", diff.resolved_findings)]:
        lines += ["", f"{title} ({len(records)}):"]
        lines += [line for record in records for line in _diff_finding(record)] or ["  none"]
    for title, records in [("Not in this run: findings of plans this run did not check", diff.not_in_this_run),
                           ("Findings of plans new to this run", diff.new_plans_findings)]:
        if records:
            lines += ["", f"{title} ({len(records)}):"]
            lines += [line for record in records for line in _diff_finding(record)]
    lines += ["", f"Persisting findings ({len(diff.persisting_findings)}):"]
    lines += [line for old, new in diff.persisting_findings
              for line in _diff_finding(new, f" (was {old['rag'].upper()})" if old["rag"] != new["rag"] else "")]
    lines += ["  none"] if not diff.persisting_findings else []
    lines += ["", f"Summary: {len(diff.new_findings)} new, {len(diff.resolved_findings)} resolved, "
                  f"{len(diff.persisting_findings)} persisting"
                  + (f", {len(diff.not_in_this_run)} not in this run" if diff.not_in_this_run else "")
                  + (f", {len(diff.new_plans_findings)} of plans new to this run" if diff.new_plans_findings else "")
                  + f"; {_count(len(diff.moved('worse')), 'rating')} worse, {len(diff.moved('better'))} better."]
    return "\n".join(map(terminal_text, lines)) + "\n"


def _change(change: RagChange) -> str:
    what = f"{change.plan} {change.ref}" if change.ref else f"{change.plan} (plan)"
    return f"  {what}: {change.old.upper()} -> {change.new.upper()} ({change.direction})"


def _diff_finding(record: dict, note: str = "") -> list[str]:
    head = f"{record['rag'].upper():<5} {record['plan']}, {record['subject']}: {record['rule']}{note}: "
    return ["  " + line for line in textwrap.wrap(head + record["message"], WIDTH - 2, subsequent_indent=" " * 6,
                                                  break_on_hyphens=False)]
