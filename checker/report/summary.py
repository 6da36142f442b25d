"""What the board reads first, worked out once for every reporter: counts, gaps, agencies, due dates.

Reporters only lay this out; they never decide what counts as a gap or which actions
are due, so the HTML, Markdown, text and spreadsheet reports always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..agency import PLAN_WIDE_NOTE, canonical_agency
from ..results import PlanResult, RunResult
from ..findings import Finding
from ..identifiers import action_ref
from ..provenance import Provenance, provenance
from ..rag import ActionRating, RecommendationRating, due_order, is_due
from ..rag_scale import RAG_RANK, RAGS
from ..rules import Rule

__all__ = ["RunView", "PlanView", "RecommendationView", "ActionRow", "Counts", "RAGS", "NO_AGENCY",
           "PLAN_WIDE_NOTE", "rag_gap"]

FINDING_RAGS = ("red", "amber")
"""A finding is red or amber: a count of green findings would read as something passed."""

NO_AGENCY = "No agency named"


@dataclass(frozen=True)
class Counts:
    """How many things are at each suggested RAG."""

    red: int = 0
    amber: int = 0
    green: int = 0
    blue: int = 0
    shown: tuple[str, ...] = RAGS           # the ratings this kind of thing can have

    @classmethod
    def of(cls, rags, shown: tuple[str, ...] = RAGS) -> "Counts":
        counter = Counter(rags)
        return cls(counter["red"], counter["amber"], counter["green"], counter["blue"], shown=shown)

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.blue

    def items(self) -> list[tuple[str, int]]:
        """(RAG, count) worst first, of the ratings this kind of thing can have; blue only when there is some
        (it appears only where a partnership uses it)."""
        return [(rag, getattr(self, rag)) for rag in self.shown if rag != "blue" or self.blue]


def rag_gap(action: ActionRating) -> bool:
    """The agency rates the action better than the evidence supports: what auditors look for first."""
    return _gap_width(action) > 0


def _gap_width(action: ActionRating) -> int:
    """How many ratings better the agency rates the action than the evidence supports (0 or less: no gap)."""
    return 0 if action.self_rag is None else RAG_RANK[action.rag] - RAG_RANK[action.self_rag]


@dataclass(frozen=True)
class ActionRow:
    """One action with everything a report shows about it."""

    plan: PlanResult
    recommendation: RecommendationRating
    action: ActionRating
    findings: tuple[Finding, ...]
    anchor: str

    @property
    def ref(self) -> str:
        return action_ref(self.recommendation.number, self.action.number)

    @property
    def gap(self) -> bool:
        return rag_gap(self.action)

    @property
    def agency_named(self) -> bool:
        """False when the agency shown is the recommendation's addressee, not a named lead."""
        return self.action.lead_agency is not None


@dataclass(frozen=True)
class RecommendationView:
    rating: RecommendationRating
    own_findings: tuple[Finding, ...]        # about the recommendation itself, not one of its actions
    actions: tuple[ActionRow, ...]

    @property
    def action_counts(self) -> Counts:
        return Counts.of(row.action.rag for row in self.actions)


@dataclass(frozen=True)
class PlanView:
    plan: PlanResult
    anchor: str
    plan_wide: tuple[Finding, ...]           # about the plan, its published recommendations, its records
    recommendations: tuple[RecommendationView, ...]

    @property
    def actions(self) -> list[ActionRow]:
        return [row for rec in self.recommendations for row in rec.actions]

    @property
    def action_counts(self) -> Counts:
        return Counts.of(row.action.rag for row in self.actions)

    @property
    def counted(self) -> int:
        """Findings that count towards the RAG (all but the waived)."""
        return sum(1 for finding in self.plan.findings if finding.counts)

    @property
    def waived(self) -> int:
        return len(self.plan.findings) - self.counted


