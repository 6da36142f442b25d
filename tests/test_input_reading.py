"""Hostile and odd YAML in every kind of input file: a file:line:col message and exit 2, never a traceback,
and values read as a person means them (issue 16, items 3, 22 and 23)."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.config import load_settings
from checker.errors import PlanError, RuleError
from checker.importers.columns import load_column_map
from checker.rules import load_rule
from checker.ruletests import collect_cases, run_case
from checker.validate import load_plan
from checker.waivers import load_waivers

from .common import SHIPPED_RULES, write

ODD_TAGS = ['!!bool ""', '!!int ""', '!!float ""', '!!timestamp ""', "!!timestamp 2016-01-01T99:00", "!!merge x",
            "!!bool 7", "!!null x", "!!int [1]", "!!seq x", "!!map x"]

PLAN = """\
review:
  subject: {value}
  community_safety_partnership: Testshire
"""


def _dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# -- item 3: explicit tags with empty or odd values -------------------------------------------------------

@pytest.mark.parametrize("value", ODD_TAGS)
def test_an_odd_tag_in_a_plan_is_a_problem_at_its_line(tmp_path, value):
    path = write(tmp_path, PLAN.format(value=value))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 2, 12)


def test_one_plan_with_an_odd_tag_does_not_stop_the_others(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    for number in range(1, 4):
        write(tmp_path / "plans", PLAN.format(value=f"Adult {number}"), f"good-{number}.yaml")
    write(tmp_path / "plans", PLAN.format(value='!!bool ""'), "bad.yaml")
    code, out, err = _run("check", "plans", "--as-of", "2026-03-31", "--format", "json")
    assert code == 2
    report = json.loads(out)
    assert sorted(plan["file"] for plan in report["plans"]) == [f"plans/good-{n}.yaml" for n in range(1, 4)]
    assert [(e["file"], e["line"], e["column"]) for e in report["errors"]] == [("plans/bad.yaml", 2, 12)]
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ODD_TAGS)
def test_an_odd_tag_in_the_settings_is_a_problem_at_its_line(tmp_path, value):
    path = write(tmp_path, f"rag_policy: {value}\n", "dhr-check.yaml")
    with pytest.raises(RuleError) as raised:
        load_settings(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(1, 13)]


@pytest.mark.parametrize("value", ODD_TAGS)
def test_an_odd_tag_in_the_waivers_is_a_problem_at_its_line(tmp_path, value):
    path = write(tmp_path, f"""
        waivers:
          - rule: DHR-LEAD-001
            plan: testshire/adult-z
            reason: {value}
            approved_by: Board
            approved_on: 2026-01-01
            expires_on: 2026-12-31
        """, "waivers.yaml")
    with pytest.raises(PlanError) as raised:
        load_waivers(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(4, 13)]


@pytest.mark.parametrize("value", ODD_TAGS)
def test_an_odd_tag_in_a_column_mapping_is_a_problem_at_its_line(tmp_path, value):
    path = write(tmp_path, f"header_row: {value}\n", "columns.yaml")
    with pytest.raises(PlanError) as raised:
        load_column_map(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(1, 13)]


@pytest.mark.parametrize("value", ODD_TAGS)
def test_an_odd_tag_in_a_rule_is_a_problem_at_its_line(tmp_path, value):
    path = write(tmp_path, f"""
        id: T-ODD-001
        title: {value}
        applies_to: action
        when: {{missing: lead_agency}}
        suggested_rag: amber
        message: "{{ref}} m"
        rationale: r
        source: s
        """, "T-ODD-001.yaml")
    with pytest.raises(RuleError) as raised:
        load_rule(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(2, 8)]


@pytest.mark.parametrize("value", ODD_TAGS)
def test_an_odd_tag_in_a_rule_test_case_fails_that_case_at_its_line(tmp_path, value):
    write(tmp_path, "# case: odd\n# ok: DHR-LEAD-001\n" + PLAN.format(value=value), "DHR-LEAD-001.test.yaml")
    (case,) = collect_cases(tmp_path)
    result = run_case(case, SHIPPED_RULES)
    assert not result.passed
    assert [failure.split(": ")[0] for failure in result.failures] == \
        [f"{tmp_path / 'DHR-LEAD-001.test.yaml'}:4:12"]


# -- item 22: messages that say what the file is and show values as written ---------------------------------

def test_an_empty_settings_file_is_described_as_settings_not_a_plan(tmp_path):
    path = write(tmp_path, "# nothing here yet\n", "dhr-check.yaml")
    with pytest.raises(RuleError) as raised:
        load_settings(path)
    (problem,) = raised.value.problems
    assert "settings" in problem.message and "review:" not in problem.message


def test_an_empty_rule_file_is_described_as_a_rule(tmp_path):
    path = write(tmp_path, "\n", "T-EMPTY-001.yaml")
    with pytest.raises(RuleError) as raised:
        load_rule(path)
    (problem,) = raised.value.problems
    assert "rule" in problem.message and "review:" not in problem.message


def test_an_integer_key_is_an_unknown_field_on_its_own_line(tmp_path):
    path = write(tmp_path, """
        review:
          subject: Adult Z
          community_safety_partnership: Testshire
          42: x
        """)
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (4, 3)
    assert "'42'" in problem.message and "[43]" not in problem.message


def test_a_date_where_text_belongs_is_shown_as_a_date(tmp_path):
    path = write(tmp_path, PLAN.format(value="2016-01-01"))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    (problem,) = raised.value.problems
    assert "2016-01-01" in problem.message and "datetime" not in problem.message


def test_a_tagged_sequence_on_a_value_is_named_not_shown_as_a_generator(tmp_path):
    path = write(tmp_path, PLAN.format(value="!!seq x"))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    (problem,) = raised.value.problems
    assert "!!seq" in problem.message and "generator" not in problem.message


# -- item 23: lenient reading ---------------------------------------------------------------------------------

RECOMMENDATION = PLAN.format(value="Adult Z") + """\
recommendations:
  - number: {number}
    text: t
    actions:
      - number: 1
        description: {description}
        target_date: {date}
