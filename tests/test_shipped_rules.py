"""The shipped rules on the bundled plans: the Bolton result is exact, and every rule fires and stays silent."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.check import check_paths
from checker.config import load_settings
from checker.waivers import load_waivers

from .common import REPO, SHIPPED_RULES, problems, MINIMAL_REVIEW

SETTINGS = load_settings(REPO / "plans" / "dhr-check.yaml")
WAIVERS = load_waivers(SETTINGS.waivers_file)
BUNDLED = check_paths([REPO / "plans"], SETTINGS.rules, dt.date(2026, 3, 31), SETTINGS.rag_policy, WAIVERS)


def test_bundled_plans_are_all_valid():
    assert BUNDLED.errors == []
    assert len(BUNDLED.plans) == 3


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


def test_action_rules_expectation_table(tmp_path):
    assert problems(tmp_path, ACTIONS) == [
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
    assert problems(tmp_path, MONITORING) == [
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
    found = problems(tmp_path, MINIMAL_REVIEW + f"refuge_directory: {directory}\n")
    assert [rag for _line, _rule, rag in found] == expected
