"""Waivers: board decisions to accept a finding for a time, recorded in `waivers.yaml`.

    waivers:
      - rule: DHR-TARGET-001
        plan: bolton/adult-a          # the plan id shown in reports (partnership/subject)
        recommendation: 4
        action: 1
        reason: National analysis is for the Home Office to schedule.
        approved_by: Bolton CSP board
        approved_on: 2026-01-15
        expires_on: 2026-12-31

A waived finding leaves the RAG but stays listed, with its reason and approver.
A waiver is in force from the day it was approved to its expiry, both included:
one approved after the as-of date does not waive yet (a board cannot have
accepted a finding before it met; `not_in_force` says so for the run), and
one that expires before it was approved is an error in the file. A waiver past
its expiry no longer waives, and a waiver that matches no finding is itself a
finding (rules DHR-WAIVER-001 and DHR-WAIVER-002).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from .errors import PlanError, Problem
from .facts import PlanFacts, Subject, engine_form
from .findings import Finding, WaiverNote
from .identifiers import Identifier, action_ref
from .load import Document, YamlProblem, read_yaml
from .model import PlanDate, Text
from .problems import validation_problem
from .rules import RULE_ID

__all__ = ["Waiver", "WaiverFile", "LoadedWaiver", "load_waivers", "waiver_identity", "apply_waivers",
           "impossible_dates", "not_in_force", "waiver_facts"]


class Waiver(BaseModel):
    """One board decision to accept one finding until a date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    rule: str = Field(pattern=RULE_ID, description="the rule whose finding the board accepts, e.g. DHR-TARGET-001")
    plan: Text = Field(description="plan id as reports show it, e.g. bolton/adult-a")
    recommendation: Identifier | None = Field(None, description="the recommendation's number or reference, e.g. 5.1")
    action: Identifier | None = Field(None, description="the action's number within the recommendation, e.g. 1")
    record: str | None = Field(None, description="reference of a release, for findings about one")
    reason: Text = Field(description="why the board accepts the finding for now")
    approved_by: Text = Field(description="the board or person that approved the waiver")
    approved_on: PlanDate = Field(description="the day it was approved (YYYY-MM-DD); it waives from then on")
    expires_on: PlanDate = Field(description="the last day it waives (YYYY-MM-DD); after it the finding counts again")


class WaiverFile(BaseModel):
    """The shape of waivers.yaml."""

    model_config = ConfigDict(extra="forbid")
    waivers: list[Waiver] = Field([], description="the board's waivers, one entry per finding accepted")


@dataclass(frozen=True)
class LoadedWaiver:
    waiver: Waiver
    file: str
    line: int
    column: int
    index: int

    @property
    def identity(self) -> str:
        return waiver_identity(self.waiver)

    def expired(self, as_of: dt.date) -> bool:
        return self.waiver.expires_on < as_of

    def in_force(self, as_of: dt.date) -> bool:
        """Approved on or before the as-of date and not yet expired."""
        return self.waiver.approved_on <= as_of <= self.waiver.expires_on


def waiver_identity(waiver: Waiver) -> str:
    """The same string as `Finding.identity` for the finding the waiver names."""
    return "|".join([waiver.plan, waiver.rule,
                     f"R{waiver.recommendation}" if waiver.recommendation is not None else "",
                     f"A{waiver.action}" if waiver.action is not None else "", waiver.record or ""])


def load_waivers(path: Path) -> list[LoadedWaiver]:
    """Read and validate a waivers file. Raises `PlanError` (exit 2) naming file, line and key."""
    try:
        document = read_yaml(path)
    except YamlProblem as error:
        raise PlanError([error.problem]) from None
    try:
        entries = document.data.get("waivers") if isinstance(document.data, dict) else None
        numbers = [("waivers", i, key) for i in range(len(entries) if isinstance(entries, list) else 0)
                   for key in ("recommendation", "action")]
        parsed = WaiverFile.model_validate(document.as_written(numbers))
    except ValidationError as error:
        raise PlanError(sorted({_problem(document, e) for e in error.errors(include_url=False)})) from None
    impossible = [problem for i, w in enumerate(parsed.waivers)
                  if (problem := impossible_dates(w, document, ("waivers", i))) is not None]
    if impossible:
        raise PlanError(impossible)
    return [LoadedWaiver(w, document.file, *document.position(("waivers", i)), i)
            for i, w in enumerate(parsed.waivers)]


