"""Quarter over quarter: what is new, what was resolved, and which suggested RAGs moved.

Two saved run results (`dhr-check check --format json`) are compared by each finding's
stable identity (plan, rule, recommendation and action numbers, record reference), never
by line number, so editing a plan does not make old findings look new. Runs made with
different rules (or different parameters) are refused: a finding that disappeared because
a rule changed is not a finding that was resolved.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from .dates import as_of_date
from .errors import RunFileError
from .files import open_regular
from .identifiers import action_ref, recommendation_ref
from .rag_scale import RAG_ORDER
from .results import FORMAT_VERSION

__all__ = ["SavedRun", "RagChange", "RunDiff", "load_run", "compare"]

RUN_FORMAT = "dhr-check-result"
_MAX_DIGITS = 30
"""Digits in one number of a run result: its numbers are line numbers, counts and RAG ranks."""


@dataclass(frozen=True)
class SavedRun:
    """A run result read back from its JSON file."""

    name: str                      # the file name as the user gave it
    data: dict[str, Any]

    @property
    def as_of(self) -> str:
        return self.data["as_of"]

    @property
    def agency(self) -> str | None:
        return (self.data.get("provenance") or {}).get("agency")

    def findings(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Findings by (identity, subject): the subject tells apart findings that share an identity."""
        return {(f["id"], f.get("subject", "")): f for f in self.data["findings"]}

    def plans(self) -> dict[str, dict[str, Any]]:
        return {plan.get("id") or plan["file"]: plan for plan in self.data["plans"]}

    def recommendations(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Recommendations by (plan, number); numbers as text, as format 1 wrote them as integers."""
        return {(plan_id, str(rec["number"])): rec for plan_id, plan in self.plans().items()
                for rec in plan.get("recommendations", [])}

    def actions(self) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Actions by (plan, recommendation, action); numbers as text, as format 1 wrote them as integers."""
        return {(plan_id, str(rec["number"]), str(action["number"])): action
                for plan_id, plan in self.plans().items()
                for rec in plan.get("recommendations", []) for action in rec.get("actions", [])}


@dataclass(frozen=True)
class RagChange:
    """A suggested RAG that moved between the two runs, for a plan or for one of its actions."""

    plan: str
    ref: str | None                 # "R2.A2" for an action, "R2" for a recommendation, None for the plan
    old: str
    new: str
    description: str = ""

    @property
    def direction(self) -> str:
        return "worse" if RAG_ORDER[self.new] > RAG_ORDER[self.old] else "better"


@dataclass(frozen=True)
class RunDiff:
    old: SavedRun
    new: SavedRun
    new_findings: list[dict[str, Any]]
    resolved_findings: list[dict[str, Any]]
    persisting_findings: list[tuple[dict[str, Any], dict[str, Any]]]   # (old, new)
    plan_changes: list[RagChange]
    action_changes: list[RagChange]
    plans_added: list[str]
    plans_removed: list[str]
    recommendation_changes: list[RagChange] = field(default_factory=list)
    not_in_this_run: list[dict[str, Any]] = field(default_factory=list)
    """Last run's findings of plans this run did not check: not resolved, just not looked at."""
    new_plans_findings: list[dict[str, Any]] = field(default_factory=list)
    """This run's findings of plans the last run did not check: not new problems, new to the comparison."""

    @property
    def changes(self) -> list[RagChange]:
        """Every suggested RAG that moved: plans, then recommendations, then actions."""
        return self.plan_changes + self.recommendation_changes + self.action_changes

    def moved(self, direction: str) -> list[RagChange]:
        """Plan, recommendation and action ratings that got `worse` or `better`."""
        return [change for change in self.changes if change.direction == direction]


def load_run(path: Path | str) -> SavedRun:
    """Read a saved run result. Raises `RunFileError` saying plainly what is wrong with the file."""
    name = str(path)
    try:
        with open_regular(path) as stream:
            raw = stream.read()
    except OSError as error:
        raise RunFileError(f"cannot read {name}: {error.strerror or error}.") from None
    data = _parse_json(raw, name)
    if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
        raise RunFileError(f"{name} is JSON but not a dhr-check run result; give the file written by "
                           "'dhr-check check ... --format json'.")
    try:
        _SavedRunShape.model_validate(data)
    except ValidationError as error:
        raise RunFileError(_shape_problem(name, error.errors(include_url=False)[0])) from None
    return SavedRun(name, data)


def _parse_json(raw: bytes, name: str) -> Any:
    """The JSON in `raw`, refusing what no run result holds: NaN or Infinity, numbers of more than
    `_MAX_DIGITS` digits (Python refuses 4,300 with a ValueError) and nesting deeper than Python recurses."""
    def constant(word: str) -> Any:
        raise _NotARunValue(f"it holds {word}, which is not a number")

    def integer(text: str) -> int:
        if len(text) > _MAX_DIGITS:
            raise _NotARunValue(f"it holds a number of {len(text):,} digits")
        return int(text)

    def real(text: str) -> float:
        value = float(text)
        if len(text) > _MAX_DIGITS or not math.isfinite(value):
            raise _NotARunValue(f"it holds the number {text[:20]}{'...' if len(text) > 20 else ''}")
        return value

    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=constant, parse_int=integer, parse_float=real)
    except UnicodeDecodeError:
        raise RunFileError(f"{name} is not a text file; give the JSON file written by "
                           "'dhr-check check ... --format json'.") from None
    except json.JSONDecodeError as error:
        raise RunFileError(f"{name} is not JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
                           "give the file written by 'dhr-check check ... --format json'.") from None
    except _NotARunValue as error:
        what = str(error)
    except RecursionError:
        what = "it nests lists and objects thousands of levels deep"
    raise RunFileError(f"{name} is not a dhr-check run result: {what}. Give the file written by "
                       "'dhr-check check ... --format json'.")


