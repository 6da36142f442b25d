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

from .identifiers import action_ref
from .load import Document
from .model import Action, Plan
from .rag_scale import RAG_RANK
from .vocabulary import FIELDS, KINDS, RATING_FIELDS, read_fields

__all__ = ["FIELDS", "KINDS", "RATING_FIELDS", "Subject", "PlanFacts", "plan_facts", "add_rating", "engine_form",
           "RAG_RANK", "MAX_TEXT", "normalised_wording", "first_difference"]

MAX_TEXT = 2000
"""Characters of one text value the engine sees; longer text is cut (it stays whole in reports)."""


@dataclass
class Subject:
    """The thing a fact describes, as a person reads it in a finding."""

    fact_id: str
    kind: str
    name: str                       # e.g. "Action R2.A2", "Release GMP-0042"
    line: int
    column: int
    recommendation: str | None      # the recommendation's identifier in the plan (its key)
    action: str | None
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
        **read_fields("plan", review), "recommendations": len(plan.recommendations),
        "published_recommendations": len(review.published_recommendations), "releases": len(plan.releases),
    })
    in_plan = {plan.key(r): r for r in plan.recommendations}
    for index, published in enumerate(review.published_recommendations):
        key = plan.key(published)
        ours = in_plan.get(key)
        difference = first_difference(published.text, ours.text) if ours else None
        builder.add(f"published_recommendation:{key}", "published_recommendation",
                    f"Published recommendation {key}", ("review", "published_recommendations", index), None, None,
                    f"published {key}", {
                        **read_fields("published_recommendation", published), "key": key,
                        "plan_text": ours.text if ours else None,
                        "wording_matches": difference is None if ours else None,
                        "first_difference": difference})
    for r_index, recommendation in enumerate(plan.recommendations):
        key = plan.key(recommendation)
        builder.add(f"recommendation:R{key}", "recommendation", f"Recommendation {key}",
                    ("recommendations", r_index), key, None, None,
                    {**read_fields("recommendation", recommendation), "key": key})
        for a_index, action in enumerate(recommendation.actions):
            ref = action_ref(key, action.number)
            path = ("recommendations", r_index, "actions", a_index)
            builder.add(f"action:{ref}", "action", f"Action {ref}", path, key, action.number, None,
                        _action_values(key, action, review.signed_off_on))
            for m_index, milestone in enumerate(action.milestones):
                builder.add(f"milestone:{ref}.M{m_index + 1}", "milestone",
                            f"Milestone {m_index + 1} of action {ref}", path + ("milestones", m_index),
                            key, action.number, f"milestone {m_index + 1}", {
                                **read_fields("milestone", milestone), "recommendation": key,
                                "action": action.number, "achieved": milestone.achieved})
    for index, release in enumerate(plan.releases):
        rama = release.pre_release_rama
        before = (release.release_date - rama.held_on).days if rama else None
        builder.add(f"release:{index + 1}", "release", f"Release {release.reference}", ("releases", index),
                    None, None, release.reference, {
                        **read_fields("release", release), "rama_days_before_release": before,
                        "rama_days_after_release": -before if before is not None and before < 0 else None})
    if plan.refuge_directory is not None:
        builder.add("refuge_directory", "refuge_directory", "The refuge directory", ("refuge_directory",),
                    None, None, None, read_fields("refuge_directory", plan.refuge_directory))
    return PlanFacts(builder.facts, builder.subjects)


def add_rating(facts: PlanFacts, suggested: dict[str, str]) -> None:
    """Give each action fact its suggested RAG, for rules that compare it with the self-assessed one."""
    for fact in facts.facts:
        rag = suggested.get(fact["id"])
        if rag is not None:
            fact["suggested_rag"] = rag
            fact["suggested_rag_rank"] = RAG_RANK[rag]
            facts.subjects[fact["id"]].values.update(suggested_rag=rag, suggested_rag_rank=RAG_RANK[rag])


def _action_values(recommendation: str, action: Action, signed_off_on: dt.date | None) -> dict[str, Any]:
    updates = [u.date for u in action.progress_updates]
    return {
        **read_fields("action", action), "recommendation": recommendation,
        "self_rag_rank": RAG_RANK[action.self_rag.value] if action.self_rag else None,
        "last_progress_update": max(updates) if updates else None, "plan_signed_off_on": signed_off_on,
    }


_SAME_CHARACTER = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "`": "'",
                                 "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                                 "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                                 "\u2015": "-", "\u2212": "-", "\u00a0": " "})


def normalised_wording(text: str) -> str:
    """Text as compared for wording drift: curly quotes and dashes made plain, and no white space at all
    (a space more or less, '8.61(' or '8.61 (', is not a change of wording)."""
    return "".join(text.translate(_SAME_CHARACTER).split())


def first_difference(published: str, planned: str) -> str | None:
    """'"Domestic Violence Strategy" where the plan has "Domestic Abuse Strategy"', or None if the same."""
    ours, theirs = published.translate(_SAME_CHARACTER).split(), planned.translate(_SAME_CHARACTER).split()
    if normalised_wording(published) == normalised_wording(planned):
        return None
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    start = max(0, at - 1)
    shown_published = " ".join(ours[start:at + 2]) or "nothing more"
    shown_plan = " ".join(theirs[start:at + 2]) or "nothing more"
    return f'"{shown_published}" where the plan has "{shown_plan}"'


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
            readable[key] = value.value.replace("_", " ") if isinstance(value, Enum) else (
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
