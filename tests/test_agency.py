"""An agency lead's view: only their actions, matched without regard to case, and their due list."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checker.agency import agencies, for_agency
from checker.check import check_paths
from checker.report.summary import RunView

from .common import REPO, SMALL_RULES
from .reporting import AS_OF, run

PLANS = REPO / "plans"
BOLTON = "plans/bolton-adult-a.yaml"


@pytest.fixture(scope="module")
def result():
    return check_paths([PLANS], SMALL_RULES, dt.date(2026, 3, 31))


def test_an_action_without_a_lead_belongs_to_its_recommendations_addressee(result):
    probation = for_agency(result, "greater manchester PROBATION trust")
    assert probation.settings.agency == "Greater Manchester Probation Trust"
    [plan] = probation.plans
    assert plan.plan_id == "bolton/adult-a"
    [recommendation] = plan.rating.recommendations
    assert recommendation.number == "6" and [a.number for a in recommendation.actions] == ["1"]
    assert {(f.recommendation, f.action) for f in plan.findings} == {("6", "1")}


def test_plan_wide_findings_only_in_unfiltered_runs(result):
    westvale = next(plan for plan in result.plans if plan.plan_id == "westvale/mr-c")
    assert any(f.recommendation is None for f in westvale.findings)       # releases, refuge, sign-off
    police = for_agency(result, "Westvale Police")
    [plan] = police.plans
    assert all(f.recommendation == "1" and f.action is not None for f in plan.findings)
    assert plan.rating.rag == "red" and [r.number for r in plan.rating.recommendations] == ["1"]


def test_ratings_are_rolled_up_from_the_agencys_actions_only(result):
    [plan] = for_agency(result, "Westvale Community Safety Partnership").plans
    [recommendation] = plan.rating.recommendations
    assert [(a.number, a.rag) for a in recommendation.actions] == [("1", "green"), ("2", "amber")]
    assert recommendation.rag == plan.rating.rag == "amber"


def test_agency_list_names_each_agency_once(result):
    names = agencies(result)
    assert len(names) == len({name.casefold() for name in names})
    assert "Greater Manchester Probation Trust" in names and "Westvale Police" in names


def test_due_list_holds_open_actions_due_within_the_window(result):
    view = RunView(result)
    assert [(row.plan.plan_id, row.ref, row.action.target_date.isoformat()) for row in view.due()] == [
        ("northshire/adult-b", "R2.A2", "2026-04-24"), ("northshire/adult-b", "R2.A1", "2026-04-17"),
        ("westvale/mr-c", "R3.A1", "2026-04-22"), ("westvale/mr-c", "R1.A2", "2026-04-10")]   # by agency
    police = RunView(for_agency(result, "westvale police"))
    assert [row.ref for row in police.due()] == ["R1.A2"]


def test_cli_agency_filter_and_due_window(monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, _err = run("check", BOLTON, "--as-of", AS_OF, "--agency", "Greater Manchester Probation Trust",
                          "--format", "json")
    data = json.loads(out)
    # exit code from the agency's own findings only (the Bolton plan as a whole has red findings)
    assert code == (1 if any(f["rag"] == "red" and not f["waived"] for f in data["findings"]) else 0)
    assert any(f["rag"] == "red" for f in json.loads(run("check", BOLTON, "--as-of", AS_OF, "--format", "json")[1])
               ["findings"])
    assert data["provenance"]["agency"] == "Probation Service"     # the bundled settings' name for the Trust
    assert [r["number"] for r in data["plans"][0]["recommendations"]] == ["6"]
    code, out, _err = run("check", "plans/illustrative-westvale-mr-c.yaml", "--as-of", AS_OF, "--agency",
                          "westvale police", "--due-within", "5")
    assert "Due in the next 5 days (open actions): none." in out
    assert "Filtered to Westvale Police" in out


def test_cli_unknown_agency_lists_the_agencies(monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run("check", BOLTON, "--as-of", AS_OF, "--agency", "Greater Manchester Police")
    assert code == 2 and out == ""
    assert err == ("dhr-check: nothing in these plans is led, managed or maintained by 'Greater Manchester Police'. "
                   "Did you mean 'Greater Manchester Probation Trust'? Agencies named: "
                   "Bolton Community Safety Partnership; Probation Service.\n")
