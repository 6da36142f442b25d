"""What every condition operator provides, and the registry that finds an operator by its YAML key.

An operator is one class (a frozen dataclass) holding, together: how it is read from a rule file
(`parse`), its durable-rules expression (`compile`), what it means in plain Python (`holds`, which the
reference evaluator applies and the tests compare with the engine), the fields of the subject it looks
at (`fields`) and how it reads in English (`sentence`, or `lines` for a combination). Defining a class
with a `key` registers it: the parser, the engine, the reference evaluator and `rules show` find it
through the registry, never by a list of their own.

`ConditionParser` reads a condition from a rule file: it finds each operator by its YAML key in the
registry and hands it the argument; the operator uses the parser's helpers to check field names and
types, resolve parameters and word its problems, so every rule-file mistake is reported the same way, at
its line and column, naming the rule. (It lives here, not in a module of its own, because the operators'
`parse` and the parser refer to each other.)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, cast

from ..errors import Problem, RuleError
from ..facts import FIELDS, RATING_FIELDS
from ..load import Document

__all__ = ["MAX_ONE_OF", "Compilation", "Condition", "ConditionParser", "Expression", "Fact", "Leaf", "OnField",
           "YamlPath", "all_of", "exists", "operators"]

Fact = dict[str, Any]
"""One flat fact: `kind`, `id` and the record's fields (dates as day numbers)."""
Expression = dict[str, Any]
"""A durable-rules expression, e.g. `{"$lt": {"target_date": 739000}}` (see durable-rules-notes)."""
YamlPath = tuple[Any, ...]
"""Keys and list indexes from the rule file's top to a node, for the line and column of a problem."""

_REGISTRY: dict[str, type[Condition]] = {}


class Compilation(Protocol):
    """What the engine offers a condition compiling itself."""

    as_of_day: int

    def flag(self, condition: Condition, field: str, test: Callable[[Any], bool]) -> str:
        """The name of a flag the engine sets to true on a fact when `test(fact[field])` holds, worked out in
        Python before the fact is asserted: for tests durable-rules cannot make correctly itself."""
        ...  # pragma: no cover


class Condition(ABC):
    """A parsed condition: a test on one record, or a combination of conditions."""

    key: ClassVar[str]
    """The operator's YAML key (`missing`, `all`); a class that sets it is registered."""
    top_only: ClassVar[bool] = False
    """Whether it may only stand at the top of `when` or directly in its `all` (a join to other records)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        key = cls.__dict__.get("key")
        if key is None:
            return
        known = _REGISTRY.get(key)
        if known is not None and (known.__module__, known.__qualname__) != (cls.__module__, cls.__qualname__):
            raise TypeError(f"two condition operators use the key '{key}': {known.__qualname__} and "
                            f"{cls.__qualname__}")
        _REGISTRY[key] = cls

    @classmethod
    @abstractmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Condition:
        """The condition written `{key: arg}` at `path`; raises `RuleError` (through `parser.fail`)."""

    @classmethod
    def parse_at_top(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Condition:
        """As `parse`, for a condition standing at the top of `when` (only `all` passes the top on)."""
        return cls.parse(arg, path, parser)

    @abstractmethod
    def compile(self, out: Compilation) -> Expression:
        """The durable-rules expression that holds for a fact exactly when `holds` does."""

    @abstractmethod
    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        """Whether the condition holds for `fact`, among the plan's `facts`: the documented meaning."""

    @abstractmethod
    def fields(self) -> set[str]:
        """The subject's own fields the condition looks at (not those of related records)."""

    @abstractmethod
    def lines(self, kind: str, depth: int) -> list[str]:
        """The condition in plain English as indented bullet lines, for a subject of `kind`."""


class Leaf(Condition):
    """A condition with no conditions inside it: it reads as one sentence."""

    @abstractmethod
    def sentence(self, kind: str) -> str:
        """What the condition checks, as a clause: 'the target date is not recorded'."""

    def lines(self, kind: str, depth: int) -> list[str]:
        return ["  " * depth + "- " + self.sentence(kind)]


@dataclass(frozen=True)
class OnField(Leaf):
    """A leaf about one field of the subject (most operators): its `field` is the one field it looks at."""

    field: str

    def fields(self) -> set[str]:
        return {self.field}


def operators() -> dict[str, type[Condition]]:
    """Every registered operator by its YAML key, in alphabetical order."""
    return dict(sorted(_REGISTRY.items()))


def exists(field: str) -> Expression:
    """The durable-rules test that the fact has `field`."""
    return {"$ex": {field: 1}}


def all_of(items: list[Expression]) -> Expression:
    """durable-rules' `$and` of the expressions (one expression stands alone: an `$and` costs two slots)."""
    return items[0] if len(items) == 1 else {"$and": items}


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
