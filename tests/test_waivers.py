"""Waivers: a waived finding leaves the RAG but stays listed; expired or unmatched waivers are findings.

Checked with the small fixture rule set (its T-WAIVER rules do what DHR-WAIVER-001 and -002 do), so a new
shipped rule cannot change these; the bundled waivers are checked with the bundled settings.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from checker.check import check_paths
from checker.errors import PlanError
from checker.waivers import load_waivers

from .common import REPO, SMALL_RULES, SMALL_RULES_DIR
from .reporting import run as cli

PLAN = """
review: {subject: Adult Z, community_safety_partnership: Testshire}
recommendations:
  - number: 1
    text: t
    actions:
      - {number: 1, description: no lead, planned_evidence: [x], key_outcomes: [y], target_date: 2026-12-31,
         self_rag: amber}
"""

WAIVER = """
  - rule: T-LEAD-001
    plan: testshire/adult-z
    recommendation: 1
    action: 1
    reason: Jointly owned by the partnership until the board names a lead.
    approved_by: Testshire CSP Board
    approved_on: 2026-01-10
    expires_on: {expires}
"""


def run(tmp_path, waivers_text: str):
    (tmp_path / "plan.yaml").write_text(textwrap.dedent(PLAN))
    (tmp_path / "waivers.yaml").write_text(waivers_text)
    waivers = load_waivers(tmp_path / "waivers.yaml")
    return check_paths([tmp_path / "plan.yaml"], SMALL_RULES, dt.date(2026, 3, 31), waivers=waivers)


def test_a_current_waiver_takes_the_finding_out_of_the_rag_but_keeps_it_listed(tmp_path):
    result = run(tmp_path, "waivers:" + WAIVER.format(expires="2026-06-30"))
    [lead] = [f for f in result.findings if f.rule == "T-LEAD-001"]
    assert lead.waiver is not None and lead.waiver.approved_by == "Testshire CSP Board"
    assert result.plans[0].rating.rag == "green"
    assert not any(f.rule.startswith("T-WAIVER") for f in result.findings)


def test_an_expired_waiver_no_longer_waives_and_is_a_finding(tmp_path):
    result = run(tmp_path, "waivers:" + WAIVER.format(expires="2026-03-01"))
    rules = {f.rule: f for f in result.findings}
    assert rules["T-LEAD-001"].waiver is None
    assert rules["T-WAIVER-001"].rag == "amber" and rules["T-WAIVER-001"].line == 2
    assert rules["T-WAIVER-001"].file == str(tmp_path / "waivers.yaml")
    assert result.plans[0].rating.rag == "amber"


def test_a_waiver_that_matches_nothing_is_a_finding(tmp_path):
    result = run(tmp_path, "waivers:" + WAIVER.format(expires="2026-06-30").replace("action: 1", "action: 2"))
    assert [f.rule for f in result.findings if f.rule.startswith("T-WAIVER")] == ["T-WAIVER-002"]


@pytest.mark.parametrize("remove, words", [("reason", "a waiver must say why"),
                                           ("approved_by", "a waiver must say who approved it")])
def test_a_waiver_without_reason_or_approver_is_an_error(tmp_path, remove, words):
    text = "waivers:" + "\n".join(line for line in WAIVER.format(expires="2026-06-30").splitlines()
                                  if not line.strip().startswith(remove))
    (tmp_path / "waivers.yaml").write_text(text)
    with pytest.raises(PlanError) as caught:
        load_waivers(tmp_path / "waivers.yaml")
    [problem] = caught.value.problems
    assert problem.line == 2 and words in problem.message


def test_bundled_waivers_exercise_both_waiver_rules():
    from checker.config import load_settings
    settings = load_settings(REPO / "plans" / "dhr-check.yaml")
    result = check_paths([REPO / "plans"], settings.rules, dt.date(2026, 3, 31), settings.rag_policy,
                         load_waivers(settings.waivers_file))
    assert {f.rule for f in result.findings if f.rule.startswith("DHR-WAIVER")} == {"DHR-WAIVER-001",
                                                                                     "DHR-WAIVER-002"}
    assert sum(1 for f in result.findings if f.waiver is not None) == 1


def waiver_dated(approved: str, expires: str) -> str:
    return "waivers:" + WAIVER.format(expires=expires).replace("approved_on: 2026-01-10", f"approved_on: {approved}")


def test_a_waiver_is_in_force_from_the_day_it_is_approved(tmp_path):
    later = run(tmp_path, waiver_dated("2099-01-01", "2099-12-31"))          # approved after the as-of date
    [lead] = [f for f in later.findings if f.rule == "T-LEAD-001"]
    assert lead.waiver is None and lead.counts
    assert later.plans[0].rating.rag == "amber"
    same_day = run(tmp_path, waiver_dated("2026-03-31", "2026-06-30"))
    [lead] = [f for f in same_day.findings if f.rule == "T-LEAD-001"]
    assert lead.waiver is not None and same_day.plans[0].rating.rag == "green"


def test_a_waiver_that_expires_before_it_is_approved_is_an_error_at_its_expiry(tmp_path):
    (tmp_path / "waivers.yaml").write_text(waiver_dated("2026-02-01", "2026-01-31"))
    with pytest.raises(PlanError) as caught:
        load_waivers(tmp_path / "waivers.yaml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(tmp_path / "waivers.yaml"), 9, 5)
    assert "2026-01-31" in problem.message and "2026-02-01" in problem.message


def test_the_check_command_says_which_waivers_are_not_in_force_and_counts_their_findings(tmp_path):
    (tmp_path / "plan.yaml").write_text(textwrap.dedent(PLAN))
    (tmp_path / "waivers.yaml").write_text(waiver_dated("2099-01-01", "2099-12-31"))
    (tmp_path / "dhr-check.yaml").write_text("waivers: waivers.yaml\n")
    code, out, err = cli("check", str(tmp_path / "plan.yaml"), "--rules", str(SMALL_RULES_DIR), "--as-of", "2026-03-31",
                         "--fail-on", "amber")
    assert code == 1, err
    assert f"{tmp_path / 'waivers.yaml'}:2:5: the waiver of T-LEAD-001" in err and "2099-01-01" in err
    assert "waived" not in out


def test_an_impossible_waiver_stops_the_check_command_with_exit_2(tmp_path):
    (tmp_path / "plan.yaml").write_text(textwrap.dedent(PLAN))
    (tmp_path / "waivers.yaml").write_text(waiver_dated("2026-02-01", "2026-01-31"))
    (tmp_path / "dhr-check.yaml").write_text("waivers: waivers.yaml\n")
    code, _out, err = cli("check", str(tmp_path / "plan.yaml"), "--rules", str(SMALL_RULES_DIR),
                          "--as-of", "2026-03-31")
    assert code == 2 and f"{tmp_path / 'waivers.yaml'}:9:5:" in err and "Traceback" not in err
