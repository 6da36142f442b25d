"""Dates against the as-of date or each other: `before_as_of`, `after_as_of`, `older_than`,
`within_next_days` and `less_than_days_before`. Dates are day numbers (ordinals) in facts and in the
engine; a missing date never makes these hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..field_words import bare_name, field_name
from .base import Compilation, ConditionParser, Expression, Fact, Leaf, OnField, YamlPath, all_of, exists

__all__ = ["AfterAsOf", "BeforeAsOf", "DaysFromField", "LessThanDaysBefore", "OlderThan", "WithinNextDays"]


@dataclass(frozen=True)
class BeforeAsOf(OnField):
    """`before_as_of: field`: the date is before the as-of date."""

    key = "before_as_of"

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> BeforeAsOf:
        return cls(parser.field(arg, path, ("date",)))

    def compile(self, out: Compilation) -> Expression:
        return all_of([exists(self.field), {"$lt": {self.field: out.as_of_day}}])

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and fact[self.field] < as_of_day

    def sentence(self, kind: str) -> str:
        return f"{field_name(self.field)} is before the as-of date"


@dataclass(frozen=True)
class AfterAsOf(OnField):
    """`after_as_of: field`: the date is after the as-of date (a date not yet reached: a data error)."""

    key = "after_as_of"

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> AfterAsOf:
        return cls(parser.field(arg, path, ("date",)))

    def compile(self, out: Compilation) -> Expression:
        return all_of([exists(self.field), {"$gt": {self.field: out.as_of_day}}])

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and fact[self.field] > as_of_day

    def sentence(self, kind: str) -> str:
        return f"{field_name(self.field)} is after the as-of date"


@dataclass(frozen=True)
class DaysFromField:
    """A number of days taken from a field of the fact, or `default` when the field is missing."""

    field: str
    default: int


@dataclass(frozen=True)
class OlderThan(Leaf):
    """`older_than: {field: f, days: N}`: the date is more than N days before the as-of date; `days` may be
    `{field: g, default: N}`, the record's own number of days (N when it has none)."""

    key = "older_than"
    field: str
    days: int | DaysFromField

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> OlderThan:
        parser.keys(arg, path, {"field", "days"})
        name = parser.field(arg["field"], path + ("field",), ("date",))
        days = arg["days"]
        if isinstance(days, dict):
            parser.keys(days, path + ("days",), {"field", "default"})
            source = parser.field(days["field"], path + ("days", "field"), ("number",))
            return cls(name, DaysFromField(source, parser.days(days["default"], path + ("days",))))
        return cls(name, parser.days(days, path + ("days",)))

    def compile(self, out: Compilation) -> Expression:
        day = out.as_of_day
        if isinstance(self.days, DaysFromField):
            source = self.days.field
            return {"$or": [
                all_of([exists(self.field), exists(source),
                        {"$lt": {self.field: {"$sub": {"$l": day, "$r": {"$m": source}}}}}]),
                all_of([exists(self.field), {"$nex": {source: 1}}, {"$lt": {self.field: day - self.days.default}}]),
            ]}
        return all_of([exists(self.field), {"$lt": {self.field: day - self.days}}])

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        if self.field not in fact:
            return False
        days = self.days
        if isinstance(days, DaysFromField):
            days = fact.get(days.field, days.default)
        return bool(fact[self.field] < as_of_day - days)

    def fields(self) -> set[str]:
        return {self.field} | ({self.days.field} if isinstance(self.days, DaysFromField) else set())

    def sentence(self, kind: str) -> str:
        if isinstance(self.days, DaysFromField):
            return (f"{field_name(self.field)} is longer before the as-of date than the record's "
                    f"{bare_name(self.days.field)} in days ({self.days.default} days when none is recorded)")
        return f"{field_name(self.field)} is more than {self.days} days before the as-of date"


@dataclass(frozen=True)
class WithinNextDays(OnField):
    """`within_next_days: {field: f, days: N}`: the date is on or after the as-of date, at most N days on."""

    key = "within_next_days"
    days: int

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> WithinNextDays:
        parser.keys(arg, path, {"field", "days"})
        return cls(parser.field(arg["field"], path + ("field",), ("date",)), parser.days(arg["days"], path + ("days",)))

    def compile(self, out: Compilation) -> Expression:
        day = out.as_of_day
        return all_of([exists(self.field), {"$gte": {self.field: day}}, {"$lte": {self.field: day + self.days}}])

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and as_of_day <= fact[self.field] <= as_of_day + self.days

    def sentence(self, kind: str) -> str:
        return f"{field_name(self.field)} is on the as-of date or within {self.days} days after it"


@dataclass(frozen=True)
class LessThanDaysBefore(Leaf):
    """`less_than_days_before: {field: f, other_field: g, days: N}`: both dates present and f later than N
    days before g (so also when f is after g)."""

    key = "less_than_days_before"
    field: str
    other_field: str
    days: int

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> LessThanDaysBefore:
        parser.keys(arg, path, {"field", "other_field", "days"})
        return cls(parser.field(arg["field"], path + ("field",), ("date",)),
                   parser.field(arg["other_field"], path + ("other_field",), ("date",)),
                   parser.days(arg["days"], path + ("days",)))

    def compile(self, out: Compilation) -> Expression:
        return all_of([exists(self.field), exists(self.other_field),
                       {"$gt": {self.field: {"$sub": {"$l": {"$m": self.other_field}, "$r": self.days}}}}])

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and self.other_field in fact \
            and fact[self.field] > fact[self.other_field] - self.days

    def fields(self) -> set[str]:
        return {self.field, self.other_field}

    def sentence(self, kind: str) -> str:
        return (f"{field_name(self.field)} is fewer than {self.days} days before {field_name(self.other_field)} "
                "(or after it)")
