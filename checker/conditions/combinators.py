"""The combinations: `all` (every condition holds) and `any` (at least one holds), and a rule's conjuncts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from .base import Compilation, Condition, ConditionParser, Expression, Fact, YamlPath, all_of

__all__ = ["All", "Any_", "conjuncts"]


class _Combination(Condition):
    items: tuple[Condition, ...]
    heading: ClassVar[str]

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def lines(self, kind: str, depth: int) -> list[str]:
        if len(self.items) == 1:
            return self.items[0].lines(kind, depth)
        return ["  " * depth + "- " + self.heading] + self._item_lines(kind, depth + 1)

    def _item_lines(self, kind: str, depth: int) -> list[str]:
        return [line for item in self.items for line in item.lines(kind, depth)]


@dataclass(frozen=True)
class All(_Combination):
    """`all: [cond, ...]`: every condition holds."""

    key = "all"
    heading = "all of these hold:"
    items: tuple[Condition, ...]

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> All:
        return cls(parser.conditions(arg, path))

    @classmethod
    def parse_at_top(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> All:
        return cls(parser.conditions(arg, path, top=True))     # the rule's conjuncts: joins may stand here

    def compile(self, out: Compilation) -> Expression:
        return all_of([item.compile(out) for item in self.items])

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return all(item.holds(fact, facts, as_of_day) for item in self.items)

    def lines(self, kind: str, depth: int) -> list[str]:
        if depth == 1 and len(self.items) > 1:      # a rule's own 'all' reads as its list of conditions
            return self._item_lines(kind, depth)
        return super().lines(kind, depth)


@dataclass(frozen=True)
class Any_(_Combination):
    """`any: [cond, ...]`: at least one condition holds."""

    key = "any"
    heading = "any of these holds:"
    items: tuple[Condition, ...]

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Any_:
        return cls(parser.conditions(arg, path))

    def compile(self, out: Compilation) -> Expression:
        return {"$or": [item.compile(out) for item in self.items]} if len(self.items) > 1 \
            else self.items[0].compile(out)

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return any(item.holds(fact, facts, as_of_day) for item in self.items)


def conjuncts(condition: Condition) -> tuple[Condition, ...]:
    """The conditions a rule's condition joins with its top `all` (itself alone if it is not an `all`)."""
    return condition.items if isinstance(condition, All) else (condition,)
