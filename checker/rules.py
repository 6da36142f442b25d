"""Rule files: load, validate and parse the small declarative condition language.

A rule is data. Its condition is parsed here into a tree of plain dataclasses
(`Condition`) that the engine compiles to a durable-rules ruleset and that the
reference evaluator reads directly. Nothing in a rule file is ever run as
Python, and message templates only substitute plain names.

The condition language (each entry is a mapping with one key):

    all: [cond, ...]            every condition holds
    any: [cond, ...]            at least one holds
    missing: field              the field has no value
    present: field              the field has a value
    empty: field                a list field (evidence, updates, ...) has no items
    equals: {field: value}      the field has this value
    not_equals: {field: value}  the field is missing or has another value
    one_of: {field: [v, ...]}   the field has one of these values
    not_one_of: {field: [...]}  the field is missing or has none of these values
    compare: {field: f, op: "<", value: v}          or other_field: g instead of value
    before_as_of: field         the date is before the as-of date
    after_as_of: field          the date is after the as-of date (a date not yet reached: a data error)
    older_than: {field: f, days: N}                 the date is more than N days before the as-of date;
                                                    days may be {field: g, default: N}
    within_next_days: {field: f, days: N}           the date is on or after the as-of date, at most N days on
    less_than_days_before: {field: f, other_field: g, days: N}
                                                    f is later than N days before g (both present)
    matches: {field: f, pattern: "text*", ignore_case: true}
                                                    the text matches a pattern (* any text, ? one character)
    no_related: {kind: k, where: {their_field: our_field}}
                                                    no fact of kind k has their_field equal to our our_field

Any number N, value or list may instead name one of the rule's parameters.

Instead of `when`, a rule about the plan may give a `tolerance`: the share of
the plan's records of one kind for which a condition holds must be at least a
percentage ("at least 95% of actions name a lead agency").
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem, RuleError
from .files import TooManyEntries, files_below
from .facts import FIELDS, KINDS, RATING_FIELDS
from .load import RULE, Document, YamlProblem, read_yaml
from .problems import validation_problem

__all__ = [
    "Rule", "Parameter", "Condition", "All", "Any_", "Missing", "Present", "Empty", "Equals", "NotEquals",
    "OneOf", "NotOneOf", "Compare", "BeforeAsOf", "AfterAsOf", "OlderThan", "WithinNextDays", "LessThanDaysBefore",
    "Matches", "NoRelated", "DaysFromField", "Tolerance", "load_rules", "load_rule", "rule_files",
    "bundled_rules_dir", "bundled_packs", "render_message", "condition_fields", "MAX_ONE_OF", "MAX_CONDITION_WEIGHT",
    "PHASES", "TOLERANCE_FIELDS",
]

MAX_ONE_OF = 50
"""Values in one `one_of`; the engine hangs with hundreds of equality constants on one field."""

MAX_CONDITION_WEIGHT = 24
"""Expression slots one condition may take in the rule engine, which has 31 (see `MAX_SLOTS` in engine.py):
an all/any nesting eleven deep, or any twelve of not_equals, not_one_of, compare and date tests."""

RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
PHASES = ("plan", "after_rating", "waivers")
"""Evaluation order: plan facts; then action facts with their suggested RAG; then the waivers file's entries."""
TOLERANCE_FIELDS = ("share_percent", "held", "total")
"""Values a tolerance rule's message may quote besides the plan's fields and the rule's parameters."""
PATTERN_CHARS = re.compile(r"^[A-Za-z0-9 _\-/:,'&*?.]*$")


# ---------------------------------------------------------------------------------------------
# The condition tree

@dataclass(frozen=True)
class All:
    items: tuple["Condition", ...]


@dataclass(frozen=True)
class Any_:
    items: tuple["Condition", ...]


@dataclass(frozen=True)
class Missing:
    field: str


@dataclass(frozen=True)
class Present:
    field: str


@dataclass(frozen=True)
class Empty:
    field: str


@dataclass(frozen=True)
class Equals:
    field: str
    value: int | str | bool


@dataclass(frozen=True)
class NotEquals:
    field: str
    value: int | str | bool


@dataclass(frozen=True)
class OneOf:
    field: str
    values: tuple[int | str, ...]


@dataclass(frozen=True)
class NotOneOf:
    field: str
    values: tuple[int | str, ...]


@dataclass(frozen=True)
class Compare:
    field: str
    op: str                       # one of < <= > >= == !=
    value: int | None = None      # dates are day numbers
    other_field: str | None = None


@dataclass(frozen=True)
class BeforeAsOf:
    field: str


