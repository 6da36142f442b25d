"""Identifiers as the review writes them: kept as written, sorted naturally, unique, and keyed on everywhere."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checker.check import Checker
from checker.errors import PlanError
from checker.identifiers import action_ref, natural_key

from .common import SHIPPED_RULES, write
from .reporting import run

REVIEW = "review: {subject: Adult N, community_safety_partnership: Testshire}\n"


def test_natural_order_puts_2_before_10_and_10_2a_before_10_3a():
    written = ["10.3a", "R10", "2", "10", "10.2a", "3.140(a)", "R3", "1", "10.10", "10.9"]
    assert sorted(written, key=natural_key) == ["1", "2", "3.140(a)", "10", "10.2a", "10.3a", "10.9", "10.10",
                                                "R3", "R10"]


@pytest.mark.parametrize("recommendation, action, ref", [
    ("2", "2", "R2.A2"), ("5.1", "3", "R5.1.A3"), ("R3", "1", "R3.A1"), ("10.2a", "b", "R10.2a.b")])
def test_references_name_the_recommendation_and_action(recommendation, action, ref):
    assert action_ref(recommendation, action) == ref


def test_numbers_are_kept_exactly_as_written(tmp_path):
    plan = REVIEW + "recommendations:\n" + "".join(
        f"  - number: {number}\n    text: t\n    actions: [{{number: 1, description: d}}]\n"
        for number in ("5.10", "5.9", "007", "'3.140(a)'", "2a"))
    with Checker(SHIPPED_RULES, dt.date(2026, 3, 31)) as checker:
        result = checker.check_file(write(tmp_path, plan))
    assert [r.number for r in result.rating.recommendations] == ["5.10", "5.9", "007", "3.140(a)", "2a"]
    assert {f.recommendation for f in result.findings} == {"5.10", "5.9", "007", "3.140(a)", "2a"}


@pytest.mark.parametrize("number", ["true", "'first one'", "-1", "'a b'"])
def test_what_is_not_an_identifier_is_refused_at_its_line(tmp_path, number):
    plan = REVIEW + f"recommendations:\n  - number: {number}\n    text: t\n"
    with pytest.raises(PlanError) as refused, Checker(SHIPPED_RULES, dt.date(2026, 3, 31)) as checker:
        checker.check_file(write(tmp_path, plan))
    [problem] = refused.value.problems
    assert problem.line == 3 and "'recommendations[1].number'" in problem.message


def test_per_agency_numbering_keeps_each_agencys_recommendation_apart(tmp_path):
    plan = REVIEW.replace("}", ", numbering: per_agency}") + """\
recommendations:
  - {number: 1, text: t, addressed_to: Merseyside Police}
  - {number: 1, text: t, addressed_to: South Liverpool Homes}
"""
    with Checker(SHIPPED_RULES, dt.date(2026, 3, 31)) as checker:
        result = checker.check_file(write(tmp_path, plan))
    assert [r.number for r in result.rating.recommendations] == ["1 (Merseyside Police)", "1 (South Liverpool Homes)"]
    empty = [f for f in result.findings if f.rule == "DHR-EMPTY-002"]
    assert len({f.identity for f in empty}) == 2


def test_json_and_waivers_key_on_the_written_identifier(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, REVIEW + "recommendations:\n  - number: 5.10\n    text: t\n    actions:\n"
                             "      - {number: 2a, description: d, lead_agency: Police}\n", "plan.yaml")
    write(tmp_path, """\
waivers:
  - {rule: DHR-TARGET-001, plan: testshire/adult-n, recommendation: 5.10, action: 2a, reason: r,
     approved_by: Board, approved_on: 2026-01-01, expires_on: 2026-12-31}
""", "waivers.yaml")
    write(tmp_path, "waivers: waivers.yaml\n", "dhr-check.yaml")
    code, out, err = run("check", "plan.yaml", "--as-of", "2026-03-31", "--format", "json")
    data = json.loads(out)
    target = next(f for f in data["findings"] if f["rule"] == "DHR-TARGET-001")
    assert (target["recommendation"], target["action"]) == ("5.10", "2a") and target["waived"] is not None
    assert not [f for f in data["findings"] if f["rule"] == "DHR-WAIVER-002"], err
