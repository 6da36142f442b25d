"""One agency's view through its many names, and the records it answers for (issue 13, items 8 and 9)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from checker.agency import agencies, for_agency
from checker.check import check_paths
from checker.config import load_settings
from checker.errors import RuleError

from .common import REPO, SMALL_RULES
from .reporting import AS_OF, run

PLANS = REPO / "plans"
BUNDLED_SETTINGS = PLANS / "dhr-check.yaml"


@pytest.fixture(scope="module")
def result():
    """The bundled plans, with the bundled settings' agency names, checked with the small fixture rule set."""
    settings = load_settings(BUNDLED_SETTINGS)
    checked = check_paths([PLANS], SMALL_RULES, dt.date(2026, 3, 31))
    names = tuple((name, tuple(aliases)) for name, aliases in settings.agencies.items())
    checked.settings = dataclasses.replace(checked.settings, agency_names=names)
    return checked


@pytest.mark.parametrize("typed", ["Probation Service", "GMPT", "g.m.p.t.", "greater  manchester probation-trust",
                                   "PROBATION SERVICE (Westvale Probation Delivery Unit)"])
def test_every_name_of_the_probation_service_gives_all_its_work(result, typed):
    probation = for_agency(result, typed)
    assert probation.settings.agency == "Probation Service"
    assert [plan.plan_id for plan in probation.plans] == [
        "bolton/adult-a", "kingsford/ms-e", "northshire/adult-b", "westvale/mr-c"]
    westvale = next(plan for plan in probation.plans if plan.plan_id == "westvale/mr-c")
    assert {a.agency for r in westvale.rating.recommendations for a in r.actions} == {
        "Probation Service (Westvale Probation Delivery Unit)", "Probation Service"}


def test_agencies_are_listed_under_the_partnerships_name(result):
    names = agencies(result)
    assert "Probation Service" in names
    assert not [name for name in names if "Probation" in name and name != "Probation Service"]


def test_probation_sees_its_own_releases_and_ramas(result):
    [westvale] = [plan for plan in for_agency(result, "Probation Service").plans if plan.plan_id == "westvale/mr-c"]
    about_releases = sorted({(f.rule, f.record) for f in westvale.findings if f.recommendation is None})
    # the two releases it manages with no RAMA (tests/fixtures/rules-small/T-RAMA-001.yaml)
    assert about_releases == [("T-RAMA-001", "WV-REL-01"), ("T-RAMA-001", "WV-REL-04")]
    assert westvale.rating.rag == "red"        # the RAMA findings count: no false green for the agency


def test_the_refuge_directory_belongs_to_its_maintainer(result):
    [westvale] = for_agency(result, "Westvale Community Safety Partnership").plans
    assert [f.rule for f in westvale.findings if f.recommendation is None] == ["T-REFUGE-001"]
    police = for_agency(result, "Westvale Police")
    assert all(f.recommendation is not None for plan in police.plans for f in plan.findings)


def test_plan_wide_findings_stay_out_of_every_agency_view(result):
    sign_off = {f.rule for plan in result.plans for f in plan.findings if f.recommendation is None and f.agency is None}
    assert sign_off       # the bundled plans have findings about the plan as a whole
    for name in agencies(result):
        view = for_agency(result, name)
        assert not [f for plan in view.plans for f in plan.findings if f.recommendation is None and f.agency is None]


def test_cli_agency_through_an_alias_and_did_you_mean(monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, _err = run("check", "plans", "--as-of", AS_OF, "--agency", "National Probation Service",
                          "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["provenance"]["agency"] == "Probation Service"
    assert len(data["plans"]) == 4
    code, out, err = run("check", "plans", "--as-of", AS_OF, "--agency", "Probation")
    assert code == 2 and out == ""
    assert "by 'Probation'. Did you mean 'Probation Service'?" in err


@pytest.mark.parametrize("block, line, words", [
    ("agencies: [Probation Service]\n", 2, "'agencies' must list each agency's name with the other names"),
    ("agencies:\n  Probation Service: GMPT\n", 3, "'agencies.Probation Service'"),
    ("agencies:\n  Probation Service: [GMPT, 7]\n", 3, "'agencies.Probation Service[2]'"),
    ("agencies:\n  Probation Service: [GMPT]\n  Police: [g.m.p.t]\n", 4, "'g.m.p.t' is already a name for "
                                                                         "'Probation Service'"),
    ("agencies:\n  Probation Service: []\n  probation-service: []\n", 4, "is the same name as 'Probation Service'"),
    ("agencies:\n  Police: [Police, '--']\n", 3, "the alias '--' has no letters or digits"),
])
def test_bad_agencies_block_names_file_and_line(tmp_path, block, line, words):
    config = tmp_path / "dhr-check.yaml"
    config.write_text("extends: [default]\n" + block, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_settings(config)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(config), line)
    assert words in problem.message


def test_cli_bad_agencies_block_exits_2(tmp_path):
    config = tmp_path / "dhr-check.yaml"
    config.write_text("agencies:\n  Police: [Westvale Police]\n  Westvale Police: []\n", encoding="utf-8")
    code, _out, err = run("check", str(REPO / "plans" / "bolton-adult-a.yaml"), "--config", str(config))
    assert code == 2 and f"{config}:2:" in err and "Traceback" not in err
    assert "'Westvale Police' is already a name for 'Westvale Police'" in err


def test_settings_schema_describes_agencies():
    code, out, _err = run("schema", "--config")
    assert code == 0
    agencies_schema = json.loads(out)["properties"]["agencies"]
    assert "alias" in agencies_schema["description"] or "other names" in agencies_schema["description"]
    assert agencies_schema["additionalProperties"]["items"]["type"] == "string"


def _due_section(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Due in the next"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Summary:"))
    return [line for line in lines[start + 1:end] if line]


def test_due_list_grouped_by_lead_agency_in_one_run(monkeypatch):
    monkeypatch.chdir(REPO)
    _code, out, _err = run("check", "plans", "--as-of", AS_OF, "--due-within", "400")
    due = _due_section(out)
    headings = [line.strip().rstrip(":") for line in due if not line.startswith("    ")]
    assert headings == sorted(headings, key=str.casefold) and len(headings) == len(set(headings))
    at = headings.index("Probation Service")
    probation = due[due.index("  Probation Service:") + 1:]
    probation = probation[:next((i for i, line in enumerate(probation) if not line.startswith("    ")), None)]
    assert [line.split()[:2] for line in probation] == [
        ["2026-07-31", "plans/illustrative-westvale-mr-c.yaml"],
        ["2026-10-30", "plans/illustrative-northshire-adult-b.yaml"]]    # both names, one heading, by date
    assert at == headings.index("Northshire Police") + 1


@pytest.mark.parametrize("fmt, heading", [("markdown", "### {} ({})"), ("html", "<h3>{} ({})</h3>")])
def test_due_list_grouped_in_markdown_and_html(monkeypatch, fmt, heading):
    monkeypatch.chdir(REPO)
    _code, out, _err = run("check", "plans", "--as-of", AS_OF, "--due-within", "400", "--format", fmt)
    due = out[out.index("Due in the next 400 days"):]
    assert heading.format("Probation Service", 2) in due
    assert heading.format("Westvale Police", 1) in due
    assert due.index(heading.format("Probation Service", 2)) < due.index(heading.format("Westvale Police", 1))
