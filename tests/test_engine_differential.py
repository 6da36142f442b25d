"""The durable-rules engine must agree exactly with the plain-Python reference evaluator."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import Engine
from checker.facts import add_rating, plan_facts
from checker.findings import findings_from_matches
from checker.rag import action_ratings
from checker.reference import ReferenceEvaluator
from checker.rules import load_rules

from .strategies import as_of_dates, plans

RULE_SETS = {
    "shipped": load_rules(),
    "every-condition": load_rules(Path(__file__).parent / "fixtures" / "rules-every-condition"),
}


def _both(rules, as_of, facts):
    day = as_of.toordinal()
    with Engine(rules, day) as engine:
        return engine.evaluate(facts), ReferenceEvaluator(rules, day).evaluate(facts)


@pytest.mark.parametrize("rule_set", sorted(RULE_SETS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plan=plans, as_of=as_of_dates, seed=st.integers(0, 2**16))
def test_engine_agrees_with_reference(rule_set, plan, as_of, seed):
    rules = RULE_SETS[rule_set]
    facts = plan_facts(plan)
    random.Random(seed).shuffle(facts.facts)          # order of assertion must not matter
    plan_rules = [r for r in rules if r.phase == "plan"]
    engine_matches, reference_matches = _both(plan_rules, as_of, facts.facts)
    assert engine_matches == reference_matches

    # the second phase sees the suggested RAG the first produced
    by_id = {r.id: r for r in rules}
    findings = findings_from_matches("p.yaml", "p", engine_matches, by_id, facts.subjects, as_of.isoformat())
    add_rating(facts, action_ratings(plan, findings))
    rating_rules = [r for r in rules if r.phase == "after_rating"]
    engine_matches, reference_matches = _both(rating_rules, as_of, facts.facts)
    assert engine_matches == reference_matches


def test_every_condition_fixture_rules_fire_somewhere():
    """Guards the differential test against rules that can never match (agreeing on nothing proves nothing)."""
    from hypothesis import find
    rules = RULE_SETS["every-condition"]
    for rule in rules:
        def fires(args, rule=rule):
            plan, as_of = args
            facts = plan_facts(plan)
            return any(m.rule_id == rule.id for m in ReferenceEvaluator([rule], as_of.toordinal()).evaluate(facts.facts))
        find(st.tuples(plans, as_of_dates), fires, settings=settings(max_examples=2000, deadline=None,
                                                                     suppress_health_check=list(HealthCheck)))
