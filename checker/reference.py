"""A plain-Python evaluator of the same rule files, used to cross-check the engine.

It applies each condition's documented meaning (`Condition.holds`, beside the operator's durable-rules
compilation in checker/conditions/). It is not used by `dhr-check`; the tests and the benchmarks run it
beside the durable-rules engine and expect identical matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .engine_types import Match
from .rules import Rule
from .tolerance import HOLDS, resolve_tolerances

__all__ = ["ReferenceEvaluator"]


class ReferenceEvaluator:
    """Same interface as `Engine`: `evaluate(facts) -> sorted matches`."""

    def __init__(self, rules: Iterable[Rule], as_of_day: int):
        self.rules = list(rules)
        self.as_of_day = as_of_day

    def evaluate(self, facts: list[dict[str, Any]]) -> list[Match]:
        matches = []
        for rule in self.rules:
            for fact in facts:
                if fact["kind"] == rule.applies_to:
                    for rag, condition in rule.levels():
                        if condition.holds(fact, facts, self.as_of_day):
                            matches.append(Match(fact["id"], rule.id, rag))
                if rule.tolerance is not None and fact["kind"] == rule.tolerance.of \
                        and rule.tolerance.holds.holds(fact, facts, self.as_of_day):
                    matches.append(Match(fact["id"], rule.id, HOLDS))
        return resolve_tolerances(self.rules, sorted(matches), facts)

    def close(self) -> None:
        pass
