"""Reading a condition from a rule file: the checks every operator's `parse` shares.

The parser finds each operator by its YAML key in the registry and hands it the argument; the operator
uses the helpers here to check field names and types, resolve parameters and word its problems, so every
rule-file mistake is reported the same way, at its line and column, naming the rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from ..errors import Problem, RuleError
from ..facts import FIELDS, RATING_FIELDS
from ..load import Document
from .base import Condition, YamlPath, operators

__all__ = ["MAX_ONE_OF", "ConditionParser"]

MAX_ONE_OF = 50
"""Values in one `one_of` (or patterns in one `matches`); the engine hangs with hundreds of equality
constants on one field."""


class ConditionParser:
    """Parses the YAML form of a rule's conditions into the condition tree, checking every name, and notes
    the subject's fields and the rule's parameters they use."""

    def __init__(self, document: Document, rule_id: str, kind: str, phase: str, values: dict[str, Any]):
        self.document = document
        self.rule_id = rule_id
        self.kind = kind
        self.phase = phase
        self.values = values
        self.fields_used: set[str] = set()
        self.parameters_used: set[str] = set()

    def fail(self, path: YamlPath, message: str) -> RuleError:
        """The error to raise for a mistake at `path`, naming the rule."""
        line, column = self.document.position(path)
        return RuleError([Problem(self.document.file, line, column, f"rule {self.rule_id}: {message}")])

    def parse(self, node: Any, path: YamlPath, top: bool = False) -> Condition:
        """The condition written at `path`: a mapping with one key, the operator."""
        if not isinstance(node, dict) or len(node) != 1:
            raise self.fail(path, "each condition is a mapping with exactly one key, such as "
                                  "'missing: lead_agency' or 'all: [...]'.")
        (op, arg), = node.items()
        operator = operators().get(op)
        if operator is None:
            raise self.fail(path, f"unknown condition '{op}'. Use one of: {', '.join(operators())}.")
        path = path + (op,)
        if operator.top_only and not top:
            raise self.fail(path, f"'{op}' may only stand at the top of 'when' or directly in its 'all'.")
        return operator.parse_at_top(arg, path, self) if top else operator.parse(arg, path, self)

    def conditions(self, arg: Any, path: YamlPath, top: bool = False) -> tuple[Condition, ...]:
        """A non-empty list of conditions, each parsed."""
        if not isinstance(arg, list) or not arg:
            raise self.fail(path, "give a non-empty list of conditions.")
        return tuple(self.parse(item, path + (i,), top=top) for i, item in enumerate(arg))

    def field(self, name: Any, path: YamlPath, types: tuple[str, ...] | None = None, kind: str | None = None) -> str:
        """`name`, checked to be a field of `kind` (the rule's own by default) of one of `types`."""
        kind = kind or self.kind
        fields = FIELDS[kind]
        if not isinstance(name, str) or name not in fields:
            raise self.fail(path, f"'{name}' is not a field of {kind}. Fields: {', '.join(fields)}.")
        if name in RATING_FIELDS and self.phase != "after_rating":
            raise self.fail(path, f"'{name}' is only known after rating; add 'phase: after_rating'.")
        if types and fields[name] not in types:
            raise self.fail(path, f"'{name}' is a {fields[name]} field; this condition needs "
                                  f"{' or '.join(types)}.")
        if kind == self.kind:
            self.fields_used.add(name)
        return name

    def field_type(self, name: str) -> str:
        """The type of one of the subject's fields: text, number, date, bool or count."""
        return FIELDS[self.kind][name]

    def resolve(self, value: Any, path: YamlPath) -> Any:
        """A literal, or the value of the parameter it names (written as a plain name in `days:`)."""
        if isinstance(value, str) and value in self.values:
            self.parameters_used.add(value)
            return self.values[value]
        return value

    def days(self, value: Any, path: YamlPath) -> int:
        """A number of days, written or from a parameter."""
        value = self.resolve(value, path)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 36600:
            raise self.fail(path, f"days must be a whole number from 0 to 36600 or a parameter name, "
                                  f"not {value!r}.")
        return value

    def scalar_for(self, name: str, value: Any, path: YamlPath) -> int | str | bool:
        """A value to compare field `name` with, of the field's type (a date as its day number)."""
        value = self.resolve(value, path)
        ftype = FIELDS[self.kind][name]
        if ftype == "date":
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return value.toordinal()
            raise self.fail(path, f"'{name}' is a date; compare it with a date written YYYY-MM-DD.")
        expected = {"text": str, "bool": bool}.get(ftype, int)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise self.fail(path, f"'{name}' is a {ftype} field; {value!r} is not a {ftype}.")
        if isinstance(value, str) and not value.strip():
            raise self.fail(path, "compare with a non-empty text.")
        return cast(int | str | bool, value)

    def pair(self, arg: Any, path: YamlPath) -> tuple[str, Any]:
        """`{field: value}`: the field, checked, and the value as written."""
        if not isinstance(arg, dict) or len(arg) != 1:
            raise self.fail(path, "write this as {field: value}, one field.")
        (name, value), = arg.items()
        return self.field(name, path), value

    def keys(self, arg: Any, path: YamlPath, keys: set[str]) -> None:
        """Check that `arg` is a mapping with exactly `keys`."""
        if not isinstance(arg, dict) or set(arg) != keys:
            raise self.fail(path, f"this condition takes exactly the keys: {', '.join(sorted(keys))}.")