class _NotARunValue(ValueError):
    """A JSON value no run result holds."""


def _shape_problem(name: str, error: ErrorDetails) -> str:
    where = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
    reason = error.get("ctx", {}).get("error") if error["type"] == "value_error" else None
    if reason and tuple(error["loc"]) == ("format_version",):
        return f"{name} {reason}."
    if error["type"] == "missing":
        detail = f"'{where}' is missing"
    elif reason:
        detail = f"'{where}': {reason}"
    else:
        detail = f"'{where}' is malformed ({error['msg'][0].lower() + error['msg'][1:]})"
    return (f"{name} is not a complete dhr-check run result: {detail}. Give the file written by "
            "'dhr-check check ... --format json'.")


def _as_of(value: str) -> str:
    as_of_date(value)
    return value


def _known_version(value: int) -> int:
    if value > FORMAT_VERSION:
        raise ValueError(f"was written by a newer dhr-check (format_version {value}; this one reads "
                         f"{FORMAT_VERSION} and older). Upgrade dhr-check to compare it")
    return value


_Rag = Literal["blue", "green", "amber", "red"]


class _Shape(BaseModel):
    """What `diff` reads of a run result; other keys are left alone."""

    model_config = ConfigDict(extra="allow", strict=True)


class _Finding(_Shape):
    id: str
    rule: str
    rag: _Rag
    plan: str
    subject: str = ""
    message: str


class _Action(_Shape):
    number: int | str                # format 1 wrote integers; format 2 the text the plan writes
    rag: _Rag
    description: str | None = None


class _Recommendation(_Shape):
    number: int | str
    actions: list[_Action] = []


class _Plan(_Shape):
    id: str | None = None
    file: str
    rag: _Rag
    subject: str | None = None
    recommendations: list[_Recommendation] = []


class _Rule(_Shape):
    id: str
    sha256: str | None = None


class _Provenance(_Shape):
    agency: str | None = None


class _SavedRunShape(_Shape):
    format: Literal["dhr-check-result"]
    format_version: Annotated[int, Field(ge=1), AfterValidator(_known_version)] = 1
    as_of: Annotated[str, AfterValidator(_as_of)]
    rules: list[_Rule]
    plans: list[_Plan]
    findings: list[_Finding]
    provenance: _Provenance | None = None


