"""A field's value against values the rule names: `equals`, `not_equals`, `one_of`, `not_one_of`.

The negative forms also hold when the field has no value, so that a record that does not say is not
taken to be fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..field_words import BOOLS, either, field_name, value_words
from .base import MAX_ONE_OF, Compilation, ConditionParser, Expression, Fact, OnField, YamlPath, all_of

__all__ = ["Equals", "NotEquals", "NotOneOf", "OneOf"]


@dataclass(frozen=True)
class Equals(OnField):
    """`equals: {field: value}`: the field has this value."""

    key = "equals"
    value: int | str | bool

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Equals:
        name, value = parser.pair(arg, path)
        return cls(name, parser.scalar_for(name, value, path))

    def compile(self, out: Compilation) -> Expression:
        return {self.field: self.value}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and fact.get(self.field) == self.value

    def sentence(self, kind: str) -> str:
        if self.field in BOOLS and isinstance(self.value, bool):
            return BOOLS[self.field][0 if self.value else 1]
        return f"{field_name(self.field)} is {value_words(kind, self.field, self.value)}"


@dataclass(frozen=True)
class NotEquals(OnField):
    """`not_equals: {field: value}`: the field is missing or has another value."""

    key = "not_equals"
    value: int | str | bool

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> NotEquals:
        name, value = parser.pair(arg, path)
        return cls(name, parser.scalar_for(name, value, path))

    def compile(self, out: Compilation) -> Expression:
        return {"$or": [{"$nex": {self.field: 1}}, {"$neq": {self.field: self.value}}]}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field not in fact or fact.get(self.field) != self.value

    def sentence(self, kind: str) -> str:
        if self.field in BOOLS and isinstance(self.value, bool):
            return f"it is not recorded that {BOOLS[self.field][0 if self.value else 1]}"
        return f"{field_name(self.field)} is not {value_words(kind, self.field, self.value)} (or is not recorded)"


def _values(arg: Any, path: YamlPath, parser: ConditionParser) -> tuple[str, tuple[int | str, ...]]:
    """`{field: [v, ...]}` (or a parameter holding the list): the field and its distinct values, in order."""
    name, values = parser.pair(arg, path)
    values = parser.resolve(values, path)
    if not isinstance(values, list) or not values or len(values) > MAX_ONE_OF:
        raise parser.fail(path, f"give a list of 1 to {MAX_ONE_OF} values (or a parameter holding one).")
    return name, tuple(sorted({parser.scalar_for(name, v, path) for v in values}, key=repr))


@dataclass(frozen=True)
class OneOf(OnField):
    """`one_of: {field: [v, ...]}`: the field has one of these values."""

    key = "one_of"
    values: tuple[int | str, ...]

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> OneOf:
        return cls(*_values(arg, path, parser))

    def compile(self, out: Compilation) -> Expression:
        if len(self.values) == 1:
            return {self.field: self.values[0]}
        return {"$or": [{self.field: v} for v in self.values]}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and fact.get(self.field) in self.values

    def sentence(self, kind: str) -> str:
        return f"{field_name(self.field)} is {either([value_words(kind, self.field, v) for v in self.values], 'or')}"


@dataclass(frozen=True)
class NotOneOf(OnField):
    """`not_one_of: {field: [v, ...]}`: the field is missing or has none of these values."""

    key = "not_one_of"
    values: tuple[int | str, ...]

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> NotOneOf:
        return cls(*_values(arg, path, parser))

    def compile(self, out: Compilation) -> Expression:
        return {"$or": [{"$nex": {self.field: 1}}, all_of([{"$neq": {self.field: v}} for v in self.values])]}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field not in fact or fact.get(self.field) not in self.values

    def sentence(self, kind: str) -> str:
        values = [value_words(kind, self.field, v) for v in self.values]
        words = f"neither {values[0]} nor {values[1]}" if len(values) == 2 else "none of " + ", ".join(values)
        return f"{field_name(self.field)} is {words} (or is not recorded)"