@dataclass(frozen=True)
class AfterAsOf:
    field: str


@dataclass(frozen=True)
class DaysFromField:
    """A number of days taken from a field of the fact, or `default` when the field is missing."""

    field: str
    default: int


@dataclass(frozen=True)
class OlderThan:
    field: str
    days: int | DaysFromField


@dataclass(frozen=True)
class WithinNextDays:
    field: str
    days: int


@dataclass(frozen=True)
class LessThanDaysBefore:
    field: str
    other_field: str
    days: int


@dataclass(frozen=True)
class Matches:
    field: str
    pattern: str                  # * any text, ? one character; whole-text match
    ignore_case: bool = False


@dataclass(frozen=True)
class NoRelated:
    kind: str
    where: tuple[tuple[str, str], ...]   # (their field, our field) pairs


Condition = Union[All, Any_, Missing, Present, Empty, Equals, NotEquals, OneOf, NotOneOf, Compare,
                  BeforeAsOf, AfterAsOf, OlderThan, WithinNextDays, LessThanDaysBefore, Matches, NoRelated]


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


def load_rules(directories: Path | str | list[Path | str] | None = None,
               overrides: dict[str, dict[str, Any]] | None = None) -> list[Rule]:
    """Load and validate every rule in the folders (default: the shipped 'default' pack).

    `overrides` maps a rule id to parameter values replacing the defaults. Raises `RuleError`
    listing every defect.
    """
    if directories is None:
        directories = [bundled_rules_dir() / "default"]
    elif not isinstance(directories, list):
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
    parser = _ConditionParser(document, shape.id, shape.applies_to, phase, values)
    when = parser.parse(shape.when, ("when",), top=True) if shape.when is not None else None
    tolerance = None
    if shape.tolerance is not None:
        tolerance, tolerance_parameters = _tolerance(document, shape, phase, values)
        parser.parameters_used |= tolerance_parameters
    escalate = (parser.parse(shape.escalate_to_red_when, ("escalate_to_red_when",), top=True)
                if shape.escalate_to_red_when is not None else None)
    parts = [(("when",), shape.applies_to, when), (("escalate_to_red_when",), shape.applies_to, escalate)]
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
    from .engine import MAX_AT_ONCE, MAX_TESTS, rule_cost   # the engine's own compiled form is what is measured

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


def _tolerance(document: Document, shape: RuleFile, phase: str, values: dict[str, Any]
               ) -> tuple[Tolerance, set[str]]:
    spec = shape.tolerance
    path = ("tolerance",)
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
    inner = _ConditionParser(document, shape.id, spec.of, phase, values)
    holds = inner.parse(spec.holds, path + ("holds",), top=False)
    return Tolerance(spec.of, holds, percent), used | inner.parameters_used


def condition_fields(condition: Condition) -> set[str]:
    """The subject's own fields a condition looks at (not those of related records)."""
    if isinstance(condition, (All, Any_)):
        return set().union(*(condition_fields(item) for item in condition.items))
    if isinstance(condition, NoRelated):
        return {ours for _theirs, ours in condition.where}
    found = {getattr(condition, name) for name in ("field", "other_field") if getattr(condition, name, None)}
    days = getattr(condition, "days", None)
    if isinstance(days, DaysFromField):
        found.add(days.field)
    return found


def render_message(template: str, values: dict[str, Any]) -> str:
    """Fill `{name}` placeholders with readable values; long text is shortened with an ellipsis."""
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


