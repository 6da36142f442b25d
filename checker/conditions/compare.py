"""`compare`: a number, count or date field against a value or another field of the same record."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..facts import FIELDS
from ..field_words import field_name, value_words
from .base import Compilation, ConditionParser, Expression, Fact, Leaf, YamlPath, all_of, exists

__all__ = ["Compare"]

_COMPARABLE = ("number", "date", "count")
_PYTHON: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}
_OPS = tuple(_PYTHON)            # a tuple, not the dict: a mistaken op may be a list, which cannot be looked up
_DURABLE = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}     # '==' is a plain {field: value}
_WORDS = {"<": "less than", "<=": "at most", ">": "more than", ">=": "at least", "==": "equal to",
          "!=": "not equal to"}
_DATE_WORDS = {"<": "earlier than", "<=": "on or before", ">": "later than", ">=": "on or after",
               "==": "the same day as", "!=": "not the same day as"}
_RANK_WORDS = {"<": "is better than", "<=": "is no worse than", ">": "is worse than", ">=": "is no better than",
               "==": "is the same as", "!=": "differs from"}


@dataclass(frozen=True)
class Compare(Leaf):
    """`compare: {field: f, op: "<", value: v}`, or `other_field: g` instead of `value`: both present and
    `f op v` (op one of < <= > >= == !=; a date with a date written YYYY-MM-DD or another date field)."""

    key = "compare"
    field: str
    op: str                       # one of < <= > >= == !=
    value: int | None = None      # dates are day numbers
    other_field: str | None = None

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Compare:
        if not isinstance(arg, dict) or set(arg) - {"field", "op", "value", "other_field"} \
                or "field" not in arg or "op" not in arg or (("value" in arg) == ("other_field" in arg)):
            raise parser.fail(path, "write compare as {field: f, op: '<', value: v} or with other_field: g.")
        name = parser.field(arg["field"], path + ("field",), _COMPARABLE)
        if arg["op"] not in _OPS:
            raise parser.fail(path + ("op",), "op must be one of < <= > >= == !=.")
        if "other_field" in arg:
            other = parser.field(arg["other_field"], path + ("other_field",), _COMPARABLE)
            if (parser.field_type(name) == "date") != (parser.field_type(other) == "date"):
                raise parser.fail(path, "compare a date only with another date.")
            return cls(name, arg["op"], other_field=other)
        value = parser.resolve(arg["value"], path + ("value",))
        if parser.field_type(name) == "date":
            value = parser.scalar_for(name, value, path + ("value",))
        elif not isinstance(value, int) or isinstance(value, bool):
            raise parser.fail(path + ("value",), f"compare '{name}' with a whole number, not {value!r}.")
        return cls(name, arg["op"], value=value)

    def compile(self, out: Compilation) -> Expression:
        if self.other_field is not None:
            return all_of([exists(self.field), exists(self.other_field), self._test({"$m": self.other_field})])
        return all_of([exists(self.field), self._test(self.value)])

    def _test(self, right: Any) -> Expression:
        return {self.field: right} if self.op == "==" else {_DURABLE[self.op]: {self.field: right}}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        right = fact.get(self.other_field) if self.other_field else self.value
        return self.field in fact and right is not None and _PYTHON[self.op](fact.get(self.field), right)

    def fields(self) -> set[str]:
        return {self.field} | ({self.other_field} if self.other_field else set())

    def sentence(self, kind: str) -> str:
        if self.field.endswith("_rag_rank") and (self.other_field or "").endswith("_rag_rank"):
            return f"{field_name(self.field)} {_RANK_WORDS[self.op]} {field_name(self.other_field or '')}"
        words = (_DATE_WORDS if FIELDS[kind].get(self.field) == "date" else _WORDS)[self.op]
        right = field_name(self.other_field) if self.other_field else value_words(kind, self.field, self.value)
        return f"{field_name(self.field)} is {words} {right}"
