"""`check --output`: several formats from one run, atomic and reproducible, with provenance an auditor can verify."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex
from pathlib import Path

import pytest

from checker.rules import bundled_rules_dir

from .common import REPO
from .reporting import AS_OF, run

BOLTON = "plans/bolton-adult-a.yaml"
ALL = ("report.txt", "report.json", "report.md", "report.html", "report.sarif", "report.sarif.json",
       "report.xml", "report.csv", "report.xlsx")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def check_to(folder: Path, *extra: str, names=ALL, env=None) -> tuple[int, str, str]:
    return run("check", "plans", "--as-of", AS_OF, *extra, *[f"--output={folder / name}" for name in names],
               env=env)


def test_every_format_from_one_run_and_a_quiet_terminal(tmp_path):
    code, out, err = check_to(tmp_path)
    assert code == 1 and out == ""
    assert err.splitlines()[:-1] == [f"dhr-check: wrote {tmp_path / name} ({kind})" for name, kind in zip(
        ALL, ("text", "json", "markdown", "html", "sarif", "sarif", "junit", "csv", "xlsx"), strict=True)]
    assert err.splitlines()[-1].startswith("dhr-check: Summary: ")           # and nothing else
    assert (tmp_path / "report.sarif").read_bytes() == (tmp_path / "report.sarif.json").read_bytes()


def test_the_same_inputs_give_byte_identical_reports(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    check_to(tmp_path / "a")
    check_to(tmp_path / "b")
    for name in ALL:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_unknown_extension_needs_format(tmp_path):
    code, out, err = check_to(tmp_path, names=["report.out"])
    assert code == 2 and out == ""
    assert err.startswith(f"dhr-check: cannot tell the report format of {tmp_path / 'report.out'} from its name")
    assert not (tmp_path / "report.out").exists()
    code, out, _err = check_to(tmp_path, "--format", "markdown", names=["report.out"])
    assert code == 1 and (tmp_path / "report.out").read_text(encoding="utf-8") == out


def test_an_input_plan_is_never_overwritten(tmp_path):
    plan = tmp_path / "plans" / "adult-a.yaml"
    plan.parent.mkdir()
    plan.write_bytes((REPO / BOLTON).read_bytes())
    before = plan.read_bytes()
    code, out, err = run("check", str(plan.parent), "--as-of", AS_OF, "--output", str(tmp_path / "r.html"),
                         "--format", "text", "--output", str(plan))
    assert code == 2 and out == ""
    assert err == (f"dhr-check: will not write a report to {plan}: it is one of the files being checked. "
                   "Choose another file name.\n")
    assert plan.read_bytes() == before and not (tmp_path / "r.html").exists()


def test_unwritable_place_is_a_one_line_error(tmp_path):
    code, _out, err = run("check", BOLTON, "--as-of", AS_OF, "--output", str(tmp_path / "no" / "r.html"))
    assert code == 2
    missing = tmp_path / "no"
    assert err == f"dhr-check: cannot write {missing / 'r.html'}: the folder {missing} does not exist.\n"


def test_provenance_lets_an_auditor_verify_and_repeat_the_run(tmp_path):
    code, _out, _err = check_to(tmp_path, names=["report.json", "report.html"])
    about = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["provenance"]
    assert about["as_of"] == AS_OF and about["generated_at"] is None and about["version"] == "0.1.0"
    for plan in about["plans"]:
        assert plan["sha256"] == hashlib.sha256((REPO / plan["file"]).read_bytes()).hexdigest()
    rule_files = {p.stem: p for p in bundled_rules_dir().rglob("*.yaml") if not p.name.endswith(".test.yaml")}
    for rule in about["rules"]:
        assert rule["sha256"] == hashlib.sha256(rule_files[rule["id"]].read_bytes()).hexdigest()
    assert about["parameters"]["DHR-PROGRESS-001"] == {"max_days_without_update": 92}
    assert about["command"] == f"dhr-check check plans --as-of {AS_OF} --config plans/dhr-check.yaml"
    assert [(used["role"], used["file"]) for used in about["settings_files"]] == [
        ("partnership settings", "plans/dhr-check.yaml"), ("waivers", "plans/waivers.yaml")]
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert about["rule_set_sha256"] in page and all(plan["sha256"] in page for plan in about["plans"])
    # the command recorded in the report repeats it to the same bytes
    words = shlex.split(about["command"])[1:]
    repeated = tmp_path / "again.html"
    run(*words, "--output", str(repeated))
    assert repeated.read_bytes() == (tmp_path / "report.html").read_bytes()


def test_timestamp_only_when_asked(tmp_path):
    check_to(tmp_path, "--timestamp", names=["stamped.json"])
    stamped = json.loads((tmp_path / "stamped.json").read_text(encoding="utf-8"))["provenance"]["generated_at"]
    assert abs(dt.datetime.fromisoformat(stamped) - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    check_to(tmp_path, names=["epoch.json", "epoch.html"], env={"SOURCE_DATE_EPOCH": "1775001600"})
    about = json.loads((tmp_path / "epoch.json").read_text(encoding="utf-8"))["provenance"]
    assert about["generated_at"] == "2026-04-01T00:00:00+00:00"
    assert "Produced at 2026-04-01T00:00:00+00:00." in (tmp_path / "epoch.html").read_text(encoding="utf-8")


def test_bad_source_date_epoch_is_a_usage_error(tmp_path):
    code, _out, err = check_to(tmp_path, names=["r.json"], env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert code == 2 and "SOURCE_DATE_EPOCH is 'yesterday'; it must be a whole number of seconds" in err
    assert not (tmp_path / "r.json").exists()


def test_html_makes_no_outside_requests(tmp_path):
    check_to(tmp_path, names=["report.html"])
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "default-src 'none'" in page
