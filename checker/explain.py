"""Say in plain English what a rule's condition checks, for `dhr-check rules show` and rule docs."""

from __future__ import annotations

import datetime as dt

from .facts import FIELDS
from .rules import (AfterAsOf, All, Any_, BeforeAsOf, Compare, Condition, DaysFromField, Empty, Equals, LessThanDaysBefore,
                    Matches, Missing, NoRelated, NotEquals, NotOneOf, OlderThan, OneOf, Present, Rule,
                    WithinNextDays)

__all__ = ["describe_condition", "describe_rule"]

_KIND_NAMES = {"plan": "the plan", "published_recommendation": "each published recommendation",
               "recommendation": "each recommendation", "action": "each key action",
               "milestone": "each key milestone of an action",
               "release": "each offender release", "refuge_directory": "the refuge directory",
               "waiver": "each waiver naming the plan"}
_KIND_PLURALS = {"published_recommendation": "published recommendations", "recommendation": "recommendations",
                 "action": "key actions", "milestone": "milestones", "release": "offender releases"}
_WORDS = {"<": "less than", "<=": "at most", ">": "more than", ">=": "at least", "==": "equal to",
          "!=": "not equal to"}
_DATE_WORDS = {"<": "earlier than", "<=": "on or before", ">": "later than", ">=": "on or after",
               "==": "the same day as", "!=": "not the same day as"}


def describe_rule(rule: Rule) -> list[str]:
    """Lines saying what the rule applies to and when it raises each RAG."""
    after = {"after_rating": ", after the suggested RAG is worked out.",
             "waivers": ", once the plan's findings are known."}.get(rule.phase, ".")
    lines = [f"Applies to {_KIND_NAMES[rule.applies_to]}{after}"]
    if rule.tolerance is not None:
        tolerance = rule.tolerance
        lines.append(f"{rule.suggested_rag.capitalize()} when fewer than {tolerance.at_least_percent}% of the "
                     f"plan's {_KIND_PLURALS[tolerance.of]} meet this (a plan with none is not flagged):")
        return lines + _lines(tolerance.holds, tolerance.of, 1)
    lines.append(f"{rule.suggested_rag.capitalize()} when:")
    lines += _lines(rule.when, rule.applies_to, 1)
    if rule.escalate_to_red_when is not None:
        lines.append("Red when:")
        lines += _lines(rule.escalate_to_red_when, rule.applies_to, 1)
    return lines


def describe_condition(condition: Condition, kind: str) -> str:
    return "\n".join(_lines(condition, kind, 0))


def _lines(c: Condition, kind: str, depth: int) -> list[str]:
    pad = "  " * depth + "- "
    if isinstance(c, (All, Any_)):
        if len(c.items) == 1:
            return _lines(c.items[0], kind, depth)
        head = "all of these hold:" if isinstance(c, All) else "any of these holds:"
        if depth == 1 and isinstance(c, All):
            return [line for item in c.items for line in _lines(item, kind, depth)]
        return [pad + head] + [line for item in c.items for line in _lines(item, kind, depth + 1)]
    return [pad + _sentence(c, kind)]


def _name(field: str) -> str:
    return " ".join("RAMA" if word == "rama" else word for word in field.split("_"))


def _value(kind: str, field: str, value: object) -> str:
    if FIELDS[kind].get(field) == "date" and isinstance(value, int):
        return dt.date.fromordinal(value).isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _sentence(c: Condition, kind: str) -> str:
    if isinstance(c, Missing):
        return f"no {_name(c.field)} is recorded"
    if isinstance(c, Present):
        return f"a {_name(c.field)} is recorded"
    if isinstance(c, Empty):
        return f"no {_name(c.field)} are listed"
    if isinstance(c, Equals):
        return f"{_name(c.field)} is {_value(kind, c.field, c.value)}"
    if isinstance(c, NotEquals):
        return f"{_name(c.field)} is not {_value(kind, c.field, c.value)} (or is not recorded)"
    if isinstance(c, OneOf):
        return f"{_name(c.field)} is one of: {', '.join(_value(kind, c.field, v) for v in c.values)}"
    if isinstance(c, NotOneOf):
        return (f"{_name(c.field)} is none of: {', '.join(_value(kind, c.field, v) for v in c.values)} "
                "(or is not recorded)")
    if isinstance(c, Compare):
        is_date = FIELDS[kind].get(c.field) == "date"
        words = (_DATE_WORDS if is_date else _WORDS)[c.op]
        right = _name(c.other_field) if c.other_field else _value(kind, c.field, c.value)
        return f"{_name(c.field)} is {words} {right}"
    if isinstance(c, BeforeAsOf):
        return f"the {_name(c.field)} is before the as-of date"
    if isinstance(c, AfterAsOf):
        return f"the {_name(c.field)} is after the as-of date"
    if isinstance(c, OlderThan):
        if isinstance(c.days, DaysFromField):
            return (f"the {_name(c.field)} is further before the as-of date than the record's "
                    f"{_name(c.days.field)} ({c.days.default} days when it records none)")
        return f"the {_name(c.field)} is more than {c.days} days before the as-of date"
    if isinstance(c, WithinNextDays):
        return f"the {_name(c.field)} is on the as-of date or within {c.days} days after it"
    if isinstance(c, LessThanDaysBefore):
        return (f"the {_name(c.field)} is less than {c.days} days before the {_name(c.other_field)} "
                "(or after it)")
    if isinstance(c, Matches):
        case = ", ignoring case" if c.ignore_case else ""
        return f"the {_name(c.field)} matches the pattern '{c.pattern}'{case}"
    if isinstance(c, NoRelated):
        joins = " and ".join(f"{_name(theirs)} is this one's {_name(ours)}" for theirs, ours in c.where)
        return f"no {_name(c.kind)} in the plan has a {joins}"
    raise TypeError(type(c).__name__)
