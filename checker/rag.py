"""Roll findings up into a suggested RAG per action, recommendation and plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .findings import Finding
from .identifiers import action_ref
from .model import Action, Plan, Recommendation, Status
from .rag_scale import worst

__all__ = ["ActionRating", "RecommendationRating", "PlanRating", "rate_plan", "action_ratings", "CLOSED_STATUSES",
           "is_due", "due_order"]


CLOSED_STATUSES = (Status.complete.value, Status.not_applicable.value)


@dataclass(frozen=True)
class ActionRating:
    """An action's suggested RAG beside its own, with what reports need to group, filter and list it by."""

    number: str
    rag: str
    self_rag: str | None
    description: str = ""
    lead_agency: str | None = None
    addressed_to: str | None = None        # who its recommendation is addressed to
    target_date: dt.date | None = None
    completion_date: dt.date | None = None
    status: str | None = None

    @property
    def agency(self) -> str | None:
        """Who answers for the action: its lead agency, or, when it names none, its recommendation's addressee."""
        return self.lead_agency or self.addressed_to

    @property
    def is_open(self) -> bool:
        """Not complete, not marked not applicable and with no completion date."""
        return self.completion_date is None and self.status not in CLOSED_STATUSES


def is_due(action: ActionRating, as_of: dt.date, until: dt.date) -> bool:
    """Open, with a target date from the as-of date to `until`: the 'due soon' list every report shows."""
    return action.is_open and action.target_date is not None and as_of <= action.target_date <= until


def due_order(action: ActionRating, file: str, ref: str, agency: str | None = None) -> tuple:
    """The order of the 'due soon' list: grouped by `agency` (the partnership's name for who answers for the
    action; none named last), then by target date, then plan file, then action."""
    group = (0, agency.casefold(), agency) if agency else (1, "", "")
    return (group, action.target_date, file, ref)


@dataclass(frozen=True)
class RecommendationRating:
    number: str                            # the recommendation's identifier in the plan (its key)
    rag: str
    actions: tuple[ActionRating, ...]
    addressed_to: str | None = None


@dataclass(frozen=True)
class PlanRating:
    rag: str
    recommendations: tuple[RecommendationRating, ...]


def action_ratings(plan: Plan, findings: list[Finding], policy: str = "worst_of") -> dict[str, str]:
    """Suggested RAG per action fact id (`action:R2.A2`): the worst of its findings, green when none."""
    by_action: dict[tuple[str | None, str], list[str]] = {}
    for finding in findings:
        if finding.action is not None and finding.counts:
            by_action.setdefault((finding.recommendation, finding.action), []).append(finding.rag)
    return {f"action:{action_ref(plan.key(r), a.number)}": _action_rag(by_action.get((plan.key(r), a.number), []),
                                                                         a, policy)
            for r in plan.recommendations for a in r.actions}


def _action_rag(rags: list[str], action: Action, policy: str) -> str:
    """Worst of the findings; under `blue_for_complete`, blue for clean work that is done and evidenced."""
    rag = worst(rags)
    if policy == "blue_for_complete" and rag == "green" and action.evidence_provided and (
            action.completion_date is not None or action.status == Status.complete):
        return "blue"
    return rag


def rate_plan(plan: Plan, findings: list[Finding], policy: str = "worst_of") -> PlanRating:
    """Actions take the worst of their findings; recommendations and the plan roll up from below.

    Findings about the recommendation itself count for the recommendation; findings about the
    plan, its published recommendations and its monitoring records count for the plan. Waived
    findings do not count. Under `blue_for_complete` a recommendation or plan is blue only when
    everything below it is.
    """
    findings = [f for f in findings if f.counts]
    suggested = action_ratings(plan, findings, policy)
    recommendations = []
    for recommendation in plan.recommendations:
        key = plan.key(recommendation)
        actions = tuple(_action_rating(recommendation, a, suggested[f"action:{action_ref(key, a.number)}"])
                        for a in recommendation.actions)
        own = [f.rag for f in findings if f.recommendation == key and f.action is None]
        recommendations.append(RecommendationRating(key, worst([a.rag for a in actions] + own), actions,
                                                    _joined(recommendation.addressed_to)))
    plan_level = [f.rag for f in findings if f.recommendation is None]
    return PlanRating(worst([r.rag for r in recommendations] + plan_level), tuple(recommendations))


def _action_rating(recommendation: Recommendation, action: Action, suggested: str) -> ActionRating:
    return ActionRating(action.number, suggested, action.self_rag.value if action.self_rag else None,
                        action.description, action.lead_agency, _joined(recommendation.addressed_to),
                        action.target_date, action.completion_date,
                        action.status.value if action.status else None)


def _joined(names: list[str]) -> str | None:
    """Several addressees as one line, as reports show them."""
    return ", ".join(names) if names else None
