"""Rule conditions in durable-rules' JSON form, and what each rule costs the engine.

Kept apart from engine.py (which loads durable-rules and runs rulesets) so that rules.py can refuse a
condition the engine could not take, measured on the very JSON the engine would send, without importing
the engine: engine.py imports rules.py, and neither imports the other both ways.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .conditions import Condition, conjuncts
from .conditions.related import NoRelated

__all__ = ["MAX_AT_ONCE", "MAX_SLOTS", "MAX_TESTS", "Compiler", "Flag", "RuleCost", "rule_cost"]

MAX_SLOTS = 31
"""durable-rules keeps at most 31 entries in one rule part's expression sequence (MAX_SEQUENCE_EXPRESSIONS 32
in rete.h): each `$and` and `$or` takes two, each test joined to another part of the rule one.
Measured: an all/any nesting 14 deep (30 entries) compiles, 15 deep (32) fails with error 113."""

MAX_TESTS = 200
"""Tests on one kind of fact in one ruleset. Measured: 511 equality tests after one node compile; 512 make
`create_ruleset` loop for ever (its 512-bucket table, once full, is probed with no end), and an `any` of
600 `equals` spins the same way."""

MAX_AT_ONCE = 40
"""Tests on one kind of fact in one ruleset that can hold for one fact at the same time (equalities with
different values on one field count once). Measured: 64 such tests evaluate; 65 overflow durable-rules'
64-entry evaluation stack and the process aborts in free(). 129 absent-field tests after one node fail with
error 107; they count here too."""


@dataclass(frozen=True)
class RuleCost:
    """What one rule level costs durable-rules: the most expression slots of any of its parts, and per kind
    of fact its tests and how many of them can hold at once."""

    slots: int
    tests: dict[str, int]
    at_once: dict[str, int]


@dataclass(frozen=True)
class Flag:
    """A test made in Python on one field of one kind of fact, and the name of the flag the engine tests."""

    name: str
    kind: str
    field: str
    test: Callable[[Any], bool]


class Compiler:
    """Rule conditions in durable-rules' JSON form, for one as-of date (the `Compilation` conditions see)."""

    def __init__(self, as_of_day: int):
        self.as_of_day = as_of_day
        self.kind = ""
        self.flags: dict[tuple[str, Condition], Flag] = {}
        self.used: set[str] = set()       # the flags compiled since this was last emptied

    def rule(self, kind: str, condition: Condition) -> list[dict[str, Any]]:
        self.kind = kind
        parts = conjuncts(condition)
        tests = [{"kind": kind}] + [p.compile(self) for p in parts if not isinstance(p, NoRelated)]
        entries: list[dict[str, Any]] = [{"a": {"$and": tests}}]
        for index, part in enumerate(p for p in parts if isinstance(p, NoRelated)):
            entries.append({f"n{index}$not": part.negation()})
        return entries

    def flag(self, condition: Condition, field: str, test: Callable[[Any], bool]) -> str:
        key = (self.kind, condition)
        if key not in self.flags:
            self.flags[key] = Flag(f"_match{len(self.flags) + 1}", self.kind, field, test)
        self.used.add(self.flags[key].name)
        return self.flags[key].name


def rule_cost(kind: str, condition: Condition) -> RuleCost:
    """What one rule level on facts of `kind` costs durable-rules, measured on the JSON the engine sends it."""
    slots, tests, at_once = 0, dict[str, int](), dict[str, int]()
    for entry in Compiler(0).rule(kind, condition):
        ((alias, expression),) = entry.items()
        cost = _measure(expression)
        slots = max(slots, cost[0])
        # a "no related fact" part tests facts of the related kind
        of = expression["$and"][0]["kind"] if alias.endswith("$not") else kind
        tests[of] = tests.get(of, 0) + cost[1]
        at_once[of] = at_once.get(of, 0) + cost[2]
    return RuleCost(slots, tests, at_once)


def _measure(expression: dict[str, Any]) -> tuple[int, int, int]:
    """(expression slots, tests, tests that can hold at once) of one compiled expression.

    `$and` and `$or` take two slots, and an `$or` a test of its own (the node its branches join at); a test
    joined to another part of the rule takes a slot. durable-rules chains the items of an `$and` one after the
    other, so only one of them is pending at a time; the branches of an `$or` hang side by side and may all
    be pending, except equalities with different values on one field (one_of), of which one holds at most.
    """
    ((key, value),) = expression.items()
    if key in ("$and", "$or"):
        measured = [_measure(item) for item in value]
        slots = 2 + sum(m[0] for m in measured)
        tests = int(key == "$or") + sum(m[1] for m in measured)
        if key == "$and":
            return slots, tests, max(m[2] for m in measured)
        fields = {_equality_field(item) for item in value}
        return slots, tests, 1 + (1 if len(fields) == 1 and None not in fields else sum(m[2] for m in measured))
    operand = next(iter(value.values())) if key.startswith("$") and isinstance(value, dict) else value
    return int(_joins(operand)), 1, 1


def _joins(operand: Any) -> bool:
    """Whether a test's operand refers to another part of the rule (`{"a": "id"}`), which takes a slot; the
    fact's own fields (`$m`) and sums of them do not (rete.c: JSON_MESSAGE_IDENTIFIER / _EXPRESSION)."""
    if not isinstance(operand, dict):
        return False
    ((key, value),) = operand.items()
    if key == "$m":
        return False
    if key in ("$add", "$sub", "$mul", "$div"):
        return any(_joins(side) for side in value.values())
    return True


def _equality_field(test: dict[str, Any]) -> str | None:
    """The field a test compares for equality with a constant, else None."""
    ((key, value),) = test.items()
    return key if not key.startswith("$") and not isinstance(value, dict) else None
