"""Flatten a validated plan into facts: one small, flat record per thing a rule can look at.

A fact is what both the durable-rules engine and the reference evaluator see.
Only ints (dates become day numbers), bounded strings and booleans go in, so
no plan content can crash or slow the engine (see durable-rules-notes). Every
fact has a unique `id`; `Subject` keeps, beside it, what a finding needs to
speak to a person: the reference, the line in the file and readable values.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .load import Document
from .model import Action, Plan

__all__ = ["FIELDS", "KINDS", "RATING_FIELDS", "Subject", "PlanFacts", "plan_facts", "add_rating", "engine_form",
           "RAG_RANK", "MAX_TEXT"]

MAX_TEXT = 2000
"""Characters of one text value the engine sees; longer text is cut (it stays whole in reports)."""

RAG_RANK = {"blue": 1, "green": 1, "amber": 2, "red": 3}
"""For comparing a self-assessed RAG with a suggested one. Blue (complete, evidenced, signed off) ranks
with green: the checker never suggests blue, so a blue self-rating on clean work is no gap."""

# What each kind of fact holds, and the type of each field, for the rule compiler to check against.
# Types: text, number, date, bool, count (how many items a list in the plan has).
FIELDS: dict[str, dict[str, str]] = {
    "plan": {
        "subject": "text", "community_safety_partnership": "text", "year_of_death": "number",
        "commissioned_on": "date", "plan_date": "date", "signed_off_by": "text", "signed_off_on": "date",
        "monitored_by": "text", "recommendations": "count", "published_recommendations": "count",
        "releases": "count",
    },
    "published_recommendation": {"number": "number", "text": "text", "addressed_to": "text"},
    "recommendation": {"number": "number", "text": "text", "addressed_to": "text", "scope": "text",
                       "actions": "count"},
    "action": {
        "recommendation": "number", "number": "number", "description": "text", "lead_agency": "text",
        "target_date": "date", "completion_date": "date", "status": "text", "planned_evidence": "count",
        "evidence_provided": "count", "key_outcomes": "count", "self_rag": "text",
        "self_rag_rank": "number", "progress_updates": "count", "last_progress_update": "date",
        "plan_signed_off_on": "date",     # the plan's sign-off: progress is due from then on
        "suggested_rag": "text", "suggested_rag_rank": "number",
    },
    "release": {
        "reference": "text", "risk_level": "text", "release_type": "text", "release_date": "date",
        "rama_held_on": "date", "rama_agencies_present": "count",
        "rama_risk_management_plan_agreed_by_all": "bool",
    },
    "refuge_directory": {"maintained_by": "text", "published_at": "text", "last_refreshed": "date",
                         "refresh_interval_days": "number"},
    # An entry of the partnership's waivers file that names this plan (see checker/waivers.py).
    "waiver": {"rule": "text", "about": "text", "recommendation": "number", "action": "number", "record": "text",
               "reason": "text", "approved_by": "text", "approved_on": "date", "expires_on": "date",
               "matched_findings": "count"},
}
KINDS = tuple(FIELDS)

# Fields that exist only once the suggested RAG is known (rules with phase: after_rating).
RATING_FIELDS = {"suggested_rag", "suggested_rag_rank"}


@dataclass
class Subject:
    """The thing a fact describes, as a person reads it in a finding."""

    fact_id: str
    kind: str
    name: str                       # e.g. "Action R2.A2", "Release GMP-0042"
    line: int
    column: int
    recommendation: int | None
    action: int | None
    record: str | None              # a release's reference, or "published N"; keeps finding ids unique
    values: dict[str, Any] = field(default_factory=dict)   # readable values for messages and reports
    file: str | None = None         # where the subject is written, when not in the plan file (a waiver)


@dataclass
class PlanFacts:
    """All facts of one plan, with their subjects, in a stable order."""

    facts: list[dict[str, Any]]
    subjects: dict[str, Subject]


def plan_facts(plan: Plan, document: Document | None = None) -> PlanFacts:
    """Turn a plan into facts. `document` gives line numbers; without it every line is 1."""
    builder = _FactBuilder(document)
    review = plan.review
    builder.add("plan", "plan", f'the plan for "{review.subject}"', ("review",), None, None, None, {
        "subject": review.subject, "community_safety_partnership": review.community_safety_partnership,
        "year_of_death": review.year_of_death, "commissioned_on": review.commissioned_on,
        "plan_date": review.plan_date, "signed_off_by": review.signed_off_by,
        "signed_off_on": review.signed_off_on, "monitored_by": review.monitored_by,
        "recommendations": len(plan.recommendations),
        "published_recommendations": len(review.published_recommendations), "releases": len(plan.releases),
    })
    for index, published in enumerate(review.published_recommendations):
        builder.add(f"published_recommendation:{published.number}", "published_recommendation",
                    f"Published recommendation {published.number}",
                    ("review", "published_recommendations", index), None, None,
                    f"published {published.number}", {
                        "number": published.number, "text": published.text,
                        "addressed_to": published.addressed_to})
    for r_index, recommendation in enumerate(plan.recommendations):
        builder.add(f"recommendation:R{recommendation.number}", "recommendation",
                    f"Recommendation {recommendation.number}", ("recommendations", r_index),
                    recommendation.number, None, None, {
                        "number": recommendation.number, "text": recommendation.text,
                        "addressed_to": recommendation.addressed_to, "scope": recommendation.scope,
                        "actions": len(recommendation.actions)})
        for a_index, action in enumerate(recommendation.actions):
            ref = f"R{recommendation.number}.A{action.number}"
            builder.add(f"action:{ref}", "action", f"Action {ref}",
                        ("recommendations", r_index, "actions", a_index),
                        recommendation.number, action.number, None,
                        _action_values(recommendation.number, action, review.signed_off_on))
    for index, release in enumerate(plan.releases):
        rama = release.pre_release_rama
        builder.add(f"release:{index + 1}", "release", f"Release {release.reference}", ("releases", index),
                    None, None, release.reference, {
                        "reference": release.reference, "risk_level": release.risk_level,
                        "release_type": release.release_type, "release_date": release.release_date,
                        "rama_held_on": rama.held_on if rama else None,
                        "rama_agencies_present": len(rama.agencies_present) if rama else None,
                        "rama_risk_management_plan_agreed_by_all":
                            rama.risk_management_plan_agreed_by_all if rama else None})
    if plan.refuge_directory is not None:
        directory = plan.refuge_directory
        builder.add("refuge_directory", "refuge_directory", "The refuge directory", ("refuge_directory",),
                    None, None, None, {
                        "maintained_by": directory.maintained_by, "published_at": directory.published_at,
                        "last_refreshed": directory.last_refreshed,
                        "refresh_interval_days": directory.refresh_interval_days})
    return PlanFacts(builder.facts, builder.subjects)


def add_rating(facts: PlanFacts, suggested: dict[str, str]) -> None:
    """Give each action fact its suggested RAG, for rules that compare it with the self-assessed one."""
    for fact in facts.facts:
        rag = suggested.get(fact["id"])
        if rag is not None:
            fact["suggested_rag"] = rag
            fact["suggested_rag_rank"] = RAG_RANK[rag]
            facts.subjects[fact["id"]].values.update(suggested_rag=rag, suggested_rag_rank=RAG_RANK[rag])


def _action_values(recommendation: int, action: Action, signed_off_on: dt.date | None) -> dict[str, Any]:
    updates = [u.date for u in action.progress_updates]
    return {
        "recommendation": recommendation, "number": action.number, "description": action.description,
        "lead_agency": action.lead_agency, "target_date": action.target_date,
        "completion_date": action.completion_date, "status": action.status,
        "planned_evidence": len(action.planned_evidence), "evidence_provided": len(action.evidence_provided),
        "key_outcomes": len(action.key_outcomes), "self_rag": action.self_rag,
        "self_rag_rank": RAG_RANK[action.self_rag.value] if action.self_rag else None,
        "progress_updates": len(updates), "last_progress_update": max(updates) if updates else None,
        "plan_signed_off_on": signed_off_on,
    }


class _FactBuilder:
    def __init__(self, document: Document | None):
        self.document = document
        self.facts: list[dict[str, Any]] = []
        self.subjects: dict[str, Subject] = {}

    def add(self, fact_id, kind, name, path, recommendation, action, record, values) -> None:
        line, column = self.document.position(path) if self.document else (1, 1)
        fact: dict[str, Any] = {"id": fact_id, "kind": kind}
        readable: dict[str, Any] = {"ref": name}
        for key, value in values.items():
            engine_value = engine_form(value)
            if engine_value is None:
                continue
            fact[key] = engine_value
            readable[key] = value.value if isinstance(value, Enum) else (
                value.isoformat() if isinstance(value, dt.date) else value)
        self.facts.append(fact)
        self.subjects[fact_id] = Subject(fact_id, kind, name, line, column, recommendation, action,
                                         record, readable)


def engine_form(value: Any) -> int | str | bool | None:
    """The safe form of a value for the engine: day numbers, bounded clean text, ints, booleans."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value[:MAX_TEXT]
        if not text.isprintable():   # rare: only then look for control and unassigned characters one by one
            text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
        return text or None
    raise TypeError(f"no engine form for {type(value).__name__}")
