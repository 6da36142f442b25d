"""The benchmark corpus is deterministic and exercises every shipped rule both ways, as the benchmark claims."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import yaml

from benchmarks import make_corpus
from checker.check import check_paths
from checker.config import find_config, load_settings
from checker.facts import plan_facts
from checker.validate import load_plan
from checker.waivers import load_waivers

AS_OF = dt.date(2026, 3, 31)


def _generate(count: int, folder: Path) -> Path:
    make_corpus.main([str(count), str(folder), "--seed", "7"])
    return folder


def test_plan_i_depends_only_on_the_seed_and_i(tmp_path):
    small, large = _generate(5, tmp_path / "small"), _generate(12, tmp_path / "large")
    for name in sorted(p.name for p in small.glob("plan-*.yaml")):
        assert (small / name).read_bytes() == (large / name.replace("plan-", "plan-0")).read_bytes()
    assert make_corpus.plan(3, 7, AS_OF) == make_corpus.plan(3, 7, AS_OF) != make_corpus.plan(3, 8, AS_OF)
    small_waivers = yaml.safe_load((small / "waivers.yaml").read_text())["waivers"]
    assert small_waivers == yaml.safe_load((large / "waivers.yaml").read_text())["waivers"][:len(small_waivers)]


def test_every_shipped_rule_fires_and_stays_silent_in_400_plans(tmp_path):
    corpus = _generate(400, tmp_path / "corpus")
    settings = load_settings(find_config(corpus))
    assert {rule.id for rule in settings.rules} >= {"DHR-LEAD-002", "DHR-WAIVER-001", "DHR-WAIVER-002"}
    waivers = load_waivers(settings.waivers_file)
    result = check_paths([corpus], settings.rules, AS_OF, settings.rag_policy, waivers, jobs=2)
    assert len(result.plans) == 400 and not result.errors
    subjects = defaultdict(int)                 # how many things of each kind a rule could flag
    for path in sorted(corpus.glob("plan-*.yaml")):
        for fact in plan_facts(*load_plan(path)).facts:
            subjects[fact["kind"]] += 1
    subjects["waiver"] = len(waivers)
    flagged, levels = defaultdict(set), defaultdict(set)
    for finding in result.findings:
        flagged[finding.rule].add((finding.plan, finding.recommendation, finding.action, finding.record,
                                   finding.subject))
        levels[finding.rule].add(finding.rag)
    for rule in settings.rules:
        assert 0 < len(flagged[rule.id]) < subjects[rule.applies_to], rule.id
        expected = {rule.suggested_rag} | ({"red"} if rule.escalate_to_red_when is not None else set())
        assert levels[rule.id] == expected, rule.id
    assert any(not finding.counts for finding in result.findings)      # a current waiver waives something
