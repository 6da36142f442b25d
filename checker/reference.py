"""A plain-Python evaluator of the same rule files, used to cross-check the engine.

It reads the parsed condition tree directly and applies the documented
meaning of each condition. It is not used by `dhr-check`; the tests and the
benchmarks run it beside the durable-rules engine and expect identical matches.
"""

from __future__ import annotations

import operator
import string
from typing import Any, Iterable

from .engine_types import Match
from .rules import (AfterAsOf, All, Any_, BeforeAsOf, Compare, Condition, DaysFromField, Empty, Equals, LessThanDaysBefore,
                    Matches, Missing, NoRelated, NotEquals, NotOneOf, OlderThan, OneOf, Present, Rule,
                    WithinNextDays)
from .tolerance import HOLDS, resolve_tolerances

__all__ = ["ReferenceEvaluator"]

_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
            "==": operator.eq, "!=": operator.ne}


class ReferenceEvaluator:
    """Same interface as `Engine`: `evaluate(facts) -> sorted matches`."""

    def __init__(self, rules: Iterable[Rule], as_of_day: int):
        self.rules = list(rules)
        self.as_of_day = as_of_day

    def evaluate(self, facts: list[dict[str, Any]]) -> list[Match]:
        matches = []
        for rule in self.rules:
            for fact in facts:
                if fact["kind"] == rule.applies_to:
                    for rag, condition in rule.levels():
                        if self._holds(condition, fact, facts):
                            matches.append(Match(fact["id"], rule.id, rag))
                if rule.tolerance is not None and fact["kind"] == rule.tolerance.of \
                        and self._holds(rule.tolerance.holds, fact, facts):
                    matches.append(Match(fact["id"], rule.id, HOLDS))
        return resolve_tolerances(self.rules, sorted(matches), facts)

    def close(self) -> None:
        pass

    def _holds(self, c: Condition, fact: dict[str, Any], facts: list[dict[str, Any]]) -> bool:
        day = self.as_of_day
        get = fact.get
        if isinstance(c, All):
            return all(self._holds(item, fact, facts) for item in c.items)
        if isinstance(c, Any_):
            return any(self._holds(item, fact, facts) for item in c.items)
        if isinstance(c, Missing):
            return c.field not in fact
        if isinstance(c, Present):
            return c.field in fact
        if isinstance(c, Empty):
            return get(c.field) == 0
        if isinstance(c, Equals):
            return c.field in fact and get(c.field) == c.value
        if isinstance(c, NotEquals):
            return c.field not in fact or get(c.field) != c.value
        if isinstance(c, OneOf):
            return c.field in fact and get(c.field) in c.values
        if isinstance(c, NotOneOf):
            return c.field not in fact or get(c.field) not in c.values
        if isinstance(c, Compare):
            right = get(c.other_field) if c.other_field else c.value
            return c.field in fact and right is not None and _COMPARE[c.op](get(c.field), right)
        if isinstance(c, BeforeAsOf):
            return c.field in fact and get(c.field) < day
        if isinstance(c, AfterAsOf):
            return c.field in fact and get(c.field) > day
        if isinstance(c, OlderThan):
            if c.field not in fact:
                return False
            days = c.days
            if isinstance(days, DaysFromField):
                days = get(days.field, days.default)
            return get(c.field) < day - days
        if isinstance(c, WithinNextDays):
            return c.field in fact and day <= get(c.field) <= day + c.days
        if isinstance(c, LessThanDaysBefore):
            return c.field in fact and c.other_field in fact and get(c.field) > get(c.other_field) - c.days
        if isinstance(c, Matches):
            return c.field in fact and _glob_matches(c.pattern, get(c.field), c.ignore_case)
        if isinstance(c, NoRelated):
            return not any(other["kind"] == c.kind and all(
                ours in fact and theirs in other and other[theirs] == fact[ours] for theirs, ours in c.where)
                for other in facts)
        raise TypeError(type(c).__name__)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _glob_matches(pattern: str, text: str, ignore_case: bool) -> bool:
    """Whether the whole `text` matches `pattern` (`*` any text, `?` any one character), ignoring the case
    of A-Z only if asked. The classic two-pointer walk: at most len(pattern) x len(text) steps, whatever the
    number of stars (a backtracking regex takes exponential time on '*a*a*...b'). Written independently of
    the engine's fnmatch translation, so that the differential tests compare two implementations."""
    if ignore_case:
        pattern, text = pattern.translate(_ASCII_LOWER), text.translate(_ASCII_LOWER)
    p = t = 0
    star, resume = -1, 0                  # the last star seen, and where in the text it took over
    while t < len(text):
        if p < len(pattern) and pattern[p] != "*" and pattern[p] in ("?", text[t]):
            p, t = p + 1, t + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, resume, p = p, t, p + 1
        elif star >= 0:
            resume += 1
            p, t = star + 1, resume
        else:
            return False
    return pattern[p:].strip("*") == ""