"""


@pytest.mark.parametrize("number", ["true", "1:30"])
def test_a_number_only_yaml_1_1_reads_as_one_is_refused(tmp_path, number):
    path = write(tmp_path, RECOMMENDATION.format(number=number, description="d", date="2026-01-01"))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(5, 5)]


@pytest.mark.parametrize("number", ["true", "1:30", "0x1", "1_0"])
def test_a_whole_number_only_yaml_1_1_reads_as_one_is_refused(tmp_path, number):
    """A count (here the year of death) is plain digits; identifiers are text, so 0x1 is one as written."""
    path = write(tmp_path, PLAN.format(value="Adult Z") + f"  year_of_death: {number}\n")
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(4, 3)]


@pytest.mark.parametrize("date", ['"20260201"', '"2026-W05-1"'])
def test_a_date_not_written_yyyy_mm_dd_is_refused(tmp_path, date):
    path = write(tmp_path, RECOMMENDATION.format(number=1, description="d", date=date))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(10, 9)]


def test_what_a_person_means_is_still_read(tmp_path):
    path = write(tmp_path, RECOMMENDATION.format(number="010", description="1:30", date='"2026-02-01"'))
    plan, _document = load_plan(path)
    recommendation = plan.recommendations[0]
    assert recommendation.number == "010"                     # an identifier: the text as written
    assert recommendation.actions[0].description == "1:30"
    assert recommendation.actions[0].target_date.isoformat() == "2026-02-01"


def test_settings_with_no_rules_in_force_are_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "extends: []\n", "dhr-check.yaml")
    write(tmp_path, PLAN.format(value="Adult Z"))
    with pytest.raises(RuleError) as raised:
        load_settings(tmp_path / "dhr-check.yaml")
    assert [(p.line, p.column) for p in raised.value.problems] == [(1, 1)]
    code, _out, err = _run("check", "plan.yaml", "--as-of", "2026-03-31")
    assert code == 2 and "no rule is in force" in err


def test_a_parameter_given_true_is_not_the_number_one(tmp_path):
    path = write(tmp_path, """
        rules:
          DHR-PROGRESS-001:
            parameters: {max_days_without_update: true}
        """, "dhr-check.yaml")
    with pytest.raises(RuleError) as raised:
        load_settings(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(3, 18)]


def test_a_tolerance_of_true_per_cent_is_refused(tmp_path):
    path = write(tmp_path, """
        id: T-TOL-001
        title: t
        applies_to: plan
        tolerance: {of: action, holds: {present: lead_agency}, at_least_percent: true}
        suggested_rag: amber
        message: m
        rationale: r
        source: s
        """, "T-TOL-001.yaml")
    with pytest.raises(RuleError) as raised:
        load_rule(path)
    assert [p.line for p in raised.value.problems] == [4]


def test_a_plain_equals_sign_or_double_angle_is_text(tmp_path):
    path = write(tmp_path, "review:\n  subject: =\n  community_safety_partnership: <<\n")
    plan, _document = load_plan(path)
    assert (plan.review.subject, plan.review.community_safety_partnership) == ("=", "<<")
