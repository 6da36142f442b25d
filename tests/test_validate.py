"""Plan validation: every defect is a sentence at file:line:col that says what to write instead."""

from __future__ import annotations

import pytest

from checker.errors import PlanError
from checker.validate import load_plan

from .common import write


def plan_problems(tmp_path, text):
    with pytest.raises(PlanError) as caught:
        load_plan(write(tmp_path, text))
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_unknown_field_suggests_the_nearest_name(tmp_path):
    [(line, column, message)] = plan_problems(tmp_path, """
        review:
          subject: Adult Z
          community_safety_partnership: Testshire
          plan_dat: 2020-01-01
        """)
    assert (line, column) == (4, 3)
    assert "unknown field 'plan_dat' in 'review'. Did you mean 'plan_date'?" in message


def test_bad_date_wrong_type_bad_enum_and_missing_field_all_reported(tmp_path):
    found = plan_problems(tmp_path, """
        review:
          subject: Adult Z
        recommendations:
          - number: first one
            text: t
            actions:
              - number: 1
                description: d
                target_date: 31/12/2016
                self_rag: purple
        """)
    messages = {line: message for line, _column, message in found}
    assert "'community_safety_partnership' is required in 'review'" in messages[1]
    assert "'recommendations[1].number': 'first one' is not a reference" in messages[4]
    assert "write the date as YYYY-MM-DD" in messages[9]
    assert "'purple' is not allowed; use one of 'blue', 'green', 'amber' or 'red'" in messages[10]


def test_timestamps_and_numbers_are_not_dates(tmp_path):
    found = plan_problems(tmp_path, """
        review:
          subject: Adult Z
          community_safety_partnership: Testshire
          plan_date: 2016
          signed_off_on: 2016-01-01 10:00:00
        """)
    assert [line for line, _c, _m in found] == [4, 5]
    assert all("YYYY-MM-DD" in message for _l, _c, message in found)


def test_repeated_action_numbers_are_refused(tmp_path):
    [(line, _column, message)] = plan_problems(tmp_path, """
        review: {subject: Adult Z, community_safety_partnership: Testshire}
        recommendations:
          - number: 1
            text: t
            actions:
              - {number: 1, description: a}
              - {number: 1, description: b}
        """)
    assert line == 7 and "action 1 of recommendation 1 is also given on line 6" in message


def test_text_that_yaml_reads_as_a_boolean_is_explained(tmp_path):
    [(_line, _column, message)] = plan_problems(tmp_path, """
        review: {subject: Adult Z, community_safety_partnership: Testshire}
        recommendations:
          - number: 1
            text: t
            addressed_to: no
        """)
    assert "must be text (put it in quotes" in message
