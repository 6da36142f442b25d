"""The durable-rules engine must agree exactly with the plain-Python reference evaluator."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import Engine
from checker.facts import add_rating, plan_facts
from checker.findings import findings_from_matches
from checker.model import Plan
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


FIRING_PLAN = Plan.model_validate({
    "review": {"subject": "Z", "community_safety_partnership": "T",
               "published_recommendations": [{"number": 1, "text": "one"}]},
    "recommendations": [
        {"number": 1, "text": "t", "actions": [
            {"number": 1, "description": "the Refuge list", "target_date": dt.date(2020, 1, 1),
             "completion_date": dt.date(2020, 2, 1), "lead_agency": "Police", "planned_evidence": ["a", "b"]}]},
        {"number": 2, "text": "t", "actions": [
            {"number": 1, "description": "d", "status": "in_progress", "lead_agency": "a.bc",
             "progress_updates": [{"date": dt.date(2019, 1, 1), "note": "n"}], "self_rag": "green"},
            {"number": 2, "description": "no lead", "target_date": dt.date(2021, 1, 1)}]}],
    "releases": [{"reference": "A", "risk_level": "high", "release_type": "licence",
                  "release_date": dt.date(2020, 3, 1)}],
})


def test_every_fixture_rule_fires_on_the_firing_plan():
    """Guards the differential test against rules that never match (agreeing on nothing proves nothing)."""
    rules = RULE_SETS["every-condition"]
    facts = plan_facts(FIRING_PLAN).facts
    as_of = dt.date(2020, 1, 20).toordinal()
    engine_matches, reference_matches = _both(rules, dt.date(2020, 1, 20), facts)
    assert engine_matches == reference_matches
    assert {m.rule_id for m in engine_matches} == {r.id for r in rules}
    assert ReferenceEvaluator(rules, as_of).evaluate(facts) == engine_matches
