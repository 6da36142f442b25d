"""The dhr-check command as a user runs it: exact output, exit codes, bad input beside good."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from checker.discovery import NOT_PLANS
from checker.cli import main

from .common import REPO, SHIPPED_RULES, SMALL, SMALL_RULES, write

GOLDEN = REPO / "tests" / "golden"
BOLTON = "plans/bolton-adult-a.yaml"
REGENERATE = os.environ.get("DHR_REGENERATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(REPO)          # paths in reports are as the user typed them


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def golden(name: str, text: str) -> str:
    """The committed expected output; `DHR_REGENERATE_GOLDEN=1 pytest` rewrites it for review as a diff."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt, name", [("text", "bolton-2015-10-01.txt"), ("json", "bolton-2015-10-01.json")])
def test_bolton_output_is_exactly_the_golden_file(fmt, name):
    code, out, _err = run("check", BOLTON, "--as-of", "2015-10-01", "--format", fmt)
    assert code == 1                                   # red findings
    assert out == golden(name, out)


def test_json_is_byte_identical_across_runs():
    first = run("check", "plans", "--as-of", "2026-03-31", "--format", "json")[1]
    second = run("check", "plans", "--as-of", "2026-03-31", "--format", "json")[1]
    assert first == second


def test_json_shape_and_as_of():
    data = json.loads(run("check", BOLTON, *SMALL, "--as-of", "2015-10-01", "--format", "json")[1])
    assert data["as_of"] == "2015-10-01"
    [plan] = data["plans"]
    assert plan["file"] == BOLTON and plan["rag"] == "red"
    assert [r["number"] for r in plan["recommendations"]] == [str(n) for n in range(1, 10)]
    assert [{k: a[k] for k in ("number", "rag", "self_rag")} for a in plan["recommendations"][1]["actions"]] == [
        {"number": "1", "rag": "amber", "self_rag": None}, {"number": "2", "rag": "red", "self_rag": None}]
    finding = next(f for f in data["findings"] if f["rule"] == "T-EVIDENCE-001")
    assert {k: finding[k] for k in ("rag", "file", "recommendation", "action")} == \
        {"rag": "red", "file": BOLTON, "recommendation": "2", "action": "2"}
    assert finding["values"] == {"planned_evidence": 0} and data["errors"] == []


def test_text_report_names_the_as_of_date_and_groups_by_recommendation():
    out = run("check", BOLTON, *SMALL, "--as-of", "2015-10-01")[1]
    assert out.startswith(f"dhr-check: as of 2015-10-01, {len(SMALL_RULES)} rules, 1 plan checked\n")
    assert "  Recommendation 9: RED\n" in out and "    Action 2: RED (no self-assessed RAG)\n" in out


@pytest.mark.parametrize("fail_on, code", [("red", 1), ("amber", 1), ("never", 0)])
def test_fail_on(fail_on, code):
    assert run("check", BOLTON, *SMALL, "--as-of", "2015-10-01", "--fail-on", fail_on)[0] == code


def test_amber_only_plan_passes_at_red_and_fails_at_amber(tmp_path):
    plan = write(tmp_path, """
        review: {subject: Adult Z, community_safety_partnership: Testshire}
        recommendations:
          - number: 1
            text: t
            actions:
              - {number: 1, description: d, planned_evidence: [e], target_date: 2027-01-01}
        """)
    assert run("check", str(plan), *SMALL, "--as-of", "2026-03-31")[0] == 0
    assert run("check", str(plan), *SMALL, "--as-of", "2026-03-31", "--fail-on", "amber")[0] == 1


def test_a_bad_plan_is_reported_and_the_good_ones_still_checked(tmp_path):
    bad = write(tmp_path, "review:\n  subject: A\n  subject: B\n", "bad.yaml")
    code, out, err = run("check", str(bad), BOLTON, *SMALL, "--as-of", "2015-10-01")
    assert code == 2
    assert "Traceback" not in out + err
    assert f"{bad}:3:3: 'subject' is given twice in the same mapping (first on line 2)." in out
    assert "plans/bolton-adult-a.yaml: Adult A (Bolton)" in out
    assert out.startswith(f"dhr-check: as of 2015-10-01, {len(SMALL_RULES)} rules, 1 plan checked, "
                          "1 file could not be checked")


def test_missing_path_and_bad_date_are_usage_errors():
    code, out, _ = run("check", "no-such-plan.yaml", "--as-of", "2015-10-01")
    assert code == 2 and "no-such-plan.yaml:1:1: no such file or folder." in out
    code, _out, err = run("check", BOLTON, "--as-of", "1/10/2015")
    assert code == 2 and "write it as YYYY-MM-DD" in err


