"""An agency lead's view: only their actions, matched without regard to case, and their due list."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.agency import agencies, for_agency
from checker.check import check_paths

from .common import REPO, SHIPPED_RULES

PLANS = REPO / "plans"


@pytest.fixture(scope="module")
def result():
    return check_paths([PLANS], SHIPPED_RULES, dt.date(2026, 3, 31))


def test_an_action_without_a_lead_belongs_to_its_recommendations_addressee(result):
    probation = for_agency(result, "greater manchester PROBATION trust")
    assert probation.settings.agency == "Greater Manchester Probation Trust"
    [plan] = probation.plans
    assert plan.plan_id == "bolton/adult-a"
    [recommendation] = plan.rating.recommendations
    assert recommendation.number == 6 and [a.number for a in recommendation.actions] == [1]
    assert {(f.recommendation, f.action) for f in plan.findings} == {(6, 1)}


def test_plan_wide_findings_only_in_unfiltered_runs(result):
    westvale = next(plan for plan in result.plans if plan.plan_id == "westvale/mr-c")
    assert any(f.recommendation is None for f in westvale.findings)       # releases, refuge, sign-off
    police = for_agency(result, "Westvale Police")
    [plan] = police.plans
    assert all(f.recommendation == 1 and f.action is not None for f in plan.findings)
    assert plan.rating.rag == "red" and [r.number for r in plan.rating.recommendations] == [1]


def test_ratings_are_rolled_up_from_the_agencys_actions_only(result):
    [plan] = for_agency(result, "Westvale Community Safety Partnership").plans
    [recommendation] = plan.rating.recommendations
    assert [(a.number, a.rag) for a in recommendation.actions] == [(1, "green"), (2, "amber")]
    assert recommendation.rag == plan.rating.rag == "amber"


def test_agency_list_names_each_agency_once(result):
    names = agencies(result)
    assert len(names) == len({name.casefold() for name in names})
    assert "Greater Manchester Probation Trust" in names and "Westvale Police" in names
