"""The run as JSON: stable keys and order, so the same inputs give byte-identical output."""

from __future__ import annotations

import json
from typing import Any

from ..check import RunResult
from ..diff import RagChange, RunDiff
from ..provenance import provenance
from ..rag import ActionRating

__all__ = ["render", "render_diff", "as_data", "FORMAT_VERSION"]

FORMAT_VERSION = 1


def as_data(result: RunResult) -> dict[str, Any]:
    """The run result that `dhr-check diff` reads back: ratings, findings, errors and provenance."""
    return {
        "format": "dhr-check-result",
        "format_version": FORMAT_VERSION,
        "as_of": result.as_of.isoformat(),
        "rules": [{"id": rule.id, "title": rule.title, "parameters": rule.values, "sha256": rule.sha256}
                  for rule in result.rules],
        "plans": [{
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
        } for plan in result.plans],
        "findings": [finding.as_record() for finding in result.findings],
        "errors": [problem.as_record() for problem in result.errors],
        "provenance": provenance(result).as_record(),
    }


def _action(action: ActionRating) -> dict[str, Any]:
    return {"number": action.number, "rag": action.rag, "self_rag": action.self_rag,
            "description": action.description, "lead_agency": action.lead_agency, "agency": action.agency,
            "target_date": _date(action.target_date), "completion_date": _date(action.completion_date),
            "status": action.status}


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def render(result: RunResult) -> str:
    return json.dumps(as_data(result), indent=2, ensure_ascii=False) + "\n"


def render_diff(diff: RunDiff) -> str:
    """The comparison of two runs as JSON, with the findings as the runs recorded them."""
    data = {
        "format": "dhr-check-diff",
        "format_version": FORMAT_VERSION,
        "old": {"file": diff.old.name, "as_of": diff.old.as_of},
        "new": {"file": diff.new.name, "as_of": diff.new.as_of},
        "agency": diff.new.agency,
        "plan_changes": [_rag_change(change) for change in diff.plan_changes],
        "action_changes": [_rag_change(change) for change in diff.action_changes],
        "plans_added": diff.plans_added,
        "plans_removed": diff.plans_removed,
        "new_findings": diff.new_findings,
        "resolved_findings": diff.resolved_findings,
        "persisting_findings": [{**new, "old_rag": old["rag"]} for old, new in diff.persisting_findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _rag_change(change: RagChange) -> dict[str, Any]:
    return {"plan": change.plan, "action": change.ref, "old_rag": change.old, "new_rag": change.new,
            "direction": change.direction}
