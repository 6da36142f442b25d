"""The whole pipeline on durable-rules against the same pipeline on the plain-Python reference evaluator, at scale.

Every phase (the plan's facts, the rating comparison, the waivers) runs on both evaluators and
the findings and ratings must be identical. CI checks 300 corpus plans and 100 generated ones;
`pytest -m slow` checks 10,000 of each. A mismatch is reported as the smallest plan (found by
removing parts while the mismatch lasts) that still shows it, ready to paste into a rule test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from benchmarks import make_corpus
from checker.check import Checker, PlanResult
from checker.config import load_settings
from checker.errors import PlanError
from checker.load import parse_yaml
from checker.reference import ReferenceEvaluator
from checker.rules import bundled_rules_dir
from checker.validate import validate_document
from checker.waivers import LoadedWaiver, Waiver

from .strategies import plan_data

AS_OF = dt.date(2026, 3, 31)
SEED = 11
RULES = load_settings(None, None).rules + load_settings(None, bundled_rules_dir() / "thresholds").rules


def _waivers(count: int) -> list[LoadedWaiver]:
    entries = [entry for index in range(count) for entry in make_corpus.waivers(index, SEED, AS_OF)]
    return [LoadedWaiver(Waiver.model_validate(entry), "waivers.yaml", n + 1, 1, n) for n, entry in enumerate(entries)]


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)


def _record(result: PlanResult) -> dict[str, Any]:
    return {"rating": result.rating, "findings": [finding.as_record() for finding in result.findings]}


def _outcomes(data: dict, checkers: tuple[Checker, Checker]) -> tuple[Any, Any] | None:
    """Both evaluators' results for a plan, or None when the data is not a valid plan."""
    document = parse_yaml(_yaml(data).encode("utf-8"), "plan.yaml")
    try:
        plan = validate_document(document)
    except PlanError:
        return None
    return tuple(_record(checker.check_plan(plan, document)) for checker in checkers)


def _differs(data: dict, checkers) -> bool:
    outcomes = _outcomes(data, checkers)
    return outcomes is not None and outcomes[0] != outcomes[1]


def smallest_mismatch(data: dict, checkers) -> dict:
    """Remove list items and optional fields, one at a time, for as long as the engine and reference still differ."""
    shrunk = True
    while shrunk:
        shrunk = False
        for candidate in _smaller(data):
            if _differs(candidate, checkers):
                data, shrunk = candidate, True
                break
    return data


def _smaller(data: Any) -> Iterator[Any]:
    if isinstance(data, list):
        for index in range(len(data)):
            yield data[:index] + data[index + 1:]
        for index, item in enumerate(data):
            for smaller in _smaller(item):
                yield data[:index] + [smaller] + data[index + 1:]
    elif isinstance(data, dict):
        for key in data:
            yield {k: v for k, v in data.items() if k != key}
        for key, value in data.items():
            for smaller in _smaller(value):
                yield {**data, key: smaller}


def _assert_same(data: dict, checkers) -> None:
    outcomes = _outcomes(data, checkers)
    if outcomes is not None and outcomes[0] != outcomes[1]:
        smallest = smallest_mismatch(data, checkers)
        engine, reference = _outcomes(smallest, checkers)
        pytest.fail("durable-rules and the reference evaluator disagree on this plan:\n"
                    + _yaml(smallest)
                    + f"\nengine: {engine['findings']}\nreference: {reference['findings']}")


def _corpus_run(count: int) -> None:
    waivers = _waivers(count)
    with Checker(RULES, AS_OF, waivers=waivers) as engine, \
            Checker(RULES, AS_OF, waivers=waivers, evaluator=ReferenceEvaluator) as reference:
        for index in range(count):
            _assert_same(make_corpus.plan(index, SEED, AS_OF), (engine, reference))


def test_engine_agrees_with_reference_on_300_corpus_plans():
    _corpus_run(300)


@pytest.mark.slow
def test_engine_agrees_with_reference_on_10000_corpus_plans():
    _corpus_run(10_000)


# A few as-of dates across the generated plans' dates, each with its pair of checkers compiled once
# (tests/test_engine_differential.py varies the as-of date freely, engine against reference directly).
GENERATED_AS_OF = [dt.date(2019, 6, 30), dt.date(2020, 3, 31), dt.date(2021, 1, 1), dt.date(2022, 6, 30)]
_PAIRS = {as_of: (Checker(RULES, as_of), Checker(RULES, as_of, evaluator=ReferenceEvaluator))
          for as_of in GENERATED_AS_OF}


def _generated(data: dict, as_of: dt.date) -> None:
    note(_yaml(data))
    outcomes = _outcomes(data, _PAIRS[as_of])
    assert outcomes is None or outcomes[0] == outcomes[1]


def _on_generated_plans(examples: int):
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))(
        given(data=plan_data, as_of=st.sampled_from(GENERATED_AS_OF))(_generated))


test_engine_agrees_with_reference_on_generated_plans = _on_generated_plans(100)
test_engine_agrees_with_reference_on_10000_generated_plans = pytest.mark.slow(_on_generated_plans(10_000))


def test_a_mismatch_shrinks_to_the_part_that_shows_it():
    """The shrinker on a stand-in disagreement (findings of one rule differ): everything else is removed."""

    class Disagreeing:
        def __init__(self, reference: bool):
            self.reference = reference

        def check_plan(self, plan, document):
            flagged = [(r.number, a.number) for r in plan.recommendations for a in r.actions
                       if a.lead_agency is None]
            return _Result(flagged if self.reference else [])

    data = make_corpus.plan(0, SEED, AS_OF)
    data["recommendations"][1]["actions"][0].pop("lead_agency", None)
    smallest = smallest_mismatch(data, (Disagreeing(False), Disagreeing(True)))
    assert smallest["review"] == {"subject": data["review"]["subject"],
                                  "community_safety_partnership": data["review"]["community_safety_partnership"]}
    [recommendation] = smallest["recommendations"]
    [action] = recommendation["actions"]
    assert set(recommendation) == {"number", "text", "actions"} and set(action) == {"number", "description"}


class _Result:
    def __init__(self, flagged):
        self.flagged = flagged

    @property
    def rating(self):
        return None

    @property
    def findings(self):
        return [_Flag(pair) for pair in self.flagged]


class _Flag:
    def __init__(self, pair):
        self.pair = pair

    def as_record(self):
        return {"flagged": self.pair}
