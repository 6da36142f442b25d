"""The plain-English sentence for every condition operator, alone and combined, as `rules show` prints it."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.explain import describe_condition
from checker.conditions import All, Any_
from checker.conditions.compare import Compare
from checker.conditions.dates import AfterAsOf, BeforeAsOf, DaysFromField, LessThanDaysBefore, OlderThan, WithinNextDays
from checker.conditions.presence import Empty, Missing, Present
from checker.conditions.related import NoRelated
from checker.conditions.text import Matches
from checker.conditions.values import Equals, NotEquals, NotOneOf, OneOf

DAY = dt.date(2026, 1, 31).toordinal()

SENTENCES = [
    ("action", Missing("target_date"), "the target date is not recorded"),
    ("action", Missing("lead_agency"), "no lead agency is recorded"),
    ("action", Present("completion_date"), "the completion date is recorded"),
    ("action", Empty("planned_evidence"), "no planned evidence is listed"),
    ("action", Empty("progress_updates"), "no progress updates are listed"),
    ("action", Equals("status", "complete"), "the status is complete"),
    ("plan", Equals("recommendations", 0), "the number of recommendations is 0"),
    ("milestone", Equals("achieved", False), "it is not recorded as achieved"),
    ("published_recommendation", Equals("wording_matches", False),
     "the plan's wording differs from the published wording"),
    ("release", NotEquals("rama_risk_management_plan_agreed_by_all", True),
     "it is not recorded that all agencies agreed the risk management plan"),
    ("action", NotEquals("status", "in_progress"), "the status is not in progress (or is not recorded)"),
    ("release", OneOf("risk_level", ("high", "very_high")), "the risk level is high or very high"),
    ("action", NotOneOf("status", ("complete", "not_applicable")),
     "the status is neither complete nor not applicable (or is not recorded)"),
    ("action", NotOneOf("status", ("complete", "ongoing", "not_applicable")),
     "the status is none of complete, ongoing, not applicable (or is not recorded)"),
    ("plan", Compare("signed_off_on", "<", other_field="commissioned_on"),
     "the sign-off date is earlier than the date the review was commissioned"),
    ("plan", Compare("signed_off_on", ">=", value=DAY), "the sign-off date is on or after 2026-01-31"),
    ("plan", Compare("recommendations", "<", value=3), "the number of recommendations is less than 3"),
    ("action", Compare("self_rag_rank", "<", other_field="suggested_rag_rank"),
     "the self-assessed RAG is better than the suggested RAG"),
    ("action", BeforeAsOf("target_date"), "the target date is before the as-of date"),
    ("plan", AfterAsOf("signed_off_on"), "the sign-off date is after the as-of date"),
    ("action", OlderThan("last_progress_update", 92),
     "the date of the latest progress update is more than 92 days before the as-of date"),
    ("refuge_directory", OlderThan("last_refreshed", DaysFromField("refresh_interval_days", 92)),
     "the date of the last refresh is longer before the as-of date than the record's refresh interval in days "
     "(92 days when none is recorded)"),
    ("action", WithinNextDays("target_date", 30), "the target date is on the as-of date or within 30 days after it"),
    ("release", LessThanDaysBefore("rama_held_on", "release_date", 14),
     "the date the RAMA was held is fewer than 14 days before the release date (or after it)"),
    ("action", Matches("description", "*should consider*", True),
     "the description matches the pattern '*should consider*', ignoring case"),
    ("action", Matches("lead_agency", "Caf? Police"), "the lead agency matches the pattern 'Caf? Police'"),
    ("published_recommendation", NoRelated("recommendation", (("key", "key"),)),
     "no recommendation in the plan has the same identifier as this one"),
]


@pytest.mark.parametrize("kind, condition, sentence", SENTENCES, ids=[s for *_, s in SENTENCES])
def test_each_operator_reads_as_a_sentence(kind, condition, sentence):
    assert describe_condition(condition, kind) == f"- {sentence}"


def test_combined_conditions_read_as_nested_lists():
    condition = All((Any_((Equals("status", "complete"), Present("completion_date"))), Missing("outcome")))
    assert describe_condition(condition, "action") == "\n".join([
        "- all of these hold:",
        "  - any of these holds:",
        "    - the status is complete",
        "    - the completion date is recorded",
        "  - no outcome is recorded"])


def test_a_single_item_group_reads_as_its_item():
    assert describe_condition(Any_((BeforeAsOf("target_date"),)), "action") == \
        "- the target date is before the as-of date"
