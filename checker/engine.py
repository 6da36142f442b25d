"""Evaluate rules on durable-rules: synchronous, deterministic and complete.

This is the only module that imports durable-rules. It uses the C extension
directly, as measured in durable-rules-notes: a few rulesets per run and phase,
each within durable-rules' measured limits (below), one session per plan with
all of the plan's facts asserted at once, every match drained with
`complete_and_start_action` before the call returns, and the session deleted
afterwards so memory does not grow with the number of plans. The stock `Host`
API is never used: it loses matches and starts background threads.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Self

from .conditions import Condition, conjuncts
from .conditions.related import NoRelated
from .engine_compile import MAX_AT_ONCE, MAX_SLOTS, MAX_TESTS, Compiler, Flag, RuleCost, rule_cost
from .engine_types import Match
from .errors import Problem, RuleError
from .rules import Rule
from .tolerance import HOLDS, resolve_tolerances

__all__ = ["MAX_AT_ONCE", "MAX_SLOTS", "MAX_TESTS", "Engine", "Match", "RuleCost", "fields_used", "rule_cost"]


def _import_durable_rules_engine() -> Any:
    """Import durable-rules' C extension, on Python 3.13 too.

    durable-rules 2.0.28's extension refers to `PyEval_CallObject`, which CPython 3.13 removed. Only its
    message-store callbacks call it, and they run only after `set_*_callback`, which this module never
    calls. Python loads extensions with RTLD_NOW, so the one unresolved symbol fails the whole import;
    with RTLD_LAZY it is resolved only if called, which never happens here. The flags are restored at
    once, so no other extension is loaded lazily.
    """
    if sys.version_info >= (3, 13):
        flags = sys.getdlopenflags()
        sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
        try:
            import durable_rules_engine
        finally:
            sys.setdlopenflags(flags)
    else:
        import durable_rules_engine
    return durable_rules_engine


durable_rules_engine = _import_durable_rules_engine()

_SESSION_RULE = "__session__"
_names = itertools.count(1)

class Engine:
    """Compiled rulesets for one as-of date. Call `evaluate` once per plan; `close` when done.

    Rule levels are packed into as few rulesets as keep each within `MAX_TESTS` and `MAX_AT_ONCE`; a plan's
    facts are asserted into each ruleset whose rules look at their kind. Each condition compiles itself
    (`Condition.compile`); a test durable-rules cannot make correctly (glob patterns, see
    checker/conditions/text.py) is made here in Python and sent to the engine as a true flag the rule tests.
    """

    def __init__(self, rules: Iterable[Rule], as_of_day: int):
        self.rules = list(rules)
        self.as_of_day = as_of_day
        self._levels: dict[str, tuple[str, str]] = {}
        self._compiler = Compiler(as_of_day)
        parts: list[tuple[Rule, str, str, Condition]] = []       # (rule, level name, kind, condition)
        for rule in self.rules:
            for index, (rag, condition) in enumerate(rule.levels()):
                parts.append((rule, f"{rule.id}#{index}", rule.applies_to, condition))
                self._levels[f"{rule.id}#{index}"] = (rule.id, rag)
            if rule.tolerance is not None:
                parts.append((rule, f"{rule.id}#{HOLDS}", rule.tolerance.of, rule.tolerance.holds))
                self._levels[f"{rule.id}#{HOLDS}"] = (rule.id, HOLDS)
        self.kind_order = _kind_order(self.rules)
        self._rulesets: list[_Ruleset] = []
        try:
            for chunk in _pack(parts):
                self._rulesets.append(self._create(chunk))
        except BaseException:
            self.close()
            raise

    def evaluate(self, facts: list[dict[str, Any]]) -> list[Match]:
        """Every (fact, rule level) that matches, sorted. Facts are asserted in one call, negated kinds first."""
        if not self.rules:
            return []
        ordered = sorted(facts, key=lambda f: (self.kind_order.get(f["kind"], len(self.kind_order)), f["id"]))
        matches: list[Match] = []
        for ruleset in self._rulesets:
            matches.extend(self._evaluate(ruleset, ordered))
        # An `$or` whose branches both hold reports the same fact twice; one (fact, rule level) is one match.
        return resolve_tolerances(self.rules, sorted(set(matches)), facts)

    def close(self) -> None:
        for ruleset in self._rulesets:
            durable_rules_engine.delete_ruleset(ruleset.handle)
        self._rulesets = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------------
    def _create(self, chunk: list[tuple[Rule, str, str, Condition]]) -> _Ruleset:
        self._compiler.used = set()
        definition: dict[str, Any] = {name: {"all": self._compiler.rule(kind, condition)}
                                      for _rule, name, kind, condition in chunk}
        # Matching the engine's own session fact keeps delete_state safe on sessions that never fired.
        definition[_SESSION_RULE] = {"all": [{"m": {"$s": 1}}]}
        try:
            handle = durable_rules_engine.create_ruleset(f"dhr{next(_names)}", json.dumps(definition))
        except Exception as error:  # noqa: BLE001 - durable-rules raises a bare Exception naming only an error code
            raise RuleError(sorted({Problem(rule.file, 1, 1, f"rule {rule.id}: the rule engine cannot compile the "
                                            f"rules ({error}). Simplify this rule's condition, or split it "
                                            "into several rules.") for rule, *_ in chunk})) from None
        fields: dict[str, set[str]] = {}
        for _rule, _name, kind, condition in chunk:
            fields.setdefault(kind, set()).update(condition.fields())
            for part in conjuncts(condition):
                if isinstance(part, NoRelated):
                    fields.setdefault(part.kind, set()).update(part.their_fields())
        flags: dict[str, list[Flag]] = {}
        for flag in self._compiler.flags.values():
            if flag.name in self._compiler.used:
                flags.setdefault(flag.kind, []).append(flag)
        return _Ruleset(handle, fields, flags)

    def _evaluate(self, ruleset: _Ruleset, facts: list[dict[str, Any]]) -> list[Match]:
        sid = str(next(ruleset.sessions))
        payload = [fact for fact in (ruleset.engine_fact(fact, sid) for fact in facts) if fact is not None]
        matches: list[Match] = []
        if not payload:
            return matches
        try:
            _code, state = durable_rules_engine.assert_facts(ruleset.handle, json.dumps(payload))
            result = durable_rules_engine.start_action_for_state(ruleset.handle, state)
            message = result[1] if result else None
            while message:
                matches.extend(self._read(message))
                message = durable_rules_engine.complete_and_start_action(ruleset.handle, state)
        finally:
            durable_rules_engine.delete_state(ruleset.handle, sid)
        return matches

    def _read(self, message: str) -> list[Match]:
        found = []
        for name, aliases in json.loads(message).items():
            if name == _SESSION_RULE:
                continue
            rule_id, rag = self._levels[name]
            found.append(Match(aliases["a"]["id"], rule_id, rag))
        return found


@dataclass
class _Ruleset:
    """One durable-rules ruleset, the fields its rules look at per kind, and the flags it needs set."""

    handle: Any
    fields: dict[str, set[str]]
    flags: dict[str, list[Flag]]
    sessions: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def engine_fact(self, fact: dict[str, Any], sid: str) -> dict[str, Any] | None:
        wanted = self.fields.get(fact["kind"])
        if wanted is None:
            return None  # no rule here looks at this kind
        slim = {"sid": sid, "id": fact["id"], "kind": fact["kind"]}
        slim.update((name, fact[name]) for name in wanted if name in fact)
        for flag in self.flags.get(fact["kind"], ()):
            if flag.field in fact and flag.test(fact[flag.field]):
                slim[flag.name] = True
        return slim


def _pack(parts: list[tuple[Rule, str, str, Condition]]) -> list[list[tuple[Rule, str, str, Condition]]]:
    """Rule levels in as few rulesets as keep each kind of fact within `MAX_TESTS` and `MAX_AT_ONCE`."""
    chunks: list[tuple[list, dict[str, int], dict[str, int]]] = []
    for part in parts:
        cost = rule_cost(part[2], part[3])
        for chunk, tests, at_once in chunks:   # noqa: B007 - the chunk found is used after the break
            if all(tests.get(kind, 0) + n <= MAX_TESTS for kind, n in cost.tests.items()) and \
                    all(at_once.get(kind, 0) + n <= MAX_AT_ONCE for kind, n in cost.at_once.items()):
                break
        else:
            chunk, tests, at_once = [], {}, {}
            chunks.append((chunk, tests, at_once))
        chunk.append(part)
        for kind, n in cost.tests.items():
            tests[kind] = tests.get(kind, 0) + n
        for kind, n in cost.at_once.items():
            at_once[kind] = at_once.get(kind, 0) + n
    return [chunk for chunk, _tests, _at_once in chunks] or [[]]


def fields_used(rules: Iterable[Rule]) -> dict[str, set[str]]:
    """Per kind, the fields any rule looks at: only these are sent to the engine."""
    used: dict[str, set[str]] = {}
    for rule in rules:
        used.setdefault(rule.applies_to, set()).update(rule.fields)
        if rule.tolerance is not None:
            used.setdefault(rule.tolerance.of, set()).update(rule.tolerance.holds.fields())
        for _rag, condition in rule.levels():
            for part in conjuncts(condition):
                if isinstance(part, NoRelated):
                    used.setdefault(part.kind, set()).update(part.their_fields())
    return used


def _kind_order(rules: list[Rule]) -> dict[str, int]:
    """Kinds that some rule negates go first: a negation is not withdrawn by facts asserted after it."""
    negated: dict[str, set[str]] = {}
    for rule in rules:
        for _rag, condition in rule.levels():
            for part in conjuncts(condition):
                if isinstance(part, NoRelated):
                    if part.kind == rule.applies_to:
                        raise RuleError([Problem(rule.file, 1, 1, f"rule {rule.id}: 'no_related' cannot look "
                                                                  f"for facts of its own kind ({part.kind}).")])
                    negated.setdefault(rule.applies_to, set()).add(part.kind)
    for kind, others in negated.items():
        for other in others:
            if kind in negated.get(other, set()):
                raise RuleError([Problem("(rules)", 1, 1, f"rules on {kind} and on {other} each look for the "
                                                          "other's absence; the engine cannot order them.")])
    first = sorted(set().union(*negated.values())) if negated else []
    return {kind: index for index, kind in enumerate(first)}
