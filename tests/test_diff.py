"""`dhr-check diff`: findings matched by identity across quarters, RAG moves, and clear refusals.

The runs use the small fixture rule set, so a change to the shipped rules does not change what is compared.
"""

from __future__ import annotations

import json
import shutil

import pytest

from .common import REPO
from .reporting import run, write_plan

RULES = str(REPO / "tests" / "fixtures" / "rules-small")

LAST_QUARTER_PLAN = """
review:
  subject: Adult Z
  community_safety_partnership: Testshire
  published_recommendations:
    - {number: 1, text: "Train staff."}
    - {number: 2, text: "Audit records."}
    - {number: 3, text: "Review the protocol."}
recommendations:
  - number: 1
    text: Train staff.
    actions:
      - number: 1
        description: Train every officer.
        lead_agency: Testshire Police
        target_date: 2026-06-30
        status: in_progress
        key_outcomes: [Officers trained.]
        self_rag: green
        progress_updates: [{date: 2025-12-01, note: Begun.}]
      - number: 2
        description: Write the training plan.
        lead_agency: Testshire Police
        target_date: 2026-01-31
        status: in_progress
        planned_evidence: [The plan.]
        key_outcomes: [A plan.]
        self_rag: green
        progress_updates: [{date: 2025-12-01, note: Drafted.}]
"""

# Next quarter: lines moved by a new comment block; R1.A1 now lists evidence; R1.A2 is now overdue.
THIS_QUARTER_PLAN = "# Updated for the March board.\n# Evidence added for R1.A1.\n" + LAST_QUARTER_PLAN.replace(
    "        status: in_progress\n        key_outcomes: [Officers trained.]\n        self_rag: green\n"
    "        progress_updates: [{date: 2025-12-01, note: Begun.}]",
    "        status: in_progress\n        planned_evidence: [Attendance records.]\n        key_outcomes: [Officers trained.]\n"
    "        self_rag: green\n"
    "        progress_updates: [{date: 2026-03-01, note: Half trained.}]").replace(
    "progress_updates: [{date: 2025-12-01, note: Drafted.}]", "progress_updates: [{date: 2026-03-01, note: Late.}]")


@pytest.fixture
def quarters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text, as_of in [("last", LAST_QUARTER_PLAN, "2025-12-31"), ("this", THIS_QUARTER_PLAN, "2026-03-31")]:
        (tmp_path / name).mkdir()
        plan = write_plan(tmp_path / name, text)
        run("check", str(plan), "--as-of", as_of, "--rules", RULES, "--output", f"{name}.json")
    return tmp_path


