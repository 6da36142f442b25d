"""Rule files: find, load and validate them into `Rule` records.

A rule is data. This module checks a rule file's shape (a pydantic model, unknown keys refused), its id,
parameters, message placeholders and what its conditions cost the rule engine, and hands each condition
to the parser in `checker/conditions/`, which owns the condition language (one class per operator).
Nothing in a rule file is ever run as Python, and message templates only substitute plain names.

Instead of `when`, a rule about the plan may give a `tolerance`: the share of
the plan's records of one kind for which a condition holds must be at least a
percentage ("at least 95% of actions name a lead agency").
"""

from __future__ import annotations

import os
import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from pydantic_core import ErrorDetails

from .conditions import MAX_ONE_OF, Condition, ConditionParser
from .engine_compile import MAX_AT_ONCE, MAX_TESTS, rule_cost   # the engine's own compiled form is measured
from .errors import Problem, RuleError
from .facts import FIELDS, KINDS
from .files import TooManyEntries, files_below
from .load import RULE, Document, YamlProblem, read_yaml
from .problems import validation_problem

__all__ = [
    "MAX_CONDITION_WEIGHT", "PHASES", "TOLERANCE_FIELDS", "Parameter", "Rule", "Tolerance", "bundled_packs",
    "bundled_rules_dir", "load_rule", "load_rules", "rule_files",
]

MAX_CONDITION_WEIGHT = 24
"""Expression slots one condition may take in the rule engine, which has 31 (see `MAX_SLOTS` in engine.py):
an all/any nesting eleven deep, or any twelve of not_equals, not_one_of, compare and date tests."""

RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
PHASES = ("plan", "after_rating", "waivers")
"""Evaluation order: plan facts; then action facts with their suggested RAG; then the waivers file's entries."""
TOLERANCE_FIELDS = ("share_percent", "held", "total")
"""Values a tolerance rule's message may quote besides the plan's fields and the rule's parameters."""


# ---------------------------------------------------------------------------------------------
# The rule file

Rag = Literal["red", "amber", "green"]


class Parameter(BaseModel):
    """A named threshold a partnership may change."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    default: StrictInt | StrictStr | list[StrictStr]     # strict: 'true' is not the number 1
    description: str = Field(min_length=1)


class ToleranceFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    of: Literal[KINDS]  # type: ignore[valid-type]
    holds: dict
    at_least_percent: StrictInt | StrictStr      # strict: true is not 1 per cent


class RuleFile(BaseModel):
    """The shape of a rule file, before its condition is parsed."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=RULE_ID)
    title: str = Field(min_length=1)
    applies_to: Literal[KINDS]  # type: ignore[valid-type]
    phase: Literal["plan", "after_rating"] = "plan"
    when: dict | None = None
    tolerance: ToleranceFile | None = None
    suggested_rag: Rag
    escalate_to_red_when: dict | None = None
    message: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    source: str = Field(min_length=1)
    parameters: dict[str, Parameter] = {}


@dataclass(frozen=True)
class Tolerance:
    """At least `at_least_percent` of the plan's `of` records must satisfy `holds`."""

    of: str
    holds: Condition
    at_least_percent: int


@dataclass(frozen=True)
class Rule:
    """A validated rule, its condition parsed, its parameters resolved to values."""

    id: str
    title: str
    applies_to: str
    phase: str
    when: Condition | None
    suggested_rag: str
    escalate_to_red_when: Condition | None
    message: str
    rationale: str
    source: str
    parameters: dict[str, Parameter]
    values: dict[str, Any]        # parameter values in force (defaults, or the partnership's)
    file: str
    fields: tuple[str, ...]       # the fields of the subject the rule looks at
    sha256: str = ""              # of the rule file, for provenance
    tolerance: Tolerance | None = None
    unused_parameters: tuple[str, ...] = ()   # declared but used by neither condition nor message

    def levels(self) -> list[tuple[str, Condition]]:
        """(RAG, condition) pairs: a finding takes the worst RAG whose condition holds."""
        if self.when is None:
            return []
        levels = [(self.suggested_rag, self.when)]
        if self.escalate_to_red_when is not None:
            levels.append(("red", self.escalate_to_red_when))
        return levels


# ---------------------------------------------------------------------------------------------
# Loading

def bundled_rules_dir() -> Path:
    """The rule packs that ship with dhr-checker (one folder per pack): the installed copy, or `rules/` in a
    checkout. The installed copy comes first: beside an installed package, `rules/` may be another
    distribution's (django-rules installs a package of that name)."""
    installed = Path(__file__).resolve().parent / "bundled_rules"
    folder = installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "rules"
    relative = Path(os.path.relpath(folder))      # shown to users as they would type it
    return folder if relative.parts[:1] == ("..",) else relative


