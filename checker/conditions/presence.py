"""Whether a field has a value: `missing`, `present`, and `empty` for a list (read as its count)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..field_words import COUNTS, field_name
from .base import Compilation, ConditionParser, Expression, Fact, OnField, YamlPath

__all__ = ["Empty", "Missing", "Present"]

VALUE_TYPES = ("text", "number", "date", "bool")
"""Fields that hold a value (a list is a count, never missing: see `empty`)."""

_SAID_AS_NONE = {"lead_agency": "lead agency", "outcome": "outcome", "response_reason": "reason for the response",
                 "response_board_decision": "board decision on the response"}
"""Fields whose absence reads better as 'no lead agency is recorded' than 'the lead agency is not recorded'."""


@dataclass(frozen=True)
class Missing(OnField):
    """`missing: field`: the field has no value."""

    key = "missing"

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Missing:
        return cls(parser.field(arg, path, VALUE_TYPES))

    def compile(self, out: Compilation) -> Expression:
        return {"$nex": {self.field: 1}}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field not in fact

    def sentence(self, kind: str) -> str:
        if self.field in _SAID_AS_NONE:
            return f"no {_SAID_AS_NONE[self.field]} is recorded"
        return f"{field_name(self.field)} is not recorded"


@dataclass(frozen=True)
class Present(OnField):
    """`present: field`: the field has a value."""

    key = "present"

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Present:
        return cls(parser.field(arg, path, VALUE_TYPES))

    def compile(self, out: Compilation) -> Expression:
        return {"$ex": {self.field: 1}}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact

    def sentence(self, kind: str) -> str:
        return f"{field_name(self.field)} is recorded"


@dataclass(frozen=True)
class Empty(OnField):
    """`empty: field`: a list field (evidence, updates, ...) has no items."""

    key = "empty"

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Empty:
        return cls(parser.field(arg, path, ("count",)))

    def compile(self, out: Compilation) -> Expression:
        return {self.field: 0}         # durable-rules tests no list: a list is sent as its count

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return fact.get(self.field) == 0

    def sentence(self, kind: str) -> str:
        noun, verb = COUNTS.get(self.field, (self.field.replace("_", " "), "are"))
        return f"no {noun} {verb} listed"
