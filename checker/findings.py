"""Findings: what a rule found, where, and the suggested RAG, as frozen, sortable records, with their
messages filled in from the plan's own values and split into what was found and what to do."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from .engine_types import Match
from .facts import Subject
from .identifiers import action_ref, natural_key
from .rag_scale import RAG_ORDER, worst
from .rules import Rule

__all__ = ["RAG_ORDER", "RESPONSIBLE", "Finding", "WaiverNote", "findings_from_matches", "render_message",
           "split_message", "worst"]



@dataclass(frozen=True)
class WaiverNote:
    """Why a finding does not count towards the RAG: the board's waiver."""

    reason: str
    approved_by: str
    approved_on: str
    expires_on: str
    file: str
    line: int

    def as_record(self) -> dict[str, Any]:
        return {"reason": self.reason, "approved_by": self.approved_by, "approved_on": self.approved_on,
                "expires_on": self.expires_on, "file": self.file, "line": self.line}


@dataclass(frozen=True)
class Finding:
    """One rule that holds for one subject of one plan."""

    file: str
    line: int
    column: int
    plan: str                     # stable plan id, e.g. "bolton/adult-a"
    recommendation: str | None    # the recommendation's identifier in the plan, e.g. "5.1"
    action: str | None
    record: str | None
    rule: str
    rag: str
    subject: str
    message: str
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    waiver: WaiverNote | None = field(default=None, compare=False, hash=False)
    agency: str | None = field(default=None, compare=False, hash=False)   # who answers for the record (below)

    @property
    def counts(self) -> bool:
        """Whether the finding counts towards the RAG (it does unless a current waiver covers it)."""
        return self.waiver is None

    def sort_key(self) -> tuple:
        """Plan file, then recommendation, then action, then place in the file, then rule."""
        return (self.file, natural_key(self.recommendation), natural_key(self.action), self.line, self.column,
                self.rule)

    @property
    def found(self) -> str:
        """The message's first sentence: what was found (rule messages say that first)."""
        return split_message(self.message)[0]

    @property
    def advice(self) -> str:
        """The rest of the message: why it matters and what to do."""
        return split_message(self.message)[1]

    @property
    def action_ref(self) -> str | None:
        """'R2.A2' for a finding about an action (or one of its milestones), else None."""
        return action_ref(self.recommendation or "", self.action) if self.action is not None else None

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
                "values": self.values, "waived": self.waiver.as_record() if self.waiver else None}


RESPONSIBLE = {"release": "managed_by", "refuge_directory": "maintained_by"}
"""The field naming the agency that answers for each kind of record, so `--agency` shows it that record's findings."""


_OPENING = {'"': '"', "\u201c": "\u201d", "'": "'"}


def render_message(template: str, values: dict[str, Any]) -> str:
    """Fill `{name}` placeholders with readable values; long text is shortened with an ellipsis. (The rule
    loader has checked every placeholder is a plain known name.)"""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(_readable(values.get(name)))
    return "".join(out)


def _readable(value: Any) -> str:
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(_readable(item).replace("_", " ") for item in value)
    text = " ".join(str(value).split())
    return text if len(text) <= 90 else text[:87].rstrip() + "…"


def split_message(message: str) -> tuple[str, str]:
    """(first sentence, the rest): a sentence ends at '. ' before a capital, outside quoted plan text."""
    closing: str | None = None
    for index, character in enumerate(message):
        if closing is not None:
            if character == closing and (closing != "'" or not message[index + 1:index + 2].isalpha()):
                closing = None
        elif character in ('"', "\u201c") or (character == "'" and not message[index - 1:index].isalpha()):
            closing = _OPENING[character]
        elif character == "." and message[index + 1:index + 2] == " " and message[index + 2:index + 3].isupper():
            return message[:index + 1], message[index + 2:]
    return message, ""


def _shown_field(name: str, values: dict[str, Any]) -> str:
    """A RAG rank is shown as the RAG itself ('amber'), which is what it ranks."""
    return name[:-len("_rank")] if name.endswith("_rag_rank") and name[:-len("_rank")] in values else name


def findings_from_matches(file: str, plan_id: str, matches: list[Match], rules: dict[str, Rule],
                          subjects: dict[str, Subject], as_of: str) -> list[Finding]:
    """One finding per (rule, subject), at the worst RAG level that matched."""
    best: dict[tuple[str, str], Match] = {}
    for match in matches:
        key = (match.rule_id, match.fact_id)
        if key not in best or RAG_ORDER[match.rag] > RAG_ORDER[best[key].rag]:
            best[key] = match
    findings = []
    for (rule_id, fact_id), match in best.items():
        rule, rag = rules[rule_id], match.rag
        subject = subjects[fact_id]
        template_values = {**rule.values, **subject.values, **dict(match.detail), "as_of": as_of}
        shown = [_shown_field(name, subject.values) for name in rule.fields]
        looked_at = {name: subject.values.get(name) for name in shown} | dict(match.detail)
        findings.append(Finding(subject.file or file, subject.line, subject.column, plan_id, subject.recommendation,
                                subject.action, subject.record, rule_id, rag, subject.name,
                                render_message(rule.message, template_values), looked_at,
                                agency=subject.values.get(RESPONSIBLE.get(subject.kind, ""))))
    return sorted(findings, key=Finding.sort_key)
