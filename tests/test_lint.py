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


def test_rules_that_always_fire_together_are_found_though_each_case_names_one(tmp_path):
    # Each case names only its own rule, so `rules test` checks it alone; lint still looks across rules.
    for rule, field in (("T-A-001", "target_date"), ("T-B-001", "completion_date")):
        (tmp_path / f"{rule}.yaml").write_text(
            f"id: {rule}\ntitle: t\napplies_to: action\nwhen: {{missing: {field}}}\nsuggested_rag: amber\n"
            "message: '{ref} m. It matters. Fix it.'\nrationale: r\nsource: s\n")
    plan = "review: {subject: Z, community_safety_partnership: T}\nrecommendations:\n  - number: 1\n    text: t\n" \
           "    actions:\n"
    (tmp_path / "T-A-001.test.yaml").write_text(
        plan + "      # expect: T-A-001\n      - {number: 1, description: d}\n"
               "      # expect: T-A-001\n      - {number: 2, description: d}\n"
               "      # ok: T-A-001\n      - {number: 3, description: d, target_date: 2026-01-01}\n")
    (tmp_path / "T-B-001.test.yaml").write_text(
        plan + "      # expect: T-B-001\n      - {number: 1, description: d, target_date: 2026-01-01}\n"
               "      # ok: T-B-001\n      - {number: 2, description: d, target_date: 2026-01-01, completion_date: 2026-01-01}\n")
    overlaps = [str(issue) for issue in lint_rules(tmp_path) if issue.check == "overlap"]
    assert overlaps == [f"{tmp_path}/T-A-001.yaml:1:1: [overlap] in all 2 test-case findings of T-A-001, T-B-001 "
                        "fired on the same line. Add a case where T-A-001 fires without T-B-001, or merge the rules."]