class _ConditionParser:
    """Parses the YAML form of a condition into the dataclass tree, checking every name."""

    def __init__(self, document: Document, rule_id: str, kind: str, phase: str, values: dict[str, Any]):
        self.document = document
        self.rule_id = rule_id
        self.kind = kind
        self.phase = phase
        self.values = values
        self.fields_used: set[str] = set()
        self.parameters_used: set[str] = set()

    def fail(self, path: tuple, message: str) -> RuleError:
        return RuleError([_problem(self.document, path, f"rule {self.rule_id}: {message}")])

    def parse(self, node: Any, path: tuple, top: bool = False) -> Condition:
        if not isinstance(node, dict) or len(node) != 1:
            raise self.fail(path, "each condition is a mapping with exactly one key, such as "
                                  "'missing: lead_agency' or 'all: [...]'.")
        (op, arg), = node.items()
        handler = getattr(self, f"_op_{op}", None)
        if handler is None:
            raise self.fail(path, f"unknown condition '{op}'. Use one of: {', '.join(OPERATORS)}.")
        path = path + (op,)
        if op == "no_related" and not top:
            raise self.fail(path, "'no_related' may only stand at the top of 'when' or directly in its 'all'.")
        if op == "all" and top:
            return All(tuple(self.parse(item, path + (i,), top=True) for i, item in enumerate(self._list(arg, path))))
        return handler(arg, path)

    # -- helpers -----------------------------------------------------------------------------
    def _list(self, arg: Any, path: tuple) -> list:
        if not isinstance(arg, list) or not arg:
            raise self.fail(path, "give a non-empty list of conditions.")
        return arg

    def _field(self, name: Any, path: tuple, types: tuple[str, ...] | None = None, kind: str | None = None) -> str:
        kind = kind or self.kind
        fields = FIELDS[kind]
        if not isinstance(name, str) or name not in fields:
            raise self.fail(path, f"'{name}' is not a field of {kind}. Fields: {', '.join(fields)}.")
        if name in RATING_FIELDS and self.phase != "after_rating":
            raise self.fail(path, f"'{name}' is only known after rating; add 'phase: after_rating'.")
        if types and fields[name] not in types:
            raise self.fail(path, f"'{name}' is a {fields[name]} field; this condition needs "
                                  f"{' or '.join(types)}.")
        if kind == self.kind:
            self.fields_used.add(name)
        return name

    def _resolve(self, value: Any, path: tuple) -> Any:
        """A literal, or the value of the parameter it names (written as a plain name in `days:`)."""
        if isinstance(value, str) and value in self.values:
            self.parameters_used.add(value)
            return self.values[value]
        return value

    def _days(self, value: Any, path: tuple) -> int:
        value = self._resolve(value, path)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 36600:
            raise self.fail(path, f"days must be a whole number from 0 to 36600 or a parameter name, "
                                  f"not {value!r}.")
        return value

    def _scalar_for(self, name: str, value: Any, path: tuple) -> int | str | bool:
        value = self._resolve(value, path)
        ftype = FIELDS[self.kind][name]
        if ftype == "date":
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return value.toordinal()
            raise self.fail(path, f"'{name}' is a date; compare it with a date written YYYY-MM-DD.")
        expected = {"text": str, "bool": bool}.get(ftype, int)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise self.fail(path, f"'{name}' is a {ftype} field; {value!r} is not a {ftype}.")
        if isinstance(value, str) and not value.strip():
            raise self.fail(path, "compare with a non-empty text.")
        return value

    def _pair(self, arg: Any, path: tuple) -> tuple[str, Any]:
        if not isinstance(arg, dict) or len(arg) != 1:
            raise self.fail(path, "write this as {field: value}, one field.")
        (name, value), = arg.items()
        return self._field(name, path), value

    # -- operators -----------------------------------------------------------------------------
    def _op_all(self, arg, path):
        return All(tuple(self.parse(item, path + (i,)) for i, item in enumerate(self._list(arg, path))))

    def _op_any(self, arg, path):
        return Any_(tuple(self.parse(item, path + (i,)) for i, item in enumerate(self._list(arg, path))))

    def _op_missing(self, arg, path):
        return Missing(self._field(arg, path, ("text", "number", "date", "bool")))

    def _op_present(self, arg, path):
        return Present(self._field(arg, path, ("text", "number", "date", "bool")))

    def _op_empty(self, arg, path):
        return Empty(self._field(arg, path, ("count",)))

    def _op_equals(self, arg, path):
        name, value = self._pair(arg, path)
        return Equals(name, self._scalar_for(name, value, path))

    def _op_not_equals(self, arg, path):
        name, value = self._pair(arg, path)
        return NotEquals(name, self._scalar_for(name, value, path))

    def _values(self, arg, path):
        name, values = self._pair(arg, path)
        values = self._resolve(values, path)
        if not isinstance(values, list) or not values or len(values) > MAX_ONE_OF:
            raise self.fail(path, f"give a list of 1 to {MAX_ONE_OF} values (or a parameter holding one).")
        return name, tuple(sorted({self._scalar_for(name, v, path) for v in values}, key=repr))

    def _op_one_of(self, arg, path):
        return OneOf(*self._values(arg, path))

    def _op_not_one_of(self, arg, path):
        return NotOneOf(*self._values(arg, path))

    def _op_compare(self, arg, path):
        if not isinstance(arg, dict) or set(arg) - {"field", "op", "value", "other_field"} \
                or "field" not in arg or "op" not in arg or (("value" in arg) == ("other_field" in arg)):
            raise self.fail(path, "write compare as {field: f, op: '<', value: v} or with other_field: g.")
        name = self._field(arg["field"], path + ("field",), ("number", "date", "count"))
        if arg["op"] not in ("<", "<=", ">", ">=", "==", "!="):
            raise self.fail(path + ("op",), "op must be one of < <= > >= == !=.")
        if "other_field" in arg:
            other = self._field(arg["other_field"], path + ("other_field",), ("number", "date", "count"))
            if (FIELDS[self.kind][name] == "date") != (FIELDS[self.kind][other] == "date"):
                raise self.fail(path, "compare a date only with another date.")
            return Compare(name, arg["op"], other_field=other)
        value = self._resolve(arg["value"], path + ("value",))
        if FIELDS[self.kind][name] == "date":
            value = self._scalar_for(name, value, path + ("value",))
        elif not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(path + ("value",), f"compare '{name}' with a whole number, not {value!r}.")
        return Compare(name, arg["op"], value=value)

    def _op_before_as_of(self, arg, path):
        return BeforeAsOf(self._field(arg, path, ("date",)))

    def _op_after_as_of(self, arg, path):
        return AfterAsOf(self._field(arg, path, ("date",)))

    def _op_older_than(self, arg, path):
        self._keys(arg, path, {"field", "days"})
        name = self._field(arg["field"], path + ("field",), ("date",))
        days = arg["days"]
        if isinstance(days, dict):
            self._keys(days, path + ("days",), {"field", "default"})
            source = self._field(days["field"], path + ("days", "field"), ("number",))
            return OlderThan(name, DaysFromField(source, self._days(days["default"], path + ("days",))))
        return OlderThan(name, self._days(days, path + ("days",)))

    def _op_within_next_days(self, arg, path):
        self._keys(arg, path, {"field", "days"})
        return WithinNextDays(self._field(arg["field"], path + ("field",), ("date",)),
                              self._days(arg["days"], path + ("days",)))

    def _op_less_than_days_before(self, arg, path):
        self._keys(arg, path, {"field", "other_field", "days"})
        return LessThanDaysBefore(self._field(arg["field"], path + ("field",), ("date",)),
                                  self._field(arg["other_field"], path + ("other_field",), ("date",)),
                                  self._days(arg["days"], path + ("days",)))

    def _op_matches(self, arg, path):
        if not isinstance(arg, dict) or not {"field", "pattern"} <= set(arg) <= {"field", "pattern", "ignore_case"}:
            raise self.fail(path, "write matches as {field: f, pattern: 'text*'} (ignore_case: true optional).")
        name = self._field(arg["field"], path + ("field",), ("text",))
        patterns = self._resolve(arg["pattern"], path)
        ignore_case = arg.get("ignore_case", False)
        if not isinstance(ignore_case, bool):
            raise self.fail(path + ("ignore_case",), "ignore_case is true or false.")
        if isinstance(patterns, list):          # a list (usually a parameter): any of the patterns
            if not patterns or len(patterns) > MAX_ONE_OF:
                raise self.fail(path + ("pattern",), f"give 1 to {MAX_ONE_OF} patterns.")
            matches = tuple(Matches(name, self._pattern(p, path), ignore_case) for p in patterns)
            return matches[0] if len(matches) == 1 else Any_(matches)
        return Matches(name, self._pattern(patterns, path), ignore_case)

    def _pattern(self, pattern: Any, path: tuple) -> str:
        if not isinstance(pattern, str) or not pattern or len(pattern) > 200 or not PATTERN_CHARS.match(pattern):
            raise self.fail(path + ("pattern",), "a pattern is 1-200 characters of letters, digits, spaces and "
                                                 "_ - / : , ' & . with * for any text and ? for one character.")
        return pattern

    def _op_no_related(self, arg, path):
        self._keys(arg, path, {"kind", "where"})
        kind = arg["kind"]
        if kind not in KINDS:
            raise self.fail(path + ("kind",), f"unknown kind '{kind}'. Kinds: {', '.join(KINDS)}.")
        where = arg["where"]
        if not isinstance(where, dict) or not where:
            raise self.fail(path + ("where",), "write where as {their_field: our_field}.")
        pairs = tuple(sorted((self._field(theirs, path + ("where",), kind=kind), self._field(ours, path + ("where",)))
                             for theirs, ours in where.items()))
        return NoRelated(kind, pairs)

    def _keys(self, arg: Any, path: tuple, keys: set[str]) -> None:
        if not isinstance(arg, dict) or set(arg) != keys:
            raise self.fail(path, f"this condition takes exactly the keys: {', '.join(sorted(keys))}.")


OPERATORS = tuple(name[4:] for name in dir(_ConditionParser) if name.startswith("_op_"))