def bundled_packs() -> list[str]:
    """Names of the shipped rule packs, e.g. ['default', 'thresholds']."""
    return sorted(p.name for p in bundled_rules_dir().iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


MAX_RULES_FOLDER_ENTRIES = 5_000
"""Files and folders a rules folder may hold in all (the shipped packs hold under a hundred)."""


def rule_files(directory: Path) -> list[Path]:
    """Every rule file below `directory` (test files `*.test.yaml` are not rules). Raises `RuleError` for a
    folder that cannot be a rules folder (`--rules /`) rather than walking the whole disk."""
    try:
        found = files_below(directory, ".yaml", MAX_RULES_FOLDER_ENTRIES)
    except (TooManyEntries, OSError) as error:
        reason = f"{error.filename}: {error.strerror}" if isinstance(error, OSError) else f"it holds {error}"
        raise RuleError([Problem(str(directory), 1, 1, f"this is not a folder of rule files ({reason}). Give the "
                                                       "folder that holds your rules, one *.yaml file per rule.")]) \
            from None
    return sorted(Path(p) for p in found if not p.endswith(".test.yaml"))


def load_rules(directories: Path | str | Sequence[Path | str] | None = None,
               overrides: dict[str, dict[str, Any]] | None = None) -> list[Rule]:
    """Load and validate every rule in the folders (default: the shipped 'default' pack).

    `overrides` maps a rule id to parameter values replacing the defaults. Raises `RuleError`
    listing every defect.
    """
    if directories is None:
        directories = [bundled_rules_dir() / "default"]
    elif isinstance(directories, (str, Path)):
        directories = [directories]
    problems: list[Problem] = []
    rules: list[Rule] = []
    files: list[Path] = []
    for directory in map(Path, directories):
        if not directory.is_dir():
            problems.append(Problem(str(directory), 1, 1, "the rules folder does not exist."))
        elif not rule_files(directory):
            problems.append(Problem(str(directory), 1, 1, "the rules folder holds no rule files (*.yaml)."))
        files += rule_files(directory)
    for path in files:
        try:
            rules.append(load_rule(path, (overrides or {}).get(path.stem)))
        except RuleError as error:
            problems.extend(error.problems)
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            problems.append(Problem(rule.file, 1, 1, f"rule id {rule.id} is also used by {seen[rule.id]}."))
        seen[rule.id] = rule.file
    if problems:
        raise RuleError(problems)
    return sorted(rules, key=lambda r: r.id)


def load_rule(path: Path, parameter_values: dict[str, Any] | None = None) -> Rule:
    """Load one rule file. Raises `RuleError` naming the file, line and key."""
    try:
        document = read_yaml(path, kind=RULE)
    except YamlProblem as error:
        raise RuleError([error.problem]) from None
    try:
        shape = RuleFile.model_validate(document.data)
    except ValidationError as error:
        raise RuleError(sorted({_validation_problem(document, e) for e in error.errors()})) from None
    if shape.id != path.stem:
        raise RuleError([_problem(document, ("id",), f"the rule id {shape.id} must match the file name "
                                                     f"(rename the file to {shape.id}.yaml or fix the id).")])
    values = {name: p.default for name, p in shape.parameters.items()}
    for name, value in (parameter_values or {}).items():
        if name not in values:
            raise RuleError([_problem(document, ("parameters",),
                                      f"rule {shape.id} has no parameter '{name}'.")])
        values[name] = value
    phase = "waivers" if shape.applies_to == "waiver" else shape.phase
    if (shape.when is None) == (shape.tolerance is None):
        raise RuleError([_problem(document, ("id",), f"rule {shape.id} needs exactly one of 'when' and "
                                                     "'tolerance'.")])
    parser = ConditionParser(document, shape.id, shape.applies_to, phase, values)
    when = parser.parse(shape.when, ("when",), top=True) if shape.when is not None else None
    tolerance = None
    if shape.tolerance is not None:
        tolerance, tolerance_parameters = _tolerance(document, shape, shape.tolerance, phase, values)
        parser.parameters_used |= tolerance_parameters
    escalate = (parser.parse(shape.escalate_to_red_when, ("escalate_to_red_when",), top=True)
                if shape.escalate_to_red_when is not None else None)
    parts: list[tuple[tuple[str, ...], str, Condition | None]] = [
        (("when",), shape.applies_to, when), (("escalate_to_red_when",), shape.applies_to, escalate)]
    if tolerance is not None:
        parts.append((("tolerance", "holds"), tolerance.of, tolerance.holds))
    for where, kind, condition in parts:
        if condition is not None:
            _within_engine_limits(document, shape.id, where, kind, condition)
    if shape.suggested_rag == "red" and escalate is not None:
        raise RuleError([_problem(document, ("escalate_to_red_when",),
                                  "the rule is already red; remove 'escalate_to_red_when'.")])
    known = set(FIELDS[shape.applies_to]) | set(values) | {"ref", "as_of"}
    placeholders = _check_template(document, shape, known | (set(TOLERANCE_FIELDS) if tolerance else set()))
    unused = tuple(sorted(set(values) - parser.parameters_used - placeholders))
    return Rule(shape.id, shape.title, shape.applies_to, phase, when, shape.suggested_rag, escalate,
                " ".join(shape.message.split()), " ".join(shape.rationale.split()),
                " ".join(shape.source.split()), dict(shape.parameters), values, str(path),
                tuple(sorted(parser.fields_used)), document.sha256, tolerance, unused)


def _within_engine_limits(document: Document, rule_id: str, path: tuple, kind: str, condition: Condition) -> None:
    """Refuse a condition the rule engine could not compile or evaluate safely (limits in checker/engine.py,
    measured on durable-rules; the bounds here leave a wide margin below them)."""
    cost = rule_cost(kind, condition)
    if cost.slots > MAX_CONDITION_WEIGHT:
        raise RuleError([_problem(document, path, (
            f"rule {rule_id}: this condition combines too much for the rule engine (weight {cost.slots}, at most "
            f"{MAX_CONDITION_WEIGHT}: each all or any of several items, not_equals, not_one_of, compare and date "
            "test weighs 2 to 6). Nest less deeply, use one_of for several values of one field, or split the "
            "rule in two."))])
    for of, tests in sorted(cost.tests.items()):
        if tests > MAX_TESTS:
            raise RuleError([_problem(document, path, (
                f"rule {rule_id}: this condition makes {tests} tests on a {of}, at most {MAX_TESTS}. Use one_of "
                f"for several values of one field (up to {MAX_ONE_OF}), or split the rule."))])
    for of, at_once in sorted(cost.at_once.items()):
        if at_once > MAX_AT_ONCE:
            raise RuleError([_problem(document, path, (
                f"rule {rule_id}: up to {at_once} of this condition's tests can hold for one {of} at the same "
                f"time, at most {MAX_AT_ONCE}. Split the 'any' into several rules."))])


def _tolerance(document: Document, shape: RuleFile, spec: ToleranceFile, phase: str, values: dict[str, Any]
               ) -> tuple[Tolerance, set[str]]:
    path: tuple[str, ...] = ("tolerance",)
    if shape.applies_to != "plan" or spec.of in ("plan", "waiver"):
        raise RuleError([_problem(document, path, f"rule {shape.id}: a tolerance applies to the plan and counts "
                                                  "records of another kind (e.g. of: action).")])
    if shape.escalate_to_red_when is not None:
        raise RuleError([_problem(document, path, f"rule {shape.id}: a tolerance rule cannot escalate.")])
    percent = values.get(spec.at_least_percent, spec.at_least_percent) if isinstance(spec.at_least_percent, str) \
        else spec.at_least_percent
    used = {spec.at_least_percent} if isinstance(spec.at_least_percent, str) and spec.at_least_percent in values \
        else set()
    if not isinstance(percent, int) or isinstance(percent, bool) or not 1 <= percent <= 100:
        raise RuleError([_problem(document, path + ("at_least_percent",),
                                  f"rule {shape.id}: at_least_percent is a whole number from 1 to 100 "
                                  "or a parameter holding one.")])
    inner = ConditionParser(document, shape.id, spec.of, phase, values)
    holds = inner.parse(spec.holds, path + ("holds",), top=False)
    return Tolerance(spec.of, holds, percent), used | inner.parameters_used


def _check_template(document: Document, shape: RuleFile, known: set[str]) -> set[str]:
    """Check every {placeholder} is a plain known name; return the names used."""
    try:
        parts = list(string.Formatter().parse(shape.message))
    except ValueError as error:
        raise RuleError([_problem(document, ("message",), f"the message template is malformed ({error}); "
                                                          "write placeholders as {name}.")]) from None
    names = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise RuleError([_problem(document, ("message",), f"placeholder {{{name}}} must be a plain name "
                                                              "such as {description}.")])
        if name not in known:
            raise RuleError([_problem(document, ("message",), f"placeholder {{{name}}} is not a field of "
                                      f"{shape.applies_to} or a parameter; use one of: "
                                      f"{', '.join(sorted(known))}.")])
        names.add(name)
    return names


def _problem(document: Document, path: tuple, message: str) -> Problem:
    line, column = document.position(path)
    return Problem(document.file, line, column, message)


def _validation_problem(document: Document, error: ErrorDetails) -> Problem:
    return validation_problem(document, error, RuleFile, "the rule", _rule_union_words)


def _rule_union_words(loc: tuple) -> str:
    """What a rule-file key that takes one of several kinds of value should be."""
    return {"at_least_percent": "a whole number or the name of a parameter",
            "default": "a whole number, a text or a list of texts"}.get(loc[-1] if loc else "", "another kind of value")

