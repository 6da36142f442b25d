"""How the fields rules look at read in English: noun phrases, counts, yes/no phrasings and values.

Shared by the conditions' sentences (`rules show`, the rule reference) and by a finding's basis in the
reports (`explain.describe_values`), so a field is named the same way in both.
"""

from __future__ import annotations

import datetime as dt

from .facts import FIELDS

__all__ = ["BOOLS", "COUNTS", "NOUNS", "bare_name", "either", "field_name", "value_words"]

NOUNS = {
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

COUNTS = {
    "planned_evidence": ("planned evidence", "is"), "evidence_provided": ("evidence provided", "is"),
    "key_outcomes": ("key outcomes", "are"), "progress_updates": ("progress updates", "are"),
    "milestones": ("milestones", "are"), "actions": ("key actions", "are"),
    "recommendations": ("recommendations", "are"), "published_recommendations": ("published recommendations", "are"),
    "releases": ("releases", "are"), "matched_findings": ("matching findings", "are"),
    "rama_agencies_present": ("agencies present at the RAMA", "are"),
}
"""Lists, read as how many items they hold: the noun, and the verb it takes."""

BOOLS = {
    "achieved": ("it is recorded as achieved", "it is not recorded as achieved"),
    "wording_matches": ("the plan words it as published", "the plan's wording differs from the published wording"),
    "rama_risk_management_plan_agreed_by_all": ("all agencies agreed the risk management plan",
                                                "not all agencies agreed the risk management plan"),
}
"""True/false fields as what each value says."""


def field_name(field: str) -> str:
    """The field as a noun phrase: 'the target date', 'the date the RAMA was held'."""
    if field in NOUNS:
        return NOUNS[field]
    if field in COUNTS:
        return "the number of " + COUNTS[field][0]
    return "the " + " ".join("RAMA" if word == "rama" else word for word in field.split("_"))


def bare_name(field: str) -> str:
    """The noun without its article, for 'the same identifier as this one'."""
    name = field_name(field)
    return name.split(" ", 1)[1] if name.startswith(("the ", "a ", "an ")) else name


def value_words(kind: str, field: str, value: object) -> str:
    """A value a condition names, as written in a rule file: a date as YYYY-MM-DD, true as yes."""
    if FIELDS[kind].get(field) == "date" and isinstance(value, int):
        return dt.date.fromordinal(value).isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def either(words: list[str], joiner: str) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1]