def compare(old: SavedRun, new: SavedRun) -> RunDiff:
    """What changed from `old` to `new`. Raises `RunFileError` when the runs are not comparable."""
    _same_rules(old, new)
    if (old.agency or "").casefold() != (new.agency or "").casefold():
        raise RunFileError(f"{old.name} is {_scope(old.agency)} but {new.name} is {_scope(new.agency)}; "
                           "compare runs with the same --agency.")
    old_findings, new_findings = old.findings(), new.findings()
    old_plans, new_plans = old.plans(), new.plans()
    old_actions = old.actions()
    plan_changes = [RagChange(plan_id, None, old_plans[plan_id]["rag"], plan["rag"], plan.get("subject", ""))
                    for plan_id, plan in new_plans.items()
                    if plan_id in old_plans and old_plans[plan_id]["rag"] != plan["rag"]]
    action_changes = []
    for (plan_id, rec, number), action in new.actions().items():
        before = old_actions.get((plan_id, rec, number))
        if before is not None and before["rag"] != action["rag"]:
            action_changes.append(RagChange(plan_id, action_ref(rec, number), before["rag"], action["rag"],
                                            action.get("description", "")))
    old_recommendations = old.recommendations()
    recommendation_changes = [
        RagChange(plan_id, recommendation_ref(number), old_recommendations[(plan_id, number)]["rag"], rec["rag"],
                  rec.get("addressed_to") or "")
        for (plan_id, number), rec in new.recommendations().items()
        if (plan_id, number) in old_recommendations and old_recommendations[(plan_id, number)]["rag"] != rec["rag"]]
    added = [plan_id for plan_id in new_plans if plan_id not in old_plans]
    removed = [plan_id for plan_id in old_plans if plan_id not in new_plans]
    gone = [f for key, f in old_findings.items() if key not in new_findings]
    arrived = [f for key, f in new_findings.items() if key not in old_findings]
    return RunDiff(
        old, new,
        new_findings=[f for f in arrived if f["plan"] not in added],
        resolved_findings=[f for f in gone if f["plan"] not in removed],
        persisting_findings=[(old_findings[key], f) for key, f in new_findings.items() if key in old_findings],
        plan_changes=plan_changes, action_changes=action_changes, plans_added=added, plans_removed=removed,
        recommendation_changes=recommendation_changes,
        not_in_this_run=[f for f in gone if f["plan"] in removed],
        new_plans_findings=[f for f in arrived if f["plan"] in added])


def _same_rules(old: SavedRun, new: SavedRun) -> None:
    before, after = _rule_versions(old), _rule_versions(new)
    changes = [f"{rule} only in {old.name}" for rule in sorted(set(before) - set(after))]
    changes += [f"{rule} only in {new.name}" for rule in sorted(set(after) - set(before))]
    changes += [f"{rule} changed" for rule in sorted(set(before) & set(after))
                if not _same_version(before[rule], after[rule])]
    if not changes:
        return
    raise RunFileError(f"the two runs used different rules ({'; '.join(changes)}), so a finding that "
                       "disappeared may not have been resolved. Compare runs made with the same rules and "
                       "parameters.")


def _rule_versions(run: SavedRun) -> dict[str, tuple[str | None, str]]:
    """Each rule's file hash (None in results saved before hashes were recorded) and parameter values."""
    versions = {}
    for rule in run.data["rules"]:
        if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
            raise RunFileError(f"{run.name} is not a complete dhr-check run result: a rule is malformed.")
        versions[rule["id"]] = (rule.get("sha256") or None, json.dumps(rule.get("parameters"), sort_keys=True))
    return versions


def _same_version(a: tuple[str | None, str], b: tuple[str | None, str]) -> bool:
    """Same parameters, and the same rule file wherever both runs recorded its hash."""
    return a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0])


def _scope(agency: str | None) -> str:
    return f"filtered to {agency}" if agency else "not filtered to an agency"
