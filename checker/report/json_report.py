"""The run as JSON: stable keys and order, so the same inputs give byte-identical output.

Written plan by plan (see `streaming`): each plan's entry and findings are rendered where the
plan was checked and gathered on disk, so a run of any size holds one plan at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from ..results import FORMAT_VERSION, PlanResult, RunResult
from ..provenance import provenance
from ..rag import ActionRating
from .json_text import ListSpool, dumps, items_text, write
from .streaming import RunTally, render_whole

if TYPE_CHECKING:  # pragma: no cover - typing only; a check run does not need the diff module
    from ..diff import RagChange, RunDiff

__all__ = ["render", "render_diff", "as_data", "FORMAT_VERSION", "JsonPart", "plan_part", "Writer"]

# How deep each streamed list stands in the document: top-level lists, and the provenance's list of plans.
_TOP_LIST, _PROVENANCE_LIST = 1, 2


def as_data(result: RunResult) -> dict[str, Any]:
    """The run result that `dhr-check diff` reads back: ratings, findings, errors and provenance."""
    return {
        "format": "dhr-check-result",
        "format_version": FORMAT_VERSION,
        "as_of": result.as_of.isoformat(),
        "rules": _rules(result),
        "plans": [_plan(plan) for plan in result.plans],
        "findings": [finding.as_record() for finding in result.findings],
        "errors": [problem.as_record() for problem in result.errors],
        "provenance": provenance(result).as_record(),
    }


def _rules(result: RunResult) -> list[dict[str, Any]]:
    return [{"id": rule.id, "title": rule.title, "parameters": rule.values, "sha256": rule.sha256}
            for rule in result.rules]


def _plan(plan: PlanResult) -> dict[str, Any]:
    return {
        "file": plan.file,
        "id": plan.plan_id,
        "subject": plan.subject,
        "community_safety_partnership": plan.partnership,
        "sha256": plan.sha256,
        "rag": plan.rating.rag,
        "recommendations": [{
            "number": rec.number,
            "rag": rec.rag,
            "addressed_to": rec.addressed_to,
            "actions": [_action(a) for a in rec.actions],
        } for rec in plan.rating.recommendations],
    }


def _action(action: ActionRating) -> dict[str, Any]:
    return {"number": action.number, "rag": action.rag, "self_rag": action.self_rag,
            "description": action.description, "lead_agency": action.lead_agency, "agency": action.agency,
            "target_date": _date(action.target_date), "completion_date": _date(action.completion_date),
            "status": action.status}


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class JsonPart:
    """One plan's share of the JSON report, already JSON text in UTF-8."""

    plan: bytes
    findings: bytes
    provenance_plan: bytes


def plan_part(plan: PlanResult, head: RunResult) -> JsonPart:
    """Render one plan's entry, findings and provenance line (in the worker that checked it)."""
    return JsonPart(items_text([_plan(plan)], _TOP_LIST),
                    items_text([finding.as_record() for finding in plan.findings], _TOP_LIST),
                    items_text([{"file": plan.file, "id": plan.plan_id, "sha256": plan.sha256}], _PROVENANCE_LIST))


class Writer:
    """Gathers plans' parts on disk; `finish` writes the document, `as_data`'s layout to the byte."""

    def __init__(self, head: RunResult, out: IO[bytes]):
        self.head = head
        self.out = out
        self.plans, self.findings = ListSpool(_TOP_LIST), ListSpool(_TOP_LIST)
        self.provenance_plans = ListSpool(_PROVENANCE_LIST)

    def add(self, part: JsonPart) -> None:
        self.plans.append(part.plan)
        self.findings.append(part.findings)
        self.provenance_plans.append(part.provenance_plan)

    def finish(self, tally: RunTally) -> None:
        about = provenance(self.head).as_record()
        about["plans"] = self.provenance_plans
        write({"format": "dhr-check-result", "format_version": FORMAT_VERSION, "as_of": self.head.as_of.isoformat(),
               "rules": _rules(self.head), "plans": self.plans, "findings": self.findings,
               "errors": [problem.as_record() for problem in tally.errors], "provenance": about}, self.out)
        self.out.write(b"\n")
        for spool in (self.plans, self.findings, self.provenance_plans):
            spool.close()


def render(result: RunResult) -> str:
    return render_whole(result, "json")


def render_diff(diff: RunDiff) -> str:
    """The comparison of two runs as JSON, with the findings as the runs recorded them."""
    data = {
        "format": "dhr-check-diff",
        "format_version": FORMAT_VERSION,
        "old": {"file": diff.old.name, "as_of": diff.old.as_of},
        "new": {"file": diff.new.name, "as_of": diff.new.as_of},
        "agency": diff.new.agency,
        "plan_changes": [_rag_change(change) for change in diff.plan_changes],
        "recommendation_changes": [_rag_change(change, "recommendation") for change in diff.recommendation_changes],
        "action_changes": [_rag_change(change) for change in diff.action_changes],
        "plans_added": diff.plans_added,
        "plans_removed": diff.plans_removed,
        "new_findings": diff.new_findings,
        "resolved_findings": diff.resolved_findings,
        "not_in_this_run": diff.not_in_this_run,
        "new_plans_findings": diff.new_plans_findings,
        "persisting_findings": [{**new, "old_rag": old["rag"]} for old, new in diff.persisting_findings],
    }
    return dumps(data) + "\n"


def _rag_change(change: RagChange, what: str = "action") -> dict[str, Any]:
    return {"plan": change.plan, what: change.ref, "old_rag": change.old, "new_rag": change.new,
            "direction": change.direction}
