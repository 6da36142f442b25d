"""An agency's view of a run: only what it answers for, so an agency lead sees their own work.

An action belongs to its lead agency or, when it names none (as in plans transcribed from
older published reviews), to the agency its recommendation is addressed to. A release (and
its pre-release RAMA) belongs to the agency that manages the offender (`managed_by`), the
refuge directory to whoever maintains it. Names match without regard to case, spacing or
punctuation, and through the aliases the partnership lists in `dhr-check.yaml` (`agencies:`),
so "GMPT" and "Probation Service (Westvale Probation Delivery Unit)" can both be the
Probation Service. Findings about the plan as a whole (sign-off, coverage of the published
recommendations) belong to no single agency, so a filtered run leaves them out; they appear
only in an unfiltered run.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from typing import Iterable, Mapping, Sequence

from .results import PlanResult, RunResult
from .findings import Finding, worst
from .rag import PlanRating

__all__ = ["for_agency", "agencies", "same_agency", "canonical_agency", "agency_key", "closest_agencies",
           "PLAN_WIDE_NOTE", "Aliases"]

Aliases = Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]
"""The partnership's agency names, each with the other names plans use for it."""

PLAN_WIDE_NOTE = ("The releases it manages and the refuge directory it maintains are shown too. Findings about a "
                  "plan as a whole (sign-off, coverage of the published recommendations), and about releases or a "
                  "refuge directory that name no managing agency, belong to no single agency and are shown only in "
                  "unfiltered runs.")
"""What every report filtered to one agency says about the findings it leaves out."""


def agency_key(name: str) -> str:
    """A name as compared: letters and digits only, case folded ('Probation Service (PDU)' ~ 'probationservicepdu')."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


def _index(aliases: Aliases) -> dict[str, str]:
    """key of every name and alias -> the partnership's name for the agency."""
    pairs = aliases.items() if isinstance(aliases, Mapping) else aliases
    index: dict[str, str] = {}
    for name, others in pairs:
        for written in (name, *others):
            index.setdefault(agency_key(written), name)
    return index


def canonical_agency(name: str | None, aliases: Aliases = ()) -> str | None:
    """The partnership's name for an agency as a plan writes it; the name itself when no alias lists it."""
    if name is None:
        return None
    return _index(aliases).get(agency_key(name), name)


def same_agency(a: str | None, b: str | None, aliases: Aliases = ()) -> bool:
    """Agency names as people type them: case, spacing, punctuation and the partnership's aliases do not matter."""
    return _same(a, b, _index(aliases))


def _same(a: str | None, b: str | None, index: dict[str, str]) -> bool:
    if a is None or b is None:
        return False
    return agency_key(index.get(agency_key(a), a)) == agency_key(index.get(agency_key(b), b))


def agencies(result: RunResult) -> list[str]:
    """Every agency that answers for an action, release or refuge directory in the run, sorted, named as the
    partnership's settings name it (else as first written)."""
    index = _index(result.settings.agency_names)
    seen: dict[str, str] = {}
    for name in _named(result):
        name = index.get(agency_key(name), name)
        seen.setdefault(agency_key(name), name)
    return sorted(seen.values(), key=str.casefold)


def closest_agencies(result: RunResult, wanted: str) -> list[str]:
    """The agencies (and aliases) a mistyped name most resembles, best first, for 'did you mean'."""
    written = {agency_key(name): name for name in agencies(result)}
    for name, others in result.settings.agency_names:
        for alias in (name, *others):
            written.setdefault(agency_key(alias), alias)
    return [written[key] for key in difflib.get_close_matches(agency_key(wanted), list(written), n=3, cutoff=0.6)]


def _named(result: RunResult) -> Iterable[str]:
    for plan in result.plans:
        for recommendation in plan.rating.recommendations:
            for action in recommendation.actions:
                if action.agency:
                    yield action.agency
        for finding in plan.findings:
            if finding.agency:
                yield finding.agency


def for_agency(result: RunResult, agency: str) -> RunResult:
    """The run restricted to what `agency` answers for; other plans are left out.

    Recommendations and plans are rated again from what is kept (and the recommendation's own
    findings, when it is addressed to the agency), so the ratings describe the agency's work.
    Files that could not be checked stay listed: the run is incomplete whoever reads it.
    """
    index = _index(result.settings.agency_names)
    agency = next((name for name in agencies(result) if _same(name, agency, index)),
                  index.get(agency_key(agency), agency))
    plans = [view for plan in result.plans if (view := _plan_for(plan, agency, index)) is not None]
    settings = dataclasses.replace(result.settings, agency=agency)
    return dataclasses.replace(result, plans=plans, settings=settings)


def _plan_for(plan: PlanResult, agency: str, index: dict[str, str]) -> PlanResult | None:
    recommendations = []
    findings = [f for f in plan.findings if f.recommendation is None and _same(f.agency, agency, index)]
    for recommendation in plan.rating.recommendations:
        actions = tuple(a for a in recommendation.actions if _same(a.agency, agency, index))
        numbers = {a.number for a in actions}
        own = [f for f in plan.findings if f.recommendation == recommendation.number and f.action is None]
        if not _same(recommendation.addressed_to, agency, index):
            own = []
        if not actions and not own:
            continue
        kept = own + [f for f in plan.findings
                      if f.recommendation == recommendation.number and f.action in numbers]
        findings += kept
        recommendations.append(dataclasses.replace(
            recommendation, rag=worst([a.rag for a in actions] + [f.rag for f in own if f.counts]),
            actions=actions))
    if not recommendations and not findings:
        return None
    records = [f.rag for f in findings if f.recommendation is None and f.counts]     # its releases, its directory
    rating = PlanRating(worst([r.rag for r in recommendations] + records), tuple(recommendations))
    return dataclasses.replace(plan, rating=rating, findings=sorted(findings, key=Finding.sort_key))