def impossible_dates(waiver: Waiver, document: Document, path: tuple) -> Problem | None:
    """A waiver that expires before it is approved can never be in force: a problem at its expiry date."""
    if waiver.expires_on >= waiver.approved_on:
        return None
    key = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in (*path, "expires_on"))
    return Problem(document.file, *document.position((*path, "expires_on")),
                   f"'{key}' ({waiver.expires_on.isoformat()}) is before 'approved_on' "
                   f"({waiver.approved_on.isoformat()}): a waiver cannot expire before it is approved. Correct "
                   "one of the two dates.")


def not_in_force(waivers: list[LoadedWaiver], as_of: dt.date) -> list[Problem]:
    """A notice for each waiver approved after the as-of date: it waives nothing in this run.

    Not an error: a run for an earlier quarter with today's waivers file is ordinary.
    """
    return [Problem(loaded.file, loaded.line, loaded.column,
                    f"the waiver of {loaded.waiver.rule} for {loaded.waiver.plan} was approved on "
                    f"{loaded.waiver.approved_on.isoformat()}, after the as-of date {as_of.isoformat()}, so it is "
                    "not in force and waives nothing in this run.")
            for loaded in waivers if loaded.waiver.approved_on > as_of]


def _problem(document: Document, error: ErrorDetails) -> Problem:
    return validation_problem(document, error, WaiverFile, "the waivers file",
                              required_because={"reason": "a waiver must say why the finding is accepted",
                                                "approved_by": "a waiver must say who approved it"})


def apply_waivers(findings: list[Finding], waivers: list[LoadedWaiver], as_of: dt.date) -> list[Finding]:
    """Mark the findings a waiver in force covers; expired waivers, and those not yet approved, cover nothing."""
    current = {w.identity: w for w in waivers if w.in_force(as_of)}
    marked = []
    for finding in findings:
        waiver = current.get(finding.identity)
        if waiver is not None and finding.waiver is None:
            w = waiver.waiver
            finding = dataclasses.replace(finding, waiver=WaiverNote(
                w.reason, w.approved_by, w.approved_on.isoformat(), w.expires_on.isoformat(), waiver.file,
                waiver.line))
        marked.append(finding)
    return marked


def waiver_facts(waivers: list[LoadedWaiver], findings: list[Finding]) -> PlanFacts:
    """One fact per waiver of this plan, with how many of the plan's findings it names."""
    identities = [f.identity for f in findings]
    facts, subjects = [], {}
    for loaded in waivers:
        w = loaded.waiver
        fact_id = f"waiver:{loaded.index + 1}"
        values = {"rule": w.rule, "about": _about(w), "recommendation": w.recommendation, "action": w.action,
                  "record": w.record, "reason": w.reason, "approved_by": w.approved_by, "approved_on": w.approved_on,
                  "expires_on": w.expires_on, "matched_findings": identities.count(loaded.identity)}
        fact: dict[str, Any] = {"id": fact_id, "kind": "waiver"}
        fact.update((k, engine_form(v)) for k, v in values.items() if engine_form(v) is not None)
        readable: dict[str, Any] = {"ref": f"Waiver {loaded.index + 1}"}
        readable.update((k, v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items())
        facts.append(fact)
        subjects[fact_id] = Subject(fact_id, "waiver", f"Waiver {loaded.index + 1} ({w.rule})", loaded.line,
                                    loaded.column, None, None, None, readable, file=loaded.file)
    return PlanFacts(facts, subjects)


def _about(waiver: Waiver) -> str:
    """What the waiver names, as a finding would: 'Action R3.A1', 'Release WV-REL-01', 'the plan'."""
    if waiver.action is not None:
        return f"Action {action_ref(waiver.recommendation or '', waiver.action)}"
    if waiver.record:
        return f"Release {waiver.record}"
    if waiver.recommendation is not None:
        return f"Recommendation {waiver.recommendation}"
    return "the plan"
