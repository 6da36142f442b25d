"""Say in plain English what a rule's condition checks, for `dhr-check rules show` and rule docs."""

from __future__ import annotations

import datetime as dt

from .facts import FIELDS
from .rules import (AfterAsOf, All, Any_, BeforeAsOf, Compare, Condition, DaysFromField, Empty, Equals, LessThanDaysBefore,
                    Matches, Missing, NoRelated, NotEquals, NotOneOf, OlderThan, OneOf, Present, Rule,
                    WithinNextDays)

__all__ = ["describe_condition", "describe_rule", "describe_values"]

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


_NOUNS = {
    "commissioned_on": "the date the review was commissioned", "plan_date": "the plan's date",
    "signed_off_on": "the sign-off date", "plan_signed_off_on": "the plan's sign-off date",
    "rama_held_on": "the date the RAMA was held", "release_date": "the release date",
    "target_date": "the target date", "completion_date": "the completion date",
    "last_progress_update": "the date of the latest progress update", "achieved_on": "the date it was achieved",
    "response_date": "the date of the agency's response", "response_decision": "the agency's response",
    "response_reason": "the reason for the response", "response_board_decision": "the board's decision on the response",
    "last_refreshed": "the date of the last refresh", "refresh_interval_days": "refresh interval",
    "approved_on": "the approval date", "expires_on": "the expiry date", "self_rag": "the self-assessed RAG",
    "suggested_rag": "the suggested RAG", "self_rag_rank": "the self-assessed RAG",
    "suggested_rag_rank": "the suggested RAG", "key": "identifier", "plan_text": "the plan's wording of it",
    "risk_level": "the risk level", "release_type": "the release type", "status": "the status",
    "lead_agency": "the lead agency", "outcome": "the outcome", "description": "the description",
    "rama_days_before_release": "the days from the RAMA to release",
}
"""How a condition names a field (most read well as 'the' and the field's words)."""

_COUNTS = {
    "planned_evidence": ("planned evidence", "is"), "evidence_provided": ("evidence provided", "is"),
    "key_outcomes": ("key outcomes", "are"), "progress_updates": ("progress updates", "are"),
    "milestones": ("milestones", "are"), "actions": ("key actions", "are"),
    "recommendations": ("recommendations", "are"), "published_recommendations": ("published recommendations", "are"),
    "releases": ("releases", "are"), "matched_findings": ("matching findings", "are"),
    "rama_agencies_present": ("agencies present at the RAMA", "are"),
}
"""Lists, read as how many items they hold: the noun, and the verb it takes."""

_BOOLS = {
    "achieved": ("it is recorded as achieved", "it is not recorded as achieved"),
    "wording_matches": ("the plan words it as published", "the plan's wording differs from the published wording"),
    "rama_risk_management_plan_agreed_by_all": ("all agencies agreed the risk management plan",
                                                "not all agencies agreed the risk management plan"),
}
"""True/false fields as what each value says."""

_SAID_AS_NONE = {"lead_agency": "lead agency", "outcome": "outcome", "response_reason": "reason for the response",
                 "response_board_decision": "board decision on the response"}
"""Fields whose absence reads better as 'no lead agency is recorded' than 'the lead agency is not recorded'."""

_RANK_WORDS = {"<": "is better than", "<=": "is no worse than", ">": "is worse than", ">=": "is no better than",
               "==": "is the same as", "!=": "differs from"}


def _name(field: str) -> str:
    """The field as a noun phrase: 'the target date', 'the date the RAMA was held'."""
    if field in _NOUNS:
        return _NOUNS[field]
    if field in _COUNTS:
        return "the number of " + _COUNTS[field][0]
    return "the " + " ".join("RAMA" if word == "rama" else word for word in field.split("_"))


def _bare(field: str) -> str:
    """The noun without its article, for 'the same identifier as this one'."""
    name = _name(field)
    return name.split(" ", 1)[1] if name.startswith(("the ", "a ", "an ")) else name


def _value(kind: str, field: str, value: object) -> str:
    if FIELDS[kind].get(field) == "date" and isinstance(value, int):
        return dt.date.fromordinal(value).isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def _either(words: list[str], joiner: str) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1]


