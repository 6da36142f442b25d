"""The shipped rules on the bundled plans: the Bolton result is exact, and every rule fires and stays silent."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.check import Checker, check_paths
from checker.discovery import NOT_PLANS
from checker.config import load_settings
from checker.waivers import load_waivers

from .common import REPO, SHIPPED_RULES, MINIMAL_REVIEW, problems, write

SETTINGS = load_settings(REPO / "plans" / "dhr-check.yaml")
WAIVERS = load_waivers(SETTINGS.waivers_file)
BUNDLED = check_paths([REPO / "plans"], SETTINGS.rules, dt.date(2026, 3, 31), SETTINGS.rag_policy, WAIVERS)


def test_bundled_plans_are_all_valid():
    assert BUNDLED.errors == []
    assert len(BUNDLED.plans) == len([p for p in (REPO / "plans").glob("*.yaml") if p.name not in NOT_PLANS])


def test_bolton_evidence_rule_flags_exactly_r2a2_r3a2_r9a2():
    result = check_paths([REPO / "plans" / "bolton-adult-a.yaml"], SHIPPED_RULES, dt.date(2015, 10, 1))
    flagged = [(f.recommendation, f.action) for f in result.findings if f.rule == "DHR-EVIDENCE-001"]
    assert flagged == [("2", "2"), ("3", "2"), ("9", "2")]


@pytest.mark.parametrize("rule", [r.id for r in SETTINGS.rules])
def test_every_shipped_rule_fires_somewhere_in_the_bundled_plans(rule):
    assert any(f.rule == rule for f in BUNDLED.findings)


@pytest.mark.parametrize("rule", [r.id for r in SETTINGS.rules])
def test_every_shipped_rule_stays_silent_somewhere_in_the_bundled_plans(rule):
    kind = {r.id: r.applies_to for r in SHIPPED_RULES}[rule]
    subjects = _subjects(kind)
    flagged = {(f.file, f.subject) for f in BUNDLED.findings if f.rule == rule}
    assert subjects - flagged, f"{rule} fires on every {kind} in plans/"


def _subjects(kind):
    from checker.facts import plan_facts
    from checker.validate import load_plan
    if kind == "waiver":
        return {(w.file, f"Waiver {w.index + 1} ({w.waiver.rule})") for w in WAIVERS}
    found = set()
    for plan_result in BUNDLED.plans:
        plan, document = load_plan(plan_result.file)
        found |= {(document.file, s.name) for s in plan_facts(plan, document).subjects.values() if s.kind == kind}
    return found


ACTIONS = MINIMAL_REVIEW + """
recommendations:
  - number: 1
    text: t
    actions:
      - number: 1
        description: overdue, no evidence, rated green
        lead_agency: Police
        target_date: 2026-01-31
        self_rag: green
      - number: 2
        description: complete without evidence provided
        lead_agency: Police
        planned_evidence: [audit]
        completion_date: 2026-02-01
        self_rag: blue
      - number: 3
        description: due soon, no update, stale elsewhere
        lead_agency: Police
        planned_evidence: [audit]
        target_date: 2026-04-20
        self_rag: amber
      - number: 4
        description: open, last update a quarter and more ago
        lead_agency: Police
        planned_evidence: [audit]
        target_date: 2026-12-31
        self_rag: green
        progress_updates:
          - {date: 2025-12-01, note: started}
      - number: 5
        description: all in order
        lead_agency: Police
        planned_evidence: [audit]
        evidence_provided: [{description: audit report}]
        completion_date: 2026-01-10
        status: complete
        self_rag: blue
      - number: 6
        description: nothing recorded
"""


def only(*ids: str) -> list:
    """The shipped rules a table is about, so that a new rule elsewhere does not change the table."""
    return [rule for rule in SHIPPED_RULES if rule.id in ids]


def test_action_rules_expectation_table(tmp_path):
    rules = only("DHR-EVIDENCE-001", "DHR-EVIDENCE-002", "DHR-OVERDUE-001", "DHR-RAG-GAP-001", "DHR-DUE-SOON-001",
                 "DHR-PROGRESS-001", "DHR-LEAD-001", "DHR-SELF-RAG-001", "DHR-TARGET-001")
    assert problems(tmp_path, ACTIONS, rules=rules) == [
        (9, "DHR-EVIDENCE-001", "red"), (9, "DHR-OVERDUE-001", "red"), (9, "DHR-RAG-GAP-001", "amber"),
        (14, "DHR-EVIDENCE-002", "red"), (14, "DHR-RAG-GAP-001", "amber"),
        (20, "DHR-DUE-SOON-001", "amber"),
        (26, "DHR-PROGRESS-001", "amber"), (26, "DHR-RAG-GAP-001", "amber"),
        (42, "DHR-EVIDENCE-001", "red"), (42, "DHR-LEAD-001", "amber"), (42, "DHR-SELF-RAG-001", "amber"),
        (42, "DHR-TARGET-001", "amber"),
    ]


MONITORING = """
review:
  subject: Adult Z
  community_safety_partnership: Testshire
  commissioned_on: 2024-01-10
  plan_date: 2024-06-01
  signed_off_on: 2023-12-01
  published_recommendations:
    - {number: 1, text: one}
    - {number: 2, text: two}
recommendations:
  - {number: 1, text: one}
