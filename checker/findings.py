"""Findings: what a rule found, where, and the suggested RAG, as frozen, sortable records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .engine import Match
from .facts import Subject
from .model import Rag
from .rules import Rule, render_message

__all__ = ["Finding", "findings_from_matches", "worst", "RAG_ORDER"]

RAG_ORDER = {"green": 0, "amber": 1, "red": 2}
"""Severity of a suggested RAG (blue, for complete and signed off, is never suggested by a rule)."""


@dataclass(frozen=True)
class Finding:
    """One rule that holds for one subject of one plan."""

    file: str
    line: int
    column: int
    plan: str                     # stable plan id, e.g. "bolton/adult-a"
    recommendation: int | None
    action: int | None
    record: str | None
    rule: str
    rag: str
    subject: str
    message: str
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def sort_key(self) -> tuple:
        """Plan file, then recommendation, then action, then place in the file, then rule."""
        return (self.file, self.recommendation or 0, self.action or 0, self.line, self.column, self.rule)

    @property
    def identity(self) -> str:
        """Stable across runs and edits that move lines: plan, rule, recommendation, action, record."""
        parts = [self.plan, self.rule, f"R{self.recommendation}" if self.recommendation is not None else "",
                 f"A{self.action}" if self.action is not None else "", self.record or ""]
        return "|".join(parts)

    def as_record(self) -> dict[str, Any]:
        return {"id": self.identity, "rule": self.rule, "rag": self.rag, "plan": self.plan,
                "file": self.file, "line": self.line,
                "column": self.column, "recommendation": self.recommendation, "action": self.action,
                "record": self.record, "subject": self.subject, "message": self.message,
                "values": self.values}


def findings_from_matches(file: str, plan_id: str, matches: list[Match], rules: dict[str, Rule],
                          subjects: dict[str, Subject], as_of: str) -> list[Finding]:
    """One finding per (rule, subject), at the worst RAG level that matched."""
    best: dict[tuple[str, str], str] = {}
    for match in matches:
        key = (match.rule_id, match.fact_id)
        if key not in best or RAG_ORDER[match.rag] > RAG_ORDER[best[key]]:
            best[key] = match.rag
    findings = []
    for (rule_id, fact_id), rag in best.items():
        rule = rules[rule_id]
        subject = subjects[fact_id]
        template_values = {**rule.values, **subject.values, "as_of": as_of}
        looked_at = {name: subject.values.get(name) for name in rule.fields}
        findings.append(Finding(file, subject.line, subject.column, plan_id, subject.recommendation, subject.action,
                                subject.record, rule_id, rag, subject.name,
                                render_message(rule.message, template_values), looked_at))
    return sorted(findings, key=Finding.sort_key)


def worst(rags: list[str]) -> str:
    """The worst of some RAG ratings; green when there are none."""
    return max(rags, key=RAG_ORDER.__getitem__, default=Rag.green.value)