def test_broken_rules_folder_stops_with_a_clear_message(tmp_path):
    (tmp_path / "X-BAD-001.yaml").write_text("id: X-BAD-001\ntitle: t\n")
    code, out, err = run("check", BOLTON, "--rules", str(tmp_path))
    assert code == 2 and out == ""
    assert "X-BAD-001.yaml:1:1: 'applies_to' is required; add it." in err and "nothing was checked" in err


def test_validate_reports_each_file():
    code, out, _ = run("validate", "plans")
    plans = [p for p in (REPO / "plans").glob("*.yaml") if p.name not in NOT_PLANS]
    assert code == 0 and out.count(": valid\n") == len(plans) >= 3


def test_rules_show_tells_an_auditor_what_why_source_and_parameters():
    code, out, _ = run("rules", "show", "DHR-RAMA-002")
    assert code == 0
    assert out.startswith("DHR-RAMA-002: The pre-release RAMA is held in good time before release\n")
    for expected in ("What it checks:", "the date the RAMA was held is fewer than 14 days before the release date",
                     "Why:", "Source:", "Bolton DHR \"Adult A\", recommendation 6.",
                     "min_days_before_release = 14: The fewest days", "Rule file: rules/default/DHR-RAMA-002.yaml"):
        assert expected in out


def test_rules_show_unknown_id():
    code, _out, err = run("rules", "show", "DHR-NOPE-001")
    assert code == 2 and "no rule 'DHR-NOPE-001'" in err


def test_rules_list_has_every_rule():
    out = run("rules", "list")[1]
    assert len(out.splitlines()) == len(SHIPPED_RULES) and "DHR-REFUGE-001     amber/red" in out


def test_schema_is_json_schema_that_accepts_the_bundled_plans():
    import jsonschema
    import yaml
    schema = json.loads(run("schema")[1])
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted(p for p in (REPO / "plans").glob("*.yaml") if p.name not in NOT_PLANS):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, schema)


def test_rules_show_explains_a_shipped_rule_whose_pack_is_not_in_force():
    code, out, _ = run("rules", "show", "DHR-LEAD-002")
    assert code == 0 and out.startswith("Not in force here")
    assert "Amber when fewer than 95% of the plan's key actions meet this" in out


def test_rules_list_follows_the_partnerships_settings(tmp_path):
    (tmp_path / "dhr-check.yaml").write_text("extends: [default, thresholds]\nrules: {DHR-LEAD-001: off}\n")
    out = run("rules", "list", "--config", str(tmp_path / "dhr-check.yaml"))[1]
    assert "DHR-LEAD-002" in out and "DHR-LEAD-001 " not in out


@pytest.mark.parametrize("flag, file", [("--config", "plans/dhr-check.yaml"), ("--waivers", "plans/waivers.yaml")])
def test_settings_and_waivers_schemas_accept_the_bundled_files(flag, file):
    import jsonschema
    import yaml
    schema = json.loads(run("schema", flag)[1])
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(json.dumps(yaml.safe_load((REPO / file).read_text()), default=str))
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "colour": "blue"}, schema)


def test_shell_completion_completes_the_subcommands():
    """What `eval "$(_DHR_CHECK_COMPLETE=bash_source dhr-check)"` sets up: the shell asks, dhr-check answers."""
    import shutil
    import subprocess
    import sys
    script = shutil.which("dhr-check", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("the dhr-check command is not installed beside this Python: pip install -e .")
    done = subprocess.run([script], capture_output=True, text=True, timeout=60, env={
        **os.environ, "_DHR_CHECK_COMPLETE": "bash_complete", "COMP_WORDS": "dhr-check ch", "COMP_CWORD": "1"})
    assert done.returncode == 0 and "check" in done.stdout.replace(",", " ").split()
    assert "validate" not in done.stdout


def test_file_problems_reach_standard_error_whatever_the_outputs(tmp_path):
    """A CI log shows which file could not be checked even when the report went to a file."""
    bad = write(tmp_path, "review: [\n", "bad.yaml")
    for extra in (("-o", str(tmp_path / "r.json")), ("--format", "json"), ("--format", "sarif")):
        code, out, err = run("check", str(bad), BOLTON, *SMALL, "--as-of", "2015-10-01", *extra)
        assert code == 2
        assert f"{bad}:2:1: " in err
        assert err.rstrip("\n").splitlines()[-1].startswith("dhr-check: Summary: 1 plan (red 1")
