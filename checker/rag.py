"""Roll findings up into a suggested RAG per action, recommendation and plan."""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding, worst
from .model import Plan

__all__ = ["ActionRating", "RecommendationRating", "PlanRating", "rate_plan", "action_ratings"]


@dataclass(frozen=True)
class ActionRating:
    number: int
    rag: str
    self_rag: str | None


@dataclass(frozen=True)
class RecommendationRating:
    number: int
    rag: str
    actions: tuple[ActionRating, ...]


@dataclass(frozen=True)
class PlanRating:
    rag: str
    recommendations: tuple[RecommendationRating, ...]


def action_ratings(plan: Plan, findings: list[Finding]) -> dict[str, str]:
    """Suggested RAG per action fact id (`action:R2.A2`): the worst of its findings, green when none."""
    by_action: dict[tuple[int, int], list[str]] = {}
    for finding in findings:
        if finding.action is not None:
            by_action.setdefault((finding.recommendation, finding.action), []).append(finding.rag)
    return {f"action:R{r.number}.A{a.number}": worst(by_action.get((r.number, a.number), []))
            for r in plan.recommendations for a in r.actions}


def rate_plan(plan: Plan, findings: list[Finding]) -> PlanRating:
    """Actions take the worst of their findings; recommendations and the plan roll up from below.

    Findings about the recommendation itself count for the recommendation; findings about the
    plan, its published recommendations and its monitoring records count for the plan.
    """
    suggested = action_ratings(plan, findings)
    recommendations = []
    for recommendation in plan.recommendations:
        actions = tuple(ActionRating(a.number, suggested[f"action:R{recommendation.number}.A{a.number}"],
                                     a.self_rag.value if a.self_rag else None)
                        for a in recommendation.actions)
        own = [f.rag for f in findings if f.recommendation == recommendation.number and f.action is None]
        recommendations.append(RecommendationRating(recommendation.number,
                                                    worst([a.rag for a in actions] + own), actions))
    plan_level = [f.rag for f in findings if f.recommendation is None]
    return PlanRating(worst([r.rag for r in recommendations] + plan_level), tuple(recommendations))
