"""Every case in every shipped rule's <id>.test.yaml, one pytest test per case (ids <rule>_<case>)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.rules import bundled_rules_dir, load_rules
from checker.ruletests import collect_cases, run_case

ROOT = bundled_rules_dir()
RULES = load_rules([p for p in sorted(ROOT.iterdir()) if p.is_dir()])
CASES = collect_cases(ROOT)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_case(case):
    result = run_case(case, RULES)
    assert result.passed, "\n".join(result.failures)


@pytest.mark.parametrize("rule", [rule.id for rule in RULES])
def test_every_shipped_rule_has_an_expect_and_an_ok_case(rule):
    own = [case for case in CASES if case.rule == rule]
    assert any(rule in ids for case in own for ids in case.expect.values()), f"{rule}: no 'expect' case"
    assert any(rule in ids for case in own for ids in case.ok.values()), f"{rule}: no 'ok' case"


def test_a_wrong_expectation_fails_with_the_line(tmp_path):
    (tmp_path / "T-LEAD-001.yaml").write_text(
        "id: T-LEAD-001\ntitle: t\napplies_to: action\nwhen: {missing: lead_agency}\nsuggested_rag: amber\n"
        "message: m\nrationale: r\nsource: s\n")
    (tmp_path / "T-LEAD-001.test.yaml").write_text(
        "# case: first\nreview: {subject: Z, community_safety_partnership: T}\n---\n# case: second\n"
        "# as-of: 2020-01-01\nreview: {subject: Z, community_safety_partnership: T}\nrecommendations:\n"
        "  - number: 1\n    text: t\n    actions:\n      # ok: T-LEAD-001\n      - {number: 1, description: d}\n"
        "      # expect: T-LEAD-001\n      - {number: 2, description: d, lead_agency: Police}\n")
    first, second = collect_cases(tmp_path)
    assert (first.name, second.name, str(second.as_of), second.first_line) == ("first", "second", "2020-01-01", 4)
    result = run_case(second, load_rules(tmp_path))
    assert result.failures == [
        f"{tmp_path}/T-LEAD-001.test.yaml:14: expected T-LEAD-001 here, but it did not fire.",
        f"{tmp_path}/T-LEAD-001.test.yaml:12: T-LEAD-001 fired here, but the line is marked ok."]


SCOPE = Path(__file__).parent / "fixtures" / "rules-case-scope"
SCOPE_RULES = load_rules(SCOPE)
SCOPE_CASES = {case.id: case for case in collect_cases(SCOPE)}


def test_a_case_is_checked_with_only_the_rules_it_names():
    # T-NOISE-001 flags every action; checked with it, the action would be suggested amber and T-GAP-001 fire.
    case = SCOPE_CASES["T-GAP-001_1"]
    assert run_case(case, SCOPE_RULES, every_rule=True).failures, "the fixture must show the difference"
    result = run_case(case, SCOPE_RULES)
    assert result.passed, result.failures
    assert {rule for rule, _line in result.fired} == set()


def test_a_uses_line_adds_the_rules_whose_findings_the_case_needs():
    case = SCOPE_CASES["T-GAP-001_2"]
    assert case.uses == {"T-LEAD-001"}
    result = run_case(case, SCOPE_RULES)
    assert result.passed, result.failures
    assert {rule for rule, _line in result.fired} == {"T-LEAD-001", "T-GAP-001"}


def test_the_rule_a_waiver_waives_is_checked_with_the_case():
    result = run_case(SCOPE_CASES["T-WAIVED-001_1"], SCOPE_RULES)
    assert result.passed, result.failures
    assert {rule for rule, _line in result.fired} == {"T-LEAD-001"}


def test_a_uses_line_naming_no_loaded_rule_fails(tmp_path):
    (tmp_path / "T-GAP-001.test.yaml").write_text(
        "# uses: T-LEAD-001, T-NONE-001\nreview: {subject: Z, community_safety_partnership: T}\nrecommendations:\n"
        "  - number: 1\n    text: t\n    actions:\n      # ok: T-GAP-001\n"
        "      - {number: 1, description: d, lead_agency: Police}\n")
    (case,) = collect_cases(tmp_path)
    result = run_case(case, SCOPE_RULES)
    assert result.failures == [f"{tmp_path}/T-GAP-001.test.yaml: no rule T-NONE-001 in the rules under test."]
