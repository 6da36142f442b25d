"""The durable-rules engine must agree exactly with the plain-Python reference evaluator."""

from __future__ import annotations

import dataclasses
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
from checker.conditions.text import Matches
from checker.conditions.values import Equals, NotEquals, NotOneOf, OneOf
from checker.rules import load_rules

from .strategies import as_of_dates, equality_cases, glob_cases, plans

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


# -- text outside ASCII, operator by operator (issue 16, item 17) ---------------------------------------------

BASE = next(r for r in RULE_SETS["every-condition"] if r.applies_to == "action")


def _one_rule(condition, rule_id="T-TEXT-001"):
    return dataclasses.replace(BASE, id=rule_id, when=condition, escalate_to_red_when=None, fields=("lead_agency",))


def _facts(texts):
    return [{"id": f"action:R1.A{n}", "kind": "action", "lead_agency": text} for n, text in enumerate(texts, 1)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(globs=glob_cases().filter(lambda case: case[1][0]), ignore_case=st.booleans(), equalities=equality_cases())
def test_every_text_operator_agrees_with_the_reference_on_text_outside_ascii(globs, ignore_case, equalities):
    """matches (where ? and * meet characters outside ASCII), equals, not_equals, one_of and not_one_of."""
    pattern, glob_texts = globs
    value, equal_texts = equalities
    conditions = [Matches("lead_agency", pattern, ignore_case), Equals("lead_agency", value),
                  NotEquals("lead_agency", value), OneOf("lead_agency", (value, "Police")),
                  NotOneOf("lead_agency", (value, "Police"))]
    rules = [_one_rule(condition, f"T-TEXT-00{n}") for n, condition in enumerate(conditions, 1)]
    facts = _facts(glob_texts + equal_texts)
    engine_matches, reference_matches = _both(rules, dt.date(2026, 1, 1), facts)
    assert engine_matches == reference_matches
    found = {(m.rule_id, m.fact_id) for m in engine_matches}
    assert ("T-TEXT-001", "action:R1.A1") in found                       # the text built to match the pattern
    assert ("T-TEXT-002", f"action:R1.A{len(glob_texts) + 1}") in found  # the text equal to the value


def test_a_question_mark_matches_a_letter_outside_ascii():
    rules = [_one_rule(Matches("lead_agency", "Caf? Police"))]
    engine_matches, reference_matches = _both(rules, dt.date(2026, 1, 1), _facts(["Café Police", "Cafe Police",
                                                                                   "Caf Police"]))
    assert engine_matches == reference_matches
    assert [m.fact_id for m in engine_matches] == ["action:R1.A1", "action:R1.A2"]
