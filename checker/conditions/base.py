"""What every condition operator provides, and the registry that finds an operator by its YAML key.

An operator is one class (a frozen dataclass) holding, together: how it is read from a rule file
(`parse`), its durable-rules expression (`compile`), what it means in plain Python (`holds`, which the
reference evaluator applies and the tests compare with the engine), the fields of the subject it looks
at (`fields`) and how it reads in English (`sentence`, or `lines` for a combination). Defining a class
with a `key` registers it: the parser, the engine, the reference evaluator and `rules show` find it
through the registry, never by a list of their own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:  # pragma: no cover - typing only; the parser calls the operators, not the other way round
    from .parser import ConditionParser

__all__ = ["Compilation", "Condition", "Expression", "Fact", "Leaf", "YamlPath", "all_of", "exists", "operators"]

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


def operators() -> dict[str, type[Condition]]:
    """Every registered operator by its YAML key, in alphabetical order."""
    return dict(sorted(_REGISTRY.items()))


def exists(field: str) -> Expression:
    """The durable-rules test that the fact has `field`."""
    return {"$ex": {field: 1}}


def all_of(items: list[Expression]) -> Expression:
    """durable-rules' `$and` of the expressions (one expression stands alone: an `$and` costs two slots)."""
    return items[0] if len(items) == 1 else {"$and": items}
