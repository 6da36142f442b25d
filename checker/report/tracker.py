"""The action tracker: one row per action, the table partnership officers keep in a spreadsheet.

Shared by the CSV and XLSX reports so both have the same columns. Findings that are not
about one action (about a recommendation itself, or the plan as a whole) get a row of
their own, so nothing found is missing from the tracker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..findings import Finding, worst
from .summary import RunView

__all__ = ["COLUMNS", "TrackerRow", "tracker_rows", "RAG_COLUMNS", "PLAN_WIDE", "RECOMMENDATION_ITSELF"]

COLUMNS = ("Plan", "Partnership", "Plan file", "Recommendation", "Action", "What the agency will do",
           "Lead agency", "Recommendation addressed to", "Target date", "Completion date", "Status",
           "Self-assessed RAG", "Suggested RAG", "Self-assessed better than evidence", "Findings",
           "What was found")
RAG_COLUMNS = ("Self-assessed RAG", "Suggested RAG")
PLAN_WIDE = "(findings about the plan as a whole)"
RECOMMENDATION_ITSELF = "(findings about the recommendation itself)"


@dataclass(frozen=True)
class TrackerRow:
    """The cells of one row, in `COLUMNS` order; dates stay dates for the spreadsheet to format."""

    cells: tuple[str | int | dt.date | None, ...]


def tracker_rows(view: RunView) -> list[TrackerRow]:
    rows = []
    for plan_view in view.plans:
        plan = plan_view.plan
        head = (plan.subject, plan.partnership, plan.file)
        if plan_view.plan_wide:
            rows.append(_findings_row(head, None, None, PLAN_WIDE, plan_view.plan_wide))
        for rec in plan_view.recommendations:
            if rec.own_findings:
                rows.append(_findings_row(head, rec.rating.number, rec.rating.addressed_to, RECOMMENDATION_ITSELF,
                                          rec.own_findings))
            for row in rec.actions:
                action = row.action
                rows.append(TrackerRow(head + (
                    rec.rating.number, action.number, action.description, action.lead_agency,
                    action.addressed_to, action.target_date, action.completion_date,
                    (action.status or "").replace("_", " ") or None, action.self_rag, action.rag,
                    "yes" if row.gap else "no", len(row.findings), _found(row.findings))))
    return rows


def _findings_row(head: tuple, recommendation: str | None, addressed_to: str | None, what: str,
                  findings: tuple[Finding, ...]) -> TrackerRow:
    return TrackerRow(head + (recommendation, None, what, None, addressed_to, None, None, None, None,
                              worst([f.rag for f in findings if f.counts]), None, len(findings),
                              _found(findings)))


def _found(findings: tuple[Finding, ...]) -> str:
    return "\n".join(f"{'WAIVED ' if f.waiver else ''}{f.rag.upper()} {f.rule}: {f.message}"
                     + (f" (waived until {f.waiver.expires_on} by {f.waiver.approved_by}: {f.waiver.reason})"
                        if f.waiver else "") for f in findings)
