"""Rule files: malformed rules are clear errors naming the file, line and key; nothing is executed."""

from __future__ import annotations

import textwrap

import pytest

from checker.conditions.dates import DaysFromField, OlderThan
from checker.errors import RuleError
from checker.rules import load_rule, load_rules

GOOD = """
id: T-GOOD-001
title: t
applies_to: action
when: {missing: lead_agency}
suggested_rag: amber
message: "{ref} has no lead"
rationale: r
source: s
"""


def rule_problem(tmp_path, text, name="T-GOOD-001"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    with pytest.raises(RuleError) as caught:
        load_rule(path)
    [problem] = caught.value.problems
    return problem.line, problem.message


def test_a_good_rule_loads(tmp_path):
    (tmp_path / "T-GOOD-001.yaml").write_text(GOOD)
    [rule] = load_rules(tmp_path)
    assert rule.id == "T-GOOD-001" and rule.fields == ("lead_agency",) and len(rule.sha256) == 64


@pytest.mark.parametrize("change, line, expected", [
    (("rationale: r", "rationale: r\ncolour: blue"), 8, "unknown field 'colour'"),
    (("id: T-GOOD-001", "id: T-OTHER-001"), 1, "must match the file name"),
    (("missing: lead_agency", "missing: lead"), 4, "'lead' is not a field of action"),
    (("missing: lead_agency", "absent: lead_agency"), 4, "unknown condition 'absent'"),
    (("missing: lead_agency", "empty: lead_agency"), 4, "'lead_agency' is a text field; this condition needs count"),
    (('"{ref} has no lead"', '"{ref.__class__} has no lead"'), 6, "must be a plain name"),
    (('"{ref} has no lead"', '"{password} has no lead"'), 6, "{password} is not a field of action"),
    (("suggested_rag: amber", "suggested_rag: purple"), 5, "'suggested_rag'"),
    (("source: s", ""), 1, "'source' is required"),
    (("when: {missing: lead_agency}", "when: {any: [{no_related: {kind: plan, where: {subject: description}}}]}"),
     4, "'no_related' may only stand at the top"),
    (("when: {missing: lead_agency}", "when: {older_than: {field: target_date, days: soon}}"),
     4, "days must be a whole number"),
    (("when: {missing: lead_agency}", "when: {matches: {field: description, pattern: '(a|b)+'}}"),
     4, "a pattern is 1-200 characters"),
])
def test_malformed_rules_name_the_file_line_and_key(tmp_path, change, line, expected):
    got_line, message = rule_problem(tmp_path, GOOD.replace(*change))
    assert expected in message
    assert got_line == line


def test_parameters_resolve_by_name_and_can_be_overridden(tmp_path):
    text = GOOD.replace("when: {missing: lead_agency}",
                        "parameters: {stale_days: {default: 30, description: d}}\n"
                        "when: {older_than: {field: last_progress_update, days: stale_days}}")
    path = tmp_path / "T-GOOD-001.yaml"
    path.write_text(text)
    assert load_rule(path).when == OlderThan("last_progress_update", 30)
    assert load_rule(path, {"stale_days": 7}).when == OlderThan("last_progress_update", 7)
    with pytest.raises(RuleError, match="no parameter 'stale'"):
        load_rule(path, {"stale": 7})


def test_days_from_a_field_with_a_default():
    rule = {r.id: r for r in load_rules()}["DHR-REFUGE-001"]
    assert rule.when == OlderThan("last_refreshed", DaysFromField("refresh_interval_days", 92))


def test_duplicate_ids_across_folders(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "T-GOOD-001.yaml").write_text(GOOD)
    with pytest.raises(RuleError, match="also used by"):
        load_rules(tmp_path)


def test_every_shipped_rule_has_rationale_source_and_a_three_part_message():
    for rule in load_rules():
        assert rule.rationale and rule.source
        assert rule.message.count(". ") >= 2, rule.id
