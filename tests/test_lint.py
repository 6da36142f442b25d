"""`rules lint`: clean on the shipped rules, and each check catches its defect on a fixture rule set."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.lint import CHECKS, lint_rules
from checker.rules import bundled_rules_dir

DEFECTS = Path(__file__).parent / "fixtures" / "rules-with-defects"
ISSUES = lint_rules(DEFECTS)


def test_shipped_rules_are_lint_clean():
    assert [str(issue) for issue in lint_rules(bundled_rules_dir())] == []


@pytest.mark.parametrize("check, file, words", [
    ("duplicate-id", "sub/T-DUP-001.yaml", "also declared in"),
    ("id-not-file-name", "T-NAME-001.yaml", "T-OTHER-001 differs from the file name"),
    ("empty-message", "T-EMPTY-001.yaml", "'message' is missing or empty"),
    ("no-rationale", "T-EMPTY-001.yaml", "'rationale'"),
    ("no-source", "T-EMPTY-001.yaml", "'source'"),
    ("unused-parameter", "T-UNUSED-001.yaml", "parameter 'days'"),
    ("no-test-cases", "T-NEVER-001.yaml", "with an 'expect' case"),
    ("never-fires", "T-NEVER-001.yaml", "fires on none of the test cases"),
    ("failing-test-case", "T-FAIL-001.test.yaml", "expected T-FAIL-001 here, but it did not fire"),
    ("overlap", "T-OVER-A.yaml", "every finding of T-OVER-A comes with one of T-OVER-B"),
])
def test_each_check_catches_its_defect(check, file, words):
    matching = [i for i in ISSUES if i.check == check and i.problem.file == str(DEFECTS / file)]
    assert any(words in i.problem.message for i in matching), [str(i) for i in ISSUES if i.check == check]


def test_every_named_check_is_exercised_by_the_fixture():
    assert {issue.check for issue in ISSUES} >= set(CHECKS) - {"invalid-rule"}
