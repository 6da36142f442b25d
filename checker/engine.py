"""Evaluate rules on durable-rules: synchronous, deterministic and complete.

This is the only module that imports durable-rules. It uses the C extension
directly, as measured in durable-rules-notes: one ruleset per run and phase,
one session per plan with all of the plan's facts asserted at once, every
match drained with `complete_and_start_action` before the call returns, and
the session deleted afterwards so memory does not grow with the number of
plans. The stock `Host` API is never used: it loses matches and starts
background threads.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from typing import Any, Iterable

from .engine_types import Match
from .errors import Problem, RuleError
from .rules import (AfterAsOf, All, Any_, BeforeAsOf, Compare, Condition, DaysFromField, Empty, Equals, LessThanDaysBefore,
                    Matches, Missing, NoRelated, NotEquals, NotOneOf, OlderThan, OneOf, Present, Rule,
                    WithinNextDays, condition_fields)
from .tolerance import HOLDS, resolve_tolerances

__all__ = ["Match", "Engine", "glob_to_durable", "fields_used"]


def _import_durable_rules_engine() -> Any:
    """Import durable-rules' C extension, on Python 3.13 too.

    durable-rules 2.0.28's extension refers to `PyEval_CallObject`, which CPython 3.13 removed. Only its
    message-store callbacks call it, and they run only after `set_*_callback`, which this module never
    calls. Python loads extensions with RTLD_NOW, so the one unresolved symbol fails the whole import;
    with RTLD_LAZY it is resolved only if called, which never happens here. The flags are restored at
    once, so no other extension is loaded lazily.
    """
    if sys.version_info < (3, 13):
        import durable_rules_engine
        return durable_rules_engine
    flags = sys.getdlopenflags()
    sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
    try:
        import durable_rules_engine
    finally:
        sys.setdlopenflags(flags)
    return durable_rules_engine


durable_rules_engine = _import_durable_rules_engine()

_SESSION_RULE = "__session__"
_names = itertools.count(1)
_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


class Engine:
    """A compiled ruleset for one as-of date. Call `evaluate` once per plan; `close` when done."""

    def __init__(self, rules: Iterable[Rule], as_of_day: int):
        self.rules = list(rules)
        self.as_of_day = as_of_day
        self._levels: dict[str, tuple[str, str]] = {}
        definition: dict[str, Any] = {}
        for rule in self.rules:
            for index, (rag, condition) in enumerate(rule.levels()):
                name = f"{rule.id}#{index}"
                self._levels[name] = (rule.id, rag)
                definition[name] = {"all": self._compile_rule(rule.applies_to, condition)}
            if rule.tolerance is not None:
                name = f"{rule.id}#{HOLDS}"
                self._levels[name] = (rule.id, HOLDS)
                definition[name] = {"all": self._compile_rule(rule.tolerance.of, rule.tolerance.holds)}
        # Matching the engine's own session fact keeps delete_state safe on sessions that never fired.
        definition[_SESSION_RULE] = {"all": [{"m": {"$s": 1}}]}
        self.kind_order = _kind_order(self.rules)
        self.fields = fields_used(self.rules)
        self._handle = durable_rules_engine.create_ruleset(f"dhr{next(_names)}", json.dumps(definition))
        self._sessions = itertools.count(1)

    def evaluate(self, facts: list[dict[str, Any]]) -> list[Match]:
        """Every (fact, rule level) that matches, sorted. Facts are asserted in one call, negated kinds first."""
        if not self.rules:
            return []
        sid = str(next(self._sessions))
        payload = [self._engine_fact(fact, sid) for fact in
                   sorted(facts, key=lambda f: (self.kind_order.get(f["kind"], len(self.kind_order)), f["id"]))]
        payload = [fact for fact in payload if fact is not None]
        matches: list[Match] = []
        if not payload:
            return matches
        try:
            _code, state = durable_rules_engine.assert_facts(self._handle, json.dumps(payload))
            result = durable_rules_engine.start_action_for_state(self._handle, state)
            message = result[1] if result else None
            while message:
                matches.extend(self._read(message))
                message = durable_rules_engine.complete_and_start_action(self._handle, state)
        finally:
            durable_rules_engine.delete_state(self._handle, sid)
        # An `$or` whose branches both hold reports the same fact twice; one (fact, rule level) is one match.
        return resolve_tolerances(self.rules, sorted(set(matches)), facts)

    def close(self) -> None:
        if self._handle is not None:
            durable_rules_engine.delete_ruleset(self._handle)
            self._handle = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------------
    def _engine_fact(self, fact: dict[str, Any], sid: str) -> dict[str, Any] | None:
        wanted = self.fields.get(fact["kind"])
        if wanted is None:
            return None  # no rule looks at this kind
        slim = {"sid": sid, "id": fact["id"], "kind": fact["kind"]}
        slim.update((name, fact[name]) for name in wanted if name in fact)
        return slim

    def _read(self, message: str) -> list[Match]:
        found = []
        for name, aliases in json.loads(message).items():
            if name == _SESSION_RULE:
                continue
            rule_id, rag = self._levels[name]
            found.append(Match(aliases["a"]["id"], rule_id, rag))
        return found

    def _compile_rule(self, kind: str, condition: Condition) -> list[dict[str, Any]]:
        parts = list(condition.items) if isinstance(condition, All) else [condition]
        tests = [{"kind": kind}] + [self._expr(p) for p in parts if not isinstance(p, NoRelated)]
        entries: list[dict[str, Any]] = [{"a": {"$and": tests}}]
        for index, part in enumerate(p for p in parts if isinstance(p, NoRelated)):
            related = [{"kind": part.kind}] + [{theirs: {"a": ours}} for theirs, ours in part.where]
            entries.append({f"n{index}$not": {"$and": related}})
        return entries

    def _expr(self, c: Condition) -> dict[str, Any]:
        day = self.as_of_day
        if isinstance(c, All):
            return _and([self._expr(item) for item in c.items])
        if isinstance(c, Any_):
            return {"$or": [self._expr(item) for item in c.items]} if len(c.items) > 1 else self._expr(c.items[0])
        if isinstance(c, Missing):
            return {"$nex": {c.field: 1}}
        if isinstance(c, Present):
            return {"$ex": {c.field: 1}}
        if isinstance(c, Empty):
            return {c.field: 0}
        if isinstance(c, Equals):
            return {c.field: c.value}
        if isinstance(c, NotEquals):
            return {"$or": [{"$nex": {c.field: 1}}, {"$neq": {c.field: c.value}}]}
        if isinstance(c, OneOf):
            return {"$or": [{c.field: v} for v in c.values]} if len(c.values) > 1 else {c.field: c.values[0]}
        if isinstance(c, NotOneOf):
            return {"$or": [{"$nex": {c.field: 1}}, _and([{"$neq": {c.field: v}} for v in c.values])]}
        if isinstance(c, Compare):
            if c.other_field is not None:
                return _and([_ex(c.field), _ex(c.other_field), _cmp(c.op, c.field, {"$m": c.other_field})])
            return _and([_ex(c.field), _cmp(c.op, c.field, c.value)])
        if isinstance(c, BeforeAsOf):
            return _and([_ex(c.field), {"$lt": {c.field: day}}])
        if isinstance(c, AfterAsOf):
            return _and([_ex(c.field), {"$gt": {c.field: day}}])
        if isinstance(c, OlderThan):
            if isinstance(c.days, DaysFromField):
                source = c.days.field
                return {"$or": [
                    _and([_ex(c.field), _ex(source),
                          {"$lt": {c.field: {"$sub": {"$l": day, "$r": {"$m": source}}}}}]),
                    _and([_ex(c.field), {"$nex": {source: 1}}, {"$lt": {c.field: day - c.days.default}}]),
                ]}
            return _and([_ex(c.field), {"$lt": {c.field: day - c.days}}])
        if isinstance(c, WithinNextDays):
            return _and([_ex(c.field), {"$gte": {c.field: day}}, {"$lte": {c.field: day + c.days}}])
        if isinstance(c, LessThanDaysBefore):
            return _and([_ex(c.field), _ex(c.other_field),
                         {"$gt": {c.field: {"$sub": {"$l": {"$m": c.other_field}, "$r": c.days}}}}])
        if isinstance(c, Matches):
            return _and([_ex(c.field), {"$imt" if c.ignore_case else "$mt": {c.field: glob_to_durable(c.pattern)}}])
        raise RuleError([Problem("(engine)", 1, 1, f"'{type(c).__name__}' may only stand at the top of a rule.")])


def _ex(field: str) -> dict[str, Any]:
    return {"$ex": {field: 1}}


def _and(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$and": items}


def _cmp(op: str, field: str, right: Any) -> dict[str, Any]:
    return {field: right} if op == "==" else {_OPS[op]: {field: right}}


def glob_to_durable(pattern: str) -> str:
    """A `*`/`?` pattern in durable-rules' own regex dialect (a dot is escaped as `%.`)."""
    out = []
    for ch in pattern:
        out.append({"*": ".*", "?": ".", ".": "%."}.get(ch, ch))
    return "".join(out)


def fields_used(rules: Iterable[Rule]) -> dict[str, set[str]]:
    """Per kind, the fields any rule looks at: only these are sent to the engine."""
    used: dict[str, set[str]] = {}
    for rule in rules:
        used.setdefault(rule.applies_to, set()).update(rule.fields)
        if rule.tolerance is not None:
            used.setdefault(rule.tolerance.of, set()).update(condition_fields(rule.tolerance.holds))
        for _rag, condition in rule.levels():
            for part in _top_parts(condition):
                if isinstance(part, NoRelated):
                    used.setdefault(part.kind, set()).update(theirs for theirs, _ours in part.where)
    return used


def _top_parts(condition: Condition) -> list[Condition]:
    return list(condition.items) if isinstance(condition, All) else [condition]


def _kind_order(rules: list[Rule]) -> dict[str, int]:
    """Kinds that some rule negates go first: a negation is not withdrawn by facts asserted after it."""
    negated: dict[str, set[str]] = {}
    for rule in rules:
        for _rag, condition in rule.levels():
            for part in _top_parts(condition):
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
