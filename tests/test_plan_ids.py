"""Plan ids are unique within a run, and a file reached twice is checked once."""

from __future__ import annotations

import json
import os

import pytest

from checker import parallel

from .common import REPO
from .reporting import AS_OF, run

PLAN = (REPO / "plans" / "illustrative-westvale-mr-c.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_second_plan_with_the_same_id_is_an_error_naming_both_and_the_first_is_checked(tmp_path, monkeypatch,
                                                                                         jobs):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)       # workers even for two plans
    assert 'subject: "Mr C"' in PLAN
    (tmp_path / "a.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(PLAN.replace('subject: "Mr C"', 'subject: "MR-C"'), encoding="utf-8")
    code, out, err = run("check", str(tmp_path), "--as-of", AS_OF, "--format", "json", "--jobs", jobs)
    assert code == 2, err
    report = json.loads(out)
    assert [plan["file"] for plan in report["plans"]] == [str(tmp_path / "a.yaml")]
    assert {finding["file"] for finding in report["findings"]} == {str(tmp_path / "a.yaml")}
    line, column = next((number, text.index("subject") + 1) for number, text in enumerate(PLAN.splitlines(), 1)
                        if "subject:" in text)
    assert report["errors"] == [{
        "file": str(tmp_path / "b.yaml"), "line": line, "column": column,
        "message": f"not checked: this plan's id 'westvale/mr-c' (made from its partnership and subject) is also "
                   f"the id of {tmp_path / 'a.yaml'}. Give each plan a subject of its own (case, spaces and "
                   "punctuation do not count), or remove the copy."}]


def test_a_file_named_twice_or_through_a_link_is_checked_once(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    os.symlink(plan, tmp_path / "also.yaml")
    code, out, err = run("check", str(plan), str(plan), str(tmp_path / "also.yaml"), str(tmp_path),
                         "--as-of", AS_OF, "--format", "json")
    assert code == 1, err                 # red findings, and no error: nothing was left out
    report = json.loads(out)
    assert [plan["file"] for plan in report["plans"]] == [str(plan)] and report["errors"] == []