def test_new_resolved_persisting_and_rag_moves(quarters):
    code, out, err = run("diff", "last.json", "this.json", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    ids = {key: sorted(f["id"] for f in data[key]) for key in ("new_findings", "resolved_findings")}
    assert ids == {"new_findings": ["testshire/adult-z|T-GAP-001|R1|A2|",
                                    "testshire/adult-z|T-OVERDUE-001|R1|A2|"],
                   "resolved_findings": ["testshire/adult-z|T-EVIDENCE-001|R1|A1|",
                                         "testshire/adult-z|T-GAP-001|R1|A1|"]}
    # both quarters miss published recommendations 2 and 3: same rule, no numbers, still two findings
    coverage = [f for f in data["persisting_findings"] if f["rule"] == "T-COVERAGE-001"]
    assert sorted(f["subject"] for f in coverage) == ["Published recommendation 2", "Published recommendation 3"]
    # lines moved by two, yet nothing persisting is reported as new
    assert all(f["line"] > 2 for f in data["persisting_findings"])
    assert data["action_changes"] == [
        {"plan": "testshire/adult-z", "action": "R1.A1", "old_rag": "red", "new_rag": "green", "direction": "better"},
        {"plan": "testshire/adult-z", "action": "R1.A2", "old_rag": "green", "new_rag": "red", "direction": "worse"}]


def test_text_diff_reads_as_a_summary(quarters):
    code, out, _err = run("diff", "last.json", "this.json")
    assert code == 0
    assert out.startswith("dhr-check diff: last.json (as of 2025-12-31) -> this.json (as of 2026-03-31); same ")
    assert "  testshire/adult-z R1.A2: GREEN -> RED (worse)\n" in out
    assert out.endswith("Summary: 2 new, 2 resolved, 2 persisting; 1 rating worse, 1 better.\n")


def test_output_file_takes_its_format_from_the_extension(quarters):
    code, _out, err = run("diff", "last.json", "this.json", "--output", "changes.html")
    assert code == 0 and err == "dhr-check: wrote changes.html (html)\n"
    page = (quarters / "changes.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "2 new findings, 2 resolved, 2 persisting" in page


def test_runs_with_different_rules_are_refused(quarters, tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    shutil.copytree(tmp_path / "rules", tmp_path / "changed-rules")
    overdue = tmp_path / "changed-rules" / "T-OVERDUE-001.yaml"
    overdue.write_text(overdue.read_text().replace("suggested_rag: red", "suggested_rag: amber"))
    for rules, name in [("rules", "before.json"), ("changed-rules", "after.json")]:
        run("check", "this/plan.yaml", "--as-of", "2026-03-31", "--rules", rules, "--output", name)
    code, out, err = run("diff", "before.json", "after.json")
    assert code == 2 and out == ""
    assert err.startswith("dhr-check: the two runs used different rules (T-OVERDUE-001 changed), so a finding")
    assert "\n" not in err.rstrip("\n") and "Traceback" not in err


@pytest.mark.parametrize("content, message", [
    (b"not json at all", "is not JSON (line 1, column 1: Expecting value)"),
    (b'{"plans": []}', "is JSON but not a dhr-check run result"),
    (b'{"format": "dhr-check-result", "as_of": "2026-03-31", "rules": [], "plans": []}',
     "is not a complete dhr-check run result: 'findings' is missing"),
    (b"\xff\xfe\x00", "is not a text file"),
])
def test_files_that_are_not_run_results_are_refused_in_one_line(quarters, content, message):
    (quarters / "bad.json").write_bytes(content)
    code, out, err = run("diff", "last.json", "bad.json")
    assert code == 2 and out == ""
    assert err.startswith(f"dhr-check: bad.json {message}") and err.count("\n") == 1


def test_filtered_and_unfiltered_runs_are_not_compared(quarters):
    run("check", "--rules", RULES, "this/plan.yaml", "--as-of", "2026-03-31", "--agency", "testshire police",
        "--output", "police.json")
    code, _out, err = run("diff", "last.json", "police.json")
    assert code == 2
    assert "last.json is not filtered to an agency but police.json is filtered to Testshire Police" in err


def test_a_plan_left_out_of_this_run_is_not_progress(quarters):
    """Its findings are 'not in this run', counted apart, never 'resolved'."""
    write_plan(quarters / "last", LAST_QUARTER_PLAN.replace("Adult Z", "Adult Y"), "other.yaml")
    run("check", "--rules", RULES, str(quarters / "last"), "--as-of", "2025-12-31", "--output", "last.json")
    code, out, _ = run("diff", "last.json", "this.json", "--format", "json")
    data = json.loads(out)
    assert {f["plan"] for f in data["not_in_this_run"]} == {"testshire/adult-y"} and data["not_in_this_run"]
    assert all(f["plan"] != "testshire/adult-y" for f in data["resolved_findings"])
    text = run("diff", "last.json", "this.json")[1]
    assert f", {len(data['not_in_this_run'])} not in this run;" in text
    assert "Not in this run: findings of plans this run did not check" in text


def test_recommendation_rag_changes_are_listed(quarters):
    """R1 was red (its first action had no evidence); with the second action rescheduled, nothing is left red."""
    (quarters / "rescheduled").mkdir()
    plan = write_plan(quarters / "rescheduled", THIS_QUARTER_PLAN.replace("target_date: 2026-01-31",
                                                                         "target_date: 2026-12-31"))
    run("check", "--rules", RULES, str(plan), "--as-of", "2026-03-31", "--output", "rescheduled.json")
    data = json.loads(run("diff", "last.json", "rescheduled.json", "--format", "json")[1])
    assert [(c["plan"], c["recommendation"], c["old_rag"], c["new_rag"]) for c in data["recommendation_changes"]] == [
        ("testshire/adult-z", "R1", "red", "green")]
    assert "testshire/adult-z R1: RED -> GREEN (better)" in run("diff", "last.json", "rescheduled.json")[1]
