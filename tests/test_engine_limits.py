"""Whatever the rule validator accepts, durable-rules compiles and evaluates (issue 16, items 4 and 11).

The limits themselves are documented, with the figures measured, in checker/engine.py (MAX_SLOTS,
MAX_TESTS, MAX_AT_ONCE). Hostile rule sets run in a child process: before the bounds, some of them
made durable-rules loop for ever or abort the process.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import MAX_SLOTS, Engine, rule_cost
from checker.errors import RuleError
from checker.conditions import All, Any_
from checker.conditions.compare import Compare
from checker.conditions.dates import BeforeAsOf, DaysFromField, LessThanDaysBefore, OlderThan, WithinNextDays
from checker.conditions.presence import Missing, Present
from checker.conditions.text import Matches
from checker.conditions.values import Equals, NotEquals, NotOneOf, OneOf

from .common import REPO, SHIPPED_RULES

AS_OF = 739_000
BASE_RULE = next(rule for rule in SHIPPED_RULES if rule.id == "DHR-LEAD-001")   # an action rule


def _rule(condition, file="rules/T-LIMIT-001.yaml"):
    """A rule with `condition`, built past the validator, as a rule file could never be."""
    return dataclasses.replace(BASE_RULE, id="T-LIMIT-001", when=condition, escalate_to_red_when=None,
                               file=file, fields=("description", "lead_agency", "self_rag_rank", "target_date",
                                                  "completion_date", "last_progress_update"))


def _compiles(condition) -> bool:
    try:
        Engine([_rule(condition)], AS_OF).close()
    except RuleError:
        return False
    return True


leaves = st.one_of(
    st.builds(Missing, st.just("lead_agency")),
    st.builds(Present, st.just("description")),
    st.builds(Equals, st.just("lead_agency"), st.sampled_from(["Police", "Café"])),
    st.builds(NotEquals, st.just("lead_agency"), st.just("Police")),
    st.builds(OneOf, st.just("lead_agency"), st.just(("Housing", "Police"))),
    st.builds(NotOneOf, st.just("lead_agency"), st.just(("Housing", "Police"))),
    st.builds(Compare, st.just("self_rag_rank"), st.sampled_from(["<", "==", ">="]), st.integers(1, 9)),
    st.builds(Compare, st.just("target_date"), st.just("<"), st.none(), st.just("completion_date")),
    st.builds(BeforeAsOf, st.just("target_date")),
    st.builds(OlderThan, st.just("target_date"), st.integers(0, 90)),
    st.builds(OlderThan, st.just("last_progress_update"), st.builds(DaysFromField, st.just("self_rag_rank"),
                                                                     st.integers(0, 90))),
    st.builds(WithinNextDays, st.just("target_date"), st.integers(0, 90)),
    st.builds(LessThanDaysBefore, st.just("completion_date"), st.just("target_date"), st.integers(0, 9)),
    st.builds(Matches, st.just("description"), st.sampled_from(["Caf? *", "*a*a*b"])),
)
conditions = st.recursive(leaves, lambda inner: st.one_of(
    st.builds(lambda items: All(tuple(items)), st.lists(inner, min_size=1, max_size=4)),
    st.builds(lambda items: Any_(tuple(items)), st.lists(inner, min_size=1, max_size=4))), max_leaves=24)


def _leaves(condition) -> list:
    return [leaf for item in condition.items for leaf in _leaves(item)] if isinstance(condition, (All, Any_)) \
        else [condition]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(condition=conditions)
def test_the_measured_slots_say_whether_durable_rules_compiles_a_condition(condition):
    """Within the measured slots it always compiles; beyond them it fails, unless a test is repeated
    (durable-rules shares a repeated test's node, so the measure over-counts, on the safe side)."""
    fits = rule_cost("action", condition).slots <= MAX_SLOTS
    leaves_found = _leaves(condition)
    if fits or len(set(leaves_found)) == len(leaves_found):
        assert _compiles(condition) == fits


def _nested(depth: int):
    condition = Missing("lead_agency")
    for level in range(depth):
        condition = (All if level % 2 else Any_)((condition, Present("description")))
    return condition


def test_the_slot_limit_is_where_it_was_measured():
    at_limit = Any_((_nested(12), LessThanDaysBefore("completion_date", "target_date", 1)))   # 2 + 2 + 24 + 2
    assert rule_cost("action", at_limit).slots == MAX_SLOTS - 1 and _compiles(at_limit)
    assert rule_cost("action", _nested(15)).slots == MAX_SLOTS + 1 and not _compiles(_nested(15))


def test_a_rule_set_the_engine_cannot_compile_is_a_rule_error_naming_the_rule_file():
    with pytest.raises(RuleError) as raised:
        Engine([_rule(_nested(25), file="our-rules/T-LIMIT-001.yaml")], AS_OF)
    (problem,) = raised.value.problems
    assert problem.file == "our-rules/T-LIMIT-001.yaml" and "T-LIMIT-001" in problem.message


# -- hostile rule sets through the real loader, in a child process -------------------------------------------

def _nest_yaml(depth: int) -> dict:
    condition: dict = {"missing": "lead_agency"}
    for level in range(depth):
        condition = {("all" if level % 2 else "any"): [condition, {"present": "description"}]}
    return condition


def _compare(value: int) -> dict:
    return {"compare": {"field": "self_rag_rank", "op": "<", "value": value}}


HOSTILE = {   # name: ({rule id: condition}, accepted by the validator?)
    "nested 25 deep": ({"T-H-001": _nest_yaml(25)}, False),
    "nested 11 deep": ({"T-H-001": _nest_yaml(11)}, True),
    "not_one_of of 50 in 10 branches": ({"T-H-001": {"any": [
        {"not_one_of": {"lead_agency": [f"A{b}-{v}" for v in range(50)]}} for b in range(10)]}}, False),
    "a glob with 100 stars": ({"T-H-001": {"matches": {"field": "description", "pattern": "*a" * 98 + "*b*"}}},
                              True),
    "150 glob rules": ({f"T-H-{n:03d}": {"matches": {"field": "description", "pattern": f"*a*{n}*"}}
                        for n in range(1, 151)}, True),
    "an any of 600 equals": ({"T-H-001": {"any": [{"equals": {"lead_agency": f"A{v}"}} for v in range(600)]}},
                             False),
    "an any of 190 equals": ({"T-H-001": {"any": [{"equals": {"lead_agency": f"Police {v}"}}
                                                   for v in range(190)]}}, True),
    "20 rules of one_of 50 on one field": ({f"T-H-{n:03d}": {"one_of": {"lead_agency": [
        f"A{n}-{v}" for v in range(49)] + ["Police 1"]}} for n in range(1, 21)}, True),
    "200 rules that all hold at once": ({f"T-H-{n:03d}": _compare(1000 + n) for n in range(1, 201)}, True),
    "an any of 39 tests that all hold at once": ({"T-H-001": {"any": [
        {"equals": {"lead_agency": "Police 1"}}, {"present": "description"}, {"missing": "target_date"}] + [
        {"matches": {"field": "description", "pattern": f"*{n}*"}} for n in range(36)]}}, True),
    "an any of 45 tests that all hold at once": ({"T-H-001": {"any": [
        {"matches": {"field": "description", "pattern": f"*{n}*"}} for n in range(45)]}}, False),
}

CHILD = textwrap.dedent("""
    import json, sys, datetime as dt
    from pathlib import Path
    from checker.engine import Engine
    from checker.errors import RuleError
    from checker.facts import plan_facts
    from checker.model import Plan
    from checker.reference import ReferenceEvaluator
    from checker.rules import load_rules
    try:
        rules = load_rules(Path(sys.argv[1]))
    except RuleError as error:
        print(json.dumps({"refused": [str(p) for p in error.problems]})); sys.exit()
    day = dt.date(2026, 3, 31).toordinal()
    text = "a" * 120 + "b 0123456789 " + " ".join(str(n) for n in range(200))
    plan = Plan.model_validate({"review": {"subject": "A", "community_safety_partnership": "T"},
        "recommendations": [{"number": 1, "text": "t", "actions": [
            {"number": n, "description": text, "lead_agency": f"Police {n}", "self_rag": "red"}
            for n in range(1, 6)]}]})
    facts = plan_facts(plan).facts
    with Engine(rules, day) as engine:
        matches = engine.evaluate(facts)
    print(json.dumps({"matches": len(matches), "same": matches == ReferenceEvaluator(rules, day).evaluate(facts)}))
""")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_rule_set_is_refused_at_its_line_or_compiles_and_agrees(tmp_path, case):
    rule_set, accepted = HOSTILE[case]
    for rule_id, condition in rule_set.items():
        (tmp_path / f"{rule_id}.yaml").write_text(json.dumps({
            "id": rule_id, "title": "t", "applies_to": "action", "when": condition, "suggested_rag": "amber",
            "message": "{ref} m", "rationale": "r", "source": "s"}), encoding="utf-8")
    child = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True,
                           timeout=120, cwd=REPO)
    assert child.returncode == 0, child.stderr[-2000:]
    outcome = json.loads(child.stdout)
    if accepted:
        assert outcome.get("same") is True and outcome["matches"] > 0, outcome
    else:
        (problem,) = outcome["refused"]
        assert problem.startswith(f"{tmp_path / 'T-H-001.yaml'}:1:")