releases:
  - {reference: A, risk_level: very_high, release_type: sentence_expiry, release_date: 2026-02-01}
  - {reference: B, risk_level: high, release_type: licence, release_date: 2026-02-01}
  - reference: C
    risk_level: high
    release_type: sentence_expiry
    release_date: 2026-02-01
    pre_release_rama: {held_on: 2026-01-25, risk_management_plan_agreed_by_all: true}
  - reference: D
    risk_level: high
    release_type: sentence_expiry
    release_date: 2026-02-01
    pre_release_rama: {held_on: 2026-01-18, risk_management_plan_agreed_by_all: false}
refuge_directory:
  maintained_by: Housing
  last_refreshed: 2025-03-01
"""


def test_monitoring_rules_expectation_table(tmp_path):
    rules = only("DHR-SIGNOFF-001", "DHR-COVERAGE-001", "DHR-RAMA-001", "DHR-RAMA-002", "DHR-RAMA-003",
                 "DHR-REFUGE-001")
    assert problems(tmp_path, MONITORING, rules=rules) == [
        (1, "DHR-SIGNOFF-001", "amber"),          # signed off before the review was commissioned
        (9, "DHR-COVERAGE-001", "red"),
        (13, "DHR-RAMA-001", "red"),              # B, on licence, and C, D with a RAMA, stay silent
        (15, "DHR-RAMA-002", "amber"),            # C: 7 days before release
        (20, "DHR-RAMA-003", "amber"),            # D: 14 days before is in time, but not agreed
        (25, "DHR-REFUGE-001", "red"),            # 395 days old
    ]


@pytest.mark.parametrize("directory, expected", [
    ("{maintained_by: Housing, last_refreshed: 2026-01-01}", []),
    ("{maintained_by: Housing, last_refreshed: 2025-12-01}", ["amber"]),                 # 120 days > 92
    ("{maintained_by: Housing, last_refreshed: 2025-12-01, refresh_interval_days: 183}", []),
    ("{maintained_by: Housing}", ["red"]),
])
def test_refuge_directory_levels(tmp_path, directory, expected):
    found = problems(tmp_path, MINIMAL_REVIEW + f"refuge_directory: {directory}\n", rules=only("DHR-REFUGE-001"))
    assert [rag for _line, _rule, rag in found] == expected


def test_bolton_wording_drift_is_flagged_on_recommendations_1_to_3_only_and_sign_off_is_not():
    result = check_paths([REPO / "plans" / "bolton-adult-a.yaml"], SHIPPED_RULES, dt.date(2015, 10, 1))
    drift = [f for f in result.findings if f.rule == "DHR-WORDING-001"]
    assert [f.record for f in drift] == ["published 1", "published 2", "published 3"]
    assert not [f for f in result.findings if f.rule.startswith("DHR-SIGNOFF")]
    assert 'the review has "Domestic Violence Strategy" where the plan has "Domestic Abuse Strategy"' in \
        drift[0].message
    assert all("(not recorded)" not in f.message and "()" not in f.message for f in result.findings)


RELEASES = MINIMAL_REVIEW + """
releases:
  - {reference: A, risk_level: very_high, release_type: sentence_expiry, release_date: 2026-03-06,
     pre_release_rama: {held_on: 2026-03-09}}
  - {reference: B, risk_level: high, release_type: sentence_expiry, release_date: 2026-06-30}
  - {reference: C, risk_level: high, release_type: sentence_expiry, release_date: 2026-04-10}
  - {reference: D, risk_level: high, release_type: sentence_expiry, release_date: 2026-03-01}
  - {reference: E, risk_level: high, release_type: sentence_expiry, release_date: 2026-04-30,
     pre_release_rama: {held_on: 2026-04-20, risk_management_plan_agreed_by_all: true}}
"""


def test_rama_timing_is_rated_by_when_the_release_is(tmp_path):
    with Checker(SHIPPED_RULES, dt.date(2026, 3, 31)) as checker:
        result = checker.check_file(write(tmp_path, RELEASES))
    found = {(f.record, f.rule): f for f in result.findings if f.rule.startswith("DHR-RAMA")}
    after = found[("A", "DHR-RAMA-004")]
    assert after.rag == "red" and "held on 2026-03-09, 3 days after release on 2026-03-06" in after.message
    assert ("A", "DHR-RAMA-002") not in found
    assert found[("B", "DHR-RAMA-001")].rag == "amber"          # 91 days away: still due
    assert "a high risk offender" in found[("B", "DHR-RAMA-001")].message
    assert found[("C", "DHR-RAMA-001")].rag == "red"            # 10 days away: inside the 14-day lead time
    assert found[("D", "DHR-RAMA-001")].rag == "red"            # released with none
    assert found[("E", "DHR-RAMA-002")].rag == "amber" and "10 days before release" in found[("E", "DHR-RAMA-002")].message
    assert "very_high" not in " ".join(f.message for f in result.findings)


def test_a_refuge_directory_refreshed_in_the_future_is_a_red_finding(tmp_path):
    with Checker(SHIPPED_RULES, dt.date(2026, 3, 31)) as checker:
        result = checker.check_file(write(tmp_path, MINIMAL_REVIEW + "refuge_directory: {last_refreshed: 2026-09-01}\n"))
    [future] = [f for f in result.findings if f.rule.startswith("DHR-REFUGE")]
    assert future.rule == "DHR-REFUGE-002" and future.rag == "red" and result.rating.rag == "red"
