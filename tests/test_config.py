"""Partnership settings (dhr-check.yaml): packs, switches, re-rating, parameters, RAG policy; clear errors."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from checker.check import check_paths
from checker.config import find_config, load_settings
from checker.errors import RuleError

PLAN = """
review: {subject: Adult Z, community_safety_partnership: Testshire}
recommendations:
  - number: 1
    text: t
    actions:
      - number: 1
        description: stale
        lead_agency: Police
        planned_evidence: [report]
        target_date: 2026-12-31
        self_rag: green
        key_outcomes: [safer]
        progress_updates: [{date: 2026-01-15, note: started}]
      - number: 2
        description: done and evidenced
        lead_agency: Police
        planned_evidence: [report]
        evidence_provided: [{description: the report}]
        completion_date: 2026-02-01
        status: complete
        outcome: done
        key_outcomes: [safer]
        self_rag: blue
      - {number: 3, description: no lead, planned_evidence: [x], key_outcomes: [safer], target_date: 2026-12-31,
         self_rag: green}
"""


def setup(tmp_path, config: str):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "plan.yaml").write_text(textwrap.dedent(PLAN))
    (tmp_path / "dhr-check.yaml").write_text(textwrap.dedent(config))
    return load_settings(find_config(tmp_path / "plans"))


def run(tmp_path, settings):
    return check_paths([tmp_path / "plans"], settings.rules, dt.date(2026, 3, 31), settings.rag_policy)


def test_config_is_found_by_walking_up_from_the_plans(tmp_path):
    setup(tmp_path, "rules: {}\n")
    assert find_config(tmp_path / "plans" / "plan.yaml").resolve() == (tmp_path / "dhr-check.yaml").resolve()


def test_switch_off_rerate_and_parameters(tmp_path):
    settings = setup(tmp_path, """
        rules:
          DHR-LEAD-001: off
          DHR-PROGRESS-001:
            rag: red
            parameters: {max_days_without_update: 60}
        """)
    ids = {rule.id for rule in settings.rules}
    assert "DHR-LEAD-001" not in ids
    findings = {(f.rule, f.action, f.rag) for f in run(tmp_path, settings).findings}
    assert ("DHR-PROGRESS-001", "1", "red") in findings          # 75 days > 60, re-rated red
    assert not any(rule == "DHR-LEAD-001" for rule, _a, _r in findings)


def test_default_parameter_leaves_a_75_day_old_update_alone(tmp_path):
    settings = setup(tmp_path, "rules: {}\n")
    assert not any(f.rule == "DHR-PROGRESS-001" for f in run(tmp_path, settings).findings)


def test_thresholds_pack_and_blue_policy(tmp_path):
    settings = setup(tmp_path, """
        extends: [default, thresholds]
        rules: {DHR-LEAD-001: off}
        rag_policy: blue_for_complete
        """)
    result = run(tmp_path, settings)
    [tolerance] = [f for f in result.findings if f.rule == "DHR-LEAD-002"]
    assert tolerance.rag == "amber" and tolerance.values == {"held": 2, "share_percent": 66, "total": 3}
    assert "Only 2 of the 3 key actions" in tolerance.message
    actions = {a.number: a.rag for a in result.plans[0].rating.recommendations[0].actions}
    assert actions == {"1": "green", "2": "blue", "3": "green"}


@pytest.mark.parametrize("config, line, words", [
    ("extends: [default, nonsense]\n", 1, "there is no rule pack 'nonsense'"),
    ("rules:\n  DHR-NOPE-001: off\n", 2, "there is no rule 'DHR-NOPE-001'"),
    ("rules:\n  DHR-PROGRESS-001:\n    parameters: {max_days: 3}\n", 3, "has no parameter 'max_days'"),
    ("rules:\n  DHR-PROGRESS-001:\n    parameters: {max_days_without_update: soon}\n", 3, "takes a whole number"),
    ("rules:\n  DHR-PROGRESS-001: {rag: purple}\n", 2, "'rules.DHR-PROGRESS-001.rag'"),
    ("colour: blue\n", 1, "unknown field 'colour'"),
    ("rag_policy: best\n", 1, "'rag_policy'"),
    ("waivers: missing.yaml\n", 1, "the waivers file 'missing.yaml' does not exist"),
])
def test_bad_settings_name_file_line_and_key(tmp_path, config, line, words):
    with pytest.raises(RuleError) as caught:
        setup(tmp_path, config)
    [problem] = caught.value.problems
    assert problem.file.endswith("dhr-check.yaml") and problem.line == line and words in problem.message
