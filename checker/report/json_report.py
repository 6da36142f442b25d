"""The run as JSON: stable keys and order, so the same inputs give byte-identical output."""

from __future__ import annotations

import json
from typing import Any

from ..check import RunResult

__all__ = ["render", "as_data"]

FORMAT_VERSION = 1


def as_data(result: RunResult) -> dict[str, Any]:
    return {
        "format": "dhr-check-result",
        "format_version": FORMAT_VERSION,
        "as_of": result.as_of.isoformat(),
        "rules": [{"id": rule.id, "title": rule.title, "parameters": rule.values} for rule in result.rules],
        "plans": [{
            "file": plan.file,
            "id": plan.plan_id,
            "subject": plan.subject,
            "community_safety_partnership": plan.partnership,
            "rag": plan.rating.rag,
            "recommendations": [{
                "number": rec.number,
                "rag": rec.rag,
                "actions": [{"number": a.number, "rag": a.rag, "self_rag": a.self_rag} for a in rec.actions],
            } for rec in plan.rating.recommendations],
        } for plan in result.plans],
        "findings": [finding.as_record() for finding in result.findings],
        "errors": [problem.as_record() for problem in result.errors],
    }


def render(result: RunResult) -> str:
    return json.dumps(as_data(result), indent=2, ensure_ascii=False) + "\n"
