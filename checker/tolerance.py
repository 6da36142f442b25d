"""Tolerance rules: "at least N% of the plan's actions ..." from per-record matches.

The engine (and the reference evaluator) match a tolerance rule's `holds`
condition on each counted record like any other condition, reporting them at
the pseudo-level `HOLDS`; this module counts them per plan and turns a share
below the threshold into one plan-level match carrying the numbers.
"""

from __future__ import annotations

from typing import Any, Iterable

from .engine_types import Match
from .rules import Rule

__all__ = ["HOLDS", "resolve_tolerances"]

HOLDS = "holds"


def resolve_tolerances(rules: Iterable[Rule], matches: list[Match], facts: list[dict[str, Any]]) -> list[Match]:
    """Replace `HOLDS` matches by a plan match for each tolerance rule whose share falls short."""
    tolerant = [(rule, rule.tolerance) for rule in rules if rule.tolerance is not None]
    if not tolerant:
        return matches
    result = [m for m in matches if m.rag != HOLDS]
    plan_ids = [fact["id"] for fact in facts if fact["kind"] == "plan"]
    for rule, tolerance in tolerant:
        total = sum(1 for fact in facts if fact["kind"] == tolerance.of)
        held = len({m.fact_id for m in matches if m.rule_id == rule.id and m.rag == HOLDS})
        if total and held * 100 < tolerance.at_least_percent * total:
            detail = (("held", held), ("share_percent", held * 100 // total), ("total", total))
            result += [Match(plan_id, rule.id, rule.suggested_rag, detail) for plan_id in plan_ids]
    return sorted(result)