def _sentence(c: Condition, kind: str) -> str:
    if isinstance(c, Missing):
        if c.field in _SAID_AS_NONE:
            return f"no {_SAID_AS_NONE[c.field]} is recorded"
        return f"{_name(c.field)} is not recorded"
    if isinstance(c, Present):
        return f"{_name(c.field)} is recorded"
    if isinstance(c, Empty):
        noun, verb = _COUNTS.get(c.field, (c.field.replace("_", " "), "are"))
        return f"no {noun} {verb} listed"
    if isinstance(c, Equals) and c.field in _BOOLS and isinstance(c.value, bool):
        return _BOOLS[c.field][0 if c.value else 1]
    if isinstance(c, NotEquals) and c.field in _BOOLS and isinstance(c.value, bool):
        return f"it is not recorded that {_BOOLS[c.field][0 if c.value else 1]}"
    if isinstance(c, Equals):
        return f"{_name(c.field)} is {_value(kind, c.field, c.value)}"
    if isinstance(c, NotEquals):
        return f"{_name(c.field)} is not {_value(kind, c.field, c.value)} (or is not recorded)"
    if isinstance(c, OneOf):
        return f"{_name(c.field)} is {_either([_value(kind, c.field, v) for v in c.values], 'or')}"
    if isinstance(c, NotOneOf):
        values = [_value(kind, c.field, v) for v in c.values]
        words = f"neither {values[0]} nor {values[1]}" if len(values) == 2 else "none of " + ", ".join(values)
        return f"{_name(c.field)} is {words} (or is not recorded)"
    if isinstance(c, Compare):
        if c.field.endswith("_rag_rank") and (c.other_field or "").endswith("_rag_rank"):
            return f"{_name(c.field)} {_RANK_WORDS[c.op]} {_name(c.other_field or '')}"
        is_date = FIELDS[kind].get(c.field) == "date"
        words = (_DATE_WORDS if is_date else _WORDS)[c.op]
        right = _name(c.other_field) if c.other_field else _value(kind, c.field, c.value)
        return f"{_name(c.field)} is {words} {right}"
    if isinstance(c, BeforeAsOf):
        return f"{_name(c.field)} is before the as-of date"
    if isinstance(c, AfterAsOf):
        return f"{_name(c.field)} is after the as-of date"
    if isinstance(c, OlderThan):
        if isinstance(c.days, DaysFromField):
            return (f"{_name(c.field)} is longer before the as-of date than the record's {_bare(c.days.field)} "
                    f"in days ({c.days.default} days when none is recorded)")
        return f"{_name(c.field)} is more than {c.days} days before the as-of date"
    if isinstance(c, WithinNextDays):
        return f"{_name(c.field)} is on the as-of date or within {c.days} days after it"
    if isinstance(c, LessThanDaysBefore):
        return f"{_name(c.field)} is fewer than {c.days} days before {_name(c.other_field)} (or after it)"
    if isinstance(c, Matches):
        case = ", ignoring case" if c.ignore_case else ""
        return f"{_name(c.field)} matches the pattern '{c.pattern}'{case}"
    if isinstance(c, NoRelated):
        kind_name = c.kind.replace("_", " ")
        if all(theirs == ours for theirs, ours in c.where):
            same = " and ".join(_bare(theirs) for theirs, _ours in c.where)
            return f"no {kind_name} in the plan has the same {same} as this one"
        joins = " and ".join(f"{_bare(theirs)} equal to this one's {_bare(ours)}" for theirs, ours in c.where)
        return f"no {kind_name} in the plan has a {joins}"
    raise TypeError(type(c).__name__)


def describe_values(values: dict[str, object]) -> str:
    """What a finding was based on, as a person reads it: 'target date 2026-01-31, status in progress'.
    The plan's own words (a description, a recommendation's text) are left out: the message quotes them."""
    return ", ".join(_described(field, value) for field, value in values.items() if field not in _QUOTED)


def _described(field: str, value: object) -> str:
    if field in _BOOLS and isinstance(value, bool):
        phrase = _BOOLS[field][0 if value else 1]
        return phrase[len("it is "):] if phrase.startswith("it is ") else phrase
    if field in _COUNTS and isinstance(value, int):
        return f"{value} {_COUNTS[field][0]}"
    noun = _bare(field)
    if value is None:
        return f"{noun} not recorded"
    text = " ".join(str(value).replace("_", " ").split()) if isinstance(value, str) else str(value)
    if len(text) > 60:
        text = text[:57].rstrip() + "…"
    return f"{noun} {text}"


_QUOTED = {"description", "plan_text", "text", "outcome", "response_reason", "response_board_decision"}
"""Fields holding the plan's own words, shown in quotes."""
