"""Say in plain English what a rule checks (for `dhr-check rules show` and rule docs) and what a finding
was based on (for reports). Each condition words itself (`Condition.lines`, in checker/conditions/); this
module frames a rule's conditions with what they apply to and the RAG each raises."""

from __future__ import annotations

from .conditions import Condition
from .field_words import BOOLS, COUNTS, bare_name
from .rules import Rule

__all__ = ["describe_condition", "describe_rule", "describe_values"]

_KIND_NAMES = {"plan": "the plan", "published_recommendation": "each published recommendation",
               "recommendation": "each recommendation", "action": "each key action",
               "milestone": "each key milestone of an action",
               "release": "each offender release", "refuge_directory": "the refuge directory",
               "waiver": "each waiver naming the plan"}
_KIND_PLURALS = {"published_recommendation": "published recommendations", "recommendation": "recommendations",
                 "action": "key actions", "milestone": "milestones", "release": "offender releases"}


def describe_rule(rule: Rule) -> list[str]:
    """Lines saying what the rule applies to and when it raises each RAG."""
    after = {"after_rating": ", after the suggested RAG is worked out.",
             "waivers": ", once the plan's findings are known."}.get(rule.phase, ".")
    lines = [f"Applies to {_KIND_NAMES[rule.applies_to]}{after}"]
    if rule.tolerance is not None:
        tolerance = rule.tolerance
        lines.append(f"{rule.suggested_rag.capitalize()} when fewer than {tolerance.at_least_percent}% of the "
                     f"plan's {_KIND_PLURALS[tolerance.of]} meet this (a plan with none is not flagged):")
        return lines + tolerance.holds.lines(tolerance.of, 1)
    lines.append(f"{rule.suggested_rag.capitalize()} when:")
    if rule.when is not None:
        lines += rule.when.lines(rule.applies_to, 1)
    if rule.escalate_to_red_when is not None:
        lines.append("Red when:")
        lines += rule.escalate_to_red_when.lines(rule.applies_to, 1)
    return lines


def describe_condition(condition: Condition, kind: str) -> str:
    """The condition as bullet lines, for a subject of `kind`."""
    return "\n".join(condition.lines(kind, 0))


def describe_values(values: dict[str, object]) -> str:
    """What a finding was based on, as a person reads it: 'target date 2026-01-31, status in progress'.
    The plan's own words (a description, a recommendation's text) are left out: the message quotes them."""
    return ", ".join(_described(field, value) for field, value in values.items() if field not in _QUOTED)


def _described(field: str, value: object) -> str:
    if field in BOOLS and isinstance(value, bool):
        phrase = BOOLS[field][0 if value else 1]
        return phrase.removeprefix("it is ")
    if field in COUNTS and isinstance(value, int):
        return f"{value} {COUNTS[field][0]}"
    noun = bare_name(field)
    if value is None:
        return f"{noun} not recorded"
    text = " ".join(str(value).replace("_", " ").split()) if isinstance(value, str) else str(value)
    if len(text) > 60:
        text = text[:57].rstrip() + "…"
    return f"{noun} {text}"


_QUOTED = {"description", "plan_text", "text", "outcome", "response_reason", "response_board_decision"}
"""Fields holding the plan's own words, shown in quotes."""