@dataclass
class RunView:
    """A run laid out for reading: plans, then summaries across them."""

    result: RunResult
    provenance: Provenance = field(init=False)
    plans: list[PlanView] = field(init=False)
    rules: dict[str, Rule] = field(init=False)
    anchors: dict[int, str] = field(init=False)    # id(finding) -> anchor
    plan_wide_note: str = PLAN_WIDE_NOTE

    def __post_init__(self) -> None:
        self.provenance = provenance(self.result)
        self.rules = {rule.id: rule for rule in self.result.rules}
        self._used: set[str] = set()
        self.anchors = {}
        self._action_anchors: dict[int, str] = {}           # id(finding) -> its action row
        self.plans = [self._plan_view(plan) for plan in self.result.plans]

    # -- at a glance -------------------------------------------------------------------------
    @property
    def as_of(self) -> dt.date:
        return self.result.as_of

    @property
    def agency(self) -> str | None:
        return self.result.settings.agency

    @property
    def due_within_days(self) -> int:
        return self.result.settings.due_within_days

    @property
    def actions(self) -> list[ActionRow]:
        return [row for plan in self.plans for row in plan.actions]

    @property
    def rags(self) -> tuple[str, ...]:
        """The RAG columns tables show: red, amber, green, and blue when any plan, recommendation or action is."""
        ratings = [plan.plan.rating.rag for plan in self.plans] + [
            rag for plan in self.plans for rec in plan.recommendations
            for rag in [rec.rating.rag] + [row.action.rag for row in rec.actions]]
        return RAGS if "blue" in ratings else RAGS[:3]

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    def glance(self) -> list[tuple[str, Counts]]:
        """Plans, recommendations, actions and findings by suggested RAG."""
        recommendations = [rec.rating for plan in self.plans for rec in plan.recommendations]
        return [("Plans", Counts.of(plan.plan.rating.rag for plan in self.plans)),
                ("Recommendations", Counts.of(rec.rag for rec in recommendations)),
                ("Actions", Counts.of(row.action.rag for row in self.actions)),
                ("Findings", Counts.of((finding.rag for finding in self.findings if finding.counts), FINDING_RAGS))]

    @property
    def waived(self) -> list[Finding]:
        """Findings a current board waiver takes out of the RAG; listed, never hidden."""
        return [finding for finding in self.findings if not finding.counts]

    def gaps(self) -> list[ActionRow]:
        """Actions rated better by their agency than the evidence supports, widest gap first."""
        rows = [row for row in self.actions if row.gap]
        return sorted(rows, key=lambda row: -_gap_width(row.action))

    def by_agency(self) -> list[tuple[str, Counts]]:
        """Actions by suggested RAG for each agency, most red first, then by name."""
        by_name: dict[str, tuple[str, list[str]]] = {}
        for row in self.actions:
            name = row.action.agency or NO_AGENCY
            key = " ".join(name.split()).casefold()
            by_name.setdefault(key, (name, []))[1].append(row.action.rag)
        counted = [(name, Counts.of(rags)) for name, rags in by_name.values()]
        return sorted(counted, key=lambda item: (-item[1].red, -item[1].amber, item[0].casefold()))

    @property
    def due_until(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.due_within_days)

    def due(self) -> list[ActionRow]:
        """Open actions whose target date falls from the as-of date to `due_within_days` after it, grouped by
        the agency that answers for them (see `due_by_agency`)."""
        rows = [row for row in self.actions if is_due(row.action, self.as_of, self.due_until)]
        return sorted(rows, key=lambda row: due_order(row.action, row.plan.file, row.ref, self.due_agency(row)))

    def due_agency(self, row: ActionRow) -> str | None:
        """Who is chased for a due action: the partnership's name for its agency (see `agencies:`)."""
        return canonical_agency(row.action.agency, self.result.settings.agency_names)

    def due_by_agency(self) -> list[tuple[str, list[ActionRow]]]:
        """The due list as the partnership's chase letters need it: (agency, its due actions), one run."""
        groups: dict[str, list[ActionRow]] = {}
        for row in self.due():
            groups.setdefault(self.due_agency(row) or NO_AGENCY, []).append(row)
        return list(groups.items())

    def anchor(self, finding: Finding) -> str:
        return self.anchors[id(finding)]

    def action_anchor(self, finding: Finding) -> str:
        """The anchor of the action row a finding is about (the finding must be about an action)."""
        return self._action_anchors[id(finding)]

    def rule(self, finding: Finding) -> Rule | None:
        return self.rules.get(finding.rule)

    # -- building ------------------------------------------------------------------------------
    def _plan_view(self, plan: PlanResult) -> PlanView:
        plan_anchor = self._unique("plan-" + _slug(plan.plan_id))
        about: dict[tuple[str | None, str | None], list[Finding]] = {}   # (recommendation, action) -> findings
        for finding in plan.findings:
            about.setdefault((finding.recommendation, finding.action), []).append(finding)
        recommendations = []
        for rating in plan.rating.recommendations:
            own = tuple(about.get((rating.number, None), ()))
            rows = []
            for action in rating.actions:
                findings = tuple(about.get((rating.number, action.number), ()))
                anchor = self._unique(f"{plan_anchor}-r{rating.number}-a{action.number}")
                rows.append(ActionRow(plan, rating, action, findings, anchor))
                for finding in findings:
                    self._action_anchors[id(finding)] = anchor
            recommendations.append(RecommendationView(rating, own, tuple(rows)))
        for finding in plan.findings:
            self.anchors[id(finding)] = self._unique("finding-" + _slug(finding.identity))
        plan_wide = tuple(f for f in plan.findings if f.recommendation is None)
        return PlanView(plan, plan_anchor, plan_wide, tuple(recommendations))

    def _unique(self, base: str) -> str:
        anchor, n = base, 1
        while anchor in self._used:
            n += 1
            anchor = f"{base}-{n}"
        self._used.add(anchor)
        return anchor


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
