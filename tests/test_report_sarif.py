"""SARIF 2.1.0: valid against the official schema, and faithful to the findings it carries."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import jsonschema
import pytest

from .common import REPO
from .reporting import AS_OF, run, without_source_date_epoch, write_plan

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundled() -> tuple[dict, dict]:
    """(SARIF, JSON run result) for the bundled plans."""
    with contextlib.chdir(REPO):
        sarif = json.loads(run("check", "plans", "--as-of", AS_OF, "--format", "sarif",
                               env=without_source_date_epoch())[1])
        result = json.loads(run("check", "plans", "--as-of", AS_OF, "--format", "json",
                                env=without_source_date_epoch())[1])
    return sarif, result


def validate(document: dict) -> None:
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator.check_schema(SCHEMA)
    validator(SCHEMA).validate(document)


def test_valid_against_the_official_schema(bundled):
    validate(bundled[0])


def test_schema_validation_is_not_vacuous(bundled):
    broken = json.loads(json.dumps(bundled[0]))
    broken["runs"][0]["results"][0]["level"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_rules_carry_their_help_text(bundled):
    sarif, result = bundled
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule["id"] for rule in result["rules"]]
    evidence = next(rule for rule in rules if rule["id"] == "DHR-EVIDENCE-001")
    assert evidence["shortDescription"]["text"] == "Every key action lists the evidence that will show it is done"
    assert "Source: Home Office Multi-Agency Statutory Guidance" in evidence["help"]["text"]
    assert evidence["defaultConfiguration"]["level"] == "error"


def test_one_result_per_finding_with_level_line_and_identity(bundled):
    sarif, result = bundled
    run_ = sarif["runs"][0]
    assert len(run_["results"]) == len(result["findings"])
    levels = {"red": "error", "amber": "warning"}
    for sarif_result, finding in zip(run_["results"], result["findings"], strict=True):
        assert sarif_result["ruleId"] == finding["rule"]
        assert run_["tool"]["driver"]["rules"][sarif_result["ruleIndex"]]["id"] == finding["rule"]
        assert sarif_result["level"] == levels[finding["rag"]]
        location = sarif_result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["file"]
        assert location["region"]["startLine"] == finding["line"]
        assert sarif_result["partialFingerprints"]["dhrFindingIdentity/v1"] == finding["id"]


def test_provenance_and_artifact_hashes(bundled):
    sarif, result = bundled
    run_ = sarif["runs"][0]
    assert run_["tool"]["driver"]["version"] == result["provenance"]["version"]
    assert {a["location"]["uri"]: a["hashes"]["sha-256"] for a in run_["artifacts"]} == \
        {plan["file"]: plan["sha256"] for plan in result["plans"]}
    assert run_["properties"]["provenance"] == result["provenance"]
    assert run_["invocations"][0]["properties"]["as_of"] == AS_OF
    assert "startTimeUtc" not in run_["invocations"][0]


def test_unreadable_plan_is_a_tool_notification(tmp_path):
    bad = write_plan(tmp_path, "review: [unclosed\n", "bad.yaml")
    code, out, _err = run("check", str(bad), "--format", "sarif", "--as-of", AS_OF)
    assert code == 2
    document = json.loads(out)
    validate(document)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"].endswith("bad.yaml")


def test_paths_below_the_working_folder_stay_relative_even_when_given_absolutely(tmp_path, monkeypatch):
    """GitHub code scanning maps only relative URIs onto the repository."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path.parent / f"{tmp_path.name}-elsewhere").mkdir()
    inside = write_plan(tmp_path / "plans", "review: {subject: Adult S, community_safety_partnership: Testshire}\n")
    outside = write_plan(tmp_path.parent / f"{tmp_path.name}-elsewhere",
                         "review: {subject: Adult T, community_safety_partnership: Testshire}\n")
    sarif = json.loads(run("check", str(inside.resolve()), str(outside.resolve()), "--as-of", AS_OF,
                           "--format", "sarif")[1])
    validate(sarif)
    [run_] = sarif["runs"]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: result["locations"][0][
        "physicalLocation"]["artifactLocation"].get("uriBaseId") for result in run_["results"]}
    assert uris["plans/plan.yaml"] == "%SRCROOT%"
    assert outside.resolve().as_uri() in uris and uris[outside.resolve().as_uri()] is None


def test_every_rule_carries_help_in_markdown(bundled):
    for rule in bundled[0]["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["help"]["markdown"].startswith(f"**{rule['shortDescription']['text']}** ({rule['id']}")
        assert "What it checks:" in rule["help"]["markdown"]


def test_more_results_than_a_run_may_hold_are_split_over_runs_then_capped_with_a_warning(bundled, monkeypatch,
                                                                                           capsys):
    from checker.report import sarif as sarif_module
    total = len(bundled[1]["findings"])
    monkeypatch.setattr(sarif_module, "MAX_RESULTS_PER_RUN", 40)
    with contextlib.chdir(REPO):
        split = json.loads(run("check", "plans", "--as-of", AS_OF, "--format", "sarif")[1])
    validate(split)
    assert [len(r["results"]) for r in split["runs"]] == [40] * (total // 40) + [total % 40] * bool(total % 40)
    assert "Part 1 of" in split["runs"][0]["invocations"][0]["toolExecutionNotifications"][-1]["message"]["text"]
    monkeypatch.setattr(sarif_module, "MAX_RUNS", 2)
    with contextlib.chdir(REPO):
        code, out, err = run("check", "plans", "--as-of", AS_OF, "--format", "sarif")
    capped = json.loads(out)
    assert sum(len(r["results"]) for r in capped["runs"]) == 80 and len(capped["runs"]) == 2
    assert f"holds the first 80 of {total} findings" in err + capsys.readouterr().err
