"""No false green: however an empty or near-empty plan is written, it is never suggested GREEN (or blue).

The plans below are every way we found to write a plan that holds nothing an assurance officer could
rely on: no recommendations, recommendations without actions, actions with nothing but words, and
monitoring records with no plan around them. Each is checked with the shipped rules and the bundled
settings, under both roll-up policies.
"""

from __future__ import annotations

import datetime as dt

import pytest

from checker.check import Checker
from checker.config import load_settings
from checker.errors import PlanError

from .common import REPO, write

SETTINGS = load_settings(REPO / "plans" / "dhr-check.yaml")
REVIEW = "review: {subject: Adult E, community_safety_partnership: Testshire}\n"
EMPTY_REC = "  - {number: 1, text: t}\n"

NEAR_EMPTY = {
    "only the review": REVIEW,
    "the review with every optional field": REVIEW.replace("}", ", plan_date: 2026-01-05, signed_off_on: 2026-01-20, "
                                                                 "commissioned_on: 2025-06-01, monitored_by: Board}"),
    "an empty list of recommendations": REVIEW + "recommendations: []\n",
    "recommendations written as null": REVIEW + "recommendations:\n",
    "a recommendation with no actions key": REVIEW + "recommendations:\n" + EMPTY_REC,
    "a recommendation with an empty action list": REVIEW + "recommendations:\n  - {number: 1, text: t, actions: []}\n",
    "several recommendations, none with actions": REVIEW + "recommendations:\n" + "".join(
        f"  - {{number: '{n}.1', text: t}}\n" for n in range(1, 6)),
    "one empty recommendation beside a complete one": REVIEW + "recommendations:\n" + EMPTY_REC + """\
  - number: 2
    text: t
    actions:
      - number: 1
        description: Publish the directory.
        lead_agency: Testshire Council
        target_date: 2026-01-31
        completion_date: 2026-01-20
        status: complete
        outcome: Directory published and checked.
        planned_evidence: [The directory.]
        evidence_provided: [{description: The directory, date: 2026-01-20}]
        key_outcomes: [Staff find a refuge place first time.]
        self_rag: green
""",
    "an action with only a description": REVIEW + "recommendations:\n  - number: 1\n    text: t\n    actions:\n"
                                         "      - {number: 1, description: d}\n",
    "an action with every list empty": REVIEW + "recommendations:\n  - number: 1\n    text: t\n    actions:\n"
                                       "      - {number: 1, description: d, planned_evidence: [], evidence_provided: [],"
                                       " key_outcomes: [], progress_updates: [], milestones: []}\n",
    "an action marked complete and nothing else": REVIEW + "recommendations:\n  - number: 1\n    text: t\n"
                                                  "    actions:\n      - {number: 1, description: d, status: complete}\n",
    "an action self-rated blue and nothing else": REVIEW + "recommendations:\n  - number: 1\n    text: t\n"
                                                  "    actions:\n      - {number: 1, description: d, self_rag: blue}\n",
    "published recommendations but no plan recommendations": REVIEW.replace("}", ", published_recommendations: "
                                                                            "[{number: 1, text: t}]}"),
    "a release and nothing else": REVIEW + "releases:\n  - {reference: R-1, risk_level: low, release_type: licence, "
                                           "release_date: 2026-01-01}\n",
    "a refuge directory and nothing else": REVIEW + "refuge_directory: {last_refreshed: 2026-03-01}\n",
}


@pytest.mark.parametrize("policy", ["worst_of", "blue_for_complete"])
@pytest.mark.parametrize("name", sorted(NEAR_EMPTY))
def test_no_empty_or_near_empty_plan_is_green(tmp_path, name, policy):
    path = write(tmp_path, NEAR_EMPTY[name])
    with Checker(SETTINGS.rules, dt.date(2026, 3, 31), policy) as checker:
        try:
            result = checker.check_file(path)
        except PlanError as refused:            # refused with a message (exit 2) is not green either
            assert refused.problems[0].line == 2
            return
    assert result.rating.rag not in ("green", "blue"), [f.rule for f in result.findings]
    for recommendation in result.rating.recommendations:
        if not recommendation.actions:
            assert recommendation.rag == "red"


def test_the_messages_say_what_is_missing(tmp_path):
    path = write(tmp_path, NEAR_EMPTY["one empty recommendation beside a complete one"])
    with Checker(SETTINGS.rules, dt.date(2026, 3, 31)) as checker:
        result = checker.check_file(path)
    [empty] = [f for f in result.findings if f.rule == "DHR-EMPTY-002"]
    assert empty.recommendation == "1" and empty.rag == "red"
    assert empty.message.startswith('Recommendation 1 "t" has no key actions.')
    [plan] = [f for f in Checker(SETTINGS.rules, dt.date(2026, 3, 31)).check_file(
        write(tmp_path, REVIEW, "empty.yaml")).findings if f.rule == "DHR-EMPTY-001"]
    assert plan.message.startswith('The plan for "Adult E" records no recommendations.')
