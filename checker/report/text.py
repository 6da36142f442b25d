"""The run as plain text for a person: plan, then recommendation, then action, worst first in each."""

from __future__ import annotations

import textwrap
from collections import Counter

from ..check import PlanResult, RunResult
from ..diff import RagChange, RunDiff
from ..findings import Finding
from ..provenance import provenance
from .summary import PLAN_WIDE_NOTE, RunView

__all__ = ["render", "render_diff"]

WIDTH = 100


def render(result: RunResult) -> str:
    lines = [f"dhr-check: as of {result.as_of.isoformat()}, {len(result.rules)} rules, "
             f"{_count(len(result.plans), 'plan')} checked"
             + (f", {_count(len({p.file for p in result.errors}), 'file')} could not be checked"
                if result.errors else "")]
    if result.settings.agency:
        lines += textwrap.wrap(f"Filtered to {result.settings.agency}: only the actions it leads are shown. "
                               + PLAN_WIDE_NOTE, WIDTH)
    for plan in result.plans:
        lines += [""] + _plan(plan)
    if result.errors:
        lines += ["", "Could not be checked (fix these and run again):"]
        lines += [f"  {problem}" for problem in result.errors]
    lines += ["", *_due(RunView(result)), "", _summary(result), _about(result)]
    return "\n".join(lines) + "\n"


def _due(view: RunView) -> list[str]:
    rows = view.due()
    head = f"Due in the next {view.due_within_days} days (open actions):"
    if not rows:
        return [f"{head} none."]
    return [head] + [f"  {row.action.target_date.isoformat()}  {row.plan.file} {row.ref} "
                     f"({row.action.agency or 'no agency named'}): {row.action.rag.upper()}" for row in rows]


def _about(result: RunResult) -> str:
    about = provenance(result)
    return (f"Run: {about.tool} {about.version}, rule set SHA-256 {about.rule_set_sha256[:16]}…; "
            f"repeat with: {about.command}")


def _plan(plan: PlanResult) -> list[str]:
    rating = plan.rating
    lines = [f"{plan.file}: {plan.subject} ({plan.partnership})",
             f"  Suggested RAG for the plan: {rating.rag.upper()}"]
    plan_wide = [f for f in plan.findings if f.recommendation is None]
    if plan_wide:
        lines.append("  Plan-wide:")
        lines += _findings(plan_wide, 4)
    for rec in rating.recommendations:
        lines.append(f"  Recommendation {rec.number}: {rec.rag.upper()}")
        lines += _findings([f for f in plan.findings if f.recommendation == rec.number and f.action is None], 4)
        for action in rec.actions:
            own = f"self-assessed {action.self_rag.upper()}" if action.self_rag else "no self-assessed RAG"
            lines.append(f"    Action {action.number}: {action.rag.upper()} ({own})")
            lines += _findings([f for f in plan.findings
                                if f.recommendation == rec.number and f.action == action.number], 6)
    return lines


def _findings(findings: list[Finding], indent: int) -> list[str]:
    lines = []
    for finding in findings:
        head = f"{finding.rag.upper():<5} {finding.rule} (line {finding.line}): "
        if finding.waiver is not None:
            w = finding.waiver
            head = f"WAIVED {head}"
            message = (f"{finding.message} Waived until {w.expires_on} by {w.approved_by} ({w.approved_on}): "
                       f"{w.reason}")
        else:
            message = finding.message
        wrapped = textwrap.wrap(head + message, WIDTH - indent,
                                subsequent_indent=" " * 6, break_on_hyphens=False)
        lines += [" " * indent + line for line in wrapped]
    return lines


def _summary(result: RunResult) -> str:
    plans = Counter(plan.rating.rag for plan in result.plans)
    counting = [f for f in result.findings if f.counts]
    findings = Counter(f.rag for f in counting)
    waived = len(result.findings) - len(counting)
    return (f"Summary: {_count(len(result.plans), 'plan')} "
            f"(red {plans['red']}, amber {plans['amber']}, green {plans['green']}"
            + (f", blue {plans['blue']}" if plans["blue"] else "") + "); "
            f"{_count(len(counting), 'finding')} (red {findings['red']}, amber {findings['amber']})"
            + (f"; {waived} waived" if waived else "")
            + (f"; {_count(len(result.errors), 'error')}" if result.errors else "") + ".")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render_diff(diff: RunDiff) -> str:
    """Quarter over quarter as plain text: RAG changes first, then new, resolved and persisting findings."""
    lines = [f"dhr-check diff: {diff.old.name} (as of {diff.old.as_of}) -> {diff.new.name} (as of {diff.new.as_of}); "
             f"same {_count(len(diff.new.data['rules']), 'rule')}"]
    if diff.new.agency:
        lines.append(f"Both runs are filtered to {diff.new.agency}.")
    lines += ["", "Suggested RAG changes:"]
    changes = [_change(change) for change in diff.plan_changes + diff.action_changes]
    lines += changes or ["  none"]
    lines += [f"  plan added: {plan}" for plan in diff.plans_added]
    lines += [f"  plan no longer checked: {plan}" for plan in diff.plans_removed]
    for title, records in [("New findings", diff.new_findings), ("Resolved findings", diff.resolved_findings)]:
        lines += ["", f"{title} ({len(records)}):"]
        lines += [line for record in records for line in _diff_finding(record)] or ["  none"]
    lines += ["", f"Persisting findings ({len(diff.persisting_findings)}):"]
    lines += [line for old, new in diff.persisting_findings
              for line in _diff_finding(new, f" (was {old['rag'].upper()})" if old["rag"] != new["rag"] else "")]
    lines += ["  none"] if not diff.persisting_findings else []
    lines += ["", f"Summary: {len(diff.new_findings)} new, {len(diff.resolved_findings)} resolved, "
                  f"{len(diff.persisting_findings)} persisting; {_count(len(diff.moved('worse')), 'rating')} worse, "
                  f"{len(diff.moved('better'))} better."]
    return "\n".join(lines) + "\n"


def _change(change: RagChange) -> str:
    what = f"{change.plan} {change.ref}" if change.ref else f"{change.plan} (plan)"
    return f"  {what}: {change.old.upper()} -> {change.new.upper()} ({change.direction})"


def _diff_finding(record: dict, note: str = "") -> list[str]:
    head = f"{record['rag'].upper():<5} {record['plan']}, {record['subject']}: {record['rule']}{note}: "
    return ["  " + line for line in textwrap.wrap(head + record["message"], WIDTH - 2, subsequent_indent=" " * 6,
                                                  break_on_hyphens=False)]
