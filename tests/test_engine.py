"""The engine: complete and synchronous, one session per plan, no growth over thousands of plans."""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys

import pytest

from checker.engine import Engine
from checker.errors import RuleError
from checker.facts import plan_facts
from checker.model import Plan
from checker.reference import ReferenceEvaluator

from checker.rules import load_rules

from .common import REPO, SHIPPED_RULES

AS_OF = dt.date(2026, 3, 31).toordinal()
FOUR_ACTION_RULES = [r for r in load_rules(REPO / "tests" / "fixtures" / "rules-small")
                     if r.id in ("T-EVIDENCE-001", "T-LEAD-001", "T-SELF-RAG-001", "T-OVERDUE-001")]
"""Fixture rules, so that a new or changed shipped rule does not change what these tests count."""


def _plan(actions: int) -> Plan:
    return Plan.model_validate({
        "review": {"subject": "Adult Z", "community_safety_partnership": "Testshire"},
        "recommendations": [{"number": 1, "text": "t", "actions": [
            {"number": n, "description": f"action {n}", "target_date": dt.date(2026, 1, 1)}
            for n in range(1, actions + 1)]}],
    })


def test_the_engine_imports_on_this_python_and_leaves_the_loader_flags_as_they_were():
    """On 3.13 durable-rules is loaded lazily (see engine.py); any extension loaded afterwards is not."""
    probe = ("import sys; before = sys.getdlopenflags(); import checker.engine; "
             "print(before, sys.getdlopenflags(), checker.engine.durable_rules_engine.__name__)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    before, after, name = done.stdout.split()
    assert before == after and name == "durable_rules_engine"


def test_every_match_arrives_before_evaluate_returns():
    assert len(FOUR_ACTION_RULES) == 4
    facts = plan_facts(_plan(300)).facts
    with Engine(FOUR_ACTION_RULES, AS_OF) as engine:
        matches = engine.evaluate(facts)
    # each action: no evidence, no lead, no self RAG, overdue
    assert len(matches) == 300 * 4
    assert matches == ReferenceEvaluator(FOUR_ACTION_RULES, AS_OF).evaluate(facts)


def test_thousands_of_sessions_do_not_crash_or_grow_memory():
    facts = plan_facts(_plan(5)).facts
    with Engine(FOUR_ACTION_RULES, AS_OF) as engine:
        for _ in range(500):
            engine.evaluate(facts)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(2500):                     # past the 1,024 sessions where the stock Host fails
            assert len(engine.evaluate(facts)) == 20
        grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 20_000


def test_a_plan_with_no_facts_for_any_rule_returns_nothing():
    assert Engine([], AS_OF).evaluate(plan_facts(_plan(1)).facts) == []


def test_hostile_text_reaches_the_engine_bounded_and_clean():
    plan = Plan.model_validate({
        "review": {"subject": "x" * 5_000_000, "community_safety_partnership": "\x00\u200bé"},
        "recommendations": [{"number": 1, "text": "t", "actions": [
            {"number": 1, "description": "1e-05", "lead_agency": "\\\"%d$s" + "é" * 70_000}]}],
    })
    facts = plan_facts(plan).facts
    assert all(len(v) <= 2000 for f in facts for v in f.values() if isinstance(v, str))
    assert facts[0]["community_safety_partnership"] == "é"
    with Engine(SHIPPED_RULES, AS_OF) as engine:
        assert engine.evaluate(facts) == ReferenceEvaluator(SHIPPED_RULES, AS_OF).evaluate(facts)


def test_rules_that_negate_each_others_kinds_are_refused(tmp_path):
    from checker.rules import load_rules
    for rule_id, kind, other in (("T-A-001", "recommendation", "published_recommendation"),
                                 ("T-B-001", "published_recommendation", "recommendation")):
        (tmp_path / f"{rule_id}.yaml").write_text(
            f"id: {rule_id}\ntitle: t\napplies_to: {kind}\nsuggested_rag: red\nmessage: m\nrationale: r\n"
            f"source: s\nwhen: {{no_related: {{kind: {other}, where: {{number: number}}}}}}\n")
    with pytest.raises(RuleError, match="each look for the other's absence"):
        Engine(load_rules(tmp_path), AS_OF)
