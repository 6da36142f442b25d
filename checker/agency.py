"""An agency's view of a run: only the actions it leads, so an agency lead sees their own work.

An action belongs to its lead agency or, when it names none (as in plans transcribed from
older published reviews), to the agency its recommendation is addressed to. Names match
without regard to case or spacing. Findings about the plan as a whole (sign-off, coverage
of the published recommendations, releases, the refuge directory) belong to no single
agency, so a filtered run leaves them out; they appear only in an unfiltered run.
"""

from __future__ import annotations

import dataclasses

from .check import PlanResult, RunResult
from .findings import Finding, worst
from .rag import PlanRating

__all__ = ["for_agency", "agencies", "same_agency", "PLAN_WIDE_NOTE"]

PLAN_WIDE_NOTE = ("Findings about a plan as a whole (sign-off, coverage of the published recommendations, "
                  "releases, the refuge directory) belong to no single agency and are shown only in "
                  "unfiltered runs.")
"""What every report filtered to one agency says about the findings it leaves out."""


def same_agency(a: str | None, b: str | None) -> bool:
    """Agency names as people type them: case and spacing do not matter."""
    return a is not None and b is not None and _key(a) == _key(b)


def agencies(result: RunResult) -> list[str]:
    """Every agency that answers for at least one action in the run, sorted, as first written."""
    seen: dict[str, str] = {}
    for plan in result.plans:
        for recommendation in plan.rating.recommendations:
            for action in recommendation.actions:
                if action.agency:
                    seen.setdefault(_key(action.agency), action.agency)
    return sorted(seen.values(), key=str.casefold)


def for_agency(result: RunResult, agency: str) -> RunResult:
    """The run restricted to `agency`'s actions (named as the plans write it); other plans are left out.

    Recommendations and plans are rated again from the actions kept (and the recommendation's own
    findings, when it is addressed to the agency), so the ratings describe the agency's work.
    Files that could not be checked stay listed: the run is incomplete whoever reads it.
    """
    agency = next((name for name in agencies(result) if same_agency(name, agency)), agency)
    plans = [view for plan in result.plans if (view := _plan_for(plan, agency)) is not None]
    settings = dataclasses.replace(result.settings, agency=agency)
    return dataclasses.replace(result, plans=plans, settings=settings)


def _plan_for(plan: PlanResult, agency: str) -> PlanResult | None:
    recommendations = []
    findings = []
    for recommendation in plan.rating.recommendations:
        actions = tuple(a for a in recommendation.actions if same_agency(a.agency, agency))
        numbers = {a.number for a in actions}
        own = [f for f in plan.findings if f.recommendation == recommendation.number and f.action is None]
        if not same_agency(recommendation.addressed_to, agency):
            own = []
        if not actions and not own:
            continue
        kept = own + [f for f in plan.findings
                      if f.recommendation == recommendation.number and f.action in numbers]
        findings += kept
        recommendations.append(dataclasses.replace(
            recommendation, rag=worst([a.rag for a in actions] + [f.rag for f in own]), actions=actions))
    if not recommendations:
        return None
    rating = PlanRating(worst([r.rag for r in recommendations]), tuple(recommendations))
    return dataclasses.replace(plan, rating=rating, findings=sorted(findings, key=Finding.sort_key))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
