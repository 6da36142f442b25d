"""Waivers that cannot attach: a plan not in the run, a plan id that does not exist, two plans with one id
(issue 13, item 11)."""

from __future__ import annotations

import json
import shutil

from .common import REPO
from .reporting import AS_OF, run

WESTVALE = REPO / "plans" / "illustrative-westvale-mr-c.yaml"
WAIVER = """  - rule: DHR-LEAD-001
    plan: {plan}
    recommendation: 2
    action: 2
    reason: The protocol is held by the Victims' Forum until Police and Probation agree a lead.
    approved_by: Westvale Community Safety Partnership Board
    approved_on: 2026-02-10
    expires_on: 2026-09-30
"""


def _folder(tmp_path, *plan_ids):
    (tmp_path / "dhr-check.yaml").write_text("extends: [default]\n", encoding="utf-8")
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n" + "".join(WAIVER.format(plan=plan) for plan in plan_ids), encoding="utf-8")
    shutil.copy(WESTVALE, tmp_path / "westvale.yaml")
    return tmp_path


def test_waivers_for_plans_not_in_the_run_are_told_once_with_their_lines(monkeypatch):
    monkeypatch.chdir(REPO)
    code, _out, err = run("check", "plans/bolton-adult-a.yaml", "--as-of", AS_OF)
    assert code == 1             # as without the note: a waiver for another plan is not bad input
    note, summary = err.splitlines()          # the note, then the run's one-line summary
    assert note == ("plans/waivers.yaml:5:5: note: 3 waivers name plans not in this run, so they waive nothing here: "
                    "'westvale/mr-c' (lines 5, 23), 'northshire/adult-b' (line 15). A plan id is partnership/subject, "
                    "as reports show it.")
    assert summary.startswith("dhr-check: Summary: 1 plan")


def test_no_note_when_every_waivers_plan_is_checked(monkeypatch):
    monkeypatch.chdir(REPO)
    _code, _out, err = run("check", "plans", "--as-of", AS_OF)
    assert "note:" not in err
    _code, _out, err = run("check", "plans", "--as-of", AS_OF, "--agency", "Westvale Police")
    assert "note:" not in err        # the filter is of the report: every plan was checked, with its waivers


def test_a_mistyped_plan_id_is_told_at_its_line_with_the_id_meant(tmp_path):
    folder = _folder(tmp_path, "westvale/mr-c", "westvale/mrc", "nowhere/at-all")
    code, out, err = run("check", str(folder / "westvale.yaml"), "--as-of", AS_OF, "--format", "json")
    assert code == 1
    waived = [f for f in json.loads(out)["findings"] if f["waived"]]
    assert [(f["rule"], f["recommendation"], f["action"]) for f in waived] == [("DHR-LEAD-001", "2", "2")]
    assert err.splitlines()[:-1] == [
        f"{folder}/waivers.yaml:10:5: note: waiver 2 (DHR-LEAD-001) names plan 'westvale/mrc', which is not in "
        "this run, so it waives nothing. Did you mean 'westvale/mr-c'?",
        f"{folder}/waivers.yaml:18:5: note: 1 waiver names a plan not in this run, so it waives nothing here: "
        "'nowhere/at-all' (line 18). A plan id is partnership/subject, as reports show it."]


def test_a_waiver_attaches_only_to_the_first_of_two_plans_with_one_id(tmp_path):
    folder = _folder(tmp_path, "westvale/mr-c")
    shutil.copy(WESTVALE, folder / "zz-copy.yaml")
    code, out, err = run("check", str(folder), "--as-of", AS_OF, "--format", "json")
    data = json.loads(out)
    assert code == 2
    assert [plan["file"] for plan in data["plans"]] == [f"{folder}/westvale.yaml"]
    assert [e["file"] for e in data["errors"]] == [f"{folder}/zz-copy.yaml"]
    assert "is also the id of" in data["errors"][0]["message"]
    waived = [f for f in data["findings"] if f["waived"]]
    assert [f["file"] for f in waived] == [f"{folder}/westvale.yaml"]
    assert "note:" not in err
