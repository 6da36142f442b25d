"""The run as JSON: stable keys and order, so the same inputs give byte-identical output."""

from __future__ import annotations

import json
from typing import Any

from ..check import RunResult
from ..provenance import provenance
from ..rag import ActionRating

__all__ = ["render", "as_data", "FORMAT_VERSION"]

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

